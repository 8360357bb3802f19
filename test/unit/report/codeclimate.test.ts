/**
 * The GitLab Code Quality reporter on the shared fixture and on small results: the documented
 * fields (checked with the schema of `codeclimate-schema.ts`), the severity map, the baseline
 * left out, and fingerprints that survive moved code and keep identical findings apart.
 */
import { describe, expect, it } from 'vitest';
import type { Diagnostic, ValidationResult } from '../../../src/check/types.js';
import { CODE_QUALITY_SEVERITY, formatCodeclimate } from '../../../src/report/codeclimate.js';
import { codeQualityReport, type CodeQualityIssue } from '../../../src/report/codeclimate-schema.js';
import { fixtureResult, NASTY_MESSAGE, ODD_PATH } from './fixture.js';

function parse(text: string): CodeQualityIssue[] {
  expect(text.charCodeAt(0)).not.toBe(0xfeff); // GitLab's parser rejects a byte order mark
  return codeQualityReport.parse(JSON.parse(text)) as CodeQualityIssue[];
}

/** One shell script with `diagnostics`, at /repo/scripts/run.sh. */
function script(diagnostics: Diagnostic[], extra: Partial<ValidationResult> = {}): ValidationResult {
  return {
    cwd: '/repo',
    durationMs: 1,
    checkers: [{ id: 'shellcheck', policy: 'optional', status: 'ran' }],
    files: [{ absPath: '/repo/scripts/run.sh', type: 'shell', checks: [{ checker: 'shellcheck', status: 'fail', durationMs: 1 }], diagnostics }],
    ...extra,
  };
}

const sc2086 = (line: number): Diagnostic => ({ line, column: 5, severity: 'info', rule: 'SC2086', message: 'Double quote to prevent globbing and word splitting.', source: 'shellcheck' });

describe('formatCodeclimate', () => {
  it('writes one valid issue per diagnostic of the fixture, in file order, with relative paths', () => {
    const issues = parse(formatCodeclimate(fixtureResult()));
    const total = fixtureResult().files.reduce((n, f) => n + f.diagnostics.length, 0);
    expect(issues).toHaveLength(total);
    expect(issues[0]).toEqual({
      description: 'line too long (96 > 80 characters)',
      check_name: 'yamllint/line-length',
      fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/),
      severity: 'minor',
      location: { path: 'ansible/playbooks/site.yml', lines: { begin: 3 } },
    });
    const nasty = issues.find((i) => i.check_name === 'ansible-lint/jinja[invalid]');
    expect(nasty).toMatchObject({ description: NASTY_MESSAGE, severity: 'major', location: { path: ODD_PATH, lines: { begin: 8 } } });
    expect(new Set(issues.map((i) => i.fingerprint)).size).toBe(issues.length);
  });

  it('maps error to major, warning to minor, info to info', () => {
    expect(CODE_QUALITY_SEVERITY).toEqual({ error: 'major', warning: 'minor', info: 'info' });
    const issues = parse(formatCodeclimate(fixtureResult()));
    const byCheck = Object.fromEntries(issues.map((i) => [`${i.check_name}@${i.location.path}:${i.location.lines.begin}`, i.severity]));
    expect(byCheck['shellcheck/SC2068@scripts/backup.sh:9']).toBe('major');
    expect(byCheck['shellcheck/SC2164@scripts/backup.sh:5']).toBe('minor');
    expect(byCheck['shellcheck/SC2086@scripts/backup.sh:7']).toBe('info');
  });

  it('names the agreeing checkers in the description', () => {
    const [issue] = parse(formatCodeclimate(script([{ ...sc2086(3), agreed: ['shellcheck', 'iacgen'] }])));
    expect(issue?.description).toBe('Double quote to prevent globbing and word splitting. (shellcheck + iacgen)');
  });

  it('leaves out the findings the baseline knows', () => {
    const result = script([{ ...sc2086(3), baseline: true }, { ...sc2086(9), rule: 'SC2164', message: "Use 'cd ... || exit'." }], { baseline: { file: '.iacgen-baseline.json', matched: 1, new: 1, stale: 0 } });
    const issues = parse(formatCodeclimate(result));
    expect(issues.map((i) => i.check_name)).toEqual(['shellcheck/SC2164']);
  });

  it('writes an empty array for a clean run', () => {
    expect(formatCodeclimate({ cwd: '/r', files: [], checkers: [], durationMs: 0 })).toBe('[]\n');
  });

  it('keeps fingerprints when code moves, and tells identical findings apart', () => {
    const before = parse(formatCodeclimate(script([sc2086(3), sc2086(8)])));
    const moved = parse(formatCodeclimate(script([sc2086(23), sc2086(40)])));
    expect(before.map((i) => i.fingerprint)).toEqual(moved.map((i) => i.fingerprint));
    expect(before[0]?.fingerprint).not.toBe(before[1]?.fingerprint);
    // The report's order does not matter: the n-th identical finding by line keeps its fingerprint.
    const shuffled = parse(formatCodeclimate(script([sc2086(40), sc2086(23)])));
    expect(shuffled.map((i) => i.fingerprint)).toEqual(moved.map((i) => i.fingerprint));
  });

  it('ignores numbers in messages, and changes with the file, rule or message', () => {
    const long = (line: number, width: number): Diagnostic => ({ line, column: 81, severity: 'warning', rule: 'line-length', message: `line too long (${width} > 80 characters)`, source: 'yamllint' });
    const [a] = parse(formatCodeclimate(script([long(3, 96)])));
    const [b] = parse(formatCodeclimate(script([long(30, 97)])));
    expect(a?.fingerprint).toBe(b?.fingerprint);
    const other = parse(formatCodeclimate(script([{ ...long(3, 96), rule: 'trailing-spaces' }, { ...long(4, 96), message: 'too many spaces' }])));
    const elsewhere = script([long(3, 96)]);
    elsewhere.files[0]!.absPath = '/repo/scripts/other.sh';
    const [c] = parse(formatCodeclimate(elsewhere));
    expect(new Set([a?.fingerprint, ...other.map((i) => i.fingerprint), c?.fingerprint]).size).toBe(4);
  });

  it('is rejected by the schema when a documented field is wrong', () => {
    const [issue] = JSON.parse(formatCodeclimate(script([sc2086(3)]))) as CodeQualityIssue[];
    expect(codeQualityReport.safeParse([issue]).success).toBe(true);
    expect(codeQualityReport.safeParse([{ ...issue, severity: 'warning' }]).success).toBe(false);
    expect(codeQualityReport.safeParse([{ ...issue, location: { path: '/repo/scripts/run.sh', lines: { begin: 3 } } }]).success).toBe(false);
    expect(codeQualityReport.safeParse([{ ...issue, location: { path: 'scripts/run.sh', lines: { begin: 0 } } }]).success).toBe(false);
    expect(codeQualityReport.safeParse([{ ...issue, fingerprint: undefined }]).success).toBe(false);
  });
});
