/** The readers of `iacgen import`: each fixture recognised by its shape, with the facts it holds. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/errors.js';
import { readImportFile } from '../../../src/import/read.js';
import { readTags } from '../../../src/import/tags.js';
import { REPO_ROOT } from '../../helpers.js';

const FIXTURES = path.join(REPO_ROOT, 'fixtures', 'import');
const read = (name: string) => readImportFile(name, FIXTURES);
const brief = (g: { id?: number; type?: string; rawName: string; node?: string; address?: string; groups?: string[]; role?: string }) =>
  `${g.type ?? '?'}${g.id ?? '?'} ${g.rawName} ${g.node ?? '-'} ${g.address ?? '-'} [${(g.groups ?? []).join(',')}]${g.role ? ` role=${g.role}` : ''}`;

describe('readImportFile', () => {
  it('reads /cluster/resources guests, templates as templates, and ignores node/storage/sdn/pool rows', () => {
    const all = read('pvesh-cluster-resources-all.json');
    const vms = read('pvesh-cluster-resources.json');
    expect(all.format).toBe('pvesh-resources');
    expect(all.guests.map(brief)).toEqual(vms.guests.map(brief));
    expect(vms.guests.map(brief)).toEqual([
      'vm101 monitoring-01 pve1 - [monitoring,prod]',
      'ct102 nginx-proxy pve1 - [proxy] role=proxy',
      'vm104 Home_Assistant pve2 - []',
      'vm109 web-01 pve2 - [prod,web]',
      'vm110 web-02 pve3 - [prod,web]',
      'ct113 n8n pve3 - [automation]',
      'ct230 pihole pve1 - [dns]',
      'template9000 debian-12-cloudinit pve1 - []',
      'template9100 alpine-3.20-base pve2 - []',
    ]);
  });

  it('tells a qemu listing (no type) from an lxc listing (type lxc)', () => {
    expect(read('pvesh-nodes-pve1-qemu.json').guests.map(brief)).toEqual(['vm101 monitoring-01 - - [monitoring,prod]', 'template9000 debian-12-cloudinit - - []']);
    const lxc = read('pvesh-nodes-pve2-lxc.json');
    expect(lxc.format).toBe('pvesh-listing');
    expect(lxc.guests.map(brief)).toEqual(['template9100 alpine-3.20-base - - []', 'ct231 uptime-kuma - - [monitoring]']);
  });

  it('reads ansible-inventory --list: plugin facts, implied groups without the plugin groups, nodes left out', () => {
    const inv = read('ansible-inventory-list.json');
    expect(inv.format).toBe('ansible-inventory');
    expect(inv.guests.map(brief).sort()).toEqual([
      '?? nas-01 - 192.168.2.50 [storage]',
      'ct102 nginx-proxy pve1 192.168.2.101 [proxy]',
      'ct230 pihole pve1 192.168.2.53 [dns]',
      'vm101 monitoring-01 pve1 192.168.2.114 [monitoring,prod]',
      'vm109 web-01 pve2 192.168.2.121 [webservers,prod,web]',
    ]);
    expect(inv.skipped).toEqual([expect.objectContaining({ what: 'host pve1', why: expect.stringContaining('proxmox_nodes') })]);
  });

  it('reads bpg/proxmox guests of terraform show -json, child modules too; an empty state has none', () => {
    const state = read('terraform-show.json');
    expect(state.format).toBe('terraform-state');
    expect(state.guests.map(brief)).toEqual([
      'ct230 pihole pve1 192.168.2.53 [dns,terraform]',
      'vm111 db-01 pve2 192.168.2.131 [db,prod]',
      'template9001 ubuntu-24-04-template pve2 - []',
    ]);
    const dir = mkdtempSync(path.join(tmpdir(), 'iacgen-import-'));
    writeFileSync(path.join(dir, 'empty.json'), '{"format_version":"1.0"}\n');
    const empty = readImportFile('empty.json', dir);
    expect(empty.guests).toEqual([]);
    expect(empty.skipped[0]?.why).toContain('before the first terraform apply');
  });

  it('refuses what is not JSON or not a known shape, naming the file', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'iacgen-import-'));
    writeFileSync(path.join(dir, 'table.txt'), '┌──────┬─────┐\n│ id   │ name│\n');
    writeFileSync(path.join(dir, 'odd.json'), '[1, 2, 3]');
    expect(() => readImportFile('table.txt', dir)).toThrow(ConfigError);
    expect(() => readImportFile('table.txt', dir)).toThrow(/^table\.txt: is not JSON/);
    expect(() => readImportFile('odd.json', dir)).toThrow(/^odd\.json: is JSON, but not a shape iacgen import knows \(an array of 3 item\(s\), the first number\)/);
    expect(() => readImportFile('missing.json', dir)).toThrow(/^missing\.json: cannot be read: ENOENT/);
    writeFileSync(path.join(dir, 'empty.json'), '');
    expect(() => readImportFile('empty.json', dir)).toThrow(/^empty\.json: is empty$/);
  });
});

describe('readTags', () => {
  it('makes groups of valid group names, a role of role-<name>, and notes the rest', () => {
    expect(readTags('web;prod;role-proxy;k8s-node;Mixed')).toEqual({ groups: ['web', 'prod', 'mixed'], role: 'proxy', notes: ['tags not usable as Ansible group names left out: k8s-node'] });
    expect(readTags(['db', 'db'])).toEqual({ groups: ['db'], notes: [] });
    expect(readTags(undefined)).toEqual({ groups: [], notes: [] });
  });
});
