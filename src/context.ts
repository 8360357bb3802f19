/**
 * What a command needs from outside, passed in so tests can swap it: working directory,
 * environment, output streams, whether a person is at a terminal, and the clock.
 */
import { installShutdown } from './process/shutdown.js';

/** A writable text stream (process.stdout or a test buffer). */
export interface Output {
  write(chunk: string): unknown;
  /** True when the stream is a terminal (colours, spinners). */
  isTTY?: boolean;
}

/** The outside world of one CLI run. */
export interface Context {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout: Output;
  stderr: Output;
  /** True when prompts may be shown: stdin and stdout are terminals. */
  interactive: boolean;
  /** Current time; honours SOURCE_DATE_EPOCH (seconds) for reproducible headers. */
  now: () => Date;
}

/**
 * The context of a real process; installs the process's shutdown rules (signals, a closed pipe
 * on stdout ending the run quietly: `src/process/shutdown.ts`).
 */
export function processContext(): Context {
  installShutdown();
  const env = process.env;
  const epoch = env.SOURCE_DATE_EPOCH;
  return {
    cwd: process.cwd(),
    env,
    stdout: process.stdout,
    stderr: process.stderr,
    interactive: Boolean(process.stdin.isTTY && process.stdout.isTTY),
    now: () => (epoch && /^\d+$/.test(epoch) ? new Date(Number(epoch) * 1000) : new Date()),
  };
}
