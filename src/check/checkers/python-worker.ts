/**
 * One Python process for many calls of a Python command-line checker (`ansible-playbook`,
 * `docker-compose`): the worker imports the tool once, then forks a child per file that runs the
 * tool's own script, unchanged, with that file's arguments. Each child starts from the state of a
 * fresh `tool args...` process at the moment its script runs, modules already imported aside
 * (nothing a previous file did can leak: no global, cache or plugin path survives a child), so the
 * verdicts are the CLI's own; only the interpreter's start-up and the imports are paid once.
 * `test/e2e/ansible-batch.test.ts` holds the proof: same output, byte for byte, on every fixture.
 *
 * The worker runs under the interpreter named on the tool's `#!` line, read at run time (the
 * `python3` on PATH may lack the tool's libraries). When that cannot work (no shebang, not a
 * Python script, the preload import fails), each file is checked by the command line, as before.
 */
import { readlinkSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { callChecker, expandArgs, RAW_OUTPUT_LIMIT, type CallResult } from '../call.js';
import type { Invocation } from '../manifest.js';
import { findOnPath } from '../probe.js';
import { pythonOf } from '../shebang.js';
import type { CheckerOutput, CommandChecker, FileError, ParsedDiagnostic, ParsedOutput, Route } from '../types.js';
import { readJson } from './shared.js';
import { versionTextOf } from '../version-text.js';

/**
 * The worker (a fork server). `argv`: the tool's path, a JSON options object (`preload`: modules
 * the script imports first, imported before any fork; `skip`: module name prefixes never
 * imported ahead; `parent`: `{pid, ns}`, the process the worker must die with and its pid
 * namespace, as `/proc/self/ns/pid` names it), then each job as a count and that many arguments. It prints one JSON line
 * `{"ready": true, "version": ...}` (or `{"ready": false, "error": ...}` and exits 3 when the
 * preload fails, `{"ready": false, "unproven": ...}` when the `proven` distribution's version is
 * outside its range, read with `importlib.metadata` before any import), then
 * one JSON line per job, in order: `exitCode` (or `signal`), `stdout`, `stderr`.
 *
 * Per job it forks; the child points fds 1 and 2 at temporary files, sets `sys.argv` as the CLI
 * would have it and runs the tool's script as `__main__` (`runpy.run_path`), then exits with the
 * script's status after the atexit handlers the run registered, as the interpreter would.
 * After each job but the last the worker imports, in itself, the modules that job loaded, only when
 * `find_spec` finds the very same file and it lies outside the working directory (never
 * repository code), so later children skip those imports; an import runs the same code either way.
 * A plan's `prelude` (Python source) runs in each child just before the script (see {@link WorkerPlan}).
 * `python -c` puts the working directory first on `sys.path`: it is dropped before any import,
 * and the script's directory is put there instead, as for `python3 /usr/bin/tool` (unless `-I`,
 * `-P` or PYTHONSAFEPATH say not to, as they would for the script).
 * The worker and each child die with their parent (`PR_SET_PDEATHSIG`), so iacgen killed with
 * SIGKILL leaves no Python process behind.
 * Children never write to the protocol channel (a dup of the original stdout); the worker's own
 * fd 1 points at /dev/null, so nothing a preload prints can corrupt it (its stderr stays, for
 * the report when the worker itself breaks).
 * Must not contain the substrings "{" + "file}" or "{" + "dir}" (the runner expands those).
 */
export const PYTHON_CLI_WORKER = String.raw`
import sys
if sys.path and sys.path[0] in ('', '.'):
    del sys.path[0]
import atexit, importlib, importlib.util, json, os, runpy, tempfile, traceback


def die_with_parent(parent):
    # prctl(PR_SET_PDEATHSIG, SIGKILL), Linux: the kernel kills this process when its parent
    # dies, even by SIGKILL. A parent already gone before the call (another ppid, seen from the
    # parent's own pid namespace: a sandbox has its own, and dies with its parent itself) means
    # exit now.
    try:
        import ctypes, signal
        ctypes.CDLL(None, use_errno=True).prctl(1, int(signal.SIGKILL), 0, 0, 0)
    except BaseException:
        return
    try:
        same_namespace = parent['ns'] == os.readlink('/proc/self/ns/pid')
    except BaseException:
        same_namespace = False
    if same_namespace and os.getppid() != parent['pid']:
        os._exit(1)


tool = sys.argv[1]
options = json.loads(sys.argv[2])
die_with_parent(options.get('parent') or {})
worker = {'pid': os.getpid(), 'ns': os.readlink('/proc/self/ns/pid')}
rest = sys.argv[3:]
jobs = []
at = 0
while at < len(rest):
    count = int(rest[at])
    jobs.append(rest[at + 1:at + 1 + count])
    at += 1 + count
skip = tuple(options.get('skip') or ())
prelude = options.get('prelude') or ''
if not (getattr(sys.flags, 'safe_path', False) or sys.flags.isolated):
    sys.path.insert(0, os.path.dirname(os.path.realpath(tool)))
sys.argv = [tool]

channel = os.fdopen(os.dup(1), 'w', encoding='utf-8')
null = os.open(os.devnull, os.O_RDWR)
os.dup2(null, 1)
os.close(null)


def emit(message):
    channel.write(json.dumps(message) + '\n')
    channel.flush()


found_version = None
proven = options.get('proven')
if proven:
    import re
    from importlib import metadata

    def major_minor(text):
        # Debian marks a downgrade as '25.6.1+really25.2.1': the part after 'really' is what runs.
        return tuple(int(n) for n in re.findall(r'[0-9]+', text.split('really')[-1])[:2])

    try:
        found_version = metadata.version(proven['distribution'])
    except BaseException as error:
        emit({'ready': False, 'unproven': 'the version of %s cannot be read (%s)' % (proven['distribution'], error)})
        sys.exit(3)
    if not (major_minor(proven['from']) <= major_minor(found_version) <= major_minor(proven['through'])):
        emit({'ready': False, 'version': found_version, 'unproven': '%s %s is outside %s-%s, the versions the fast path was proven on' % (proven['distribution'], found_version, proven['from'], proven['through'])})
        sys.exit(3)

try:
    for name in options.get('preload') or ():
        importlib.import_module(name)
except BaseException:
    emit({'ready': False, 'error': traceback.format_exc()})
    sys.exit(3)
emit({'ready': True, 'python': sys.version.split()[0], 'version': found_version})


def exit_status(error):
    code = error.code
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF
    try:
        print(code, file=sys.stderr)
    except BaseException:
        pass
    return 1


def child(args, out, err, learn):
    status = 1
    try:
        die_with_parent(worker)
        os.close(channel.fileno())
        atexit._clear()
        os.dup2(out.fileno(), 1)
        os.dup2(err.fileno(), 2)
        before = set(sys.modules)
        sys.argv = [tool] + args
        try:
            if prelude:
                exec(compile(prelude, '<iacgen prelude>', 'exec'), {'__name__': '__iacgen_prelude__'})
            runpy.run_path(tool, run_name='__main__')
            status = 0
        except SystemExit as error:
            status = exit_status(error)
        except BaseException:
            traceback.print_exc()
            status = 1
        try:
            atexit._run_exitfuncs()
        except BaseException:
            pass
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except BaseException:
                pass
        if learn is not None:
            loaded = []
            for name in sorted(set(sys.modules) - before):
                spec = getattr(sys.modules.get(name), '__spec__', None)
                origin = getattr(spec, 'origin', None)
                if isinstance(origin, str):
                    loaded.append([name, origin])
            learn.write(json.dumps(loaded).encode('utf-8'))
            learn.flush()
    finally:
        os._exit(status)


def warm(learn):
    learn.seek(0)
    try:
        loaded = json.loads(learn.read().decode('utf-8') or '[]')
    except ValueError:
        return
    here = os.path.realpath(os.getcwd()) + os.sep
    for name, origin in loaded:
        if name in sys.modules or name == '__main__' or (skip and name.startswith(skip)):
            continue
        if os.path.realpath(origin).startswith(here):
            continue
        try:
            spec = importlib.util.find_spec(name)
            if spec is not None and spec.origin == origin:
                importlib.import_module(name)
        except BaseException:
            pass


def read(handle):
    handle.seek(0)
    return handle.read().decode('utf-8', 'replace')


for index, args in enumerate(jobs):
    learn = tempfile.TemporaryFile() if index < len(jobs) - 1 else None
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        pid = os.fork()
        if pid == 0:
            child(args, out, err, learn)
        _, wait = os.waitpid(pid, 0)
        result = {'stdout': read(out), 'stderr': read(err)}
    if os.WIFSIGNALED(wait):
        result['signal'] = os.WTERMSIG(wait)
    else:
        result['exitCode'] = os.WEXITSTATUS(wait)
    emit(result)
    if learn is not None:
        warm(learn)
        learn.close()
`;

/** This process's pid namespace as `/proc/self/ns/pid` names it (`pid:[4026531836]`), '' if unreadable. */
function pidNamespace(): string {
  try {
    return readlinkSync('/proc/self/ns/pid');
  } catch {
    return '';
  }
}

/** How the worker imports the tool: modules its script imports first, and prefixes never imported ahead. */
export interface WorkerPlan {
  /** Imported once before any fork (the script's own first import, e.g. `ansible.cli.playbook`). */
  preload: string[];
  /** Module name prefixes never imported ahead (loaded from per-file locations, e.g. `ansible_collections`). */
  skip?: string[];
  /**
   * One job for the whole call (the checker's args with all its files, as one CLI call) instead
   * of one job per file: for a tool whose verdict on a file depends on the others (ansible-lint
   * resolves what a playbook pulls in), run in the worker only to apply the `prelude`.
   */
  perCall?: boolean;
  /**
   * Python source run in each child right before the tool's script, in a namespace of its own.
   * It may only change how the tool does its work, never what it reports; it must catch its own
   * errors (an exception here is the job's failure).
   */
  prelude?: string;
  /**
   * The versions this plan was proven on (same verdicts as the plain CLI, byte for byte, in
   * `test/e2e/ansible-batch.test.ts`): outside them the worker does not start and every file
   * goes through the plain CLI. Unset: proven for every version (it changes nothing but start-up).
   */
  proven?: ProvenRange;
}

/**
 * A range of a Python distribution's versions (as `importlib.metadata.version` reads them),
 * compared by major.minor, both ends included: `{ distribution: 'ansible-core', from: '2.14', through: '2.22' }`.
 */
export interface ProvenRange {
  distribution: string;
  from: string;
  through: string;
}

/** One call of a command checker as the runner hands it over. */
export interface CommandCall {
  /** Files relative to `cwd`, as the CLI would get them. */
  files: string[];
  /** Absolute working directory of the call. */
  cwd: string;
  /** How the runner resolved the checker (`path` set when resolved on PATH). */
  invocation: Pick<Invocation, 'command' | 'args'> & { path?: string };
  timeoutMs: number;
  /**
   * The tool's version arguments: when set, the worker runs them as one more job after the files
   * (a fork of the process that has the tool imported already, where the plain `tool --version`
   * would pay the interpreter's start-up and the imports again), and the result carries the text.
   */
  versionArgs?: readonly string[];
}

// Where a tool's interpreter is read from: `../shebang.ts` (the result cache needs it too).
export { pythonOf, shebangOf } from '../shebang.js';

const readySchema = z.object({ ready: z.boolean(), error: z.string().optional(), unproven: z.string().optional(), version: z.string().nullish() });
const resultSchema = z.object({
  exitCode: z.number().int().optional(),
  signal: z.number().int().optional(),
  stdout: z.string(),
  stderr: z.string(),
});
/** One file's result as the worker reports it. */
export type WorkerResult = z.infer<typeof resultSchema>;

/** What the worker reported: whether it started, and one result per job it finished. */
interface WorkerReport {
  ready: boolean;
  why?: string;
  /** The `proven` distribution's version, when the plan has one. */
  version?: string;
  /** Set when it did not start because the version is outside the proven range. */
  unproven?: boolean;
  results: WorkerResult[];
}

/** Reads the worker's JSON lines; stops at the first line that is not one. */
function readReport(stdout: string): WorkerReport {
  const lines = stdout.split('\n').filter((l) => l.trim() !== '');
  const ready = readySchema.safeParse(readJson(lines[0] ?? ''));
  if (!ready.success) return { ready: false, why: 'the worker printed no ready line', results: [] };
  const version = ready.data.version ? { version: ready.data.version } : {};
  if (ready.data.unproven) return { ready: false, why: ready.data.unproven, unproven: true, ...version, results: [] };
  if (!ready.data.ready) return { ready: false, why: ready.data.error ?? 'the worker could not import the tool', results: [] };
  const results: WorkerResult[] = [];
  for (const line of lines.slice(1)) {
    const result = resultSchema.safeParse(readJson(line));
    if (!result.success) break;
    results.push(result.data);
  }
  return { ready: true, ...version, results };
}

const SIGNALS: Record<number, string> = { 1: 'SIGHUP', 2: 'SIGINT', 6: 'SIGABRT', 9: 'SIGKILL', 11: 'SIGSEGV', 15: 'SIGTERM' };

function firstLines(text: string, max = 3): string {
  return text.trim().split('\n').slice(0, max).join(' ').slice(0, 400);
}

/** Parses one job's output as the CLI call's would be, with callChecker's exit-code rule. */
function parseJob(checker: CommandChecker, files: string[], result: WorkerResult, cwd: string): { parsed: ParsedOutput; raw: string } {
  const raw = `${result.stdout}${result.stderr}`.trim().slice(0, RAW_OUTPUT_LIMIT);
  if (result.exitCode === undefined) {
    const signal = result.signal === undefined ? 'unknown' : (SIGNALS[result.signal] ?? `signal ${result.signal}`);
    return { raw, parsed: { diagnostics: [], failure: `killed by ${signal}` } };
  }
  const output: CheckerOutput = { stdout: result.stdout, stderr: result.stderr, exitCode: result.exitCode, files, cwd };
  const parsed = checker.parse(output);
  if (!parsed.failure && !checker.okExitCodes.includes(result.exitCode)) {
    const detail = firstLines(result.stderr || result.stdout);
    return { raw, parsed: { ...parsed, failure: `exited with code ${result.exitCode}${detail ? `: ${detail}` : ''}` } };
  }
  return { raw, parsed };
}

/** One job's parsed result: the files it covered (as passed), joined for messages. */
interface Part {
  files: string[];
  parsed: ParsedOutput;
  raw?: string;
}

/**
 * Folds per-job results into one call result. A job that broke marks its own files only
 * (`parsed.errors`), as if each file had been checked alone; a whole-call job (`perCall`) that
 * broke fails the call, since its files were one CLI call.
 */
function merge(parts: readonly Part[], durationMs: number, perCall = false): CallResult {
  const diagnostics: ParsedDiagnostic[] = [];
  const skipped: Record<string, string> = {};
  const errors: Record<string, FileError> = {};
  let failure: string | undefined;
  let raw: string | undefined;
  for (const part of parts) {
    if (part.parsed.failure && perCall) {
      failure ??= part.parsed.failure;
      raw ??= part.raw;
    } else if (part.parsed.failure) {
      for (const file of part.files) errors[file] = { reason: part.parsed.failure, ...(part.raw ? { output: part.raw } : {}) };
      continue; // a broken job's findings are not trusted
    }
    diagnostics.push(...part.parsed.diagnostics);
    Object.assign(skipped, part.parsed.skipped ?? {});
    Object.assign(errors, part.parsed.errors ?? {});
  }
  const parsed: ParsedOutput = {
    diagnostics,
    ...(Object.keys(skipped).length > 0 ? { skipped } : {}),
    ...(Object.keys(errors).length > 0 ? { errors } : {}),
    ...(failure ? { failure } : {}),
  };
  return { durationMs, parsed, ...(failure && raw ? { raw } : {}) };
}

/** The files of each job of a call: one file each, or all of them at once (`perCall`). */
function jobsOf(plan: Pick<WorkerPlan, 'perCall'>, files: string[]): string[][] {
  return plan.perCall ? [files] : files.map((file) => [file]);
}

/** The command line of `checker` for one job (its args with `{file}`, `{files}` and `{options}`). */
async function jobArgs(checker: CommandChecker, invocation: CommandCall['invocation'], files: string[], cwd: string): Promise<string[]> {
  return expandArgs(invocation.args, files, undefined, checker.callOptions ? await checker.callOptions(files, cwd) : []);
}

/**
 * Checks each file with its own command-line call, one after the other (the runner gave this
 * call one slot), or all of them in one call (`perCall`): the fallback when the worker cannot
 * start. A file whose call breaks marks itself only.
 */
export async function callEachFile(checker: CommandChecker, call: CommandCall, plan: Pick<WorkerPlan, 'perCall'> = {}): Promise<CallResult> {
  const started = performance.now();
  const plain: CommandChecker = plan.perCall ? { ...checker } : { ...checker, mode: 'file' };
  delete (plain as { run?: unknown }).run;
  const parts: Part[] = [];
  for (const files of jobsOf(plan, call.files)) {
    const timeoutMs = Math.max(1, Math.round(call.timeoutMs - (performance.now() - started)));
    const result = await callChecker(plain, files, call.cwd, call.invocation, undefined, timeoutMs);
    parts.push({ files, parsed: result.parsed, ...(result.raw ? { raw: result.raw } : {}) });
  }
  return merge(parts, Math.round(performance.now() - started), plan.perCall);
}

/** Options of {@link callInPythonWorker} that tests use. */
export interface WorkerOptions {
  /** Called when the worker could not be used and every file went through the CLI, with why. */
  onFallback?: (why: string) => void;
}

/** What one worker run produced: per file, in order, what the CLI would have printed and returned. */
export interface WorkerRun {
  /** Set when the worker could not be used (not a Python script, the preload failed, an unproven version): why. */
  unusable?: string;
  /** True when it was unusable because the tool's version is outside the plan's proven range. */
  unproven?: boolean;
  /** The plan's `proven` distribution's version, as the worker read it. */
  version?: string;
  /** One result per job it finished, in the order of the jobs. */
  results: WorkerResult[];
  /** What the version job printed (`call.versionArgs`), when it ran and exited 0. */
  versionText?: string;
  /** The worker call's own failure (time-out, killed, exit code), if any. */
  failure?: string;
  raw?: string;
  durationMs: number;
}

/**
 * Runs the worker on the files of a call and returns each job's raw result (exit status,
 * stdout, stderr), without parsing them. Never throws for the tool's or the worker's failures.
 */
export async function runPythonWorker(checker: CommandChecker, plan: WorkerPlan, call: CommandCall): Promise<WorkerRun> {
  const started = performance.now();
  const elapsed = (): number => Math.round(performance.now() - started);
  const tool = call.invocation.path ?? (await findOnPath(call.invocation.command));
  if (!tool) return { unusable: `${call.invocation.command} not found on PATH`, results: [], durationMs: elapsed() };
  const python = await pythonOf(tool);
  if (!python) return { unusable: `${tool} is not a Python script`, results: [], durationMs: elapsed() };
  const [interpreter = '', ...interpreterArgs] = python;
  const jobs: string[] = [];
  for (const files of jobsOf(plan, call.files)) {
    const args = await jobArgs(checker, call.invocation, files, call.cwd);
    jobs.push(String(args.length), ...args);
  }
  if (call.versionArgs) jobs.push(String(call.versionArgs.length), ...call.versionArgs);
  let captured: CheckerOutput | undefined;
  const worker: CommandChecker = {
    ...checker,
    command: interpreter,
    args: [...interpreterArgs, '-c', PYTHON_CLI_WORKER, '{files}'],
    mode: 'files',
    okExitCodes: [0],
    alternatives: [],
    parsePartial: true,
    parse: (output) => {
      captured = output;
      return { diagnostics: [] };
    },
  };
  delete worker.callOptions;
  delete (worker as { run?: unknown }).run;
  const options = { preload: plan.preload, skip: plan.skip ?? [], prelude: plan.prelude ?? '', parent: { pid: process.pid, ns: pidNamespace() }, ...(plan.proven ? { proven: plan.proven } : {}) };
  const argv = [tool, JSON.stringify(options), ...jobs];
  const result = await callChecker(worker, argv, call.cwd, worker, undefined, call.timeoutMs);
  const raw = result.raw ? { raw: result.raw } : {};
  if (!captured || (/^(killed by|timed out)/.test(result.parsed.failure ?? '') && captured.stdout === '')) {
    // No output at all: killed or timed out (a failure), or it could not be spawned (unusable).
    const why = result.parsed.failure ?? 'the worker produced no output';
    if (/^(killed by|timed out)/.test(why)) return { results: [], failure: why, ...raw, durationMs: elapsed() };
    return { unusable: why, results: [], durationMs: elapsed() };
  }
  const report = readReport(captured.stdout);
  if (!report.ready && /^(killed by|timed out)/.test(result.parsed.failure ?? '')) return { results: [], failure: result.parsed.failure, ...raw, durationMs: elapsed() };
  const version = report.version ? { version: report.version } : {};
  if (report.unproven) return { unusable: report.why ?? 'unproven version', unproven: true, ...version, results: [], durationMs: elapsed() };
  if (!report.ready) {
    const detail = firstLines(captured.stderr);
    return { unusable: `${report.why ?? 'the worker did not start'}${detail ? ` (${detail})` : ''}`, results: [], durationMs: elapsed() };
  }
  const expected = jobsOf(plan, call.files).length;
  const short = report.results.length < expected ? `the worker stopped after ${report.results.length} of ${expected} jobs` : undefined;
  // The version job, last: its result never counts as a file's, and its failure fails nothing.
  const asked = call.versionArgs ? report.results[expected] : undefined;
  const versionText = asked?.exitCode === 0 ? { versionText: versionTextOf(asked.stdout, asked.stderr) } : {};
  // A worker that broke in the version job, after every file's, failed nothing.
  const failure = short === undefined && call.versionArgs && !asked ? undefined : (result.parsed.failure ?? short);
  return { results: report.results.slice(0, expected), ...version, ...versionText, ...(failure ? { failure } : {}), ...raw, durationMs: elapsed() };
}

/** The route of a call that ran in the worker, or went through the CLI because it could not. */
function routeOf(plan: WorkerPlan, run: Pick<WorkerRun, 'unusable' | 'version'>): Route {
  if (run.unusable !== undefined) return { fast: false, why: run.unusable };
  const range = plan.proven ? ` (${plan.proven.distribution} ${run.version ?? '?'}; proven on ${plan.proven.from}-${plan.proven.through})` : '';
  return { fast: true, why: `one Python worker per call${range}` };
}

/**
 * Runs one call of a Python command-line checker in one worker process: the checker's per-file
 * args (`{file}`, `{options}`) for each file, its parser and exit codes on each file's output,
 * exactly as the CLI call would be parsed. Never throws for the checker's failures. The result's
 * `route` says whether the worker ran, or why not.
 *
 * - not a Python script, the preload fails, or a version outside `plan.proven`: each file
 *   through the CLI ({@link callEachFile});
 * - a job killed, or an exit code outside `okExitCodes`: that file's `error` (`parsed.errors`);
 * - the worker dies part-way: the file it was on gets `error`, the files after it are checked by
 *   a new worker; a time-out: the unfinished files get `error` (never a pass);
 * - with `perCall` (one job for all files), any failure fails the call.
 */
export async function callInPythonWorker(checker: CommandChecker, plan: WorkerPlan, call: CommandCall, options: WorkerOptions = {}): Promise<CallResult> {
  if (call.files.length === 0) return { durationMs: 0, parsed: { diagnostics: [] } };
  const started = performance.now();
  const parts: Part[] = [];
  let files = call.files;
  let first: WorkerRun | undefined;
  while (files.length > 0) {
    const timeoutMs = Math.max(1, Math.round(call.timeoutMs - (performance.now() - started)));
    // The version job rides on the first worker only.
    const run = await runPythonWorker(checker, plan, { ...call, files, timeoutMs, ...(first ? { versionArgs: undefined } : {}) });
    first ??= run;
    if (run.unusable !== undefined) {
      // A worker that cannot start (no Python shebang, an import error, an unproven version): the CLI decides.
      options.onFallback?.(run.unusable);
      const plain = await callEachFile(checker, { ...call, files, timeoutMs }, plan);
      parts.push({ files, parsed: plain.parsed, ...(plain.raw ? { raw: plain.raw } : {}) });
      break;
    }
    const jobs = jobsOf(plan, files);
    run.results.forEach((r, i) => {
      const job = jobs[i] ?? [];
      parts.push({ files: job, ...parseJob(checker, job, r, call.cwd) });
    });
    if (run.failure === undefined && run.results.length === jobs.length) break;
    // Results come back in order: the first job without one is where the worker stopped.
    const at = run.results.length;
    const timedOut = /^timed out/.test(run.failure ?? '');
    const why = `${checker.id} worker failed${plan.perCall || timedOut ? '' : ` at ${(jobs[at] ?? []).join(', ')}`}: ${run.failure ?? 'no result'}`;
    const stopped = plan.perCall || timedOut ? jobs.slice(at) : jobs.slice(at, at + 1);
    for (const job of stopped) parts.push({ files: job, parsed: { diagnostics: [], failure: why }, ...(run.raw ? { raw: run.raw } : {}) });
    files = jobs.slice(at + stopped.length).flat();
  }
  const merged = merge(parts, Math.round(performance.now() - started), plan.perCall);
  return { ...merged, route: routeOf(plan, first ?? { unusable: 'no files' }), ...(first?.versionText !== undefined ? { versionText: first.versionText } : {}) };
}
