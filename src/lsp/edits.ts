/**
 * A fix as LSP text edits: the smallest edits that turn a document's text into the fixed text.
 * Pure. Lines that changed are found with the `diff` library (`diffLines`); each changed run of
 * lines is then narrowed to what differs inside it (common start and end left out), so a fix that
 * strips trailing spaces edits only the spaces.
 */
import { diffLines } from 'diff';
import type { TextEdit } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';

/** One replacement, in UTF-16 offsets of the original text. */
interface Replacement {
  start: number;
  end: number;
  text: string;
}

/**
 * The text edits that turn `original` into `fixed`, in document order, not overlapping (as LSP
 * requires of one `TextEdit[]`); none when the texts are equal. Positions are LSP's (0-based lines,
 * UTF-16 characters) in `original`.
 */
export function textEdits(original: string, fixed: string): TextEdit[] {
  if (original === fixed) return [];
  const document = TextDocument.create('untitled:original', 'plaintext', 0, original);
  return replacements(original, fixed).map((r) => ({ range: { start: document.positionAt(r.start), end: document.positionAt(r.end) }, newText: r.text }));
}

/** The changed runs of lines, each narrowed to its differing middle. */
function replacements(original: string, fixed: string): Replacement[] {
  const out: Replacement[] = [];
  let offset = 0;
  let pending: Replacement | undefined;
  const flush = () => {
    if (pending) out.push(narrow(original, pending));
    pending = undefined;
  };
  for (const part of diffLines(original, fixed)) {
    if (part.added) {
      pending ??= { start: offset, end: offset, text: '' };
      pending.text += part.value;
    } else if (part.removed) {
      pending ??= { start: offset, end: offset, text: '' };
      offset += part.value.length;
      pending.end = offset;
    } else {
      flush();
      offset += part.value.length;
    }
  }
  flush();
  return out.filter((r) => r.start !== r.end || r.text !== '');
}

/** A replacement without the start and end it shares with the text it replaces. */
function narrow(original: string, r: Replacement): Replacement {
  const old = original.slice(r.start, r.end);
  let head = 0;
  while (head < old.length && head < r.text.length && old[head] === r.text[head]) head++;
  let tail = 0;
  while (tail < old.length - head && tail < r.text.length - head && old[old.length - 1 - tail] === r.text[r.text.length - 1 - tail]) tail++;
  // Never split a surrogate pair: a position must not fall inside one character.
  if (head > 0 && isLowSurrogate(old.charCodeAt(head))) head--;
  if (tail > 0 && isLowSurrogate(old.charCodeAt(old.length - tail))) tail--;
  return { start: r.start + head, end: r.end - tail, text: r.text.slice(head, r.text.length - tail) };
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
