/**
 * GitLab's Code Quality report, as data: the subset of the Code Climate issue format that GitLab
 * reads. Source: GitLab's documentation, "Code Quality" → "Implement a custom tool"
 * (https://docs.gitlab.com/ci/testing/code_quality/#implement-a-custom-tool; in the GitLab
 * repository `doc/ci/testing/code_quality.md`): the artifact is a JSON array of objects with
 * `description`, `check_name`, `fingerprint`, `severity` (`info`, `minor`, `major`, `critical`
 * or `blocker`), `location.path` (relative to the repository) and `location.lines.begin` or
 * `location.positions.begin.line`; other Code Climate properties are allowed and ignored, and the
 * file must not start with a byte order mark. `location.lines.end` is the Code Climate
 * specification's (https://github.com/codeclimate/platform/blob/master/spec/analyzers/SPEC.md,
 * "Locations"). The tests validate `--format codeclimate` against {@link codeQualityReport}.
 */
import { z } from 'zod';

/** GitLab's severities, mildest first. */
export const CODE_QUALITY_SEVERITIES = ['info', 'minor', 'major', 'critical', 'blocker'] as const;

/** A GitLab Code Quality severity. */
export type CodeQualitySeverity = (typeof CODE_QUALITY_SEVERITIES)[number];

const lineNumber = z.number().int().min(1);

/** A path relative to the repository root, `/`-separated: not absolute, no `./` prefix, no `..` step. */
const relativePath = z
  .string()
  .min(1)
  .refine((p) => !p.startsWith('/') && !p.startsWith('./') && !p.split('/').includes('..') && !p.includes('\\'), 'a path relative to the repository root, /-separated');

/** Where an issue is: a line range (`lines`) or a position range (`positions`), as GitLab reads either. */
const location = z.union([
  z.object({ path: relativePath, lines: z.object({ begin: lineNumber, end: lineNumber.optional() }) }),
  z.object({
    path: relativePath,
    positions: z.object({ begin: z.object({ line: lineNumber, column: lineNumber.optional() }), end: z.object({ line: lineNumber, column: lineNumber.optional() }).optional() }),
  }),
]);

/** One issue of the report. */
export const codeQualityIssue = z.object({
  description: z.string().min(1),
  check_name: z.string().min(1),
  fingerprint: z.string().min(1),
  severity: z.enum(CODE_QUALITY_SEVERITIES),
  location,
});

/** The whole report: a JSON array of issues (possibly empty). */
export const codeQualityReport = z.array(codeQualityIssue);

/** One issue, as `--format codeclimate` writes it (the `lines` form of the location). */
export interface CodeQualityIssue {
  description: string;
  check_name: string;
  fingerprint: string;
  severity: CodeQualitySeverity;
  location: { path: string; lines: { begin: number; end?: number } };
}
