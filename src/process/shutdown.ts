/**
 * The one owner of process shutdown. SIGINT (Ctrl-C, spinner or not), SIGTERM and SIGHUP stop the
 * run the same way: every checker process group is killed, the code in a critical section (a
 * write being rolled back) is waited for, every temporary folder of the run is removed, one line
 * says what happened, and the exit code is 128 + the signal's number. No other module installs a
 * signal handler or calls `process.exit`.
 *
 * A second signal while stopping stops at once (process groups killed, temporary folders removed
 * synchronously). SIGKILL cannot be caught: the Python worker and the sandbox die with their
 * parent by themselves (`PR_SET_PDEATHSIG`, bwrap's `--die-with-parent`).
 */
import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { SIGNAL_EXIT as STOP_SIGNALS, type StopSignal } from '../errors.js';

export type { StopSignal } from '../errors.js';

const controller = new AbortController();
let stoppedBy: StopSignal | undefined;
let stoppedAt: ((signal: StopSignal) => void) | undefined;
const whenStopped = new Promise<StopSignal>((resolve) => {
  stoppedAt = resolve;
});
const groups = new Set<number>();
const tempDirs = new Set<string>();
const criticals = new Set<Promise<unknown>>();
const onStopHooks = new Set<() => void>();
let installed = false;

/** Aborted when a stop signal arrives; its `reason` is the {@link StopSignal}. */
export const stopping: AbortSignal = controller.signal;

/** The signal that stopped this run, if one did. */
export function stopSignal(): StopSignal | undefined {
  return stoppedBy;
}

/** Resolves with the signal when the run is asked to stop; never rejects, may never resolve. */
export function stopRequested(): Promise<StopSignal> {
  return whenStopped;
}

/**
 * Installs the signal handlers, the exit-time clean-up and the closed-stdout rule (`iacgen rules |
 * head`: EPIPE on stdout ends the run with 0). Idempotent; called for the real process only.
 */
export function installShutdown(): void {
  if (installed) return;
  installed = true;
  for (const name of Object.keys(STOP_SIGNALS) as StopSignal[]) process.on(name, () => stop(name));
  process.once('exit', cleanUpNow);
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
    cleanUpNow();
    process.exit(0);
  });
}

/**
 * Ends the process with `exitCode` once `main` has returned: at once after a stop signal (the
 * abandoned work must not go on), else when the event loop is empty.
 */
export function finish(exitCode: number): void {
  if (stoppedBy) {
    cleanUpNow();
    process.exit(exitCode);
  }
  process.exitCode = exitCode;
}

/**
 * Asks the run to stop as `signal` would (also what the handlers call). The first call kills the
 * checker process groups, runs the on-stop hooks and aborts {@link stopping}; a second one exits
 * at once with the first signal's code.
 */
export function stop(signal: StopSignal): void {
  if (stoppedBy) {
    cleanUpNow();
    process.exit(STOP_SIGNALS[stoppedBy]);
  }
  stoppedBy = signal;
  for (const hook of onStopHooks) {
    try {
      hook();
    } catch {
      // A hook (a spinner's clear) must not keep the others from running.
    }
  }
  killGroups();
  controller.abort(signal);
  stoppedAt?.(signal);
}

/**
 * Runs `hook` (synchronous: clear a spinner) as soon as a stop signal arrives.
 * @returns a function that unregisters it
 */
export function onStop(hook: () => void): () => void {
  onStopHooks.add(hook);
  return () => onStopHooks.delete(hook);
}

/**
 * Tracks the process group led by `pid` (a checker call started `detached`), killed with SIGKILL
 * when the run stops or iacgen exits.
 * @returns a function to call when the group has ended
 */
export function trackProcessGroup(pid: number | undefined): () => void {
  if (pid === undefined) return () => undefined;
  if (stoppedBy) killGroup(pid);
  groups.add(pid);
  return () => groups.delete(pid);
}

/** Kills the process group led by `pid` with SIGKILL; a group already gone is no error. */
export function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

/**
 * Marks `work` as a critical section: when the run stops, it is waited for (a write rolling back)
 * before the run ends. Returns `work` itself.
 */
export function critical<T>(work: Promise<T>): Promise<T> {
  criticals.add(work);
  const settled = () => criticals.delete(work);
  work.then(settled, settled);
  return work;
}

/**
 * Waits for the critical sections still running (each settles: rolled back or done).
 * @returns their rejections, in no particular order
 */
export async function settleCriticals(): Promise<unknown[]> {
  const outcomes = await Promise.allSettled([...criticals]);
  return outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason] : []));
}

/**
 * Creates a temporary folder (`<os.tmpdir()>/<prefix>XXXXXX`, mode 0700) that is removed when
 * the run stops or iacgen exits, if {@link removeTempDir} has not removed it before.
 * @throws the file system's error (ENOSPC, EACCES) when it cannot be created
 */
export async function makeTempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  tempDirs.add(dir);
  return dir;
}

/** Removes a folder made by {@link makeTempDir}, with everything in it; never throws. */
export async function removeTempDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true }).catch(() => undefined);
  tempDirs.delete(dir);
}

/** Everything that must not outlive iacgen, done synchronously (it runs in the `exit` event too). */
function cleanUpNow(): void {
  killGroups();
  for (const dir of tempDirs) {
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // Nothing more can be done while exiting.
    }
  }
  tempDirs.clear();
}

function killGroups(): void {
  for (const group of groups) killGroup(group);
}
