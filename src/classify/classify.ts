/**
 * The file classifier: name -> extension -> folder -> shebang -> content, reading the tables in
 * `tables.ts`. Pure except for the content it is handed.
 */
import path from 'node:path';
import { parse } from 'yaml';
import {
  ANSIBLE_DIRS,
  BY_EXTENSION,
  BY_INTERPRETER,
  BY_NAME,
  COMPOSE_SERVICE_KEYS,
  COMPOSE_TOP_KEYS,
  PLAY_KEYS,
  TASK_KEYS,
  type FileType,
} from './tables.js';

/**
 * Classifies one file.
 * @param relPath path relative to the repository root, with `/` separators
 * @param head    the file's text (at least its first few KiB; the whole file for YAML sniffing)
 */
export function classify(relPath: string, head: string): FileType {
  const base = path.posix.basename(relPath).toLowerCase();
  const byName = BY_NAME[base];
  // A role's `tasks/docker-compose.yml` is a tasks file named after what it deploys: the
  // Ansible folder wins over the Compose file name.
  if (byName === 'compose' && inAnsibleFolder(relPath)) return classifyYaml(relPath, head);
  if (byName) return byName;
  if (base.startsWith('.env')) return 'env';
  if (base.startsWith('dockerfile.') || base.startsWith('containerfile.')) return 'dockerfile';

  const ext = extensionOf(base);
  const byExt = ext ? BY_EXTENSION[ext] : undefined;
  if (byExt === 'yaml') return classifyYaml(relPath, head);
  if (byExt) return byExt;
  if (ext === '') return byShebang(head) ?? 'unknown';
  return 'unknown';
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

function classifyYaml(relPath: string, text: string): FileType {
  const dirs = path.posix.dirname(relPath).split('/').reverse();
  for (const dir of dirs) {
    const byDir = ANSIBLE_DIRS[dir];
    if (byDir) return byDir;
  }
  let data: unknown;
  try {
    data = parse(text, { uniqueKeys: false, logLevel: 'silent' });
  } catch {
    // Unparseable YAML: fall back to where it lives, so the right checkers report the error.
    return dirs.includes('playbooks') ? 'ansible-playbook' : 'yaml';
  }
  if (Array.isArray(data)) {
    if (data.some((item) => isMapping(item) && PLAY_KEYS.some((key) => key in item))) return 'ansible-playbook';
    if (data.length > 0 && data.every(isTask)) return 'ansible-tasks';
    return 'yaml';
  }
  if (isMapping(data)) {
    if (isCompose(data)) return 'compose';
    if (isMapping(data.all) && ('hosts' in data.all || 'children' in data.all)) return 'ansible-inventory';
  }
  return 'yaml';
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

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
