/** Ansible task rules: commands without idempotence guards, restarts outside handlers. */
import type { Finding, RuleLogic } from '../../types.js';
import { get, has, isMap, str } from '../../yaml.js';
import { allTasks, moduleOf, shortName } from './walk.js';

const COMMANDS: ReadonlySet<string> = new Set(['command', 'shell']);

/** `ansible-command-not-idempotent`: `command`/`shell` tasks (not handlers) without `creates`, `removes` or `changed_when`. */
export const ansibleCommandNotIdempotent: RuleLogic = {
  fileTypes: ['ansible-playbook', 'ansible-tasks'],
  check(file) {
    const found: Finding[] = [];
    const yaml = file.yaml();
    for (const task of allTasks(file)) {
      // A handler runs only when notified: its "changed" says nothing.
      if (task.handler) continue;
      const module = moduleOf(task);
      if (!module || !COMMANDS.has(shortName(module)) || has(task.node, 'changed_when', task.doc)) continue;
      const args = get(task.node, module, task.doc);
      const extra = get(task.node, 'args', task.doc);
      const guarded = [args, extra].some((a) => isMap(a) && (has(a, 'creates', task.doc) || has(a, 'removes', task.doc)))
        || /(?:^|\s)(?:creates|removes)=/.test(str(args) ?? '');
      if (!guarded) found.push({ line: yaml?.line(task.node) ?? 1, message: `${module} task without creates:, removes: or changed_when: (it reports a change on every run)` });
    }
    return found;
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
