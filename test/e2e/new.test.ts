/**
 * `iacgen new playbook` end to end: the built CLI in real temporary git repositories, its output
 * checked with the real checkers run directly.
 */
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { composeV2, haveTools, runCli, tempDir, tempRepo } from '../helpers.js';

const CHECKERS = ['ansible-playbook', 'ansible-lint', 'yamllint'];
const ready = haveTools(...CHECKERS);
const PLAYBOOK = 'ansible/playbooks/nginx-config.yml';
const INVENTORY = 'ansible/inventory/proxmox.yml';

async function direct(cwd: string, command: string, args: string[]) {
  const result = await execa(command, args, { cwd, reject: false, stdin: 'ignore', env: { ANSIBLE_NOCOLOR: '1', NO_COLOR: '1' } });
  return { exitCode: result.exitCode, output: `${String(result.stdout)}\n${String(result.stderr)}` };
}

describe.skipIf(!ready)('iacgen new playbook (real checkers)', () => {
  it('writes a playbook and inventory that the real checkers accept, and validate passes', async () => {
    const repo = tempRepo();
    const run = await runCli(['new', 'playbook', '--target', 'ct102', '--service', 'nginx', '--yes'], repo);
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    const playbook = readFileSync(path.join(repo, PLAYBOOK), 'utf8');
    expect(playbook).toMatch(/^---\n# File: ansible\/playbooks\/nginx-config\.yml\n# Purpose: .+\n# Author: Test Operator\n# Date: \d{4}-\d{2}-\d{2}\n/);
    expect(playbook).toContain('hosts: nginx-proxy');
    expect(playbook).toMatch(/handlers:/);
    expect(playbook).not.toMatch(/^\s+(package|service|template|copy|apt):/m);
    const inventory = readFileSync(path.join(repo, INVENTORY), 'utf8');
    expect(inventory).toContain('nginx-proxy');
    expect(inventory).toContain('192.168.2.101');

    // The output names each file with its validation, the operator commands and the hand-off.
    expect(run.stdout).toContain(`${PLAYBOOK} (created)`);
    expect(run.stdout).toMatch(/validation: passed \(yamllint pass, ansible-syntax-check pass, ansible-lint pass, iacgen pass\)/);
    expect(run.stdout).toContain(`dry run: ansible-playbook -i ${INVENTORY} ${PLAYBOOK} --check --diff`);
    expect(run.stdout).toMatch(/Hand-off\n {2}artifact: .+\n {2}target: +CT 102 nginx-proxy \(192\.168\.2\.101\)\n {2}deploy: +ansible-playbook -i .+\n {2}pre-requisites: .+\n {2}rollback: .+nginx_state=absent/);

    // The real checkers, run directly, agree.
    const yamllint = await direct(repo, 'yamllint', ['-f', 'parsable', PLAYBOOK, INVENTORY]);
    expect(yamllint).toEqual({ exitCode: 0, output: '\n' });
    const syntax = await direct(repo, 'ansible-playbook', ['--syntax-check', '-i', INVENTORY, PLAYBOOK]);
    expect(syntax.exitCode, syntax.output).toBe(0);
    const lint = await direct(repo, 'ansible-lint', ['--offline', '--profile', 'production', PLAYBOOK]);
    expect(lint.exitCode, lint.output).toBe(0);

    const validate = await runCli(['validate'], repo);
    expect(validate.exitCode, validate.stdout).toBe(0);
    expect(validate.stdout).toMatch(/^passed: 2 files checked, 0 errors/m);
  });

  it.each(['node-exporter', 'docker', 'hardening'])('generates a valid %s playbook with --yes alone', async (service) => {
    const repo = tempRepo();
    const run = await runCli(['new', 'playbook', '--service', service, '--yes'], repo);
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    const validate = await runCli(['validate', '--strict'], repo);
    expect(validate.exitCode, validate.stdout).toBe(0);
  });

  it('leaves an existing inventory alone and refuses to overwrite a playbook without --force', async () => {
    const repo = tempRepo();
    const ownInventory = '---\nall:\n  hosts:\n    nginx-proxy:\n      ansible_host: 10.1.1.1\n';
    mkdirSync(path.join(repo, 'ansible/inventory'), { recursive: true });
    writeFileSync(path.join(repo, INVENTORY), ownInventory);
    const first = await runCli(['new', 'playbook', '--service', 'nginx', '--yes'], repo);
    expect(first.exitCode, first.stderr).toBe(0);
    expect(first.stdout).toContain(`${INVENTORY} (skipped: exists; left alone)`);
    expect(readFileSync(path.join(repo, INVENTORY), 'utf8')).toBe(ownInventory);

    const edited = `${readFileSync(path.join(repo, PLAYBOOK), 'utf8')}# my own edit\n`;
    writeFileSync(path.join(repo, PLAYBOOK), edited);
    const second = await runCli(['new', 'playbook', '--service', 'nginx', '--yes'], repo);
    expect(second.exitCode).toBe(1);
    expect(second.stderr).toContain(`${PLAYBOOK} already exists with other content`);
    expect(readFileSync(path.join(repo, PLAYBOOK), 'utf8')).toBe(edited);

    const forced = await runCli(['new', 'playbook', '--service', 'nginx', '--yes', '--force'], repo);
    expect(forced.exitCode).toBe(0);
    expect(readFileSync(path.join(repo, PLAYBOOK), 'utf8')).not.toContain('# my own edit');
  });

  it('uses the inventory of iacgen.yaml found above --dir', async () => {
    const repo = tempRepo({
      'iacgen.yaml': 'proxmox:\n  node: pve\n  api: https://10.0.0.2:8006/\nguests:\n  - {id: 300, type: ct, name: edge, address: 10.0.0.30, role: proxy}\n',
    });
    const run = await runCli(['new', 'playbook', '--service', 'nginx', '--yes', '--dir', '.'], repo);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toContain('CT 300 edge (10.0.0.30)');
    expect(readFileSync(path.join(repo, PLAYBOOK), 'utf8')).toContain('hosts: edge');
  });
});

describe('iacgen new playbook: bad input is exit 2 with a one-line error', () => {
  it.each([
    [['--target', 'ct999', '--service', 'nginx'], "iacgen: unknown target 'ct999' (--target): no such guest in the inventory"],
    [['--target', 'ct102', '--service', 'apache'], "iacgen: unknown service 'apache' (--service) of playbook"],
    [['--service', 'nginx', '--name', 'a/b'], "iacgen: invalid name 'a/b' (--name)"],
    [['--service', 'nginx', '--name', '..'], "iacgen: invalid name '..' (--name)"],
    [['--service', 'nginx', '--container-port', '80'], "error: unknown option '--container-port'"],
    [['--service', 'nginx', '--dir', 'missing-dir'], "iacgen: --dir 'missing-dir' is not a directory"],
  ])('%j', async (args, message) => {
    const repo = tempRepo();
    const run = await runCli(['new', 'playbook', ...args], repo);
    expect(run.exitCode).toBe(2);
    expect(run.stderr.split('\n')[0]).toContain(message);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(path.join(repo, 'ansible'))).toBe(false);
  });

  it('names the file, line and path of an invalid iacgen.yaml', async () => {
    const repo = tempRepo({ 'iacgen.yaml': 'proxmox:\n  node: pve\n  api: https://10.0.0.2:8006/\nguests:\n  - id: 5\n    type: ct\n    name: x\n' });
    const run = await runCli(['new', 'playbook', '--service', 'nginx', '--yes'], repo);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/^iacgen: iacgen\.yaml:5:\d+: guests\[0\]\.id: expected a number of at least 100, found 5$/m);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses a folder that is a symbolic link leading out of the repository', async () => {
    const repo = tempRepo();
    const outside = tempDir();
    mkdirSync(path.join(repo, 'ansible'));
    symlinkSync(outside, path.join(repo, 'ansible', 'playbooks'));
    const run = await runCli(['new', 'playbook', '--service', 'nginx', '--yes'], repo);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('a symbolic link leads outside the repository root');
    expect(existsSync(path.join(outside, 'nginx-config.yml'))).toBe(false);
  });
});

const OWN_INVENTORY = [
  'proxmox:\n  node: pve\n  api: https://10.0.0.2:8006/\nguests:',
  '  - {id: 300, type: ct, name: edge, address: 10.0.0.30, role: proxy}',
  '  - {id: 310, type: vm, name: prom, address: 10.0.0.31, role: monitoring}',
  '',
].join('\n');

const composeCommand = composeV2();

describe.skipIf(!composeCommand || !haveTools('shellcheck', 'ansible-playbook', 'ansible-lint', 'yamllint'))('iacgen new: the smaller frictions (issue 16)', () => {
  it('takes the default variant with --yes: new shell --name x --yes', async () => {
    const repo = tempRepo();
    const run = await runCli(['new', 'shell', '--name', 'x', '--yes'], repo);
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain('artifact:       Bash script scripts/shell/x.sh (Generic script');
    const shellcheck = await direct(repo, 'shellcheck', ['scripts/shell/x.sh']);
    expect(shellcheck.exitCode, shellcheck.output).toBe(0);
  });

  it('publishes the generic Compose service on its own container port and mounts the data path', async () => {
    const repo = tempRepo();
    const args = ['new', 'compose', '--service', 'generic', '--name', 'uptime-kuma', '--target', 'none', '--image', 'louislam/uptime-kuma:1.23.16'];
    const missing = await runCli([...args, '--yes'], repo);
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr.split('\n')[0]).toBe('iacgen: missing --container-port: no terminal to ask and no default');
    expect(existsSync(path.join(repo, 'compose'))).toBe(false);

    const run = await runCli([...args, '--container-port', '3001', '--data-path', '/app/data', '--yes'], repo);
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    const file = 'compose/uptime-kuma/compose.yaml';
    const compose = readFileSync(path.join(repo, file), 'utf8');
    expect(compose).not.toContain('apache2');
    const config = await direct(repo, composeCommand![0]!, [...composeCommand!.slice(1), '-f', file, 'config', '--format', 'json']);
    expect(config.exitCode, config.output).toBe(0);
    const service = (JSON.parse(config.output) as { services: Record<string, { ports: Array<{ target: number; published: string }>; volumes: Array<{ target: string }> }> }).services.app;
    expect(service?.ports.map((p) => `${p.published}:${p.target}`)).toEqual(['3001:3001']);
    expect(service?.volumes.map((v) => v.target)).toEqual(['/app/data']);
  });

  it('shows every --set variable per variant in new <generator> --help and list --json', async () => {
    const repo = tempRepo();
    const help = await runCli(['new', 'terraform', '--help'], repo);
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toMatch(/^ {2}lxc \(default variant\):\n {4}vm_id +guest-id +default the next free guest ID \(--vm-id\)$/m);
    expect(help.stdout).toMatch(/^ {4}template_vm_id +guest-id +default .+ \(--template-id\)$/m);
    const list = await runCli(['list', '--json'], repo);
    const generators = (JSON.parse(list.stdout) as { generators: Array<{ name: string; variants: Array<{ name: string; default: boolean; variables: Array<{ name: string; type: string }> }> }> }).generators;
    const generic = generators.find((g) => g.name === 'compose')?.variants.find((v) => v.name === 'generic');
    expect(generic?.default).toBe(true);
    expect(generic?.variables.map((v) => `${v.name}:${v.type}`)).toEqual(expect.arrayContaining(['container_port:port', 'data_path:abs-path', 'healthcheck_cmd:string']));
    const text = await runCli(['list'], repo);
    expect(text.stdout).toMatch(/^ {4}generic: image \(image, httpd:2\.4\.68-alpine\);\s+container_port \(port, 80 for httpd images/m);
  });

  it('words notes and the hand-off from the user\'s inventory and the tested ansible-core', async () => {
    const repo = tempRepo({ 'iacgen.yaml': OWN_INVENTORY });
    const run = await runCli(['new', 'playbook', '--service', 'node-exporter', '--target', 'edge', '--yes'], repo);
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).not.toMatch(/reference homelab|VM 101|2\.15/);
    expect(run.stdout).toContain('scrape job of Prometheus (VM 310 prom (10.0.0.31) in your inventory (iacgen.yaml))');
    expect(run.stdout).toMatch(/pre-requisites: ansible-core 2\.14 or newer on the control node/);
    const version = await direct(repo, 'ansible', ['--version']);
    expect(version.output).toMatch(/core 2\.(1[4-9]|2\d)\./);
  });
});
