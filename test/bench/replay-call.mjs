// One call of a checker that runs its calls itself (`run`, e.g. a Python worker), replayed in its
// own process so that bash `time` can count the CPU of the worker and everything it forks:
//   node replay-call.mjs '{"root": ..., "checker": id, "files": [...], "cwd": ..., "noop": false}'
// With noop the call is not made: the start-up and imports alone, subtracted as the baseline.
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const { root, checker: id, files, cwd, noop } = JSON.parse(process.argv[2] ?? '{}');
const dist = (rel) => import(pathToFileURL(path.join(root, 'dist', rel)).href);
const { CHECKERS } = await dist('check/registry.js');
const { resolveInvocation } = await dist('check/probe.js');
const checker = CHECKERS.find((c) => c.id === id);
if (!checker || typeof checker.run !== 'function') throw new Error(`${id}: not a self-running checker`);
const invocation = await resolveInvocation(checker);
if (!noop) {
  const result = await checker.run({ files, cwd, invocation, timeoutMs: checker.timeoutMs });
  if (result.parsed.failure) console.error(`${id}: ${result.parsed.failure}`);
}
