/**
 * The `ansible-command-not-idempotent` fixer: `changed_when: false` only on commands that read;
 * the rule's bad fixture (`make install`, `echo >> /etc/motd`) is left to a person.
 */
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ansibleCommandNotIdempotentFix } from '../../../src/policy/rules/ansible/tasks.js';
import { badFixture, CONTEXT, expectCommentsKept, fileOf, fixAndRecheck, lineDiff, ruleDiagnostics } from './helpers.js';

const PLAYBOOK = `---
# File: site.yml
- name: Check the node
  hosts: pve
  tasks:
    # Which containers run?
    - name: List the containers
      ansible.builtin.command: pct list
      register: containers

    - name: Read the version
      ansible.builtin.command:
        argv: [pveversion, --verbose]
      register: version  # kept

    - name: Is nginx up
      block:
        - name: Ask systemd
          ansible.builtin.shell: systemctl is-active nginx
`;

describe('ansible-command-not-idempotent', () => {
  it('adds changed_when: false to read-only commands, indented like the task, after the module', async () => {
    const file = fileOf('site.yml', 'ansible-playbook', PLAYBOOK);
    const fixed = await fixAndRecheck(ansibleCommandNotIdempotentFix, 'ansible-command-not-idempotent', file);
    expect(lineDiff(PLAYBOOK, fixed)).toEqual({
      removed: [],
      added: ['      changed_when: false\n', '      changed_when: false\n', '          changed_when: false\n'],
    });
    expect(fixed).toContain('      ansible.builtin.command: pct list\n      changed_when: false\n      register: containers\n');
    expect(fixed).toContain('        argv: [pveversion, --verbose]\n      changed_when: false\n      register: version  # kept\n');
    expect(fixed.endsWith('          ansible.builtin.shell: systemctl is-active nginx\n          changed_when: false\n')).toBe(true);
    expectCommentsKept(PLAYBOOK, fixed);
    const tasks = (parse(fixed) as Array<{ tasks: Array<Record<string, unknown>> }>)[0]?.tasks ?? [];
    expect(tasks.map((t) => t.changed_when)).toEqual([false, false, undefined]);
  });

  it('leaves commands that may change something, a notify, a read changed, a shell pipe', async () => {
    const file = badFixture('ansible-command-not-idempotent', 'playbook.yml', 'ansible-playbook');
    expect(ansibleCommandNotIdempotentFix.apply(file, await ruleDiagnostics('ansible-command-not-idempotent', file), CONTEXT)).toBeUndefined();
    const text = `- hosts: all
  tasks:
    - ansible.builtin.command: cat /etc/hostname
      notify: Restart x
    - ansible.builtin.command: systemctl status nginx
      register: st
    - ansible.builtin.debug: {msg: hi}
      when: st is changed
    - ansible.builtin.shell: cat /etc/a | tee /etc/b
    - ansible.builtin.command: systemctl restart nginx
    - ansible.builtin.command: "{{ cmd }}"
`;
    const many = fileOf('p.yml', 'ansible-playbook', text);
    expect(await ruleDiagnostics('ansible-command-not-idempotent', many)).toHaveLength(5);
    expect(ansibleCommandNotIdempotentFix.apply(many, [], CONTEXT)).toBeUndefined();
  });
});
