/**
 * The ansible-inventory checker end to end: the built CLI on a real git repository with the real
 * `ansible-inventory`. An inventory ansible cannot parse is an error on that file; what lies
 * around it (group_vars/host_vars, even broken or vault-encrypted, and an ansible.cfg naming a
 * vault password file that is not there) never breaks it; a plugin configuration is skipped,
 * never run; the run leaves nothing behind.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { haveTools, runCli, tempRepo } from '../helpers.js';

const ready = haveTools('ansible-inventory');

const VAULTED =
  '$ANSIBLE_VAULT;1.1;AES256\n' +
  '63326539623965656438656437323030303966623766613832653061646565383766336462333735\n' +
  '3431363663336238353534633737333237303530653537360a636163666138333333646130643866\n' +
  '31626338653831343637646636636136383336656531653763653139393132333434346633396566\n' +
  '3736323738626235660a393834336138366137323561613538363334656563626138393161616538\n' +
  '30326433366165383831393431343233616431306663313139316435623836313564\n';

const FILES: Record<string, string> = {
  'ansible.cfg': '[defaults]\nvault_password_file = ~/.vault-pass-that-is-not-here\n',
  'inventory/hosts.yml': '---\nall:\n  children:\n    web:\n      hosts:\n        web01:\n          ansible_host: 192.168.2.10\n',
  'inventory/broken.yml': '---\nall:\n  children:\n    web:\n      hosts:\n        - web01\n        - web02\n',
  'inventory/proxmox.yml': '---\nplugin: community.general.proxmox\nurl: https://192.168.2.200:8006\nuser: ansible@pve\n',
  'inventory/group_vars/all.yml': '---\nntp_servers: [pool.ntp.org\n',
  'inventory/host_vars/web01.yml': VAULTED,
};

interface Report {
  files: { path: string; type: string; checks: { checker: string; status: string; reason?: string }[]; diagnostics: { line: number; severity: string; rule: string; source: string; message: string }[] }[];
}

function tree(dir: string): string[] {
  return readdirSync(dir, { recursive: true }).map(String).sort();
}

describe.skipIf(!ready)('iacgen validate: ansible inventories', () => {
  it('reports an inventory ansible cannot load on its line, and nothing on the ones around it', async () => {
    const repo = tempRepo(FILES);
    const before = tree(repo);
    const run = await runCli(['validate', '--format', 'json', '--only', 'ansible-inventory,yamllint'], repo);
    expect(run.exitCode, run.stderr).toBe(1);
    const report = JSON.parse(run.stdout) as Report;
    const file = (p: string) => report.files.find((f) => f.path === p);
    const inventoryCheck = (p: string) => file(p)?.checks.find((c) => c.checker === 'ansible-inventory');

    expect(file('inventory/broken.yml')?.diagnostics.filter((d) => d.source === 'ansible-inventory')).toEqual([
      expect.objectContaining({ line: 5, severity: 'error', rule: 'inventory-parse', message: expect.stringContaining('Invalid "hosts" entry for "web" group') }),
    ]);
    // The vault-encrypted host_vars, the broken group_vars and ansible.cfg's missing vault
    // password file do not touch the inventory beside them.
    expect(inventoryCheck('inventory/hosts.yml')?.status).toBe('pass');
    // The broken group_vars file is reported on itself, by the checkers of its own type.
    const vars = file('inventory/group_vars/all.yml');
    expect(vars?.checks.map((c) => c.checker)).not.toContain('ansible-inventory');
    expect(vars?.diagnostics.some((d) => d.severity === 'error' && d.source === 'yamllint')).toBe(true);
    // The plugin configuration would call the Proxmox API: a type of its own, never run by
    // ansible-inventory (the checker also skips one that reaches it: unit-tested).
    expect(file('inventory/proxmox.yml')?.type).toBe('ansible-inventory-plugin');
    expect(inventoryCheck('inventory/proxmox.yml')).toBeUndefined();
    expect(tree(repo)).toEqual(before);
  }, 120_000);

  it('passes a valid inventory with exit 0', async () => {
    const repo = tempRepo({ 'inventory/hosts.yml': FILES['inventory/hosts.yml'] ?? '' });
    const run = await runCli(['validate', 'inventory/hosts.yml', '--only', 'ansible-inventory'], repo);
    expect(run.exitCode, `${run.stdout}${run.stderr}`).toBe(0);
  }, 60_000);
});
