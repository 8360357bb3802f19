/**
 * `ansible-syntax-check`, batched: the same checker (id, parser, rule ids, messages, exit codes,
 * environment) whose calls cover many playbooks and run in one Python worker
 * (`python-worker.ts`) instead of one `ansible-playbook --syntax-check {file}` process each.
 *
 * Why a fork per playbook rather than `PlaybookCLI(...).run()` in a loop: ansible keeps global
 * state between runs in one process. Measured with ansible-core 2.14.18:
 * `context.CLIARGS` is a `GlobalCLIArgs` singleton (a second run sees the first run's playbook),
 * `add_all_plugin_dirs` adds each playbook's `library/`, `*_plugins/` to the global plugin
 * loaders for good (a module beside one playbook would resolve for the next), playbook-adjacent
 * collections stay in `sys.modules`, and `Display` prints a warning or error only once per
 * process. A forked child starts from the state right after `import ansible.cli.playbook`, runs
 * `/usr/bin/ansible-playbook`'s own script, and exits, so each playbook gets what a fresh CLI
 * gets; `test/e2e/ansible-batch.test.ts` compares both, output for output.
 *
 * A call that fails (a job killed, an exit code other than 0, 1, 4, a worker that dies) fails as
 * a whole, naming the playbook; a worker that cannot start (the shebang's interpreter cannot
 * import ansible) falls back to one CLI call per playbook.
 *
 * Wiring: the runner must hand a call of a checker that has `run` to it (see the proposal in the
 * report of issue 8); without that, use `ansibleSyntaxCheck` (one CLI call per file).
 */
import type { CallResult } from '../call.js';
import type { CommandChecker } from '../types.js';
import { ansibleSyntaxCheck } from './ansible-syntax-check.js';
import { callInPythonWorker, type CommandCall, type WorkerOptions, type WorkerPlan } from './python-worker.js';

/**
 * What the worker imports once: the module `ansible-playbook`'s script imports first. Collection
 * modules (`ansible_collections.*`) are never imported ahead: they come from per-playbook
 * locations (a `collections/` folder beside the playbook).
 */
export const ANSIBLE_PLAYBOOK_WORKER: WorkerPlan = {
  preload: ['ansible.cli.playbook'],
  skip: ['ansible_collections'],
  // Same output as the CLI, byte for byte, on every fixture (test/e2e/ansible-batch.test.ts) with
  // ansible-core 2.14.18 (Debian 12), 2.19.11 (Debian 13) and 2.22.0b2 (Debian testing).
  proven: { distribution: 'ansible-core', from: '2.14', through: '2.22' },
};

/**
 * Playbooks per call. Measured on 2 cores (ansible-core 2.14.18): the worker's import costs about
 * as much as one CLI call (~0.4 s), then ~50-100 ms per playbook; 40 per call keeps a call near
 * 3-4 s so several calls spread over the cores, each paying the import once.
 */
export const ANSIBLE_SYNTAX_BATCH_SIZE = 40;

/** A command checker that runs its calls itself (the runner's hook; see `python-worker.ts`). */
export interface SelfRunningChecker extends CommandChecker {
  run: (call: CommandCall) => Promise<CallResult>;
}

/** Runs one call of `ansible-syntax-check` in the worker (exported for the equivalence test). */
export function callAnsibleSyntaxBatch(call: CommandCall, options: WorkerOptions = {}): Promise<CallResult> {
  return callInPythonWorker(ansibleSyntaxCheck, ANSIBLE_PLAYBOOK_WORKER, call, options);
}

/** `ansible-syntax-check` with its files batched into worker calls. */
export const ansibleSyntaxBatch: SelfRunningChecker = {
  ...ansibleSyntaxCheck,
  fastPath: { what: 'one ansible-playbook worker per call, a fork per playbook', ...(ANSIBLE_PLAYBOOK_WORKER.proven ? { proven: ANSIBLE_PLAYBOOK_WORKER.proven } : {}) },
  mode: 'files',
  batchSize: ANSIBLE_SYNTAX_BATCH_SIZE,
  run: (call) => callAnsibleSyntaxBatch(call),
};
