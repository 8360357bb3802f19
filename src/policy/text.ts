/**
 * Line-level reading shared by the rules: which part of a line is code and which a comment, in
 * each file type's own syntax. A line scanner, not a parser: quotes are followed within a line,
 * multi-line strings (YAML block scalars, heredocs, Python's triple quotes) are read as code.
 */
import { YAML_TYPES, type FileType } from '../classify/tables.js';

/** A line split into its code and its comment (the text after the marker, or undefined). */
export interface SplitLine {
  code: string;
  comment: string | undefined;
}

/** Non-YAML file types where, as in YAML (`YAML_TYPES`), `#` starts a comment after a blank. */
const HASH_AFTER_BLANK: ReadonlySet<FileType> = new Set<FileType>(['shell', 'env', 'direnv', 'ansible-inventory-ini']);

/** File types where `#` starts a comment anywhere outside a string. */
const HASH_ANYWHERE: ReadonlySet<FileType> = new Set<FileType>(['python', 'toml', 'terraform']);

/**
 * Splits one line into code and comment for `type`. Terraform also knows `//`; Dockerfiles have
 * whole-line comments only; JSON has none. Quotes are followed within the line.
 */
export function splitComment(line: string, type: FileType): SplitLine {
  if (type === 'dockerfile') return /^\s*#/.test(line) ? { code: '', comment: line.replace(/^\s*#/, '') } : { code: line, comment: undefined };
  const yaml = YAML_TYPES.has(type);
  const atWord = yaml || HASH_AFTER_BLANK.has(type);
  if (!atWord && !HASH_ANYWHERE.has(type)) return { code: line, comment: undefined };
  const quotes = type === 'terraform' ? '"' : '"\'';
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i] as string;
    if (quote) {
      if (ch === '\\' && quote === '"') i++;
      else if (ch === quote) quote = undefined;
      continue;
    }
    if (quotes.includes(ch)) {
      // A YAML plain scalar may hold an apostrophe (`it's`): a quote opens a string only where a value starts.
      if (!yaml || /(?:^|[:[{,-])\s*$/.test(line.slice(0, i))) quote = ch;
      continue;
    }
    if (ch === '#' && (!atWord || i === 0 || /\s/.test(line[i - 1] ?? ''))) {
      return { code: line.slice(0, i), comment: line.slice(i + 1) };
    }
    if (type === 'terraform' && ch === '/' && line[i + 1] === '/') return { code: line.slice(0, i), comment: line.slice(i + 2) };
  }
  return { code: line, comment: undefined };
}

/** The lines of a text, without terminators (`\r\n` or `\n`). */
export function splitLines(text: string): string[] {
  return text.replace(/\r\n/g, '\n').split('\n');
}

/** True when the line holds only a comment. */
export function isCommentLine(split: SplitLine): boolean {
  return split.comment !== undefined && split.code.trim() === '';
}

/**
 * The 0-based indexes of the contiguous full-line comments directly above line index `at`
 * (nearest first); blank lines end the block.
 */
export function commentBlockAbove(code: readonly string[], comments: ReadonlyArray<string | undefined>, at: number): number[] {
  const found: number[] = [];
  for (let i = at - 1; i >= 0; i--) {
    if (comments[i] === undefined || (code[i] ?? '').trim() !== '') break;
    found.push(i);
  }
  return found;
}

/** 1-based line of a 0-based offset. */
export function lineOfOffset(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
