/** The baseline layer on a run's result: marking known findings, counting new and stale ones. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyBaseline, keyFindings } from '../../../src/baseline/apply.js';
import { entriesFor } from '../../../src/baseline/match.js';
import type { CheckerInfo, Diagnostic, FileResult } from '../../../src/check/types.js';
import { tempDir, writeTree } from '../../helpers.js';

const CHECKERS: CheckerInfo[] = [
  { id: 'shellcheck', policy: 'optional', status: 'ran' },
  { id: 'yamllint', policy: 'optional', status: 'ran' },
];
const sc = (line: number): Diagnostic => ({ line, column: 6, severity: 'error', rule: 'SC2086', message: 'quote it', source: 'shellcheck' });

function shellFile(root: string, diagnostics: Diagnostic[], status: 'pass' | 'fail' | 'skipped' = 'fail'): FileResult {
  return { absPath: path.join(root, 'run.sh'), type: 'shell', checks: [{ checker: 'shellcheck', status, durationMs: 1 }], diagnostics };
}

/** A repository with run.sh and other.sh, and a baseline of both files' findings. */
async function setUp() {
  const root = tempDir();
  writeTree(root, { 'run.sh': '#!/bin/bash\necho $1\nls $2\n', 'other.sh': '#!/bin/bash\nrm $1\n' });
  const other: FileResult = { absPath: path.join(root, 'other.sh'), type: 'shell', checks: [{ checker: 'shellcheck', status: 'fail', durationMs: 1 }], diagnostics: [sc(2)] };
  const entries = entriesFor(await keyFindings([shellFile(root, [sc(2), sc(3)]), other], root));
  return { root, entries, baseline: { file: '.iacgen-baseline.json', entries } };
}

describe('applyBaseline', () => {
  it('marks the known findings and counts nothing new on an unchanged run', async () => {
    const { root, baseline } = await setUp();
    const { files, use } = await applyBaseline([shellFile(root, [sc(2), sc(3)])], CHECKERS, baseline, { root, whole: false });
    expect(files[0]?.diagnostics.every((d) => d.baseline === true)).toBe(true);
    expect(use).toEqual({ file: '.iacgen-baseline.json', matched: 2, new: 0, stale: 0 });
  });

  it('counts a finding on a changed line as new, and its old entry as stale', async () => {
    const { root, baseline } = await setUp();
    writeTree(root, { 'run.sh': '#!/bin/bash\necho $1\nls -l $2\n' });
    const { files, use } = await applyBaseline([shellFile(root, [sc(2), sc(3)])], CHECKERS, baseline, { root, whole: false });
    expect(files[0]?.diagnostics.map((d) => d.baseline ?? false)).toEqual([true, false]);
    expect(use).toMatchObject({ matched: 1, new: 1, stale: 1 });
  });

  it('counts as stale the entries of a file not checked only when the whole repository was', async () => {
    const { root, baseline } = await setUp();
    const run = [shellFile(root, [sc(2), sc(3)])];
    expect((await applyBaseline(run, CHECKERS, baseline, { root, whole: false })).use.stale).toBe(0);
    expect((await applyBaseline(run, CHECKERS, baseline, { root, whole: true })).use.stale).toBe(1);
  });

  it('never counts as stale what a skipped check or a checker that did not run could not see', async () => {
    const { root, baseline } = await setUp();
    expect((await applyBaseline([shellFile(root, [], 'skipped')], CHECKERS, baseline, { root, whole: false })).use.stale).toBe(0);
    const missing: CheckerInfo[] = [{ id: 'shellcheck', policy: 'optional', status: 'missing' }];
    expect((await applyBaseline([shellFile(root, [], 'pass')], missing, baseline, { root, whole: true })).use.stale).toBe(0);
    expect((await applyBaseline([shellFile(root, [], 'pass')], CHECKERS, baseline, { root, whole: false })).use.stale).toBe(2);
  });

  it('never baselines a missing or crashed checker: it stays new', async () => {
    const { root, baseline } = await setUp();
    const failed: Diagnostic = { line: 1, column: 1, severity: 'error', rule: 'checker-failed', message: 'crashed', source: 'shellcheck' };
    expect(await keyFindings([shellFile(root, [failed])], root)).toEqual([]);
    const { use } = await applyBaseline([shellFile(root, [sc(2), sc(3), failed])], CHECKERS, baseline, { root, whole: false });
    expect(use).toMatchObject({ matched: 2, new: 1 });
  });
});
