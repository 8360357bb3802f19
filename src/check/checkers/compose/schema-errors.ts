/**
 * Turns ajv's raw errors (run with `allErrors` and `verbose`) into the few findings a person
 * needs: a `oneOf` whose every branch failed yields one error per branch plus the `oneOf`
 * itself; only the branch that fits the value's type is worth reading.
 */
import type { ErrorObject } from 'ajv';
import { dottedPath, pointerSegments } from './yaml-path.js';

/** One finding of the schema, ready to be placed in the file. */
export interface SchemaProblem {
  /** Where the value is (an ajv `instancePath`). */
  instancePath: string;
  /** The key under `instancePath` it is about (an unknown key), if any. */
  key?: string;
  /** The ajv keyword (`additionalProperties`, `type`, `required`, ...): the rule id. */
  keyword: string;
  message: string;
}

/** Keywords that only say "some branch failed"; the branches' own errors say why. */
const COMBINATORS: ReadonlySet<string> = new Set(['oneOf', 'anyOf', 'if']);

const TYPE_NAMES: Readonly<Record<string, string>> = {
  object: 'a mapping',
  array: 'a list',
  string: 'a string',
  integer: 'an integer',
  number: 'a number',
  boolean: 'a boolean',
  null: 'empty',
};

/** Names that Compose allows for services, volumes, networks, ... (`^[a-zA-Z0-9._-]+$`). */
const NAME_PATTERN = '^[a-zA-Z0-9._-]+$';

function isUnder(parent: string, child: string): boolean {
  return child.startsWith(`${parent}/`);
}

/** How a YAML value reads: `a string ("80")`, `a number (5)`, `empty`. */
export function describe(value: unknown): string {
  if (value === null || value === undefined) return 'empty';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  const type = typeof value === 'number' && Number.isInteger(value) ? 'integer' : typeof value;
  return `${TYPE_NAMES[type] ?? type} (${JSON.stringify(value)})`;
}

function types(error: ErrorObject): string[] {
  const t: unknown = error.params['type'];
  return (Array.isArray(t) ? t : [t]).map(String);
}

/** Edit distance counting a swap of neighbours as one edit (optimal string alignment), for "did you mean". */
function distance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  const at = (i: number, j: number) => d[i]?.[j] ?? 0;
  for (let i = 1; i <= a.length; i += 1) {
    const row = d[i] ?? [];
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, at(i - 2, j - 2) + 1);
      row[j] = best;
    }
  }
  return at(a.length, b.length);
}

function suggestion(key: string, known: readonly string[]): string {
  const best = known
    .map((k) => ({ k, d: distance(key.toLowerCase(), k.toLowerCase()) }))
    .filter(({ d }) => d <= Math.max(1, Math.floor(key.length / 4)))
    .sort((a, b) => a.d - b.d)[0];
  return best ? ` (did you mean '${best.k}'?)` : '';
}

function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function unknownKey(error: ErrorObject, where: string): { key: string; message: string } {
  const key = String(error.params['additionalProperty']);
  const parent = record(error.parentSchema);
  const known = Object.keys(record(parent['properties']));
  if (known.length > 0) return { key, message: `${where}: unknown key '${key}'${suggestion(key, known)}` };
  const patterns = Object.keys(record(parent['patternProperties'])).filter((p) => p !== '^x-');
  const rule = patterns.length === 1 && patterns[0] === NAME_PATTERN ? "letters, digits, '.', '_' and '-' only" : `must match ${patterns.join(' or ')}`;
  return { key, message: `${where}: invalid name '${key}' (${rule})` };
}

function problem(error: ErrorObject, mergedTypes?: string[]): SchemaProblem {
  const where = dottedPath(pointerSegments(error.instancePath));
  const base = { instancePath: error.instancePath, keyword: error.keyword };
  const p = error.params;
  switch (error.keyword) {
    case 'additionalProperties':
      return { ...base, ...unknownKey(error, where) };
    case 'type': {
      const expected = (mergedTypes ?? types(error)).map((t) => TYPE_NAMES[t] ?? t);
      return { ...base, message: `${where}: must be ${expected.join(' or ')}, not ${describe(error.data)}` };
    }
    case 'required':
      return { ...base, message: `${where}: missing required key '${String(p['missingProperty'])}'` };
    case 'enum': {
      const allowed = Array.isArray(p['allowedValues']) ? p['allowedValues'].map((v) => JSON.stringify(v)).join(', ') : '';
      return { ...base, message: `${where}: must be one of ${allowed}, not ${JSON.stringify(error.data)}` };
    }
    case 'uniqueItems': {
      const [a, b] = [Number(p['j']) + 1, Number(p['i']) + 1].sort((x, y) => x - y);
      return { ...base, message: `${where}: items ${a} and ${b} are the same (duplicates are not allowed)` };
    }
    default:
      return { ...base, message: `${where}: ${error.message ?? error.keyword}` };
  }
}

/**
 * The problems worth reporting among ajv's errors:
 * - a combinator (`oneOf`, `anyOf`, `if`) is dropped when its branches said more;
 * - a `type` error is dropped when another error at or under the same place exists (the value
 *   had the type of another branch, whose errors are the real ones);
 * - the remaining `type` errors of one place merge ("a string or a mapping");
 * - duplicates go.
 */
export function schemaProblems(errors: readonly ErrorObject[]): SchemaProblem[] {
  const specific = errors.filter((e) => !COMBINATORS.has(e.keyword));
  const kept = errors.filter((e) => {
    const here = (o: ErrorObject) => o.instancePath === e.instancePath;
    if (COMBINATORS.has(e.keyword)) return !specific.some((o) => here(o) || isUnder(e.instancePath, o.instancePath));
    if (e.keyword !== 'type') return true;
    return !specific.some((o) => (here(o) && o.keyword !== 'type') || isUnder(e.instancePath, o.instancePath));
  });
  const problems: SchemaProblem[] = [];
  const seen = new Set<string>();
  for (const e of kept) {
    const merged = e.keyword === 'type' ? [...new Set(kept.filter((o) => o.keyword === 'type' && o.instancePath === e.instancePath).flatMap(types))] : undefined;
    const p = problem(e, merged);
    const id = `${p.instancePath}\u0000${p.key ?? ''}\u0000${p.message}`;
    if (seen.has(id)) continue;
    seen.add(id);
    problems.push(p);
  }
  return problems;
}
