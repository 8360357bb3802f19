/** The pretty reporter: line format, grouping, summary line, slowest checkers, colours. */
import { describe, expect, it } from 'vitest';
import type { ValidationResult } from '../../../src/check/types.js';
import { checkerCalls, checkerTimes, formatPretty, summaryLine } from '../../../src/report/pretty.js';
import { fixtureResult, NASTY_MESSAGE, ODD_PATH } from './fixture.js';

describe('formatPretty', () => {
  const text = formatPretty(fixtureResult());
  const lines = text.trimEnd().split('\n');

  it('prints findings as path:line:col: severity rule message (checker), under the file', () => {
    expect(text).toContain('ansible/playbooks/site.yml\n  ansible/playbooks/site.yml:3:81: warning line-length line too long (96 > 80 characters) (yamllint)\n');
    expect(text).toContain("  ansible/playbooks/site.yml:12:7: error syntax-check couldn't resolve module/action");
    expect(text).toContain(`  ${ODD_PATH}:8:3: error jinja[invalid] ${NASTY_MESSAGE} (ansible-lint)`);
  });

  it('says which paths were not checked and why, binary files too, but not the files no checker reads', () => {
    expect(text).toContain('Not checked (2 paths):\n  data/big inventory.yml: larger than 1048576 bytes (5242880 bytes)\n  images/logo.png: binary file\n\n');
    expect(text).not.toContain('README.md');
    expect(text).not.toContain('compose.yaml');
  });

  it('lists at most five paths per reason, then how many more', () => {
    const result = fixtureResult();
    for (let i = 0; i < 300; i++) result.files.push({ absPath: `${result.cwd}/img/${String(i).padStart(3, '0')}.png`, type: 'unknown', checks: [], diagnostics: [], note: 'binary file', notChecked: 'binary' });
    const many = formatPretty(result);
    expect(many).toContain('Not checked (302 paths):\n');
    expect(many).toContain('  img/003.png: binary file\n  ... and 296 more binary files (--format json lists every one)\n');
    expect(many.split('\n').filter((l) => l.endsWith(': binary file'))).toHaveLength(5);
  });

  it('lists skipped checks by checker and reason, leaving the missing checkers to their own block', () => {
    const result = fixtureResult();
    const reason = 'outside the repository (ansible-lint can run code from the files it checks)';
    for (const file of result.files.slice(0, 2)) {
      const lint = file.checks.find((c) => c.checker === 'ansible-lint');
      if (lint) Object.assign(lint, { status: 'skipped', reason, durationMs: 0 });
    }
    const shown = formatPretty(result);
    expect(shown).toContain(`Skipped checks:\n  ansible-lint on 2 files (${reason}): ansible/playbooks/site.yml, ansible/roles/wéb server/tasks/main.yml\n\n`);
    expect(shown).not.toMatch(/^ {2}shfmt on/m);
  });

  it('ends with the verdict line, after the slowest checkers', () => {
    expect(lines.at(-1)).toMatch(/^failed: 7 files checked, 7 errors, 3 warnings, 2 skipped checks$/);
    expect(lines.at(-2)).toBe('slowest: shellcheck 2495 ms, ansible-lint 1840 ms, ansible-syntax-check 1530 ms (whole run 3581 ms, checkers in parallel)');
    expect(text).toContain('Skipped checkers (not installed):\n  shfmt: apt-get install shfmt (required)\n');
  });

  it('has no colour unless asked', () => {
    const plain = formatPretty(fixtureResult()).replaceAll(NASTY_MESSAGE, '');
    expect(plain).not.toContain('\u001b[');
  });

  it('says passed when there is no error, and leaves out the slowest line when nothing ran', () => {
    const clean: ValidationResult = { cwd: '/r', files: [{ absPath: '/r/a.yml', type: 'yaml', checks: [], diagnostics: [] }], checkers: [], durationMs: 5 };
    expect(formatPretty(clean)).toBe('passed: 1 file checked, 0 errors, 0 warnings, 0 skipped checks\n');
    expect(summaryLine(clean)).toMatch(/^passed: 1 files? checked, 0 errors/);
  });

  it('names every checker that agreed on a finding, and says failed on warnings under --fail-on warning', () => {
    const result: ValidationResult = {
      cwd: '/r',
      files: [{ absPath: '/r/a.yml', type: 'yaml', checks: [], diagnostics: [{ line: 7, column: 16, severity: 'warning', rule: 'trailing-spaces', message: 'trailing spaces', source: 'yamllint', agreed: ['yamllint', 'ansible-lint'] }] }],
      checkers: [],
      durationMs: 5,
    };
    expect(formatPretty(result)).toContain('  a.yml:7:16: warning trailing-spaces trailing spaces (yamllint + ansible-lint)\n');
    expect(summaryLine(result)).toMatch(/^passed: 1 file checked, 0 errors, 1 warning/);
    expect(summaryLine(result, { failOn: 'warning' })).toMatch(/^failed: 1 file checked, 0 errors, 1 warning/);
  });
});

describe('checkerCalls and checkerTimes', () => {
  it('counts a batch once and sums per-file calls', () => {
    const calls = checkerCalls(fixtureResult());
    const of = (id: string) => calls.filter((c) => c.checker === id).map((c) => [c.durationMs, c.files.length]);
    expect(of('yamllint')).toEqual([[212, 3]]);
    expect(of('ansible-lint')).toEqual([[1840, 2]]);
    expect(of('bash-syntax')).toEqual([[4, 1], [3, 1]]);
    expect(of('shellcheck')).toEqual([[95, 1], [2400, 1]]);
    expect(of('shfmt')).toEqual([]);
  });

  it('orders checkers slowest first with their call counts', () => {
    expect(checkerTimes(fixtureResult()).map((t) => `${t.checker} ${t.durationMs}/${t.calls}`)).toEqual([
      'shellcheck 2495/2',
      'ansible-lint 1840/1',
      'ansible-syntax-check 1530/1',
      'yamllint 212/1',
      'python-compile 61/1',
      'bash-syntax 7/2',
    ]);
  });
});
