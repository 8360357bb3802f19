/**
 * The fingerprint of a finding: what stays the same when the code around it moves, and changes
 * when the offending line does. Pure.
 *
 * - `lineFingerprint`: a hash of the offending line alone, whitespace-normalised (trimmed, runs of
 *   blanks as one space). Moving the line, indenting it, or editing any other line keeps it.
 * - `fingerprint`: a hash of that line and its neighbours ({@link CONTEXT_LINES} non-blank lines
 *   above and below, normalised the same way). It tells apart two findings on identical lines
 *   (the same `become: yes` in two plays): the baseline matches on it first, then on the line alone.
 * - A finding with no meaningful line (line 1 column 1, a line the file does not have, or a rule
 *   about the whole file: "missing document start", "not a playbook", a missing header) is keyed by its
 *   message with every number replaced by `#` (so "line 12" in a message does not churn it):
 *   both hashes are then that one.
 *
 * The message is otherwise left out: checkers reword messages across versions, and the source,
 * rule and line already say what the finding is.
 */
import { createHash } from 'node:crypto';

/** How many non-blank lines above and below the offending line go into `fingerprint`. */
export const CONTEXT_LINES = 2;

/** Length of a fingerprint, in hex characters (64 bits of SHA-256). */
export const FINGERPRINT_LENGTH = 16;

/** The two hashes of one finding (hex, {@link FINGERPRINT_LENGTH} characters each). */
export interface FindingFingerprint {
  /** The offending line and its neighbours. */
  fingerprint: string;
  /** The offending line alone. */
  lineFingerprint: string;
}

/** Where a finding is and what it says: the parts of a diagnostic the fingerprint reads. */
export interface FingerprintInput {
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  message: string;
  /** About the whole file whatever its line (see `wholeFile` in `whole-file.ts`): keyed like line 1 column 1. */
  wholeFile?: boolean;
}

/** A line without its surrounding blanks, inner runs of blanks as one space. */
export function normaliseLine(line: string): string {
  return line.trim().replace(/\s+/g, ' ');
}

/** A file's text as lines (LF or CRLF), for {@link fingerprintOf}. */
export function splitLines(text: string): string[] {
  return text.split(/\r?\n/);
}

/**
 * The fingerprints of a finding in a file whose text is `lines` (see the module's comment).
 * @param lines the file's lines as {@link splitLines} gives them; empty when the file cannot be read
 */
export function fingerprintOf(lines: readonly string[], finding: FingerprintInput): FindingFingerprint {
  const index = finding.line - 1;
  if (finding.wholeFile || (finding.line <= 1 && finding.column <= 1) || index < 0 || index >= lines.length) {
    const whole = hash(['whole-file', finding.message.replace(/\d+/g, '#').replace(/\s+/g, ' ').trim()]);
    return { fingerprint: whole, lineFingerprint: whole };
  }
  const own = normaliseLine(lines[index] ?? '');
  const above = neighbours(lines, index, -1);
  const below = neighbours(lines, index, 1);
  return { fingerprint: hash(['context', ...above.reverse(), `> ${own}`, ...below]), lineFingerprint: hash(['line', own]) };
}

/** Up to {@link CONTEXT_LINES} non-blank normalised lines from `index` going `step` (nearest first). */
function neighbours(lines: readonly string[], index: number, step: 1 | -1): string[] {
  const found: string[] = [];
  for (let i = index + step; i >= 0 && i < lines.length && found.length < CONTEXT_LINES; i += step) {
    const line = normaliseLine(lines[i] ?? '');
    if (line !== '') found.push(line);
  }
  return found;
}

function hash(parts: readonly string[]): string {
  return createHash('sha256').update(parts.join('\n')).digest('hex').slice(0, FINGERPRINT_LENGTH);
}
