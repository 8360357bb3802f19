/**
 * YAML for the rules: every document of a file parsed once with the `yaml` package and a
 * LineCounter, plus small helpers to walk the AST (merge keys and aliases resolved) and to turn
 * a node into its line.
 */
import { isAlias, isMap, isNode, isScalar, isSeq, LineCounter, parseAllDocuments, type Document, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';

/** The parsed documents of one YAML file and the line of any node. */
export interface YamlFile {
  docs: Document.Parsed[];
  /** 1-based line where `node` starts (1 for anything without a position). */
  line(node: unknown): number;
}

/** Parses every document of `text`; undefined when any of them has a syntax error. */
export function parseYaml(text: string): YamlFile | undefined {
  const counter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: counter, uniqueKeys: false, merge: true });
  if (!Array.isArray(docs) || docs.some((doc) => doc.errors.length > 0)) return undefined;
  return {
    docs,
    line: (node) => (isNode(node) && node.range ? counter.linePos(node.range[0]).line : 1),
  };
}

/** `node` itself, or the node an alias points to. */
export function resolved(node: unknown, doc: Document): unknown {
  return isAlias(node) ? node.resolve(doc) : node;
}

/** The pairs of a mapping, those brought in by `<<` merge keys last (so that own keys win). */
export function pairsOf(map: YAMLMap, doc: Document): Pair[] {
  const own: Pair[] = [];
  const merged: Pair[] = [];
  for (const pair of map.items) {
    // With `merge: true` the parser gives a merge key the value Symbol(<<).
    if (isScalar(pair.key) && (pair.key.value === '<<' || typeof pair.key.value === 'symbol')) {
      const sources = resolved(pair.value, doc);
      const list = isSeq(sources) ? sources.items.map((item) => resolved(item, doc)) : [sources];
      for (const source of list) if (isMap(source)) merged.push(...pairsOf(source, doc));
    } else own.push(pair);
  }
  return [...own, ...merged];
}

/** The key of a pair as a string (scalar keys only). */
export function keyOf(pair: Pair): string | undefined {
  return isScalar(pair.key) ? String(pair.key.value) : undefined;
}

/** The pair of `key` in a mapping (own keys first, then merged ones). */
export function pairOf(map: YAMLMap, key: string, doc: Document): Pair | undefined {
  return pairsOf(map, doc).find((pair) => keyOf(pair) === key);
}

/** The value node of `key` in a mapping, aliases resolved. */
export function get(map: unknown, key: string, doc: Document): Node | undefined {
  if (!isMap(map)) return undefined;
  const pair = pairOf(map, key, doc);
  return pair ? (resolved(pair.value, doc) as Node | undefined) ?? undefined : undefined;
}

/** True when the mapping has `key` (whatever its value, null included). */
export function has(map: unknown, key: string, doc: Document): boolean {
  return isMap(map) && pairOf(map, key, doc) !== undefined;
}

/** A scalar's value as a string (numbers and booleans as written), else undefined. */
export function str(node: unknown): string | undefined {
  if (!isScalar(node) || node.value === null || node.value === undefined) return undefined;
  return String(node.value);
}

/** The items of a sequence (aliases resolved), or `[]`. */
export function items(node: unknown, doc: Document): unknown[] {
  return isSeq(node) ? (node as YAMLSeq).items.map((item) => resolved(item, doc)) : [];
}

export { isMap, isScalar, isSeq };
