/**
 * The one spinner of the commands (ora, loaded lazily: start-up time), shown to a person at a
 * terminal only: stderr is a TTY with a width and `CI` is unset (or `false`). Never in a pipe, a
 * hook's log or CI.
 *
 * ora's default `discardStdin` puts the terminal in raw mode, where Ctrl-C is a keystroke and no
 * signal: it is turned off, so Ctrl-C reaches the shutdown owner as SIGINT, spinner or not. A
 * stop signal clears the spinner before the last line is printed.
 */
import { Writable } from 'node:stream';
import type { Context, Output } from '../context.js';
import { onStop } from '../process/shutdown.js';

/** A running spinner: its text can change; `stop` clears it (idempotent). */
export interface Spinner {
  update(text: string): void;
  stop(): void;
}

/** Starts a spinner with `text` on the context's stderr, or returns undefined where none shows. */
export async function startSpinner(context: Context, text: string): Promise<Spinner | undefined> {
  const ci = context.env.CI;
  const stream = context.stderr;
  if (!stream.isTTY || (ci !== undefined && ci !== '' && ci !== 'false') || !isWritable(stream)) return undefined;
  // A terminal of no width (a pty nobody sized, as `script` makes) would send ora 9 into an
  // endless loop clearing Infinity lines: no spinner there.
  if (!('columns' in stream) || typeof stream.columns !== 'number' || stream.columns <= 0) return undefined;
  const { default: ora } = await import('ora');
  const spinner = ora({ stream, text, discardStdin: false, ...(context.env.NO_COLOR ? { color: false as const } : {}) }).start();
  const stop = () => {
    if (spinner.isSpinning) spinner.stop();
  };
  const unregister = onStop(stop);
  return {
    update: (next) => {
      spinner.text = next;
    },
    stop: () => {
      unregister();
      stop();
    },
  };
}

function isWritable(stream: Output): stream is Output & Writable {
  return stream instanceof Writable;
}
