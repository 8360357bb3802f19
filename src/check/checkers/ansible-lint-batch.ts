/**
 * `ansible-lint`, with no duplicate work and no hidden findings: the same checker (id, command
 * line, parser, exit codes, environment), whose calls
 *
 * 1. run in the Python worker (`python-worker.ts`, one job per call: ansible-lint's own script
 *    with the call's arguments), where a prelude makes ansible-lint's syntax check, the
 *    `ansible-playbook -i localhost, --syntax-check PLAYBOOK` process it starts per playbook
 *    (ansible-lint 6.13.1 `rules/syntax_check.py`, about 0.3 s each, mostly Python start-up),
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
 * process. `test/e2e/ansible-batch.test.ts` compares the worker with the CLI, byte for byte.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { CallResult } from '../call.js';
import type { CommandChecker, ParsedDiagnostic } from '../types.js';
import { ANSIBLE_PLAYBOOK_WORKER, type SelfRunningChecker } from './ansible-syntax-batch.js';
import { ansibleLint } from './ansible-lint.js';
import { callInPythonWorker, PYTHON_CLI_WORKER, type CommandCall, type WorkerOptions, type WorkerPlan } from './python-worker.js';

/**
 * Runs in ansible-lint's process before its script. Hook points (ansible-lint 6.13.1):
 * `runner.py` `Runner.run` maps its local `worker` over the playbooks with
 * `multiprocessing.pool.ThreadPool(...).map`, and `worker` calls
 * `AnsibleSyntaxCheckRule._get_ansible_syntax_check_matches`, which calls
 * `subprocess.run(cmd, stdin=PIPE, capture_output=True, shell=False, text=True, check=False, env=env)`
 * through `ansiblelint.rules.syntax_check.subprocess`.
 *
 * Before the real map, the pool calls `worker` on each playbook with `run` recording the command
 * instead of running it (it raises, so nothing else happens), runs the recorded commands in one
 * worker, and keeps the results; the real map then finds each command's result ready.
 */
const PRELUDE = String.raw`
def _iacgen_setup(worker_source, plan):
    import concurrent.futures, json, os, shutil, subprocess, sys, multiprocessing.pool
    import ansiblelint.rules.syntax_check as syntax_check

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
        argv = [python, '-c', worker_source, program, json.dumps(plan)]
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

    class Pool(base):
        def map(self, func, iterable, chunksize=None):
            items = list(iterable)
            if getattr(func, '__qualname__', '') == 'Runner.run.<locals>.worker':
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

    if not hasattr(syntax_check, 'subprocess') or not hasattr(syntax_check.AnsibleSyntaxCheckRule, '_get_ansible_syntax_check_matches'):
        return
    syntax_check.subprocess = Subprocess()
    multiprocessing.pool.ThreadPool = Pool


try:
    _iacgen_setup(WORKER_SOURCE, WORKER_PLAN)
except Exception:
    pass
`;

/** The worker plan: ansible-lint's script, one job per call, with the prelude above. */
export const ANSIBLE_LINT_WORKER: WorkerPlan = {
  preload: [],
  perCall: true,
  prelude: `WORKER_SOURCE = ${JSON.stringify(PYTHON_CLI_WORKER)}\nWORKER_PLAN = ${JSON.stringify({ preload: ANSIBLE_PLAYBOOK_WORKER.preload, skip: ANSIBLE_PLAYBOOK_WORKER.skip ?? [], prelude: '' })}\n${PRELUDE}`,
};

/**
 * Rules that only ansible-lint's first phase reports. ansible-lint 6.13.1 (`runner.py`,
 * `Runner.run`) runs its rules (phase 2) only when phase 1 (`load-failure` of a file that does not
 * load, `syntax-check[...]` of a playbook `ansible-playbook --syntax-check` rejects) found nothing
 * in the whole call: one broken playbook hides every other file's findings.
 */
function isGate(d: ParsedDiagnostic): boolean {
  return d.rule === 'load-failure' || d.rule === 'syntax-check' || d.rule.startsWith('syntax-check[');
}

/** One attempt: one ansible-lint call over the given files. */
type Attempt = (call: CommandCall) => Promise<CallResult>;

/**
 * One ansible-lint call over many files, with every file's verdict as if it were linted without
 * the broken ones: when phase 1 found something (see {@link isGate}), the files it found it in keep
 * those findings and the other files are linted again without them, until a call is not gated.
 * So a file's findings never depend on which other files shared its call (the result cache stores
 * them per linked group of files), and a broken playbook no longer hides the rest. Each further
 * call gets what is left of the time-out; a failed call fails the whole (never a pass).
 */
export async function callUngated(call: CommandCall, attempt: Attempt): Promise<CallResult> {
  const started = performance.now();
  const kept: ParsedDiagnostic[] = [];
  let files = call.files;
  for (;;) {
    const timeoutMs = Math.max(1, call.timeoutMs - (performance.now() - started));
    const result = await attempt({ ...call, files, timeoutMs });
    const durationMs = Math.round(performance.now() - started);
    if (result.parsed.failure) return { ...result, durationMs };
    const gated = new Set(result.parsed.diagnostics.filter(isGate).map((d) => d.file));
    const rest = files.filter((f) => !gated.has(f));
    // Not gated, or nothing left to lint without the broken files (a gate on a file outside the call).
    if (gated.size === 0 || rest.length === files.length || rest.length === 0) {
      return { durationMs, parsed: { ...result.parsed, diagnostics: [...kept, ...result.parsed.diagnostics] } };
    }
    kept.push(...result.parsed.diagnostics.filter((d) => gated.has(d.file)));
    files = rest;
  }
}

/**
 * Runs one call of ansible-lint in the worker, as one CLI call would (exported for the equivalence
 * test). With `memo` (a file path), the syntax checks' results are kept in that file and reused
 * by the next call with the same memo: the same command in the same folder and environment, as
 * when {@link callUngated} lints the rest again.
 */
export function callAnsibleLintWorker(call: CommandCall, options: WorkerOptions & { memo?: string } = {}): Promise<CallResult> {
  const checker: CommandChecker = options.memo ? { ...ansibleLint, env: { ...ansibleLint.env, IACGEN_SYNTAX_MEMO: options.memo } } : ansibleLint;
  return callInPythonWorker(checker, ANSIBLE_LINT_WORKER, call, options);
}

/** Runs `use` with the path of a fresh syntax-check memo file, removed afterwards. */
async function withSyntaxMemo<T>(use: (memo: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'iacgen-ansible-lint-'));
  try {
    return await use(path.join(dir, 'syntax-checks.json'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** `ansible-lint` run in the worker and re-run without broken files. */
export const ansibleLintBatch: SelfRunningChecker = {
  ...ansibleLint,
  run: (call) => withSyntaxMemo((memo) => callUngated(call, (c) => callAnsibleLintWorker(c, { memo }))),
};
