/**
 * `iacgen new playbook` end to end: the built CLI in real temporary git repositories, its output
 * checked with the real checkers run directly.
 */
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { haveTools, runCli, tempDir, tempRepo } from '../helpers.js';

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
    [['--target', 'ct102'], 'iacgen: missing --service'],
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
