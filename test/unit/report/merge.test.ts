/** Joining reports of disjoint runs (`report/merge.ts`): order, checker precedence, sums and refusals. */
import { describe, expect, it } from 'vitest';
import type { CheckerInfo, FileResult, ValidationResult } from '../../../src/check/types.js';
import { mergeResults, mergeSarif, MergeError } from '../../../src/report/merge.js';
import { formatSarif } from '../../../src/report/sarif.js';

const file = (rel: string, rule?: string): FileResult => ({
  absPath: `/repo/${rel}`,
  type: 'shell',
  checks: [{ checker: 'shellcheck', status: rule ? 'fail' : 'pass', durationMs: 5 }],
  diagnostics: rule ? [{ source: 'shellcheck', rule, severity: 'warning', line: 1, column: 1, message: `${rule} here` }] : [],
});

const result = (files: FileResult[], checkers: CheckerInfo[], extra: Partial<ValidationResult> = {}): ValidationResult => ({ cwd: '/repo', files, checkers, durationMs: 100, ...extra });
const ran: CheckerInfo = { id: 'shellcheck', policy: 'optional', status: 'ran', path: '/usr/bin/shellcheck', version: '0.9.0' };
const order = ['yamllint', 'shellcheck', 'iacgen'];

describe('mergeResults', () => {
  it('orders files by path, keeps the checker that ran, adds baseline counts and takes the longest run', () => {
    const a = result([file('b.sh', 'SC2086')], [{ id: 'iacgen', policy: 'optional', status: 'ran' }, { id: 'shellcheck', policy: 'optional', status: 'missing' }], { baseline: { file: '.iacgen-baseline.json', matched: 1, new: 2, stale: 0 }, durationMs: 300, selection: { shard: { index: 1, count: 2 } } });
    const b = result([file('a.sh'), file('c/d.sh')], [ran], { baseline: { file: '.iacgen-baseline.json', matched: 0, new: 1, stale: 3 }, selection: { shard: { index: 2, count: 2 } } });
    const merged = mergeResults([{ name: 'one.json', result: a }, { name: 'two.json', result: b }], order);
    expect(merged.files.map((f) => f.absPath)).toEqual(['/repo/a.sh', '/repo/b.sh', '/repo/c/d.sh']);
    expect(merged.checkers.map((c) => `${c.id}:${c.status}`)).toEqual(['shellcheck:ran', 'iacgen:ran']);
    expect(merged.checkers[0]?.version).toBe('0.9.0');
    expect(merged.baseline).toEqual({ file: '.iacgen-baseline.json', matched: 1, new: 3, stale: 3 });
    expect(merged.durationMs).toBe(300);
    expect(merged.selection).toBeUndefined();
  });

  it('refuses overlapping reports, a missing shard, a repeated one and different splits', () => {
    const one = (index: number, count: number, rel = `f${index}.sh`) => result([file(rel)], [ran], { selection: { shard: { index, count } } });
    expect(() => mergeResults([{ name: 'x', result: one(1, 2, 'same.sh') }, { name: 'y', result: one(2, 2, 'same.sh') }], order)).toThrow(/same\.sh is in both x and y/);
    expect(() => mergeResults([{ name: 'x', result: one(1, 3) }, { name: 'y', result: one(3, 3) }], order)).toThrow(/shard 2\/3 is missing/);
    expect(() => mergeResults([{ name: 'x', result: one(1, 2) }, { name: 'y', result: one(1, 2, 'g.sh') }], order)).toThrow(/x and y are both shard 1\/2/);
    expect(() => mergeResults([{ name: 'x', result: one(1, 2) }, { name: 'y', result: one(2, 3) }], order)).toThrow(MergeError);
  });

  it('keeps --changed-since when every report says the same', () => {
    const since = { ref: 'main', base: 'abc', changed: 4 };
    const merged = mergeResults([{ name: 'x', result: result([file('a.sh')], [ran], { selection: { changedSince: since, shard: { index: 1, count: 2 } } }) }, { name: 'y', result: result([file('b.sh')], [ran], { selection: { changedSince: since, shard: { index: 2, count: 2 } } }) }], order);
    expect(merged.selection).toEqual({ changedSince: since });
  });
});

describe('mergeSarif', () => {
  it('joins SARIF logs of two parts into the log of the whole', () => {
    const files = [file('a.sh', 'SC2086'), file('b.sh', 'SC2068'), file('c.sh', 'SC2086')];
    const whole = JSON.parse(formatSarif(result(files, [ran])));
    const first = JSON.parse(formatSarif(result([files[1] as FileResult], [ran])));
    const second = JSON.parse(formatSarif(result([files[0] as FileResult, files[2] as FileResult], [ran])));
    expect(mergeSarif([{ name: 'x', log: first }, { name: 'y', log: second }], order)).toEqual(whole);
  });
});
