/**
 * The entry point: runs the CLI and is the one place that maps errors to exit codes.
 * Expected errors print their message (and hint); anything else is an internal error (exit 3),
 * with the stack only when IACGEN_DEBUG=1.
 */
import { CommanderError } from 'commander';
import { buildCli } from './cli.js';
import { processContext, type Context } from './context.js';
import { EXIT, IacgenError, InterruptedError, type StopSignal } from './errors.js';
import { settleCriticals, stopRequested, stopSignal } from './process/shutdown.js';

/**
 * Runs iacgen with `argv` (without `node` and the script) and returns the exit code:
 * 0 ok, 1 findings/conflicts, 2 usage or configuration error, 3 internal error, 130 Ctrl-C
 * or SIGINT, 143 SIGTERM, 129 SIGHUP. On a stop signal it returns as soon as the critical
 * sections (a write rolling back) have settled; the caller then exits without waiting for the
 * abandoned work (`bin/iacgen.js`).
 */
export async function main(argv: string[], context: Context = processContext()): Promise<number> {
  const debug = context.env.IACGEN_DEBUG === '1';
  // The bundle's stack traces name src/*.ts lines (its source maps); only when they are shown.
  if (debug) process.setSourceMapsEnabled(true);
  try {
    let exitCode: number = EXIT.ok;
    const program = await buildCli(
      context,
      (code) => {
        exitCode = code;
      },
      argv,
    );
    const run = program.parseAsync(argv, { from: 'user' });
    const signal = await Promise.race([run.then(() => undefined), stopRequested()]);
    if (signal) {
      run.catch(() => undefined);
      return report(await stopped(signal), context, debug);
    }
    return exitCode;
  } catch (err) {
    const signal = stopSignal();
    // Work that failed because the run was stopping (a killed checker) is the stop, not a bug.
    if (signal && !(err instanceof InterruptedError)) return report(await stopped(signal), context, debug);
    return report(err, context, debug);
  }
}

/** The error that ends a stopped run: a critical section's own (a rollback's report), else a plain one. */
async function stopped(signal: StopSignal): Promise<IacgenError> {
  const failures = await settleCriticals();
  const own = failures.find((failure): failure is IacgenError => failure instanceof IacgenError);
  return own ?? new InterruptedError(signal, 'checker processes stopped, temporary files removed, nothing was written');
}

/** Prints `err` as iacgen's one-line message (and hint) and returns its exit code. */
function report(err: unknown, context: Context, debug: boolean): number {
  if (err instanceof CommanderError) {
    // commander already printed its message (help and --version exit 0).
    return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
  }
  if (err instanceof IacgenError) {
    context.stderr.write(`iacgen: ${err.message}\n`);
    if (err.hint) context.stderr.write(`  ${err.hint}\n`);
    if (debug && err.stack) context.stderr.write(`${err.stack}\n`);
    return err.exitCode;
  }
  const message = err instanceof Error ? err.message : String(err);
  context.stderr.write(`iacgen: internal error: ${message}\n`);
  context.stderr.write(
    debug && err instanceof Error && err.stack
      ? `${err.stack}\n`
      : '  this is a bug in iacgen; run again with IACGEN_DEBUG=1 for details\n',
  );
  return EXIT.internal;
}
