/**
 * Whether a literal value fits a cty type, as Terraform converts it (go-cty's `convert`
 * package): a string becomes a number when it parses as one and a bool when it is `true`,
 * `false`, `1` or `0`; numbers and bools become strings; a bool never becomes a number nor a
 * number a bool. Values as hcl2json gives them: an expression (a reference, a function call, a
 * template) is a string holding `${` and is never judged.
 */
import type { CtyType } from './schema-snapshot.js';

/** True for a string hcl2json made from an expression or template (`${var.x}`, `%{ if }`). */
export function isExpression(value: unknown): boolean {
  return typeof value === 'string' && /[$%]\{/.test(value);
}

/** What a literal is, in the words a message uses. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value)}`;
  return `the ${typeof value} ${String(value)}`;
}

/** A cty type in Terraform's own words: `list(number)`, `map(string)`, `object`. */
export function typeName(type: CtyType | undefined): string {
  if (type === undefined) return 'dynamic';
  if (typeof type === 'string') return type;
  const [kind, inner] = type;
  if (kind === 'object') return 'object';
  if (kind === 'tuple') return 'tuple';
  return `${kind}(${typeName(inner as CtyType)})`;
}

const NUMBER = /^\s*[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?\s*$/;

/**
 * Why `value` cannot be converted to `type`: a message naming the value and the type, or
 * undefined when it converts or cannot be judged (an expression, null, a dynamic type).
 */
export function literalMismatch(value: unknown, type: CtyType | undefined): string | undefined {
  if (type === undefined || type === 'dynamic' || value === null || value === undefined || isExpression(value)) return undefined;
  const bad = (): string => `${describe(value)} where ${typeName(type)} goes`;
  if (typeof type === 'string') {
    if (Array.isArray(value) || typeof value === 'object') return bad();
    if (type === 'number') return typeof value === 'number' || (typeof value === 'string' && NUMBER.test(value)) ? undefined : bad();
    if (type === 'bool') return typeof value === 'boolean' || (typeof value === 'string' && ['true', 'false', '1', '0'].includes(value)) ? undefined : bad();
    return undefined;
  }
  const [kind, inner] = type;
  if (kind === 'list' || kind === 'set') {
    if (!Array.isArray(value)) return bad();
    for (const item of value) {
      const why = literalMismatch(item, inner as CtyType);
      if (why) return `${why} (in ${typeName(type)})`;
    }
    return undefined;
  }
  if (kind === 'map') {
    if (Array.isArray(value) || typeof value !== 'object') return bad();
    for (const item of Object.values(value as object)) {
      const why = literalMismatch(item, inner as CtyType);
      if (why) return `${why} (in ${typeName(type)})`;
    }
    return undefined;
  }
  if (kind === 'object') {
    if (Array.isArray(value) || typeof value !== 'object') return bad();
    const attributes = (inner ?? {}) as Record<string, CtyType>;
    for (const [key, item] of Object.entries(value as object)) {
      const why = key in attributes ? literalMismatch(item, attributes[key]) : undefined;
      if (why) return `${why} (attribute ${key})`;
    }
    return undefined;
  }
  return undefined;
}
