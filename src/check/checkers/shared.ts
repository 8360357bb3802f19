/**
 * Small pure helpers shared by the checker output parsers (no I/O: `path.resolve` is only ever
 * given an absolute `cwd`, so it never reads the process's working directory).
 */
import path from 'node:path';
import type { CheckerOutput, ParsedOutput, Severity } from '../types.js';

/** A 1-based position from whatever a checker printed; 1 when missing or nonsense. */
export function position(value: unknown): number {
  const n = typeof value === 'string' ? Number.parseInt(value, 10) : value;
  return typeof n === 'number' && Number.isInteger(n) && n >= 1 ? n : 1;
}

/**
 * Maps a path as a checker printed it back to the file argument of the call it names:
 * the same string, the same absolute path, or (for checkers that print paths relative to
 * some project root) the argument that ends with it. Falls back to the printed path.
 */
export function callFile(reported: string, output: CheckerOutput): string {
  const { files, cwd } = output;
  if (files.includes(reported)) return reported;
  const abs = path.resolve(cwd, reported);
  const same = files.find((f) => path.resolve(cwd, f) === abs);
  if (same !== undefined) return same;
  const tail = `${path.sep}${path.normalize(reported)}`;
  const suffix = files.find((f) => path.resolve(cwd, f).endsWith(tail));
  return suffix ?? reported;
}

/** The non-empty lines of a text, without trailing carriage returns. */
export function textLines(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.replace(/\r$/, ''))
    .filter((l) => l.trim() !== '');
}

/** First line of a text, trimmed. */
export function firstLine(text: string): string {
  return (text.trim().split('\n')[0] ?? '').trim();
}

/** A parse result that reports a broken checker call. */
export function failed(why: string, output: CheckerOutput): ParsedOutput {
  const detail = firstLine(output.stderr) || firstLine(output.stdout);
  const suffix = detail ? `: ${detail.slice(0, 300)}` : '';
  return { diagnostics: [], failure: `${why} (exit code ${output.exitCode})${suffix}` };
}

/** `error` / `warning` as printed by linters; anything else is `info`. */
export function levelSeverity(level: string): Severity {
  return level === 'error' ? 'error' : level === 'warning' ? 'warning' : 'info';
}

/** `JSON.parse` that returns `undefined` instead of throwing. */
export function readJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
