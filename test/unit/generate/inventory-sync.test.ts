/**
 * inventory-sync: merging what iacgen.yaml derives into an existing Ansible YAML inventory on the
 * document (hosts, group memberships, owned variables), keeping everything else byte for byte
 * where it is not touched; and the plan rows `new` gets from it.
 */
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { deriveInventory, mergeInventory, syncInventory } from '../../../src/generate/inventory-sync/index.js';
import type { PlannedFile } from '../../../src/generate/plan.js';

/** What the by-role template renders for nginx-proxy (proxy) and pihole (dns, group lan). */
const RENDERED = `all:
  hosts:
    nginx-proxy:
      ansible_host: "192.168.2.111"
      proxmox_vmid: 102
      proxmox_guest_type: ct
    pihole:
      ansible_host: "192.168.2.230"
      proxmox_vmid: 230
      proxmox_guest_type: ct
  children:
    web: {}
    proxy:
      hosts:
        nginx-proxy:
    dns:
      hosts:
        pihole:
    lan:
      hosts:
        pihole:
`;

/** A user's inventory: written before pihole, with a comment, vars, an extra host and an inline comment. */
const EXISTING = `# my inventory
all:
  vars:
    ansible_user: admin   # the SSH user
  hosts:
    nginx-proxy:
      ansible_host: "192.168.2.101"
      proxmox_vmid: 102
      proxmox_guest_type: ct
    extra-box:
      ansible_host: 10.9.9.9
  children:
    # role web: no guest has it yet
    web: {}
    # role proxy
    proxy:
      hosts:
        nginx-proxy:
    # my own group
    mine:
      hosts:
        extra-box:
`;

describe('deriveInventory', () => {
  it('reads hosts with their variables and the groups that have hosts', () => {
    const derived = deriveInventory(RENDERED);
    expect(derived.hosts.map((h) => h.name)).toEqual(['nginx-proxy', 'pihole']);
    expect(derived.hosts[1]?.vars).toEqual({ ansible_host: '192.168.2.230', proxmox_vmid: 230, proxmox_guest_type: 'ct' });
    expect([...derived.groups]).toEqual([['proxy', ['nginx-proxy']], ['dns', ['pihole']], ['lan', ['pihole']]]);
  });

  it('throws on a rendering without all:', () => {
    expect(() => deriveInventory('web:\n  hosts: {}\n')).toThrow(/no all: group/);
  });
});

describe('mergeInventory', () => {
  it('one target: adds the host under all.hosts and into its groups, touching nothing else', () => {
    const merged = mergeInventory(EXISTING, deriveInventory(RENDERED), { only: 'pihole' });
    expect(merged?.changes).toEqual(['adds host pihole', 'adds group dns with pihole', 'adds group lan with pihole']);
    const content = merged?.content ?? '';
    // Everything of the old file is still there, line for line and in order (only additions).
    const added = content.split('\n');
    let at = 0;
    for (const line of EXISTING.split('\n')) {
      at = added.indexOf(line, at);
      expect(at, line).toBeGreaterThanOrEqual(0);
    }
    expect(content).toContain('    pihole:\n      ansible_host: "192.168.2.230"\n      proxmox_vmid: 230\n      proxmox_guest_type: ct\n');
    expect(content).toContain('    dns:\n      hosts:\n        pihole:\n');
    // The old address is not touched in the one-target mode.
    expect(content).toContain('ansible_host: "192.168.2.101"');
    const data = parse(content);
    expect(data.all.children.lan.hosts).toHaveProperty('pihole');
  });

  it('one target already in the file (any group): nothing changes, the text is returned as is', () => {
    const merged = mergeInventory(EXISTING, deriveInventory(RENDERED), { only: 'nginx-proxy' });
    expect(merged).toEqual({ content: EXISTING, changes: [], kept: [] });
  });

  it('whole inventory: adds, updates the owned variables, reports hosts iacgen.yaml lacks as kept', () => {
    const merged = mergeInventory(EXISTING, deriveInventory(RENDERED));
    expect(merged?.changes).toEqual([
      'updates ansible_host of nginx-proxy: 192.168.2.101 -> 192.168.2.111',
      'adds host pihole',
      'adds group dns with pihole',
      'adds group lan with pihole',
    ]);
    expect(merged?.kept).toEqual(['extra-box']);
    const content = merged?.content ?? '';
    expect(content).toContain('ansible_host: "192.168.2.111"');
    expect(content).toContain('    ansible_user: admin   # the SSH user\n');
    expect(content).toContain('    # my own group\n    mine:\n      hosts:\n        extra-box:\n');
    expect(content).toContain('    # role proxy\n    proxy:\n');
    // Merging again changes nothing.
    expect(mergeInventory(content, deriveInventory(RENDERED))?.changes).toEqual([]);
  });

  it('adds a membership to an empty flow group and creates all.hosts and all.children when missing', () => {
    const rendered = 'all:\n  hosts:\n    a:\n      proxmox_vmid: 300\n  children:\n    web:\n      hosts:\n        a:\n';
    const fromWeb = mergeInventory('all:\n  children:\n    web: {}\n', deriveInventory(rendered));
    expect(fromWeb?.content).toBe('all:\n  children:\n    web:\n      hosts:\n        a:\n  hosts:\n    a:\n      proxmox_vmid: 300\n');
    const fromNothing = mergeInventory('all: {}\n', deriveInventory(rendered));
    expect(parse(fromNothing?.content ?? '')).toEqual({ all: { hosts: { a: { proxmox_vmid: 300 } }, children: { web: { hosts: { a: null } } } } });
  });

  it('sets the variables of a host written only as a member (old playbook layout)', () => {
    const old = 'all:\n  children:\n    proxy:\n      hosts:\n        nginx-proxy:\n          proxmox_vmid: 99\n';
    const merged = mergeInventory(old, deriveInventory(RENDERED));
    expect(merged?.changes).toContain('updates proxmox_vmid of nginx-proxy: 99 -> 102');
    expect(merged?.changes).toContain('sets ansible_host of nginx-proxy to 192.168.2.111');
    expect(parse(merged?.content ?? '').all.children.proxy.hosts['nginx-proxy']).toEqual({ proxmox_vmid: 102, ansible_host: '192.168.2.111' });
  });

  it('leaves a file alone that is not a YAML inventory with all:', () => {
    expect(mergeInventory('[web]\nweb-01\n', deriveInventory(RENDERED))).toBeUndefined();
    expect(mergeInventory('all: [\n', deriveInventory(RENDERED))).toBeUndefined();
    expect(mergeInventory('web:\n  hosts: {}\n', deriveInventory(RENDERED))).toBeUndefined();
  });
});

describe('syncInventory', () => {
  const row = (action: PlannedFile['action'], current: string): PlannedFile => ({
    file: { key: 'inventory', relPath: 'ansible/inventory/proxmox.yml', content: RENDERED, mode: 0o644, ifExists: 'keep' },
    action,
    current,
    ...(action === 'skip' ? { reason: 'exists; left alone' } : {}),
  });

  it('playbook: a kept inventory without the target becomes an update with what it adds', () => {
    const [out] = syncInventory([row('skip', EXISTING)], { generator: 'playbook', target: 'pihole', update: false });
    expect(out?.action).toBe('update');
    expect(out?.reason).toBe('adds host pihole; adds group dns with pihole; adds group lan with pihole');
    expect(out?.file.content).toContain('pihole');
  });

  it('playbook: a kept inventory with the target stays skipped', () => {
    const [out] = syncInventory([row('skip', EXISTING)], { generator: 'playbook', target: 'nginx-proxy', update: false });
    expect(out).toEqual(row('skip', EXISTING));
  });

  it('inventory: a conflict stays a conflict without --update, becomes an update with it', () => {
    expect(syncInventory([row('conflict', EXISTING)], { generator: 'inventory', update: false })[0]?.action).toBe('conflict');
    const [out] = syncInventory([row('conflict', EXISTING)], { generator: 'inventory', update: true });
    expect(out?.action).toBe('update');
    expect(out?.reason).toMatch(/; kept: not in iacgen\.yaml: extra-box$/);
  });

  it('inventory --update on a file in step: unchanged, saying so', () => {
    const inStep = mergeInventory(EXISTING, deriveInventory(RENDERED))?.content ?? '';
    const [out] = syncInventory([row('conflict', inStep)], { generator: 'inventory', update: true });
    expect(out).toMatchObject({ action: 'unchanged', reason: 'in step with iacgen.yaml; kept: not in iacgen.yaml: extra-box' });
  });

  it('an unreadable inventory keeps its action, with the reason', () => {
    const [out] = syncInventory([row('skip', '[web]\nweb-01\n')], { generator: 'role', target: 'pihole', update: false });
    expect(out?.action).toBe('skip');
    expect(out?.reason).toContain('not a YAML inventory with an all: group');
  });
});

it('one target already in the file but not in its groups: left alone (new inventory --update adds memberships)', () => {
  const own = 'all:\n  hosts:\n    nginx-proxy:\n      ansible_host: 10.1.1.1\n';
  expect(mergeInventory(own, deriveInventory(RENDERED), { only: 'nginx-proxy' })).toEqual({ content: own, changes: [], kept: [] });
  expect(mergeInventory(own, deriveInventory(RENDERED))?.changes).toContain('adds group proxy with nginx-proxy');
});
