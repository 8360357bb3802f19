/**
 * Where a playbook's Ansible inventory is, and which hosts and groups it names: `inventory =` in
 * the `[defaults]` of `./ansible.cfg` (comma-separated, relative to that file; Ansible's
 * `DEFAULT_HOST_LIST`, what `ansible-playbook` run from the repository root without `-i` reads),
 * else the conventional places (Ansible itself would read /etc/ansible/hosts; the commands iacgen
 * prints pass `-i`), nearest the playbook first: an
 * `inventory/` folder, `inventory.yml|yaml|ini`, `hosts.yml|yaml`, `hosts` in the playbook's
 * folder and each folder above it up to the root (`ansible/playbooks/x.yml` finds
 * `ansible/inventory/`, where iacgen writes it). Files of a folder are read as Ansible does
 * (every file but hidden ones, `*.md`/`*.txt`/backups and `group_vars`/`host_vars`).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

/** File names looked for in each folder from the playbook's up to the root, in order. */
export const CONVENTIONAL_INVENTORIES = ['inventory', 'inventory.yml', 'inventory.yaml', 'inventory.ini', 'hosts.yml', 'hosts.yaml', 'hosts'] as const;

/** Extensions Ansible's inventory manager ignores in an inventory folder (`INVENTORY_IGNORE_EXTS`, abridged). */
const IGNORED = /(?:~|\.orig|\.bak|\.ini\.example|\.cfg|\.retry|\.pyc|\.pyo|\.md|\.txt|\.rst|\.swp)$/;

/** The located inventory: its files, and every path whose change could change the answer. */
export interface LocatedInventory {
  /** Absolute paths of the inventory files (none: no inventory found). */
  files: string[];
  /** What the finding names, relative to the root (`/`): the file (a folder's only file), or the folder. */
  display: string;
  /** Paths consulted, existing or not, and the files read (the cache depends on their content). */
  consulted: string[];
  /** Folders whose listing was read (the cache depends on their file names). */
  folders: string[];
}

/** The `inventory =` entries of `[defaults]` in `cfgText`, or undefined. */
export function cfgInventory(cfgText: string): string[] | undefined {
  let section = '';
  for (const raw of cfgText.split('\n')) {
    const line = raw.trim();
    const header = /^\[([^\]]+)\]$/.exec(line);
    if (header) section = header[1] as string;
    else if (section === 'defaults') {
      const m = /^(?:inventory|hostfile)\s*[=:]\s*(.*)$/.exec(line);
      if (m) return (m[1] as string).split(',').map((s) => s.trim()).filter((s) => s !== '');
    }
  }
  return undefined;
}

/**
 * The Ansible inventory a playbook at `absPlaybook` runs against, from `root`.
 * Never throws: unreadable places count as absent.
 */
export function locateInventory(absPlaybook: string, root: string): LocatedInventory {
  const consulted: string[] = [];
  const folders: string[] = [];
  const cfg = path.join(root, 'ansible.cfg');
  consulted.push(cfg);
  const relative = (p: string) => path.relative(root, p).split(path.sep).join('/') || '.';
  const named = existsSync(cfg) ? cfgInventory(safeRead(cfg) ?? '') : undefined;
  if (named) {
    const paths = named.map((n) => path.resolve(root, n.replace(/^~(?=\/)/, process.env.HOME ?? '~')));
    consulted.push(...paths);
    const files = paths.flatMap((p) => filesOf(p, consulted, folders));
    return { files, display: paths.map(relative).join(', '), consulted, folders };
  }
  for (let dir = path.dirname(absPlaybook); ; dir = path.dirname(dir)) {
    const rel = path.relative(root, dir);
    if (rel.startsWith('..') || path.isAbsolute(rel)) break;
    for (const name of CONVENTIONAL_INVENTORIES) {
      const candidate = path.join(dir, name);
      consulted.push(candidate);
      const files = filesOf(candidate, consulted, folders);
      if (files.length > 0) return { files, display: relative(files.length === 1 ? (files[0] as string) : candidate), consulted, folders };
    }
    if (rel === '' || path.dirname(dir) === dir) break;
  }
  return { files: [], display: '', consulted, folders };
}

/** The inventory files at `p`: itself, or a folder's own files (not its subfolders). */
function filesOf(p: string, consulted: string[], folders: string[]): string[] {
  try {
    const stat = statSync(p);
    if (stat.isFile()) return [p];
    if (!stat.isDirectory()) return [];
    folders.push(p);
    const files = readdirSync(p, { withFileTypes: true })
      .filter((e) => e.isFile() && !e.name.startsWith('.') && !IGNORED.test(e.name))
      .map((e) => path.join(p, e.name))
      .sort();
    consulted.push(...files);
    return files;
  } catch {
    return [];
  }
}

function safeRead(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** The hosts and groups an inventory names. */
export interface InventoryNames {
  hosts: Set<string>;
  groups: Set<string>;
}

/**
 * The hosts and groups of the inventory files, or undefined when one of them cannot be read
 * statically (a plugin configuration, an executable script, a file that does not parse): then
 * nobody can say what the inventory lacks.
 */
export function inventoryNames(files: readonly string[]): InventoryNames | undefined {
  const names: InventoryNames = { hosts: new Set(), groups: new Set(['all', 'ungrouped']) };
  for (const file of files) {
    const text = safeRead(file);
    if (text === undefined) return undefined;
    try {
      if ((statSync(file).mode & 0o111) !== 0 && text.startsWith('#!')) return undefined;
    } catch {
      return undefined;
    }
    const yamlLike = /\.(?:ya?ml|json)$/i.test(file) || (!/\.ini$/i.test(file) && /^\s*(?:---|\{|[^\s=[\]#;]+:\s*$)/m.test(text.split('\n').find((l) => l.trim() !== '' && !/^\s*[#;]/.test(l)) ?? ''));
    if (!(yamlLike ? readYaml(text, names) : readIni(text, names))) return undefined;
  }
  return names;
}

/** Adds the names of a YAML inventory; false for a plugin configuration or a parse error. */
function readYaml(text: string, names: InventoryNames): boolean {
  let data: unknown;
  try {
    data = parse(text);
  } catch {
    return false;
  }
  if (data === null || data === undefined) return true;
  if (typeof data !== 'object' || Array.isArray(data) || 'plugin' in data) return false;
  const visit = (group: string, body: unknown) => {
    names.groups.add(group);
    if (!body || typeof body !== 'object') return;
    const { hosts, children } = body as { hosts?: unknown; children?: unknown };
    if (hosts && typeof hosts === 'object') for (const h of Object.keys(hosts)) names.hosts.add(h);
    if (children && typeof children === 'object') for (const [c, b] of Object.entries(children)) visit(c, b);
  };
  for (const [group, body] of Object.entries(data)) visit(group, body);
  return true;
}

/** Adds the names of an INI inventory (`[group]`, `[group:children]`, host lines). */
function readIni(text: string, names: InventoryNames): boolean {
  let section = '';
  let kind = 'hosts';
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\s[#;].*$/, '').trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[([^\]:]+)(?::(\w+))?\]$/.exec(line);
    if (header) {
      section = header[1] as string;
      kind = header[2] ?? 'hosts';
      names.groups.add(section);
      continue;
    }
    const first = line.split(/\s+/)[0] as string;
    if (kind === 'children') names.groups.add(first);
    else if (kind === 'hosts') names.hosts.add(first);
  }
  return true;
}
