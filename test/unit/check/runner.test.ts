import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkerManifestSchema } from '../../../src/check/manifest.js';
import { planCalls, runChecks } from '../../../src/check/runner.js';
import type { CommandChecker, OutputParser } from '../../../src/check/types.js';
import { tempDir, writeTree } from '../../helpers.js';

/** A fake checker built on `sh -c SCRIPT sh FILES...`; the parser reports `file:line:message` lines. */
function fakeChecker(id: string, script: string, extra: Partial<Record<string, unknown>> = {}): CommandChecker {
  const parse: OutputParser = ({ stdout }) => ({
    diagnostics: stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const [file = '', lineNo = '1', message = ''] = line.split(':');
        return { file, line: Number(lineNo), column: 1, severity: 'error' as const, rule: 'fake', message, source: id };
      }),
  });
  const manifest = checkerManifestSchema.parse({
    id,
    command: 'sh',
    args: ['-c', script, 'sh', '{files}'],
    fileTypes: ['shell'],
    mode: 'files',
    versionArgs: ['-c', 'echo 1'],
    timeoutMs: 5000,
    okExitCodes: [0, 1],
    installHint: 'apt-get install fake',
    ...extra,
  });
  return { ...manifest, parse };
}

function targets(dir: string, names: string[]) {
  writeTree(dir, Object.fromEntries(names.map((n) => [n, 'echo\n'])));
  return names.map((n) => ({ absPath: path.join(dir, n), type: 'shell' as const }));
}

describe('runChecks', () => {
  it('attributes diagnostics to the file they name and passes the others', async () => {
    const dir = tempDir();
    const files = targets(dir, ['a.sh', 'b.sh']);
    const checker = fakeChecker('fake', 'echo "b.sh:3:broken"; exit 1');
    const { byFile } = await runChecks(files, { cwd: dir, checkers: [checker] });
    expect(byFile.get(files[0]!.absPath)?.checks.map((c) => c.status)).toEqual(['pass']);
    expect(byFile.get(files[1]!.absPath)?.checks.map((c) => c.status)).toEqual(['fail']);
    expect(byFile.get(files[1]!.absPath)?.diagnostics).toMatchObject([{ line: 3, message: 'broken', source: 'fake' }]);
  });

  it('a batch that breaks on one file is checked again file by file: only that file is an error', async () => {
    const dir = tempDir();
    const files = targets(dir, ['a.sh', 'crash.sh', 'b.sh']);
    // Crashes (exit 3, not an ok exit code) whenever crash.sh is among its files, as a tool
    // that dies on one file takes the whole call down; reports b.sh otherwise.
    const checker = fakeChecker('fragile', 'for f in "$@"; do [ "$f" = crash.sh ] && { echo boom >&2; exit 3; }; done; for f in "$@"; do [ "$f" = b.sh ] && echo "b.sh:2:found"; done; exit 0');
    const { byFile } = await runChecks(files, { cwd: dir, checkers: [checker] });
    const status = (i: number) => byFile.get(files[i]!.absPath)?.checks.map((c) => c.status);
    expect([status(0), status(1), status(2)]).toEqual([['pass'], ['error'], ['fail']]);
    expect(byFile.get(files[1]!.absPath)?.checks[0]).toMatchObject({ reason: 'exited with code 3: boom', output: 'boom' });
    expect(byFile.get(files[2]!.absPath)?.diagnostics).toMatchObject([{ line: 2, message: 'found' }]);
  });

  it('turns a time-out into the error status and an error diagnostic, never a pass', async () => {
    const dir = tempDir();
    const files = targets(dir, ['slow.sh']);
    const checker = fakeChecker('slow', 'sleep 10', { timeoutMs: 300 });
    const { byFile } = await runChecks(files, { cwd: dir, checkers: [checker] });
    const result = byFile.get(files[0]!.absPath);
    expect(result?.checks).toMatchObject([{ checker: 'slow', status: 'error', reason: 'timed out after 300 ms' }]);
    expect(result?.diagnostics).toMatchObject([{ severity: 'error', rule: 'checker-failed' }]);
  });

  it('turns output its parser cannot read into the error status, carrying the raw output', async () => {
    const dir = tempDir();
    const files = targets(dir, ['x.sh']);
    const checker = { ...fakeChecker('garbled', 'echo "<<not json>>"'), parse: () => ({ diagnostics: [], failure: 'unreadable output' }) };
    const { byFile } = await runChecks(files, { cwd: dir, checkers: [checker] });
    expect(byFile.get(files[0]!.absPath)?.checks[0]).toMatchObject({ status: 'error', reason: 'unreadable output', output: '<<not json>>' });
  });

  it('treats an unexpected exit code as a checker failure', async () => {
    const dir = tempDir();
    const files = targets(dir, ['x.sh']);
    const { byFile } = await runChecks(files, { cwd: dir, checkers: [fakeChecker('crash', 'echo boom >&2; exit 70')] });
    expect(byFile.get(files[0]!.absPath)?.checks[0]).toMatchObject({ status: 'error', reason: 'exited with code 70: boom', output: 'boom' });
  });

  it('reports a missing checker as skipped with its install hint; a required one is also an error; off is not run', async () => {
    const dir = tempDir();
    const files = targets(dir, ['x.sh']);
    const checkers = [fakeChecker('needed', 'true'), fakeChecker('nice', 'true'), fakeChecker('unwanted', 'true')];
    const policy = (id: string) => (id === 'needed' ? 'required' : id === 'unwanted' ? 'off' : 'optional');
    const run = await runChecks(files, { cwd: dir, checkers, policy, resolveCommand: async () => undefined });
    expect(run.checkers).toEqual([
      { id: 'needed', policy: 'required', status: 'missing', installHint: 'apt-get install fake' },
      { id: 'nice', policy: 'optional', status: 'missing', installHint: 'apt-get install fake' },
      { id: 'unwanted', policy: 'off', status: 'off' },
    ]);
    const result = run.byFile.get(files[0]!.absPath);
    expect(result?.checks).toEqual([
      { checker: 'needed', status: 'skipped', durationMs: 0, reason: 'sh not installed (apt-get install fake)' },
      { checker: 'nice', status: 'skipped', durationMs: 0, reason: 'sh not installed (apt-get install fake)' },
    ]);
    expect(result?.diagnostics).toEqual([expect.objectContaining({ severity: 'error', rule: 'checker-missing', source: 'iacgen' })]);
  });

  it('falls back to the first alternative that is installed and passes its probe', async () => {
    const dir = tempDir();
    const files = targets(dir, ['x.sh']);
    const checker = fakeChecker('alt', 'true', {
      command: 'iacgen-no-such-command',
      alternatives: [
        { command: 'sh', args: ['-c', 'exit 70'], versionArgs: ['-c', 'exit 1'], probe: true },
        { command: 'sh', args: ['-c', 'echo "x.sh:4:from the alternative"; exit 1', 'sh', '{files}'], versionArgs: ['-c', 'echo 2.0.0'] },
      ],
    });
    const run = await runChecks(files, { cwd: dir, checkers: [checker] });
    expect(run.byFile.get(files[0]!.absPath)?.diagnostics).toEqual([expect.objectContaining({ line: 4, message: 'from the alternative' })]);
    expect(run.checkers).toEqual([expect.objectContaining({ id: 'alt', status: 'ran', version: '2.0.0' })]);
  });

  it('runs a stand-in built-in only when the checker it stands in for is missing', async () => {
    const dir = tempDir();
    const files = targets(dir, ['x.sh']);
    const standIn = {
      kind: 'builtin' as const, id: 'stand-in', fileTypes: ['shell' as const], mode: 'files' as const, timeoutMs: 1000, version: '1.0', batchSize: 10,
      onlyWithout: 'real',
      check: async () => ({ diagnostics: [] }),
    };
    const present = await runChecks(files, { cwd: dir, checkers: [fakeChecker('real', 'true'), standIn], versions: false });
    expect(present.checkers.map((c) => [c.id, c.status])).toEqual([['real', 'ran'], ['stand-in', 'off']]);
    const absent = await runChecks(files, { cwd: dir, checkers: [fakeChecker('real', 'true', { command: 'iacgen-no-such-command' }), standIn] });
    expect(absent.checkers.map((c) => [c.id, c.status])).toEqual([['real', 'missing'], ['stand-in', 'ran']]);
  });

  it("a stand-in checks the files its checker's command skips, and that command never gets them", async () => {
    const dir = tempDir();
    const files = targets(dir, ['x.sh', 'y.zsh', 'z.sh']);
    const seen: string[][] = [];
    const standIn = {
      kind: 'builtin' as const, id: 'stand-in', fileTypes: ['shell' as const], mode: 'files' as const, timeoutMs: 1000, version: '1.0', batchSize: 10,
      onlyWithout: 'real',
      check: async ({ files: some }: { files: string[] }) => {
        seen.push(some);
        return { diagnostics: [] };
      },
    };
    // `real` fails every file it is given: y.zsh must never be among them.
    const real = fakeChecker('real', 'for f in "$@"; do echo "$f:1:got it"; done; exit 1', { skips: { '.zsh': 'real reads no zsh' } });
    const run = await runChecks(files, { cwd: dir, checkers: [real, standIn], versions: false });
    expect(run.checkers.map((c) => [c.id, c.status])).toEqual([['real', 'ran'], ['stand-in', 'ran']]);
    expect(seen).toEqual([['y.zsh']]);
    const checks = (i: number) => run.byFile.get(files[i]!.absPath)?.checks.map((c) => `${c.checker} ${c.status}${c.reason ? ` ${c.reason}` : ''}`);
    expect([checks(0), checks(1), checks(2)]).toEqual([['real fail'], ['real skipped real reads no zsh', 'stand-in pass'], ['real fail']]);
  });

  it('records the version of each checker that ran', async () => {
    const dir = tempDir();
    const files = targets(dir, ['x.sh']);
    const checker = fakeChecker('versioned', 'true', { versionArgs: ['-c', 'echo "fake version v1.2.3 (build 7)"'] });
    const run = await runChecks(files, { cwd: dir, checkers: [checker] });
    expect(run.checkers).toEqual([expect.objectContaining({ id: 'versioned', status: 'ran', version: '1.2.3' })]);
  });

  it('runs a built-in checker in process and turns its crash into the error status', async () => {
    const dir = tempDir();
    const files = targets(dir, ['ok.sh', 'boom.sh']);
    const base = { kind: 'builtin' as const, fileTypes: ['shell' as const], mode: 'file' as const, timeoutMs: 1000, version: '1.0', batchSize: 10 };
    const builtin = {
      ...base,
      id: 'inproc',
      check: async ({ files: [file] }: { files: string[] }) => {
        if (file === 'boom.sh') throw new Error('parser exploded');
        return { diagnostics: [{ file: file ?? '', line: 2, column: 3, severity: 'warning' as const, rule: 'r', message: 'm', source: 'inproc' }] };
      },
    };
    const run = await runChecks(files, { cwd: dir, checkers: [builtin] });
    expect(run.byFile.get(files[0]!.absPath)).toMatchObject({ checks: [{ status: 'pass' }], diagnostics: [{ line: 2, severity: 'warning' }] });
    expect(run.byFile.get(files[1]!.absPath)?.checks).toEqual([expect.objectContaining({ status: 'error', reason: 'crashed: parser exploded' })]);
    expect(run.checkers).toEqual([{ id: 'inproc', policy: 'optional', status: 'ran', path: 'builtin', version: '1.0' }]);
  });

  it.each([
    [4, 'start start start start end end end end'],
    [1, 'start end start end start end start end'],
  ])('runs up to %i calls at once', async (concurrency, expected) => {
    const dir = tempDir();
    const files = targets(dir, ['1.sh', '2.sh', '3.sh', '4.sh']);
    // Each call logs its start, waits until all four could have started, then logs its end.
    const script = 'echo start >> log; sleep 0.5; echo end >> log';
    const checker = fakeChecker('each', script, { mode: 'file', args: ['-c', script, 'sh', '{file}'] });
    await runChecks(files, { cwd: dir, checkers: [checker], concurrency });
    expect(readFileSync(path.join(dir, 'log'), 'utf8').trim().split('\n').join(' ')).toBe(expected);
  });
});

describe('planCalls', () => {
  it('splits by mode', () => {
    const files = ['/r/a/1.sh', '/r/a/2.sh', '/r/b/3.sh'].map((absPath) => ({ absPath, type: 'shell' as const }));
    const batch = fakeChecker('batch', 'true', { batchSize: 2 });
    expect(planCalls(batch, undefined, files, '/r').map((c) => c.files.length)).toEqual([2, 1]);
    expect(planCalls({ ...batch, mode: 'file' }, undefined, files, '/r')).toHaveLength(3);
    expect(planCalls({ ...batch, mode: 'project' }, undefined, files, '/r').map((c) => c.dir)).toEqual(['a', 'b']);
  });
});
