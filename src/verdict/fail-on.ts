/** What makes a run fail (exit 1): `--fail-on error` (the default) or `--fail-on warning`. */
import type { Severity, ValidationResult } from '../check/types.js';

/** The lowest severity that fails the run. */
export type FailOn = 'error' | 'warning';

/** Every `--fail-on` value, the default first. */
export const FAIL_ON: readonly FailOn[] = ['error', 'warning'];

/** True when a diagnostic of this severity fails a run held to `failOn`. */
export function fails(severity: Severity, failOn: FailOn): boolean {
  return severity === 'error' || (failOn === 'warning' && severity === 'warning');
}

/**
 * True when the result fails a run held to `failOn` (default `error`): at least one such
 * diagnostic that the baseline does not know (`baseline: true` never fails a run).
 */
export function failsRun(result: ValidationResult, failOn: FailOn = 'error'): boolean {
  return result.files.some((f) => f.diagnostics.some((d) => !d.baseline && fails(d.severity, failOn)));
}
