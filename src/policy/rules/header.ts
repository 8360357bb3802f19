/**
 * Header rules: the comment block every artifact starts with (`File:`, `Purpose:`, `Author:`,
 * `Date:`). Comments in the file's own syntax; a Python module docstring also counts; `.tf.json`
 * keeps its header in a top-level `"//"` key (Terraform ignores `//` properties). Plain JSON is
 * not checked: it has no comments and its consumers rarely tolerate an extra key.
 */
import type { FileType } from '../../classify/tables.js';
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
export const headerMissing: RuleLogic = {
  fileTypes: TYPES,
  check(file) {
    const header = readHeader(file);
    return header.fields.size === 0 ? [{ line: header.at, message: 'no header block (File, Purpose, Author, Date) at the top of the file' }] : [];
  },
};

/** `header-incomplete`: some fields missing, or a Date that is not a real YYYY-MM-DD date. */
export const headerIncomplete: RuleLogic = {
  fileTypes: TYPES,
  check(file) {
    const { at, fields } = readHeader(file);
    if (fields.size === 0) return [];
    const found: Finding[] = [];
    const missing = HEADER_FIELDS.filter((f) => !fields.get(f)?.value);
    if (missing.length > 0) found.push({ line: at, message: `the header lacks ${missing.map((m) => `${m}:`).join(', ')}` });
    const date = fields.get('Date');
    if (date?.value && !isIsoDate(date.value)) found.push({ line: date.line, message: `Date '${date.value}' is not a YYYY-MM-DD date` });
    return found;
  },
};

/** `header-path-mismatch`: `File:` is not the path from the repository root. */
export const headerPathMismatch: RuleLogic = {
  fileTypes: TYPES,
  check(file) {
    const entry = readHeader(file).fields.get('File');
    // A file outside the repository has no path to compare with.
    if (!entry?.value || file.relPath.startsWith('../') || entry.value.replace(/^\.\//, '') === file.relPath) return [];
    return [{ line: entry.line, message: `File: says '${entry.value}', but the file is ${file.relPath}` }];
  },
};

function isIsoDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}
