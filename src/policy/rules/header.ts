/**
 * Header rules: the comment block every artifact starts with (`File:`, `Purpose:`, `Author:`,
 * `Date:`). Comments in the file's own syntax; a Python module docstring also counts; `.tf.json`
 * keeps its header in a top-level `"//"` key (Terraform ignores `//` properties). Plain JSON is
 * not checked: it has no comments and its consumers rarely tolerate an extra key.
 */
import type { FileType } from '../../classify/tables.js';
import { eolOf, insertLines, policyFileOf, rawLines, replaceLine } from '../../fix/edit.js';
import { derivePurpose } from '../../fix/purpose.js';
import type { FixContext, FixFile, TextFixer } from '../../fix/types.js';
import { commentText } from '../../generate/escape.js';
import { renderHeader, wrap } from '../../generate/header.js';
import type { Finding, PolicyFile, RuleLogic } from '../types.js';

/** The header fields the house rules require, in order. */
export const HEADER_FIELDS = ['File', 'Purpose', 'Author', 'Date'] as const;

/** What the header of a file says, and where. */
interface Header {
  /** 1-based line where the header should start (after a shebang, `---` or `%YAML`). */
  at: number;
  /** Field values by name, with their line; empty when there is no header block. */
  fields: Map<string, { value: string; line: number }>;
}

const TYPES: readonly FileType[] = [
  'ansible-playbook', 'ansible-tasks', 'ansible-vars', 'ansible-inventory', 'ansible-inventory-plugin', 'compose', 'terraform',
  'shell', 'python', 'dockerfile', 'yaml', 'helm-chart', 'kubernetes', 'ci-workflow', 'cloud-init', 'toml', 'env', 'direnv',
];

const FIELD = /^\s*(File|Purpose|Author|Date)\s*:\s*(.*)$/i;

/** Reads field lines (`File: x`, continued on more-indented lines) from comment texts. */
function readFields(texts: ReadonlyArray<{ text: string; line: number }>): Header['fields'] {
  const fields: Header['fields'] = new Map();
  let last: { value: string; line: number } | undefined;
  for (const { text, line } of texts) {
    const m = FIELD.exec(text);
    if (m) {
      const name = (m[1] as string).charAt(0).toUpperCase() + (m[1] as string).slice(1).toLowerCase();
      last = { value: (m[2] as string).trim(), line };
      if (!fields.has(name)) fields.set(name, last);
    } else if (last && /^\s{2,}\S/.test(text)) {
      last.value = `${last.value} ${text.trim()}`.trim();
    } else last = undefined;
  }
  return fields;
}

/** Finds the header block of a file. */
export function readHeader(file: PolicyFile): Header {
  if (file.absPath.endsWith('.json')) return jsonHeader(file);
  let i = 0;
  const lines = file.lines;
  if (lines[0]?.startsWith('#!')) i = 1;
  while (i < lines.length && (/^\s*$/.test(lines[i] ?? '') || /^(?:---|%YAML|%TAG)(?:\s|$)/.test(lines[i] ?? ''))) i++;
  const at = i + 1;
  const texts: Array<{ text: string; line: number }> = [];
  const docstring = file.type === 'python' ? /^[rRuU]?("""|''')/.exec(lines[i] ?? '') : null;
  if (docstring) {
    const quote = docstring[1] as string;
    for (let j = i; j < lines.length; j++) {
      const text = (lines[j] ?? '').replace(j === i ? docstring[0] : '', '');
      const end = text.indexOf(quote);
      texts.push({ text: end < 0 ? text : text.slice(0, end), line: j + 1 });
      if (end >= 0) break;
    }
  } else {
    for (let j = i; j < lines.length && file.comments[j] !== undefined && (file.code[j] ?? '').trim() === ''; j++) {
      texts.push({ text: file.comments[j] ?? '', line: j + 1 });
    }
  }
  return { at, fields: readFields(texts) };
}

/** `.tf.json`: the header is the top-level `"//"` string (or list of strings). */
function jsonHeader(file: PolicyFile): Header {
  let meta: unknown;
  try {
    meta = (JSON.parse(file.text) as Record<string, unknown>)['//'];
  } catch {
    meta = undefined;
  }
  const text = Array.isArray(meta) ? meta.map(String).join('\n') : typeof meta === 'string' ? meta : '';
  const index = file.lines.findIndex((l) => /^\s*"\/\/"\s*:/.test(l));
  const line = index < 0 ? 1 : index + 1;
  return { at: line, fields: readFields(text.split('\n').map((t) => ({ text: t, line }))) };
}

/** `header-missing`: no comment block with any header field. */
export const headerMissing = {
  fileTypes: TYPES,
  check(file: PolicyFile): Finding[] {
    const header = readHeader(file);
    return header.fields.size === 0 ? [{ line: header.at, message: 'no header block (File, Purpose, Author, Date) at the top of the file' }] : [];
  },
} satisfies RuleLogic;

/** `header-incomplete`: some fields missing, or a Date that is not a real YYYY-MM-DD date. */
export const headerIncomplete = {
  fileTypes: TYPES,
  check(file: PolicyFile): Finding[] {
    const { at, fields } = readHeader(file);
    if (fields.size === 0) return [];
    const found: Finding[] = [];
    const missing = HEADER_FIELDS.filter((f) => !fields.get(f)?.value);
    if (missing.length > 0) found.push({ line: at, message: `the header lacks ${missing.map((m) => `${m}:`).join(', ')}` });
    const date = fields.get('Date');
    if (date?.value && !isIsoDate(date.value)) found.push({ line: date.line, message: `Date '${date.value}' is not a YYYY-MM-DD date` });
    return found;
  },
} satisfies RuleLogic;

/** `header-path-mismatch`: `File:` is not the path from the repository root. */
export const headerPathMismatch = {
  fileTypes: TYPES,
  check(file: PolicyFile): Finding[] {
    const entry = readHeader(file).fields.get('File');
    // A file outside the repository has no path to compare with.
    if (!entry?.value || file.relPath.startsWith('../') || entry.value.replace(/^\.\//, '') === file.relPath) return [];
    return [{ line: entry.line, message: `File: says '${entry.value}', but the file is ${file.relPath}` }];
  },
} satisfies RuleLogic;

function isIsoDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

// ---------------------------------------------------------------------------------------------
// Fixers (`iacgen fix`): add the header, add its missing fields, correct its File: line.

/** The header values a fix writes: the file's path, the context's author and date, the purpose given or derived. */
function fixValues(file: FixFile, policy: PolicyFile, context: FixContext): Record<(typeof HEADER_FIELDS)[number], string | undefined> {
  return {
    File: file.relPath,
    Purpose: context.purposeFor?.(file.relPath)?.trim() || context.purpose?.trim() || derivePurpose(policy),
    Author: context.author.trim() || undefined,
    Date: isIsoDate(context.date) ? context.date : undefined,
  };
}

/**
 * Lines that must stay first, before a header: Python's encoding declaration (PEP 263: line 1
 * or 2), Dockerfile parser directives (`# syntax=`, `# escape=`: only read before any other
 * comment), cloud-init's `#cloud-config` (and `## template: jinja`).
 */
function isPinned(file: PolicyFile, index: number): boolean {
  const line = file.lines[index] ?? '';
  if (file.type === 'python') return index <= 1 && /^[ \t\f]*#.*?coding[:=][ \t]*[-\w.]+/.test(line);
  if (file.type === 'dockerfile') return /^#\s*[a-zA-Z][\w-]*\s*=\s*\S/.test(line);
  if (file.type === 'cloud-init') return /^#(?:cloud-|# template:)/.test(line);
  return false;
}

/** The 0-based line a new header goes before: where {@link readHeader} looks, after the pinned lines there. */
function headerIndex(file: PolicyFile): number {
  let i = readHeader(file).at - 1;
  while (i < file.lines.length && isPinned(file, i)) i++;
  return i;
}

/**
 * `.tf.json`: the header as a first `"//"` property (a list of `Field: value` strings), on its
 * own line after the opening `{`, indented like the next property. Undefined for an object
 * that does not open on its own line.
 */
function jsonWithHeader(text: string, rows: ReadonlyArray<readonly [string, string]>): string | undefined {
  const open = text.search(/\S/);
  if (open < 0 || text[open] !== '{') return undefined;
  const next = /^[ \t]*\r?\n(?:[ \t]*\r?\n)*([ \t]*)(\S)/.exec(text.slice(open + 1));
  if (!next) return undefined;
  const list = rows.map(([key, value]) => JSON.stringify(`${key}: ${commentText(value)}`)).join(', ');
  const comma = next[2] === '}' ? '' : ',';
  return `${text.slice(0, open + 1)}${eolOf(text)}${next[1] ?? ''}"//": [${list}]${comma}${text.slice(open + 1)}`;
}

/**
 * `header-missing` (safe): adds the header block (File, Purpose, Author, Date; no Generator
 * line: iacgen did not write the file) in `#` comments where the rule looks for it: after a
 * shebang, `---` or `%YAML`, and after the lines that must stay first (see {@link isPinned}),
 * followed by a blank line when content follows. `.tf.json` gets a `"//"` property. Undefined
 * when there is no honest Purpose (none given, none in the file: see `src/fix/purpose.ts`), no
 * author, or the file is outside the repository.
 */
export const headerMissingFix: TextFixer = {
  id: 'header-missing',
  handles: ['iacgen:header-missing'],
  fileTypes: TYPES,
  safety: 'safe',
  whyNot: 'no Purpose to write (the file names none: no play name, leading comment or docstring); give --purpose, or run iacgen fix at a terminal to be asked',
  apply(file, _findings, context) {
    const policy = policyFileOf(file);
    if (file.relPath.startsWith('../') || headerMissing.check(policy).length === 0) return undefined;
    const values = fixValues(file, policy, context);
    const { File: path, Purpose: purpose, Author: author, Date: date } = values;
    if (path === undefined || purpose === undefined || author === undefined || date === undefined) return undefined;
    if (file.absPath.endsWith('.json')) return jsonWithHeader(file.text, [['File', path], ['Purpose', purpose], ['Author', author], ['Date', date]]);
    const at = headerIndex(policy);
    const block = renderHeader({ file: path, purpose, author, date }).split('\n');
    const next = policy.lines[at];
    return insertLines(file.text, at, [...block, ...(next !== undefined && next.trim() !== '' ? [''] : [])]);
  },
};

/** The text of header line `index` as the rule reads it: its comment, or the raw line inside a docstring. */
function headerText(file: PolicyFile, index: number): string {
  return file.comments[index] ?? file.lines[index] ?? '';
}

/** The 0-based last line of the field starting at `index` (its continuation lines included). */
function fieldEnd(file: PolicyFile, index: number): number {
  const comment = file.comments[index] !== undefined;
  let end = index;
  for (let j = index + 1; j < file.lines.length; j++) {
    if (comment && (file.comments[j] === undefined || (file.code[j] ?? '').trim() !== '')) break;
    const text = headerText(file, j);
    if (FIELD.test(text) || !/^\s{2,}\S/.test(text) || /"""|'''/.test(text)) break;
    end = j;
  }
  return end;
}

/** The part of a field line before its name (`# `), the quotes of a docstring's first line left out. */
function prefixOf(line: string): string {
  const m = /^(.*?)(?:File|Purpose|Author|Date)\s*:/i.exec(line);
  return (m?.[1] ?? '# ').replace(/[rRuU]?(?:"""|''')/, '');
}

/**
 * A date in an unambiguous other form as YYYY-MM-DD: `2025/01/15`, `2025.01.15`, an ISO
 * date-time, `15/01/2025` or `01/15/2025` (one part over 12). Undefined when ambiguous
 * (`03/04/2025`) or not a real date.
 */
export function toIsoDate(value: string): string | undefined {
  let y: string | undefined;
  let mo: string | undefined;
  let d: string | undefined;
  const ymd = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ]\S*)?$/.exec(value.trim());
  const dmy = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/.exec(value.trim());
  if (ymd) [, y, mo, d] = ymd;
  else if (dmy) {
    const [a, b] = [Number(dmy[1]), Number(dmy[2])];
    if (a > 12 && b <= 12) [d, mo] = [dmy[1], dmy[2]];
    else if (b > 12 && a <= 12) [mo, d] = [dmy[1], dmy[2]];
    y = dmy[3];
  }
  if (!y || !mo || !d) return undefined;
  const iso = `${y}-${mo.padStart(2, '0')}-${d.padStart(2, '0')}`;
  return isIsoDate(iso) ? iso : undefined;
}

/** One line edit of a header fix: replace `remove` lines at 0-based `index` with `lines`. */
interface Edit {
  index: number;
  remove: number;
  lines: string[];
  /** Order among edits at the same index (lower first in the file). */
  order: number;
}

/** Applies edits from the bottom up, so earlier indexes stay valid; new lines take the file's terminator. */
function applyEdits(text: string, edits: readonly Edit[]): string {
  const raw = rawLines(text);
  const eol = eolOf(text);
  for (const edit of [...edits].sort((a, b) => b.index - a.index || b.order - a.order)) {
    if (edit.index >= raw.length && raw.length > 0 && !/\n$/.test(raw[raw.length - 1] as string)) raw[raw.length - 1] += eol;
    raw.splice(edit.index, edit.remove, ...edit.lines.map((l) => l + eol));
  }
  return raw.join('');
}

/**
 * `header-incomplete` (safe): adds each missing field in its place among the others (File,
 * Purpose, Author, Date), with the block's own comment prefix; fills an empty one; rewrites an
 * unambiguous other date form as YYYY-MM-DD (see {@link toIsoDate}). Undefined when a missing
 * value is not known (no Purpose given or derivable) or the date is ambiguous; `.tf.json` is
 * left to the hand.
 */
export const headerIncompleteFix: TextFixer = {
  id: 'header-incomplete',
  handles: ['iacgen:header-incomplete'],
  fileTypes: TYPES,
  safety: 'safe',
  apply(file, _findings, context) {
    const policy = policyFileOf(file);
    if (file.absPath.endsWith('.json') || headerIncomplete.check(policy).length === 0) return undefined;
    const { fields } = readHeader(policy);
    const present = HEADER_FIELDS.filter((f) => fields.has(f));
    const reference = fields.get(present[0] as string);
    if (!reference) return undefined;
    const prefix = prefixOf(policy.lines[reference.line - 1] ?? '');
    const values = fixValues(file, policy, context);
    const edits: Edit[] = [];
    for (const [order, name] of HEADER_FIELDS.entries()) {
      const entry = fields.get(name);
      if (name === 'Date' && entry?.value) {
        if (isIsoDate(entry.value)) continue;
        const iso = toIsoDate(entry.value);
        const line = policy.lines[entry.line - 1] ?? '';
        const start = /Date\s*:\s*/i.exec(line);
        if (!iso || !start || fieldEnd(policy, entry.line - 1) !== entry.line - 1) return undefined;
        const from = start.index + start[0].length;
        edits.push({ index: entry.line - 1, remove: 1, lines: [line.slice(0, from) + line.slice(from).replace(entry.value, iso)], order });
        continue;
      }
      if (entry?.value) continue;
      const value = values[name];
      if (value === undefined) return undefined;
      const lines = wrap(`${prefix}${name}: `, `${prefix.trimEnd()}   `, commentText(value));
      if (entry) {
        // `# Purpose:` with nothing after it: fill it in.
        edits.push({ index: entry.line - 1, remove: fieldEnd(policy, entry.line - 1) - entry.line + 2, lines, order });
        continue;
      }
      const later = HEADER_FIELDS.slice(order + 1).map((f) => fields.get(f)).find((e) => e !== undefined);
      const last = [...present].reverse().map((f) => fields.get(f)).find((e) => e !== undefined) ?? reference;
      edits.push({ index: later ? later.line - 1 : fieldEnd(policy, last.line - 1) + 1, remove: 0, lines, order });
    }
    return edits.length === 0 ? undefined : applyEdits(file.text, edits);
  },
};

/**
 * `header-path-mismatch` (safe): sets the File: line to the file's path from the repository
 * root (continuation lines of the old value removed). `.tf.json` is left to the hand.
 */
export const headerPathMismatchFix: TextFixer = {
  id: 'header-path-mismatch',
  handles: ['iacgen:header-path-mismatch'],
  fileTypes: TYPES,
  safety: 'safe',
  apply(file) {
    const policy = policyFileOf(file);
    if (file.absPath.endsWith('.json') || headerPathMismatch.check(policy).length === 0) return undefined;
    const entry = readHeader(policy).fields.get('File');
    if (!entry) return undefined;
    const index = entry.line - 1;
    const line = policy.lines[index] ?? '';
    const m = /File\s*:[ \t]*/i.exec(line);
    if (!m) return undefined;
    const from = m.index + m[0].length;
    // Keep what follows the value on its line: a docstring's closing quotes.
    const tail = /(?:"""|''').*$/.exec(line.slice(from))?.[0] ?? '';
    const fixed = replaceLine(file.text, index, line.slice(0, from) + file.relPath + tail);
    const end = fieldEnd(policy, index);
    return end === index ? fixed : applyEdits(fixed, [{ index: index + 1, remove: end - index, lines: [], order: 0 }]);
  },
};
