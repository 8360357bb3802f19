/** `iacgen doctor` end to end, with the real checkers and with a PATH that hides them. */
import { symlinkSync } from 'node:fs';
import path from 'node:path';
import { execaSync } from 'execa';
import { describe, expect, it } from 'vitest';
import { CHECKERS } from '../../src/check/registry.js';
import { haveTools, runCli, tempDir, tempRepo } from '../helpers.js';

/** A PATH holding only node and git: no checker is installed. */
function barePath(): string {
  const bin = tempDir('iacgen-bin-');
  for (const tool of ['node', 'git']) symlinkSync(execaSync('sh', ['-c', `command -v ${tool}`]).stdout.trim(), path.join(bin, tool));
  return bin;
}

describe('iacgen doctor', () => {
  it.skipIf(!haveTools('yamllint', 'shellcheck'))('lists every checker with its path and version', async () => {
    const run = await runCli(['doctor', '--json'], tempRepo());
    expect(run.exitCode, run.stderr).toBe(0);
    const { checkers } = JSON.parse(run.stdout) as { checkers: Array<{ id: string; found: boolean; path?: string; version?: string }> };
    expect(checkers.map((c) => c.id)).toEqual(CHECKERS.map((c) => c.id));
    expect(checkers.find((c) => c.id === 'yamllint')).toMatchObject({ found: true, path: expect.stringMatching(/yamllint$/), version: expect.stringMatching(/^\d+\.\d+/) });
    expect(checkers.find((c) => c.id === 'shellcheck')?.version).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('reports missing checkers with the install command, and exits 1 only when one is required', async () => {
    const env = { PATH: barePath() };
    const optional = await runCli(['doctor'], tempRepo(), env);
    expect(optional.exitCode).toBe(0);
    expect(optional.stdout).toMatch(/^missing {2}yamllint +MISSING {2}install: apt-get install yamllint$/m);
    const required = await runCli(['doctor'], tempRepo({ 'iacgen.yaml': 'checkers:\n  yamllint: required\n' }), env);
    expect(required.exitCode).toBe(1);
    expect(required.stdout).toMatch(/yamllint .*\[required\]/);
    expect(required.stdout).toMatch(/1 required checker\(s\) missing/);
  });

  it.skipIf(!haveTools('bwrap'))('shows the sandbox: bwrap path and version, or why it cannot start and the fix', async () => {
    const on = JSON.parse((await runCli(['doctor', '--json'], tempRepo())).stdout) as { sandbox: unknown };
    expect(on.sandbox).toEqual({ status: 'on', bwrap: expect.stringMatching(/bwrap$/), version: expect.stringMatching(/^\d+\.\d+/) });
    const missing = await runCli(['doctor'], tempRepo(), { IACGEN_BWRAP: '/nonexistent/bwrap' });
    expect(missing.exitCode).toBe(0);
    expect(missing.stdout).toMatch(/^missing {2}sandbox +\/nonexistent\/bwrap does not exist \(IACGEN_BWRAP\): .* to fix: install bubblewrap: apt-get install bubblewrap$/m);
    const off = JSON.parse((await runCli(['doctor', '--json'], tempRepo(), { IACGEN_SANDBOX: 'off' })).stdout) as { sandbox: unknown };
    expect(off.sandbox).toEqual({ status: 'off', why: 'IACGEN_SANDBOX=off' });
  });

  it('rejects an unknown checker id in iacgen.yaml with exit 2', async () => {
    const run = await runCli(['doctor'], tempRepo({ 'iacgen.yaml': 'checkers:\n  yamlint: required\n' }));
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/^iacgen: unknown checker 'yamlint' \(checkers: in iacgen\.yaml\)/);
  });
});
