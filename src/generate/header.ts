/**
 * The header block every generated file starts with (house rules: File, Purpose, Author, Date),
 * plus the provenance line naming the generator, its variant and the iacgen version.
 */
import { commentText } from './escape.js';

/** The facts a header states. `date` is YYYY-MM-DD. */
export interface HeaderFields {
  file: string;
  purpose: string;
  author: string;
  date: string;
  /**
   * Provenance, e.g. `iacgen 0.1.0 new playbook --variant nginx`; no `Generator:` line without
   * it (a header that `iacgen fix` adds to a file iacgen did not write).
   */
  generator?: string;
}

/** Longest header line, in characters; yamllint's default line-length is 80. */
export const HEADER_WIDTH = 78;

/**
 * Renders the header as comment lines, each starting with `prefix` (`#`, `//`), wrapping long
 * values onto indented continuation lines so no line exceeds {@link HEADER_WIDTH}.
 * Returns the lines joined with `\n`, without a trailing newline.
 */
export function renderHeader(fields: HeaderFields, prefix = '#'): string {
  const rows: Array<[string, string]> = [
    ['File', fields.file],
    ['Purpose', fields.purpose],
    ['Author', fields.author],
    ['Date', fields.date],
    ...(fields.generator === undefined ? [] : [['Generator', fields.generator] as [string, string]]),
  ];
  return rows.flatMap(([key, value]) => wrap(`${prefix} ${key}: `, `${prefix}   `, commentText(value))).join('\n');
}

/** Word-wraps `text` after `first`, continuing with `next`, at {@link HEADER_WIDTH}. */
export function wrap(first: string, next: string, text: string, width = HEADER_WIDTH): string[] {
  const lines: string[] = [];
  let line = first;
  let empty = true;
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (!empty && line.length + 1 + word.length > width) {
      lines.push(line);
      line = next + word;
    } else {
      line += (empty ? '' : ' ') + word;
    }
    empty = false;
  }
  lines.push(line.trimEnd());
  return lines;
}
