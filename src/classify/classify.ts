/**
 * The file classifier: content start -> template folder -> path -> name -> extension -> folder
 * -> shebang -> content, reading the tables in `tables.ts`. Pure except for the content it is
 * handed and what it asks the injected {@link RepositoryTree}.
 */
import path from 'node:path';
import picomatch from 'picomatch';
import { parseAllDocuments } from 'yaml';
import { hasJinjaStructure, isCloudConfig, isIniInventory } from './content.js';
import {
  ANSIBLE_DIRS,
  BY_CONTENT_START,
  BY_EXTENSION,
  BY_INTERPRETER,
  BY_NAME,
  BY_PATH,
  CLOUD_INIT_NAMES,
  COMPOSE_SERVICE_KEYS,
  COMPOSE_TOP_KEYS,
  DECISIVE_PLAY_KEYS,
  ENV_FILE_NAME,
  INVENTORY_GROUP_KEYS,
  PLAY_BODY_KEYS,
  PLAY_KEYWORDS,
  TASK_KEYS,
  TEMPLATE_FOLDERS,
  type ContentTest,
  type FileType,
} from './tables.js';
import { EMPTY_TREE, type RepositoryTree } from './tree.js';

/**
 * Classifies one file.
 * @param relPath path relative to the repository root, with `/` separators
 * @param text    the file's text (the whole file: YAML is sniffed by parsing it)
 * @param tree    the files around it (template folders are told by their neighbours); default: none
 */
export function classify(relPath: string, text: string, tree: RepositoryTree = EMPTY_TREE): FileType {
  const content = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const byStart = BY_CONTENT_START.find((rule) => content.startsWith(rule.start));
  if (byStart) return byStart.type;
  const template = templateFolderType(relPath, tree);
  if (template) return template;
  const base = path.posix.basename(relPath);
  const byPath = PATH_MATCHERS.find((rule) => rule.matches(relPath, base) && (!rule.content || CONTENT_TESTS[rule.content](content)));
  if (byPath) return byPath.type;

  const lower = base.toLowerCase();
  const byName = BY_NAME[lower];
  if (byName === 'compose') {
    // A role's `tasks/docker-compose.yml` is a tasks file named after what it deploys: the
    // Ansible folder wins over the Compose file name.
    if (inAnsibleFolder(relPath)) return classifyYaml(relPath, content);
    return hasJinjaStructure(content) ? 'jinja-template' : 'compose';
  }
  if (byName) return byName;
  if (ENV_FILE_NAME.test(lower)) return 'env';
  if (lower.startsWith('dockerfile.') || lower.startsWith('containerfile.')) return 'dockerfile';

  const ext = extensionOf(lower);
  const byExt = ext ? BY_EXTENSION[ext] : undefined;
  if (byExt === 'yaml') return classifyYaml(relPath, content);
  if (byExt) return byExt;
  if (ext === '') return byShebang(content) ?? (CLOUD_INIT_NAMES.includes(lower) && isCloudConfig(content) ? 'cloud-init' : 'unknown');
  return 'unknown';
}

/** {@link BY_PATH} with its globs compiled once: patterns with a `/` match the path, others the name. */
const PATH_MATCHERS = BY_PATH.map((rule) => {
  const options = { dot: true };
  const onPath = picomatch(rule.patterns.filter((p) => p.includes('/')), options);
  const onName = picomatch(rule.patterns.filter((p) => !p.includes('/')), options);
  return { ...rule, matches: (relPath: string, base: string) => onName(base) || onPath(relPath) };
});

const CONTENT_TESTS: Readonly<Record<ContentTest, (text: string) => boolean>> = {
  'ini-inventory': isIniInventory,
  'yaml-inventory': (text) => {
    const data = parseYaml(text);
    return data !== undefined && data.length === 1 && isInventory(data[0]);
  },
};

/** The type of a file under a `templates/` folder whose neighbours make it a template folder. */
function templateFolderType(relPath: string, tree: RepositoryTree): FileType | undefined {
  const dirs = path.posix.dirname(relPath).split('/');
  for (let i = dirs.length - 1; i >= 0; i--) {
    if (dirs[i] !== 'templates') continue;
    const owner = dirs.slice(0, i).join('/');
    const at = (name: string) => (owner ? `${owner}/${name}` : name);
    const rule = TEMPLATE_FOLDERS.find(
      (r) => r.files?.some((f) => tree.isFile(at(f))) || r.folders?.some((f) => tree.isFolder(at(f))),
    );
    if (rule) return rule.type;
  }
  return undefined;
}

/** Longest known extension of a lower-cased base name, `''` when it has no dot, else undefined. */
function extensionOf(base: string): string | undefined {
  const dot = base.indexOf('.', 1);
  if (dot < 0) return '';
  const parts = base.slice(dot).split('.').slice(1);
  for (let i = 0; i < parts.length; i++) {
    const candidate = `.${parts.slice(i).join('.')}`;
    if (candidate in BY_EXTENSION) return candidate;
  }
  return undefined;
}

/** The interpreter of a `#!` line (`/usr/bin/env bash`, `/bin/sh -e`), mapped to a type. */
export function byShebang(head: string): FileType | undefined {
  const line = /^#!\s*([^\n]*)/.exec(head)?.[1];
  if (!line) return undefined;
  const words = line.trim().split(/\s+/);
  let interpreter = path.posix.basename(words[0] ?? '');
  // `/usr/bin/env [-S] bash`: the interpreter is the first word that is not an option.
  if (interpreter === 'env') interpreter = words.slice(1).find((w) => !w.startsWith('-')) ?? '';
  // `python3.11` -> `python`, `bash5` -> `bash`
  return BY_INTERPRETER[interpreter.replace(/[\d.]+$/, '')];
}

/** True when a folder of the path is one of Ansible's (`tasks`, `handlers`, `vars`, ...). */
function inAnsibleFolder(relPath: string): boolean {
  return path.posix.dirname(relPath).split('/').some((dir) => dir in ANSIBLE_DIRS);
}

/** Every document's value, or undefined when any document has an error. */
function parseYaml(text: string): unknown[] | undefined {
  try {
    const docs = parseAllDocuments(text, { uniqueKeys: false, logLevel: 'silent' });
    if (!Array.isArray(docs)) return [];
    if (docs.some((doc) => doc.errors.length > 0)) return undefined;
    return docs.map((doc) => doc.toJS({ maxAliasCount: -1 }) as unknown);
  } catch {
    return undefined;
  }
}

function classifyYaml(relPath: string, text: string): FileType {
  if (isCloudConfig(text)) return 'cloud-init';
  const dirs = path.posix.dirname(relPath).split('/').reverse();
  const byDir = dirs.map((dir) => ANSIBLE_DIRS[dir]).find(Boolean);
  if (byDir && byDir !== 'ansible-inventory') return byDir;
  const docs = parseYaml(text);
  if (byDir) return docs?.length === 1 && isInventoryPlugin(docs[0], relPath, true) ? 'ansible-inventory-plugin' : byDir;
  if (docs === undefined) {
    // Unparseable YAML: a template, or else where it lives decides, so the right checkers report the error.
    if (hasJinjaStructure(text)) return 'jinja-template';
    return dirs.includes('playbooks') ? 'ansible-playbook' : 'yaml';
  }
  const data = docs.length === 1 ? docs[0] : undefined;
  if (Array.isArray(data)) {
    if (data.some(isPlay)) return 'ansible-playbook';
    if (data.length > 0 && data.every(isTask)) return 'ansible-tasks';
  }
  if (hasJinjaStructure(text)) return 'jinja-template';
  if (isMapping(data)) {
    if (isCompose(data)) return 'compose';
    if (isInventory(data)) return 'ansible-inventory';
    if (isInventoryPlugin(data, relPath, false)) return 'ansible-inventory-plugin';
  }
  const manifests = docs.filter((doc) => doc !== null && doc !== undefined);
  if (manifests.length > 0 && manifests.every(isKubernetesObject)) return 'kubernetes';
  return 'yaml';
}

/**
 * A play: a decisive play key, or a play body (`tasks`/`handlers` listing tasks, or a typo of a
 * decisive key beside `roles`) with every key a play keyword or one edit away from one.
 */
function isPlay(item: unknown): boolean {
  if (!isMapping(item)) return false;
  const keys = Object.keys(item);
  if (keys.some((key) => DECISIVE_PLAY_KEYS.includes(key))) return true;
  if (!keys.some((key) => PLAY_BODY_KEYS.includes(key))) return false;
  if (!keys.every((key) => PLAY_KEYWORDS.some((word) => withinOneEdit(key, word)))) return false;
  const listsTasks = ['tasks', 'handlers'].some((key) => {
    const tasks = item[key];
    return Array.isArray(tasks) && tasks.length > 0 && tasks.every(isMapping) && tasks.some((t) => Object.keys(t).some((k) => k !== 'name'));
  });
  const mistypedKey = keys.some((key) => !PLAY_KEYWORDS.includes(key) && DECISIVE_PLAY_KEYS.some((word) => withinOneEdit(key, word)));
  return listsTasks || mistypedKey;
}

/** True when `a` and `b` are equal or one insertion, deletion, substitution or swap of neighbours apart. */
function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  if (Math.abs(a.length - b.length) > 1 || Math.min(a.length, b.length) < 3) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) {
    const swapped = a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
    return swapped || a.slice(i + 1) === b.slice(i + 1);
  }
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

/** A task: a mapping with a `name` and a module or task keyword, or a `block`/include. */
function isTask(item: unknown): boolean {
  if (!isMapping(item)) return false;
  const keys = Object.keys(item);
  if (keys.some((key) => TASK_KEYS.includes(key) && key !== 'when')) return true;
  return 'name' in item && keys.some((key) => /^[a-z0-9_]+\.[a-z0-9_]+\.[a-z0-9_]+$/.test(key));
}

/** Compose: only Compose top-level keys, and `services` maps names to service mappings. */
function isCompose(data: Record<string, unknown>): boolean {
  if (!isMapping(data.services)) return false;
  if (!Object.keys(data).every((key) => COMPOSE_TOP_KEYS.includes(key) || key.startsWith('x-'))) return false;
  const services = Object.values(data.services);
  return services.every((s) => s === null || isMapping(s)) && services.some((s) => isMapping(s) && COMPOSE_SERVICE_KEYS.some((key) => key in s));
}

/**
 * An Ansible YAML inventory: every top-level value a group (a mapping of `hosts`, `children`,
 * `vars` only, or empty), one of them with `hosts` or `children`, or `all:` alone with `vars`.
 * `hosts:` written as a list still counts (Ansible then finds no host: the inventory checker's
 * business, not the classifier's).
 */
function isInventory(data: unknown): boolean {
  if (!isMapping(data)) return false;
  const groups = Object.values(data);
  const isGroup = (g: unknown) => g === null || (isMapping(g) && Object.keys(g).every((key) => INVENTORY_GROUP_KEYS.includes(key)));
  if (groups.length === 0 || !groups.every(isGroup)) return false;
  const onlyAll = groups.length === 1 && isMapping(data.all);
  return groups.some((g) => isMapping(g) && ('hosts' in g || 'children' in g || (onlyAll && 'vars' in g)));
}

/**
 * An inventory plugin's configuration: a mapping with a `plugin:` name. Outside an inventory
 * folder the file's name must also end with the plugin's (`prod.proxmox.yml` for
 * `community.general.proxmox`), as most inventory plugins require (`verify_file`).
 */
function isInventoryPlugin(data: unknown, relPath: string, inInventoryFolder: boolean): boolean {
  if (!isMapping(data) || typeof data.plugin !== 'string' || data.plugin === '') return false;
  if (inInventoryFolder) return true;
  const plugin = data.plugin.split('.').at(-1) as string;
  return path.posix.basename(relPath).replace(/\.ya?ml$/i, '').endsWith(plugin);
}

/** A Kubernetes object (or any object in its style, such as a Kustomization): `apiVersion` and `kind`. */
function isKubernetesObject(doc: unknown): boolean {
  return isMapping(doc) && typeof doc.apiVersion === 'string' && typeof doc.kind === 'string';
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
