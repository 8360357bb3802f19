/**
 * Merging what iacgen.yaml derives into an existing Ansible YAML inventory, on the document
 * (the `yaml` library's Document API): hosts are added under `all.hosts` with their variables,
 * group memberships are added (a missing group is created under `all.children`), and with the
 * whole inventory in scope `ansible_host`/`proxmox_vmid` follow iacgen.yaml. Nothing is ever
 * removed; comments, order and every other key of the file stay as they are.
 */
import { diffArrays } from 'diff';
import { isMap, isScalar, Pair, Scalar, type ToStringOptions, type YAMLMap } from 'yaml';
import type { DerivedInventory } from './derive.js';
import { readInventoryDocument, type InventoryDocument } from './document.js';

/** The variables iacgen.yaml owns and `--update` brings in step (the guest type never changes). */
export const OWNED_VARS = ['ansible_host', 'proxmox_vmid'] as const;

/** What to merge: every derived host (`new inventory --update`), or one (`new playbook`/`new role`). */
export interface MergeScope {
  /** Only this host, when the file lacks it: added with its variables and into its groups. */
  only?: string;
}

/** The merged file and what changed. */
export interface MergeResult {
  /** The new text; exactly `current` when nothing changed. */
  content: string;
  /** One line per change: `adds host pihole`, `adds pihole to group dns`, `updates ansible_host of x: a -> b`. */
  changes: string[];
  /** Hosts of the file that iacgen.yaml does not have (kept; reported only with the whole inventory in scope). */
  kept: string[];
}

/**
 * Merges `desired` into the inventory text `current`.
 * @returns undefined when `current` is not a YAML inventory with an `all:` mapping (left alone)
 */
export function mergeInventory(current: string, desired: DerivedInventory, scope: MergeScope = {}): MergeResult | undefined {
  const inv = readInventoryDocument(current);
  if (!inv) return undefined;
  // One target already written anywhere in the file: the file is the user's to keep as it is.
  if (scope.only !== undefined && inv.hosts.has(scope.only)) return { content: current, changes: [], kept: [] };
  const base = inv.doc.toString(WRITE);
  const changes: string[] = [];
  const wanted = desired.hosts.filter((h) => scope.only === undefined || h.name === scope.only);
  for (const host of wanted) {
    const entries = inv.hosts.get(host.name);
    if (!entries) {
      addHost(inv, host.name, host.vars);
      changes.push(`adds host ${host.name}`);
    } else if (scope.only === undefined) {
      changes.push(...updateVars(inv, host.name, host.vars));
    }
  }
  const names = new Set(wanted.map((h) => h.name));
  for (const [group, members] of desired.groups) {
    for (const member of members.filter((m) => names.has(m))) {
      if (inGroup(inv, group, member)) continue;
      const created = !inv.groups.has(group);
      const hosts = groupHosts(inv, group);
      if (!hosts) continue;
      hosts.add(new Pair(new Scalar(member), new Scalar(null)));
      record(inv, member, group, hosts);
      changes.push(created ? `adds group ${group} with ${member}` : `adds ${member} to group ${group}`);
    }
  }
  const derived = new Set(desired.hosts.map((h) => h.name));
  const kept = scope.only === undefined ? [...inv.hosts.keys()].filter((h) => !derived.has(h)) : [];
  const content = changes.length === 0 ? current : keepLines(current, base, inv.doc.toString(WRITE));
  return { content, changes, kept };
}

/** nullStr '': a member written `pihole:` as the file's others; lineWidth 0: no re-folding. */
const WRITE: ToStringOptions = { nullStr: '', lineWidth: 0 };

/**
 * The edited document as text, with every line the edit did not touch exactly as in `current`:
 * the `yaml` library writes some things its own way (one space before an inline comment, its
 * quoting), so the lines of `edited` that equal the unedited rendering `base` are taken from
 * `current` by position. Only when `base` has another line count than `current` (the library
 * joined or split lines) is `edited` returned as it is.
 */
function keepLines(current: string, base: string, edited: string): string {
  const original = current.split('\n');
  const before = base.split('\n');
  if (original.length !== before.length) return edited;
  const out: string[] = [];
  let at = 0;
  for (const part of diffArrays(before, edited.split('\n'))) {
    if (part.added) out.push(...part.value);
    else if (part.removed) at += part.value.length;
    else for (let i = 0; i < part.value.length; i++) out.push(original[at++] as string);
  }
  return out.join('\n');
}

/** Adds `name` with its variables at the end of `all.hosts` (created when missing). */
function addHost(inv: InventoryDocument, name: string, vars: object): void {
  const hosts = childMap(inv, inv.all, 'hosts');
  const pair = inv.doc.createPair(name, vars);
  if (isMap(pair.value)) for (const item of pair.value.items) quoteAddress(item.value);
  hosts.add(pair);
  record(inv, name, 'all', hosts);
}

/** Brings the owned variables of `name` in step; adds them under `all.hosts` where no mapping of the file holds them. */
function updateVars(inv: InventoryDocument, name: string, vars: Record<string, unknown>): string[] {
  const entries = inv.hosts.get(name) ?? [];
  const holder = entries.find((e) => e.vars && OWNED_VARS.some((k) => e.vars?.has(k))) ?? entries.find((e) => e.vars);
  let target = holder?.vars;
  if (!target) {
    // Only `name:` entries: its variables go on its `all.hosts` entry, or a new one.
    const hosts = childMap(inv, inv.all, 'hosts');
    target = inv.doc.createNode({}) as YAMLMap;
    if (hosts.has(name)) hosts.set(name, target);
    else hosts.add(new Pair(new Scalar(name), target));
    record(inv, name, 'all', hosts, target);
  }
  const changes: string[] = [];
  for (const key of OWNED_VARS) {
    const value = vars[key];
    if (value === undefined) continue;
    const node = target.get(key, true);
    if (node === undefined || node === null) {
      target.set(key, value);
      quoteAddress(target.get(key, true));
      changes.push(`sets ${key} of ${name} to ${String(value)}`);
    } else if (!isScalar(node) || String(node.value) !== String(value)) {
      const before = isScalar(node) ? String(node.value) : 'a non-scalar value';
      if (isScalar(node)) node.value = value;
      else target.set(key, value);
      quoteAddress(target.get(key, true));
      changes.push(`updates ${key} of ${name}: ${before} -> ${String(value)}`);
    }
  }
  return changes;
}

/** Writes an address double-quoted, as the template does (`ansible_host: "192.168.2.230"`). */
function quoteAddress(node: unknown): void {
  if (isScalar(node) && typeof node.value === 'string' && /^[\d.:]+$/.test(node.value)) node.type = Scalar.QUOTE_DOUBLE;
}

/** True when `host` is written in the `hosts:` of `group`. */
function inGroup(inv: InventoryDocument, group: string, host: string): boolean {
  return (inv.hosts.get(host) ?? []).some((e) => e.group === group);
}

/**
 * The `hosts:` mapping of `group`, created with the group (under `all.children`) when missing;
 * undefined for a group written without a mapping outside `all.children` (left alone).
 */
function groupHosts(inv: InventoryDocument, group: string): YAMLMap | undefined {
  let node = inv.groups.get(group);
  if (!node) {
    const children = childMap(inv, inv.all, 'children');
    if (inv.groups.has(group) && !children.has(group)) return undefined;
    node = inv.doc.createNode({}) as YAMLMap;
    children.set(group, node);
    inv.groups.set(group, node);
  }
  return childMap(inv, node, 'hosts');
}

/** The block mapping under `key` of `parent`, created (or replacing an empty value) when missing. */
function childMap(inv: InventoryDocument, parent: YAMLMap, key: string): YAMLMap {
  const found = parent.get(key, true);
  if (isMap(found)) {
    found.flow = false;
    return found;
  }
  parent.flow = false;
  const created = inv.doc.createNode({}) as YAMLMap;
  parent.set(key, created);
  return created;
}

/** Notes a new entry of `host` in the index. */
function record(inv: InventoryDocument, host: string, group: string, hosts: YAMLMap, vars?: YAMLMap): void {
  const value = hosts.get(host, true);
  const entry = { group, hosts, vars: vars ?? (isMap(value) ? value : undefined) };
  inv.hosts.set(host, [...(inv.hosts.get(host) ?? []).filter((e) => e.hosts !== hosts), entry]);
}
