/**
 * Line edits shared by the text fixers: a file's lines with their terminators kept (so every
 * untouched line stays byte for byte), inserting and deleting whole lines, and the policy view
 * of a file being fixed (to run a rule's own reading on it). Pure.
 */
import { policyFile } from '../policy/parse.js';
import type { PolicyFile } from '../policy/types.js';
import type { FixFile } from './types.js';

/** The line terminator a text mostly uses: `\r\n` when most of its lines end so, else `\n`. */
export function eolOf(text: string): '\n' | '\r\n' {
  const crlf = text.match(/\r\n/g)?.length ?? 0;
  const lf = text.match(/\n/g)?.length ?? 0;
  return crlf > 0 && crlf * 2 >= lf ? '\r\n' : '\n';
}

/**
 * The lines of `text`, each with its terminator (`\n` or `\r\n`); the last one has none when
 * the text does not end with a newline. Index `i` is line `i + 1`, as in `PolicyFile.lines`.
 * Joining them gives `text` back exactly.
 */
export function rawLines(text: string): string[] {
  return text === '' ? [] : text.split(/(?<=\n)/);
}

/** A line without its terminator. */
export function bare(line: string): string {
  return line.replace(/\r?\n$/, '');
}

/**
 * Inserts `lines` (without terminators) before 0-based line `index` of `text` (`index` at or
 * past the end appends, ending the last line first when it had no terminator). Terminators
 * follow {@link eolOf}.
 */
export function insertLines(text: string, index: number, lines: readonly string[]): string {
  const eol = eolOf(text);
  const raw = rawLines(text);
  const at = Math.min(index, raw.length);
  if (at === raw.length && raw.length > 0 && !/\n$/.test(raw[raw.length - 1] as string)) {
    raw[raw.length - 1] += eol;
    return raw.join('') + lines.join(eol);
  }
  raw.splice(at, 0, ...lines.map((line) => line + eol));
  return raw.join('');
}

/** Removes the 0-based lines `from` to `to` (inclusive) of `text`, terminators included. */
export function deleteLines(text: string, from: number, to: number): string {
  const raw = rawLines(text);
  raw.splice(from, to - from + 1);
  return raw.join('');
}

/** Replaces 0-based line `index` of `text` with `line` (its terminator kept). */
export function replaceLine(text: string, index: number, line: string): string {
  const raw = rawLines(text);
  const old = raw[index];
  if (old === undefined) return text;
  raw[index] = line + old.slice(bare(old).length);
  return raw.join('');
}

/** The file as the policy rules read it, so a fixer finds what its rule finds. */
export function policyFileOf(file: FixFile): PolicyFile {
  return policyFile({ path: file.relPath, absPath: file.absPath, relPath: file.relPath, type: file.type, text: file.text });
}
