/**
 * `ansible-lint`, with no duplicate work and no hidden findings: the same checker (id, command
 * line, parser, exit codes, environment), whose calls
 *
 * 1. run in the Python worker (`python-worker.ts`, one job per call: ansible-lint's own script
 *    with the call's arguments), where a prelude makes ansible-lint's syntax check, the
 *    `ansible-playbook --syntax-check PLAYBOOK` process it starts per playbook (ansible-lint 6.13.1
 *    `rules/syntax_check.py`, 25.2.1 and 26.4.0 `runner.py`; 0.3 s to 1 s each, mostly Python
 *    start-up and ansible's imports),
 *    run all at once in one `ansible-playbook` worker (`ansible-syntax-batch.ts`: one fork per
 *    playbook of a process that imported ansible once, output identical to the CLI's) started with
 *    the very command, environment and folder ansible-lint would have used;
 * 2. are re-run without the broken files when ansible-lint's first phase found any (see
 *    {@link callUngated}).
 *
 * The prelude changes how the syntax checks run, never what ansible-lint receives: each one gets
 * the `CompletedProcess` the real process would have given (exit status, stdout, stderr).
 * Whatever it does not recognise (another ansible-lint whose hook points differ, an
 * `ansible-playbook` under another interpreter, a worker that cannot start) runs as the real
 * process. `test/e2e/ansible-batch.test.ts` compares the worker with the CLI, byte for byte, on
 * every ansible-lint generation ({@link ANSIBLE_LINT_PROVEN}); outside that range the worker does
 * not start and the plain CLI runs. The prelude also keeps ansible-lint 25+'s `.ansible` cache out
 * of the checked tree; when the plain CLI ran instead, {@link withoutLeftovers} removes it.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { CallResult } from '../call.js';
import type { CommandChecker, FileError, ParsedDiagnostic } from '../types.js';
import { ANSIBLE_PLAYBOOK_WORKER, type SelfRunningChecker } from './ansible-syntax-batch.js';
import { GATE_RULES } from './ansible-lint-data.js';
import { withoutLeftovers } from './ansible-lint-leftovers.js';
import { ansibleLint, baseRule } from './ansible-lint.js';
import { unwrap } from './ansible-output.js';
import { readJson } from './shared.js';
import { callInPythonWorker, PYTHON_CLI_WORKER, type CommandCall, type ProvenRange, type WorkerOptions, type WorkerPlan } from './python-worker.js';
import { makeTempDir, removeTempDir } from '../../process/shutdown.js';

/**
 * Runs in ansible-lint's process before its script. Hook points:
 *
 * - ansible-lint 6.13.1: `runner.py` `Runner.run` maps its local `worker` over the playbooks with
 *   `multiprocessing.pool.ThreadPool(...).map`, and `worker` calls
 *   `AnsibleSyntaxCheckRule._get_ansible_syntax_check_matches` (`rules/syntax_check.py`), which
 *   calls `subprocess.run(cmd, stdin=PIPE, capture_output=True, shell=False, text=True,
 *   check=False, env=env)` through `ansiblelint.rules.syntax_check.subprocess`;
 * - ansible-lint 25.2.1 and 26.4.0: the same, moved into `runner.py`: `Runner._run` maps its local
 *   `worker` (`Runner._run.<locals>.worker`) with `ThreadPool(...).map`, `worker` calls
 *   `Runner._get_ansible_syntax_check_matches`, which calls the same `subprocess.run` through
 *   `ansiblelint.runner.subprocess` (26.4.0 falls back to `concurrent.futures` when the pool cannot
 *   start: then nothing is hooked and the real processes run).
 *
 * Before the real map, the pool calls `worker` on each playbook with `run` recording the command
 * instead of running it (it raises, so nothing else happens), runs the recorded commands in one
 * worker, and keeps the results; the real map then finds each command's result ready.
 *
 * It also keeps ansible-lint's cache out of the checked tree: ansible-compat 25.1.5 / 26.3.0
 * `prerun.get_cache_dir(project_dir, isolated=True)` makes `<project_dir>/.ansible` (with
 * `roles/` and `collections/`) whenever that folder is writable, before `VIRTUAL_ENV` or
 * `ANSIBLE_HOME` count, and ansible-lint calls it twice (`__main__.py` with the project root,
 * `app.py` through `Runtime(isolated=True)` with the working directory in 25.2.1, the project
 * root in 26.4.0). When that `.ansible` does not exist yet, the patched function gives
 * `$IACGEN_ANSIBLE_LINT_CACHE/<hash of the folder>/.ansible` instead (a temporary folder when
 * unset): a fresh, empty cache, as a first run in a fresh clone would have. An `.ansible` that
 * exists (the user's own, maybe with installed collections) is used as ansible-lint would.
 * ansible-compat 3.0.1 (6.13.1) has no `isolated` argument and caches outside the tree: untouched.
 */
const PRELUDE = String.raw`
def _iacgen_setup(worker_source, plan):
    import concurrent.futures, json, os, shutil, subprocess, sys, multiprocessing.pool

    real_run = subprocess.run
    ready = {}
    recording = []

    class Needed(Exception):
        pass

    def key(cmd, kw):
        return json.dumps([list(cmd), kw.get('cwd'), sorted((kw.get('env') or os.environ).items())])

    class Subprocess:
        def __getattr__(self, name):
            return getattr(subprocess, name)

        @staticmethod
        def run(cmd, *args, **kw):
            found = ready.pop(key(cmd, kw), None)
            if found is not None:
                return found
            if recording:
                recording[-1].append((list(cmd), kw))
                raise Needed()
            return real_run(cmd, *args, **kw)

    def interpreter_of(program):
        try:
            with open(program, 'rb') as handle:
                first = handle.readline(256).decode('utf-8', 'replace').strip()
        except OSError:
            return None
        return first[2:].strip() if first.startswith('#!') and ' ' not in first[2:].strip() else None

    def text(data, kw):
        if not (kw.get('text') or kw.get('universal_newlines') or kw.get('encoding') or kw.get('errors')):
            return data.encode('utf-8', 'surrogateescape')
        return data.replace('\r\n', '\n').replace('\r', '\n')

    memo_path = os.environ.get('IACGEN_SYNTAX_MEMO')

    def load_memo():
        try:
            with open(memo_path, encoding='utf-8') as handle:
                return json.load(handle)
        except (OSError, ValueError, TypeError):
            return {}

    def save_memo(memo):
        try:
            with open(memo_path, 'w', encoding='utf-8') as handle:
                json.dump(memo, handle)
        except (OSError, TypeError):
            pass

    def run_chunk(program, python, cwd, env, items):
        argv = [python, '-c', worker_source, program, json.dumps(dict(plan, parent={'pid': os.getpid(), 'ns': os.readlink('/proc/self/ns/pid')}))]
        for cmd, _kw in items:
            argv += [str(len(cmd) - 1)] + cmd[1:]
        try:
            done = real_run(argv, cwd=cwd, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True, check=False)
            lines = [json.loads(line) for line in done.stdout.splitlines() if line.strip()]
        except (OSError, ValueError):
            return []
        if not lines or not lines[0].get('ready'):
            return []
        return [(cmd, kw, result) for (cmd, kw), result in zip(items, lines[1:]) if result.get('exitCode') is not None]

    def prefetch(needed):
        memo = load_memo() if memo_path else {}
        groups = {}
        for cmd, kw in needed:
            found = memo.get(key(cmd, kw))
            if found is not None:
                ready[key(cmd, kw)] = subprocess.CompletedProcess(cmd, found['exitCode'], text(found['stdout'], kw), text(found['stderr'], kw))
                continue
            if args_ok(kw):
                env = kw.get('env') or dict(os.environ)
                program = shutil.which(cmd[0], path=env.get('PATH', os.defpath)) if cmd else None
                python = interpreter_of(program) if program else None
                if python and os.path.realpath(python) == os.path.realpath(sys.executable):
                    group = (program, python, kw.get('cwd'), json.dumps(sorted(env.items())))
                    groups.setdefault(group, []).append((cmd, kw))
        # As ansible-lint itself does (a thread pool of cpu_count), the checks run side by side:
        # one worker per core, each with a contiguous share of the playbooks.
        jobs = []
        for (program, python, cwd, env), items in groups.items():
            parts = max(1, min(os.cpu_count() or 1, len(items) // 4 or 1))
            size = -(-len(items) // parts)
            for at in range(0, len(items), size):
                jobs.append((program, python, cwd, dict(json.loads(env)), items[at:at + size]))
        with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, len(jobs))) as pool:
            for results in pool.map(lambda job: run_chunk(*job), jobs):
                for cmd, kw, result in results:
                    ready[key(cmd, kw)] = subprocess.CompletedProcess(cmd, result['exitCode'], text(result['stdout'], kw), text(result['stderr'], kw))
                    memo[key(cmd, kw)] = {'exitCode': result['exitCode'], 'stdout': result['stdout'], 'stderr': result['stderr']}
        if memo_path and jobs:
            save_memo(memo)

    def args_ok(kw):
        return kw.get('shell') in (None, False) and kw.get('capture_output') and kw.get('input') is None

    base = multiprocessing.pool.ThreadPool
    # The worker function of each ansible-lint generation, and the module whose subprocess its
    # syntax check calls. Looked up when the map starts, never imported ahead: importing ansible
    # before ansible-lint has set its ANSIBLE_* variables would change ansible's configuration.
    hooks = {
        'Runner.run.<locals>.worker': ('ansiblelint.rules.syntax_check', 'AnsibleSyntaxCheckRule'),
        'Runner._run.<locals>.worker': ('ansiblelint.runner', 'Runner'),
    }

    def hooked(func):
        found = hooks.get(getattr(func, '__qualname__', ''))
        module = sys.modules.get(found[0]) if found else None
        if module is None or not hasattr(module, 'subprocess') or not hasattr(getattr(module, found[1], None), '_get_ansible_syntax_check_matches'):
            return False
        if not isinstance(module.subprocess, Subprocess):
            module.subprocess = Subprocess()
        return True

    class Pool(base):
        def map(self, func, iterable, chunksize=None):
            items = list(iterable)
            if hooked(func):
                recording.append([])
                try:
                    for item in items:
                        try:
                            func(item)
                        except Needed:
                            pass
                finally:
                    needed = recording.pop()
                prefetch(needed)
            return base.map(self, func, items, chunksize)

    multiprocessing.pool.ThreadPool = Pool


def _iacgen_cache_dir():
    import atexit, hashlib, inspect, os, shutil, sys, tempfile
    from pathlib import Path
    import ansible_compat.prerun as prerun

    real = prerun.get_cache_dir
    if 'isolated' not in inspect.signature(real).parameters:
        return
    made = []

    def get_cache_dir(project_dir, *args, **kw):
        isolated = kw.get('isolated', args[0] if args else True)
        folder = Path(project_dir).resolve()
        if not isolated or (folder / '.ansible').exists() or not os.access(folder, os.W_OK):
            return real(project_dir, *args, **kw)
        base = os.environ.get('IACGEN_ANSIBLE_LINT_CACHE')
        if not base:
            if not made:
                made.append(tempfile.mkdtemp(prefix='iacgen-ansible-lint-'))
                atexit.register(shutil.rmtree, made[0], True)
            base = made[0]
        cache = Path(base) / hashlib.sha256(folder.as_posix().encode('utf-8')).hexdigest()[:16] / '.ansible'
        for name in ('roles', 'collections'):
            (cache / name).mkdir(parents=True, exist_ok=True)
        return cache

    prerun.get_cache_dir = get_cache_dir
    for module in list(sys.modules.values()):
        if getattr(module, 'get_cache_dir', None) is real:
            module.get_cache_dir = get_cache_dir


try:
    _iacgen_cache_dir()
except Exception:
    pass
try:
    _iacgen_setup(WORKER_SOURCE, WORKER_PLAN)
except Exception:
    pass
`;

/**
 * The ansible-lint versions the fast path was proven on (inclusive, major.minor of the
 * `ansible-lint` distribution; Debian's "25.6.1+really25.2.1" counts as 25.2): same exit status and
 * output, byte for byte, as the plain CLI on every fixture (`test/e2e/ansible-batch.test.ts`), with
 * ansible-lint 6.13.1 (Debian 12), 25.2.1 (Debian 13) and 26.4.0 (Debian testing).
 */
export const ANSIBLE_LINT_PROVEN: ProvenRange = { distribution: 'ansible-lint', from: '6.13', through: '26.4' };

/** The worker plan: ansible-lint's script, one job per call, with the prelude above. */
export const ANSIBLE_LINT_WORKER: WorkerPlan = {
  preload: [],
  perCall: true,
  proven: ANSIBLE_LINT_PROVEN,
  prelude: `WORKER_SOURCE = ${JSON.stringify(PYTHON_CLI_WORKER)}\nWORKER_PLAN = ${JSON.stringify({ preload: ANSIBLE_PLAYBOOK_WORKER.preload, skip: ANSIBLE_PLAYBOOK_WORKER.skip ?? [], prelude: '' })}\n${PRELUDE}`,
};

/**
 * Whether a finding comes from ansible-lint's first phase (see {@link GATE_RULES}), compared by
 * base name (`syntax-check[unknown-module]`, `load-failure[yaml]`). ansible-lint 6.13.1 (`runner.py`
 * `Runner.run`) runs its rules (phase 2) only when phase 1 found nothing in the whole call: one
 * broken playbook hides every other file's findings. 25.2.1 and 26.4.0 (`Runner._run`) skip only
 * the broken file; the re-run then changes nothing, and costs little (the syntax checks are memoised).
 */
function isGate(d: ParsedDiagnostic): boolean {
  return GATE_RULES.includes(baseRule(d.rule));
}

/** One attempt: one ansible-lint call over the given files. */
type Attempt = (call: CommandCall) => Promise<CallResult>;

/**
 * Failures that are the whole call's, never one file's: a time-out (no time left to re-run), an
 * invalid configuration, the cache lock, an interrupt (`ansible-lint-data.ts` EXIT_CODES).
 */
const WHOLE_CALL_FAILURE = /timed out|killed by SIGINT|INVALID_CONFIG|LOCK_TIMEOUT|EXIT_CONTROL_C/;

/**
 * One ansible-lint call over many files, with every file's verdict as if it were linted without
 * the broken ones: when phase 1 found something (see {@link isGate}), the files it found it in keep
 * those findings and the other files are linted again without them, until a call is not gated.
 * So a file's findings never depend on which other files shared its call (the result cache stores
 * them per linked group of files), and a broken playbook no longer hides the rest. Each further
 * call gets what is left of the time-out.
 *
 * A call over several files that fails as a whole (ansible-lint crashed, printed what the parser
 * cannot read, exited with a code it does not document) is run again one file at a time: a file
 * that fails alone gets `errors[file]` (reason and output), the others their own findings. Failures
 * that cannot be one file's ({@link WHOLE_CALL_FAILURE}) fail the whole call (never a pass).
 */
export async function callUngated(call: CommandCall, attempt: Attempt, brokenPlaybooks?: BrokenPlaybooks): Promise<CallResult> {
  const started = performance.now();
  const left = (): number => Math.max(1, call.timeoutMs - (performance.now() - started));
  const kept: ParsedDiagnostic[] = [];
  let files = call.files;
  for (;;) {
    const result = await rehomed(await attempt({ ...call, files, timeoutMs: left() }), files, brokenPlaybooks);
    const durationMs = Math.round(performance.now() - started);
    if (result.parsed.failure) {
      if (files.length < 2 || WHOLE_CALL_FAILURE.test(result.parsed.failure)) return { ...result, durationMs, parsed: { ...result.parsed, diagnostics: [...kept, ...result.parsed.diagnostics] } };
      const each = await eachAlone({ ...call, files }, attempt, left);
      return { ...each, durationMs: Math.round(performance.now() - started), parsed: { ...each.parsed, diagnostics: [...kept, ...each.parsed.diagnostics] } };
    }
    const gated = new Set(result.parsed.diagnostics.filter(isGate).map((d) => d.file));
    const rest = files.filter((f) => !gated.has(f));
    if (gated.size > 0 && rest.length === files.length && kept.length > 0 && files.length > 1) {
      // Still gated, by a file no longer in the call: the first gate was a playbook's syntax
      // error located in a file it pulls in (a role's tasks), so which playbook broke is unknown.
      // Each file alone then gives each the verdict ansible-lint gives it alone.
      const each = await eachAlone({ ...call, files: call.files }, attempt, left);
      return { ...each, durationMs: Math.round(performance.now() - started) };
    }
    // Not gated, or nothing left to lint without the broken files (a gate on a file outside the call).
    if (gated.size === 0 || rest.length === files.length || rest.length === 0) {
      return { ...result, durationMs, parsed: { ...result.parsed, diagnostics: [...kept, ...result.parsed.diagnostics] } };
    }
    kept.push(...result.parsed.diagnostics.filter((d) => gated.has(d.file)));
    files = rest;
  }
}

/**
 * The playbooks whose syntax check failed so far (as call files, relative to the call's folder),
 * each with what the check printed, or undefined when unknown (the plain CLI ran).
 */
type BrokenPlaybooks = () => Promise<Map<string, string> | undefined>;

/**
 * A call's phase-1 findings on the playbook that failed: ansible-lint reports a playbook's
 * syntax error where ansible located it (a role's tasks file, which may be a call file of its
 * own); the syntax checks' memo says which playbook's check printed that path.
 */
async function rehomed(result: CallResult, files: readonly string[], brokenPlaybooks?: BrokenPlaybooks): Promise<CallResult> {
  if (result.parsed.failure || !brokenPlaybooks || !result.parsed.diagnostics.some(isGate)) return result;
  const broken = [...((await brokenPlaybooks()) ?? new Map<string, string>())].filter(([file]) => files.includes(file));
  if (broken.length === 0) return result;
  const owner = (d: ParsedDiagnostic): string | undefined =>
    broken.some(([file]) => file === d.file) ? undefined : (broken.find(([, text]) => text.includes(d.file))?.[0] ?? (broken.length === 1 ? broken[0]?.[0] : undefined));
  const diagnostics = result.parsed.diagnostics.map((d) => {
    const file = isGate(d) ? owner(d) : undefined;
    return file ? ownGate(d, file) : d;
  });
  return { ...result, parsed: { ...result.parsed, diagnostics } };
}

/** Reads the syntax-check memo the prelude writes (see `IACGEN_SYNTAX_MEMO`): the playbooks that failed. */
async function readBrokenPlaybooks(memo: string, cwd: string): Promise<Map<string, string> | undefined> {
  const data = readJson(await readFile(memo, 'utf8').catch(() => ''));
  if (typeof data !== 'object' || data === null) return undefined;
  const broken = new Map<string, string>();
  for (const [key, value] of Object.entries(data as Record<string, { exitCode?: number; stdout?: string; stderr?: string }>)) {
    const parsed = readJson(key);
    if (!Array.isArray(parsed) || !Array.isArray(parsed[0]) || !value || value.exitCode === 0) continue;
    const cmd = parsed[0] as unknown[];
    const where = typeof parsed[1] === 'string' ? parsed[1] : cwd;
    const playbook = [...cmd].reverse().find((a): a is string => typeof a === 'string' && /\.ya?ml$/i.test(a));
    if (!playbook) continue;
    const rel = path.relative(cwd, path.resolve(where, playbook));
    broken.set(rel, unwrap(`${value.stdout ?? ''}\n${value.stderr ?? ''}`));
  }
  return broken;
}

/**
 * A phase-1 finding of a file linted alone, on that file: its syntax check failed, wherever
 * ansible located the error (a role's tasks file), as `ansible-lint FILE` run alone fails it.
 * The other file and line go into the message.
 */
function ownGate(d: ParsedDiagnostic, file: string): ParsedDiagnostic {
  if (!isGate(d) || d.file === file) return d;
  return { ...d, file, message: `${d.message} (in ${d.file}:${d.line})` };
}

/** Each file of `call` in a call of its own (one after the other); a failure marks that file only. */
async function eachAlone(call: CommandCall, attempt: Attempt, left: () => number): Promise<CallResult> {
  const diagnostics: ParsedDiagnostic[] = [];
  const skipped: Record<string, string> = {};
  const errors: Record<string, FileError> = {};
  let route: CallResult['route'];
  for (const file of call.files) {
    const result = await callUngated({ ...call, files: [file], timeoutMs: left() }, attempt);
    route ??= result.route;
    diagnostics.push(...result.parsed.diagnostics.map((d) => ownGate(d, file)));
    Object.assign(skipped, result.parsed.skipped ?? {});
    Object.assign(errors, result.parsed.errors ?? {});
    if (result.parsed.failure) errors[file] = { reason: result.parsed.failure, ...(result.raw ? { output: result.raw } : {}) };
  }
  const parsed = { diagnostics, ...(Object.keys(skipped).length > 0 ? { skipped } : {}), ...(Object.keys(errors).length > 0 ? { errors } : {}) };
  return { durationMs: 0, parsed, ...(route ? { route } : {}) };
}

/** Options of {@link callAnsibleLintWorker}. */
export interface AnsibleLintWorkerOptions extends WorkerOptions {
  /** A file where the syntax checks' results are kept and reused by the next call with the same memo. */
  memo?: string;
  /** A folder for ansible-lint's cache instead of `<project>/.ansible` (see the prelude). */
  cache?: string;
}

/**
 * Runs one call of ansible-lint in the worker, as one CLI call would (exported for the equivalence
 * test). With `memo` (a file path), the syntax checks' results are kept in that file and reused
 * by the next call with the same memo: the same command in the same folder and environment, as
 * when {@link callUngated} lints the rest again; give those calls the same `cache` too (its path
 * is in the syntax checks' environment).
 */
export function callAnsibleLintWorker(call: CommandCall, options: AnsibleLintWorkerOptions = {}): Promise<CallResult> {
  const env = { ...(options.memo ? { IACGEN_SYNTAX_MEMO: options.memo } : {}), ...(options.cache ? { IACGEN_ANSIBLE_LINT_CACHE: options.cache } : {}) };
  // The memo and the cache are written in the sandbox and read here: their folders are shared with it.
  const scratch = [...new Set([options.memo, options.cache].flatMap((p) => (p ? [path.dirname(p)] : [])))];
  const checker: CommandChecker = Object.keys(env).length > 0 ? { ...ansibleLint, env: { ...ansibleLint.env, ...env }, scratch } : ansibleLint;
  return callInPythonWorker(checker, ANSIBLE_LINT_WORKER, call, options);
}

/** Runs `use` with a fresh folder for the syntax-check memo and ansible-lint's cache, removed afterwards. */
async function withScratch<T>(use: (scratch: { memo: string; cache: string }) => Promise<T>): Promise<T> {
  const dir = await makeTempDir('iacgen-ansible-lint-');
  try {
    return await use({ memo: path.join(dir, 'syntax-checks.json'), cache: path.join(dir, 'cache') });
  } finally {
    await removeTempDir(dir);
  }
}

/**
 * `ansible-lint` run in the worker and re-run without broken files; an `.ansible` folder the plain
 * CLI leaves (when the worker does not run) is removed ({@link withoutLeftovers}).
 */
export const ansibleLintBatch: SelfRunningChecker = {
  ...ansibleLint,
  fastPath: { what: "ansible-lint's syntax checks run in one ansible-playbook worker", proven: ANSIBLE_LINT_PROVEN },
  run: (call) => withoutLeftovers(call.cwd, () => withScratch((scratch) => callUngated(call, (c) => callAnsibleLintWorker(c, scratch), () => readBrokenPlaybooks(scratch.memo, call.cwd)))),
};
