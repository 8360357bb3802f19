/** Ansible task rules: commands without idempotence guards, restarts outside handlers. */
import { isNode } from 'yaml';
import { insertLines, policyFileOf } from '../../../fix/edit.js';
import type { TextFixer } from '../../../fix/types.js';
import { lineOfOffset } from '../../text.js';
import type { Finding, PolicyFile, RuleLogic } from '../../types.js';
import { get, has, isMap, isSeq, items, keyOf, str } from '../../yaml.js';
import { INFO_FLAGS, READ_ONLY_PROGRAMS, READ_ONLY_SUBCOMMANDS } from './read-only.js';
import { allTasks, moduleOf, shortName, type Task } from './walk.js';

const COMMANDS: ReadonlySet<string> = new Set(['command', 'shell']);

/** `ansible-command-not-idempotent`: `command`/`shell` tasks (not handlers) without `creates`, `removes` or `changed_when`. */
export const ansibleCommandNotIdempotent = {
  fileTypes: ['ansible-playbook', 'ansible-tasks'],
  check(file: PolicyFile): Finding[] {
    const yaml = file.yaml();
    return unguardedTasks(file).map(({ task, module }) => ({
      line: yaml?.line(task.node) ?? 1,
      message: `${module} task without creates:, removes: or changed_when: (it reports a change on every run)`,
    }));
  },
} satisfies RuleLogic;

/** The `command`/`shell` tasks (not handlers) without `creates`, `removes` or `changed_when`, with their module key. */
function unguardedTasks(file: PolicyFile): Array<{ task: Task; module: string }> {
  const found: Array<{ task: Task; module: string }> = [];
  for (const task of allTasks(file)) {
    // A handler runs only when notified: its "changed" says nothing.
    if (task.handler) continue;
    const module = moduleOf(task);
    if (!module || !COMMANDS.has(shortName(module)) || has(task.node, 'changed_when', task.doc)) continue;
    const args = get(task.node, module, task.doc);
    const extra = get(task.node, 'args', task.doc);
    const guarded = [args, extra].some((a) => isMap(a) && (has(a, 'creates', task.doc) || has(a, 'removes', task.doc)))
      || /(?:^|\s)(?:creates|removes)=/.test(str(args) ?? '');
    if (!guarded) found.push({ task, module });
  }
  return found;
}

/** The words of a task's command (free form, `cmd:` or `argv:`), or undefined when it cannot be read plainly. */
function commandWords(task: Task, module: string): string[] | undefined {
  const args = get(task.node, module, task.doc);
  const argv = isMap(args) ? get(args, 'argv', task.doc) : undefined;
  if (isSeq(argv)) {
    const words = items(argv, task.doc).map((w) => str(w));
    return words.every((w): w is string => w !== undefined) ? words : undefined;
  }
  const line = isMap(args) ? str(get(args, 'cmd', task.doc)) : str(args);
  // Shell operators, command substitution, a variable as the program: not plain.
  if (line === undefined || /[|&;<>`\n]|\$\(/.test(line)) return undefined;
  return line.trim().split(/\s+/);
}

/** True when the command only reads (see `read-only.ts`). */
function isReadOnly(words: readonly string[]): boolean {
  const [program, first] = [(words[0] ?? '').replace(/^.*\//, ''), words[1]];
  if (/^\w+=/.test(words[0] ?? '') || program.includes('{{')) return false;
  if (words.length === 2 && INFO_FLAGS.has(first ?? '')) return true;
  if (READ_ONLY_PROGRAMS.has(program)) return true;
  return first !== undefined && (READ_ONLY_SUBCOMMANDS.get(program)?.has(first) ?? false);
}

/** True when the task's registered result has its `changed` read in this file (`result.changed`, `result is changed`). */
function changedIsRead(file: PolicyFile, task: Task): boolean {
  const name = str(get(task.node, 'register', task.doc));
  if (!name) return false;
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`\\b${escaped}(?:\\.changed\\b|\\s+is\\s+(?:not\\s+)?changed\\b|\\[['"]changed['"]\\])`).test(file.text);
}

/**
 * `ansible-command-not-idempotent` (safe): adds `changed_when: false` to the command tasks that
 * only read (a listed read-only program or subcommand, `read-only.ts`: `cat`, `systemctl
 * is-active`, `pvesh get`, `pct status`, ...), which the rule's docs name as the fix: the
 * command still runs, and it stops reporting a change it never makes. The line goes after the
 * module's arguments, indented like the task's keys. Left to a person: every other command
 * (whether it changes anything, or which file `creates:` names, needs a person;
 * `changed_when: true` would only silence the rule), tasks that `notify:` a handler, and tasks
 * whose registered result has its `changed` read in the file.
 */
export const ansibleCommandNotIdempotentFix: TextFixer = {
  id: 'ansible-command-not-idempotent',
  handles: ['iacgen:ansible-command-not-idempotent'],
  fileTypes: ['ansible-playbook', 'ansible-tasks'],
  safety: 'safe',
  apply(fixFile) {
    const file = policyFileOf(fixFile);
    const text = fixFile.text;
    const inserts: Array<{ index: number; line: string }> = [];
    for (const { task, module } of unguardedTasks(file)) {
      const words = commandWords(task, module);
      if (!words || !isReadOnly(words) || has(task.node, 'notify', task.doc) || changedIsRead(file, task)) continue;
      const firstKey = task.node.items[0]?.key;
      const pair = task.node.items.find((p) => keyOf(p) === module);
      const end = isNode(pair?.value) && pair.value.range ? pair.value.range[1] : isNode(pair?.key) && pair.key.range ? pair.key.range[1] : undefined;
      if (task.node.flow || !isNode(firstKey) || !firstKey.range || end === undefined) continue;
      const column = firstKey.range[0] - (text.lastIndexOf('\n', firstKey.range[0] - 1) + 1);
      inserts.push({ index: lineOfOffset(text, Math.max(firstKey.range[0], end - 1)), line: `${' '.repeat(column)}changed_when: false` });
    }
    if (inserts.length === 0) return undefined;
    let fixed = text;
    for (const { index, line } of inserts.sort((a, b) => b.index - a.index)) fixed = insertLines(fixed, index, [line]);
    return fixed;
  },
};

/** `ansible-restart-in-task`: `state: restarted`/`reloaded` in a task, not a handler. */
export const ansibleRestartInTask: RuleLogic = {
  fileTypes: ['ansible-playbook', 'ansible-tasks'],
  check(file) {
    const found: Finding[] = [];
    const yaml = file.yaml();
    for (const task of allTasks(file)) {
      if (task.handler) continue;
      const module = moduleOf(task);
      if (!module) continue;
      const args = get(task.node, module, task.doc);
      const stateNode = isMap(args) ? get(args, 'state', task.doc) : undefined;
      const state = str(stateNode) ?? /(?:^|\s)state=(\w+)/.exec(str(args) ?? '')?.[1];
      if (state !== 'restarted' && state !== 'reloaded') continue;
      found.push({ line: yaml?.line(stateNode ?? args ?? task.node) ?? 1, message: `state: ${state} in a task: restart from a handler notified by the tasks that change the configuration` });
    }
    return found;
  },
};
