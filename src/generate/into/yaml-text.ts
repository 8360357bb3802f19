/**
 * Text insertions into a YAML file at places found on its parsed Document (the `yaml` library's
 * node ranges), so that every byte outside the inserted blocks stays as the user wrote it. The
 * inserted blocks themselves are stringified from Document nodes, never assembled by regex.
 */
import { Document, isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import { UsageError } from '../../errors.js';

/** One insertion: `text` goes in at character `offset` of the original file. */
export interface TextEdit {
  offset: number;
  text: string;
}

/** A parsed target file with its line counter (for `file:line` in messages). */
export interface ParsedTarget {
  /** Repository-relative path, for messages. */
  relPath: string;
  text: string;
  doc: Document.Parsed;
  lines: LineCounter;
}

/** How the target file indents: spaces per level and whether sequences are indented under their key. */
export interface IndentStyle {
  step: number;
  indentSeq: boolean;
}

/**
 * Parses `text` as one YAML document.
 * @throws UsageError (exit 2) when it does not parse or holds more than one document
 */
export function parseTarget(relPath: string, text: string, what: string): ParsedTarget {
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lines });
  if (!Array.isArray(docs) || docs.length !== 1) {
    throw new UsageError(`--into ${relPath}: expected one YAML document (${what}), found ${Array.isArray(docs) ? docs.length : 0}`, `give --into a single-document ${what}`);
  }
  const doc = docs[0] as Document.Parsed;
  const error = doc.errors[0];
  if (error) {
    const at = lines.linePos(error.pos[0]);
    throw new UsageError(`--into ${relPath}:${at.line}: not valid YAML: ${error.message.split('\n')[0]}`, 'fix the file first (iacgen validate shows where)');
  }
  return { relPath, text, doc, lines };
}

/** `file:line` of a node (1-based line). */
export function where(target: ParsedTarget, node: Node | null | undefined): string {
  const offset = node?.range?.[0] ?? 0;
  return `${target.relPath}:${target.lines.linePos(offset).line}`;
}

/** The column (0-based) at `offset`. */
export function columnAt(target: ParsedTarget, offset: number): number {
  return target.lines.linePos(offset).col - 1;
}

/** The pair of `map` whose key is the scalar `key`. */
export function pairOf(map: YAMLMap, key: string): Pair<Node, Node | null> | undefined {
  return map.items.find((p): p is Pair<Node, Node | null> => isPair(p) && isScalar(p.key) && String(p.key.value) === key);
}

/** True for a block (not flow) mapping or sequence. */
export function isBlock(node: unknown): node is YAMLMap | YAMLSeq {
  return (isMap(node) || isSeq(node)) && !node.flow;
}

/**
 * The offset where a new entry after `node`'s last line goes: the start of the line after the
 * node's value ends (comments on its last line stay where they are).
 */
export function afterNode(target: ParsedTarget, node: Node): number {
  const end = node.range?.[1] ?? target.text.length;
  if (end > 0 && target.text[end - 1] === '\n') return end;
  const newline = target.text.indexOf('\n', end);
  return newline === -1 ? target.text.length : newline + 1;
}

/** The offset after the last entry of a block mapping or sequence. */
export function afterLastEntry(target: ParsedTarget, collection: YAMLMap | YAMLSeq): number {
  const last = collection.items.at(-1);
  const node = (isPair(last) ? (last.value ?? last.key) : last) as Node;
  return afterNode(target, node);
}

/**
 * The indentation of the target: the column of the first key under `sample` (a block mapping
 * one level down), and whether a block sequence under a key is indented (the first one found).
 */
export function indentStyle(target: ParsedTarget, sample: YAMLMap | undefined): IndentStyle {
  const first = sample?.items[0];
  const key = isPair(first) ? (first.key as Node) : undefined;
  const step = key?.range ? Math.max(1, columnAt(target, key.range[0])) : 2;
  return { step, indentSeq: firstSeqIndented(target, target.doc.contents) ?? true };
}

function firstSeqIndented(target: ParsedTarget, node: unknown): boolean | undefined {
  if (!isMap(node)) return isSeq(node) ? node.items.map((i) => firstSeqIndented(target, i)).find((r) => r !== undefined) : undefined;
  for (const pair of node.items) {
    const key = pair.key as Node;
    if (isBlock(pair.value) && isSeq(pair.value) && pair.value.range && key.range) {
      return columnAt(target, pair.value.range[0]) > columnAt(target, key.range[0]);
    }
    const inner = firstSeqIndented(target, pair.value);
    if (inner !== undefined) return inner;
  }
  return undefined;
}

/**
 * Block YAML text of `pairs` (with their comments), each line indented by `indent` spaces,
 * in the target's style; ends with a newline.
 */
export function blockText(pairsOrItems: Array<Pair | Node>, indent: number, style: IndentStyle, asSeq = false): string {
  const doc = new Document(asSeq ? [] : {});
  const collection = doc.contents as YAMLMap | YAMLSeq;
  for (const item of pairsOrItems) (collection.items as unknown[]).push(item);
  // No spaces inside flow brackets: yamllint's default `brackets` rule allows none.
  const text = doc.toString({ indent: style.step, indentSeq: style.indentSeq, lineWidth: Math.max(40, 80 - indent), flowCollectionPadding: false });
  const pad = ' '.repeat(indent);
  return text
    .replace(/\n+$/, '')
    .split('\n')
    .map((line) => (line === '' ? '' : `${pad}${line}`))
    .join('\n')
    .concat('\n');
}

/**
 * The entries of a parsed mapping, to move elsewhere: the comment above the first entry (which
 * the parser keeps on the mapping) goes onto that entry's key.
 */
export function entriesOf<K, V>(map: YAMLMap<K, V>): Array<Pair<K, V>> {
  const first = map.items[0];
  if (first && map.commentBefore && isScalar(first.key)) {
    first.key.commentBefore = [map.commentBefore, first.key.commentBefore].filter(Boolean).join('\n');
    map.commentBefore = null;
  }
  return map.items;
}

/** Applies `edits` to `text` (offsets of the original; edits at one offset keep their order). */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const ordered = edits.map((edit, i) => ({ ...edit, i })).sort((a, b) => b.offset - a.offset || b.i - a.i);
  let out = text;
  for (const edit of ordered) {
    const before = out.slice(0, edit.offset);
    const glue = edit.offset > 0 && !before.endsWith('\n') ? '\n' : '';
    out = `${before}${glue}${edit.text}${out.slice(edit.offset)}`;
  }
  return out;
}
