/**
 * One Ansible inventory kept in step with iacgen.yaml, end to end: the built CLI in real git
 * repositories, the results checked with the real `ansible-playbook --list-hosts`,
 * `ansible-inventory --list` and yamllint run directly. A guest added to iacgen.yaml after the
 * inventory was written is reported by `validate` (ansible-inventory-out-of-step), fixed by
 * `new inventory --update` (a comment of the user's survives), and added by `new playbook`
 * instead of "skipped: exists".
 */
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { haveTools, runCli, tempRepo } from '../helpers.js';

const ready = haveTools('ansible-playbook', 'ansible-inventory', 'yamllint');

const INVENTORY = 'ansible/inventory/proxmox.yml';
const IACGEN_YAML = [
  'proxmox:',
  '  node: pve',
  '  api: https://10.0.0.2:8006/',
  'guests:',
  '  - {id: 102, type: ct, name: nginx-proxy, address: 192.168.2.101, role: proxy}',
  '  - {id: 101, type: vm, name: monitoring, address: 192.168.2.102, role: monitoring}',
  '',
].join('\n');
const PIHOLE = '  - {id: 230, type: ct, name: pihole, address: 192.168.2.230, role: dns}\n';
const USER_COMMENT = '# my note: the SSH user is set in group_vars/all.yml';

/** A playbook written by hand for pihole, clean for every checker and rule. */
const HAND_PLAYBOOK = [
  '---',
  '# File: ansible/playbooks/pihole.yml',
  '# Purpose: Checks that Pi-hole answers',
  '# Author: Test Operator',
  '# Date: 2026-12-06',
  '- name: Check Pi-hole',
  '  hosts: pihole',
  '  gather_facts: false',
  '  tasks:',
  '    - name: Ping the guest',
  '      ansible.builtin.ping:',
  '',
].join('\n');

/** A repository where `new playbook` wrote the inventory for ct102, then pihole was added to iacgen.yaml. */
async function staleRepo(): Promise<string> {
  const repo = tempRepo({ 'iacgen.yaml': IACGEN_YAML });
  const first = await runCli(['new', 'playbook', '--target', 'ct102', '--service', 'nginx', '--yes'], repo);
  expect(first.exitCode, first.stdout + first.stderr).toBe(0);
  appendFileSync(path.join(repo, 'iacgen.yaml'), PIHOLE);
  return repo;
}

/** `ansible-playbook -i <inventory> <playbook> --list-hosts`, run directly. */
async function listHosts(repo: string, playbook: string): Promise<string> {
  const run = await execa('ansible-playbook', ['-i', INVENTORY, playbook, '--list-hosts'], { cwd: repo, reject: false, env: { ANSIBLE_NOCOLOR: '1' } });
  expect(run.exitCode, run.stderr).toBe(0);
  return run.stdout;
}

/** The inventory passes `ansible-inventory --list` and yamllint, run directly; returns the host names. */
async function checkInventory(repo: string): Promise<string[]> {
  const list = await execa('ansible-inventory', ['-i', INVENTORY, '--list'], { cwd: repo, reject: false });
  expect(list.exitCode, list.stderr).toBe(0);
  expect(list.stderr).not.toMatch(/WARNING/);
  const lint = await execa('yamllint', ['-d', 'relaxed', INVENTORY], { cwd: repo, reject: false });
  expect(lint.exitCode, lint.stdout).toBe(0);
  return Object.keys((JSON.parse(list.stdout) as { _meta: { hostvars: Record<string, unknown> } })._meta.hostvars).sort();
}

describe.skipIf(!ready)('one Ansible inventory, in step with iacgen.yaml', () => {
  it('validate reports a playbook for a guest the inventory lacks; new inventory --update fixes it, keeping the user\'s comment', async () => {
    const repo = await staleRepo();
    const inventoryPath = path.join(repo, INVENTORY);
    writeFileSync(inventoryPath, readFileSync(inventoryPath, 'utf8').replace(/^all:$/m, `${USER_COMMENT}\nall:`));
    writeFileSync(path.join(repo, 'ansible/playbooks/pihole.yml'), HAND_PLAYBOOK);
    expect(await listHosts(repo, 'ansible/playbooks/pihole.yml')).toContain('hosts (0)');

    const stale = await runCli(['validate', 'ansible/playbooks/pihole.yml'], repo);
    expect(stale.exitCode, stale.stdout + stale.stderr).toBe(1);
    expect(stale.stdout).toContain('inventory out of step: pihole is in iacgen.yaml but not in ansible/inventory/proxmox.yml; run iacgen new inventory --update');
    expect(stale.stdout).toContain('ansible/playbooks/pihole.yml:7');
    // Never both rules for one name.
    expect(stale.stdout).not.toContain('ansible-hosts-unknown');

    // Without --update an existing inventory with other content stays a conflict.
    const conflict = await runCli(['new', 'inventory', '--yes'], repo);
    expect(conflict.exitCode).toBe(1);
    expect(conflict.stderr).toContain('already exists with other content');

    const update = await runCli(['new', 'inventory', '--update', '--yes'], repo);
    expect(update.exitCode, update.stdout + update.stderr).toBe(0);
    expect(update.stdout).toContain(`${INVENTORY} (updated: adds host pihole; adds group dns with pihole)`);

    const fixed = await runCli(['validate', 'ansible/playbooks/pihole.yml', INVENTORY], repo);
    expect(fixed.exitCode, fixed.stdout + fixed.stderr).toBe(0);
    const hosts = await listHosts(repo, 'ansible/playbooks/pihole.yml');
    expect(hosts).toContain('hosts (1)');
    expect(hosts).toMatch(/^\s+pihole$/m);
    const text = readFileSync(inventoryPath, 'utf8');
    expect(text).toContain(`${USER_COMMENT}\nall:\n`);
    expect(await checkInventory(repo)).toEqual(['monitoring', 'nginx-proxy', 'pihole']);

    // Again: nothing to do.
    const again = await runCli(['new', 'inventory', '--update', '--yes'], repo);
    expect(again.exitCode).toBe(0);
    expect(again.stdout).toContain(`${INVENTORY} (unchanged: in step with iacgen.yaml)`);
    expect(readFileSync(inventoryPath, 'utf8')).toBe(text);
  });

  it('new playbook --target pihole adds the host to the existing inventory instead of skipping it', async () => {
    const repo = await staleRepo();
    const before = readFileSync(path.join(repo, INVENTORY), 'utf8');
    const run = await runCli(['new', 'playbook', '--target', 'pihole', '--service', 'hardening', '--yes'], repo);
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain(`${INVENTORY} (updated: adds host pihole; adds group dns with pihole)`);
    expect(run.stdout).not.toContain('skipped');
    const after = readFileSync(path.join(repo, INVENTORY), 'utf8');
    // Only lines added: every line of the old file is still there, in order.
    const lines = after.split('\n');
    let at = 0;
    for (const line of before.split('\n')) {
      at = lines.indexOf(line, at);
      expect(at, line).toBeGreaterThanOrEqual(0);
    }
    expect(await listHosts(repo, 'ansible/playbooks/baseline-hardening.yml')).toMatch(/hosts \(1\):\s+pihole/);
    expect(await checkInventory(repo)).toEqual(['monitoring', 'nginx-proxy', 'pihole']);
  });

  it('new role --target pihole adds the host too (its playbook lists it)', async () => {
    const repo = await staleRepo();
    const run = await runCli(['new', 'role', '--target', 'pihole', '--service', 'node-exporter', '--yes'], repo);
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain(`${INVENTORY} (updated: adds host pihole; adds group dns with pihole)`);
    expect(await listHosts(repo, 'ansible/playbooks/node-exporter.yml')).toMatch(/hosts \(1\):\s+pihole/);
    expect(await checkInventory(repo)).toEqual(['monitoring', 'nginx-proxy', 'pihole']);
  });

  it('--update follows a changed address, keeps the user\'s hosts and vars, and says so', async () => {
    const repo = await staleRepo();
    writeFileSync(path.join(repo, 'iacgen.yaml'), readFileSync(path.join(repo, 'iacgen.yaml'), 'utf8').replace('192.168.2.101', '192.168.2.111'));
    const inventoryPath = path.join(repo, INVENTORY);
    writeFileSync(inventoryPath, readFileSync(inventoryPath, 'utf8').replace(/^ {2}hosts:$/m, '  vars:\n    ansible_user: admin\n  hosts:\n    backup-box:\n      ansible_host: "10.9.9.9"'));
    const dry = await runCli(['new', 'inventory', '--update', '--yes', '--dry-run'], repo);
    expect(dry.exitCode).toBe(0);
    expect(dry.stdout).toContain('update     ansible/inventory/proxmox.yml (updates ansible_host of nginx-proxy: 192.168.2.101 -> 192.168.2.111; adds host pihole; adds group dns with pihole; kept: not in iacgen.yaml: backup-box)');
    expect(dry.stdout).toContain('+      ansible_host: "192.168.2.111"');
    const run = await runCli(['new', 'inventory', '--update', '--yes'], repo);
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    const list = await execa('ansible-inventory', ['-i', INVENTORY, '--list'], { cwd: repo });
    const data = JSON.parse(list.stdout) as { _meta: { hostvars: Record<string, Record<string, unknown>> } };
    expect(data._meta.hostvars['nginx-proxy']).toMatchObject({ ansible_host: '192.168.2.111', ansible_user: 'admin' });
    expect(data._meta.hostvars['backup-box']).toMatchObject({ ansible_host: '10.9.9.9' });
    expect(await checkInventory(repo)).toEqual(['backup-box', 'monitoring', 'nginx-proxy', 'pihole']);
  });
});
