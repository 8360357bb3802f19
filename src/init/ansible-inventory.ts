/**
 * Reading one Ansible inventory source the way ansible does: a file is tried as YAML first
 * when its extension allows (`.yml`, `.yaml`, `.json`, or none), else or then as INI; a folder
 * is every file in it but those ansible skips. The `host_vars/` and `group_vars/` files beside
 * the source are read for the connection variables (vaults are skipped).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { isIniInventory } from '../classify/content.js';
import { ConfigError } from '../errors.js';
import { INVENTORY_DIR_IGNORED_EXTENSIONS, YAML_INVENTORY_EXTENSIONS } from './data.js';
import { parseIniInventory } from './ansible-ini.js';
import { NotYamlInventory, parseYamlInventory } from './ansible-yaml.js';
import { reconcile, resolveHosts, type ParsedInventory, type ResolvedHost, type VarFiles } from './inventory-model.js';

/** The largest inventory file read, in bytes (4 MiB). */
export const MAX_INVENTORY_BYTES = 4 * 1024 * 1024;

/** One inventory file read: its hosts as init needs them, and its group names. */
export interface ReadInventory {
  /** Absolute path. */
  file: string;
  format: ParsedInventory['format'] | 'folder';
  hosts: ResolvedHost[];
  /** Group names but `all` and `ungrouped`. */
  groups: string[];
  /**
   * What was not read, and why: the whole source (then `hosts` and `groups` are empty), or some
   * files of a folder (`left out: ...`).
   */
  skipped?: string;
}

/** Options of {@link readInventorySource}. */
export interface ReadOptions {
  /**
   * The source was found by a name other files share (`hosts`, `inventory`): one that reads as
   * neither a YAML inventory nor an INI inventory (an `/etc/hosts` copy) is skipped, not an error.
   */
  lenient?: boolean;
}

/**
 * Parses one inventory file, choosing the format as ansible's `yaml,ini` plugins would.
 * @param shown how the file is named in messages (relative to the repository root)
 * @param into an inventory to add to (the files of an inventory folder make one inventory)
 * @throws ConfigError (exit 2) `FILE:LINE: what is wrong` when neither format reads it, or the
 *   file cannot be read or is larger than {@link MAX_INVENTORY_BYTES}
 */
export function parseInventoryFile(file: string, shown: string, into?: ParsedInventory): ParsedInventory {
  let text: string;
  try {
    if (statSync(file).size > MAX_INVENTORY_BYTES) throw new ConfigError(shown, `is larger than ${MAX_INVENTORY_BYTES} bytes: not read as an inventory`, 'leave it out of the repository root, or write iacgen.yaml by hand');
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    throw new ConfigError(shown, `cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`, 'check its permissions');
  }
  const ext = path.extname(file).toLowerCase();
  if (ext === '' || YAML_INVENTORY_EXTENSIONS.includes(ext)) {
    // Parsed into a scratch copy first: a file that is no YAML inventory must leave `into` as it was.
    try {
      parseYamlInventory(text, file, shown);
      return parseYamlInventory(text, file, shown, into);
    } catch (err) {
      if (!(err instanceof NotYamlInventory)) throw err;
      if (ext !== '') throw new ConfigError(`${shown}:${err.line}`, err.message, 'fix the inventory, then run iacgen init again');
    }
  }
  return parseIniInventory(text, file, shown, into);
}

/**
 * Reads an inventory source with its `host_vars/`/`group_vars/`: a file, or a folder whose files
 * make one inventory (a group of one file may hold hosts of another, as in ansible).
 * @param root the repository root, that `shown` names are relative to
 * @returns one record, with `skipped` set when nothing in it was read as an inventory
 * @throws ConfigError (exit 2) as {@link parseInventoryFile}
 */
export function readInventorySource(source: string, root: string, options: ReadOptions = {}): ReadInventory {
  const folder = statSync(source).isDirectory();
  const files = folder ? inventoryFolderFiles(source) : [source];
  const varFiles = varFilesBeside(folder ? source : path.dirname(source));
  let inv: ParsedInventory | undefined;
  const skipped: string[] = [];
  for (const file of files) {
    const skip = whyNotAnInventory(file, options.lenient ?? false);
    if (skip) skipped.push(folder ? `${path.basename(file)}: ${skip}` : skip);
    else inv = parseInventoryFile(file, path.relative(root, file) || file, inv);
  }
  if (!inv) return { file: source, format: folder ? 'folder' : 'ini', hosts: [], groups: [], skipped: skipped.join('; ') || 'an empty folder' };
  reconcile(inv);
  return {
    file: source,
    format: folder ? 'folder' : inv.format,
    hosts: resolveHosts(inv, varFiles),
    groups: [...inv.groups.keys()].filter((g) => g !== 'all' && g !== 'ungrouped'),
    ...(skipped.length > 0 ? { skipped: `left out: ${skipped.join('; ')}` } : {}),
  };
}

/**
 * Why a file is not read as an inventory at all: an inventory plugin configuration (`plugin:`,
 * read by a plugin iacgen does not run), or, when `lenient`, a file that reads as neither format.
 */
function whyNotAnInventory(file: string, lenient: boolean): string | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined; // parseInventoryFile names the error
  }
  let yamlProblem: string | undefined;
  try {
    parseYamlInventory(text, file, file);
    return undefined;
  } catch (err) {
    if (err instanceof NotYamlInventory) yamlProblem = err.message;
    else return undefined;
  }
  if (/^Plugin configuration/.test(yamlProblem)) return 'an inventory plugin configuration (plugin:): its hosts come from the plugin at run time';
  if (lenient && !isIniInventory(text)) return 'reads as neither a YAML nor an INI inventory (an /etc/hosts copy?)';
  return undefined;
}

/** The files ansible reads in an inventory folder (not `group_vars/`, `host_vars/`, hidden or ignored ones). */
function inventoryFolderFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isFile() && !e.name.startsWith('.') && !INVENTORY_DIR_IGNORED_EXTENSIONS.some((x) => e.name.endsWith(x)))
    .map((e) => path.join(dir, e.name))
    .sort();
}

/** The variables of `host_vars/NAME` and `group_vars/NAME` files (`.yml`, `.yaml`, `.json`, none, or a folder of them). */
export function varFilesBeside(dir: string): VarFiles {
  const cache = new Map<string, Record<string, unknown>>();
  const load = (kind: 'host_vars' | 'group_vars', name: string): Record<string, unknown> => {
    const key = `${kind}/${name}`;
    const known = cache.get(key);
    if (known) return known;
    const base = path.join(dir, kind, name);
    const files = ['', '.yml', '.yaml', '.json'].map((x) => base + x).filter((f) => existsSync(f) && statSync(f).isFile());
    if (existsSync(base) && statSync(base).isDirectory()) {
      files.push(...readdirSync(base).filter((n) => /\.(ya?ml|json)$/.test(n)).sort().map((n) => path.join(base, n)));
    }
    const vars: Record<string, unknown> = {};
    for (const file of files) Object.assign(vars, readVars(file));
    cache.set(key, vars);
    return vars;
  };
  return { host: (name) => load('host_vars', name), group: (name) => load('group_vars', name) };
}

/** A vars file's top-level mapping; `{}` for a vault, a broken or a non-mapping file. */
function readVars(file: string): Record<string, unknown> {
  try {
    const text = readFileSync(file, 'utf8');
    if (text.startsWith('$ANSIBLE_VAULT;')) return {};
    const data: unknown = parseYaml(text, { logLevel: 'silent', maxAliasCount: 100 });
    return typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
