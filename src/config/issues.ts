/**
 * zod issues turned into sentences for people: the key path, what was expected and what was
 * found (`guests[0].id: expected a whole number of at least 100, found 5`), and an unknown key
 * named with the nearest known one (`unknown key 'exlude'; did you mean 'exclude'?`).
 * Messages the schemas word themselves (`must be a DNS label: ...`) are kept as they are.
 */
import type { z } from 'zod';
import { closest } from '../util/closest.js';

/** One zod issue. */
export type Issue = z.core.$ZodIssue;

/** A path into the parsed data: keys and list indexes. */
export type DataPath = readonly (string | number)[];

/** A sentence about one node of the file. */
export interface IssueSentence {
  /** The node the sentence is about; for an unknown key, the key itself (see `atKey`). */
  path: DataPath;
  /** True when the sentence is about the key at `path` (an unknown key), not about its value. */
  atKey: boolean;
  /** `guests[0].id: expected a whole number of at least 100, found 5`. */
  text: string;
}

/** `guests[2].id` from a path; `(top level)` for the empty path. */
export function formatPath(segments: readonly PropertyKey[]): string {
  if (segments.length === 0) return '(top level)';
  return segments.map((s, i) => (typeof s === 'number' ? `[${s}]` : `${i === 0 ? '' : '.'}${String(s)}`)).join('');
}

/** zod's own English (`Invalid input: ...`, `Too small: ...`), which a sentence of ours replaces. */
const ZOD_DEFAULT = /^(Invalid (input|option|key|element|string|value)|Too (small|big)|Unrecognized key|Invalid [a-z]+:)/;

/**
 * The sentences for one issue (one per unknown key; usually one).
 * @param data   the data that was validated (what the file holds)
 * @param schema the schema it was validated with, for the keys an unknown key could have meant
 */
export function describeIssue(issue: Issue, data: unknown, schema?: z.ZodType): IssueSentence[] {
  const path = issue.path.filter((s): s is string | number => typeof s !== 'symbol');
  const where = formatPath(path);
  const at = valueAt(data, path);
  switch (issue.code) {
    case 'unrecognized_keys': {
      const known = schema ? keysAt(schema, path) : [];
      return issue.keys.map((key) => {
        const guess = closest(key, known.filter((k) => !(at.present && isRecord(at.value) && k in at.value)));
        const inside = path.length === 0 ? 'at the top level' : `in ${where}`;
        const hint = guess ? `; did you mean '${guess}'?` : known.length > 0 ? `; the keys here are ${known.join(', ')}` : '';
        return { path: [...path, key], atKey: true, text: `${formatPath([...path, key])}: unknown key '${key}' ${inside}${hint}` };
      });
    }
    case 'invalid_union': {
      const nested = issue.errors.flat().filter((inner) => inner.path.length > 0);
      // The value has a branch's type but breaks something inside it: say what, there.
      if (nested.length > 0) return nested.flatMap((inner) => describeIssue({ ...inner, path: [...issue.path, ...inner.path] }, data, schema));
      const expected = [...new Set(issue.errors.flatMap((branch) => branch.map(expectedOf)).filter((e): e is string => e !== undefined))];
      return [{ path, atKey: false, text: `${where}: expected ${expected.length > 0 ? joinOr(expected) : 'another form'}, found ${found(at)}` }];
    }
    case 'invalid_key': {
      const inner = issue.issues[0];
      const why = inner && !ZOD_DEFAULT.test(inner.message) ? inner.message : inner ? `expected ${expectedOf(inner) ?? 'another key'}` : 'not allowed';
      return [{ path, atKey: true, text: `${where}: this key is not allowed: ${why}` }];
    }
    default:
      break;
  }
  if (!ZOD_DEFAULT.test(issue.message)) {
    const withFound = ['invalid_format', 'invalid_type', 'too_big', 'too_small'].includes(issue.code) && at.present ? `, found ${found(at)}` : '';
    return [{ path, atKey: issue.code === 'custom' && /^unknown /.test(issue.message), text: `${where}: ${issue.message}${withFound}` }];
  }
  if (issue.code === 'invalid_type' && !at.present) {
    return [{ path, atKey: false, text: `${where}: missing; expected ${expectedOf(issue) ?? 'a value'}` }];
  }
  return [{ path, atKey: false, text: `${where}: expected ${expectedOf(issue) ?? 'another value'}, found ${found(at)}` }];
}

/** What an issue says was expected, as words (`a list`, `one of error, warning`), if it says. */
export function expectedOf(issue: Issue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      return TYPE_WORDS[issue.expected] ?? `a value of type ${issue.expected}`;
    case 'invalid_value':
      return issue.values.length === 1 ? show(issue.values[0]) : `one of ${issue.values.map(show).join(', ')}`;
    case 'too_small':
      return bound(issue.origin, issue.minimum, issue.inclusive ?? true, 'small');
    case 'too_big':
      return bound(issue.origin, issue.maximum, issue.inclusive ?? true, 'big');
    case 'invalid_format':
      return issue.format === 'url' ? 'a URL such as https://192.168.2.200:8006/' : issue.format === 'regex' ? `a string matching ${issue.pattern ?? 'the pattern'}` : `a valid ${issue.format}`;
    case 'not_multiple_of':
      return `a multiple of ${issue.divisor}`;
    default:
      return undefined;
  }
}

const TYPE_WORDS: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  tuple: 'a list',
  object: 'a mapping (key: value)',
  record: 'a mapping (key: value)',
  map: 'a mapping (key: value)',
  null: 'null',
};

function bound(origin: string, limit: number | bigint, inclusive: boolean, side: 'small' | 'big'): string {
  const n = Number(limit);
  const word = side === 'small' ? (inclusive ? 'at least' : 'more than') : inclusive ? 'at most' : 'less than';
  switch (origin) {
    case 'string':
      return side === 'small' && n === 1 && inclusive ? 'a non-empty string' : `a string of ${word} ${n} character${n === 1 ? '' : 's'}`;
    case 'array':
    case 'set':
      return side === 'small' && n === 1 && inclusive ? 'a list of at least one item' : `a list of ${word} ${n} item${n === 1 ? '' : 's'}`;
    case 'int':
      return `a whole number of ${word} ${n}`;
    default:
      return `a number of ${word} ${n}`;
  }
}

/** A value as the file would spell it. */
function show(value: unknown): string {
  return typeof value === 'string' ? value : String(value);
}

function joinOr(words: readonly string[]): string {
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}

interface Found {
  present: boolean;
  value?: unknown;
}

/** What the file has, in words: `the string "yes"`, `5`, `a list of 2 items`, `nothing (null)`. */
function found(at: Found): string {
  if (!at.present) return 'nothing (the key is missing)';
  const value = at.value;
  if (value === null) return 'nothing (an empty value)';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value)}`;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (Array.isArray(value)) return `a list of ${value.length} item${value.length === 1 ? '' : 's'}`;
  if (value instanceof Date) return `the date ${value.toISOString().slice(0, 10)}`;
  if (isRecord(value)) return 'a mapping';
  return typeof value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function valueAt(data: unknown, path: DataPath): Found {
  let value = data;
  for (const segment of path) {
    if (Array.isArray(value) && typeof segment === 'number' && segment < value.length) value = value[segment];
    else if (isRecord(value) && Object.prototype.hasOwnProperty.call(value, segment)) value = value[String(segment)];
    else return { present: false };
  }
  return { present: true, value };
}

/** What of a zod schema's definition the key look-up reads (zod 4's `_zod.def`). */
interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  innerType?: z.ZodType;
  in?: z.ZodType;
  options?: z.ZodType[];
  valueType?: z.ZodType;
}

function defOf(schema: z.ZodType): Def {
  return (schema as unknown as { _zod: { def: Def } })._zod.def;
}

/** The schemas a value at this point may have (wrappers removed; a union gives each option). */
function unwrap(schema: z.ZodType): z.ZodType[] {
  const def = defOf(schema);
  if (def.innerType) return unwrap(def.innerType);
  if (def.type === 'pipe' && def.in) return unwrap(def.in);
  if (def.type === 'union' && def.options) return def.options.flatMap(unwrap);
  return [schema];
}

/**
 * The keys an object of `schema` has at `path` (empty when it is not an object there), for
 * suggesting the key an unknown one was meant to be.
 */
export function keysAt(schema: z.ZodType, path: DataPath): string[] {
  let here = unwrap(schema);
  for (const segment of path) {
    here = here.flatMap((s) => {
      const def = defOf(s);
      if (def.type === 'object' && def.shape && typeof segment === 'string' && def.shape[segment]) return unwrap(def.shape[segment]);
      if (def.type === 'array' && def.element && typeof segment === 'number') return unwrap(def.element);
      if (def.type === 'record' && def.valueType) return unwrap(def.valueType);
      return [];
    });
  }
  return [...new Set(here.flatMap((s) => (defOf(s).type === 'object' ? Object.keys(defOf(s).shape ?? {}) : [])))];
}
