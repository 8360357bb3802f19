/**
 * What each checker reads besides the files it is given: its configuration files, the files the
 * checked file pulls in (a playbook's roles and included tasks, a Terraform folder and its local
 * modules, a compose file's variables files) and the environment variables that change its
 * verdict. A cached result is reused only when all of these are unchanged, so this table errs on
 * the side of depending on more: a needless re-run costs seconds, a stale pass is a bug.
 *
 * A checker missing from {@link DEPENDENCIES} is never cached: adding a checker to the registry
 * means adding its line here too (an unknown checker may read anything).
 */
import os from 'node:os';
import path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import type { FileType } from '../../classify/tables.js';
import { isInside } from '../../util/paths.js';
import { sha256, TooLarge, type Digests, type Inputs } from './digest.js';
import { BASE_FILE_NAMES, OVERRIDE_FILE_NAMES } from '../checkers/compose/names.js';
import { RELAXED_YAMLLINT_CONFIG } from '../checkers/yamllint-config.js';
import { locateInventory } from '../../policy/rules/ansible/inventory-file.js';
import { CONFIG_FILE } from '../../policy/terraform/module.js';

/** What dependency discovery needs to know about the run. */
export interface DepContext {
  /** Working directory of the calls (absolute). */
  cwd: string;
  /** Repository root (absolute); discovery never walks above it, except for config look-ups. */
  root: string;
  env: NodeJS.ProcessEnv;
  digests: Digests;
}

/** A checked file: absolute path and type. */
export interface DepTarget {
  absPath: string;
  type: FileType;
}

/**
 * What a `files`-mode call's results are cached by (other modes: the call):
 * - `file`: each file alone (its verdict depends only on it and on its own dependencies);
 * - `component`: the files linked by dependencies together (a playbook with the roles and tasks
 *   files it pulls in, when those are checked too): for checkers that check what a file pulls
 *   in and report it on those files (ansible-lint), so no file's entry holds findings that came
 *   from another file's context;
 * - `call`: the whole call.
 */
export type CacheUnitKind = 'file' | 'component' | 'call';

/** What one checker depends on. */
export interface CheckerDeps {
  unit: CacheUnitKind;
  /** Config file names looked for in the working directory and in every folder above it. */
  cwdConfig?: readonly string[];
  /** Config file names looked for in the checked file's folder and in every folder above it. */
  fileConfig?: readonly string[];
  /** Absolute paths of user and system config files. */
  userConfig?: (context: DepContext) => string[];
  /** Environment variables that change the result; a name ending in `_` is a prefix. */
  env?: readonly string[];
  /** Adds the files a checked file pulls in. */
  files?: (target: DepTarget, context: DepContext, inputs: Inputs) => Promise<void>;
}

/** Variables that change any tool's messages (translations). */
const LOCALE_ENV = ['LANG', 'LANGUAGE', 'LC_ALL', 'LC_MESSAGES', 'LC_CTYPE'];
const YAMLLINT_CONFIG = ['.yamllint', '.yamllint.yaml', '.yamllint.yml'];
const ANSIBLE_LINT_CONFIG = [
  '.ansible-lint',
  '.ansible-lint.yml',
  '.ansible-lint.yaml',
  '.config/ansible-lint.yml',
  '.config/ansible-lint.yaml',
  '.ansible-lint-ignore',
  '.config/ansible-lint-ignore.txt',
  'ansible.cfg',
  'requirements.yml',
  'collections/requirements.yml',
  'roles/requirements.yml',
  'galaxy.yml',
  'meta/runtime.yml',
  '.gitignore',
  ...YAMLLINT_CONFIG,
];

/** The user's home folder, as the checkers see it. */
function home(context: DepContext): string {
  return context.env.HOME ?? os.homedir();
}

function xdgConfig(context: DepContext): string {
  return context.env.XDG_CONFIG_HOME || path.join(home(context), '.config');
}

function ansibleUserConfig(context: DepContext): string[] {
  return [
    ...(context.env.ANSIBLE_CONFIG ? [path.resolve(context.cwd, context.env.ANSIBLE_CONFIG)] : []),
    path.join(home(context), '.ansible.cfg'),
    '/etc/ansible/ansible.cfg',
  ];
}

/** Every checker iacgen knows how to cache, by id. */
/** yamllint's configuration, which also decides the files `yaml-parse` skips. */
const YAMLLINT_DEPS: CheckerDeps = {
  unit: 'file',
  // yamllint 1.29 reads the working directory's; newer ones look upwards. `ignore-from-file`
  // usually names .gitignore or .yamlignore. Without any of them, iacgen's relaxed config is
  // passed with `-c` (`yamllint-config.ts`): its bytes count too, not only its path in the args.
  cwdConfig: [...YAMLLINT_CONFIG, '.gitignore', '.yamlignore'],
  userConfig: (c) => [
    RELAXED_YAMLLINT_CONFIG,
    ...(c.env.YAMLLINT_CONFIG_FILE ? [path.resolve(c.cwd, c.env.YAMLLINT_CONFIG_FILE)] : []),
    ...['config', 'config.yaml', 'config.yml'].map((n) => path.join(xdgConfig(c), 'yamllint', n)),
  ],
  env: ['YAMLLINT_CONFIG_FILE', 'XDG_CONFIG_HOME'],
};

export const DEPENDENCIES: Readonly<Record<string, CheckerDeps>> = {
  // In-process parsers: the file's bytes are all they read (their version and iacgen's are in the key).
  'json-parse': { unit: 'file' },
  'toml-parse': { unit: 'file' },
  'compose-schema': { unit: 'file' },
  'hcl-parse': { unit: 'file' },
  // The folder's other files (required_providers) and its lock file decide the version and severity.
  'terraform-schema': { unit: 'file', files: (t, c, i) => terraformFolderFiles(path.dirname(t.absPath), c, i) },
  yamllint: YAMLLINT_DEPS,
  // Skips the files the yamllint configuration ignores (checkers/yamllint-ignore.ts).
  'yaml-parse': YAMLLINT_DEPS,
  'ansible-syntax-check': {
    unit: 'file',
    cwdConfig: ['ansible.cfg'],
    userConfig: ansibleUserConfig,
    env: ['ANSIBLE_', 'HOME'],
    files: (t, c, i) => ansibleDependencies(t.absPath, c, i),
  },
  'ansible-lint': {
    // ansible-lint lints what a playbook pulls in and reports it on those files.
    unit: 'component',
    cwdConfig: ANSIBLE_LINT_CONFIG,
    userConfig: (c) => [...ansibleUserConfig(c), ...['ansible-lint.yml', 'ansible-lint.yaml'].map((n) => path.join(xdgConfig(c), n))],
    env: ['ANSIBLE_', 'HOME', 'XDG_CONFIG_HOME', 'YAMLLINT_CONFIG_FILE'],
    files: async (t, c, i) => {
      await ansibleDependencies(t.absPath, c, i);
      await customLintRules(c, i);
    },
  },
  // Its own empty ansible.cfg and no group_vars/host_vars (`--graph`): the file and the environment.
  'ansible-inventory': { unit: 'file', env: ['ANSIBLE_', 'HOME'] },
  'dockerfile-utils': { unit: 'file' },
  'bash-syntax': { unit: 'file' },
  shellcheck: {
    // A script and the checked scripts it sources are one unit (see `shellSources`).
    unit: 'component',
    fileConfig: ['.shellcheckrc', 'shellcheckrc'],
    userConfig: (c) => [path.join(home(c), '.shellcheckrc'), path.join(xdgConfig(c), 'shellcheckrc')],
    env: ['SHELLCHECK_OPTS', 'XDG_CONFIG_HOME', 'HOME'],
    files: (t, c, i) => shellSources(t.absPath, c, i),
  },
  shfmt: { unit: 'file', fileConfig: ['.editorconfig'] },
  'python-compile': { unit: 'file', env: ['PYENV_VERSION'] },
  pyflakes: { unit: 'file', env: ['PYTHON', 'PYENV_VERSION'] },
  'compose-config': {
    unit: 'file',
    env: ['COMPOSE_', 'DOCKER_'],
    files: (t, c, i) => composeDependencies(t.absPath, c, i, new Set()),
  },
  'terraform-fmt': { unit: 'file', env: ['TF_'] },
  'terraform-validate': {
    unit: 'call',
    userConfig: (c) => [
      ...(c.env.TF_CLI_CONFIG_FILE ? [path.resolve(c.cwd, c.env.TF_CLI_CONFIG_FILE)] : []),
      path.join(home(c), '.terraformrc'),
      path.join(home(c), 'terraform.rc'),
    ],
    env: ['TF_', 'HOME'],
    files: (t, c, i) => terraformFolder(path.dirname(t.absPath), c, i, new Set()),
  },
  // iacgen's own rules: the inventory and `rules:` settings come in as the key's salt.
  iacgen: { unit: 'file', files: policyDependencies },
};

/** ansible-lint's own configuration files (YAML), which may name folders of custom rules. */
const ANSIBLE_LINT_YAML_CONFIG = ['.ansible-lint', '.ansible-lint.yml', '.ansible-lint.yaml', '.config/ansible-lint.yml', '.config/ansible-lint.yaml'];

/**
 * The folders of custom rules an ansible-lint configuration names (`rulesdir:`, ansible-lint's
 * docs "Configuration file"): ansible-lint imports every rule file there, so their bytes decide
 * its verdicts. A relative folder is taken both from the working directory and from the
 * configuration's own folder (the one of them that exists counts).
 */
async function customLintRules(context: DepContext, inputs: Inputs): Promise<void> {
  for (const dir of ancestorsWithin(context.cwd, context.root)) {
    for (const name of ANSIBLE_LINT_YAML_CONFIG) {
      const config = path.join(dir, name);
      const text = await context.digests.text(config);
      if (!text || !/^\s*rulesdir\s*:/m.test(text)) continue;
      let data: unknown;
      try {
        data = parse(text, { prettyErrors: false, strict: false });
      } catch {
        continue;
      }
      const listed = (data as { rulesdir?: unknown } | null)?.rulesdir;
      const folders = (Array.isArray(listed) ? listed : [listed]).filter((f): f is string => typeof f === 'string' && f.trim() !== '');
      for (const folder of folders) {
        const expanded = folder.replace(/^~(?=$|\/)/, home(context));
        for (const base of new Set([context.cwd, path.dirname(config)])) await inputs.addTree(path.resolve(base, expanded));
      }
    }
  }
}

/** Config files every checker depends on: iacgen's own (policies and rules live there). */
const COMMON_CWD_CONFIG = ['iacgen.yaml'];

/**
 * Adds everything `checkerId` reads for `targets` (besides their own bytes, added here too).
 * @returns false when the checker is unknown (never cached)
 */
export async function collectInputs(checkerId: string, targets: readonly DepTarget[], context: DepContext, inputs: Inputs): Promise<boolean> {
  const deps = DEPENDENCIES[checkerId];
  if (!deps) return false;
  for (const target of targets) inputs.add(target.absPath);
  for (const dir of ancestors(context.cwd)) {
    for (const name of [...COMMON_CWD_CONFIG, ...(deps.cwdConfig ?? [])]) inputs.add(path.join(dir, name));
  }
  if (deps.fileConfig) {
    const dirs = new Set(targets.flatMap((t) => ancestors(path.dirname(t.absPath))));
    for (const dir of dirs) for (const name of deps.fileConfig) inputs.add(path.join(dir, name));
  }
  for (const file of deps.userConfig?.(context) ?? []) inputs.add(file);
  for (const name of [...LOCALE_ENV, ...(deps.env ?? [])]) addEnv(name, context.env, inputs);
  if (deps.files) for (const target of targets) await deps.files(target, context, inputs);
  return true;
}

/** A variable, or with a trailing `_` every variable starting with it (and the `_`-less name). */
function addEnv(name: string, env: NodeJS.ProcessEnv, inputs: Inputs): void {
  if (!name.endsWith('_')) {
    inputs.addEnv(name);
    return;
  }
  for (const key of Object.keys(env)) if (key.startsWith(name)) inputs.addEnv(key);
}

/** `dir` and every folder above it, up to the file system's root. */
export function ancestors(dir: string): string[] {
  const out: string[] = [];
  let current = path.resolve(dir);
  for (;;) {
    out.push(current);
    const parent = path.dirname(current);
    if (parent === current) return out;
    current = parent;
  }
}

/** `dir` and the folders above it, up to and including `root` (just `dir` when outside `root`). */
function ancestorsWithin(dir: string, root: string): string[] {
  const out: string[] = [];
  for (const d of ancestors(dir)) {
    out.push(d);
    if (d === root) return out;
  }
  return [path.resolve(dir)];
}

// ---------------------------------------------------------------------------------------------
// Ansible

/** What an Ansible YAML file refers to. */
interface AnsibleRefs {
  /** Task, vars and playbook files, as written. */
  files: string[];
  /** Folders of vars files (`include_vars: dir:`). */
  dirs: string[];
  roles: string[];
  /** A reference holds a template (`{{ }}`) or the file could not be read: depend on everything near. */
  dynamic: boolean;
}

/** Keys (last dotted part, so FQCNs match) whose value names files. */
const FILE_KEYS = new Set(['import_playbook', 'include_playbook', 'include_tasks', 'import_tasks', 'include', 'include_vars', 'vars_files', 'include_role_file']);
const ROLE_KEYS = new Set(['include_role', 'import_role']);
const ROLE_LIST_KEYS = new Set(['roles', 'dependencies']);

/** Any key that can refer to another file; a text without one refers to nothing (no parse needed). */
const REFERENCE_KEY = /\b(?:import_playbook|include_playbook|include_tasks|import_tasks|include|include_vars|vars_files|include_role|import_role|roles|dependencies)['"]?\s*:/;

/** The references of one Ansible YAML text (never throws). */
export function ansibleRefs(text: string): AnsibleRefs {
  const refs: AnsibleRefs = { files: [], dirs: [], roles: [], dynamic: false };
  if (!REFERENCE_KEY.test(text)) return refs;
  let values: unknown[];
  try {
    const docs = parseAllDocuments(text, { uniqueKeys: false, prettyErrors: false, strict: false });
    const list = Array.isArray(docs) ? docs : [docs];
    if (list.some((d) => d.errors.length > 0)) {
      // Our parser and Ansible's may disagree on a broken file: depend on everything near it.
      refs.dynamic = true;
      return refs;
    }
    values = list.map((d) => d.toJS({ maxAliasCount: 1000 }) as unknown);
  } catch {
    refs.dynamic = true;
    return refs;
  }
  const strings = (value: unknown, into: string[]): void => {
    if (typeof value === 'string') into.push(value);
    else if (Array.isArray(value)) for (const v of value) strings(v, into);
    else if (value && typeof value === 'object') {
      const o = value as Record<string, unknown>;
      for (const k of ['file', 'name', 'role', '_raw_params', 'path']) if (typeof o[k] === 'string') into.push(o[k]);
      if (typeof o.dir === 'string') refs.dirs.push(o.dir);
    }
  };
  const walk = (value: unknown, depth: number): void => {
    if (depth > 200) return;
    if (Array.isArray(value)) {
      for (const v of value) walk(v, depth + 1);
      return;
    }
    if (!value || typeof value !== 'object') return;
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
      const name = key.split('.').pop() ?? key;
      if (FILE_KEYS.has(name)) strings(v, refs.files);
      else if (ROLE_KEYS.has(name)) strings(v, refs.roles);
      else if (ROLE_LIST_KEYS.has(name) && Array.isArray(v)) strings(v, refs.roles);
      walk(v, depth + 1);
    }
  };
  for (const value of values) walk(value, 0);
  // `include_tasks: file=x.yml` (free-form key=value) and `{{ templated }}` names.
  refs.files = refs.files.map((f) => f.replace(/^\s*file=/, '').trim()).filter(Boolean);
  if ([...refs.files, ...refs.dirs, ...refs.roles].some((r) => r.includes('{{') || r.includes('{%'))) refs.dynamic = true;
  return refs;
}

/** The folder of the role a file belongs to (`.../roles/<name>`), if any. */
function roleOf(absPath: string): string | undefined {
  const parts = absPath.split(path.sep);
  const at = parts.lastIndexOf('roles');
  return at >= 0 && at < parts.length - 2 ? parts.slice(0, at + 2).join(path.sep) : undefined;
}

/** `roles_path` of the ansible.cfg files in play, and `ANSIBLE_ROLES_PATH`. */
async function configuredRolePaths(context: DepContext): Promise<string[]> {
  const out: string[] = [];
  const expand = (p: string, base: string) => path.resolve(base, p.trim().replace(/^~(?=$|\/)/, home(context)));
  for (const entry of (context.env.ANSIBLE_ROLES_PATH ?? '').split(':').filter(Boolean)) out.push(expand(entry, context.cwd));
  for (const cfg of [...ansibleUserConfig(context), path.join(context.cwd, 'ansible.cfg')]) {
    const text = await context.digests.text(cfg);
    const m = text ? /^\s*roles_path\s*[=:]\s*(.+)$/m.exec(text) : null;
    if (m?.[1]) for (const entry of m[1].split(':').filter(Boolean)) out.push(expand(entry, path.dirname(cfg)));
  }
  return out;
}

/** Collection folders (`.../ansible_collections`) Ansible may load content from. */
function collectionRoots(context: DepContext, near: string): string[] {
  const configured = (context.env.ANSIBLE_COLLECTIONS_PATH ?? context.env.ANSIBLE_COLLECTIONS_PATHS ?? '').split(':').filter(Boolean);
  const bases = [
    ...configured.map((p) => path.resolve(context.cwd, p.replace(/^~(?=$|\/)/, home(context)))),
    path.join(home(context), '.ansible', 'collections'),
    '/usr/share/ansible/collections',
    path.join(near, 'collections'),
    path.join(context.cwd, 'collections'),
  ];
  return [...bases.map((b) => path.join(b, 'ansible_collections')), '/usr/lib/python3/dist-packages/ansible_collections'];
}

/**
 * Installed collections: each `<namespace>/<name>` with the size and time of its MANIFEST.json or
 * galaxy.yml, so installing, removing or upgrading one changes the key (one digest per run).
 */
function addCollections(roots: readonly string[], context: DepContext, inputs: Inputs): void {
  const { digests } = context;
  // Paths inside the repository are named relative to it, so a copy of it (the staged check's) matches.
  const name = (p: string): string => (isInside(context.root, p) ? `./${path.relative(context.root, p)}` : p);
  const summary = digests.memo(`collections:${roots.join(':')}`, async () => {
    const parts: string[] = [];
    for (const root of roots) {
      const state = await digests.statDigest(root);
      if (state === '-') continue;
      parts.push(`${name(root)} ${state}`);
      for (const ns of (await digests.list(root)) ?? []) {
        if (!ns.isDirectory() && !ns.isSymbolicLink()) continue;
        const nsDir = path.join(root, ns.name);
        for (const coll of (await digests.list(nsDir)) ?? []) {
          const dir = path.join(nsDir, coll.name);
          for (const file of [dir, path.join(dir, 'MANIFEST.json'), path.join(dir, 'galaxy.yml')]) parts.push(`${name(file)} ${await digests.statDigest(file)}`);
        }
      }
    }
    return `c:${sha256(parts.join('\n'))}`;
  });
  inputs.addDigest(`ansible collections ${roots.map(name).join(':')}`, summary);
}

/**
 * A playbook's or tasks file's dependencies: the files it includes or imports, its roles (every
 * file of each, searched where Ansible looks), recursively; `group_vars/` and `host_vars/` beside
 * it and above it; installed collections. A templated reference makes it depend on every role and
 * on every file of its folder.
 */
export async function ansibleDependencies(absPath: string, context: DepContext, inputs: Inputs): Promise<void> {
  const configured = await context.digests.memo('ansible-roles-path', () => configuredRolePaths(context));
  const visited = new Set<string>();
  const top = path.dirname(absPath);
  const roleBases = (file: string): string[] => {
    const dir = path.dirname(file);
    const role = roleOf(file);
    return [
      ...(role ? [path.dirname(role)] : []),
      path.join(dir, 'roles'),
      dir,
      path.join(top, 'roles'),
      top,
      path.join(path.dirname(top), 'roles'),
      path.join(context.cwd, 'roles'),
      path.join(context.root, 'roles'),
      path.join(context.root, 'ansible', 'roles'),
      ...configured,
      path.join(home(context), '.ansible', 'roles'),
      '/usr/share/ansible/roles',
      '/etc/ansible/roles',
    ];
  };
  const addYamlTree = async (dir: string): Promise<void> => {
    for (const f of await inputs.addTree(dir)) if (/\.ya?ml$/i.test(f)) await visit(f);
  };
  const visit = async (file: string): Promise<void> => {
    if (visited.has(file)) return;
    if (visited.size > 2000) throw new TooLarge(`more than 2000 Ansible files reached from ${absPath}`);
    visited.add(file);
    inputs.add(file);
    inputs.link(file);
    const text = await context.digests.text(file);
    if (text === undefined) return;
    const refs = await context.digests.memo(`ansible-refs:${file}`, async () => ansibleRefs(text));
    const dir = path.dirname(file);
    const role = roleOf(file);
    if (refs.dynamic) {
      await addYamlTree(dir);
      if (dir !== top) await addYamlTree(top);
      for (const base of new Set(roleBases(file))) if (base !== dir && base !== top) await addYamlTree(base);
    }
    for (const ref of refs.files) {
      const bases = [dir, top, path.dirname(dir), context.cwd, ...(role ? ['tasks', 'vars', 'handlers', 'defaults', ''].map((d) => path.join(role, d)) : [])];
      for (const base of new Set(bases)) {
        for (const candidate of [path.resolve(base, ref), path.resolve(base, 'tasks', ref), path.resolve(base, 'vars', ref)]) {
          inputs.add(candidate);
          if (/\.ya?ml$/i.test(candidate) || !path.extname(candidate)) await visit(candidate);
        }
      }
    }
    for (const ref of refs.dirs) for (const base of new Set([dir, top, context.cwd, ...(role ? [role] : [])])) await addYamlTree(path.resolve(base, ref));
    for (const name of refs.roles) {
      const parts = name.split('.');
      if (parts.length === 3 && !name.includes('/')) {
        // A collection's role: its folder in each collection root, plus the manifests below.
        for (const root of collectionRoots(context, top)) await addYamlTree(path.join(root, parts[0] ?? '', parts[1] ?? '', 'roles', parts[2] ?? ''));
        continue;
      }
      const candidates = name.includes('/') || name.startsWith('.')
        ? [dir, top, context.cwd].map((b) => path.resolve(b, name))
        : roleBases(file).map((b) => path.join(b, name));
      for (const candidate of new Set(candidates)) await addYamlTree(candidate);
    }
  };
  await visit(absPath);
  for (const dir of new Set([...ancestorsWithin(top, context.root), context.cwd, path.join(context.root, 'ansible', 'inventory'), path.join(context.root, 'inventory')])) {
    await inputs.addTree(path.join(dir, 'group_vars'));
    await inputs.addTree(path.join(dir, 'host_vars'));
  }
  addCollections(collectionRoots(context, top), context, inputs);
}

// ---------------------------------------------------------------------------------------------
// Shell

/**
 * Literal `source x` / `. x` and `# shellcheck source=x` paths (what ShellCheck follows with
 * `external-sources`), resolved from the file's folder, the working directory and every
 * `source-path` of the directives and `.shellcheckrc` files.
 */
async function shellSources(absPath: string, context: DepContext, inputs: Inputs): Promise<void> {
  const text = await context.digests.text(absPath);
  if (!text) return;
  const dir = path.dirname(absPath);
  const found = new Set<string>();
  const bases = new Set([dir, context.cwd]);
  for (const m of text.matchAll(/^[ \t]*(?:source|\.)[ \t]+(["']?)([^\s"'`;|&()]+)\1/gm)) if (m[2]) found.add(m[2]);
  for (const m of text.matchAll(/#\s*shellcheck\s[^\n]*\bsource=(\S+)/g)) if (m[1]) found.add(m[1]);
  const rcs = await Promise.all(ancestors(dir).flatMap((d) => ['.shellcheckrc', 'shellcheckrc'].map((n) => context.digests.text(path.join(d, n)))));
  for (const source of [text, ...rcs]) {
    for (const m of (source ?? '').matchAll(/\bsource-path=(\S+)/g)) if (m[1]) bases.add(path.resolve(dir, m[1].replace(/^SCRIPTDIR/, dir)));
  }
  for (const ref of found) {
    if (ref.includes('$')) continue;
    for (const base of bases) {
      // Linked: ShellCheck follows a sourced file only when it is among the call's files (else
      // SC1091), so a script's verdict depends on which of its sources were checked with it.
      inputs.add(path.resolve(base, ref));
      inputs.link(path.resolve(base, ref));
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Compose

/** Relative path-like strings, `env_file:`, `extends: file:`, `include:` and the variables a compose file uses. */
async function composeDependencies(absPath: string, context: DepContext, inputs: Inputs, visited: Set<string>): Promise<void> {
  if (visited.has(absPath)) return;
  if (visited.size > 100) throw new TooLarge(`more than 100 compose files reached from ${absPath}`);
  visited.add(absPath);
  inputs.add(absPath);
  const dir = path.dirname(absPath);
  inputs.add(path.join(dir, '.env'));
  inputs.add(path.join(dir, '.env.example'));
  // The project: Compose pairs a base file with the override beside it (`compose/names.ts`).
  const name = path.basename(absPath);
  if (BASE_FILE_NAMES.includes(name) || OVERRIDE_FILE_NAMES.includes(name)) {
    for (const other of [...BASE_FILE_NAMES, ...OVERRIDE_FILE_NAMES]) {
      if (other !== name) await composeDependencies(path.join(dir, other), context, inputs, visited);
    }
  }
  const texts: string[] = [];
  const text = await context.digests.text(absPath);
  if (text === undefined) return;
  texts.push(text);
  const paths = new Set<string>();
  const composeFiles = new Set<string>();
  try {
    for (const doc of parseAllDocuments(text, { uniqueKeys: false, strict: false }) as ReturnType<typeof parseAllDocuments> & unknown[]) {
      const walk = (value: unknown, key: string | undefined, depth: number): void => {
        if (depth > 100) return;
        if (typeof value === 'string') {
          const candidate = value.split(':')[0] ?? '';
          const named = key === 'env_file' || key === 'file' || key === 'path' || key === 'include' || key === 'build' || key === 'context';
          if (named || /^\.\.?\//.test(candidate)) {
            paths.add(named ? value : candidate);
          }
          if (key === 'file' || key === 'include' || key === 'path') composeFiles.add(value);
          return;
        }
        if (Array.isArray(value)) {
          for (const v of value) walk(v, key, depth + 1);
          return;
        }
        if (value && typeof value === 'object') for (const [k, v] of Object.entries(value as Record<string, unknown>)) walk(v, k, depth + 1);
      };
      walk(doc.toJS({ maxAliasCount: 1000 }) as unknown, undefined, 0);
    }
  } catch {
    // Unparsable: compose reports that from the file itself.
  }
  for (const p of paths) {
    if (p.includes('$')) continue;
    const abs = path.resolve(dir, p);
    inputs.add(abs);
    const envText = await context.digests.text(abs);
    if (envText !== undefined) texts.push(envText);
  }
  for (const f of composeFiles) if (/\.ya?ml$/i.test(f) && !f.includes('$')) await composeDependencies(path.resolve(dir, f), context, inputs, visited);
  for (const envFile of [path.join(dir, '.env'), path.join(dir, '.env.example')]) {
    const envText = await context.digests.text(envFile);
    if (envText !== undefined) texts.push(envText);
  }
  // Compose interpolates ${VAR} from the environment: those variables are inputs too.
  for (const t of texts) for (const m of t.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)) if (m[1]) inputs.addEnv(m[1]);
}

// ---------------------------------------------------------------------------------------------
// Terraform

/** Configuration, variables and test files; OpenTofu's `.tofu`/`.tofu.json` are configuration too. */
const TERRAFORM_FILE = /\.(tf|tf\.json|tofu|tofu\.json|tfvars|tfvars\.json|tftest\.hcl|tfmock\.hcl)$/;

/**
 * A Terraform folder: every configuration and variables file in it (not only the ones checked),
 * the lock file, what `terraform init` left in `.terraform/`, and the local modules it calls
 * (`source = "./..."`), recursively.
 */
/** A Terraform folder's own configuration files (`.tf`, `.tofu`, JSON too) and lock file (not its modules). */
async function terraformFolderFiles(dir: string, context: DepContext, inputs: Inputs): Promise<void> {
  inputs.add(dir);
  for (const entry of (await context.digests.list(dir)) ?? []) {
    if (TERRAFORM_FILE.test(entry.name) || entry.name === '.terraform.lock.hcl') inputs.add(path.join(dir, entry.name));
  }
}

async function terraformFolder(dir: string, context: DepContext, inputs: Inputs, visited: Set<string>): Promise<void> {
  if (visited.has(dir)) return;
  if (visited.size > 200) throw new TooLarge(`more than 200 Terraform modules reached from ${dir}`);
  visited.add(dir);
  inputs.add(dir);
  for (const entry of (await context.digests.list(dir)) ?? []) {
    if (!TERRAFORM_FILE.test(entry.name) && entry.name !== '.terraform.lock.hcl') continue;
    const file = path.join(dir, entry.name);
    inputs.add(file);
    const text = await context.digests.text(file);
    for (const m of (text ?? '').matchAll(/\bsource\s*[=:]\s*"(\.\.?\/[^"]*)"/g)) {
      if (m[1]) await terraformFolder(path.resolve(dir, m[1]), context, inputs, visited);
    }
  }
  const dotTerraform = path.join(dir, '.terraform');
  inputs.add(dotTerraform);
  for (const name of ['modules/modules.json', 'environment', 'terraform.tfstate']) inputs.add(path.join(dotTerraform, name));
  await inputs.addTree(path.join(dotTerraform, 'providers'), 'stat');
  await inputs.addTree(path.join(dotTerraform, 'modules'), 'stat');
}

// ---------------------------------------------------------------------------------------------
// iacgen's policy rules

/**
 * The policy rules read a Terraform file's whole folder, and ask git whether a `.env` file is
 * ignored (ignore files, and the index: a tracked file is never ignored); a playbook's rules read
 * its Ansible inventory.
 */
async function policyDependencies(target: DepTarget, context: DepContext, inputs: Inputs): Promise<void> {
  // ansible-inventory-out-of-step reads the playbook's Ansible inventory (and its folder's listing).
  if (target.type === 'ansible-playbook') {
    const located = locateInventory(target.absPath, context.root);
    for (const p of located.consulted) inputs.add(p);
    for (const dir of located.folders) {
      const names = ((await context.digests.list(dir)) ?? []).map((e) => e.name).join('\n');
      inputs.addDigest(`inventory-folder:${path.relative(context.root, dir)}`, Promise.resolve(sha256(names)));
    }
  }
  if (target.type === 'terraform') {
    const dir = path.dirname(target.absPath);
    for (const entry of (await context.digests.list(dir)) ?? []) {
      if (CONFIG_FILE.test(entry.name)) inputs.add(path.join(dir, entry.name));
    }
    inputs.add(dir);
  }
  if (target.type === 'env') {
    for (const dir of ancestorsWithin(path.dirname(target.absPath), context.root)) inputs.add(path.join(dir, '.gitignore'));
    const git = path.join(context.root, '.git');
    for (const name of ['', 'index', 'config', 'info/exclude']) inputs.add(path.join(git, name));
    inputs.add(path.join(home(context), '.gitconfig'));
    inputs.add(path.join(xdgConfig(context), 'git', 'ignore'));
    inputs.add(path.join(xdgConfig(context), 'git', 'config'));
    inputs.addEnv('GIT_DIR');
    inputs.addEnv('GIT_INDEX_FILE');
  }
}
