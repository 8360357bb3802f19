/**
 * An Ansible YAML inventory as a `yaml` Document, indexed: where each host is written (every
 * `hosts:` mapping that names it, with its variables if any) and where each group is (top-level
 * keys and every `children:` mapping, at any depth). Layout of the yaml inventory plugin
 * (ansible-core `plugins/inventory/yaml.py`: a group holds `hosts`, `children` and `vars`).
 */
import { isMap, isScalar, parseDocument, visit, type Document, type YAMLMap } from 'yaml';

/** One place a host is written: the `hosts:` mapping holding it and the group it belongs to. */
export interface HostEntry {
  group: string;
  /** The `hosts:` mapping of that group. */
  hosts: YAMLMap;
  /** The host's variables where it has a mapping there, else undefined (`pihole:` alone). */
  vars: YAMLMap | undefined;
}

/** An inventory document with its hosts and groups. */
export interface InventoryDocument {
  doc: Document;
  /** Host name -> every place it is written, in document order. */
  hosts: Map<string, HostEntry[]>;
  /** Group name -> its mapping (undefined for an empty group written as `web:` alone). */
  groups: Map<string, YAMLMap | undefined>;
  /** The `all` group's mapping. */
  all: YAMLMap;
}

/**
 * Parses `text` as a YAML inventory whose top level has an `all:` mapping (the layout iacgen
 * writes); returns undefined when it does not parse or has another shape (nothing is changed then).
 */
export function readInventoryDocument(text: string): InventoryDocument | undefined {
  const doc = parseDocument(text, { keepSourceTokens: false });
  if (doc.errors.length > 0 || !isMap(doc.contents)) return undefined;
  const all = doc.contents.get('all', true);
  if (!isMap(all)) return undefined;
  moveTrailingComments(doc, text);
  const hosts = new Map<string, HostEntry[]>();
  const groups = new Map<string, YAMLMap | undefined>();
  const visit = (name: string, node: unknown): void => {
    if (!groups.has(name)) groups.set(name, isMap(node) ? node : undefined);
    if (!isMap(node)) return;
    const hostMap = node.get('hosts', true);
    if (isMap(hostMap)) {
      for (const pair of hostMap.items) {
        const host = keyOf(pair.key);
        if (host === undefined) continue;
        const entry: HostEntry = { group: name, hosts: hostMap, vars: isMap(pair.value) ? pair.value : undefined };
        hosts.set(host, [...(hosts.get(host) ?? []), entry]);
      }
    }
    const children = node.get('children', true);
    if (isMap(children)) for (const pair of children.items) {
      const child = keyOf(pair.key);
      if (child !== undefined) visit(child, pair.value);
    }
  };
  for (const pair of doc.contents.items) {
    const group = keyOf(pair.key);
    if (group !== undefined) visit(group, pair.value);
  }
  return { doc, hosts, groups, all };
}

/** A mapping key as text (hosts and groups are plain scalars), else undefined. */
export function keyOf(key: unknown): string | undefined {
  if (isScalar(key) && (typeof key.value === 'string' || typeof key.value === 'number')) return String(key.value);
  return typeof key === 'string' ? key : undefined;
}

/**
 * The `yaml` library (2.x) keeps the comment lines that follow an empty value (`monitoring:`
 * then `# role proxy` on the next line) as that value's trailing comment, and writes them back
 * on its line (`monitoring: # role proxy`). Moves those own-line comments to the next key in
 * document order (or the document's end), where the file had them; an inline comment stays.
 */
function moveTrailingComments(doc: Document, text: string): void {
  let pending: string | undefined;
  visit(doc, {
    Pair(_, pair) {
      if (pending !== undefined && isScalar(pair.key)) {
        pair.key.commentBefore = pair.key.commentBefore ? `${pending}\n${pair.key.commentBefore}` : pending;
        pending = undefined;
      }
      const value = pair.value;
      if (!isScalar(value) || value.value !== null || !value.comment || !value.range) return;
      const lineEnd = text.indexOf('\n', value.range[0]);
      const inline = text.slice(value.range[0], lineEnd === -1 ? undefined : lineEnd).includes('#');
      const lines = value.comment.split('\n');
      const own = inline ? lines.slice(1) : lines;
      if (own.length === 0) return;
      value.comment = inline ? lines[0] : undefined;
      pending = pending === undefined ? own.join('\n') : `${pending}\n${own.join('\n')}`;
    },
  });
  if (pending !== undefined) doc.comment = doc.comment ? `${pending}\n${doc.comment}` : pending;
}
