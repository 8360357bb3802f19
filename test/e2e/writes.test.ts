/**
 * Writes that lose nothing: the plan and diff of --dry-run, conflicts (flags and the interactive
 * prompt in a real terminal), all-or-nothing writes with a real failure on disk, and validation
 * errors blocking the write. Real files, real git repositories, the built CLI.
 */
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it, onTestFinished } from 'vitest';
import { BIN, haveTools, runCli, tempRepo, terminal } from '../helpers.js';

const ready = haveTools('ansible-playbook', 'ansible-lint', 'yamllint', 'tmux', 'chattr');
const PLAYBOOK = 'ansible/playbooks/nginx-config.yml';
const INVENTORY = 'ansible/inventory/proxmox.yml';
const NEW = ['new', 'playbook', '--target', 'ct102', '--service', 'nginx'];

/** Path -> sha256 and mode of every file and folder under `dir` (but .git): the tree's fingerprint. */
function fingerprint(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const rel of readdirSync(dir, { recursive: true }) as string[]) {
    if (rel === '.git' || rel.startsWith(`.git${path.sep}`)) continue;
    const abs = path.join(dir, rel);
    const stat = statSync(abs);
    out[rel] = stat.isDirectory() ? `dir ${(stat.mode & 0o7777).toString(8)}` : `${createHash('sha256').update(readFileSync(abs)).digest('hex')} ${(stat.mode & 0o7777).toString(8)}`;
  }
  return out;
}

/** A repository where the playbook was generated and then edited by hand. */
async function editedRepo(): Promise<{ repo: string; edited: string }> {
  const repo = tempRepo();
  const run = await runCli([...NEW, '--yes'], repo);
  expect(run.exitCode, run.stderr).toBe(0);
  const edited = readFileSync(path.join(repo, PLAYBOOK), 'utf8').replace('nginx_listen_port: 80', 'nginx_listen_port: 8088  # my own edit');
  writeFileSync(path.join(repo, PLAYBOOK), edited);
  return { repo, edited };
}

/** Makes a folder immutable (even root cannot create files in it) until the test ends. */
async function immutable(dir: string): Promise<void> {
  await execa('chattr', ['+i', dir]);
  onTestFinished(async () => {
    await execa('chattr', ['-i', dir]);
  });
}

describe.skipIf(!ready)('iacgen new: writes that lose nothing', () => {
  it('--dry-run prints the plan and the diff of each conflict, and writes nothing', async () => {
    const { repo } = await editedRepo();
    const before = fingerprint(repo);
    const run = await runCli([...NEW, '--dry-run'], repo);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toContain(`Plan (dry run: nothing was written):\n  conflict   ${PLAYBOOK}\n  unchanged  ${INVENTORY}\n`);
    expect(run.stdout).toContain(`--- a/${PLAYBOOK}\ton disk\n+++ b/${PLAYBOOK}\tiacgen\n`);
    expect(run.stdout).toMatch(/^-\s+nginx_listen_port: 8088 {2}# my own edit$/m);
    expect(run.stdout).toMatch(/^\+\s+nginx_listen_port: 80$/m);
    expect(fingerprint(repo)).toEqual(before);

    const fresh = tempRepo();
    const plan = await runCli([...NEW, '--dry-run'], fresh);
    expect(plan.stdout).toContain(`  create     ${PLAYBOOK}\n  create     ${INVENTORY}`);
    expect(existsSync(path.join(fresh, 'ansible'))).toBe(false);
  });

  it('stops on a conflict without a terminal, and resolves it with --force or --skip-existing', async () => {
    const { repo, edited } = await editedRepo();
    const blocked = await runCli(NEW, repo);
    expect(blocked.exitCode).toBe(1);
    expect(blocked.stderr).toContain(`iacgen: ${PLAYBOOK} already exists with other content; nothing was written`);
    expect(blocked.stderr).toContain(`Plan:\n  conflict   ${PLAYBOOK}\n  unchanged  ${INVENTORY}`);
    expect(readFileSync(path.join(repo, PLAYBOOK), 'utf8')).toBe(edited);

    const skipped = await runCli([...NEW, '--skip-existing'], repo);
    expect(skipped.exitCode, skipped.stderr).toBe(0);
    expect(skipped.stdout).toContain(`${PLAYBOOK} (skipped: exists; --skip-existing)`);
    expect(readFileSync(path.join(repo, PLAYBOOK), 'utf8')).toBe(edited);

    chmodSync(path.join(repo, PLAYBOOK), 0o600);
    const forced = await runCli([...NEW, '--force'], repo);
    expect(forced.exitCode, forced.stderr).toBe(0);
    expect(forced.stdout).toContain(`${PLAYBOOK} (overwritten)`);
    expect(readFileSync(path.join(repo, PLAYBOOK), 'utf8')).not.toContain('my own edit');
    expect(statSync(path.join(repo, PLAYBOOK)).mode & 0o777).toBe(0o600);

    const again = await runCli(NEW, repo);
    expect(again.exitCode).toBe(0);
    expect(again.stdout).toContain(`${PLAYBOOK} (unchanged)`);
  });

  it('rolls back a write that fails halfway: the tree is exactly as before', async () => {
    const repo = tempRepo({ 'README.md': '# lab\n' });
    mkdirSync(path.join(repo, 'ansible/inventory'), { recursive: true });
    await immutable(path.join(repo, 'ansible/inventory'));
    const before = fingerprint(repo);
    const run = await runCli([...NEW, '--yes'], repo);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toMatch(/^iacgen: could not write ansible\/inventory\/proxmox\.yml: EPERM .*; every file written by this run was rolled back\n/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(fingerprint(repo)).toEqual(before);
  });

  it('restores an overwritten file, content and mode, when a later write fails', async () => {
    const { repo } = await editedRepo();
    chmodSync(path.join(repo, PLAYBOOK), 0o640);
    // --force overwrites the edited playbook first; then the inventory cannot be created.
    await execa('rm', [path.join(repo, INVENTORY)]);
    await immutable(path.join(repo, 'ansible/inventory'));
    const before = fingerprint(repo);
    const run = await runCli([...NEW, '--force'], repo);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain('every file written by this run was rolled back');
    expect(fingerprint(repo)).toEqual(before);
  });

  it('blocks the write when validation finds errors, unless --write-anyway', async () => {
    const strict = '---\nextends: default\nrules:\n  line-length:\n    max: 20\n';
    const repo = tempRepo({ '.yamllint': strict });
    const blocked = await runCli([...NEW, '--yes'], repo);
    expect(blocked.exitCode).toBe(1);
    expect(blocked.stdout).toMatch(/validation: FAILED with \d+ errors \(yamllint fail/);
    expect(blocked.stdout).toMatch(/line-length line too long \(\d+ > 20 characters\) \(yamllint\)/);
    expect(blocked.stdout).toContain('Validation found errors: nothing was written.');
    expect(existsSync(path.join(repo, 'ansible'))).toBe(false);

    const anyway = await runCli([...NEW, '--yes', '--write-anyway'], repo);
    expect(anyway.exitCode).toBe(1);
    expect(existsSync(path.join(repo, PLAYBOOK))).toBe(true);
  });
});


describe.skipIf(!ready)('iacgen new: the conflict prompt in a real terminal', () => {
  const CLI = `node ${BIN} ${NEW.join(' ')} --name nginx-config`;

  it.each([
    ['overwrite', [] as string[], false],
    ['skip', ['Down'], true],
    ['overwrite all', ['Down', 'Down', 'Down'], false],
  ])('%s', async (_label, moves, keepsEdit) => {
    const { repo, edited } = await editedRepo();
    const term = await terminal(repo, CLI);
    await term.waitFor(`${PLAYBOOK} exists with other content`);
    for (const key of moves) await term.keys(key);
    await term.keys('Enter');
    expect(await term.waitFor('IACGEN_EXIT=')).toContain('IACGEN_EXIT=0');
    expect(readFileSync(path.join(repo, PLAYBOOK), 'utf8') === edited).toBe(keepsEdit);
  });

  it('shows the diff, then asks again; abort writes nothing', async () => {
    const { repo, edited } = await editedRepo();
    const term = await terminal(repo, CLI);
    await term.waitFor(`${PLAYBOOK} exists with other content`);
    await term.keys('Down', 'Down');
    await term.keys('Enter');
    const screen = await term.waitFor('# my own edit');
    expect(screen).toContain(`+++ b/${PLAYBOOK}`);
    await term.waitFor('❯ Overwrite this file', `+++ b/${PLAYBOOK}`);
    for (const key of ['Down', 'Down', 'Down', 'Down', 'Enter']) await term.keys(key);
    const done = await term.waitFor('IACGEN_EXIT=');
    expect(done).toContain('IACGEN_EXIT=1');
    expect(done).toContain(`aborted at ${PLAYBOOK}; nothing was written`);
    expect(readFileSync(path.join(repo, PLAYBOOK), 'utf8')).toBe(edited);
  });

  it('asks before writing files that failed validation', async () => {
    const repo = tempRepo({ '.yamllint': '---\nextends: default\nrules:\n  line-length:\n    max: 20\n' });
    const term = await terminal(repo, `node ${BIN} ${NEW.join(' ')} --name blocked`);
    await term.waitFor('Write the files anyway?');
    await term.keys('Enter');
    const done = await term.waitFor('IACGEN_EXIT=');
    expect(done).toContain('IACGEN_EXIT=1');
    expect(done).toContain('Validation found errors: nothing was written.');
    expect(existsSync(path.join(repo, 'ansible/playbooks/blocked.yml'))).toBe(false);
  });
});
