/**
 * The YAML inventory reader and the choice of format: `all:`/`children:`/`hosts:`/`vars:`
 * nesting, ranges, lines of hosts, what is not a YAML inventory, and errors with file:line;
 * host_vars/group_vars files beside the inventory.
 */
import { describe, expect, it } from 'vitest';
import { parseYamlInventory, NotYamlInventory } from '../../../src/init/ansible-yaml.js';
import { readInventorySource } from '../../../src/init/ansible-inventory.js';
import { resolveHosts } from '../../../src/init/inventory-model.js';
import { ConfigError } from '../../../src/errors.js';
import { tempDir, writeTree } from '../../helpers.js';
import path from 'node:path';

const HOMELAB = `---
all:
  vars:
    ansible_user: admin
  children:
    proxmox:
      hosts:
        pve1:
          ansible_host: 10.0.0.10
    servers:
      children:
        web:
          hosts:
            web[1:2]:
              ansible_host: 10.0.0.20
        db:
          hosts:
            db1:
    semaphore:
      hosts:
        db1:
        pve1:
  hosts:
    lonely:
`;

describe('YAML inventory', () => {
  it('reads nested groups, hosts with their line, ranges and variables', () => {
    const inv = parseYamlInventory(HOMELAB, '/r/hosts.yml', 'hosts.yml');
    const hosts = resolveHosts(inv).map((h) => [h.name, h.line, h.groups.join(','), h.ansibleHost ?? '-']);
    expect(hosts).toEqual([
      ['pve1', 8, 'proxmox,semaphore', '10.0.0.10'],
      ['web1', 14, 'servers,web', '10.0.0.20'],
      ['web2', 14, 'servers,web', '10.0.0.20'],
      ['db1', 18, 'semaphore,servers,db', '-'],
      ['lonely', 24, '', '-'],
    ]);
    expect([...(inv.groups.get('ungrouped')?.hosts ?? [])]).toEqual(['lonely']);
  });

  it('says what is not a YAML inventory, so the INI reader may try', () => {
    expect(() => parseYamlInventory('', '/r/h', 'h')).toThrow(NotYamlInventory);
    expect(() => parseYamlInventory('[web]\nw1\n', '/r/h', 'h')).toThrow(NotYamlInventory);
    expect(() => parseYamlInventory('plugin: community.general.proxmox\n', '/r/h.yml', 'h.yml')).toThrow(/Plugin configuration/);
  });

  it('refuses a group that is not a mapping, naming file:line', () => {
    expect(() => parseYamlInventory('all:\n  children:\n    web: [a, b]\n', '/r/h.yml', 'h.yml')).toThrow(ConfigError);
    expect(() => parseYamlInventory('all:\n  children:\n    web: [a, b]\n', '/r/h.yml', 'h.yml')).toThrow(/^h\.yml:3: Invalid "web" entry/);
  });

  it('reads an INI file without extension, a YAML file with one, and host_vars/group_vars beside them', () => {
    const dir = tempDir();
    writeTree(dir, {
      'inv/hosts': '[web]\nw1\nw2 ansible_host=10.0.0.2\n',
      'inv/host_vars/w1.yml': 'ansible_host: 10.0.0.1\n',
      'inv/group_vars/web/main.yml': 'ansible_host: 10.0.0.99\n',
      'inv/host_vars/w2.yml': '$ANSIBLE_VAULT;1.1;AES256\n6162\n',
      'other/hosts.yml': 'all:\n  hosts:\n    a:\n',
    });
    const ini = readInventorySource(path.join(dir, 'inv/hosts'), dir);
    expect(ini?.format).toBe('ini');
    expect(ini?.hosts.map((h) => [h.name, h.ansibleHost])).toEqual([['w1', '10.0.0.1'], ['w2', '10.0.0.2']]);
    const yaml = readInventorySource(path.join(dir, 'other/hosts.yml'), dir);
    expect(yaml?.format).toBe('yaml');
    expect(yaml?.hosts.map((h) => h.name)).toEqual(['a']);
  });

  it('refuses a .yml file that is not a YAML inventory, naming the file', () => {
    const dir = tempDir();
    writeTree(dir, { 'hosts.yml': '- just\n- a list\n' });
    expect(() => readInventorySource(path.join(dir, 'hosts.yml'), dir)).toThrow(/^hosts\.yml:1: YAML inventory has invalid structure/);
    writeTree(dir, { 'broken.yml': 'all:\n  hosts:\n    a: {b: [}\n' });
    expect(() => readInventorySource(path.join(dir, 'broken.yml'), dir)).toThrow(/^broken\.yml:3: not YAML: /);
  });

  it('skips an inventory plugin configuration, and (found by a shared name) a file that is no inventory', () => {
    const dir = tempDir();
    writeTree(dir, {
      'inventory/proxmox.yml': 'plugin: community.general.proxmox\nurl: https://pve:8006\n',
      'inventory/static.yml': 'all:\n  hosts:\n    h1:\n',
      'hosts': '127.0.0.1 localhost\n::1 localhost ip6-localhost\n',
    });
    const folder = readInventorySource(path.join(dir, 'inventory'), dir);
    expect(folder.format).toBe('folder');
    expect(folder.hosts.map((h) => `${path.relative(dir, h.file)}:${h.line} ${h.name}`)).toEqual(['inventory/static.yml:3 h1']);
    expect(folder.skipped).toBe('left out: proxmox.yml: an inventory plugin configuration (plugin:): its hosts come from the plugin at run time');
    expect(readInventorySource(path.join(dir, 'hosts'), dir, { lenient: true }).skipped).toMatch(/reads as neither a YAML nor an INI inventory/);
    expect(() => readInventorySource(path.join(dir, 'hosts'), dir)).toThrow(/^hosts:1: Expected key=value host variable assignment, got: localhost/);
  });
});
