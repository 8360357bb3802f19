/** Counting a validation result: the numbers of the summary line and of the JSON report. */
import type { ValidationResult } from '../check/types.js';
import { CHECKED_TYPES } from '../classify/tables.js';

/** The `summary` object of the JSON report. `skipped` counts skipped checks, not files. */
export interface Summary {
  files: number;
  errors: number;
  warnings: number;
  skipped: number;
}

/**
 * Counts files checked (a type some checker reads: not `unknown`, a template or a vault), error
 * and warning diagnostics, and skipped checks.
 */
export function summarize(result: ValidationResult): Summary {
  const summary: Summary = { files: 0, errors: 0, warnings: 0, skipped: 0 };
  for (const file of result.files) {
    if (CHECKED_TYPES.includes(file.type)) summary.files++;
    for (const d of file.diagnostics) {
      if (d.severity === 'error') summary.errors++;
      else if (d.severity === 'warning') summary.warnings++;
    }
    summary.skipped += file.checks.filter((c) => c.status === 'skipped').length;
  }
  return summary;
}
