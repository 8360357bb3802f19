/**
 * `iacgen import` end to end, with the built CLI in real temporary git repositories and the
 * real checkers: the saved pvesh JSON fills `guests:` of a new iacgen.yaml (which then passes
 * `iacgen validate` and serves `new playbook --target`); the `ansible-inventory --list` JSON
 * (made by the real ansible-inventory, fixtures/import/ansible/make-list.sh) adds addresses and
 * groups; a re-import is unchanged; a changed guest is reported and written; a user's comments
 * survive; a bad JSON is exit 2 naming the file, nothing written.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { BIN, REPO_ROOT, haveTools, runCli, tempRepo, terminal } from '../helpers.js';

const FIXTURES = path.join(REPO_ROOT, 'fixtures', 'import');
const fixture = (name: string): string => path.join(FIXTURES, name);

interface Guest {
  id: number;
  type: string;
  name: string;
  address?: string;
  role?: string;
  groups?: string[];
  example?: boolean;
}

const guestsOf = (repo: string): Guest[] => (parse(readFileSync(path.join(repo, 'iacgen.yaml'), 'utf8')) as { guests: Guest[] }).guests;
const line = (g: Guest): string => `${g.type}${g.id} ${g.name} ${g.address ?? '-'} [${(g.groups ?? []).join(',')}]${g.role ? ` role=${g.role}` : ''}${g.example ? ' example' : ''}`;

describe('iacgen import', () => {
  it('fills guests: from the unfiltered pvesh /cluster/resources JSON; validate passes and new playbook targets an imported guest', async () => {
    const repo = tempRepo();
    const run = await runCli(['import', fixture('pvesh-cluster-resources-all.json'), '--yes'], repo);
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('(pvesh /cluster/resources): 9 guests');
    expect(run.stdout).toContain("check: name 'Home_Assistant' made a DNS label: home-assistant");
    expect(run.stdout).toContain('Summary: 9 added, 0 changed, 0 unchanged, 0 not in the import (kept), 0 removed');
    expect(guestsOf(repo).map(line)).toEqual([
      'vm101 monitoring-01 - [monitoring,prod]',
      'ct102 nginx-proxy - [proxy] role=proxy',
      'vm104 home-assistant - []',
      'vm109 web-01 - [prod,web]',
      'vm110 web-02 - [prod,web]',
      'ct113 n8n - [automation]',
      'ct230 pihole - [dns]',
      'template9000 debian-12-cloudinit - []',
      'template9100 alpine-3-20-base - []',
    ]);
    const config = parse(readFileSync(path.join(repo, 'iacgen.yaml'), 'utf8')) as { proxmox: { node: string } };
    expect(config.proxmox.node).toBe('pve1');

    const validate = await runCli(['validate', '--no-cache', 'iacgen.yaml'], repo);
    expect(validate.exitCode, validate.stdout + validate.stderr).toBe(0);
    expect(validate.stdout).toMatch(/0 errors, 0 warnings/);

    const made = await runCli(['new', 'playbook', '--service', 'nginx', '--target', 'pihole', '--yes'], repo);
    expect(made.exitCode, made.stdout + made.stderr).toBe(0);
    expect(made.stdout).not.toContain('embedded reference homelab');
    expect(made.stdout).toContain('pihole');
  });

  it('adds addresses and groups from ansible-inventory --list JSON, and a re-import is unchanged', async () => {
    const repo = tempRepo();
    expect((await runCli(['import', fixture('pvesh-cluster-resources.json'), '--yes'], repo)).exitCode).toBe(0);
    const run = await runCli(['import', fixture('ansible-inventory-list.json'), '--yes'], repo);
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('host pve1 (');
    expect(run.stdout).toContain('in proxmox_nodes: a Proxmox node, not a guest');
    expect(run.stdout).toMatch(/^ {6}address: none -> 192\.168\.2\.53$/m);
    expect(run.stdout).toContain('Summary: 1 added, 4 changed, 0 unchanged, 5 not in the import (kept), 0 removed');
    const byId = new Map(guestsOf(repo).map((g) => [g.id, line(g)]));
    expect(byId.get(101)).toBe('vm101 monitoring-01 192.168.2.114 [monitoring,prod]');
    expect(byId.get(102)).toBe('ct102 nginx-proxy 192.168.2.101 [proxy] role=proxy');
    expect(byId.get(109)).toBe('vm109 web-01 192.168.2.121 [prod,web,webservers]');
    expect(byId.get(230)).toBe('ct230 pihole 192.168.2.53 [dns]');
    // Not a Proxmox guest (no proxmox_vmid): its VMID is invented and said.
    expect(byId.get(90001)).toBe('vm90001 nas-01 192.168.2.50 [storage] example');
    // The plugin's own groups (proxmox_all_qemu, proxmox_pve1_lxc, ...) are not guest groups.
    expect(readFileSync(path.join(repo, 'iacgen.yaml'), 'utf8')).not.toContain('proxmox_all');

    const before = readFileSync(path.join(repo, 'iacgen.yaml'), 'utf8');
    const again = await runCli(['import', fixture('pvesh-cluster-resources.json'), fixture('ansible-inventory-list.json'), '--yes'], repo);
    expect(again.exitCode, again.stderr).toBe(0);
    expect(again.stdout).toContain('Summary: 0 added, 0 changed, 10 unchanged, 0 not in the import (kept), 0 removed');
    expect(again.stdout).toContain('Nothing to write: iacgen.yaml already says this.');
    expect(readFileSync(path.join(repo, 'iacgen.yaml'), 'utf8')).toBe(before);
    const validate = await runCli(['validate', '--no-cache', 'iacgen.yaml'], repo);
    expect(validate.exitCode, validate.stdout + validate.stderr).toBe(0);
  });

  it("reports a changed guest, keeps the user's comments and order, dry-run writes nothing, --prune removes", async () => {
    const own = [
      '---',
      '# My homelab. Edited by hand.',
      'exclude: ["vendor/**"]  # keep vendored roles out',
      'proxmox:',
      '  node: pve1',
      '  api: https://192.168.2.200:8006/',
      'guests:',
      '  # the reverse proxy, keep it first',
      '  - id: 102',
      '    type: vm',
      '    name: old-proxy',
      '    address: 192.168.2.101',
      '    description: my own words',
      '  - id: 777',
      '    type: ct',
      '    name: gone',
      'rules:',
      '  sets: [defects]',
      '',
    ].join('\n');
    const repo = tempRepo({ 'iacgen.yaml': own });
    const dry = await runCli(['import', fixture('pvesh-cluster-resources.json'), '--dry-run'], repo);
    expect(dry.exitCode, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/^ {2}changed {3}CT 102 nginx-proxy \(192\.168\.2\.101\) \[proxy\] on pve1$/m);
    expect(dry.stdout).toMatch(/^ {6}name: old-proxy -> nginx-proxy$/m);
    expect(dry.stdout).toMatch(/^ {6}type: vm -> ct$/m);
    expect(dry.stdout).toMatch(/^ {2}kept {6}CT 777 gone \(address unknown\): not in the import$/m);
    expect(dry.stdout).toMatch(/^-    name: old-proxy$/m);
    expect(dry.stdout).toMatch(/^\+    name: nginx-proxy$/m);
    // Only the changed guest and the added ones are in the diff: the rest keeps its bytes.
    expect(dry.stdout).not.toMatch(/^[-+](exclude|rules|proxmox|  # the reverse)/m);
    expect(readFileSync(path.join(repo, 'iacgen.yaml'), 'utf8')).toBe(own);

    const run = await runCli(['import', fixture('pvesh-cluster-resources.json'), '--yes', '--json'], repo);
    expect(run.exitCode, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as { written: boolean; counts: Record<string, number>; guests: Array<{ action: string; id: number; changes: Array<{ field: string }> }> };
    expect(report.written).toBe(true);
    expect(report.counts).toEqual({ add: 8, change: 1, unchanged: 0, keep: 1, remove: 0 });
    expect(report.guests.find((g) => g.id === 102)?.changes.map((c) => c.field)).toEqual(['name', 'type', 'groups', 'role']);
    const text = readFileSync(path.join(repo, 'iacgen.yaml'), 'utf8');
    for (const kept of ['# My homelab. Edited by hand.\nexclude: ["vendor/**"]  # keep vendored roles out\nproxmox:', '  # the reverse proxy, keep it first\n  - id: 102', 'description: my own words', 'rules:\n  sets: [defects]\n']) expect(text).toContain(kept);
    expect(text.indexOf('exclude:')).toBeLessThan(text.indexOf('proxmox:'));
    expect(text.indexOf('guests:')).toBeLessThan(text.indexOf('rules:'));
    expect(guestsOf(repo).slice(0, 2).map(line)).toEqual(['ct102 nginx-proxy 192.168.2.101 [proxy] role=proxy', 'ct777 gone - []']);
    const validate = await runCli(['validate', '--no-cache', 'iacgen.yaml'], repo);
    expect(validate.exitCode, validate.stdout + validate.stderr).toBe(0);

    const pruned = await runCli(['import', fixture('pvesh-cluster-resources.json'), '--prune', '--yes'], repo);
    expect(pruned.exitCode, pruned.stderr).toBe(0);
    expect(pruned.stdout).toMatch(/^ {2}removed {3}CT 777 gone \(address unknown\): not in the import$/m);
    expect(guestsOf(repo).map((g) => g.id)).not.toContain(777);
    expect(readFileSync(path.join(repo, 'iacgen.yaml'), 'utf8')).toContain('# the reverse proxy, keep it first');
  });

  it('reads a terraform show -json state and a /nodes/<node>/lxc listing', async () => {
    const repo = tempRepo();
    const run = await runCli(['import', fixture('terraform-show.json'), fixture('pvesh-nodes-pve2-lxc.json'), '--yes'], repo);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toContain('(terraform show -json (bpg/proxmox)): 3 guests');
    expect(run.stdout).toContain('(pvesh /nodes/<node>/qemu|lxc listing): 2 guests');
    expect(guestsOf(repo).map(line)).toEqual([
      'vm111 db-01 192.168.2.131 [db,prod]',
      'ct230 pihole 192.168.2.53 [dns,terraform]',
      'ct231 uptime-kuma - [monitoring]',
      'template9001 ubuntu-24-04-template - []',
      'template9100 alpine-3-20-base - []',
    ]);
    const validate = await runCli(['validate', '--no-cache', 'iacgen.yaml'], repo);
    expect(validate.exitCode, validate.stdout + validate.stderr).toBe(0);
  });

  it('refuses a bad JSON and an unknown shape with exit 2, naming the file and the reason; nothing written', async () => {
    const repo = tempRepo();
    writeFileSync(path.join(repo, 'broken.json'), '[{"vmid": 101,');
    writeFileSync(path.join(repo, 'other.json'), '{"items": [1, 2]}');
    const broken = await runCli(['import', fixture('pvesh-cluster-resources.json'), 'broken.json'], repo);
    expect(broken.exitCode).toBe(2);
    expect(broken.stderr).toMatch(/broken\.json: is not JSON: /);
    expect(broken.stderr).toContain('pvesh get /cluster/resources --type vm --output-format json');
    const other = await runCli(['import', 'other.json'], repo);
    expect(other.exitCode).toBe(2);
    expect(other.stderr).toContain("other.json: is JSON, but not a shape iacgen import knows (an object with keys items)");
    expect(other.stderr).toContain('ansible-inventory -i <inventory> --list');
    expect(existsSync(path.join(repo, 'iacgen.yaml'))).toBe(false);
  });

  it.skipIf(!haveTools('tmux'))('asks at a terminal before writing; no writes nothing', async () => {
    const repo = tempRepo();
    const term = await terminal(repo, `node ${BIN} import ${fixture('pvesh-cluster-resources.json')}`);
    await term.waitFor('Write iacgen.yaml?');
    await term.keys('n', 'Enter');
    const screen = await term.waitFor('IACGEN_EXIT=0');
    expect(screen).toContain('Nothing was written.');
    expect(existsSync(path.join(repo, 'iacgen.yaml'))).toBe(false);
    const again = await terminal(repo, `node ${BIN} import ${fixture('pvesh-cluster-resources.json')}`);
    await again.waitFor('Write iacgen.yaml?');
    await again.keys('Enter');
    await again.waitFor('IACGEN_EXIT=0');
    expect(guestsOf(repo)).toHaveLength(9);
  });
});
