/**
 * Escapers for template output, one per target syntax. EJS `<%= value %>` goes through the
 * escaper of the file's syntax, so an answer can never break out of the value it fills.
 */

/** Target syntaxes a template can declare. */
export type Syntax = 'yaml' | 'text';

const YAML_PLAIN = /^[A-Za-z0-9_./][A-Za-z0-9_./@ -]*$/;
const YAML_SPECIAL = /^(true|false|yes|no|on|off|y|n|null|~|[-+]?(\.inf|\.nan)|[-+]?[0-9][0-9_.:eExXoObB+-]*)$/i;

/**
 * A YAML scalar for `value`: plain where that is unambiguous, else double-quoted (a JSON string
 * is a valid YAML double-quoted scalar). Numbers and booleans are written as themselves.
 */
export function yamlScalar(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const text = String(value ?? '');
  if (text !== '' && YAML_PLAIN.test(text) && !YAML_SPECIAL.test(text) && !text.endsWith(' ')) return text;
  return JSON.stringify(text);
}

/** Text for a `#` comment: newlines and control characters folded to spaces. */
export function commentText(value: unknown): string {
  return String(value ?? '').replace(/[\u0000-\u001f\u007f]+/g, ' ');
}

/** The escaper EJS uses for `<%= %>` in a template of the given syntax. */
export function escaperFor(syntax: Syntax): (value: unknown) => string {
  return syntax === 'yaml' ? yamlScalar : commentText;
}
