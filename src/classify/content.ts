/**
 * Tests of a file's text that the classifier's tables name: what INI inventories, cloud-config
 * files and Jinja-shaped YAML look like. Line scanners, not parsers.
 */
import { CLOUD_CONFIG_LINE } from './tables.js';

/** `[group]`, `[group:vars]`, `[group:children]` (docs.ansible.com, "How to build your inventory", INI). */
const SECTION = /^\[([^\]\s:]+)(?::(vars|children))?\]$/;
/**
 * A host line: a host name or pattern (`web[01:20].example.test`, `db:2222`, never ending in `:`
 * as a YAML key does), then `key=value` variables.
 */
const HOST_LINE = /^[^\s=[#;][^\s=]*(?<!:)(?:\s+[A-Za-z_][\w.]*=\S.*)?$/;
/** A `key=value` line of a `:vars` section. */
const VAR_LINE = /^[A-Za-z_][\w.]*\s*=/;
/** A group name line of a `:children` section. */
const CHILD_LINE = /^[^\s=[#;]+$/;

/**
 * True when the text reads as an Ansible INI inventory: only blank lines, comments (`#`, `;`),
 * group sections and the lines each section allows, with at least one section or host line.
 * `/etc/hosts` lines (`127.0.0.1 localhost`) and most other INI files fail.
 */
export function isIniInventory(text: string): boolean {
  let section: 'hosts' | 'vars' | 'children' = 'hosts';
  let entries = 0;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const header = SECTION.exec(line);
    if (header) {
      section = header[2] === 'vars' ? 'vars' : header[2] === 'children' ? 'children' : 'hosts';
    } else if (!(section === 'vars' ? VAR_LINE : section === 'children' ? CHILD_LINE : HOST_LINE).test(line)) {
      return false;
    }
    entries += 1;
  }
  return entries > 0;
}

/** True when the first line is `#cloud-config` (trailing blanks allowed). */
export function isCloudConfig(text: string): boolean {
  const first = /^[^\r\n]*/.exec(text)?.[0] ?? '';
  return first.trimEnd() === CLOUD_CONFIG_LINE;
}

/** A line (trimmed) that opens a block scalar (`key: |`, `- >-`, `key: |2 # note`). */
const BLOCK_SCALAR = /(?::|^-|\s-)\s+[|>][-+0-9]*\s*(?:#.*)?$|^[|>][-+0-9]*\s*$/;

/**
 * True when Jinja shapes the YAML structure rather than sitting in a value: a `{% %}` or `{# #}`
 * tag, or a `{{ }}` expression, where a YAML node starts (at a line's start, after `key:`, `- `,
 * `,`, `[` or `{`), outside quoted strings, block scalars and comments. `command: echo {{ x }}`
 * (Jinja inside a plain scalar) and `msg: "{{ x }}"` are values, not structure.
 */
export function hasJinjaStructure(text: string): boolean {
  if (!/\{[{%#]/.test(text)) return false;
  let blockIndent: number | undefined;
  for (const line of text.split(/\r?\n/)) {
    const body = line.trimStart();
    const indent = line.length - body.length;
    if (blockIndent !== undefined) {
      if (body === '' || indent > blockIndent) continue;
      blockIndent = undefined;
    }
    if (jinjaAtNodeStart(line)) return true;
    if (BLOCK_SCALAR.test(body)) blockIndent = indent;
  }
  return false;
}

/** Scans one line, following quotes that open where a value starts, up to a comment. */
function jinjaAtNodeStart(line: string): boolean {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i] as string;
    if (quote) {
      if (ch === '\\' && quote === '"') i++;
      else if (ch === quote) quote = undefined;
      continue;
    }
    const before = line.slice(0, i);
    const atNode = /(?:^|[:[{,-])\s*$/.test(before) && !/\S-$/.test(before);
    if ((ch === '"' || ch === "'") && atNode) quote = ch;
    else if (ch === '#' && (i === 0 || /\s/.test(line[i - 1] as string))) return false;
    else if (ch === '{' && /[{%#]/.test(line[i + 1] ?? '') && atNode) return true;
  }
  return false;
}
