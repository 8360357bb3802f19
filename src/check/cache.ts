/**
 * The result cache: a checker call's result is reused when nothing it depends on has changed.
 *
 * Key (sha256 of a canonical JSON document): the cache format; the checker's id, kind and mode;
 * iacgen itself (version, a fingerprint of its code, the Node version); the tool (executable
 * path and its file's identity; for a script, its interpreter's and package folders' too); the
 * effective arguments (files relative to the working directory, `{dir}`, `{options}`) and
 * environment; whether the call runs in the sandbox (`sandbox.ts`); the working directory relative to the repository root; the checker's salt (the
 * policy checker's inventory and rules); and the digest of every input: the checked files, the
 * files they pull in and the config files that apply (see `cache/deps.ts`), present or absent,
 * plus the environment variables that matter.
 *
 * The checker's version (what its version command prints, read once per run, or once per
 * install for a Python tool, `cache/tool.ts`; a built-in's version) is stored in the entry and
 * must equal the current one for a hit. A cold run never waits for version commands: a unit
 * without an entry runs at once, and the versions are read once the checks are queued.
 *
 * Units: a call in `file` and `project` mode; in `files` mode, as the dependency table says
 * (`unit`): each file (its verdict depends on it alone), or each group of files linked by what
 * they pull in (ansible-lint: a playbook with the checked roles and tasks files it uses), so one
 * edited file re-runs alone, or with what it is linked to. Misses are packed into calls of whole
 * units, so every call's results can be stored unit by unit.
 *
 * Entries and where they live: `cache/store.ts`; a corrupt, foreign or other-format entry is a
 * miss and is rewritten. A failed or timed-out call is never stored, and an entry is stored only when its
 * inputs still hash the same after the call (a file edited while its checker ran is not cached).
 * Nothing here ever fails a run: an unreadable or unwritable cache only misses.
 */
import path from 'node:path';
import { expandArgs, type CallResult } from './call.js';
import { collectInputs, DEPENDENCIES, type CacheUnitKind } from './cache/deps.js';
import { Digests, Inputs, sha256 } from './cache/digest.js';
import { cacheDirectory, CACHE_FORMAT, EntryStore, type Entry } from './cache/store.js';
import { buildFingerprint, executableIdentity, lazyTool, versionText, type Tool } from './cache/tool.js';
import { versionIn, type ResolvedInvocation } from './probe.js';
import { sandboxOf } from './sandbox.js';
import type { Checker, CheckTarget, CommandChecker, ParsedDiagnostic } from './types.js';
import { VERSION } from '../version.js';

export { CACHE_FORMAT, cacheDirectory } from './cache/store.js';
export { buildFingerprint } from './cache/tool.js';

/** A group of files cached as one: a whole call, one file, or files linked by dependencies (`cache/deps.ts`). */
export interface CacheUnit {
  kind: CacheUnitKind;
  key: string;
  files: CheckTarget[];
  /** Files its files pull in (their findings on those files belong to it). */
  links?: ReadonlySet<string>;
}

/** A unit while planning: its key when it can be cached, and its call (`call` units). */
interface Planned<C> {
  kind: CacheUnitKind;
  files: CheckTarget[];
  key: string | undefined;
  links?: ReadonlySet<string>;
  call?: C;
}

/** Sets the cacheable units a call stores. */
function attach<C extends CacheableCall>(call: C, units: ReadonlyArray<Planned<C>>): C {
  const cache = units.flatMap((u) => (u.key === undefined ? [] : [{ kind: u.kind, key: u.key, files: u.files, ...(u.links ? { links: u.links } : {}) }]));
  return Object.assign(call, { cache });
}

/** Consecutive groups of whole units of at most `size` files (a larger unit alone). */
function pack<U extends { files: readonly unknown[] }>(units: readonly U[], size: number): U[][] {
  const groups: U[][] = [];
  let current: U[] = [];
  let count = 0;
  for (const unit of units) {
    if (current.length > 0 && count + unit.files.length > size) {
      groups.push(current);
      current = [];
      count = 0;
    }
    current.push(unit);
    count += unit.files.length;
  }
  if (current.length > 0) groups.push(current);
  return groups;
}

/** The key of a unit made of several files' keys. */
function combine(names: readonly string[], keys: readonly string[]): string {
  return sha256(JSON.stringify({ format: CACHE_FORMAT, component: names.map((n, i) => [n, keys[i]]) }));
}

/** What a cacheable call carries: the units whose results it will store. */
export interface CacheableCall {
  checker: Checker;
  files: CheckTarget[];
  dir?: string;
  cache?: CacheUnit[];
}

/** A result read from the cache, for the files it covers. */
export interface CachedResult {
  files: CheckTarget[];
  result: CallResult;
}

/** One step of {@link CacheSession.plan}: results found, and calls still to run. */
export interface PlanStep<C> {
  hits: CachedResult[];
  calls: C[];
}

/** Options of {@link ResultCache.open}. */
export interface OpenCacheOptions {
  /** Repository root of the run (absolute): stored paths are relative to it. */
  root: string;
  /** Repository whose cache to use (default `root`); the staged check runs in a copy of it. */
  storeRoot?: string;
  /** Extra key material per checker id (the policy checker's inventory and rules). */
  salt?: Record<string, string>;
  env?: NodeJS.ProcessEnv;
  /** Entry folder, overriding the choice between `.iacgen/cache` and `$XDG_CACHE_HOME` (tests). */
  dir?: string;
}

/** The result cache of one repository: its entries, and the runs that use them. */
export class ResultCache extends EntryStore {
  /** Opens the cache of `storeRoot` (never throws; an unusable folder just misses). */
  static async open(options: OpenCacheOptions): Promise<ResultCache> {
    const env = options.env ?? process.env;
    const root = path.resolve(options.root);
    const dir = options.dir ?? (await cacheDirectory(path.resolve(options.storeRoot ?? root), env));
    return new ResultCache(dir, root, options.salt ?? {}, env);
  }

  /**
   * Starts one run in `cwd` (absolute) on `targets`: its memos of digests and versions live as
   * long as it.
   */
  session(cwd: string, targets: readonly CheckTarget[] = []): CacheSession {
    const session = new CacheSession(this, path.resolve(cwd), new Set(targets.map((t) => t.absPath)));
    for (const target of targets) if (target.bytes) session.digests.seed(target.absPath, target.bytes);
    return session;
  }
}

/** One run's use of the cache: memoized digests, tool versions and the stores still in flight. */
export class CacheSession {
  /** Digests of this run (seeded with the bytes the run has read already). */
  readonly digests = new Digests();
  private readonly tools = new Map<string, Tool>();
  /** How each command checker runs this time (set by {@link plan}). */
  private readonly invocations = new Map<string, ResolvedInvocation>();
  private readonly pending: Promise<unknown>[] = [];

  constructor(
    readonly cache: ResultCache,
    readonly cwd: string,
    /** Every file the run checks (absolute paths). */
    private readonly targets: ReadonlySet<string>,
  ) {}

  /** The checker's version as reports show it (first version-like token; a built-in's own string). */
  async version(checker: Checker, invocation?: ResolvedInvocation): Promise<string | undefined> {
    const text = await this.tool(checker, invocation).version;
    return checker.kind === 'builtin' ? checker.version : text === undefined ? undefined : versionIn(text);
  }

  /**
   * Looks up the units of one checker's files. Yields at most twice: first the calls for units
   * without an entry (they start at once), then, once the checker's version is known, the hits
   * and the calls for entries of another version.
   * @param planner splits files into calls as the checker's mode says
   */
  async *plan<C extends CacheableCall>(
    checker: Checker,
    invocation: ResolvedInvocation | undefined,
    files: CheckTarget[],
    planner: (files: CheckTarget[]) => C[],
  ): AsyncGenerator<PlanStep<C>> {
    const deps = DEPENDENCIES[checker.id];
    if (!deps || (checker.kind === 'command' && !invocation)) {
      yield { hits: [], calls: planner(files) };
      return;
    }
    if (invocation) this.invocations.set(checker.id, invocation);
    const tool = this.tool(checker, invocation);
    const kind: CacheUnitKind = checker.mode === 'files' ? deps.unit : 'call';
    const units: Array<Planned<C>> =
      kind === 'call'
        ? await Promise.all(planner(files).map(async (call) => ({ kind, files: call.files, call, key: (await this.key(checker, invocation, call.files, call.dir, this.digests))?.key })))
        : await this.fileUnits(checker, invocation, files, kind);
    const looked = await Promise.all(units.map(async (u) => ({ ...u, entry: u.key === undefined ? undefined : await this.cache.read(u.key, checker.id, this.names(u.files)) })));
    const toCalls = (some: Array<Planned<C>>): C[] => {
      if (kind === 'call') return some.map((u) => attach(u.call as C, [u]));
      // Whole units per call, so that each call's results can be stored unit by unit.
      return pack(some, checker.batchSize).flatMap((group) =>
        planner(group.flatMap((u) => u.files)).map((call) => {
          const inCall = new Set(call.files.map((f) => f.absPath));
          return attach(call, group.filter((u) => u.files.every((f) => inCall.has(f.absPath))));
        }),
      );
    };
    const missing = looked.filter((u) => !u.entry);
    const found = looked.filter((u) => u.entry);
    if (missing.length > 0) yield { hits: [], calls: toCalls(missing) };
    if (found.length === 0) return;
    // Entries hold the version as stored: the repository root replaced (ansible prints its config file's path).
    const version = await tool.version;
    const stored = version === undefined ? undefined : this.cache.relocate(version, 'store');
    const hits: CachedResult[] = [];
    const stale: Array<Planned<C>> = [];
    for (const unit of found) {
      if (stored !== undefined && unit.entry?.version === stored) hits.push({ files: unit.files, result: this.restore(unit.entry) });
      else stale.push(unit);
    }
    yield { hits, calls: toCalls(stale) };
  }

  /**
   * Stores a finished call's results under its units' keys (not awaited by the caller: see
   * {@link finish}). Skips failures, unknown versions, and units whose inputs changed meanwhile.
   */
  store(call: CacheableCall, result: CallResult): void {
    const units = call.cache;
    if (!units || units.length === 0 || result.parsed.failure) return;
    this.pending.push(this.storeNow(call, units, result, this.invocations.get(call.checker.id)).catch(() => undefined));
  }

  /** Waits for the stores of this run, then prunes old entries now and then. */
  async finish(): Promise<void> {
    await Promise.all(this.pending);
    await this.cache.prune();
  }

  /** The units of a `files`-mode checker's files: each file, or each group of files linked by dependencies. */
  private async fileUnits<C>(checker: Checker, invocation: ResolvedInvocation | undefined, files: CheckTarget[], kind: 'file' | 'component'): Promise<Array<Planned<C>>> {
    const keyed = await Promise.all(files.map((file) => this.key(checker, invocation, [file], undefined, this.digests)));
    if (kind === 'file') return files.map((file, i) => ({ kind, files: [file], key: keyed[i]?.key, ...(keyed[i] ? { links: keyed[i].links } : {}) }));
    // A file whose inputs are unknown may pull in any other: nothing of this checker is cached.
    if (keyed.some((k) => k === undefined)) return [{ kind, files, key: undefined }];
    // Union-find over "pulls in": a file and every checked file it pulls in share a unit.
    const at = new Map(files.map((f, i) => [f.absPath, i]));
    const parent = files.map((_, i) => i);
    const find = (i: number): number => {
      while (parent[i] !== i) i = parent[i] = parent[parent[i] as number] as number;
      return i;
    };
    keyed.forEach((k, i) => {
      for (const p of k?.links ?? []) {
        const j = at.get(p);
        if (j !== undefined) parent[find(j)] = find(i);
      }
    });
    const groups = new Map<number, number[]>();
    files.forEach((_, i) => groups.set(find(i), [...(groups.get(find(i)) ?? []), i]));
    return [...groups.values()].map((members) => {
      const keys = members.map((i) => keyed[i]?.key);
      const unitFiles = members.map((i) => files[i] as CheckTarget);
      const links = new Set(members.flatMap((i) => [...(keyed[i]?.links ?? [])]));
      return { kind, files: unitFiles, links, key: keys.every((k) => k !== undefined) ? combine(this.names(unitFiles), keys as string[]) : undefined };
    });
  }

  /** A unit's key computed again (after its call), from fresh digests. */
  private async rekey(call: CacheableCall, unit: CacheUnit, invocation: ResolvedInvocation | undefined, digests: Digests): Promise<string | undefined> {
    if (unit.kind === 'call') return (await this.key(call.checker, invocation, unit.files, call.dir, digests))?.key;
    const keys = await Promise.all(unit.files.map(async (f) => (await this.key(call.checker, invocation, [f], undefined, digests))?.key));
    if (unit.kind === 'file') return keys[0];
    return keys.every((k) => k !== undefined) ? combine(this.names(unit.files), keys as string[]) : undefined;
  }

  private async storeNow(call: CacheableCall, units: CacheUnit[], result: CallResult, invocation?: ResolvedInvocation): Promise<void> {
    const version = await this.tool(call.checker, invocation).version;
    if (version === undefined) return;
    // A unit with a file whose own check broke is never stored (as a failed call never is).
    const broken = new Set(Object.keys(result.parsed.errors ?? {}).map((f) => path.resolve(this.cwd, f)));
    if (broken.size > 0) units = units.filter((u) => !u.files.some((f) => broken.has(f.absPath)));
    if (units.length === 0) return;
    const whole = units.length === 1 && units[0]?.files.length === call.files.length;
    const parts = whole ? [{ unit: units[0] as CacheUnit, diagnostics: result.parsed.diagnostics, skipped: result.parsed.skipped }] : this.split(call, units, result);
    if (!parts) return;
    // The inputs must still be what the key was made of: else the checker may have read a newer file.
    const fresh = new Digests();
    for (const { unit, diagnostics, skipped } of parts) {
      if ((await this.rekey(call, unit, invocation, fresh)) !== unit.key) continue;
      const entry: Entry = this.cache.relocate(
        {
          format: CACHE_FORMAT,
          key: unit.key,
          checker: call.checker.id,
          version,
          files: this.names(unit.files),
          durationMs: Math.max(0, Math.round(result.durationMs)),
          diagnostics: diagnostics.map(({ file, line, column, severity, rule, message, source }) => ({ file, line, column, severity, rule, message, source })),
          ...(skipped && Object.keys(skipped).length > 0 ? { skipped } : {}),
        },
        'store',
      );
      if (!(await this.cache.write(entry))) return;
    }
  }

  /**
   * A call's result unit by unit: each finding goes to the unit of the file it names, or, for a
   * checked file outside the call, to the one unit that pulls that file in (a role's meta file
   * ansible-lint reports while linting the playbook). Undefined when a finding has no such owner
   * (it could not be given back the same way on a hit: the call is not stored).
   */
  private split(call: CacheableCall, units: CacheUnit[], result: CallResult) {
    const pathOf = (file: string): string => path.resolve(this.cwd, file);
    const unitOf = new Map(units.flatMap((u) => u.files.map((f) => [f.absPath, u] as const)));
    const owner = (file: string): CacheUnit | undefined => {
      const abs = pathOf(file);
      const direct = unitOf.get(abs);
      if (direct) return direct;
      if (call.files.some((f) => f.absPath === abs) || !this.targets.has(abs)) return undefined;
      const linking = units.filter((u) => u.links?.has(abs));
      return linking.length === 1 ? linking[0] : undefined;
    };
    const parts = new Map(units.map((u) => [u, { unit: u, diagnostics: [] as ParsedDiagnostic[], skipped: {} as Record<string, string> }]));
    const broken = new Set(Object.keys(result.parsed.errors ?? {}).map(pathOf));
    for (const d of result.parsed.diagnostics) {
      if (broken.has(pathOf(d.file))) continue; // that file's unit is not stored
      const unit = owner(d.file);
      if (!unit) return undefined;
      parts.get(unit)?.diagnostics.push(d);
    }
    for (const [file, why] of Object.entries(result.parsed.skipped ?? {})) {
      const unit = unitOf.get(pathOf(file));
      if (!unit) return undefined;
      const part = parts.get(unit);
      if (part) part.skipped[file] = why;
    }
    return [...parts.values()].map((p) => ({ ...p, skipped: Object.keys(p.skipped).length > 0 ? p.skipped : undefined }));
  }

  /** A stored entry as the call result it came from. */
  private restore(stored: Entry | undefined): CallResult {
    const entry = this.cache.relocate(stored as Entry, 'load');
    const diagnostics: ParsedDiagnostic[] = entry.diagnostics.map((d) => ({ ...d }));
    return { durationMs: entry.durationMs, parsed: { diagnostics, ...(entry.skipped ? { skipped: { ...entry.skipped } } : {}) } };
  }

  /** Paths as stored: relative to the repository root with `/`, or absolute outside it. */
  private names(files: readonly CheckTarget[]): string[] {
    return files.map((f) => this.display(f.absPath));
  }

  private display(absPath: string): string {
    const rel = path.relative(this.cache.root, absPath);
    return rel.startsWith('..') || path.isAbsolute(rel) ? absPath : rel.split(path.sep).join('/') || '.';
  }

  /**
   * The key of a call (or of one file's part of it) and the files it pulls in (`links`);
   * undefined when it cannot be cached (unknown checker, too many inputs).
   */
  private async key(checker: Checker, invocation: ResolvedInvocation | undefined, files: CheckTarget[], dir: string | undefined, digests: Digests): Promise<{ key: string; links: Set<string> } | undefined> {
    const inputs = new Inputs(digests);
    const context = { cwd: this.cwd, root: this.cache.root, env: this.cache.env, digests };
    try {
      if (!(await collectInputs(checker.id, files, context, inputs))) return undefined;
      const rel = files.map((f) => argPath(this.cwd, f.absPath));
      const argv =
        checker.kind === 'command' && invocation
          ? expandArgs(invocation.args, rel, dir, checker.callOptions ? await checker.callOptions(rel, this.cwd) : [])
          : rel;
      const material = {
        format: CACHE_FORMAT,
        checker: checker.id,
        kind: checker.kind,
        mode: checker.mode,
        iacgen: await buildFingerprint(),
        tool: await this.tool(checker, invocation).identity,
        argv: this.cache.relocate(argv, 'store'),
        env: checker.kind === 'command' ? checker.env : {},
        // A sandboxed call can come out differently (a lookup that cannot write, no network).
        sandboxed: checker.kind === 'command' && sandboxOf(checker) !== undefined,
        cwd: this.display(this.cwd),
        salt: this.cache.saltOf(checker.id),
        inputs: await inputs.entries((p) => this.display(p), this.cache.env),
      };
      return { key: sha256(JSON.stringify(material)), links: inputs.links() };
    } catch {
      // Too many inputs (TooLarge), or a dependency that could not be read as expected: not cached.
      return undefined;
    }
  }

  /**
   * A command's identity and version text. The version command of a Python script (ansible-lint
   * takes 0.5 s of CPU to print its version) runs once per identity: its text is kept in the
   * cache, under the script's, its interpreter's, its package folders' and the package database's
   * identity (an upgrade changes one of them), with the working folder (relative to the
   * repository: the commit hook runs in a new copy each time), the checker's environment and the
   * values of the process variables its dependency table names. Any other command's version
   * command runs every time: a binary's own identity does not cover what it dispatches to
   * (`docker compose` is the docker CLI's plugin; a pyenv shim stays the same file).
   */
  private commandTool(checker: CommandChecker, invocation: ResolvedInvocation): Tool {
    const identity = executableIdentity(invocation, this.digests, this.cache.env);
    const run = (): Promise<string | undefined> => versionText(checker, invocation, this.cwd);
    /** The key its text is kept under, for a Python script; undefined for any other command. */
    const memoKey = async (): Promise<string | undefined> => {
      const id = await identity;
      if (!(id as { packages?: unknown }).packages) return undefined;
      const names = DEPENDENCIES[checker.id]?.env ?? [];
      const vars = Object.entries(this.cache.env)
        .filter(([name]) => names.some((n) => (n.endsWith('_') ? name.startsWith(n) : name === n)))
        .sort(([a], [b]) => (a < b ? -1 : 1));
      return sha256(JSON.stringify({ format: CACHE_FORMAT, version: id, cwd: this.display(this.cwd), env: checker.env, vars }));
    };
    // The text kept with the root replaced: ansible prints its config file's path.
    const keep = async (text: string): Promise<void> => {
      const key = await memoKey();
      if (key !== undefined) await this.cache.writeVersion(key, this.cache.relocate(text, 'store'));
    };
    return lazyTool(
      identity,
      async () => {
        const key = await memoKey();
        if (key === undefined) return run();
        const known = await this.cache.readVersion(key);
        if (known !== undefined) return this.cache.relocate(known, 'load');
        const text = await run();
        if (text !== undefined) await keep(text);
        return text;
      },
      keep,
    );
  }

  /**
   * True when nothing has asked for the checker's version yet in this run, so a call can bring
   * it on the way ({@link provideVersion}) instead of a version command of its own.
   */
  versionUnknown(checker: Checker, invocation: ResolvedInvocation | undefined): boolean {
    return !this.tool(checker, invocation).known;
  }

  /** The checker's version text as a call brought it (`CallResult.versionText`); kept as a read one. */
  provideVersion(checker: Checker, invocation: ResolvedInvocation | undefined, text: string): void {
    this.tool(checker, invocation).provide(text);
  }

  private tool(checker: Checker, invocation: ResolvedInvocation | undefined): Tool {
    const id = `${checker.id}\u0000${invocation?.path ?? ''}\u0000${invocation?.command ?? ''}`;
    let tool = this.tools.get(id);
    if (!tool) {
      const builtin = checker.kind === 'builtin' ? checker.version : undefined;
      tool =
        checker.kind === 'builtin' || !invocation
          ? lazyTool(Promise.resolve({ builtin: builtin ?? null }), () => Promise.resolve(builtin === undefined ? undefined : `${builtin}; iacgen ${VERSION}`))
          : this.commandTool(checker, invocation);
      this.tools.set(id, tool);
    }
    return tool;
  }
}

/** A file as a checker argument, as the runner passes it (`./-x.sh` for a leading dash). */
function argPath(cwd: string, absPath: string): string {
  const rel = path.relative(cwd, absPath) || '.';
  return rel.startsWith('-') ? `./${rel}` : rel;
}

