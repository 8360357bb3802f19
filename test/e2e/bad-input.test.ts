/**
 * Bad input on disk: FIFOs, sockets, devices, binary and oversized files, symlink loops, broken
 * symlinks, symlinks out of the repository, unreadable files and folders. The built CLI runs as a
 * real process in real temporary git repositories; every run must finish (a FIFO opened for
 * reading would block forever), exit with the documented code, never print a stack trace, and
 * name every path it did not check with the reason.
 */
import { chmodSync, existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { execa, execaSync } from 'execa';
import { describe, expect, it, onTestFinished } from 'vitest';
import { BIN, haveTools, tempDir, tempRepo } from '../helpers.js';

/** Each run is killed after this long: a hang fails the test instead of stalling the suite. */
const RUN_TIMEOUT_MS = 60_000;
/** A test's own limit: a few runs. */
const TEST_TIMEOUT_MS = 150_000;

const IS_ROOT = process.getuid?.() === 0;
/** Root reads a `chmod 000` file anyway: the unreadable cases run the CLI as `nobody` through setpriv. */
const canDropPrivileges = !IS_ROOT || haveTools('setpriv');
const ansible = haveTools('ansible-playbook', 'ansible-lint', 'yamllint');

interface Run {
  exitCode: number;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

/** Runs the built CLI in `cwd`, killed after {@link RUN_TIMEOUT_MS}; as `nobody` when `asNobody` and root. */
async function iacgen(args: string[], cwd: string, options: { asNobody?: boolean; env?: Record<string, string> } = {}): Promise<Run> {
  const env = { NO_COLOR: '1', ...options.env };
  const [file, argv] = options.asNobody && IS_ROOT ? ['setpriv', ['--reuid=nobody', '--regid=nogroup', '--clear-groups', '--', 'node', BIN, ...args]] : ['node', [BIN, ...args]];
  const result = await execa(file as string, argv as string[], { cwd, env, reject: false, stdin: 'ignore', timeout: RUN_TIMEOUT_MS });
  return { exitCode: result.exitCode ?? -1, stdout: String(result.stdout), stderr: String(result.stderr), timedOut: Boolean(result.timedOut) };
}

/** The run finished by itself, with `code`, and printed no stack trace. */
function expectClean(run: Run, code: number): void {
  expect(run.timedOut, 'the run hung and was killed').toBe(false);
  expect(run.exitCode, `${run.stdout}\n${run.stderr}`).toBe(code);
  expect(`${run.stdout}\n${run.stderr}`).not.toMatch(/^ {4}at /m);
}

/** The JSON report's entry for `rel`. */
interface FileEntry {
  path: string;
  type: string;
  note?: string;
  notChecked?: string;
  checks: Array<{ checker: string; status: string; reason?: string }>;
}

async function jsonFiles(cwd: string, args: string[] = [], options: { asNobody?: boolean; env?: Record<string, string> } = {}): Promise<{ run: Run; files: FileEntry[]; summary: Record<string, number> }> {
  const run = await iacgen(['validate', '--format', 'json', ...args], cwd, options);
  expect(run.timedOut, 'the run hung and was killed').toBe(false);
  const report = JSON.parse(run.stdout) as { files: FileEntry[]; summary: Record<string, number> };
  return { run, files: report.files, summary: report.summary };
}

const SCRIPT = '#!/usr/bin/env bash\nset -euo pipefail\necho "ok"\n';

describe('iacgen validate on bad input', () => {
  it('reports a FIFO in the tree and a FIFO named on the command line as special files, never opening them', { timeout: TEST_TIMEOUT_MS }, async () => {
    const repo = tempRepo({ 'ok.sh': SCRIPT });
    execaSync('mkfifo', [path.join(repo, 'x.sh')]);
    mkdirSync(path.join(repo, 'deep/er'), { recursive: true });
    writeFileSync(path.join(repo, 'deep/er/a.yml'), 'a: 1\n');
    execaSync('mkfifo', [path.join(repo, 'deep/er/pipe.yml')]);
    const tree = await iacgen(['validate'], repo);
    expectClean(tree, 0);
    expect(tree.stdout).toContain('Not checked (2 paths):\n');
    expect(tree.stdout).toContain('  deep/er/pipe.yml: special file: FIFO\n');
    expect(tree.stdout).toContain('  x.sh: special file: FIFO\n');
    const named = await iacgen(['validate', 'x.sh'], repo);
    expectClean(named, 0);
    expect(named.stdout).toBe('Not checked (1 path):\n  x.sh: special file: FIFO\n\npassed: 0 files checked, 0 errors, 0 warnings, 0 skipped checks');
    // No checker got it either (bash -n on a FIFO blocks as well).
    const { files, summary } = await jsonFiles(repo);
    expect(files.find((f) => f.path === 'x.sh')).toEqual({ path: 'x.sh', type: 'unknown', note: 'special file: FIFO', notChecked: 'special-file', checks: [], diagnostics: [] });
    expect(summary.notChecked).toBe(2);
  });

  it('reports a socket, and /dev/null reached through a symlink or by name', { timeout: TEST_TIMEOUT_MS }, async () => {
    const repo = tempRepo({ 'ok.sh': SCRIPT });
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(path.join(repo, 'agent.sock'), resolve));
    onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve())));
    symlinkSync('/dev/null', path.join(repo, 'null.sh'));
    const tree = await iacgen(['validate'], repo);
    expectClean(tree, 0);
    expect(tree.stdout).toContain('  agent.sock: special file: socket\n');
    // Found while walking, a symlink out of the repository is not followed.
    expect(tree.stdout).toContain('  null.sh: symlink to a file outside the repository (/dev/null): not followed\n');
    const named = await iacgen(['validate', 'null.sh', 'agent.sock', '/dev/null'], repo);
    expectClean(named, 0);
    expect(named.stdout).toContain('  null.sh: symlink to a special file: character device\n');
    expect(named.stdout).toContain('  agent.sock: special file: socket\n');
    expect(named.stdout).toMatch(/^ {2}(\.\.\/)+dev\/null: special file: character device$/m);
  });

  it('lists binary files (five, then how many more) and a file over the 5 MiB default limit', { timeout: TEST_TIMEOUT_MS }, async () => {
    const repo = tempRepo({ 'ok.sh': SCRIPT });
    for (let i = 1; i <= 8; i++) writeFileSync(path.join(repo, `logo${i}.png`), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, i]));
    writeFileSync(path.join(repo, 'dump.yml'), `big: ${'x'.repeat(5 * 1024 * 1024)}\n`);
    const run = await iacgen(['validate'], repo);
    expectClean(run, 0);
    expect(run.stdout).toContain('Not checked (9 paths):\n  dump.yml: larger than 5242880 bytes (5242886 bytes)\n  logo1.png: binary file\n');
    expect(run.stdout).toContain('  logo5.png: binary file\n  ... and 3 more binary files (--format json lists every one)\n');
    expect(run.stdout).not.toContain('logo6.png');
    const { files } = await jsonFiles(repo);
    expect(files.filter((f) => f.notChecked === 'binary').map((f) => f.path)).toHaveLength(8);
    expect(files.find((f) => f.path === 'dump.yml')?.notChecked).toBe('too-large');
  });

  it('reports a symlink loop and a broken symlink, checks an in-repository symlink\'s target once, at its own path', { timeout: TEST_TIMEOUT_MS }, async () => {
    const repo = tempRepo({ 'scripts/real.sh': SCRIPT, 'ok.sh': SCRIPT });
    symlinkSync('b', path.join(repo, 'a'));
    symlinkSync('a', path.join(repo, 'b'));
    symlinkSync('nowhere.yml', path.join(repo, 'gone.yml'));
    symlinkSync('scripts/real.sh', path.join(repo, 'link.sh'));
    symlinkSync('scripts', path.join(repo, 'tools'));
    mkdirSync(path.join(repo, 'roles'));
    symlinkSync('../scripts', path.join(repo, 'roles/common'));
    const run = await iacgen(['validate'], repo);
    expectClean(run, 0);
    expect(run.stdout).toContain('  a: symlink loop: b never leads to a file\n  b: symlink loop: a never leads to a file\n');
    expect(run.stdout).toContain('  gone.yml: broken symlink: nowhere.yml does not exist\n');
    expect(run.stdout).toContain('  link.sh: symlink to scripts/real.sh: checked there\n');
    expect(run.stdout).toContain('  tools: symlink to the folder scripts/: not followed (its files are checked at their own paths)\n');
    expect(run.stdout).toMatch(/^passed: 2 files checked,/m);
    // Walking a folder whose symlinked folder leads elsewhere in the repository: says how to check it.
    const roles = await iacgen(['validate', 'roles'], repo);
    expectClean(roles, 0);
    expect(roles.stdout).toContain('  roles/common: symlink to the folder scripts/: not followed (name scripts/ to check it)\n');
    // Named, the link's target is checked (at its own path) even when the walk would not list it.
    const { files } = await jsonFiles(repo, ['link.sh']);
    expect(files.map((f) => [f.path, f.notChecked ?? f.type])).toEqual([
      ['link.sh', 'symlink'],
      ['scripts/real.sh', 'shell'],
    ]);
    // A named symlink loop cannot be read at all: a usage error, as a missing path is.
    const loop = await iacgen(['validate', 'a'], repo);
    expectClean(loop, 2);
    expect(loop.stderr).toMatch(/^iacgen: cannot read 'a': symlink loop\n/);
  });

  describe.skipIf(!ansible)('a symlink to a folder outside the repository', () => {
    /** A playbook whose `hosts:` runs `touch MARKER` the moment ansible templates it. */
    const playbook = (marker: string): string =>
      `- name: Touch a marker when templated\n  hosts: "{{ lookup('pipe', 'touch ${marker}') or 'localhost' }}"\n  gather_facts: false\n  tasks:\n    - name: Say hello\n      ansible.builtin.debug:\n        msg: hello\n`;

    /** `--no-sandbox` when this build has it (the sandbox would also stop the marker). */
    const noSandbox = (): string[] => (execaSync('node', [BIN, 'validate', '--help']).stdout.includes('--no-sandbox') ? ['--no-sandbox'] : []);

    it('is not followed while walking; named, its files are checked, never by a checker that can run their code', { timeout: TEST_TIMEOUT_MS }, async () => {
      const outside = tempDir('iacgen-outside-');
      const marker = path.join(outside, 'MARKER');
      writeFileSync(path.join(outside, 'site.yml'), playbook(marker));
      const repo = tempRepo({ 'ok.sh': SCRIPT });
      symlinkSync(outside, path.join(repo, 'shared'));

      const walked = await iacgen(['validate', ...noSandbox()], repo);
      expectClean(walked, 0);
      expect(walked.stdout).toContain(`  shared: symlink to a folder outside the repository (${outside}): not followed\n`);
      expect(walked.stdout).not.toContain('shared/site.yml');

      const { run, files } = await jsonFiles(repo, ['shared/', ...noSandbox()]);
      expectClean(run, 0);
      const site = files.find((f) => f.path === 'shared/site.yml');
      expect(site?.type).toBe('ansible-playbook');
      const reason = (checker: string) => `outside the repository (${checker} can run code from the files it checks)`;
      expect(site?.checks).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ checker: 'yamllint', status: 'pass' }),
          { checker: 'ansible-syntax-check', status: 'skipped', durationMs: 0, reason: reason('ansible-syntax-check') },
          { checker: 'ansible-lint', status: 'skipped', durationMs: 0, reason: reason('ansible-lint') },
        ]),
      );
      expect(existsSync(marker), 'a checker ran the playbook outside the repository').toBe(false);
      const pretty = await iacgen(['validate', 'shared/site.yml', ...noSandbox()], repo);
      expectClean(pretty, 0);
      expect(pretty.stdout).toContain(`Skipped checks:\n  ansible-syntax-check on 1 file (${reason('ansible-syntax-check')}): shared/site.yml\n  ansible-lint on 1 file (${reason('ansible-lint')}): shared/site.yml\n`);
      expect(existsSync(marker), 'a checker ran the playbook outside the repository').toBe(false);
    });

    it('staged (the pre-commit hook), a symlink out of the repository is reported and not followed: the hook did not name it', { timeout: TEST_TIMEOUT_MS }, async () => {
      const outside = tempDir('iacgen-outside-');
      const marker = path.join(outside, 'MARKER');
      writeFileSync(path.join(outside, 'site.yml'), playbook(marker));
      const repo = tempRepo({ 'ok.sh': SCRIPT });
      symlinkSync(outside, path.join(repo, 'shared'));
      execaSync('git', ['add', 'ok.sh', 'shared'], { cwd: repo });
      const run = await iacgen(['validate', '--staged', ...noSandbox()], repo);
      expectClean(run, 0);
      expect(run.stdout).toContain(`  shared: symlink to a folder outside the repository (${outside}): not followed\n`);
      expect(run.stdout).not.toContain('site.yml');
      expect(existsSync(marker)).toBe(false);
    });

    it('control: the same playbook inside the repository does create the marker without a sandbox (the probe works)', { timeout: TEST_TIMEOUT_MS }, async () => {
      const repo = tempRepo();
      const marker = path.join(repo, 'MARKER');
      writeFileSync(path.join(repo, 'site.yml'), playbook(marker));
      const run = await iacgen(['validate', 'site.yml', ...noSandbox()], repo);
      expect(run.timedOut).toBe(false);
      expect(existsSync(marker)).toBe(true);
    });
  });

  describe.skipIf(!canDropPrivileges)('unreadable files and folders', () => {
    it('lists an unreadable file, an unreadable untracked folder and a tracked file in an unreadable folder', { timeout: TEST_TIMEOUT_MS }, async () => {
      const repo = tempRepo({ 'ok.sh': SCRIPT, 'secret.yml': 'a: 1\n', 'locked/tracked.yml': 'b: 2\n', 'private/untracked.yml': 'c: 3\n' });
      execaSync('git', ['add', 'locked/tracked.yml'], { cwd: repo });
      execaSync('git', ['commit', '-qm', 'tracked'], { cwd: repo });
      const home = tempDir('iacgen-home-');
      if (IS_ROOT) execaSync('chown', ['-R', 'nobody:nogroup', repo, home]);
      chmodSync(path.join(repo, 'secret.yml'), 0o000);
      chmodSync(path.join(repo, 'locked'), 0o000);
      chmodSync(path.join(repo, 'private'), 0o000);
      onTestFinished(() => {
        for (const dir of ['locked', 'private']) chmodSync(path.join(repo, dir), 0o755);
      });
      const env = { HOME: home, XDG_CACHE_HOME: path.join(home, '.cache'), XDG_CONFIG_HOME: path.join(home, '.config') };
      const run = await iacgen(['validate'], repo, { asNobody: true, env });
      expectClean(run, 0);
      expect(run.stdout).toContain('  locked/tracked.yml: cannot be read (EACCES)\n');
      expect(run.stdout).toContain('  private: folder cannot be read (EACCES)\n');
      expect(run.stdout).toContain('  secret.yml: cannot be read (EACCES)\n');
      expect(run.stdout).toMatch(/^passed: 1 file checked,/m);
      // Named on the command line, a path that cannot be read is a usage error.
      const named = await iacgen(['validate', 'secret.yml'], repo, { asNobody: true, env });
      expectClean(named, 2);
      expect(named.stderr).toMatch(/^iacgen: cannot read 'secret.yml': permission denied\n/);
    });
  });
});
