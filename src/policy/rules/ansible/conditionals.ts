/**
 * The conditionals of Ansible tasks, as ansible-core evaluates them: `when:`, `failed_when:`,
 * `changed_when:`, `until:` (a string or a list of them), and the `that:` items of
 * `assert` tasks. Also what a role's `defaults/main.yml` and `vars/main.yml` give a variable, for
 * conditionals that name one bare.
 *
 * Source: ansible-core's `Conditional` mixin (`playbook/conditional.py`) and the `assert` action
 * (`plugins/action/assert.py`) in 2.19, which both end in `Templar.evaluate_conditional`.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { isMap as isYamlMap, isScalar, isSeq as isYamlSeq, parseDocument, type Node } from 'yaml';
import type { PolicyFile } from '../../types.js';
import { get, isMap, items, pairsOf, keyOf } from '../../yaml.js';
import type { Kind, Known, NameKinds } from './jinja.js';
import { allTasks, moduleOf, shortName, type Task } from './walk.js';

/** Task keywords whose value is a conditional (or a list of them). */
export const CONDITIONAL_KEYWORDS = ['when', 'failed_when', 'changed_when', 'until'] as const;

/** One conditional: the YAML node as written and where it comes from. */
export interface Conditional {
  node: Node;
  task: Task;
  /** `when`, `failed_when`, `changed_when`, `until` or `that` (assert). */
  keyword: string;
}

/** Every conditional of a task: keyword values (list items one by one) and an `assert` task's `that:`. */
export function conditionalsOf(task: Task): Conditional[] {
  const found: Conditional[] = [];
  const add = (value: Node | undefined, keyword: string) => {
    if (value === undefined || value === null) return;
    const list = isYamlSeq(value) ? (items(value, task.doc) as Node[]) : [value];
    for (const node of list) if (node !== undefined && node !== null) found.push({ node, task, keyword });
  };
  for (const keyword of CONDITIONAL_KEYWORDS) add(get(task.node, keyword, task.doc), keyword);
  const module = moduleOf(task);
  if (module && shortName(module) === 'assert') {
    const args = get(task.node, module, task.doc);
    add(isMap(args) ? get(args, 'that', task.doc) : undefined, 'that');
  }
  return found;
}

/** Every conditional of a playbook or task file. */
export function fileConditionals(file: PolicyFile): Conditional[] {
  return allTasks(file).flatMap(conditionalsOf);
}

/**
 * YAML 1.1 booleans as PyYAML (which Ansible uses) reads a plain scalar: `yes`, `no`, `on`, `off`
 * are booleans there, strings for the `yaml` package's YAML 1.2.
 */
export function isYaml11Bool(node: unknown): boolean {
  if (!isScalar(node)) return false;
  if (typeof node.value === 'boolean') return true;
  return node.type === 'PLAIN' && typeof node.value === 'string' && /^(?:yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF)$/.test(node.value);
}

/** The kind of a YAML value as Ansible loads it (templated strings: unknown), and whether it is falsy. */
function kindOfNode(node: unknown): Known {
  if (isYamlSeq(node)) return { kind: 'list', falsy: node.items.length === 0 };
  if (isYamlMap(node)) return { kind: 'dict', falsy: node.items.length === 0 };
  if (!isScalar(node)) return { kind: 'unknown' };
  if (isYaml11Bool(node)) return { kind: 'bool' };
  const v = node.value;
  if (v === null || v === undefined) return { kind: 'none', falsy: true };
  if (typeof v === 'number') return { kind: Number.isInteger(v) ? 'int' : 'float', falsy: v === 0 };
  if (typeof v === 'string') return /\{\{|\{%/.test(v) ? { kind: 'unknown' } : { kind: 'str', falsy: v === '' };
  return { kind: 'unknown' };
}

/** The role folder of a task or handler file (`<role>/tasks/x.yml` -> `<role>`), or undefined. */
export function roleDirOf(absPath: string): string | undefined {
  let dir = path.dirname(absPath);
  for (let depth = 0; depth < 4; depth++) {
    const base = path.basename(dir);
    if (base === 'tasks' || base === 'handlers') return path.dirname(dir);
    const up = path.dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
  return undefined;
}

/** The variables `<role>/vars/main.yml` and `<role>/defaults/main.yml` set, with their kinds (vars win). */
export function roleVariableKinds(roleDir: string): Map<string, Known> {
  const kinds = new Map<string, Known>();
  for (const folder of ['defaults', 'vars']) {
    for (const name of ['main.yml', 'main.yaml']) {
      const file = path.join(roleDir, folder, name);
      if (!existsSync(file)) continue;
      try {
        const doc = parseDocument(readFileSync(file, 'utf8'), { uniqueKeys: false, merge: true });
        if (doc.errors.length > 0 || !isMap(doc.contents)) continue;
        for (const pair of pairsOf(doc.contents, doc)) {
          const key = keyOf(pair);
          if (key) kinds.set(key, kindOfNode(pair.value));
        }
      } catch {
        continue;
      }
    }
  }
  return kinds;
}

/**
 * What a variable of a file's conditionals holds, when that is known statically: a bare name from
 * its role's defaults and vars (for names no task of the file sets itself: `register:`,
 * `set_fact:`, `vars:`, loop variables), and `name.stdout`/`.stderr`/`.stdout_lines`/`.rc` of a
 * result registered by a `command`/`shell`/`raw`/`script` task of the file.
 */
export function roleNameKinds(file: PolicyFile): NameKinds {
  const roleDir = file.type === 'ansible-tasks' ? roleDirOf(file.absPath) : undefined;
  const kinds = roleDir ? roleVariableKinds(roleDir) : new Map<string, Known>();
  const setHere = namesSetInFile(file);
  const registered = commandResults(file);
  return (name) => {
    const magic = MAGIC[name];
    if (magic) return { kind: magic };
    const [base, attr] = name.split('.');
    const kind = attr !== undefined && base && registered.has(base) ? COMMAND_RESULT[attr] : undefined;
    if (attr !== undefined) return kind ? { kind } : undefined;
    return setHere.has(name) ? undefined : kinds.get(name);
  };
}

/**
 * Ansible's special variables whose type never changes (no play can set them), by access path
 * (subscripts as `[]`). Source: Ansible's "Special Variables" reference
 * (https://docs.ansible.com/ansible/latest/reference_appendices/special_variables.html).
 */
const MAGIC: Readonly<Record<string, Kind>> = {
  inventory_hostname: 'str', inventory_hostname_short: 'str', group_names: 'list', groups: 'dict', 'groups[]': 'list',
  hostvars: 'dict', 'hostvars[]': 'dict', 'hostvars[].ansible_facts': 'dict', ansible_facts: 'dict',
  ansible_play_hosts: 'list', ansible_play_hosts_all: 'list', ansible_play_batch: 'list', play_hosts: 'list', playbook_dir: 'str', role_path: 'str', role_name: 'str',
};

/** What a `command`/`shell`/`raw`/`script` task's registered result holds (the modules' documented return values). */
const COMMAND_RESULT: Readonly<Record<string, Kind>> = { stdout: 'str', stderr: 'str', stdout_lines: 'list', stderr_lines: 'list', rc: 'int', cmd: 'unknown' };

/**
 * Names registered in the file by a `command`, `shell`, `raw` or `script` task without a loop
 * (a loop registers `results` instead), and registered by no other task of the file.
 */
function commandResults(file: PolicyFile): Set<string> {
  const commands = new Set<string>();
  const others = new Set<string>();
  for (const task of allTasks(file)) {
    const register = get(task.node, 'register', task.doc);
    if (!isScalar(register)) continue;
    const name = String(register.value);
    const module = moduleOf(task);
    const looped = pairsOf(task.node, task.doc).some((p) => { const k = keyOf(p); return k === 'loop' || k?.startsWith('with_'); });
    if (module && ['command', 'shell', 'raw', 'script'].includes(shortName(module)) && !looped) commands.add(name); else others.add(name);
  }
  for (const name of others) commands.delete(name);
  return commands;
}

/** Names a file's tasks set: registered results, `set_fact`/`include_vars` keys, task `vars:`, loop variables. */
function namesSetInFile(file: PolicyFile): Set<string> {
  const names = new Set<string>(['item']);
  for (const task of allTasks(file)) {
    const register = get(task.node, 'register', task.doc);
    if (isScalar(register)) names.add(String(register.value));
    const loopVar = get(get(task.node, 'loop_control', task.doc), 'loop_var', task.doc);
    if (isScalar(loopVar)) names.add(String(loopVar.value));
    const module = moduleOf(task);
    const vars = [get(task.node, 'vars', task.doc), module && shortName(module) === 'set_fact' ? get(task.node, module, task.doc) : undefined];
    for (const map of vars) if (isMap(map)) for (const pair of pairsOf(map, task.doc)) { const key = keyOf(pair); if (key) names.add(key); }
  }
  return names;
}
