/**
 * Escapers for template output, one per target syntax. EJS `<%= value %>` goes through the
 * escaper of the file's syntax, so an answer can never break out of the value it fills: it is
 * written as a complete literal of that language (a quoted string, or a bare number/boolean).
 */
import type { SYNTAXES } from './manifest.js';

/** Target syntaxes a template can declare. */
export type Syntax = (typeof SYNTAXES)[number];

const YAML_PLAIN = /^[A-Za-z0-9_./][A-Za-z0-9_./@ -]*$/;
const YAML_SPECIAL = /^(true|false|yes|no|on|off|y|n|null|~|[-+]?(\.inf|\.nan)|[-+]?[0-9][0-9_.:eExXoObB+-]*)$/i;

/**
 * `JSON.stringify` of a string, with DEL and the C1 control characters (U+007F-U+009F) escaped
 * too: JSON leaves them raw, and YAML parsers and TOML reject them raw. The result is still a
 * valid JSON string, YAML double-quoted scalar, TOML basic string and Python `str` literal.
 */
export function quoted(text: string): string {
  return JSON.stringify(text).replace(/[\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * A YAML scalar for `value`: plain where that is unambiguous, else double-quoted (a JSON string
 * is a valid YAML double-quoted scalar). Numbers and booleans are written as themselves.
 */
export function yamlScalar(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const text = String(value ?? '');
  if (text !== '' && YAML_PLAIN.test(text) && !YAML_SPECIAL.test(text) && !text.endsWith(' ')) return text;
  return quoted(text);
}

/**
 * A YAML scalar that Ansible will not template: a string holding Jinja delimiters (`{{`, `{%`,
 * `{#`) is tagged `!unsafe` (Ansible docs, "Unsafe or raw strings"), so an answer can never run
 * a lookup on the control node.
 */
export function ansibleScalar(value: unknown): string {
  if (typeof value === 'string' && /\{[{%#]/.test(value)) return `!unsafe ${quoted(value)}`;
  return yamlScalar(value);
}

/**
 * A YAML scalar for a Compose file: `$` doubled (`$$`), so an answer is never interpolated from
 * the environment (Compose specification, "Interpolation").
 */
export function composeScalar(value: unknown): string {
  return typeof value === 'string' ? yamlScalar(value.replaceAll('$', '$$$$')) : yamlScalar(value);
}

/** Text for a `#` comment: newlines and control characters folded to spaces. */
export function commentText(value: unknown): string {
  return String(value ?? '').replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ');
}

/**
 * An HCL string literal (or a bare number/boolean). HCL's quoted strings take JSON's escapes,
 * plus `$${` and `%%{` for a literal `${`/`%{` (HCL native syntax spec, "Template Literals").
 */
export function hclLiteral(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  // In a replacement string `$$` is one `$`: '$$${' writes `$${`.
  return quoted(String(value ?? '')).replaceAll('${', '$$${').replaceAll('%{', '%%{');
}

/**
 * A POSIX shell word: single-quoted, with each `'` as `'\''`, so nothing in it is expanded
 * (no `$`, backquote, glob or word splitting). Numbers are written bare.
 */
export function shellWord(value: unknown): string {
  if (typeof value === 'number') return String(value);
  return `'${String(value ?? '').replaceAll("'", "'\\''")}'`;
}

/**
 * A Python literal: a JSON string is a valid Python `str` literal (same escapes), numbers bare,
 * booleans as `True`/`False`.
 */
export function pythonLiteral(value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  return quoted(String(value ?? ''));
}

/** A JSON value (strings quoted and escaped). */
export function jsonValue(value: unknown): string {
  return JSON.stringify(value ?? null);
}

/**
 * A TOML value: numbers and booleans bare, strings as basic strings (JSON's escapes are valid
 * TOML basic-string escapes; control characters come out as \uXXXX).
 */
export function tomlValue(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return quoted(String(value ?? ''));
}

const ESCAPERS: Record<Syntax, (value: unknown) => string> = {
  yaml: yamlScalar,
  ansible: ansibleScalar,
  compose: composeScalar,
  hcl: hclLiteral,
  shell: shellWord,
  python: pythonLiteral,
  json: jsonValue,
  toml: tomlValue,
  text: commentText,
};

/** The YAML helper of a template (`yaml(value)`): the file's own escaper for YAML dialects. */
export function yamlHelperFor(syntax: Syntax): (value: unknown) => string {
  return syntax === 'ansible' ? ansibleScalar : syntax === 'compose' ? composeScalar : yamlScalar;
}

/** The escaper EJS uses for `<%= %>` in a template of the given syntax. */
export function escaperFor(syntax: Syntax): (value: unknown) => string {
  return ESCAPERS[syntax];
}
