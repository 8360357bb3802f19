/**
 * The result cache: a checker call's result is reused when nothing it depends on has changed.
 *
 * Key (sha256 of a canonical JSON document): the cache format; the checker's id, kind and mode;
 * iacgen itself (version, a fingerprint of its code, the Node version); the tool (executable
 * path and its file's identity; for a script, its interpreter's and package folders' too); the
 * effective arguments (files relative to the working directory, `{dir}`, `{options}`) and
 * environment; the working directory relative to the repository root; the checker's salt (the
 * policy checker's inventory and rules); and the digest of every input: the checked files, the
 * files they pull in and the config files that apply (see `cache/deps.ts`), present or absent,
 * plus the environment variables that matter.
 *
 * The checker's version (what its version command prints, read once per run; a built-in's
 * version) is stored in the entry and must equal the current one for a hit. So a cold run never
 * waits for version commands: a unit without an entry runs at once.
 *
 * Units: a call in `file` and `project` mode; in `files` mode, as the dependency table says
 * (`unit`): each file (its verdict depends on it alone), or each group of files linked by what
 * they pull in (ansible-lint: a playbook with the checked roles and tasks files it uses), so one
 * edited file re-runs alone, or with what it is linked to. Misses are packed into calls of whole
 * units, so every call's results can be stored unit by unit.
 *
 * Entries: `<dir>/v1/<2 hex>/<key>.json`, where `<dir>` is the repository's `.iacgen/cache/` when
 * git ignores it, else `$XDG_CACHE_HOME/iacgen/<hash of the repository root>/`. Written
 * atomically; validated on read (zod): a corrupt, foreign or other-format entry is a miss and is
 * rewritten. A failed or timed-out call is never stored, and an entry is stored only when its
 * inputs still hash the same after the call (a file edited while its checker ran is not cached).
 * Nothing here ever fails a run: an unreadable or unwritable cache only misses.
 */
import { execa } from 'execa';
import { readFileSync } from 'node:fs';
import { mkdir, open, readdir, readFile, realpath, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import writeFileAtomic from 'write-file-atomic';
import { z } from 'zod';
import { VERSION } from '../version.js';
import { expandArgs, type CallResult } from './call.js';
import { collectInputs, DEPENDENCIES, type CacheUnitKind } from './cache/deps.js';
import { Digests, Inputs, sha256 } from './cache/digest.js';
import type { Invocation } from './manifest.js';
import { findOnPath, versionIn, type ResolvedInvocation } from './probe.js';
import type { CheckTarget } from './runner.js';
import type { Checker, CommandChecker, ParsedDiagnostic } from './types.js';

/** Bumped whenever the key or the entry changes meaning; entries of other formats are misses. */
export const CACHE_FORMAT = 1;
/** Entries older than this are removed (at most once a day). */
const MAX_AGE_MS = 30 * 24 * 3600 * 1000;
const PRUNE_EVERY_MS = 24 * 3600 * 1000;
/** Stands for the repository root in stored text, so an entry is valid wherever the repository is. */
const ROOT_TOKEN = '\u0000root\u0000';

const diagnosticSchema = z
  .object({
    file: z.string(),
    line: z.number().int(),
    column: z.number().int(),
    severity: z.enum(['error', 'warning', 'info']),
    rule: z.string(),
    message: z.string(),
    source: z.string(),
  })
  .strict();

/** One stored result. */
const entrySchema = z
  .object({
    format: z.literal(CACHE_FORMAT),
    key: z.string().regex(/^[0-9a-f]{64}$/),
    checker: z.string(),
    /** The checker's version when it ran (must equal today's). */
    version: z.string(),
    /** The unit's files, relative to the repository root (for people reading the cache). */
    files: z.array(z.string()),
    /** Wall time of the original call. */
    durationMs: z.number().int().nonnegative(),
    diagnostics: z.array(diagnosticSchema),
    skipped: z.record(z.string(), z.string()).optional(),
  })
  .strict();
type Entry = z.infer<typeof entrySchema>;

/** A command's version text, kept per identity (`<dir>/v1/versions/<key>.json`). */
const versionEntrySchema = z.object({ format: z.literal(CACHE_FORMAT), key: z.string(), text: z.string() }).strict();

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

/** The result cache of one repository. */
export class ResultCache {
  private unwritable = false;

  private constructor(
    /** Folder holding `v1/`. */
    readonly dir: string,
    readonly root: string,
    private readonly salt: Record<string, string>,
    readonly env: NodeJS.ProcessEnv,
  ) {}

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

  /** Key material for a checker id beyond its inputs. */
  saltOf(id: string): string | null {
    return this.salt[id] ?? null;
  }

  /** `<dir>/v1/<2 hex>/<key>.json`. */
  entryPath(key: string): string {
    return path.join(this.dir, `v${CACHE_FORMAT}`, key.slice(0, 2), `${key}.json`);
  }

  /** The valid entry stored under `key` for `checker`, or undefined (missing, corrupt, foreign). */
  async read(key: string, checker: string, files: readonly string[]): Promise<Entry | undefined> {
    let text: string;
    try {
      // Synchronous: a warm run reads one small entry per check, and promises cost more than the reads.
      text = readFileSync(this.entryPath(key), 'utf8');
    } catch {
      return undefined;
    }
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      return undefined;
    }
    const parsed = entrySchema.safeParse(data);
    if (!parsed.success) return undefined;
    const entry = parsed.data;
    if (entry.key !== key || entry.checker !== checker || entry.files.join('\n') !== files.join('\n')) return undefined;
    return entry;
  }

  /** Stores an entry atomically; false (and no more attempts this run) when the folder is unwritable. */
  async write(entry: Entry): Promise<boolean> {
    if (this.unwritable) return false;
    const file = this.entryPath(entry.key);
    try {
      await mkdir(path.dirname(file), { recursive: true });
      // No fsync: an entry lost or emptied by a crash is only a miss (read() validates every entry),
      // and a thousand fsyncs made a cold run of 300 files 4 s slower.
      await writeFileAtomic(file, `${JSON.stringify(entry)}\n`, { encoding: 'utf8', fsync: false });
      return true;
    } catch {
      this.unwritable = true;
      return false;
    }
  }

  /** A command's version text stored under `key` (see `CacheSession.commandTool`), or undefined. */
  async readVersion(key: string): Promise<string | undefined> {
    try {
      const parsed = versionEntrySchema.safeParse(JSON.parse(await readFile(this.versionPath(key), 'utf8')));
      return parsed.success && parsed.data.key === key ? parsed.data.text : undefined;
    } catch {
      return undefined;
    }
  }

  /** Stores a command's version text (best effort, atomically). */
  async writeVersion(key: string, text: string): Promise<void> {
    if (this.unwritable) return;
    try {
      await mkdir(path.dirname(this.versionPath(key)), { recursive: true });
      await writeFileAtomic(this.versionPath(key), `${JSON.stringify({ format: CACHE_FORMAT, key, text })}\n`, { encoding: 'utf8', fsync: false });
    } catch {
      this.unwritable = true;
    }
  }

  private versionPath(key: string): string {
    return path.join(this.dir, `v${CACHE_FORMAT}`, 'versions', `${key}.json`);
  }

  /** Replaces the repository root in stored text by a token (and back). */
  relocate<T>(value: T, direction: 'store' | 'load'): T {
    if (this.root.length < 2) return value;
    const from = direction === 'store' ? this.root : ROOT_TOKEN;
    const to = direction === 'store' ? ROOT_TOKEN : this.root;
    const pattern = direction === 'store' ? new RegExp(`${escapeRegExp(from)}(?=$|[\\\\/\\s'"\`):,;\\]])`, 'g') : new RegExp(escapeRegExp(from), 'g');
    const map = (v: unknown): unknown => {
      if (typeof v === 'string') return v.replace(pattern, () => to);
      if (Array.isArray(v)) return v.map(map);
      if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [map(k) as string, map(x)]));
      return v;
    };
    return map(value) as T;
  }

  /** Removes entries older than 30 days, at most once a day (best effort). */
  async prune(now = Date.now()): Promise<void> {
    const base = path.join(this.dir, `v${CACHE_FORMAT}`);
    const stamp = path.join(base, '.pruned');
    try {
      const last = await stat(stamp).catch(() => undefined);
      if (last && now - last.mtimeMs < PRUNE_EVERY_MS) return;
      if (!(await stat(base).catch(() => undefined))?.isDirectory()) return;
      await writeFile(stamp, '');
      for (const bucket of await readdir(base)) {
        if (!/^[0-9a-f]{2}$/.test(bucket)) continue;
        for (const name of await readdir(path.join(base, bucket)).catch(() => [] as string[])) {
          const file = path.join(base, bucket, name);
          const s = await stat(file).catch(() => undefined);
          if (s && now - s.mtimeMs > MAX_AGE_MS) await rm(file, { force: true });
        }
      }
    } catch {
      // Pruning is a courtesy.
    }
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Where the entries of `root`'s cache live: `<root>/.iacgen/cache` when it exists or git ignores
 * it (as `iacgen init` arranges), so a repository never gets untracked clutter; otherwise
 * `$XDG_CACHE_HOME/iacgen/<hash of root>` (`~/.cache` by default).
 */
export async function cacheDirectory(root: string, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const inRepo = path.join(root, '.iacgen', 'cache');
  if ((await stat(inRepo).catch(() => undefined))?.isDirectory()) return inRepo;
  const ignored = await execa('git', ['check-ignore', '-q', '.iacgen/cache/v1'], { cwd: root, reject: false, stdin: 'ignore' }).catch(() => undefined);
  if (ignored?.exitCode === 0) {
    try {
      await mkdir(inRepo, { recursive: true });
      return inRepo;
    } catch {
      // Read-only checkout: the user cache instead.
    }
  }
  const xdg = env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : path.join(env.HOME || os.homedir(), '.cache');
  return path.join(xdg, 'iacgen', sha256(root).slice(0, 16));
}

/** What identifies a tool besides its version: the files it runs from. */
interface Tool {
  /** Key material (executable and interpreter identity). */
  identity: Promise<unknown>;
  /**
   * Full output of its version command (a built-in's version), or undefined when it fails.
   * Started on first use: a cold run reads it when a slot is free (see the runner), a run with
   * entries at once.
   */
  readonly version: Promise<string | undefined>;
}

/** A tool whose version is read on first use (never rejects). */
function lazyTool(identity: Promise<unknown>, readVersion: () => Promise<string | undefined>): Tool {
  let version: Promise<string | undefined> | undefined;
  return {
    identity: identity.catch(() => ({ unknown: true })),
    get version() {
      version ??= readVersion().catch(() => undefined);
      return version;
    },
  };
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
    for (const d of result.parsed.diagnostics) {
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
   * identity (an upgrade changes one of them), with the working folder and the checker's
   * environment. Any other command's version command runs every time.
   */
  private commandTool(checker: CommandChecker, invocation: ResolvedInvocation): Tool {
    const identity = executableIdentity(invocation, this.digests, this.cache.env);
    const run = (): Promise<string | undefined> => versionText(checker, invocation, this.cwd);
    return lazyTool(identity, async () => {
      const id = await identity;
      if (!(id as { packages?: unknown }).packages) return run();
      const key = sha256(JSON.stringify({ format: CACHE_FORMAT, version: id, cwd: this.cwd, env: checker.env }));
      const known = await this.cache.readVersion(key);
      if (known !== undefined) return known;
      const text = await run();
      if (text !== undefined) await this.cache.writeVersion(key, text);
      return text;
    });
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

/** The whole output of the invocation's version command, or undefined when it fails (30 s). */
async function versionText(checker: CommandChecker, invocation: ResolvedInvocation, cwd: string): Promise<string | undefined> {
  const result = await execa(invocation.path, invocation.versionArgs, {
    cwd,
    reject: false,
    stdin: 'ignore',
    timeout: 30_000,
    env: { ...checker.env, NO_COLOR: '1' },
  });
  if (result.exitCode !== 0) return undefined;
  // eslint-disable-next-line no-control-regex
  return `${String(result.stdout)}\n${String(result.stderr)}`.replace(/\u001b\[[0-9;]*m/g, '').trim();
}

/**
 * The files a command runs from: the executable (resolved) and, for a script, its interpreter,
 * that interpreter's package folders and the package database (an upgrade of a library changes
 * their times even when the tool's own version string stays).
 */
async function executableIdentity(invocation: Invocation & { path: string }, digests: Digests, env: NodeJS.ProcessEnv): Promise<unknown> {
  const exe = await realpath(invocation.path).catch(() => invocation.path);
  const identity: Record<string, unknown> = {
    command: invocation.command,
    path: invocation.path,
    args: invocation.args,
    versionArgs: invocation.versionArgs,
    exe: [exe, await digests.statDigest(exe)],
  };
  const interpreter = await shebang(exe);
  if (interpreter) {
    const real = await realpath(interpreter).catch(() => interpreter);
    identity.interpreter = [interpreter, real, await digests.statDigest(real)];
    if (/python/.test(path.basename(real))) {
      const folders = await pythonPackageFolders(interpreter, env);
      identity.packages = await Promise.all(folders.map(async (f) => [f, await digests.statDigest(f)]));
      identity.dpkg = await digests.statDigest('/var/lib/dpkg/status');
    }
  }
  return identity;
}

/** The interpreter named on a script's `#!` line (`env` resolved on PATH). */
async function shebang(file: string): Promise<string | undefined> {
  let line: string;
  try {
    const handle = await open(file, 'r');
    try {
      const buffer = Buffer.alloc(256);
      const { bytesRead } = await handle.read(buffer, 0, 256, 0);
      line = buffer.subarray(0, bytesRead).toString('utf8').split('\n')[0] ?? '';
    } finally {
      await handle.close();
    }
  } catch {
    return undefined;
  }
  if (!line.startsWith('#!')) return undefined;
  const [program, ...args] = line.slice(2).trim().split(/\s+/);
  if (!program) return undefined;
  if (path.basename(program) === 'env') {
    const name = args.find((a) => !a.startsWith('-'));
    return name ? ((await findOnPath(name)) ?? name) : undefined;
  }
  return program;
}

/** `site-packages`/`dist-packages` folders a Python interpreter may import from. */
async function pythonPackageFolders(interpreter: string, env: NodeJS.ProcessEnv): Promise<string[]> {
  const prefixes = new Set([path.dirname(path.dirname(interpreter)), '/usr', '/usr/local', path.join(env.HOME || os.homedir(), '.local')]);
  const out = new Set<string>(['/usr/lib/python3/dist-packages']);
  for (const prefix of prefixes) {
    const lib = path.join(prefix, 'lib');
    for (const name of await readdir(lib).catch(() => [] as string[])) {
      if (!/^python3/.test(name)) continue;
      for (const sub of ['site-packages', 'dist-packages']) out.add(path.join(lib, name, sub));
    }
  }
  return [...out].sort();
}

let fingerprint: Promise<string> | undefined;

/**
 * iacgen's own identity: its version, the Node version, and the bytes of every script of the code
 * that is running (`dist/`, or `src/` when run from source), so a changed parser never reuses old
 * verdicts, while a rebuild that changes nothing keeps them.
 */
export function buildFingerprint(): Promise<string> {
  fingerprint ??= (async () => {
    const parts: string[] = [VERSION, process.version];
    // This file is `<code>/check/cache.js` (or `.ts`): `<code>` is `dist` or `src`.
    const code = fileURLToPath(new URL('..', import.meta.url));
    const names = await readdir(code, { recursive: true }).catch(() => [] as string[]);
    for (const name of names.filter((n) => /\.[cm]?[jt]s$/.test(n)).sort()) {
      const bytes = await readFile(path.join(code, name)).catch(() => undefined);
      if (bytes) parts.push(`${name}:${sha256(bytes)}`);
    }
    return sha256(parts.join('\n'));
  })();
  return fingerprint;
}
