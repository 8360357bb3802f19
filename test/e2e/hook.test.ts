/**
 * The pre-commit path: `iacgen validate --staged`, `iacgen hook install|uninstall`, and the
 * pre-commit framework, in real temporary git repositories with the real git and pre-commit.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa, execaSync } from 'execa';
import { describe, expect, it } from 'vitest';
import { BIN, haveTools, runCli, tempDir, tempRepo } from '../helpers.js';

const ready = haveTools('bash', 'shellcheck', 'pre-commit');
const BROKEN = '#!/usr/bin/env bash\nset -euo pipefail\nif true; then\n  echo "open"\n';
const FIXED = '#!/usr/bin/env bash\nset -euo pipefail\nif true; then\n  echo "closed"\nfi\n';

const git = (cwd: string, ...args: string[]) => execaSync('git', args, { cwd });

/** Index, working tree and stash of a repository, byte for byte. */
function snapshot(repo: string, files: string[]) {
  return {
    index: git(repo, 'ls-files', '-s').stdout,
    staged: files.map((f) => git(repo, 'show', `:${f}`).stdout),
    worktree: files.map((f) => readFileSync(path.join(repo, f), 'utf8')),
    stash: git(repo, 'stash', 'list').stdout,
    status: git(repo, 'status', '--porcelain').stdout,
  };
}

/** A PATH with node, git and the shell tools, plus `iacgen` when asked; nothing else. */
function pathWith(withIacgen: boolean): string {
  const bin = tempDir('iacgen-path-');
  for (const tool of ['node', 'git', 'sh', 'bash', 'dirname', 'shellcheck', 'shfmt', 'cat', 'rm', 'mkdir']) {
    const real = execaSync('sh', ['-c', `command -v ${tool} || true`]).stdout.trim();
    if (real) symlinkSync(real, path.join(bin, tool));
  }
  if (withIacgen) symlinkSync(BIN, path.join(bin, 'iacgen'));
  return bin;
}

async function commit(repo: string, env: Record<string, string> = {}) {
  const result = await execa('git', ['commit', '-q', '-m', 'test'], { cwd: repo, reject: false, env, extendEnv: !env.PATH, stdin: 'ignore' });
  return { exitCode: result.exitCode, output: `${String(result.stdout)}\n${String(result.stderr)}` };
}

describe.skipIf(!ready)('iacgen validate --staged', () => {
  it('fails a broken staged file even when the working copy is fixed, and the reverse', async () => {
    const repo = tempRepo({ 'run.sh': BROKEN });
    git(repo, 'add', 'run.sh');
    writeFileSync(path.join(repo, 'run.sh'), FIXED);
    const blocked = await runCli(['validate', '--staged'], repo);
    expect(blocked.exitCode).toBe(1);
    expect(blocked.stdout).toMatch(/^ {2}run\.sh:5:1: error syntax .* \(bash-syntax\)$/m);
    expect(blocked.stdout.trim().split('\n').at(-1)).toMatch(/^failed: 1 file checked, \d+ errors/);
    expect(blocked.stdout).not.toContain('slowest:');

    git(repo, 'add', 'run.sh');
    writeFileSync(path.join(repo, 'run.sh'), BROKEN);
    const passed = await runCli(['validate', '--staged'], repo);
    expect(passed.exitCode, passed.stdout).toBe(0);
  });

  it('leaves the working copy, the index and the stash exactly as they were with a partially staged file', async () => {
    const repo = tempRepo({ 'run.sh': FIXED, 'other.sh': FIXED });
    git(repo, 'add', '.');
    git(repo, 'commit', '-q', '-m', 'base');
    writeFileSync(path.join(repo, 'run.sh'), FIXED.replace('closed', 'staged change'));
    git(repo, 'add', 'run.sh');
    writeFileSync(path.join(repo, 'run.sh'), `${FIXED.replace('closed', 'staged change')}if\n`);
    writeFileSync(path.join(repo, 'other.sh'), BROKEN);
    const before = snapshot(repo, ['run.sh', 'other.sh']);
    const run = await runCli(['validate', '--staged'], repo);
    expect(run.exitCode, run.stdout).toBe(0);
    expect(snapshot(repo, ['run.sh', 'other.sh'])).toEqual(before);
  });

  it('checks a renamed file under its new name and ignores a deleted one', async () => {
    const repo = tempRepo({ 'old.sh': FIXED, 'gone.sh': FIXED });
    git(repo, 'add', '.');
    git(repo, 'commit', '-q', '-m', 'base');
    git(repo, 'mv', 'old.sh', 'new.sh');
    git(repo, 'rm', '-q', 'gone.sh');
    const clean = await runCli(['validate', '--staged', '--format', 'json'], repo);
    expect(clean.exitCode).toBe(0);
    expect((JSON.parse(clean.stdout) as { files: Array<{ path: string }> }).files.map((f) => f.path)).toEqual(['new.sh']);

    writeFileSync(path.join(repo, 'new.sh'), BROKEN);
    git(repo, 'add', 'new.sh');
    expect((await runCli(['validate', '--staged'], repo)).exitCode).toBe(1);
  });

  it('sees the staged versions of surrounding files', async () => {
    const repo = tempRepo({ 'iacgen.yaml': 'checkers:\n  shfmt: off\n', 'run.sh': '#!/usr/bin/env bash\necho  "x"\n' });
    git(repo, 'add', '.');
    // The staged iacgen.yaml switches shfmt off; the working copy's would switch it back on.
    writeFileSync(path.join(repo, 'iacgen.yaml'), 'checkers:\n  shfmt: required\n');
    const run = await runCli(['validate', '--staged', '--format', 'json'], repo);
    const report = JSON.parse(run.stdout) as { checkers: Array<{ id: string; status: string }> };
    expect(report.checkers.find((c) => c.id === 'shfmt')?.status).toBe('off');
  });

  it.skipIf(!haveTools('ansible-lint'))('names the repository, never its temporary copy, in what the checkers say', async () => {
    // ansible-lint names an included file it cannot find by its absolute path.
    const repo = tempRepo({ 'site.yml': '- name: Site\n  hosts: all\n  tasks:\n    - name: Include\n      ansible.builtin.include_tasks: missing.yml\n' });
    git(repo, 'add', '.');
    const staged = await runCli(['validate', '--staged', '--format', 'json'], repo);
    const direct = await runCli(['validate', 'site.yml', '--format', 'json'], repo);
    const findings = (stdout: string) => (JSON.parse(stdout) as { files: Array<{ path: string; diagnostics: Array<{ message: string }>; checks: Array<{ checker: string; status: string; reason?: string }> }> }).files.map((f) => ({ path: f.path, messages: f.diagnostics.map((d) => d.message), reasons: f.checks.map((c) => c.reason) }));
    expect(staged.stdout).toContain(`${repo}/missing.yml`);
    expect(staged.stdout).not.toContain('iacgen-staged-');
    expect(findings(staged.stdout)).toEqual(findings(direct.stdout));
  });

  it('exits 0 quickly and says so when nothing is staged', async () => {
    const run = await runCli(['validate', '--staged'], tempRepo({ 'run.sh': BROKEN }));
    expect(run).toMatchObject({ exitCode: 0, stdout: 'nothing staged: no files to check' });
  });
});

describe.skipIf(!ready)('iacgen hook install', () => {
  it('blocks a bad commit and lets a good one through, with iacgen in node_modules/.bin', async () => {
    const repo = tempRepo();
    mkdirSync(path.join(repo, 'node_modules/.bin'), { recursive: true });
    symlinkSync(BIN, path.join(repo, 'node_modules/.bin/iacgen'));
    writeFileSync(path.join(repo, '.gitignore'), 'node_modules/\n');
    const install = await runCli(['hook', 'install'], repo);
    expect(install.stdout).toBe('installed the pre-commit hook: .git/hooks/pre-commit');
    expect(statSync(path.join(repo, '.git/hooks/pre-commit')).mode & 0o111).toBe(0o111);

    writeFileSync(path.join(repo, 'run.sh'), BROKEN);
    git(repo, 'add', '.');
    const bad = await commit(repo, { PATH: pathWith(false) });
    expect(bad.exitCode).toBe(1);
    expect(bad.output).toMatch(/run\.sh:5:1: error syntax/);
    expect(git(repo, 'rev-list', '--all').stdout).toBe('');

    writeFileSync(path.join(repo, 'run.sh'), FIXED);
    git(repo, 'add', '.');
    const good = await commit(repo, { PATH: pathWith(false) });
    expect(good.exitCode, good.output).toBe(0);
  });

  it('fails closed when iacgen cannot be found, saying how to install or bypass', async () => {
    const repo = tempRepo({ 'run.sh': FIXED });
    await runCli(['hook', 'install'], repo);
    git(repo, 'add', '.');
    const blocked = await commit(repo, { PATH: pathWith(false) });
    expect(blocked.exitCode).toBe(1);
    expect(blocked.output).toContain('iacgen pre-commit hook: iacgen is not installed, so this commit is blocked.');
    expect(blocked.output).toContain('npm install --save-dev iacgen');
    expect(blocked.output).toContain('git commit --no-verify');
    const onPath = await commit(repo, { PATH: pathWith(true) });
    expect(onPath.exitCode, onPath.output).toBe(0);
  });

  it('keeps and chains an existing hook, changes nothing when installed twice, and uninstall restores it exactly', async () => {
    const repo = tempRepo({ 'run.sh': FIXED });
    const own = '#!/bin/sh\necho "own hook ran" >> "$(git rev-parse --show-toplevel)/own-hook.log"\n';
    const hookFile = path.join(repo, '.git/hooks/pre-commit');
    writeFileSync(hookFile, own);
    chmodSync(hookFile, 0o750);
    expect((await runCli(['hook', 'install'], repo)).stdout).toContain('the hook that was there runs first');
    const installed = readFileSync(hookFile, 'utf8');
    expect((await runCli(['hook', 'install'], repo)).stdout).toContain('already installed; nothing changed');
    expect(readFileSync(hookFile, 'utf8')).toBe(installed);

    writeFileSync(path.join(repo, '.gitignore'), 'own-hook.log\n');
    git(repo, 'add', '.');
    const run = await commit(repo, { PATH: pathWith(true) });
    expect(run.exitCode, run.output).toBe(0);
    expect(readFileSync(path.join(repo, 'own-hook.log'), 'utf8')).toBe('own hook ran\n');

    expect((await runCli(['hook', 'uninstall'], repo)).stdout).toContain('put the previous hook back');
    expect(readFileSync(hookFile, 'utf8')).toBe(own);
    expect(statSync(hookFile).mode & 0o777).toBe(0o750);
    expect(existsSync(`${hookFile}.iacgen-chained`)).toBe(false);
    expect((await runCli(['hook', 'uninstall'], repo)).stdout).toContain('not installed; nothing changed');
  });

  it('honours core.hooksPath', async () => {
    const repo = tempRepo({ 'run.sh': BROKEN });
    git(repo, 'config', 'core.hooksPath', '.githooks');
    const install = await runCli(['hook', 'install'], repo);
    expect(install.stdout).toBe('installed the pre-commit hook: .githooks/pre-commit');
    expect(existsSync(path.join(repo, '.git/hooks/pre-commit'))).toBe(false);
    git(repo, 'add', 'run.sh');
    expect((await commit(repo, { PATH: pathWith(true) })).exitCode).toBe(1);
  });
});

describe.skipIf(!ready)('pre-commit framework', () => {
  it('validates the hook manifest', async () => {
    const result = await execa('pre-commit', ['validate-manifest', path.join(path.dirname(BIN), '..', '.pre-commit-hooks.yaml')], { reject: false });
    expect(result.exitCode, String(result.stdout)).toBe(0);
  });

  it('blocks a bad commit through a repo: local hook that calls iacgen', async () => {
    const repo = tempRepo({
      '.pre-commit-config.yaml': [
        'repos:',
        '  - repo: local',
        '    hooks:',
        '      - id: iacgen-validate',
        '        name: iacgen validate',
        `        entry: node ${BIN} validate`,
        '        language: system',
        '        types: [text]',
        '',
      ].join('\n'),
      'run.sh': BROKEN,
    });
    const env = { PRE_COMMIT_HOME: tempDir('iacgen-pre-commit-') };
    await execa('pre-commit', ['install'], { cwd: repo, env });
    git(repo, 'add', '.');
    const bad = await execa('git', ['commit', '-q', '-m', 'bad'], { cwd: repo, env, reject: false });
    expect(bad.exitCode).toBe(1);
    expect(`${String(bad.stdout)}${String(bad.stderr)}`).toMatch(/run\.sh:5:1: error syntax/);

    writeFileSync(path.join(repo, 'run.sh'), FIXED);
    git(repo, 'add', '.');
    const good = await execa('git', ['commit', '-q', '-m', 'good'], { cwd: repo, env, reject: false });
    expect(good.exitCode, `${String(good.stdout)}${String(good.stderr)}`).toBe(0);
  });
});
