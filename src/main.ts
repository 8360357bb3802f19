/**
 * The entry point: runs the CLI and is the one place that maps errors to exit codes.
 * Expected errors print their message (and hint); anything else is an internal error (exit 3),
 * with the stack only when IACGEN_DEBUG=1.
 */
import { CommanderError } from 'commander';
import { buildCli } from './cli.js';
import { processContext, type Context } from './context.js';
import { EXIT, IacgenError } from './errors.js';

/**
 * Runs iacgen with `argv` (without `node` and the script) and returns the exit code:
 * 0 ok, 1 findings/conflicts, 2 usage or configuration error, 3 internal error, 130 Ctrl-C.
 */
export async function main(argv: string[], context: Context = processContext()): Promise<number> {
  const debug = context.env.IACGEN_DEBUG === '1';
  try {
    let exitCode: number = EXIT.ok;
    const program = await buildCli(
      context,
      (code) => {
        exitCode = code;
      },
      argv,
    );
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (err) {
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
}
