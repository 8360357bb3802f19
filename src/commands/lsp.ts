/**
 * `iacgen lsp`: the language server on stdin and stdout (`src/lsp/server.ts`). Nothing else may
 * write to stdout while it runs: it carries the protocol. Notes go to the client's log
 * (`window/logMessage`).
 */
import type { Context } from '../context.js';

/** The options of `iacgen lsp`. */
export interface LspFlags {
  /** Checker ids to run (repeatable or comma-separated). */
  only: string[];
  /** Checker ids never to run. */
  skip: string[];
  /** Run the checkers that can run the repository's code in the sandbox: false for `--no-sandbox`. */
  sandbox?: boolean;
  /** Set findings the baseline knows apart (as hints): false for `--no-baseline`. */
  baseline?: boolean;
}

/**
 * Serves LSP on the process's stdin and stdout until the client's `exit` (or the end of stdin).
 * @returns 0 after the client's `shutdown`, else 1 (as the LSP specification asks of `exit`)
 */
export async function runLsp(context: Context, flags: LspFlags): Promise<number> {
  // The server is loaded only for this command: vscode-languageserver is not small.
  const { serve } = await import('../lsp/server.js');
  const code = await serve(process.stdin, process.stdout, {
    only: flags.only,
    skip: flags.skip,
    sandbox: flags.sandbox !== false,
    baseline: flags.baseline !== false,
    env: context.env,
    now: context.now,
  });
  // The protocol is over: stop reading, so the event loop can empty and the process end.
  process.stdin.destroy();
  return code;
}
