/**
 * Walking Ansible YAML: the plays of a playbook, the tasks of a play section or a task file
 * (`block`/`rescue`/`always` flattened), and the module a task calls.
 */
import type { Document, YAMLMap } from 'yaml';
import type { PolicyFile } from '../../types.js';
import { get, has, isMap, items, keyOf, pairsOf, str } from '../../yaml.js';

/** Task keywords (everything else in a task is its module). */
const KEYWORDS: ReadonlySet<string> = new Set([
  'name', 'when', 'notify', 'register', 'loop', 'loop_control', 'tags', 'vars', 'args', 'changed_when', 'failed_when',
  'ignore_errors', 'ignore_unreachable', 'check_mode', 'diff', 'delegate_to', 'delegate_facts', 'run_once', 'listen',
  'block', 'rescue', 'always', 'environment', 'no_log', 'until', 'retries', 'delay', 'async', 'poll', 'timeout',
  'throttle', 'any_errors_fatal', 'collections', 'module_defaults', 'debugger', 'connection', 'remote_user',
  'become', 'become_user', 'become_method', 'become_flags', 'become_exe', 'local_action', 'action', 'port',
]);

/** Modules that bring tasks or handlers from elsewhere. */
const INCLUDES = /^(?:ansible\.builtin\.)?(?:include_role|import_role|include_tasks|import_tasks|include)$/;

/** The sections of a play that hold tasks. */
export const TASK_SECTIONS = ['pre_tasks', 'tasks', 'post_tasks'] as const;

/** A task with the document it belongs to. */
export interface Task {
  node: YAMLMap;
  doc: Document;
}

/** A play (a top-level mapping with `hosts:`) of a playbook. */
export interface Play {
  node: YAMLMap;
  doc: Document;
}

/** The plays of an `ansible-playbook` file (imports of other playbooks left out). */
export function playsOf(file: PolicyFile): Play[] {
  if (file.type !== 'ansible-playbook') return [];
  const yaml = file.yaml();
  if (!yaml) return [];
  return yaml.docs.flatMap((doc) => items(doc.contents, doc).filter(isMap).filter((p) => has(p, 'hosts', doc)).map((node) => ({ node, doc })));
}

/** The tasks of a task list, blocks flattened (the block itself included). */
export function flatten(list: unknown, doc: Document): Task[] {
  const found: Task[] = [];
  for (const item of items(list, doc)) {
    if (!isMap(item)) continue;
    found.push({ node: item, doc });
    for (const key of ['block', 'rescue', 'always']) found.push(...flatten(get(item, key, doc), doc));
  }
  return found;
}

/** The tasks of a play's sections. */
export function sectionTasks(play: Play, sections: readonly string[]): Task[] {
  return sections.flatMap((section) => flatten(get(play.node, section, play.doc), play.doc));
}

/** True when the file is a task list under a `handlers/` folder (role handlers). */
export function isHandlersFile(file: PolicyFile): boolean {
  return /(^|\/)handlers\//.test(file.relPath);
}

/** Every task of a file with whether it is a handler: plays' sections and handlers, or a task file. */
export function allTasks(file: PolicyFile): Array<Task & { handler: boolean }> {
  if (file.type === 'ansible-playbook') {
    return playsOf(file).flatMap((play) => [
      ...sectionTasks(play, TASK_SECTIONS).map((t) => ({ ...t, handler: false })),
      ...sectionTasks(play, ['handlers']).map((t) => ({ ...t, handler: true })),
    ]);
  }
  const yaml = file.yaml();
  if (file.type !== 'ansible-tasks' || !yaml) return [];
  const handler = isHandlersFile(file);
  return yaml.docs.flatMap((doc) => flatten(doc.contents, doc).map((t) => ({ ...t, handler })));
}

/** The module a task calls (its first key that is not a keyword), or undefined for a block. */
export function moduleOf(task: Task): string | undefined {
  for (const pair of pairsOf(task.node, task.doc)) {
    const key = keyOf(pair);
    if (key && !KEYWORDS.has(key) && !key.startsWith('with_')) return key;
  }
  const action = str(get(task.node, 'action', task.doc)) ?? str(get(task.node, 'local_action', task.doc));
  return action?.split(/\s+/)[0];
}

/** True when a task includes or imports tasks or roles. */
export function isInclude(task: Task): boolean {
  return INCLUDES.test(moduleOf(task) ?? '');
}

/** The short name of a module: `ansible.builtin.command` -> `command`. */
export function shortName(module: string): string {
  return module.replace(/^ansible\.(?:builtin|legacy)\./, '');
}
