/**
 * Where things are in the repository `iacgen init` adopts: its Ansible inventory sources (the
 * usual names, and the `inventory =` of `ansible.cfg`), its Terraform/OpenTofu files, and the
 * folders that become `paths:` in iacgen.yaml. Only looks; never writes.
 */
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { isInside } from '../util/paths.js';
import { ANSIBLE_CFG_FILES, ANSIBLE_ROOT_MARKERS, INVENTORY_GLOBS, PATH_CANDIDATES, SKIPPED_FOLDERS, TERRAFORM_EXTENSIONS, WALK_LIMITS } from './data.js';

/** An inventory source found: absolute path, and why it was taken. */
export interface InventorySource {
  path: string;
  /** `name` (a usual inventory name) or `ansible.cfg` (its `inventory =`, with the cfg's relative path). */
  via: string;
  /** Found by a name other files share (`hosts`, `inventory` without extension, not named by ansible.cfg). */
  lenient: boolean;
}

/** A path named by `ansible.cfg` that init does not read, and why. */
export interface IgnoredSource {
  named: string;
  via: string;
  why: string;
}

/**
 * The inventory sources of the repository at `root`: those `ansible.cfg` names first (in its
 * order), then the files of {@link INVENTORY_GLOBS}; each real path once.
 */
export function findInventorySources(root: string): { sources: InventorySource[]; ignored: IgnoredSource[] } {
  const seen = new Set<string>();
  const sources: InventorySource[] = [];
  const ignored: IgnoredSource[] = [];
  const realRoot = realpathSync(root);
  const take = (abs: string, via: string, lenient = false): void => {
    let real: string;
    try {
      real = realpathSync(abs);
    } catch {
      return;
    }
    if (seen.has(real)) return;
    seen.add(real);
    sources.push({ path: abs, via, lenient });
  };
  for (const cfg of ANSIBLE_CFG_FILES) {
    const cfgPath = path.join(root, cfg);
    if (!isFile(cfgPath)) continue;
    for (const named of cfgInventory(readFileSync(cfgPath, 'utf8'))) {
      const abs = path.resolve(path.dirname(cfgPath), named.replace(/^~(?=\/|$)/, process.env.HOME ?? '~'));
      let real: string | undefined;
      try {
        real = realpathSync(abs);
      } catch {
        real = undefined;
      }
      if (real === undefined) ignored.push({ named, via: cfg, why: 'does not exist' });
      else if (!isInside(realRoot, real)) ignored.push({ named, via: cfg, why: 'outside the repository' });
      else take(abs, cfg);
    }
  }
  for (const glob of INVENTORY_GLOBS) {
    for (const abs of expandGlob(root, glob)) if (isFile(abs)) take(abs, 'name', path.extname(abs) === '');
  }
  return { sources, ignored };
}

/** The paths of `inventory = a, b` under `[defaults]` of an ansible.cfg text (comma-separated, as ansible reads it). */
export function cfgInventory(text: string): string[] {
  let section = '';
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    const header = /^\[([^\]]+)\]/.exec(line);
    if (header) {
      section = (header[1] as string).trim();
      continue;
    }
    const m = /^(inventory|hostfile)\s*[=:]\s*(.*)$/.exec(line);
    if (section === 'defaults' && m) {
      return (m[2] as string).replace(/\s[#;].*$/, '').split(',').map((s) => s.trim()).filter((s) => s !== '');
    }
  }
  return [];
}

/** Files matching a glob whose `*` stands for one folder name. */
function expandGlob(root: string, glob: string): string[] {
  let found = [root];
  for (const part of glob.split('/')) {
    if (part === '*') {
      found = found.flatMap((dir) => {
        try {
          return readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory() && !e.name.startsWith('.')).map((e) => path.join(dir, e.name)).sort();
        } catch {
          return [];
        }
      });
    } else found = found.map((dir) => path.join(dir, part)).filter((p) => existsSync(p));
  }
  return found;
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Every `.tf` and `.tofu` file under `root` (absolute paths, sorted), skipping
 * {@link SKIPPED_FOLDERS} and hidden folders, symbolic links, and anything past
 * {@link WALK_LIMITS}.
 */
export function findTerraformFiles(root: string): string[] {
  const found: string[] = [];
  let visited = 0;
  const walk = (dir: string, depth: number): void => {
    if (depth > WALK_LIMITS.depth) return;
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (++visited > WALK_LIMITS.files) return;
      const abs = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (!SKIPPED_FOLDERS.has(e.name) && !e.name.startsWith('.')) walk(abs, depth + 1);
      } else if (e.isFile() && TERRAFORM_EXTENSIONS.some((x) => e.name.endsWith(x))) found.push(abs);
    }
  };
  walk(root, 0);
  return found;
}

/** The `paths:` entries of iacgen.yaml. */
export type PathKind = keyof typeof PATH_CANDIDATES;

/** A proposed folder for one entry of `paths:`: relative to the root, and whether it exists. */
export interface ProposedPath {
  kind: PathKind;
  dir: string;
  found: boolean;
}

/**
 * Proposes `paths:` from the folders that exist: the first existing candidate of
 * {@link PATH_CANDIDATES}; for Ansible the root (`.`) when it holds `ansible.cfg`, `roles/`,
 * `playbooks/` or `site.yml`; for Terraform, failing a candidate, the folder of the first
 * Terraform file found. Otherwise the default (`ansible`, `terraform`, ...), not found.
 * @param terraformFiles absolute paths, as {@link findTerraformFiles} gives them
 */
export function proposePaths(root: string, terraformFiles: readonly string[] = []): ProposedPath[] {
  return (Object.keys(PATH_CANDIDATES) as PathKind[]).map((kind) => {
    const hit = PATH_CANDIDATES[kind].find((dir) => isDir(path.join(root, dir)));
    if (hit) return { kind, dir: hit, found: true };
    if (kind === 'ansible' && ANSIBLE_ROOT_MARKERS.some((m) => existsSync(path.join(root, m)))) return { kind, dir: '.', found: true };
    if (kind === 'terraform' && terraformFiles[0]) {
      const dir = path.relative(root, path.dirname(terraformFiles[0])).split(path.sep).join('/');
      return { kind, dir: dir === '' ? '.' : dir, found: true };
    }
    return { kind, dir: kind, found: false };
  });
}
