/** Running a formatter's tool on a text: standard input in, formatted text out. */
import { execa } from 'execa';
import { stopping } from '../../process/shutdown.js';
import type { FormatResult } from './types.js';

/** How long a formatter may take on one file, in ms. */
export const FORMAT_TIMEOUT_MS = 60_000;

/** One way to call a formatter's tool: command and arguments. */
export interface ToolCall {
  command: string;
  args: readonly string[];
}

/**
 * Runs the first of `calls` whose command exists with `input` on standard input, in `cwd`.
 * @returns stdout when the tool exits 0; else a failure with its first lines of stderr (a
 *   syntax error), or that none of the commands is installed. Never throws; a stop signal
 *   (Ctrl-C) cancels the call.
 */
export async function formatWith(calls: readonly ToolCall[], input: string, cwd: string, env: Record<string, string> = {}): Promise<FormatResult> {
  for (const call of calls) {
    const result = await execa(call.command, [...call.args], {
      input,
      cwd,
      env,
      reject: false,
      timeout: FORMAT_TIMEOUT_MS,
      cancelSignal: stopping,
      stripFinalNewline: false,
    });
    if ((result as { code?: string }).code === 'ENOENT') continue;
    if (result.exitCode === 0 && !result.timedOut) return { text: String(result.stdout) };
    const why = result.timedOut ? `timed out after ${FORMAT_TIMEOUT_MS / 1000} s` : firstLines(String(result.stderr)) || `exit code ${result.exitCode ?? 'none'}`;
    return { failure: `${call.command} could not format it: ${why}` };
  }
  return { failure: `${calls.map((c) => c.command).join(' or ')} is not installed` };
}

/** The meaningful lines of a tool's stderr, joined: at most 3, without terraform's CLI-config warning box. */
function firstLines(stderr: string): string {
  const lines = stderr.split('\n').map((l) => l.replace(/^[│╷╵]\s?/, '').trim()).filter(Boolean);
  const start = lines.findIndex((l) => /^Error:/.test(l));
  return (start >= 0 ? lines.slice(start) : lines).slice(0, 3).join(' ');
}
