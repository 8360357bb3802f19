/**
 * An Ansible inventory as ansible builds it (hosts, groups, group children, variables), filled
 * by the INI and YAML readers of this folder, and what init needs of it per host: its groups
 * (transitively, as `ansible-inventory --list` implies them) and its `ansible_host`.
 */

/** One host: the file and line that first defined it and its own (host) variables. */
export interface InventoryHost {
  name: string;
  /** Absolute path of the file of the first definition (a folder inventory has several files). */
  file: string;
  /** 1-based line of the first definition in its file. */
  line: number;
  vars: Record<string, unknown>;
}

/** One group: its direct hosts, child groups and group variables. */
export interface InventoryGroup {
  name: string;
  hosts: Set<string>;
  children: Set<string>;
  vars: Record<string, unknown>;
}

/**
 * One inventory source after parsing. `file` is absolute: the file being read (while a folder is
 * read, each of its files in turn); `format` is that of the last file read.
 */
export interface ParsedInventory {
  file: string;
  format: 'ini' | 'yaml';
  hosts: Map<string, InventoryHost>;
  groups: Map<string, InventoryGroup>;
}

/** An empty inventory with ansible's two implicit groups, `all` and `ungrouped`. */
export function emptyInventory(file: string, format: ParsedInventory['format']): ParsedInventory {
  const inv: ParsedInventory = { file, format, hosts: new Map(), groups: new Map() };
  addGroup(inv, 'all');
  addGroup(inv, 'ungrouped');
  return inv;
}

/** Returns the group, creating it (with no hosts) when new. */
export function addGroup(inv: ParsedInventory, name: string): InventoryGroup {
  let group = inv.groups.get(name);
  if (!group) {
    group = { name, hosts: new Set(), children: new Set(), vars: {} };
    inv.groups.set(name, group);
  }
  return group;
}

/** Adds a host to a group (creating both as needed) and merges its variables (later wins). */
export function addHost(inv: ParsedInventory, group: string, name: string, line: number, vars: Record<string, unknown>): void {
  let host = inv.hosts.get(name);
  if (!host) {
    host = { name, file: inv.file, line, vars: {} };
    inv.hosts.set(name, host);
  }
  Object.assign(host.vars, vars);
  addGroup(inv, group).hosts.add(name);
}

/**
 * Finishes an inventory as ansible's reconcile step does: groups with no parent become children
 * of `all`, hosts in no group but `all`/`ungrouped` go to `ungrouped`.
 */
export function reconcile(inv: ParsedInventory): ParsedInventory {
  const hasParent = new Set<string>();
  for (const g of inv.groups.values()) for (const c of g.children) hasParent.add(c);
  const all = addGroup(inv, 'all');
  all.children.clear();
  for (const g of inv.groups.values()) if (g.name !== 'all' && !hasParent.has(g.name)) all.children.add(g.name);
  const grouped = new Set<string>();
  for (const g of inv.groups.values()) if (g.name !== 'all' && g.name !== 'ungrouped') for (const h of g.hosts) grouped.add(h);
  const ungrouped = addGroup(inv, 'ungrouped');
  for (const h of inv.hosts.keys()) {
    if (grouped.has(h)) ungrouped.hosts.delete(h);
    else ungrouped.hosts.add(h);
  }
  all.hosts.clear();
  return inv;
}

/**
 * The groups a host belongs to, directly or through child groups, in ansible's order from the
 * widest (`all` first) to the narrowest; `all` and `ungrouped` included.
 */
export function groupsOf(inv: ParsedInventory, host: string): string[] {
  const direct = [...inv.groups.values()].filter((g) => g.hosts.has(host)).map((g) => g.name);
  const parents = new Map<string, string[]>();
  for (const g of inv.groups.values()) for (const c of g.children) parents.set(c, [...(parents.get(c) ?? []), g.name]);
  const depth = new Map<string, number>();
  const depthOf = (name: string, seen: Set<string> = new Set()): number => {
    const known = depth.get(name);
    if (known !== undefined) return known;
    if (seen.has(name)) return 0;
    seen.add(name);
    const d = Math.max(0, ...(parents.get(name) ?? []).map((p) => depthOf(p, seen) + 1));
    depth.set(name, d);
    return d;
  };
  const found = new Set<string>();
  const visit = (name: string): void => {
    if (found.has(name)) return;
    found.add(name);
    for (const p of parents.get(name) ?? []) visit(p);
  };
  direct.forEach(visit);
  found.add('all');
  return [...found].sort((a, b) => depthOf(a) - depthOf(b) || a.localeCompare(b));
}

/** What init takes from one host of an inventory. */
export interface ResolvedHost {
  name: string;
  file: string;
  line: number;
  /** Groups but `all` and `ungrouped`, widest first. */
  groups: string[];
  /** `ansible_host` (else the older `ansible_ssh_host`) after variable precedence, as a string. */
  ansibleHost?: string;
  /** `ansible_connection` after variable precedence. */
  connection?: string;
}

/** Variables of `host_vars/` and `group_vars/` files beside the inventory, by host or group name. */
export interface VarFiles {
  host(name: string): Record<string, unknown>;
  group(name: string): Record<string, unknown>;
}

/** No variable files. */
export const NO_VAR_FILES: VarFiles = { host: () => ({}), group: () => ({}) };

/**
 * Every host with its groups and connection variables, in definition order. Variables follow
 * ansible's precedence, lowest first: group variables from `all` to the narrowest group (each
 * group's inventory variables, then its `group_vars/` file), then the host's inventory
 * variables, then its `host_vars/` file.
 */
export function resolveHosts(inv: ParsedInventory, varFiles: VarFiles = NO_VAR_FILES): ResolvedHost[] {
  return [...inv.hosts.values()].map((host) => {
    const groups = groupsOf(inv, host.name);
    const layers = [
      ...groups.flatMap((g) => [inv.groups.get(g)?.vars ?? {}, varFiles.group(g)]),
      host.vars,
      varFiles.host(host.name),
    ];
    const pick = (key: string): unknown => layers.reduce<unknown>((value, layer) => (key in layer ? layer[key] : value), undefined);
    const address = pick('ansible_host') ?? pick('ansible_ssh_host');
    const connection = pick('ansible_connection');
    return {
      name: host.name,
      file: host.file,
      line: host.line,
      groups: groups.filter((g) => g !== 'all' && g !== 'ungrouped'),
      ...(address !== undefined && address !== null ? { ansibleHost: String(address) } : {}),
      ...(connection !== undefined && connection !== null ? { connection: String(connection) } : {}),
    };
  });
}
