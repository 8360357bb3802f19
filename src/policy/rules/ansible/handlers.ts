/**
 * Handler rules, per play: notified but not defined, defined but never notified. A play whose
 * tasks or handlers come partly from elsewhere (`roles:`, include/import of tasks or roles) is
 * not checked: its handlers and notifications may live in those files.
 */
import type { Node } from 'yaml';
import type { Finding, PolicyFile, RuleLogic } from '../../types.js';
import { get, has, isScalar, isSeq, items, str } from '../../yaml.js';
import { isInclude, playsOf, sectionTasks, TASK_SECTIONS, type Play, type Task } from './walk.js';

/** A play's handlers and notifications, or undefined when the play is not self-contained. */
interface PlayHandlers {
  /** Handler tasks with the names and `listen:` topics they answer to. */
  handlers: Array<{ task: Task; names: string[] }>;
  /** Every `notify:` entry: the name and its node. */
  notified: Array<{ name: string; node: Node }>;
}

/** Strings of a scalar or a list of scalars. */
function strings(node: unknown, task: Task): Array<{ name: string; node: Node }> {
  const list = isSeq(node) ? items(node, task.doc) : [node];
  return list.filter(isScalar).flatMap((n) => (str(n) === undefined ? [] : [{ name: str(n) as string, node: n as Node }]));
}

function readPlay(play: Play): PlayHandlers | undefined {
  if (has(play.node, 'roles', play.doc)) return undefined;
  const tasks = sectionTasks(play, TASK_SECTIONS);
  const handlerTasks = sectionTasks(play, ['handlers']);
  if ([...tasks, ...handlerTasks].some(isInclude)) return undefined;
  return {
    handlers: handlerTasks.map((task) => ({
      task,
      names: [...strings(get(task.node, 'name', task.doc), task), ...strings(get(task.node, 'listen', task.doc), task)].map((s) => s.name),
    })),
    notified: [...tasks, ...handlerTasks].flatMap((task) => strings(get(task.node, 'notify', task.doc), task)),
  };
}

function eachPlay(file: PolicyFile, visit: (play: PlayHandlers, line: (node: Node) => number) => Finding[]): Finding[] {
  const yaml = file.yaml();
  if (!yaml) return [];
  return playsOf(file).flatMap((play) => {
    const read = readPlay(play);
    return read ? visit(read, (node) => yaml.line(node)) : [];
  });
}

const templated = (name: string): boolean => name.includes('{{');

/** `ansible-handler-undefined`. */
export const ansibleHandlerUndefined: RuleLogic = {
  fileTypes: ['ansible-playbook'],
  check(file) {
    return eachPlay(file, ({ handlers, notified }, line) => {
      const known = new Set(handlers.flatMap((h) => h.names));
      return notified
        .filter((n) => !templated(n.name) && !known.has(n.name))
        .map((n) => ({ line: line(n.node), message: `notify: '${n.name}' names no handler of this play` }));
    });
  },
};

/** `ansible-handler-unused`. */
export const ansibleHandlerUnused: RuleLogic = {
  fileTypes: ['ansible-playbook'],
  check(file) {
    return eachPlay(file, ({ handlers, notified }, line) => {
      const used = new Set(notified.map((n) => n.name));
      if (notified.some((n) => templated(n.name))) return [];
      return handlers
        .filter((h) => h.names.length > 0 && !h.names.some((name) => used.has(name)))
        .map((h) => ({ line: line(h.task.node), message: `handler '${h.names[0] ?? ''}' is never notified` }));
    });
  },
};
