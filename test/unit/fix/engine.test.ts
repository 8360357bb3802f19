/**
 * The fix engine with test-only fixers and formatters: chaining, unsafe gating, the comment
 * guard, a failing formatter, and the re-validation that drops a fix making its file invalid
 * while another file's fix is kept (once with a fake re-validation, once with the real one).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CheckRecord, Diagnostic, FileResult, ValidationResult } from '../../../src/check/types.js';
import type { FileType } from '../../../src/classify/tables.js';
import { settingsSchema } from '../../../src/config/schema.js';
import { computeFixes, newProblems, type FixedText, type FixOptions, type Revalidated } from '../../../src/fix/engine.js';
import type { Formatter } from '../../../src/fix/formatters/types.js';
import type { TextFixer } from '../../../src/fix/types.js';
import { revalidate } from '../../../src/fix/verify.js';
import { tempDir, writeTree } from '../../helpers.js';

const CONTEXT = { root: '/r', author: 'Test Operator', date: '2026-12-06' };

function finding(source: string, rule: string, line = 1, severity: Diagnostic['severity'] = 'warning'): Diagnostic {
  return { line, column: 1, severity, rule, message: `${rule} here`, source };
}

/** A repository with `files` and a validation result giving each file the findings listed. */
function setup(files: Record<string, { text: string; type: FileType; findings: Diagnostic[] }>): { root: string; result: ValidationResult } {
  const root = tempDir();
  writeTree(root, Object.fromEntries(Object.entries(files).map(([rel, f]) => [rel, f.text])));
  const result: ValidationResult = {
    cwd: root,
    durationMs: 1,
    checkers: [],
    files: Object.entries(files).map(([rel, f]) => ({ absPath: path.join(root, rel), type: f.type, checks: [], diagnostics: f.findings })),
  };
  return { root, result };
}

/** A fixer replacing `from` with `to`, for the findings keyed `key`. */
function replacer(id: string, key: string, from: string | RegExp, to: string, extra: Partial<TextFixer> = {}): TextFixer {
  return { id, handles: [key], fileTypes: ['yaml', 'shell'], safety: 'safe', apply: (file) => file.text.replace(from, to), ...extra };
}

/** A re-validation that finds nothing wrong anywhere. */
const allGood: FixOptions['revalidate'] = async (files) => new Map(files.map((f) => [f.relPath, { before: clean(f.absPath), after: clean(f.absPath) }]));

function clean(absPath: string, diagnostics: Diagnostic[] = [], checks: CheckRecord[] = []): FileResult {
  return { absPath, type: 'yaml', checks, diagnostics };
}

describe('computeFixes', () => {
  it('chains the text fixers in order, each on the text the one before left, and counts what each repaired', async () => {
    const { root, result } = setup({ 'a.yml': { type: 'yaml', text: 'key: one   \n', findings: [finding('yamllint', 'trailing-spaces'), finding('iacgen', 'header-missing')] } });
    const seen: string[] = [];
    const fixers = [
      replacer('trailing', 'yamllint:trailing-spaces', /one {3}/, 'one'),
      { ...replacer('header', 'iacgen:header-missing', /^/, '# Purpose: test\n'), apply: (file: { text: string }) => (seen.push(file.text), `# Purpose: test\n${file.text}`) },
    ];
    const [fix] = await computeFixes(result, { root, unsafe: false, context: CONTEXT, revalidate: allGood, fixers, formatters: [] });
    expect(seen).toEqual(['key: one\n']);
    expect(fix?.fixed).toBe('# Purpose: test\nkey: one\n');
    expect(fix?.steps.map((s) => [s.id, s.findings])).toEqual([['trailing', 1], ['header', 1]]);
    expect([fix?.repaired, fix?.left.length]).toEqual([2, 0]);
  });

  it('applies an unsafe fixer only with unsafe, and counts what it would repair', async () => {
    const files = { 's.sh': { type: 'shell' as const, text: '#!/bin/bash\necho hi\n', findings: [finding('iacgen', 'strict-mode')] } };
    const fixers = [replacer('strict', 'iacgen:strict-mode', '#!/bin/bash\n', '#!/bin/bash\nset -euo pipefail\n', { safety: 'unsafe' })];
    const safe = setup(files);
    const [without] = await computeFixes(safe.result, { root: safe.root, unsafe: false, context: CONTEXT, revalidate: allGood, fixers, formatters: [] });
    expect([without?.fixed, without?.needUnsafe, without?.left.length]).toEqual(['#!/bin/bash\necho hi\n', 1, 1]);
    const unsafe = setup(files);
    const [withIt] = await computeFixes(unsafe.result, { root: unsafe.root, unsafe: true, context: CONTEXT, revalidate: allGood, fixers, formatters: [] });
    expect([withIt?.fixed, withIt?.needUnsafe, withIt?.left.length]).toEqual(['#!/bin/bash\nset -euo pipefail\necho hi\n', 0, 0]);
  });

  it('gives a fixer only the files of its types, and refuses one that throws without stopping the others', async () => {
    const { root, result } = setup({ 'a.yml': { type: 'yaml', text: 'key: one   \n', findings: [finding('yamllint', 'trailing-spaces')] } });
    const fixers = [
      replacer('python-only', 'yamllint:trailing-spaces', 'key', 'KEY', { fileTypes: ['python'] }),
      { ...replacer('boom', 'yamllint:trailing-spaces', '', ''), apply: () => { throw new Error('no way'); } },
      replacer('trailing', 'yamllint:trailing-spaces', / +\n/, '\n'),
    ];
    const [fix] = await computeFixes(result, { root, unsafe: false, context: CONTEXT, revalidate: allGood, fixers, formatters: [] });
    expect(fix?.fixed).toBe('key: one\n');
    expect(fix?.refused).toEqual([{ fixer: 'boom', reason: 'failed: no way' }]);
    expect(fix?.steps.map((s) => s.id)).toEqual(['trailing']);
  });

  it('refuses a fix that drops a comment, keeps the file as it was for that step, and still runs the next fixer', async () => {
    const text = '# keep me\nkey: one   \n';
    const { root, result } = setup({ 'a.yml': { type: 'yaml', text, findings: [finding('yamllint', 'comments'), finding('yamllint', 'trailing-spaces')] } });
    const fixers = [replacer('eat-comment', 'yamllint:comments', '# keep me\n', ''), replacer('trailing', 'yamllint:trailing-spaces', /one {3}/, 'one')];
    const [fix] = await computeFixes(result, { root, unsafe: false, context: CONTEXT, revalidate: allGood, fixers, formatters: [] });
    expect(fix?.fixed).toBe('# keep me\nkey: one\n');
    expect(fix?.refused).toEqual([{ fixer: 'eat-comment', reason: 'refused: it would drop the comment "keep me"' }]);
    expect(fix?.left.map((d) => d.rule)).toEqual(['comments']);
  });

  it('runs a formatter only on a file with a finding it repairs, after the text fixers, and reports its failure', async () => {
    const { root, result } = setup({
      'a.sh': { type: 'shell', text: 'echo  a\n', findings: [finding('shfmt', 'format')] },
      'b.sh': { type: 'shell', text: 'echo  b\n', findings: [finding('shellcheck', 'SC2086')] },
      'c.sh': { type: 'shell', text: 'if\n', findings: [finding('shfmt', 'format')] },
    });
    const calls: string[] = [];
    const formatter: Formatter = {
      id: 'squeeze',
      repairs: ['shfmt:format'],
      fileTypes: ['shell'],
      format: async (file) => (calls.push(file.relPath), file.text.startsWith('if') ? { failure: 'cannot parse' } : { text: file.text.replace(/ +/g, ' ') }),
    };
    const fixes = await computeFixes(result, { root, unsafe: false, context: CONTEXT, revalidate: allGood, fixers: [], formatters: [formatter] });
    expect(calls.sort()).toEqual(['a.sh', 'c.sh']);
    expect(fixes.map((f) => f.fixed)).toEqual(['echo a\n', 'echo  b\n', 'if\n']);
    expect(fixes[2]?.refused).toEqual([{ fixer: 'squeeze', reason: 'not applied: cannot parse' }]);
  });

  it('drops the fix of a file the re-validation finds broken, naming the fixers and the new error, and keeps the other file', async () => {
    const { root, result } = setup({
      'bad.yml': { type: 'yaml', text: 'key: one   \n', findings: [finding('yamllint', 'trailing-spaces')] },
      'good.yml': { type: 'yaml', text: 'key: two   \n', findings: [finding('yamllint', 'trailing-spaces')] },
    });
    const fixers = [{ ...replacer('trailing', 'yamllint:trailing-spaces', / +\n/, '\n'), apply: (f: { relPath: string; text: string }) => f.text.replace(/ +\n/, f.relPath === 'bad.yml' ? ': [\n' : '\n') }];
    const revalidated = async (files: readonly FixedText[]): Promise<Map<string, Revalidated>> =>
      new Map(files.map((f) => [f.relPath, { before: clean(f.absPath), after: clean(f.absPath, f.fixed.includes('[') ? [finding('yaml-parse', 'syntax', 1, 'error')] : []) }]));
    const [bad, good] = await computeFixes(result, { root, unsafe: false, context: CONTEXT, revalidate: revalidated, fixers, formatters: [] });
    expect(bad?.fixed).toBe(bad?.original);
    expect(bad?.refused).toEqual([{ fixer: 'trailing', reason: 'dropped: the file would not be valid afterwards: yaml-parse reports syntax at line 1: syntax here' }]);
    expect([bad?.repaired, bad?.left.length]).toEqual([0, 1]);
    expect(good?.fixed).toBe('key: two\n');
    expect([good?.repaired, good?.left.length]).toEqual([1, 0]);
  });

  it('with the real re-validation, drops a fix that breaks the YAML and keeps the other file fixed, writing nothing itself', async () => {
    const { root, result } = setup({
      'bad.yml': { type: 'yaml', text: '---\nkey: one   \n', findings: [finding('yamllint', 'trailing-spaces', 2)] },
      'good.yml': { type: 'yaml', text: '---\nkey: two   \n', findings: [finding('yamllint', 'trailing-spaces', 2)] },
    });
    const fixers = [{ ...replacer('trailing', 'yamllint:trailing-spaces', / +\n/, '\n'), apply: (f: { relPath: string; text: string }) => f.text.replace(/ +\n/, f.relPath === 'bad.yml' ? ': [\n' : '\n') }];
    const settings = settingsSchema.parse({});
    const [bad, good] = await computeFixes(result, {
      root,
      unsafe: false,
      context: CONTEXT,
      fixers,
      formatters: [],
      revalidate: (files) => revalidate(files, { root, settings, hasConfigFile: false, only: ['yaml-parse'] }),
    });
    expect(bad?.fixed).toBe('---\nkey: one   \n');
    expect(bad?.refused[0]?.reason).toMatch(/^dropped: the file would not be valid afterwards: yaml-parse reports /);
    expect(good?.fixed).toBe('---\nkey: two\n');
    expect(readFileSync(path.join(root, 'good.yml'), 'utf8')).toBe('---\nkey: two   \n');
  });
});

describe('newProblems', () => {
  const at = '/r/a.yml';
  it('names an error the original did not have, not one it had, nor a warning', () => {
    const before = clean(at, [finding('yamllint', 'syntax', 3, 'error')]);
    const after = clean(at, [finding('yamllint', 'syntax', 4, 'error'), finding('yamllint', 'indentation', 2, 'error'), finding('yamllint', 'colons', 1, 'warning')]);
    expect(newProblems(before, after)).toEqual(['yamllint reports indentation at line 2: indentation here']);
  });

  it('names a checker that passed before and fails afterwards', () => {
    const before = clean(at, [], [{ checker: 'ansible-syntax-check', status: 'pass', durationMs: 1 }]);
    const after = clean(at, [], [{ checker: 'ansible-syntax-check', status: 'error', durationMs: 1, reason: 'crashed' }]);
    expect(newProblems(before, after)).toEqual(['ansible-syntax-check passed before and now fails to run (crashed)']);
    expect(newProblems(after, before)).toEqual([]);
  });
});
