/**
 * Writing an import's plan into the text of `iacgen.yaml` with the `yaml` library's Document
 * API: only `guests:` items that change are touched (and `proxmox:` added when the file has
 * none), so comments, order and style of everything else are kept. A missing iacgen.yaml is
 * rendered by init's renderer (`src/init/render.ts`: the proposed node and guests with a
 * comment naming each guest's source and what to check, the `paths:` and the rule sets).
 */
import path from 'node:path';
import { Document, isMap, isScalar, isSeq, parseDocument, YAMLMap, YAMLSeq } from 'yaml';
import { INVENTED } from '../init/data.js';
import type { ProposedPath } from '../init/paths.js';
import type { Proposal } from '../init/propose.js';
import { renderConfig } from '../init/render.js';
import type { Guest } from '../inventory/schema.js';
import type { GuestRow } from './merge.js';

/** The node proposed for a new `proxmox:`: values and what to check about them. */
export interface ImportedNode {
  node: string;
  api: string;
  checks: string[];
}

/**
 * The node for a file without `proxmox:`: the node most guests run on (the import's word),
 * else `INVENTED.node`; the API address is never in these sources, so `INVENTED.api`
 * (`.invalid`, never resolves) with a check.
 */
export function proposeNode(rows: readonly GuestRow[]): ImportedNode {
  const counts = new Map<string, number>();
  for (const r of rows) if (r.node !== undefined) counts.set(r.node, (counts.get(r.node) ?? 0) + 1);
  const top = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0];
  const checks: string[] = [];
  if (counts.size > 1) checks.push(`the import names ${counts.size} nodes (${[...counts.keys()].sort().join(', ')}): iacgen knows one; ${top} runs the most guests`);
  if (top === undefined) checks.push(`node name not in the import: '${INVENTED.node}' (the installer's default) invented`);
  checks.push(`API address not in the import: ${INVENTED.api} invented (it never resolves)`);
  return { node: top ?? INVENTED.node, api: INVENTED.api, checks };
}

/**
 * The new iacgen.yaml (no header) holding the added guests, rendered as `iacgen init` does.
 * @param sources the files imported, as given
 */
export function renderNewConfig(rows: readonly GuestRow[], paths: readonly ProposedPath[], sources: readonly string[]): string {
  const added = rows.filter((r) => r.action === 'add');
  const proposal: Proposal = {
    ...(added.length > 0 ? { proxmox: proposeNode(added) } : {}),
    guests: added.map((r) => ({ guest: r.guest, sources: r.sources.map(shortSource), checks: r.notes })),
    leftOut: [],
  };
  const text = renderConfig(proposal, paths, sources).replace(/^# The inventory iacgen init proposed from this repository, read from:$/m, '# The inventory iacgen import read from:');
  // init's renderer writes no role; an imported role (a role-<name> tag) is set on the document.
  if (!added.some((r) => r.guest.role !== null)) return text;
  const doc = parse(text);
  added.forEach((r, i) => {
    if (r.guest.role !== null) (doc.getIn(['guests', i]) as YAMLMap).set('role', r.guest.role);
  });
  return doc.toString(STRINGIFY);
}

/**
 * Applies the plan to the text of an existing iacgen.yaml, touching only the bytes of what
 * changes: each changed guest's mapping is re-stringified in place, a removed guest's lines are
 * cut (comments before it are the user's and stay), added guests are appended after the last
 * guest (with a comment naming their source and notes) at its indentation, and a missing
 * `proxmox:` goes before `guests:`. Every edit is built on the `yaml` Document (nodes and their
 * source ranges), so the rest of the file keeps its exact bytes, comments and spacing included.
 * A file whose `guests:` is absent, empty or in flow style is re-stringified whole
 * ({@link applyWhole}).
 * @param rows the plan of {@link mergeGuests}, indices into the file's `guests:`
 */
export function applyToText(text: string, rows: readonly GuestRow[]): string {
  const doc = parse(text);
  const seq = doc.get('guests', true);
  const top = doc.contents;
  const guestsPair = isMap(top) ? top.items.find((p) => isScalar(p.key) && p.key.value === 'guests') : undefined;
  const keyStart = isScalar(guestsPair?.key) ? guestsPair.key.range?.[0] : undefined;
  const added = rows.filter((r) => r.action === 'add');
  if (seq === undefined && (top === null || (isMap(top) && !top.flow)) && !/^\.\.\.\s*$/m.test(text) && doc.errors.length === 0) {
    if (added.length === 0) return text;
    // No guests yet (init wrote none): the new keys go after the user's text, which keeps its bytes.
    const list = new YAMLSeq();
    for (const row of added) list.add(addedNode(doc, row));
    const d = new Document({ guests: null });
    d.set('guests', list);
    const sep = text === '' || text.endsWith('\n') ? '' : '\n';
    return `${text}${sep}${doc.has('proxmox') ? '' : proxmoxText(added)}${d.toString(STRINGIFY)}`;
  }
  if (!isSeq(seq) || seq.flow || seq.items.length === 0 || !seq.items.every((i) => isMap(i) && i.range) || keyStart === undefined || column(text, keyStart) !== 0) return applyWhole(text, rows);
  const items = seq.items as YAMLMap[];
  const edits: Array<{ start: number; end: number; text: string }> = [];
  for (const row of rows) {
    if (row.index === undefined) continue;
    const item = items[row.index];
    if (!item?.range) continue;
    if (row.action === 'change') {
      const copy = item.clone() as YAMLMap;
      copy.commentBefore = null;
      applyChanges(doc, copy, row);
      edits.push({ start: item.range[0], end: item.range[1], text: indent(stringify(copy), ' '.repeat(column(text, item.range[0])), false) });
    } else if (row.action === 'remove') {
      edits.push({ start: lineStart(text, item.range[0]), end: lineEnd(text, item.range[1]), text: '' });
    }
  }
  if (added.length > 0) {
    const first = items[0] as YAMLMap & { range: [number, number, number] };
    const dash = text.lastIndexOf('-', first.range[0]);
    const list = new YAMLSeq();
    for (const row of added) list.add(addedNode(doc, row));
    const end = lineEnd(text, (items[items.length - 1] as YAMLMap & { range: [number, number, number] }).range[1]);
    edits.push({ start: end, end, text: `${end > 0 && text[end - 1] !== '\n' ? '\n' : ''}${indent(stringify(list), ' '.repeat(column(text, dash)), true)}` });
    if (!doc.has('proxmox')) {
      const at = lineStart(text, keyStart);
      edits.push({ start: at, end: at, text: proxmoxText(added) });
    }
  }
  let out = text;
  for (const edit of edits.sort((a, b) => b.start - a.start)) out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  return out;
}

/**
 * The fallback of {@link applyToText}: the same edits on the whole Document, stringified again
 * (comments kept; the library may respace some of them).
 */
export function applyWhole(text: string, rows: readonly GuestRow[]): string {
  const doc = parse(text);
  let seq = doc.get('guests');
  const added = rows.filter((r) => r.action === 'add');
  if (!isSeq(seq)) {
    if (added.length === 0) return text;
    seq = new YAMLSeq();
    doc.set('guests', seq);
  }
  const items = (seq as YAMLSeq).items;
  for (const row of rows) {
    const item = row.index !== undefined ? items[row.index] : undefined;
    if (row.action === 'change' && isMap(item)) applyChanges(doc, item, row);
  }
  const removed = rows.filter((r) => r.action === 'remove' && r.index !== undefined).map((r) => r.index as number).sort((a, b) => b - a);
  for (const index of removed) items.splice(index, 1);
  for (const row of added) (seq as YAMLSeq).add(addedNode(doc, row));
  if (!doc.has('proxmox') && added.length > 0) {
    const p = proposeNode(added);
    const map = doc.createNode({ node: p.node, api: p.api }) as YAMLMap;
    map.commentBefore = p.checks.map((c) => ` check: ${c}`).join('\n');
    doc.set('proxmox', map);
    // Before `guests:`, where iacgen init and the README put it.
    const top = doc.contents;
    if (isMap(top)) {
      const at = top.items.findIndex((pair) => (isScalar(pair.key) ? pair.key.value : pair.key) === 'guests');
      const last = top.items.pop();
      if (last) top.items.splice(at === -1 ? top.items.length : at, 0, last);
    }
  }
  return doc.toString(STRINGIFY);
}

/** Sets a row's changed fields on a guest mapping. */
function applyChanges(doc: Document, item: YAMLMap, row: GuestRow): void {
  for (const change of row.changes) {
    if (change.field === 'example') item.delete('example');
    else if (change.field === 'groups') setInOrder(item, 'groups', flowList(doc, change.to as string[]));
    else setInOrder(item, change.field, change.to);
  }
}

/** An added guest with the comment naming its source and what to check. */
function addedNode(doc: Document, row: GuestRow): YAMLMap {
  const node = guestNode(doc, row.guest);
  node.commentBefore = [` ${row.guest.name}: imported from ${row.sources.map(shortSource).join(', ')}`, ...row.notes.map((n) => ` check: ${n}`)].join('\n');
  return node;
}

/** A top-level `proxmox:` block (with its checks as comments) for a file that has guests but no node. */
function proxmoxText(added: readonly GuestRow[]): string {
  const p = proposeNode(added);
  const d = new Document({ proxmox: { node: p.node, api: p.api } });
  return `${p.checks.map((c) => `# check: ${c}\n`).join('')}${d.toString(STRINGIFY)}`;
}

/** A node alone, stringified as iacgen writes YAML. */
function stringify(node: YAMLMap | YAMLSeq): string {
  const d = new Document();
  d.contents = node;
  return d.toString(STRINGIFY);
}

/** Indents every line but the first (or every line) with `pad`; keeps the final newline. */
function indent(text: string, pad: string, firstToo: boolean): string {
  return text
    .split('\n')
    .map((l, i) => (l === '' || (i === 0 && !firstToo) ? l : pad + l))
    .join('\n');
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** The offset after the end of the line `offset` is on (after its newline), unless `offset` already starts a line. */
function lineEnd(text: string, offset: number): number {
  if (offset === 0 || text[offset - 1] === '\n') return offset;
  const nl = text.indexOf('\n', offset);
  return nl === -1 ? text.length : nl + 1;
}

function column(text: string, offset: number): number {
  return offset - lineStart(text, offset);
}

/** The order of a guest's keys in iacgen.yaml (the schema's order): a new key goes to its place. */
const KEY_ORDER = ['id', 'type', 'name', 'address', 'role', 'description', 'services', 'groups', 'example'];

/** Sets `key` on a guest mapping; a key it did not have is placed after the keys before it in {@link KEY_ORDER}. */
function setInOrder(map: YAMLMap, key: string, value: unknown): void {
  const had = map.has(key);
  map.set(key, value);
  if (had) return;
  const rank = (k: unknown): number => {
    const i = KEY_ORDER.indexOf(String(isScalar(k) ? k.value : k));
    return i === -1 ? KEY_ORDER.length : i;
  };
  const pair = map.items.pop();
  if (!pair) return;
  const at = map.items.findIndex((p) => rank(p.key) > rank(key));
  map.items.splice(at === -1 ? map.items.length : at, 0, pair);
}

/** A guest as a mapping in iacgen.yaml's style: only the fields with a value, groups in flow style. */
function guestNode(doc: Document, guest: Guest): YAMLMap {
  const map = new YAMLMap();
  map.set('id', guest.id);
  map.set('type', guest.type);
  map.set('name', guest.name);
  if (guest.address !== null) map.set('address', guest.address);
  if (guest.role !== null) map.set('role', guest.role);
  if (guest.groups.length > 0) map.set('groups', flowList(doc, guest.groups));
  if (guest.example) map.set('example', true);
  return map;
}

/** Flow lists as iacgen writes them (`[a, b]`): yamllint's `brackets` rule allows no inner spaces. */
const STRINGIFY = { flowCollectionPadding: false } as const;

function flowList(doc: Document, values: readonly string[]): YAMLSeq {
  const list = doc.createNode([...values]) as YAMLSeq;
  list.flow = true;
  return list;
}

/** A guest's source in a comment: the file's base name and the place in it (`vms.json: [3] qemu/101`). */
function shortSource(source: string): string {
  const at = source.indexOf(': ');
  return at === -1 ? path.basename(source) : `${path.basename(source.slice(0, at))}${source.slice(at)}`;
}

function parse(text: string): Document {
  return parseDocument(text);
}
