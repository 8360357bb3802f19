/** Matching findings against the baseline as multisets, in two passes. */
import { describe, expect, it } from 'vitest';
import type { BaselineEntry } from '../../../src/baseline/file.js';
import { entriesFor, entryTotal, matchBaseline, type FindingKey } from '../../../src/baseline/match.js';

const finding = (fingerprint: string, lineFingerprint: string, extra: Partial<FindingKey> = {}): FindingKey => ({
  file: 'play.yml',
  source: 'ansible-lint',
  rule: 'no-changed-when',
  fingerprint,
  lineFingerprint,
  ...extra,
});
const entry = (fingerprint: string, lineFingerprint: string, extra: Partial<BaselineEntry> = {}): BaselineEntry => ({ ...finding(fingerprint, lineFingerprint), ...extra });

describe('matchBaseline', () => {
  it('matches on the context fingerprint, then on the line alone', () => {
    const result = matchBaseline([finding('c1', 'l1'), finding('moved', 'l2')], [entry('c1', 'l1'), entry('c2', 'l2')]);
    expect(result.matched).toHaveLength(2);
    expect(result.fresh).toEqual([]);
    expect(result.unmatched).toEqual([]);
  });

  it('reports a changed line as new and its entry as unmatched (stale)', () => {
    const result = matchBaseline([finding('c9', 'l9')], [entry('c1', 'l1')]);
    expect(result.fresh).toEqual([finding('c9', 'l9')]);
    expect(result.unmatched).toEqual([entry('c1', 'l1')]);
  });

  it('never matches across files, sources or rules', () => {
    const entries = [entry('c1', 'l1')];
    for (const other of [{ file: 'other.yml' }, { source: 'yamllint' }, { rule: 'fqcn' }]) {
      expect(matchBaseline([finding('c1', 'l1', other)], entries).fresh).toHaveLength(1);
    }
  });

  it('matches identical findings by count: a third copy is new', () => {
    const three = [finding('c1', 'l1'), finding('c1', 'l1'), finding('c1', 'l1')];
    const result = matchBaseline(three, [entry('c1', 'l1', { count: 2 })]);
    expect(result.matched).toHaveLength(2);
    expect(result.fresh).toHaveLength(1);
    expect(result.unmatched).toEqual([]);
  });

  it('keeps the leftover count of an entry that fewer findings matched', () => {
    const result = matchBaseline([finding('c1', 'l1')], [entry('c1', 'l1', { count: 3 })]);
    expect(result.unmatched).toEqual([entry('c1', 'l1', { count: 2 })]);
    expect(entryTotal(result.unmatched)).toBe(2);
  });

  it('reports as new the copy of a duplicated line whose context is new, not an old one', () => {
    // Two identical `become: yes` lines in the baseline; a third copy elsewhere is the new one.
    const old1 = finding('ctxA', 'same');
    const old2 = finding('ctxB', 'same');
    const added = finding('ctxC', 'same');
    const result = matchBaseline([added, old1, old2], [entry('ctxA', 'same'), entry('ctxB', 'same')]);
    expect(result.fresh).toEqual([added]);
  });
});

describe('entriesFor', () => {
  it('folds identical findings into one entry with a count, keeping the first message', () => {
    const entries = entriesFor([
      { ...finding('c1', 'l1'), message: 'first' },
      { ...finding('c1', 'l1'), message: 'second' },
      { ...finding('c2', 'l2'), message: 'other' },
    ]);
    expect(entries).toEqual([entry('c1', 'l1', { count: 2, message: 'first' }), entry('c2', 'l2', { message: 'other' })]);
    expect(entryTotal(entries)).toBe(3);
  });
});
