/**
 * Reading reports back (`iacgen merge`): the JSON report (version 1, `json.ts`) into a
 * {@link ValidationResult}, and a SARIF 2.1.0 log (`sarif.ts`). The shapes are checked with zod
 * where merge relies on them; what it passes through untouched is kept as is.
 */
import path from 'node:path';
import { z } from 'zod';
import type * as Sarif from 'sarif';
import type { CheckerInfo, CheckRecord, Diagnostic, FileResult, ValidationResult } from '../check/types.js';
import type { FileType } from '../classify/tables.js';

const shardSchema = z.object({ index: z.number().int().positive(), count: z.number().int().positive() });

/** The parts of the JSON report (version 1) that merge reads; the rest passes through. */
const jsonReportSchema = z.object({
  version: z.literal(1),
  baseline: z.object({ file: z.string(), matched: z.number(), new: z.number(), stale: z.number() }).nullable(),
  durationMs: z.number(),
  checkers: z.array(z.object({ id: z.string(), policy: z.string(), status: z.enum(['ran', 'missing', 'off']) }).passthrough()),
  sandbox: z.object({ status: z.string() }).passthrough().optional(),
  selection: z
    .object({
      changedSince: z.object({ ref: z.string(), base: z.string(), changed: z.number() }).optional(),
      shard: shardSchema.optional(),
    })
    .optional(),
  files: z.array(
    z
      .object({
        path: z.string(),
        type: z.string(),
        note: z.string().optional(),
        notChecked: z.string().optional(),
        checks: z.array(z.object({ checker: z.string(), status: z.string() }).passthrough()),
        diagnostics: z.array(z.object({ source: z.string(), rule: z.string(), severity: z.enum(['error', 'warning', 'info']), line: z.number(), column: z.number(), message: z.string() }).passthrough()),
      })
      .passthrough(),
  ),
});

/** The SARIF log's parts merge reads (SARIF 2.1.0, OASIS: `version`, `runs[].tool.driver.name`). */
const sarifSchema = z.object({
  version: z.literal('2.1.0'),
  runs: z.array(z.object({ tool: z.object({ driver: z.object({ name: z.string() }).passthrough() }).passthrough() }).passthrough()),
});

/** One report read back: a validation result, or a SARIF log. */
export type ReadReport = { format: 'json'; result: ValidationResult } | { format: 'sarif'; log: Sarif.Log };

/** A report that is neither a JSON report nor a SARIF log of iacgen: what is wrong, in words. */
export class ReportShapeError extends Error {}

/**
 * Reads one report's text. Paths in the result are made absolute under `cwd` (a report's paths
 * are relative to the run's working folder, so reports of runs in the same folder line up).
 * @throws ReportShapeError when the text is not JSON, or is neither shape (the first problem named)
 */
export function readReport(text: string, cwd: string): ReadReport {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new ReportShapeError(`not JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  if (data && typeof data === 'object' && 'runs' in data) {
    const sarif = sarifSchema.safeParse(data);
    if (!sarif.success) throw new ReportShapeError(`not a SARIF 2.1.0 log: ${issueText(sarif.error)}`);
    return { format: 'sarif', log: data as Sarif.Log };
  }
  const parsed = jsonReportSchema.safeParse(data);
  if (!parsed.success) throw new ReportShapeError(`not an iacgen JSON report (version 1): ${issueText(parsed.error)}`);
  const report = parsed.data;
  const files: FileResult[] = report.files.map((f) => ({
    absPath: path.resolve(cwd, f.path),
    type: f.type as FileType,
    checks: f.checks as unknown as CheckRecord[],
    // `fixable` is the JSON reporter's own addition; reporters add it again.
    diagnostics: f.diagnostics.map(({ fixable: _fixable, ...d }) => d as unknown as Diagnostic),
    ...(f.note !== undefined ? { note: f.note } : {}),
    ...(f.notChecked !== undefined ? { notChecked: f.notChecked as FileResult['notChecked'] & string } : {}),
  }));
  const result: ValidationResult = {
    cwd,
    files,
    checkers: report.checkers as unknown as CheckerInfo[],
    durationMs: report.durationMs,
    ...(report.sandbox ? { sandbox: report.sandbox as unknown as NonNullable<ValidationResult['sandbox']> } : {}),
    ...(report.baseline ? { baseline: report.baseline } : {}),
    ...(report.selection ? { selection: report.selection } : {}),
  };
  return { format: 'json', result };
}

/** zod's first issue, as `at files.0.path: Required`. */
function issueText(error: z.ZodError): string {
  const first = error.issues[0];
  if (!first) return 'unknown shape';
  return `${first.path.length > 0 ? `at ${first.path.join('.')}: ` : ''}${first.message}`;
}
