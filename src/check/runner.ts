/**
 * The checker pipeline: select the checkers for each file's type, group the files into calls
 * per the checker's mode, run every call in parallel (bounded by the cores), and fold the
 * parsed output back into per-file check records and diagnostics.
 */
import os from 'node:os';
import path from 'node:path';
import PQueue from 'p-queue';
import type { CacheUnit, ResultCache } from './cache.js';
import { callBuiltin, callChecker } from './call.js';
import { DEFAULT_COST, skipReason, type Invocation } from './manifest.js';
import { readVersion, resolveInvocation, type ResolvedInvocation } from './probe.js';
import { sandboxOf } from './sandbox.js';
import { untestedVersion } from './versions.js';
import type { CallResult, Checker, CheckerInfo, CheckerPolicy, CheckRecord, CheckTarget, FileChecks, FileError, Route } from './types.js';

// The pipeline's shapes live in types.ts (which imports nothing from here); re-exported for callers.
export type { CheckerInfo, CheckerPolicy, CheckTarget, FileChecks } from './types.js';

/** Options of {@link runChecks}. */
export interface RunOptions {
  /** Working directory of every call (absolute); files are passed relative to it. */
  cwd: string;
  checkers: readonly Checker[];
  /** Most calls at once; default: the number of cores. */
  concurrency?: number;
  /** Resolves a command to an executable path, or undefined when absent (default: PATH lookup). */
  resolveCommand?: (command: string) => Promise<string | undefined>;
  /** Policy of a checker id; default `optional` for every checker. */
  policy?: (id: string) => CheckerPolicy;
  /** Time-out of one call of a checker, in ms; default the checker's `timeoutMs`. */
  timeoutMs?: (checker: Checker) => number;
  /** Look up each used command checker's version (one extra call each); default true. */
  versions?: boolean;
  /** Called each time every call covering a file has finished: files done, files in all. */
  onProgress?: (done: number, total: number) => void;
  /**
   * Reuse results of unchanged calls, and store new ones (see `cache.ts`); a reused result's
   * records say `cached: true`. Command checkers' versions are then read at the start (a hit
   * needs them), while the calls that have no entry already run.
   */
  cache?: ResultCache | undefined;
}

/** Result of {@link runChecks}: per-file results keyed by absolute path, and the checkers used. */
export interface RunResult {
  byFile: Map<string, FileChecks>;
  checkers: CheckerInfo[];
}

interface Call {
  checker: Checker;
  /** How to run a command checker (its own command or an alternative); undefined for built-ins. */
  invocation?: Invocation;
  files: CheckTarget[];
  dir?: string;
  /** The cache units whose results this call stores. */
  cache?: CacheUnit[];
}

/** One checker to run on its files (planned into calls once the cache has been asked). */
interface Plan {
  checker: Checker;
  invocation?: ResolvedInvocation;
  files: CheckTarget[];
}

/** A finished call, or a result reused from the cache. */
interface Done {
  call: Pick<Call, 'checker' | 'files'>;
  result: CallResult;
  cached: boolean;
}

/**
 * Runs every applicable checker on `targets`. Never throws for a checker's failure: a crash or a
 * time-out becomes the `error` status plus an error diagnostic (`checker-failed`) on its files;
 * a missing required checker becomes an error diagnostic (`checker-missing`).
 */
export async function runChecks(targets: readonly CheckTarget[], options: RunOptions): Promise<RunResult> {
  const byFile = new Map<string, FileChecks>(targets.map((t) => [t.absPath, { checks: [], diagnostics: [] }]));
  const policyOf = options.policy ?? (() => 'optional');
  const infos: CheckerInfo[] = [];
  const plans: Plan[] = [];
  const invocations = new Map<string, ResolvedInvocation>();

  const applicable = options.checkers
    .map((checker) => ({ checker, files: targets.filter((t) => checker.fileTypes.includes(t.type)) }))
    .filter(({ files }) => files.length > 0);
  // Resolve every command checker first: a built-in stand-in runs only when its checker is missing.
  const resolved = await Promise.all(
    applicable.map(({ checker }) =>
      checker.kind === 'command' && policyOf(checker.id) !== 'off' ? resolveInvocation(checker, options.resolveCommand) : undefined,
    ),
  );
  const found = new Map(applicable.map(({ checker }, i) => [checker.id, resolved[i]] as const).filter(([, r]) => r));

  applicable.forEach(({ checker, files: typed }, i) => {
    const policy = policyOf(checker.id);
    // A stand-in checks only what the checker it stands in for cannot read (`skips`).
    const standsIn = checker.kind === 'builtin' && checker.onlyWithout ? found.get(checker.onlyWithout) : undefined;
    const all = standsIn ? typed.filter((t) => skipReason(standsIn, t.absPath) !== undefined) : typed;
    if (policy === 'off' || all.length === 0) {
      infos.push({ id: checker.id, policy: 'off', status: 'off' });
      return;
    }
    // A tool that can run a repository's code (Jinja lookups, plugins, providers) never runs on a
    // file outside the repository (one named on the command line through a symlink).
    const files = checker.kind === 'command' && checker.runsRepositoryCode ? all.filter((f) => !f.outside) : all;
    if (files.length < all.length) {
      for (const file of all) if (file.outside) byFile.get(file.absPath)?.checks.push({ checker: checker.id, status: 'skipped', durationMs: 0, reason: outsideReason(checker.id) });
    }
    if (checker.kind === 'builtin') {
      infos.push({ id: checker.id, policy, status: 'ran', path: 'builtin', version: checker.version });
      plans.push({ checker, files });
      return;
    }
    const invocation = resolved[i];
    if (!invocation) {
      infos.push({ id: checker.id, policy, status: 'missing', installHint: checker.installHint });
      for (const file of files) recordMissing(byFile.get(file.absPath), checker.id, `${commandNames(checker)} not installed (${checker.installHint})`, policy);
      return;
    }
    invocations.set(checker.id, invocation);
    const readable = files.filter((file) => {
      const reason = skipReason(invocation, file.absPath);
      if (reason) byFile.get(file.absPath)?.checks.push({ checker: checker.id, status: 'skipped', durationMs: 0, reason });
      return reason === undefined;
    });
    infos.push({ id: checker.id, policy, status: 'ran', path: invocation.path, ...(checker.runsRepositoryCode ? { sandboxed: sandboxOf(checker) !== undefined } : {}) });
    if (readable.length > 0) plans.push({ checker, invocation, files: readable });
  });

  // The costliest calls first (see `cost` in the manifests): a long call (ansible-lint over a
  // repository) that starts last makes the whole run wait for it. The queue starts once every
  // checker has queued the calls it can start at once, so the first free slots go to the costliest
  // calls, not to whichever checker finished planning first (yamllint's keys are quicker to make
  // than ansible-lint's, which parse every playbook for the roles it pulls in).
  const queue = new PQueue({ concurrency: options.concurrency ?? os.availableParallelism(), autoStart: false });
  // In-process checkers run on this thread, one at a time, beside the child processes: they
  // never take a slot a checker process could use.
  const inProcess = new PQueue({ concurrency: 1 });
  const costOf = (call: Call): number => {
    const cost = call.checker.cost ?? DEFAULT_COST;
    return cost.call + cost.file * call.files.length;
  };
  const timeoutOf = options.timeoutMs ?? ((c: Checker) => c.timeoutMs);
  const progress = progressCounter(targets, plans, options.onProgress);
  const session = options.cache?.session(options.cwd, targets);
  const done: Done[] = [];
  // A checker that runs its calls in a Python worker reads its version there too: the first call
  // of a run that does not know it yet carries the version job (`python-worker.ts`), which saves
  // the interpreter's start-up and the tool's imports of a `--version` process (ansible-lint's
  // costs about 1 s of CPU). Settled when that call is over, whatever it brought.
  const carrying = new Map<string, Promise<void>>();
  const carries = (call: Call): boolean => {
    const { checker } = call;
    const invocation = invocations.get(checker.id);
    if (!session || checker.kind !== 'command' || !checker.run || !invocation || carrying.has(checker.id)) return false;
    return session.versionUnknown(checker, invocation);
  };
  const run = (call: Call): Promise<void> => {
    let settle: () => void = () => undefined;
    const carrier = carries(call);
    if (carrier) carrying.set(call.checker.id, new Promise<void>((resolve) => (settle = resolve)));
    const versionArgs = carrier ? call.invocation?.versionArgs : undefined;
    const task = (call.checker.kind === 'builtin' ? inProcess : queue).add(async () => {
      const files = call.files.map((f) => relative(options.cwd, f.absPath));
      const timeoutMs = timeoutOf(call.checker);
      // An in-process check may hold this thread for a while (compiling a schema): it waits one
      // turn of the event loop, so every checker process planned meanwhile has started first.
      if (call.checker.kind === 'builtin') await new Promise((resolve) => setImmediate(resolve));
      const result =
        call.checker.kind === 'builtin'
          ? await callBuiltin(call.checker, files, options.cwd, timeoutMs)
          : await callAlone(call.checker, files, options.cwd, call.invocation, call.dir, timeoutMs, versionArgs);
      if (result.route) noteRoute(infos.find((i) => i.id === call.checker.id), result.route);
      if (result.versionText !== undefined) session?.provideVersion(call.checker, invocations.get(call.checker.id), result.versionText);
      session?.store(call, result);
      done.push({ call, result, cached: false });
      progress(call.files);
    }, { priority: costOf(call) });
    return task.finally(settle);
  };
  // Settled once each checker has queued the calls it can start at once.
  const queued: Array<Promise<void>> = [];
  const results = Promise.all(
    plans.map(async ({ checker, invocation, files }) => {
      const planner = (some: CheckTarget[]): Call[] => planCalls(checker, invocation, some, options.cwd);
      if (!session) return Promise.all(planner(files).map(run));
      let markQueued = (): void => undefined;
      queued.push(new Promise<void>((resolve) => (markQueued = resolve)));
      const running: Promise<void>[] = [];
      try {
        for await (const step of session.plan(checker, invocation, files, planner)) {
          for (const hit of step.hits) {
            done.push({ call: { checker, files: hit.files }, result: hit.result, cached: true });
            progress(hit.files);
          }
          running.push(...step.calls.map(run));
          markQueued();
        }
      } finally {
        markQueued();
      }
      return Promise.all(running);
    }),
  );
  // Version look-ups queue behind the checks (lowest priority, once every checker has queued its
  // first calls), so they never delay a result, unless the cache needed one earlier to confirm
  // its entries (then it is already known).
  results.catch(() => undefined); // awaited below; not an unhandled rejection meanwhile
  await Promise.all(queued);
  queue.start();
  const versions = Promise.all(
    infos.map((info) => {
      const checker = options.checkers.find((c) => c.id === info.id);
      const invocation = invocations.get(info.id);
      if (checker?.kind !== 'command' || !invocation) return undefined;
      if (!session && options.versions === false) return undefined;
      const read = async (): Promise<void> => {
        const version = session ? await session.version(checker, invocation) : await readVersion(checker, invocation);
        if (version) info.version = version;
        const untested = untestedVersion(checker.id, info.version);
        if (untested) info.untested = untested;
      };
      // Brought by a call: no slot needed, unless that call could not bring it.
      const carried = carrying.get(checker.id);
      if (carried) return carried.then(() => (session?.versionUnknown(checker, invocation) ? queue.add(read, { priority: 0 }) : read()));
      return queue.add(read, { priority: 0 });
    }),
  );
  await results;
  await versions;
  await session?.finish();
  // Fold in plan order (checker, then file), whatever order the calls finished in.
  const at = new Map(targets.map((t, i) => [t.absPath, i]));
  const checkerAt = new Map(plans.map((p, i) => [p.checker.id, i]));
  const rank = (d: Done): number => (checkerAt.get(d.call.checker.id) ?? 0) * (targets.length + 1) + (at.get(d.call.files[0]?.absPath ?? '') ?? 0);
  done.sort((a, b) => rank(a) - rank(b));
  for (const d of done) fold(d.call, d.result, options.cwd, byFile, d.cached);
  // Report each file's checks in registry order, whatever order they finished in; a checker's
  // error names the version that broke (a newer tool may print what no parser knows yet).
  const order = new Map(options.checkers.map((c, i) => [c.id, i]));
  const infoOf = new Map(infos.map((i) => [i.id, i]));
  for (const entry of byFile.values()) {
    entry.checks.sort((a, b) => (order.get(a.checker) ?? 0) - (order.get(b.checker) ?? 0));
    for (const check of entry.checks) {
      const info = infoOf.get(check.checker);
      if (check.status !== 'error' || !info?.version || info.path === 'builtin') continue;
      check.reason = `${check.reason ?? 'failed'} [${check.checker} ${info.version}${info.untested ? `: ${info.untested}` : ''}]`;
    }
  }
  return { byFile, checkers: infos };
}

/**
 * One command checker call whose failure stays with the file that caused it: when a call over
 * several files breaks (a crash, output its parser cannot read, not a time-out), each file is
 * checked again alone, so the others keep the verdicts they would have had on their own.
 * Project-mode calls (one folder) are one check and fail as one.
 */
async function callAlone(checker: Exclude<Checker, { kind: 'builtin' }>, files: string[], cwd: string, invocation: Invocation | undefined, dir: string | undefined, timeoutMs: number, versionArgs?: readonly string[]): Promise<CallResult> {
  const result = await callChecker(checker, files, cwd, invocation, dir, timeoutMs, versionArgs);
  const why = result.parsed.failure;
  if (why === undefined || files.length < 2 || checker.mode === 'project' || /^timed out/.test(why)) return result;
  const started = performance.now();
  // One after the other, in the slot this call holds.
  const parts: CallResult[] = [];
  for (const file of files) parts.push(await callChecker(checker, [file], cwd, invocation, dir, timeoutMs));
  const errors: Record<string, FileError> = {};
  parts.forEach((part, i) => {
    const file = files[i] ?? '';
    if (part.parsed.failure) errors[file] = { reason: part.parsed.failure, ...(part.raw ? { output: part.raw } : {}) };
    for (const [f, e] of Object.entries(part.parsed.errors ?? {})) errors[f] = e;
  });
  const ok = parts.filter((p) => !p.parsed.failure);
  const skipped = Object.assign({}, ...ok.map((p) => p.parsed.skipped ?? {})) as Record<string, string>;
  return {
    durationMs: result.durationMs + Math.round(performance.now() - started),
    parsed: {
      diagnostics: ok.flatMap((p) => p.parsed.diagnostics),
      ...(Object.keys(skipped).length > 0 ? { skipped } : {}),
      ...(Object.keys(errors).length > 0 ? { errors } : {}),
    },
    ...(result.route ? { route: result.route } : {}),
  };
}

/** Why a checker that can run a repository's code skipped a file outside the repository. */
export function outsideReason(checker: string): string {
  return `outside the repository (${checker} can run code from the files it checks)`;
}

/** The commands a checker can run as, for "not installed": `docker compose or docker-compose`. */
function commandNames(checker: Exclude<Checker, { kind: 'builtin' }>): string {
  const name = (command: string, args: readonly string[]): string => (command === 'docker' && args[0] && !args[0].startsWith('-') && !args[0].startsWith('{') ? `docker ${args[0]}` : command);
  const names = [name(checker.command, checker.args), ...checker.alternatives.map((a) => name(a.command, a.args))];
  return [...new Set(names)].join(' or ');
}

/** Keeps the route a checker's calls took: once any call took the plain path, that is reported. */
function noteRoute(info: CheckerInfo | undefined, route: Route): void {
  if (!info) return;
  if (!info.route || (info.route.fast && !route.fast)) info.route = route;
}

/**
 * Counts files whose checkers have all finished (each checker covers a file by exactly one call
 * or one cached result); returns the function to call with the files of each call or hit.
 */
function progressCounter(targets: readonly CheckTarget[], plans: readonly Plan[], report?: (done: number, total: number) => void): (files: readonly CheckTarget[]) => void {
  if (!report) return () => undefined;
  const pending = new Map<string, number>(targets.map((t) => [t.absPath, 0]));
  for (const plan of plans) for (const file of plan.files) pending.set(file.absPath, (pending.get(file.absPath) ?? 0) + 1);
  let done = [...pending.values()].filter((n) => n === 0).length;
  report(done, targets.length);
  return (files) => {
    for (const file of files) {
      const left = (pending.get(file.absPath) ?? 1) - 1;
      pending.set(file.absPath, left);
      if (left === 0) done++;
    }
    report(done, targets.length);
  };
}

function recordMissing(entry: FileChecks | undefined, checker: string, reason: string, policy: CheckerPolicy): void {
  if (!entry) return;
  entry.checks.push({ checker, status: 'skipped', durationMs: 0, reason });
  if (policy !== 'required') return;
  entry.diagnostics.push({
    line: 1,
    column: 1,
    severity: 'error',
    rule: 'checker-missing',
    message: `required checker ${checker} did not run: ${reason}`,
    source: 'iacgen',
  });
}

/** Splits one checker's files into calls according to its mode. */
export function planCalls(checker: Checker, invocation: Invocation | undefined, files: CheckTarget[], cwd: string): Call[] {
  const base = invocation ? { checker, invocation } : { checker };
  switch (checker.mode) {
    case 'file':
      return files.map((file) => ({ ...base, files: [file] }));
    case 'files': {
      const calls: Call[] = [];
      for (let i = 0; i < files.length; i += checker.batchSize) {
        calls.push({ ...base, files: files.slice(i, i + checker.batchSize) });
      }
      return calls;
    }
    case 'project': {
      const byDir = new Map<string, CheckTarget[]>();
      for (const file of files) {
        const dir = path.dirname(file.absPath);
        byDir.set(dir, [...(byDir.get(dir) ?? []), file]);
      }
      return [...byDir].map(([dir, group]) => ({ ...base, files: group, dir: relative(cwd, dir) }));
    }
  }
}

/** Adds one call's (or cached result's) records and diagnostics to its files. */
function fold(call: Pick<Call, 'checker' | 'files'>, result: CallResult, cwd: string, byFile: Map<string, FileChecks>, cached = false): void {
  const { checker } = call;
  // A cached result keeps the duration of the call that produced it.
  const { parsed, durationMs } = result;
  const mark = cached ? { cached: true } : {};
  const first = call.files[0]?.absPath ?? '';
  const failing = new Set<string>();
  const skipped = new Map(Object.entries(parsed.skipped ?? {}).map(([file, why]) => [path.resolve(cwd, file), why]));
  for (const d of parsed.diagnostics) {
    const absPath = path.resolve(cwd, d.file);
    const owner = byFile.has(absPath) ? absPath : first;
    const entry = byFile.get(owner);
    if (!entry) continue;
    const { file: _file, ...diagnostic } = d;
    entry.diagnostics.push(diagnostic);
    if (d.severity === 'error') failing.add(owner);
  }
  const errors = new Map(Object.entries(parsed.errors ?? {}).map(([file, error]) => [path.resolve(cwd, file), error]));
  for (const file of call.files) {
    const entry = byFile.get(file.absPath);
    if (!entry) continue;
    const skipReason = skipped.get(file.absPath);
    const error = parsed.failure ? { reason: parsed.failure, output: result.raw } : errors.get(file.absPath);
    if (error) {
      entry.checks.push({ checker: checker.id, status: 'error', durationMs, reason: error.reason, ...(error.output ? { output: error.output } : {}) });
      entry.diagnostics.push({
        line: 1,
        column: 1,
        severity: 'error',
        rule: 'checker-failed',
        message: `${checker.id} could not check this file: ${error.reason}`,
        source: checker.id,
      });
    } else if (skipReason !== undefined && !failing.has(file.absPath)) {
      entry.checks.push({ checker: checker.id, status: 'skipped', durationMs, reason: skipReason, ...mark });
    } else {
      entry.checks.push({ checker: checker.id, status: failing.has(file.absPath) ? 'fail' : 'pass', durationMs, ...mark });
    }
  }
}

/** `absPath` relative to `cwd`, as a checker argument: `./-x.sh` so no name reads as an option. */
function relative(cwd: string, absPath: string): string {
  const rel = path.relative(cwd, absPath) || '.';
  return rel.startsWith('-') ? `./${rel}` : rel;
}
