/**
 * The GitLab Code Quality reporter (`--format codeclimate`): the JSON array GitLab reads from a
 * job's `artifacts:reports:codequality` and shows in the merge request widget. The format and
 * its source are in `codeclimate-schema.ts`.
 */
import { createHash } from 'node:crypto';
import type { Diagnostic, Severity, ValidationResult } from '../check/types.js';
import { displayPath } from '../util/paths.js';
import type { CodeQualityIssue, CodeQualitySeverity } from './codeclimate-schema.js';

/**
 * Our severity as GitLab's. `error` (the file will not load, parse, run or deploy as written) is
 * `major`, the highest level a linter's finding usually takes (ESLint's GitLab formatters map
 * errors the same way); `critical` and `blocker` are left for tools that measure damage.
 */
export const CODE_QUALITY_SEVERITY: Record<Severity, CodeQualitySeverity> = { error: 'major', warning: 'minor', info: 'info' };

/**
 * Renders the GitLab Code Quality report. Pure.
 *
 * - One issue per diagnostic the baseline does not know (findings with `baseline: true` are left
 *   out: GitLab compares the report with the target branch's and shows what is new).
 * - `description` is the message (with `(checker + checker)` when several checkers agreed),
 *   `check_name` is `checker/rule` (`shellcheck/SC2086`, `iacgen/secret-literal`),
 *   `severity` per {@link CODE_QUALITY_SEVERITY}, `location.path` the path relative to the run's
 *   working directory, `/`-separated (as the JSON report; run from the repository root so that
 *   GitLab finds the files), `location.lines.begin` the line (no end line: checkers give none).
 * - `fingerprint`: see {@link codeQualityFingerprint}.
 * - Files not checked and checks skipped are not issues (the other formats report them).
 */
export function formatCodeclimate(result: ValidationResult): string {
  const issues: CodeQualityIssue[] = [];
  for (const file of result.files) {
    const path = displayPath(file.absPath, result.cwd);
    const seen = new Map<string, number>();
    const findings = file.diagnostics.filter((d) => !d.baseline).sort((a, b) => a.line - b.line || a.column - b.column);
    for (const d of findings) {
      const key = findingKey(path, d);
      const occurrence = seen.get(key) ?? 0;
      seen.set(key, occurrence + 1);
      issues.push({
        description: d.agreed && d.agreed.length > 1 ? `${d.message} (${d.agreed.join(' + ')})` : d.message,
        check_name: `${d.source}/${d.rule}`,
        fingerprint: codeQualityFingerprint(key, occurrence),
        severity: CODE_QUALITY_SEVERITY[d.severity],
        location: { path, lines: { begin: Math.max(1, d.line) } },
      });
    }
  }
  return `${JSON.stringify(issues, null, 2)}\n`;
}

/**
 * What identifies a finding whatever its line: its path, checker, rule and message, the message
 * whitespace-collapsed and with every number as `#` (so "line 12" or "(96 > 80 characters)" in a
 * message does not move with the code).
 */
function findingKey(path: string, d: Diagnostic): string {
  return [path, d.source, d.rule, d.message.replace(/\d+/g, '#').replace(/\s+/g, ' ').trim()].join('\0');
}

/**
 * The fingerprint of an issue: the SHA-256 (hex) of its {@link findingKey} and its occurrence
 * (0 for the first finding of that key in the file, by line, 1 for the next, ...). No line
 * number goes in, so inserting or moving code keeps it; changing the message, rule or file
 * changes it. The occurrence keeps identical findings of one file apart: GitLab shows issues of
 * one fingerprint as a single entry. Not the baseline's fingerprint (`src/baseline/`), which
 * hashes the offending line's text: a reporter reads no file.
 */
export function codeQualityFingerprint(key: string, occurrence: number): string {
  return createHash('sha256').update(`${key}\0${occurrence}`).digest('hex');
}
