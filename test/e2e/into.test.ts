/**
 * `iacgen new ... --into <file>` end to end: the built CLI in real temporary git repositories;
 * the file after insertion checked with the real checkers run directly (docker compose config,
 * ansible-playbook --syntax-check) and with `iacgen validate`.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { diffLines } from 'diff';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { composeV2, haveTools, REPO_ROOT, runCli, tempRepo } from '../helpers.js';

const APP = readFileSync(path.join(REPO_ROOT, 'fixtures/into/app/compose.yaml'), 'utf8');
const APP_ENV = readFileSync(path.join(REPO_ROOT, 'fixtures/into/app/.env.example'), 'utf8');
const SITE = readFileSync(path.join(REPO_ROOT, 'fixtures/into/site.yml'), 'utf8');
const COMPOSE = 'compose/app/compose.yaml';
const ENV = 'compose/app/.env.example';
const PLAYBOOK = 'ansible/playbooks/site.yml';

async function direct(cwd: string, command: string, args: string[]) {
  const result = await execa(command, args, { cwd, reject: false, stdin: 'ignore', env: { ANSIBLE_NOCOLOR: '1', NO_COLOR: '1' } });
  return { exitCode: result.exitCode, output: `${String(result.stdout)}\n${String(result.stderr)}` };
}

const read = (repo: string, rel: string) => readFileSync(path.join(repo, rel), 'utf8');

/** Fails when `after` lost or changed any text of `before`; returns the added text. */
function added(before: string, after: string): string {
  const parts = diffLines(before, after);
  expect(parts.filter((p) => p.removed)).toEqual([]);
  expect(parts.filter((p) => !p.added).map((p) => p.value).join('')).toBe(before);
  return parts.filter((p) => p.added).map((p) => p.value).join('');
}

const composeCommand = composeV2();

describe.skipIf(!composeCommand || !haveTools('yamllint'))('iacgen new compose --into (real checkers)', () => {
  it('adds redis to a hand-written Compose file: Compose v2 and validate accept it, every original line stays', async () => {
    const repo = tempRepo({ [COMPOSE]: APP, [ENV]: APP_ENV });
    const run = await runCli(['new', 'compose', '--service', 'redis', '--into', COMPOSE, '--yes', '--date', '2026-12-06'], repo);
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain(`${COMPOSE} (inserted into)`);
    expect(run.stdout).toMatch(/validation: passed \(yamllint pass, compose-schema pass, compose-config pass/);
    expect(run.stdout).toContain(`deploy:  docker compose -f ${COMPOSE} --env-file compose/app/.env up -d`);

    const after = read(repo, COMPOSE);
    const block = added(APP, after);
    expect(block).toContain('# redis: added by iacgen new compose --service redis (2026-12-06)\n  redis:\n');
    // One header only: the user's first line is still the first line.
    expect(after.split('\n')[0]).toBe('# My app: hand-written, do not let tools reformat this file.');
    expect(after).not.toContain('# File:');
    expect(added(APP_ENV, read(repo, ENV))).toContain('REDIS_PASSWORD=changeme');

    const compose = await direct(repo, composeCommand![0]!, [...composeCommand!.slice(1), '-f', COMPOSE, '--env-file', ENV, 'config', '-q']);
    expect(compose.output.trim()).toBe('');
    expect(compose.exitCode).toBe(0);
    const config = await direct(repo, composeCommand![0]!, [...composeCommand!.slice(1), '-f', COMPOSE, '--env-file', ENV, 'config', '--services']);
    expect(config.output.split('\n').filter(Boolean).sort()).toEqual(['api', 'redis', 'web']);
    const validate = await runCli(['validate', 'compose/app', '--format', 'json'], repo);
    expect(validate.exitCode).toBe(0);
    const report = JSON.parse(validate.stdout) as { summary: { errors: number }; files: Array<{ path: string; checks: Array<{ checker: string; status: string }> }> };
    expect(report.summary.errors).toBe(0);
    const checks = report.files.find((f) => f.path === COMPOSE)?.checks ?? [];
    expect(checks).toEqual(expect.arrayContaining([{ checker: 'compose-schema', status: 'pass', durationMs: expect.any(Number) }, { checker: 'compose-config', status: 'pass', durationMs: expect.any(Number) }]));
  });

  it('refuses a service that is already there (exit 2, file:line, --name) and writes nothing', async () => {
    const repo = tempRepo({ [COMPOSE]: APP, [ENV]: APP_ENV });
    const run = await runCli(['new', 'compose', '--service', 'redis', '--name', 'api', '--into', COMPOSE, '--yes'], repo);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain(`service api already exists (${COMPOSE}:23)`);
    expect(run.stderr).toContain('--name');
    expect(read(repo, COMPOSE)).toBe(APP);
    expect(read(repo, ENV)).toBe(APP_ENV);
    // A second insertion of the same service is the same clash.
    expect((await runCli(['new', 'compose', '--service', 'redis', '--into', COMPOSE, '--yes'], repo)).exitCode).toBe(0);
    const once = read(repo, COMPOSE);
    const again = await runCli(['new', 'compose', '--service', 'redis', '--into', COMPOSE, '--yes'], repo);
    expect(again.exitCode).toBe(2);
    expect(again.stderr).toMatch(/service redis already exists \(compose\/app\/compose\.yaml:\d+\)/);
    expect(read(repo, COMPOSE)).toBe(once);
  });

  it('--dry-run prints the insert and its diff and writes nothing', async () => {
    const repo = tempRepo({ [COMPOSE]: APP });
    const run = await runCli(['new', 'compose', '--service', 'postgres', '--into', COMPOSE, '--yes', '--dry-run'], repo);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain(`  insert     ${COMPOSE}`);
    expect(run.stdout).toContain(`  create     ${ENV}`);
    expect(run.stdout).toContain('+  postgres:\n');
    expect(run.stdout).toContain('+  postgres-data:\n');
    expect(read(repo, COMPOSE)).toBe(APP);
    expect((await direct(repo, 'git', ['status', '--porcelain', '--untracked-files=all'])).output.trim()).toBe(`?? ${COMPOSE}`);
  });

  it('refuses a missing file, a file that is no Compose file, and --into on a generator without it', async () => {
    const repo = tempRepo({ 'notes.yaml': 'name: x\n' });
    const missing = await runCli(['new', 'compose', '--service', 'redis', '--into', 'compose/none.yaml', '--yes'], repo);
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toContain('--into compose/none.yaml: no such file');
    const other = await runCli(['new', 'compose', '--service', 'redis', '--into', 'notes.yaml', '--yes'], repo);
    expect(other.exitCode).toBe(2);
    expect(other.stderr).toContain('not a Compose file');
    const shell = await runCli(['new', 'shell', '--into', 'notes.yaml', '--yes'], repo);
    expect(shell.exitCode).toBe(2);
    expect(shell.stderr).toContain("unknown option '--into'");
    expect((await direct(repo, 'git', ['status', '--porcelain', '--untracked-files=all'])).output.trim()).toBe('?? notes.yaml');
  });
});

describe.skipIf(!haveTools('ansible-playbook', 'ansible-lint', 'yamllint'))('iacgen new role --into (real checkers)', () => {
  it("adds the role to the target's play of an existing playbook; ansible-playbook --syntax-check passes", async () => {
    const repo = tempRepo();
    // The role the hand-written playbook already lists.
    expect((await runCli(['new', 'role', '--service', 'node-exporter', '--target', 'db-01', '--yes'], repo)).exitCode).toBe(0);
    const inventory = 'ansible/inventory/proxmox.yml';
    const before = readFileSync(path.join(repo, inventory), 'utf8');
    await execa('sh', ['-c', `cat > ${PLAYBOOK}`], { cwd: repo, input: SITE });
    const run = await runCli(['new', 'role', '--service', 'nginx', '--target', 'db-01', '--into', PLAYBOOK, '--yes', '--date', '2026-12-06'], repo);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain(`${PLAYBOOK} (inserted into)`);
    expect(run.stdout).toContain('ansible/roles/nginx/tasks/main.yml (created)');
    expect(run.stdout).toContain(`deploy:  ansible-playbook -i ${inventory} ${PLAYBOOK}`);
    expect(readFileSync(path.join(repo, inventory), 'utf8')).toBe(before);
    // The role generator's own playbook is not written.
    expect((await direct(repo, 'git', ['status', '--porcelain', '--untracked-files=all'])).output).not.toContain('ansible/playbooks/nginx.yml');
    expect(added(SITE, read(repo, PLAYBOOK))).toBe('    # nginx: added by iacgen new role --service nginx (2026-12-06)\n    - role: nginx\n');

    const syntax = await direct(repo, 'ansible-playbook', ['-i', inventory, '--syntax-check', PLAYBOOK]);
    expect(syntax.output).not.toMatch(/ERROR/);
    expect(syntax.exitCode).toBe(0);

    // The role's own files are recorded for iacgen update; the playbook inserted into is not.
    const record = parse(read(repo, '.iacgen/answers/role/nginx.yaml'));
    expect(record.files.map((f: { path: string }) => f.path)).toContain('ansible/roles/nginx/tasks/main.yml');
    expect(record.files.map((f: { path: string }) => f.path)).not.toContain(PLAYBOOK);
    expect(record.excluded).toContain('ansible/playbooks/nginx.yml');
    const playbookBefore = read(repo, PLAYBOOK);
    const update = await runCli(['update', 'role/nginx', '--yes'], repo);
    expect(update.exitCode, update.stdout + update.stderr).toBe(0);
    expect(update.stdout).not.toContain('ansible/playbooks/nginx.yml');
    expect(existsSync(path.join(repo, 'ansible/playbooks/nginx.yml'))).toBe(false);
    expect(read(repo, PLAYBOOK)).toBe(playbookBefore);

    const again = await runCli(['new', 'role', '--service', 'nginx', '--target', 'db-01', '--into', PLAYBOOK, '--yes', '--force'], repo);
    expect(again.exitCode).toBe(2);
    expect(again.stderr).toContain(`--into ${PLAYBOOK}: the play already lists role nginx (${PLAYBOOK}:17)`);
  });
});
