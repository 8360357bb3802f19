/** The fingerprint of a finding: stable when code moves, broken when the offending line changes. */
import { describe, expect, it } from 'vitest';
import { fingerprintOf, normaliseLine, splitLines } from '../../../src/baseline/fingerprint.js';
import { wholeFile } from '../../../src/baseline/whole-file.js';

const SCRIPT = ['#!/bin/bash', 'set -eu', 'name=world', 'echo $name', 'ls /tmp', 'exit 0'];
const at = (line: number, column = 6) => ({ line, column, message: 'Double quote to prevent globbing and word splitting.' });

describe('normaliseLine', () => {
  it('trims and collapses inner blanks', () => {
    expect(normaliseLine('  echo \t $name   x ')).toBe('echo $name x');
  });
});

describe('fingerprintOf', () => {
  it('keeps both hashes when a 20-line block is inserted above, away from the line', () => {
    const before = fingerprintOf(SCRIPT, at(4));
    const block = Array.from({ length: 20 }, (_, i) => `echo block ${i}`);
    const moved = ['#!/bin/bash', ...block, ...SCRIPT.slice(1)];
    expect(moved[23]).toBe('echo $name');
    expect(fingerprintOf(moved, at(24))).toEqual(before);
  });

  it('keeps the line fingerprint (not the context one) when the block lands right above the line', () => {
    const before = fingerprintOf(SCRIPT, at(4));
    const moved = [...SCRIPT.slice(0, 3), 'echo inserted', 'echo inserted again', ...SCRIPT.slice(3)];
    const after = fingerprintOf(moved, at(6));
    expect(after.lineFingerprint).toBe(before.lineFingerprint);
    expect(after.fingerprint).not.toBe(before.fingerprint);
  });

  it('ignores indentation, blank lines between neighbours and edits far away', () => {
    const before = fingerprintOf(SCRIPT, at(4));
    const edited = ['#!/usr/bin/env bash', 'set -eu', '', 'name=world', '    echo   $name', '', 'ls /tmp', 'exit 0', 'echo far away'];
    expect(fingerprintOf(edited, at(5))).toEqual(before);
  });

  it('changes both hashes when the offending line changes', () => {
    const before = fingerprintOf(SCRIPT, at(4));
    const changed = SCRIPT.map((l) => (l === 'echo $name' ? 'echo $other' : l));
    const after = fingerprintOf(changed, at(4));
    expect(after.lineFingerprint).not.toBe(before.lineFingerprint);
    expect(after.fingerprint).not.toBe(before.fingerprint);
  });

  it('keys a whole-file finding (line 1 column 1) by its message, numbers left out', () => {
    const a = fingerprintOf(SCRIPT, { line: 1, column: 1, message: 'not a playbook (line 12)' });
    const b = fingerprintOf(['changed', ...SCRIPT], { line: 1, column: 1, message: 'not a playbook (line 14)' });
    expect(a).toEqual(b);
    expect(a.fingerprint).toBe(a.lineFingerprint);
    expect(fingerprintOf(SCRIPT, { line: 1, column: 1, message: 'another problem' }).fingerprint).not.toBe(a.fingerprint);
  });

  it('gives a stable key for a line the file does not have (an unreadable file)', () => {
    expect(fingerprintOf([], at(4))).toEqual(fingerprintOf([], at(9)));
    expect(fingerprintOf([], at(4)).fingerprint).toMatch(/^[0-9a-f]{16}$/);
  });

  it('reads CRLF files as LF ones', () => {
    expect(fingerprintOf(splitLines(SCRIPT.join('\r\n')), at(4))).toEqual(fingerprintOf(splitLines(SCRIPT.join('\n')), at(4)));
  });
});

describe('findings about the whole file', () => {
  it('keys a rule whose doc says scope: file by its message, whatever line it names (a header added above keeps it)', () => {
    const before = splitLines('---\nkey: value\n');
    const after = splitLines(`---\n${Array.from({ length: 20 }, (_, i) => `# note ${i}`).join('\n')}\nkey: value\n`);
    const finding = { source: 'iacgen', rule: 'header-missing', line: 2, column: 1, message: 'no header block' };
    expect(wholeFile(finding)).toBe(true);
    expect(fingerprintOf(after, { ...finding, wholeFile: true })).toEqual(fingerprintOf(before, { ...finding, wholeFile: true }));
    // Control: keyed by its line, the same finding would not match (line 2 is now a comment).
    expect(fingerprintOf(after, finding).lineFingerprint).not.toBe(fingerprintOf(before, finding).lineFingerprint);
  });

  it('keeps line rules keyed by their line', () => {
    expect(wholeFile({ source: 'iacgen', rule: 'secret-literal' })).toBe(false);
    expect(wholeFile({ source: 'shellcheck', rule: 'SC2086' })).toBe(false);
    expect(wholeFile({ source: 'yamllint', rule: 'document-start' })).toBe(true);
  });
});
