/**
 * The proposal: Terraform guests and Ansible hosts merged by name or address, invented values
 * (IDs, kinds, node) marked with example: true and a check, names made DNS labels, group names
 * iacgen cannot hold left out with a check, the control machine left out; `paths:` from the
 * folders there; the rendered iacgen.yaml loads with the real loaders.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { propose, toDnsLabel } from '../../../src/init/propose.js';
import { proposePaths, findInventorySources, cfgInventory } from '../../../src/init/paths.js';
import { renderConfig } from '../../../src/init/render.js';
import { loadInventory } from '../../../src/inventory/load.js';
import { loadConfig } from '../../../src/config/load.js';
import type { ResolvedHost } from '../../../src/init/inventory-model.js';
import type { TerraformFindings } from '../../../src/init/terraform-guests.js';
import { tempDir, writeTree } from '../../helpers.js';

const ROOT = '/repo';
const host = (name: string, line: number, groups: string[], ansibleHost?: string, connection?: string): ResolvedHost => ({
  name,
  file: '/repo/hosts.ini',
  line,
  groups,
  ...(ansibleHost ? { ansibleHost } : {}),
  ...(connection ? { connection } : {}),
});
const TERRAFORM: TerraformFindings = {
  guests: [
    { file: '/repo/tf/main.tf', line: 10, address: 'proxmox_virtual_environment_vm.web', kind: 'vm', vmId: 109, name: 'web-01', node: 'serviceslab', ipv4: '192.168.2.109', tags: ['web', 'Bad-Tag'] },
    { file: '/repo/tf/ct.tofu', line: 1, address: 'proxmox_virtual_environment_container.proxy', kind: 'ct', vmId: 102, name: 'Nginx_Proxy', tags: [] },
    { file: '/repo/tf/main.tf', line: 30, address: 'proxmox_virtual_environment_vm.floating', kind: 'vm', tags: [] },
  ],
  skipped: [{ file: '/repo/tf/k8s.tf', line: 4, address: 'proxmox_virtual_environment_vm.nodes', why: 'for_each: one guest per element' }],
  unparsable: [],
  endpoint: 'https://192.168.2.200:8006/',
};

describe('propose', () => {
  it('merges Terraform guests with Ansible hosts and marks what it invented', () => {
    const proposal = propose({
      root: ROOT,
      terraform: TERRAFORM,
      hosts: [
        host('web-01', 3, ['webservers', 'prod'], '192.168.2.109'),
        host('proxy.lab.example', 4, ['edge'], '192.168.2.101'),
        host('localhost', 5, [], undefined, 'local'),
        host('10.0.0.7', 6, ['docker-hosts']),
        host('pve1', 7, ['proxmox'], 'pve1.internal'),
      ],
    });
    expect(proposal.proxmox).toEqual({ node: 'serviceslab', api: 'https://192.168.2.200:8006/', checks: [] });
    const rows = proposal.guests.map((p) => [p.guest.id, p.guest.type, p.guest.name, p.guest.address, p.guest.groups.join(','), p.guest.example, p.sources.join(' ')]);
    expect(rows).toEqual([
      [109, 'vm', 'web-01', '192.168.2.109', 'web,webservers,prod', false, 'tf/main.tf:10 hosts.ini:3'],
      [102, 'ct', 'nginx-proxy', null, '', false, 'tf/ct.tofu:1'],
      [90001, 'vm', 'floating', null, '', true, 'tf/main.tf:30'],
      [90002, 'vm', 'proxy', '192.168.2.101', 'edge', true, 'hosts.ini:4'],
      [90003, 'vm', 'host-10-0-0-7', '10.0.0.7', '', true, 'hosts.ini:6'],
      [90004, 'vm', 'pve1', null, 'proxmox', true, 'hosts.ini:7'],
    ]);
    const checks = Object.fromEntries(proposal.guests.map((p) => [p.guest.name, p.checks.join(' / ')]));
    expect(checks['web-01']).toBe('tags not usable as group names left out: Bad-Tag');
    expect(checks['nginx-proxy']).toBe("name 'Nginx_Proxy' made a DNS label");
    expect(checks.floating).toMatch(/^the name is not a literal .* vm_id is not a literal in proxmox_virtual_environment_vm\.floating .*: invented$/);
    expect(checks['host-10-0-0-7']).toMatch(/^VMID and kind .*: invented \/ groups iacgen cannot name .* left out: docker-hosts \/ Ansible host '10\.0\.0\.7' named 'host-10-0-0-7'/);
    expect(checks.pve1).toMatch(/ansible_host is pve1\.internal, not an IPv4 address.* in group proxmox: maybe a Proxmox node/);
    expect(proposal.leftOut).toEqual([
      { what: 'proxmox_virtual_environment_vm.nodes', where: 'tf/k8s.tf:4', why: 'for_each: one guest per element' },
      { what: 'host localhost', where: 'hosts.ini:5', why: 'ansible_connection=local: the control machine, not a guest' },
    ]);
  });

  it('invents the node and API only when nothing says them, and says so', () => {
    const none: TerraformFindings = { guests: [], skipped: [], unparsable: [] };
    const plain = propose({ root: ROOT, terraform: none, hosts: [host('a', 1, ['g'])] });
    expect(plain.proxmox?.node).toBe('pve');
    expect(plain.proxmox?.api).toBe('https://pve.invalid:8006/');
    expect(plain.proxmox?.checks.join(' ')).toMatch(/node name not found.*invented.*API address not found/);
    const fromGroup = propose({ root: ROOT, terraform: none, hosts: [host('pve1.lab', 1, ['pve_nodes'], '10.0.0.2')] });
    expect([fromGroup.proxmox?.node, fromGroup.proxmox?.api]).toEqual(['pve1', 'https://10.0.0.2:8006/']);
    expect(propose({ root: ROOT, terraform: none, hosts: [host('localhost', 1, [], undefined, 'local')] })).toEqual({
      guests: [],
      leftOut: [{ what: 'host localhost', where: 'hosts.ini:1', why: 'ansible_connection=local: the control machine, not a guest' }],
    });
  });

  it('merges a host of several inventories: groups joined, every file:line named', () => {
    const none: TerraformFindings = { guests: [], skipped: [], unparsable: [] };
    const staging = { ...host('app', 9, ['staging'], '10.1.0.5'), file: '/repo/inventories/staging/hosts' };
    const proposal = propose({ root: ROOT, terraform: none, hosts: [host('app', 2, ['prod'], '10.0.0.5'), staging] });
    expect(proposal.guests.map((p) => [p.guest.name, p.guest.address, p.guest.groups.join(','), p.sources.join(' ')])).toEqual([
      ['app', '10.0.0.5', 'prod,staging', 'hosts.ini:2, inventories/staging/hosts:9'],
    ]);
  });

  it('makes DNS labels', () => {
    expect(['Home-Assistant', 'web_01', '<server_ip>', '---', 'a'.repeat(70)].map(toDnsLabel)).toEqual(['home-assistant', 'web-01', 'server-ip', '', 'a'.repeat(63)]);
  });
});

describe('paths and sources', () => {
  it('proposes paths: from the folders that exist', () => {
    const dir = tempDir();
    writeTree(dir, { 'ansible.cfg': '', 'tofu/main.tofu': '', 'docker/x/compose.yml': '', 'scripts/a.sh': '' });
    expect(proposePaths(dir).map((p) => `${p.kind}=${p.dir}${p.found ? '' : '?'}`)).toEqual(['ansible=.', 'terraform=tofu', 'compose=docker', 'scripts=scripts', 'config=config?']);
    const other = tempDir();
    writeTree(other, { 'ansible/site.yml': '', 'infra/proxmox/main.tf': '' });
    expect(proposePaths(other, [path.join(other, 'infra/proxmox/main.tf')]).map((p) => `${p.kind}=${p.dir}`).slice(0, 2)).toEqual(['ansible=ansible', 'terraform=infra/proxmox']);
  });

  it("finds inventories by name and by ansible.cfg's inventory =, each once", () => {
    const dir = tempDir();
    writeTree(dir, {
      'ansible.cfg': '[defaults]\nroles_path = roles\ninventory = inventories/prod/hosts.yml, missing.ini ; comment\n',
      'inventories/prod/hosts.yml': 'all: {}\n',
      'inventories/staging/hosts': '[g]\n',
      'hosts.ini': '[g]\n',
    });
    const { sources, ignored } = findInventorySources(dir);
    expect(sources.map((s) => `${path.relative(dir, s.path)} via ${s.via}`)).toEqual(['inventories/prod/hosts.yml via ansible.cfg', 'hosts.ini via name', 'inventories/staging/hosts via name']);
    expect(ignored).toEqual([{ named: 'missing.ini', via: 'ansible.cfg', why: 'does not exist' }]);
    expect(cfgInventory('[ssh_connection]\ninventory = no\n')).toEqual([]);
  });
});

describe('render', () => {
  it('writes an iacgen.yaml that the config and inventory loaders accept, with sources and checks as comments', () => {
    const proposal = propose({ root: ROOT, terraform: TERRAFORM, hosts: [host('db', 2, ['db'], '192.168.2.111')] });
    const dir = tempDir();
    const text = renderConfig(proposal, proposePaths(dir), ['hosts.ini', 'tf/main.tf']);
    writeFileSync(path.join(dir, 'iacgen.yaml'), text);
    const { inventory, source } = loadInventory(dir);
    expect(source.kind).toBe('file');
    expect(inventory.guests.map((g) => `${g.type}${g.id} ${g.name}`)).toEqual(['vm109 web-01', 'ct102 nginx-proxy', 'vm90001 floating', 'vm90002 db']);
    expect(loadConfig(dir).settings.rules.sets).toEqual(['defects', 'house']);
    expect(text).toContain('  # db: from hosts.ini:2\n  # check: VMID and kind (VM or CT) are not in the Ansible inventory: invented\n  - id: 90002\n');
  });

  it('with no guest, writes no inventory (a commented example): the embedded default still serves new', () => {
    const dir = tempDir();
    const text = renderConfig({ guests: [], leftOut: [] }, proposePaths(dir), []);
    expect(text).not.toMatch(/^(guests|proxmox):/m);
    expect(text).toMatch(/^# guests:$/m);
    writeFileSync(path.join(dir, 'iacgen.yaml'), text);
    expect(loadInventory(dir).source.kind).toBe('default');
    expect(loadConfig(dir).settings.paths.ansible).toBe('ansible');
  });
});
