/**
 * ansible-inventory-out-of-step beyond its fixtures: where the Ansible inventory is found
 * (ansible.cfg first, then the conventional places nearest the playbook), what an inventory
 * names (YAML, INI; plugin configurations unknown), and that it and ansible-hosts-unknown never
 * report the same name.
 */
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cfgInventory, inventoryNames, locateInventory } from '../../../src/policy/rules/ansible/inventory-file.js';
import { plainTerms, updateCommand } from '../../../src/policy/rules/ansible/inventory-step.js';
import { tempDir, writeTree } from '../../helpers.js';
import { runPolicy } from './helpers.js';

const PLAY = (hosts: string) => `---\n- name: Ping\n  hosts: ${hosts}\n  gather_facts: false\n  tasks:\n    - name: Ping\n      ansible.builtin.ping:\n`;
const YAML_INV = 'all:\n  hosts:\n    nginx-proxy:\n  children:\n    proxy:\n      hosts:\n        nginx-proxy:\n';

describe('locating the Ansible inventory', () => {
  it('reads inventory = of [defaults] only', () => {
    expect(cfgInventory('[defaults]\nroles_path = x\ninventory = inv/a.yml, inv/b.ini\n')).toEqual(['inv/a.yml', 'inv/b.ini']);
    expect(cfgInventory('[ssh_connection]\ninventory = no\n')).toBeUndefined();
  });

  it('ansible.cfg wins over the conventional places; else the nearest folder holding one', () => {
    const root = tempDir();
    writeTree(root, { 'ansible/inventory/proxmox.yml': YAML_INV, 'ansible/playbooks/p.yml': PLAY('x'), 'hosts': '[web]\nweb-01\n' });
    const pb = path.join(root, 'ansible/playbooks/p.yml');
    expect(locateInventory(pb, root).display).toBe('ansible/inventory/proxmox.yml');
    writeFileSync(path.join(root, 'ansible/inventory/more.yml'), 'all: {}\n');
    expect(locateInventory(pb, root)).toMatchObject({ display: 'ansible/inventory', files: [path.join(root, 'ansible/inventory/more.yml'), path.join(root, 'ansible/inventory/proxmox.yml')] });
    writeFileSync(path.join(root, 'ansible.cfg'), '[defaults]\ninventory = hosts\n');
    expect(locateInventory(pb, root)).toMatchObject({ display: 'hosts', files: [path.join(root, 'hosts')] });
    expect(locateInventory(path.join(root, 'elsewhere.yml'), tempDir()).files).toEqual([]);
  });

  it('names hosts and groups of YAML and INI inventories; a plugin configuration or a script is unknown', () => {
    const dir = tempDir();
    writeTree(dir, { 'a.yml': YAML_INV, 'b.ini': '[db]\ndb-01 ansible_host=1.2.3.4\n[stack:children]\ndb\n[db:vars]\nx=1\n', 'c.yml': 'plugin: community.general.proxmox\n', 'd': '#!/bin/sh\necho {}\n' });
    const names = inventoryNames([path.join(dir, 'a.yml'), path.join(dir, 'b.ini')]);
    expect([...(names?.hosts ?? [])].sort()).toEqual(['db-01', 'nginx-proxy']);
    expect([...(names?.groups ?? [])].sort()).toEqual(['all', 'db', 'proxy', 'stack', 'ungrouped']);
    expect(inventoryNames([path.join(dir, 'a.yml'), path.join(dir, 'c.yml')])).toBeUndefined();
    chmodSync(path.join(dir, 'd'), 0o755);
    expect(inventoryNames([path.join(dir, 'd')])).toBeUndefined();
  });

  it('plain terms and the command to suggest', () => {
    expect(plainTerms('web:&db:!x,web-0*,~re.*,{{ t }},db[0:1]')).toEqual(['web', 'db', 'x', 'db']);
    expect(updateCommand('ansible/inventory/proxmox.yml')).toBe('iacgen new inventory --update');
    expect(updateCommand('ansible/inventory/lab.yml')).toBe('iacgen new inventory --update --name lab');
    expect(updateCommand('ansible/inventory')).toBe('iacgen new inventory --update');
  });
});

describe('ansible-inventory-out-of-step on a repository', () => {
  /** Findings of the two hosts rules on one playbook at ansible/playbooks/p.yml. */
  async function findings(hosts: string, files: Record<string, string>): Promise<string[]> {
    const root = tempDir();
    writeTree(root, { 'ansible/playbooks/p.yml': PLAY(hosts), ...files });
    mkdirSync(path.join(root, 'ansible/inventory'), { recursive: true });
    const found = await runPolicy(root, ['ansible/playbooks/p.yml'], { root });
    return found.filter((d) => d.rule.startsWith('ansible-')).map((d) => `${d.line} ${d.rule}: ${d.message}`);
  }

  it('reports a guest of iacgen.yaml the inventory lacks, once per name, on the hosts: line', async () => {
    expect(await findings('n8n:nginx-proxy:n8n', { 'ansible/inventory/proxmox.yml': YAML_INV })).toEqual([
      '3 ansible-inventory-out-of-step: inventory out of step: n8n is in iacgen.yaml but not in ansible/inventory/proxmox.yml; run iacgen new inventory --update',
    ]);
  });

  it('reports a group of iacgen.yaml the inventory lacks', async () => {
    expect(await findings('automation', { 'ansible/inventory/proxmox.yml': YAML_INV })).toHaveLength(1);
  });

  it('a name iacgen.yaml lacks is ansible-hosts-unknown only; a name both have is nothing', async () => {
    expect(await findings('nosuchguest', { 'ansible/inventory/proxmox.yml': YAML_INV })).toEqual([
      "3 ansible-hosts-unknown: hosts: 'nosuchguest' matches no guest or group of the inventory",
    ]);
    expect(await findings('nginx-proxy:proxy', { 'ansible/inventory/proxmox.yml': YAML_INV })).toEqual([]);
  });

  it('no inventory file, or a dynamic one: nothing to be out of step with', async () => {
    expect(await findings('n8n', {})).toEqual([]);
    expect(await findings('n8n', { 'ansible/inventory/proxmox.yml': 'plugin: community.general.proxmox\n' })).toEqual([]);
  });
});
