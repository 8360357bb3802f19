/**
 * `iacgen init` end to end, with the built CLI in real temporary git repositories: an existing
 * repository's INI inventory and bpg/proxmox Terraform become the guests of the iacgen.yaml it
 * writes (which then loads for `new` and `validate`); a repository with nothing gets no example
 * guests; an existing iacgen.yaml is left alone; a broken inventory is exit 2 with file:line;
 * at a terminal it asks before writing.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { BIN, haveTools, runCli, tempRepo, terminal } from '../helpers.js';

const HOSTS_INI = `# the homelab
[webservers]
web-01 ansible_host=192.168.2.109
web-02 ansible_host=192.168.2.110

[db]
db-01 ansible_host=192.168.2.111

[homelab:children]
webservers
db
`;

const MAIN_TF = `terraform {
  required_providers {
    proxmox = { source = "bpg/proxmox" }
  }
}

resource "proxmox_virtual_environment_container" "proxy" {
  node_name = "serviceslab"
  vm_id     = 102
  tags      = ["proxy"]

  initialization {
    hostname = "nginx-proxy"
    ip_config {
      ipv4 {
        address = "192.168.2.101/24"
      }
    }
  }
}

resource "proxmox_virtual_environment_vm" "web" {
  name      = "web-01"
  node_name = "serviceslab"
  vm_id     = 109
}
`;

const SITE = '---\n- name: Configure the web servers\n  hosts: webservers:db:homelab\n  tasks:\n    - name: Ping\n      ansible.builtin.ping:\n';

interface Guest {
  id: number;
  type: string;
  name: string;
  address?: string;
  groups?: string[];
  example?: boolean;
}

describe('iacgen init', () => {
  it('proposes the guests of an INI inventory and a bpg .tf, writes them without a terminal, and the file loads', async () => {
    const repo = tempRepo({ 'ansible/inventory/hosts.ini': HOSTS_INI, 'terraform/main.tf': MAIN_TF, 'ansible/site.yml': SITE });
    const run = await runCli(['init'], repo);
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('Ansible inventory ansible/inventory/hosts.ini (INI): 3 hosts, 3 groups');
    expect(run.stdout).toContain('Terraform/OpenTofu: 1 .tf/.tofu file, 2 bpg/proxmox guest resources in 1 file');
    expect(run.stdout).toMatch(/^ {2}CT 102 nginx-proxy \(192\.168\.2\.101\) \[proxy\] {2}from terraform\/main\.tf:7$/m);
    expect(run.stdout).toMatch(/^ {2}VM 109 web-01 \(192\.168\.2\.109\) \[homelab, webservers\] {2}from terraform\/main\.tf:22, ansible\/inventory\/hosts\.ini:3$/m);
    expect(run.stdout).toMatch(/^ {2}VM 90001 web-02 \(192\.168\.2\.110\) \[homelab, webservers\] {2}from ansible\/inventory\/hosts\.ini:4 \(invented values: example: true\)$/m);
    expect(run.stdout).toContain('Proposed paths: ansible ansible, terraform terraform, compose compose (default)');
    expect(run.stdout).toMatch(/ {2}create {5}iacgen\.yaml\n/);
    expect(run.stdout).toContain("Next: run iacgen baseline to accept today's findings and fail only on new ones");

    const config = parse(readFileSync(path.join(repo, 'iacgen.yaml'), 'utf8')) as { proxmox: { node: string }; guests: Guest[]; paths: Record<string, string> };
    expect(config.proxmox.node).toBe('serviceslab');
    expect(config.guests.map((g) => `${g.type}${g.id} ${g.name} ${g.address ?? '-'} [${(g.groups ?? []).join(',')}]${g.example ? ' example' : ''}`)).toEqual([
      'ct102 nginx-proxy 192.168.2.101 [proxy]',
      'vm109 web-01 192.168.2.109 [homelab,webservers]',
      'vm90001 web-02 192.168.2.110 [homelab,webservers] example',
      'vm90002 db-01 192.168.2.111 [homelab,db] example',
    ]);
    expect(config.paths).toEqual({ ansible: 'ansible', terraform: 'terraform', compose: 'compose', scripts: 'scripts', config: 'config' });

    // The written file is the inventory `new` and `validate` use now.
    const dry = await runCli(['new', 'playbook', '--service', 'nginx', '--target', 'ct102', '--yes', '--dry-run'], repo);
    expect(dry.exitCode, dry.stderr).toBe(0);
    const json = await runCli(['new', 'playbook', '--service', 'nginx', '--target', 'ct102', '--yes', '--json'], repo);
    expect(json.exitCode, json.stderr + json.stdout).toBeLessThanOrEqual(1);
    expect(json.stdout).not.toContain('embedded reference homelab');
    expect(readFileSync(path.join(repo, 'ansible/inventory/proxmox.yml'), 'utf8')).toContain('192.168.2.101');
    const validate = await runCli(['validate', '--only', 'iacgen', '--no-cache', '--format', 'json', 'ansible/site.yml', 'terraform/main.tf'], repo);
    expect(validate.stderr).toBe('');
    const report = JSON.parse(validate.stdout) as { files: Array<{ path: string; diagnostics: Array<{ rule: string }> }> };
    const rules = report.files.flatMap((f) => f.diagnostics.map((d) => d.rule));
    expect(rules).not.toContain('ansible-hosts-unknown');
    expect(rules).not.toContain('tf-node-unknown');
    expect(rules).not.toContain('tf-vm-id-collision');
  });

  it('writes no example guests into a repository with nothing to import; new and validate still work', async () => {
    const repo = tempRepo({ 'scripts/run.sh': '#!/bin/bash\nset -euo pipefail\necho hi\n' });
    const run = await runCli(['init'], repo);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toContain('no Ansible inventory, no Terraform/OpenTofu file');
    expect(run.stdout).toContain('Proposed inventory: none (no guest found)');
    const text = readFileSync(path.join(repo, 'iacgen.yaml'), 'utf8');
    expect(text).not.toMatch(/example: true/);
    expect(text).not.toMatch(/^guests:/m);
    expect(text).not.toContain('nginx-proxy');
    const config = parse(text) as Record<string, unknown>;
    expect(Object.keys(config).sort()).toEqual(['paths', 'rules']);
    expect(config.paths).toMatchObject({ scripts: 'scripts' });

    const validate = await runCli(['validate', '--only', 'iacgen', '--no-cache'], repo);
    expect(validate.stderr).toBe('');
    expect(validate.exitCode, validate.stdout).toBe(0);
    // Without guests of its own, `new` takes its target from the embedded reference homelab, and says so.
    const dry = await runCli(['new', 'playbook', '--service', 'nginx', '--target', 'ct102', '--yes', '--dry-run'], repo);
    expect(dry.exitCode, dry.stderr).toBe(0);
    const plain = await runCli(['new', 'playbook', '--service', 'nginx', '--yes'], repo);
    expect(plain.stderr).toBe('');
    expect(plain.stdout).toContain('Targets come from the embedded reference homelab');
  });

  it('leaves an existing iacgen.yaml alone and says so', async () => {
    const own = 'exclude: []\n';
    const repo = tempRepo({ 'iacgen.yaml': own, 'hosts': '[g]\nh1 ansible_host=10.0.0.1\n' });
    const run = await runCli(['init'], repo);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toContain('Ansible inventory hosts (INI): 1 host, 1 group');
    expect(run.stdout).toContain('iacgen.yaml exists: left alone, the proposal above is not written');
    expect(run.stdout).toMatch(/ {2}skip {7}iacgen\.yaml \(exists; left alone\)/);
    expect(readFileSync(path.join(repo, 'iacgen.yaml'), 'utf8')).toBe(own);
  });

  it('stops with exit 2 and the file:line of an inventory ansible cannot read either; writes nothing', async () => {
    const repo = tempRepo({ 'inventories/prod/hosts.ini': '[web]\nweb-01 ansible_host\n' });
    const run = await runCli(['init'], repo);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/^iacgen: inventories\/prod\/hosts\.ini:2: Expected key=value host variable assignment, got: ansible_host\n/);
    expect(run.stderr).toContain('ansible-inventory -i FILE --list');
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(path.join(repo, 'iacgen.yaml'))).toBe(false);
  });

  it.skipIf(!haveTools('tmux'))('asks before writing at a terminal (no writes nothing), then offers the baseline', async () => {
    const repo = tempRepo({ 'hosts.yml': 'all:\n  hosts:\n    nas:\n      ansible_host: 192.168.2.50\n' });
    const term = await terminal(repo, `node ${BIN} init`);
    await term.waitFor('Write these 4 files?');
    await term.keys('n', 'Enter');
    const screen = await term.waitFor('IACGEN_EXIT=0');
    expect(screen).toContain('VM 90001 nas (192.168.2.50)  from hosts.yml:3 (invented values: example: true)');
    expect(screen).toContain('Nothing was written.');
    expect(existsSync(path.join(repo, 'iacgen.yaml'))).toBe(false);

    const again = await terminal(repo, `node ${BIN} init`);
    await again.waitFor('Write these 4 files?');
    await again.keys('Enter');
    // Then it offers the baseline (default no); yes records today's findings at once.
    await again.waitFor('Run iacgen baseline now');
    await again.keys('y', 'Enter');
    const last = await again.waitFor('IACGEN_EXIT=0');
    expect(readFileSync(path.join(repo, 'iacgen.yaml'), 'utf8')).toContain('name: nas');
    expect(last).toMatch(/wrote \.iacgen-baseline\.json: \d+ findings? in \d+ files?/);
    expect(existsSync(path.join(repo, '.iacgen-baseline.json'))).toBe(true);
  });
});
