/** Our diagnostics as LSP diagnostics: ranges (0-based, UTF-16), severities, source, code, baseline hints. */
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../../src/check/types.js';
import { keyOf, rangeOf, splitLines, toLspDiagnostic, toLspDiagnostics, utf16Offset } from '../../../src/lsp/convert.js';
import { ruleAddress } from '../../../src/report/rule-address.js';

const finding = (over: Partial<Diagnostic> = {}): Diagnostic => ({ line: 2, column: 3, severity: 'error', rule: 'syntax', message: 'broken', source: 'yamllint', ...over });

describe('rangeOf', () => {
  const lines = splitLines('first\r\n  key: value\nlast');

  it('starts at the 0-based line and column and ends at the end of the line', () => {
    expect(rangeOf({ line: 2, column: 3 }, lines)).toEqual({ start: { line: 1, character: 2 }, end: { line: 1, character: 12 } });
  });

  it('keeps a column past the line inside it, and a line past the end on the last line', () => {
    expect(rangeOf({ line: 1, column: 40 }, lines)).toEqual({ start: { line: 0, character: 5 }, end: { line: 0, character: 5 } });
    expect(rangeOf({ line: 9, column: 1 }, lines)).toEqual({ start: { line: 2, character: 0 }, end: { line: 2, character: 4 } });
    expect(rangeOf({ line: 1, column: 1 }, [])).toEqual({ start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });
  });

  it('counts a column in characters and a position in UTF-16 code units', () => {
    // '🚀' is one character and two UTF-16 code units.
    const rocket = splitLines('a: "🚀" x');
    expect(rangeOf({ line: 1, column: 7 }, rocket)).toEqual({ start: { line: 0, character: 7 }, end: { line: 0, character: 9 } });
    expect(utf16Offset('🚀ab', 1)).toBe(2);
    expect(utf16Offset('ab', 5)).toBe(5);
  });
});

describe('toLspDiagnostic', () => {
  it('maps severity, source, code and message, and keeps the finding in data', () => {
    const lines = splitLines('a\n  b: c\n');
    expect(toLspDiagnostic(finding(), lines)).toEqual({
      range: { start: { line: 1, character: 2 }, end: { line: 1, character: 6 } },
      severity: 1,
      source: 'iacgen/yamllint',
      code: 'syntax',
      message: 'broken',
      data: { checker: 'yamllint', rule: 'syntax', line: 2, column: 3 },
    });
    expect(toLspDiagnostic(finding({ severity: 'warning' }), lines).severity).toBe(2);
    expect(toLspDiagnostic(finding({ severity: 'info' }), lines).severity).toBe(3);
  });

  it('publishes a finding the baseline knows as a hint that says so', () => {
    const lsp = toLspDiagnostic(finding({ baseline: true }), ['x']);
    expect(lsp.severity).toBe(4);
    expect(lsp.message).toBe('broken (in the baseline)');
  });

  it('names the other checkers that agreed, and links ShellCheck codes to their wiki page only', () => {
    const lsp = toLspDiagnostic(finding({ source: 'shellcheck', rule: 'SC2086', agreed: ['shellcheck', 'bash-syntax'] }), ['x']);
    expect(lsp.message).toBe('broken (also bash-syntax)');
    expect(lsp.codeDescription).toEqual({ href: 'https://www.shellcheck.net/wiki/SC2086' });
    expect(ruleAddress('yamllint', 'SC2086')).toBeUndefined();
    expect(toLspDiagnostic(finding(), ['x']).codeDescription).toBeUndefined();
  });

  it('converts every finding of a file against its text', () => {
    expect(toLspDiagnostics([finding({ line: 1, column: 1 }), finding({ line: 2, column: 1 })], 'ab\ncd').map((d) => d.range.end.character)).toEqual([2, 2]);
  });
});

describe('keyOf', () => {
  const lines = ['é: bad'];

  it('reads the finding back from data, or from source, code and range when a client dropped data', () => {
    const lsp = toLspDiagnostic(finding({ line: 1, column: 3 }), lines);
    expect(keyOf(lsp, lines)).toEqual({ checker: 'yamllint', rule: 'syntax', line: 1, column: 3 });
    const { data: _data, ...bare } = lsp;
    expect(keyOf(bare, lines)).toEqual({ checker: 'yamllint', rule: 'syntax', line: 1, column: 3 });
  });

  it("ignores another server's diagnostics", () => {
    expect(keyOf({ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, message: 'x', source: 'yaml-language-server' }, lines)).toBeUndefined();
  });
});
