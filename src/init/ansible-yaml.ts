/**
 * Ansible's YAML inventory format, read as ansible-core's `yaml` inventory plugin reads it
 * (2.14): a mapping of groups (`all:` usually), each group a mapping of `hosts:` (host pattern
 * -> variables or nothing), `children:` (group -> group) and `vars:`. Lines come from the YAML
 * nodes, so every host is named with its file:line.
 */
import { isMap, isScalar, LineCounter, parseDocument, type Node, type YAMLMap } from 'yaml';
import { ConfigError } from '../errors.js';
import { expandHostPattern, HostPatternError } from './host-pattern.js';
import { addGroup, addHost, emptyInventory, reconcile, type ParsedInventory } from './inventory-model.js';

const HINT = 'fix the inventory (ansible-inventory -i FILE --list shows ansible\'s own reading), then run iacgen init again';

/** Why a YAML file is no YAML inventory (ansible's own words), for files whose format is a guess. */
export class NotYamlInventory extends Error {
  /** @param line 1-based line of a YAML syntax error, 1 otherwise */
  constructor(message: string, readonly line = 1) {
    super(message);
  }
}

/**
 * Parses a YAML inventory.
 * @param file absolute path (kept in the result)
 * @param shown how the file is named in messages
 * @param into an inventory to add to (the files of an inventory folder make one inventory)
 * @throws NotYamlInventory when the file is not YAML, empty, not a mapping or a plugin
 *   configuration (ansible then tries its next plugin); ConfigError (exit 2) `FILE:LINE: ...`
 *   for a YAML inventory of a structure ansible refuses
 */
export function parseYamlInventory(text: string, file: string, shown: string, into?: ParsedInventory): ParsedInventory {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false });
  const syntax = doc.errors[0];
  if (syntax) throw new NotYamlInventory(`not YAML: ${syntax.message.split('\n')[0] ?? ''}`, lineCounter.linePos(syntax.pos[0]).line);
  const root = doc.contents;
  if (root === null || (isScalar(root) && (root.value === null || root.value === ''))) throw new NotYamlInventory('Parsed empty YAML file');
  if (!isMap(root)) throw new NotYamlInventory('YAML inventory has invalid structure, it should be a dictionary');
  if (root.items.some((p) => isScalar(p.key) && p.key.value === 'plugin')) throw new NotYamlInventory('Plugin configuration YAML file, not YAML inventory');
  const lineOf = (node: unknown): number => {
    const range = (node as Node | null)?.range;
    return range ? lineCounter.linePos(range[0]).line : 1;
  };
  const fail = (node: unknown, message: string): never => {
    throw new ConfigError(`${shown}:${lineOf(node)}`, message, HINT);
  };
  const inv = into ?? emptyInventory(file, 'yaml');
  inv.file = file;
  inv.format = 'yaml';
  const entries = (map: YAMLMap): Array<{ key: string; keyNode: unknown; value: unknown }> =>
    map.items.map((p) => ({ key: String(isScalar(p.key) ? p.key.value : p.key), keyNode: p.key, value: p.value }));
  const isNull = (node: unknown): boolean => node === null || node === undefined || (isScalar(node) && node.value === null);
  const parseGroup = (name: string, keyNode: unknown, data: unknown): void => {
    if (!isNull(data) && !isMap(data)) fail(keyNode, `Invalid "${name}" entry for "${name}" group, requires a dictionary, found a ${isScalar(data) ? typeof data.value : 'list'} instead.`);
    addGroup(inv, name);
    if (!isMap(data)) return;
    for (const { key, keyNode: sectionKey, value } of entries(data)) {
      if (key !== 'vars' && key !== 'children' && key !== 'hosts') continue; // ansible warns and skips it
      if (isNull(value)) continue;
      if (isScalar(value) && typeof value.value === 'string') {
        // ansible reads `hosts: web1` as `hosts: {web1: null}`
        if (key === 'hosts') addHosts(name, value.value, value, {});
        else if (key === 'children') {
          parseGroup(value.value, value, null);
          addGroup(inv, name).children.add(value.value);
        }
        continue;
      }
      if (!isMap(value)) fail(sectionKey, `Invalid "${key}" entry for "${name}" group, requires a dictionary, found a list instead.`);
      const map = value as YAMLMap;
      if (key === 'vars') {
        Object.assign(addGroup(inv, name).vars, map.toJSON() as Record<string, unknown>);
      } else if (key === 'children') {
        for (const child of entries(map)) {
          parseGroup(child.key, child.keyNode, child.value);
          addGroup(inv, name).children.add(child.key);
        }
      } else {
        for (const host of entries(map)) {
          if (!isNull(host.value) && !isMap(host.value)) fail(host.keyNode, `Invalid variables for host "${host.key}" of group "${name}": requires a dictionary`);
          const vars = isMap(host.value) ? (host.value.toJSON() as Record<string, unknown>) : {};
          addHosts(name, host.key, host.keyNode, vars);
        }
      }
    }
  };
  const addHosts = (group: string, pattern: string, node: unknown, vars: Record<string, unknown>): void => {
    let expanded: { hosts: string[]; port?: number };
    try {
      expanded = expandHostPattern(pattern);
    } catch (err) {
      if (err instanceof HostPatternError) return fail(node, err.message);
      throw err;
    }
    const all = expanded.port === undefined ? vars : { ...vars, ansible_port: expanded.port };
    for (const host of expanded.hosts) addHost(inv, group, host, lineOf(node), all);
  };
  for (const { key, keyNode, value } of entries(root)) parseGroup(key, keyNode, value);
  return reconcile(inv);
}
