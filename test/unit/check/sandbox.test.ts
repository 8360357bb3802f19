import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { decideSandbox, forgetSandboxProbe, outOfSandbox, sandboxCommand, sandboxOf, sandboxWarning, useSandbox } from '../../../src/check/sandbox.js';
import type { ValidationResult } from '../../../src/check/types.js';
import { UsageError } from '../../../src/errors.js';
import { tempDir, writeTree } from '../../helpers.js';
import { sandboxNote } from '../../../src/report/pretty.js';

const MISSING = { IACGEN_BWRAP: '/nonexistent/bwrap', PATH: process.env.PATH ?? '' };

afterEach(() => {
  forgetSandboxProbe();
  useSandbox(undefined);
});

describe('sandboxCommand', () => {
  const sandbox = { bwrap: '/usr/bin/bwrap' };

  it('binds the system read-only, makes /tmp private, isolates, then runs the command in the call folder', () => {
    const { command, args } = sandboxCommand(sandbox, { command: 'ansible-playbook', args: ['--syntax-check', 'site.yml'], cwd: '/srv/repo', home: '/home/ops' });
    expect(command).toBe('/usr/bin/bwrap');
    const line = args.join(' ');
    expect(line.startsWith('--ro-bind / / --dev /dev --proc /proc --tmpfs /tmp --tmpfs /var/tmp --tmpfs /dev/shm --tmpfs /run ')).toBe(true);
    expect(line).toContain('--setenv HOME /tmp/.iacgen-home');
    expect(line).toContain('--symlink /home/ops/.ansible/collections /tmp/.iacgen-home/.ansible/collections');
    expect(line).toContain('--unshare-all --die-with-parent --new-session --cap-drop ALL');
    expect(line.endsWith('--chdir /srv/repo -- ansible-playbook --syntax-check site.yml')).toBe(true);
    // The repository lies outside the private folders: nothing is bound back, nothing writable.
    expect(args).not.toContain('--bind');
    expect(args.filter((a) => a === '--ro-bind')).toHaveLength(1);
  });

  it("links every entry of the real HOME (a vault password file too), spreads .ansible and .config, keeps caches private", () => {
    const home = tempDir();
    writeTree(home, { '.vault_pass': 'x\n', '.ansible/vault/pw': 'x\n', '.ansible/tmp/t': '', '.cache/c': '', '.config/foo/bar': '', 'notes.txt': '' });
    const line = sandboxCommand(sandbox, { command: 'true', args: [], cwd: '/srv/repo', home }).args.join(' ');
    for (const rel of ['.vault_pass', '.ansible/vault', '.config/foo', 'notes.txt', '.ansible/collections']) {
      expect(line).toContain(`--symlink ${path.join(home, rel)} /tmp/.iacgen-home/${rel} `);
    }
    for (const rel of ['.cache', '.ansible/tmp', '.ansible', '.config']) expect(line).not.toContain(`--symlink ${path.join(home, rel)} `);
    expect(line).toContain('--dir /tmp/.iacgen-home/.ansible ');
  });

  it("reads the checker's output back with the user's HOME for the private one", () => {
    expect(outOfSandbox('the vault password file `/tmp/.iacgen-home/.ansible/vault/pw` is not there', '/home/ops')).toBe('the vault password file `/home/ops/.ansible/vault/pw` is not there');
    expect(outOfSandbox('nothing to change', '/home/ops')).toBe('nothing to change');
  });

  it('binds back, read-only, a repository that a private tmpfs hides; scratch folders writable', () => {
    const repo = path.join(os.tmpdir(), 'iacgen-repo-x', 'sub');
    const scratch = path.join(os.tmpdir(), 'iacgen-inventory-y');
    const { args } = sandboxCommand(sandbox, { command: 'true', args: [], cwd: repo, scratch: [scratch], home: '/home/ops' });
    const line = args.join(' ');
    const top = path.join(os.tmpdir(), 'iacgen-repo-x');
    expect(line).toContain(`--ro-bind ${top} ${top}`);
    expect(line).toContain(`--bind ${scratch} ${scratch}`);
    // After the tmpfs that hides them, or the tmpfs would hide the binds.
    expect(line.indexOf(`--ro-bind ${top}`)).toBeGreaterThan(line.indexOf('--tmpfs /tmp'));
  });
});

describe('sandboxOf', () => {
  it('wraps only checkers that can run the repository code, and only while a run has a sandbox', () => {
    expect(sandboxOf({ runsRepositoryCode: true })).toBeUndefined();
    useSandbox({ bwrap: '/usr/bin/bwrap' });
    expect(sandboxOf({ runsRepositoryCode: true })).toEqual({ bwrap: '/usr/bin/bwrap' });
    expect(sandboxOf({ runsRepositoryCode: false })).toBeUndefined();
  });
});

describe('decideSandbox without bwrap (IACGEN_BWRAP at a missing path)', () => {
  it('reports it unavailable, with what failed and the fix, and one warning line', async () => {
    const decision = await decideSandbox({ env: MISSING, strict: false });
    expect(decision.sandbox).toBeUndefined();
    expect(decision.state).toEqual({
      status: 'unavailable',
      bwrap: '/nonexistent/bwrap',
      why: '/nonexistent/bwrap does not exist (IACGEN_BWRAP)',
      fix: 'install bubblewrap: apt-get install bubblewrap',
    });
    if (decision.state.status !== 'unavailable') throw new Error('unreachable');
    expect(sandboxWarning(decision.state).split('\n')).toHaveLength(1);
  });

  it('refuses with --strict (UsageError, exit 2)', async () => {
    const refused = decideSandbox({ env: MISSING, strict: true });
    await expect(refused).rejects.toBeInstanceOf(UsageError);
    await expect(refused).rejects.toMatchObject({ exitCode: 2, message: '--strict: refusing to check without the sandbox: /nonexistent/bwrap does not exist (IACGEN_BWRAP)' });
  });

  it('is off, without a probe, for --no-sandbox and IACGEN_SANDBOX=off, even with --strict', async () => {
    expect(await decideSandbox({ flag: false, env: MISSING, strict: true })).toEqual({ state: { status: 'off', why: '--no-sandbox' } });
    expect(await decideSandbox({ env: { ...MISSING, IACGEN_SANDBOX: 'off' }, strict: true })).toEqual({ state: { status: 'off', why: 'IACGEN_SANDBOX=off' } });
    await expect(decideSandbox({ env: { ...MISSING, IACGEN_SANDBOX: 'maybe' }, strict: false })).rejects.toBeInstanceOf(UsageError);
  });
});

describe('sandboxNote (the pretty report)', () => {
  const result = (sandboxed: boolean, sandbox: ValidationResult['sandbox']): ValidationResult => ({
    cwd: '/r',
    files: [],
    durationMs: 1,
    checkers: [{ id: 'ansible-lint', policy: 'optional', status: 'ran', sandboxed }],
    ...(sandbox ? { sandbox } : {}),
  });

  it('warns when a checker ran unsandboxed, and says nothing otherwise', () => {
    expect(sandboxNote(result(false, { status: 'unavailable', why: 'bwrap (bubblewrap) is not on PATH', fix: 'install bubblewrap: apt-get install bubblewrap' }))).toBe(
      "warning: no sandbox (bwrap (bubblewrap) is not on PATH; to fix: install bubblewrap: apt-get install bubblewrap): ansible-lint ran with the repository's code unsandboxed",
    );
    expect(sandboxNote(result(false, { status: 'off', why: '--no-sandbox' }))).toContain('switched off by --no-sandbox');
    expect(sandboxNote(result(true, { status: 'on', bwrap: '/usr/bin/bwrap' }))).toBeUndefined();
    expect(sandboxNote(result(false, undefined))).toBeUndefined();
  });
});
