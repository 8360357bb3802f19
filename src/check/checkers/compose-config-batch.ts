/**
 * `compose-config`, batched: the same checker (id, parser, rule ids, per-file `--env-file`
 * options, the `docker compose` alternative) whose calls cover many compose files and, when the
 * resolved command is docker-compose 1.x (a Python script), run in one Python worker
 * (`python-worker.ts`): one fork per file running docker-compose's own script with that file's
 * `-f FILE [--env-file ...] config -q`. The Compose v2 plugin (`docker compose`, a Go binary) has
 * no interpreter to share, so its files go one CLI call each, as before.
 * `test/e2e/ansible-batch.test.ts` compares the worker with the CLI, output for output.
 *
 * Wiring: as for `ansible-syntax-batch.ts`, the runner must hand a call of a checker that has
 * `run` to it; without that, use `composeConfig`.
 */
import type { CallResult } from '../call.js';
import type { SelfRunningChecker } from './ansible-syntax-batch.js';
import { composeConfig } from './compose-config.js';
import { callInPythonWorker, type CommandCall, type WorkerOptions, type WorkerPlan } from './python-worker.js';

/** What the worker imports once: the module docker-compose 1.x's entry point loads. */
export const DOCKER_COMPOSE_WORKER: WorkerPlan = { preload: ['compose.cli.main'] };

/** Compose files per call (docker-compose 1.29.2: ~0.3 s to import, tens of ms per file after). */
export const COMPOSE_CONFIG_BATCH_SIZE = 40;

/** Runs one call of `compose-config` in the worker (exported for the equivalence test). */
export function callComposeConfigBatch(call: CommandCall, options: WorkerOptions = {}): Promise<CallResult> {
  return callInPythonWorker(composeConfig, DOCKER_COMPOSE_WORKER, call, options);
}

/** `compose-config` with its files batched into worker calls. */
export const composeConfigBatch: SelfRunningChecker = {
  ...composeConfig,
  mode: 'files',
  batchSize: COMPOSE_CONFIG_BATCH_SIZE,
  run: (call) => callComposeConfigBatch(call),
};
