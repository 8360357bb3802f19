/**
 * From a JSON pointer into the data of a YAML document (an ajv `instancePath`) back to the
 * place in the YAML source, following aliases and `<<` merge keys.
 */
import { isAlias, isMap, isScalar, isSeq, type Document, type Pair, type YAMLMap } from 'yaml';

/** The segments of a JSON pointer (`/services/web` -> `['services', 'web']`), unescaped (RFC 6901). */
export function pointerSegments(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'));
}

/** A data path for people: `services.web.ports[0]`; `top level` for the root. */
export function dottedPath(segments: readonly string[]): string {
  if (segments.length === 0) return 'top level';
  return segments.map((s, i) => (/^\d+$/.test(s) ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}

function keyText(key: unknown): string | undefined {
  if (!isScalar(key)) return undefined;
  // With merge keys enabled, yaml gives `<<` the value Symbol(<<).
  return typeof key.value === 'symbol' ? (key.value.description ?? '') : String(key.value);
}

function resolved(doc: Document, node: unknown): unknown {
  return isAlias(node) ? node.resolve(doc) : node;
}

/** The pair of `map` for `key`, looking through `<<` merge keys (and their aliases) too. */
export function findPair(doc: Document, map: YAMLMap, key: string, depth = 0): Pair | undefined {
  const own = map.items.find((pair) => keyText(pair.key) === key);
  if (own || depth > 8) return own;
  for (const pair of map.items) {
    if (keyText(pair.key) !== '<<') continue;
    const value = resolved(doc, pair.value);
    const sources = isSeq(value) ? value.items : [value];
    for (const source of sources) {
      const target = resolved(doc, source);
      const found = isMap(target) ? findPair(doc, target, key, depth + 1) : undefined;
      if (found) return found;
    }
  }
  return undefined;
}

function start(node: unknown): number | undefined {
  return node !== null && typeof node === 'object' && 'range' in node && Array.isArray(node.range) ? Number(node.range[0]) : undefined;
}

/** Where a pointer leads: the node there, and the offset to report (its key when reached by one). */
export interface Location {
  node: unknown;
  offset: number;
}

/**
 * Follows `segments` from the document root as far as the YAML allows. The offset is that of
 * the key of the last mapping entry reached (its line reads best), or of the sequence item;
 * 0 for the root.
 */
export function locate(doc: Document, segments: readonly string[]): Location {
  let node: unknown = doc.contents;
  let offset = 0;
  for (const segment of segments) {
    node = resolved(doc, node);
    if (isMap(node)) {
      const pair = findPair(doc, node, segment);
      if (!pair) break;
      offset = start(pair.key) ?? offset;
      node = pair.value;
    } else if (isSeq(node)) {
      const item: unknown = node.items[Number(segment)];
      if (item === undefined) break;
      offset = start(item) ?? offset;
      node = item;
    } else {
      break;
    }
  }
  return { node: resolved(doc, node), offset };
}

/** The offset of `key` inside the mapping at `location`, or the location's own offset. */
export function keyOffset(doc: Document, location: Location, key: string): number {
  if (!isMap(location.node)) return location.offset;
  return start(findPair(doc, location.node, key)?.key) ?? location.offset;
}
