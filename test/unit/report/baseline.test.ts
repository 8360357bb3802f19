/** Every reporter with a baseline in use: known findings apart, never failures; new ones as before. */
import type * as Sarif from 'sarif';
import { describe, expect, it } from 'vitest';
import type { ValidationResult } from '../../../src/check/types.js';
import { formatGithub } from '../../../src/report/github.js';
import { formatJson } from '../../../src/report/json.js';
import { formatJunit } from '../../../src/report/junit.js';
import { formatPretty, summaryLine } from '../../../src/report/pretty.js';
import { formatSarif } from '../../../src/report/sarif.js';
import { failsRun } from '../../../src/verdict/fail-on.js';

/** One script: an error the baseline knows, a new warning; and one stale baseline finding. */
function result(withBaseline = true): ValidationResult {
  return {
    cwd: '/repo',
    durationMs: 10,
    checkers: [{ id: 'shellcheck', policy: 'optional', status: 'ran', version: '0.9.0' }],
    files: [
      {
        absPath: '/repo/run.sh',
        type: 'shell',
        checks: [{ checker: 'shellcheck', status: 'fail', durationMs: 5 }],
        diagnostics: [
          { line: 2, column: 6, severity: 'error', rule: 'SC2068', message: 'Double quote array expansions.', source: 'shellcheck', ...(withBaseline ? { baseline: true as const } : {}) },
          { line: 4, column: 1, severity: 'warning', rule: 'SC2164', message: "Use 'cd ... || exit'.", source: 'shellcheck' },
        ],
      },
    ],
    ...(withBaseline ? { baseline: { file: '.iacgen-baseline.json', matched: 1, new: 1, stale: 2 } } : {}),
  };
}

describe('the run verdict', () => {
  it('does not fail on an error the baseline knows, and does without the baseline', () => {
    expect(failsRun(result())).toBe(false);
    expect(failsRun(result(false))).toBe(true);
    expect(failsRun(result(), 'warning')).toBe(true);
  });
});

describe('pretty', () => {
  it('lists only new findings, counts the known ones in the summary, and says the baseline is stale', () => {
    const text = formatPretty(result());
    expect(text).toContain("run.sh:4:1: warning SC2164 Use 'cd ... || exit'. (shellcheck)");
    expect(text).not.toContain('SC2068');
    expect(text).toContain('note: 2 findings of .iacgen-baseline.json no longer occur: `iacgen baseline` would shrink it');
    expect(summaryLine(result())).toBe('passed: 1 file checked, 0 errors, 1 warning, 0 skipped checks, 1 in the baseline');
    expect(summaryLine(result(false))).toBe('failed: 1 file checked, 1 error, 1 warning, 0 skipped checks');
  });

  it('lists the known findings apart with --show-baseline', () => {
    const text = formatPretty(result(), { showBaseline: true });
    const apart = text.indexOf('In the baseline (1, .iacgen-baseline.json):');
    expect(apart).toBeGreaterThan(text.indexOf('SC2164'));
    expect(text.indexOf('run.sh:2:6: error SC2068 Double quote array expansions. (shellcheck)')).toBeGreaterThan(apart);
  });
});

describe('json', () => {
  it('marks known findings, counts only new ones in summary, and has the top-level baseline', () => {
    const report = JSON.parse(formatJson(result())) as { summary: { errors: number; warnings: number }; baseline: unknown; files: Array<{ diagnostics: Array<{ baseline?: boolean }> }> };
    expect(report.baseline).toEqual({ file: '.iacgen-baseline.json', matched: 1, new: 1, stale: 2 });
    expect(report.summary).toMatchObject({ errors: 0, warnings: 1 });
    expect(report.files[0]?.diagnostics.map((d) => d.baseline)).toEqual([true, undefined]);
    expect((JSON.parse(formatJson(result(false))) as { baseline: unknown }).baseline).toBeNull();
  });
});

describe('sarif', () => {
  it('says unchanged for known results and new for the others, only with a baseline', () => {
    const states = (r: ValidationResult) => (JSON.parse(formatSarif(r)) as Sarif.Log).runs.flatMap((run) => (run.results ?? []).map((x) => x.baselineState));
    expect(states(result())).toEqual(['unchanged', 'new']);
    expect(states(result(false))).toEqual([undefined, undefined]);
  });
});

describe('junit', () => {
  it('does not report a check failed only by known findings as a failure', () => {
    expect(formatJunit(result())).not.toContain('<failure');
    expect(formatJunit(result())).toContain('(in the baseline)');
    expect(formatJunit(result(false))).toContain('<failure message="1 error"');
  });
});

describe('github', () => {
  it('annotates only new findings', () => {
    const text = formatGithub(result());
    expect(text).not.toContain('SC2068');
    expect(text).toContain('::warning file=run.sh,line=4');
    expect(formatGithub(result(false))).toContain('::error file=run.sh,line=2');
  });
});
