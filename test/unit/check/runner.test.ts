import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkerManifestSchema } from '../../../src/check/manifest.js';
import { planCalls, runChecks } from '../../../src/check/runner.js';
import type { Checker, OutputParser } from '../../../src/check/types.js';
import { tempDir, writeTree } from '../../helpers.js';

/** A fake checker built on `sh -c SCRIPT sh FILES...`; the parser reports `file:line:message` lines. */
function fakeChecker(id: string, script: string, extra: Partial<Record<string, unknown>> = {}): Checker {
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

  it('turns a time-out into the error status and an error diagnostic, never a pass', async () => {
    const dir = tempDir();
    const files = targets(dir, ['slow.sh']);
    const checker = fakeChecker('slow', 'sleep 10', { timeoutMs: 300 });
    const { byFile } = await runChecks(files, { cwd: dir, checkers: [checker] });
    const result = byFile.get(files[0]!.absPath);
    expect(result?.checks).toMatchObject([{ checker: 'slow', status: 'error', reason: 'timed out after 300 ms' }]);
    expect(result?.diagnostics).toMatchObject([{ severity: 'error', rule: 'checker-failed' }]);
  });

  it('treats an unexpected exit code as a checker failure', async () => {
    const dir = tempDir();
    const files = targets(dir, ['x.sh']);
    const { byFile } = await runChecks(files, { cwd: dir, checkers: [fakeChecker('crash', 'echo boom >&2; exit 70')] });
    expect(byFile.get(files[0]!.absPath)?.checks[0]).toMatchObject({ status: 'error', reason: 'exited with code 70: boom' });
  });

  it('reports a missing required checker as skipped with its install hint, and ignores a missing optional one', async () => {
    const dir = tempDir();
    const files = targets(dir, ['x.sh']);
    const required = fakeChecker('needed', 'true');
    const optional = fakeChecker('nice', 'true', { required: false });
    const { byFile, missing } = await runChecks(files, { cwd: dir, checkers: [required, optional], resolveCommand: async () => undefined });
    expect(missing).toEqual({ needed: 'apt-get install fake' });
    expect(byFile.get(files[0]!.absPath)?.checks).toEqual([
      { checker: 'needed', status: 'skipped', durationMs: 0, reason: 'sh not installed (apt-get install fake)' },
    ]);
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
    expect(planCalls(batch, 'sh', files, '/r').map((c) => c.files.length)).toEqual([2, 1]);
    expect(planCalls({ ...batch, mode: 'file' }, 'sh', files, '/r')).toHaveLength(3);
    expect(planCalls({ ...batch, mode: 'project' }, 'sh', files, '/r').map((c) => c.dir)).toEqual(['a', 'b']);
  });
});
