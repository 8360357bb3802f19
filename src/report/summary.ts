/** Counting a validation result: the numbers of the summary line and of the JSON report. */
import { NOT_CHECKED_REASONS, type FileResult, type NotCheckedReason, type ValidationResult } from '../check/types.js';
import { CHECKED_TYPES } from '../classify/tables.js';

/**
 * The `summary` object of the JSON report. `skipped` counts skipped checks, not files;
 * `notChecked` counts files not checked at all for a reason (binary, too large, unreadable,
 * special file, symlink, ...), not the files no checker reads (a README).
 */
export interface Summary {
  files: number;
  errors: number;
  warnings: number;
  skipped: number;
  notChecked: number;
}

/**
 * Counts files checked (a type some checker reads: not `unknown`, a template or a vault), error
 * and warning diagnostics (those the baseline knows left out: `result.baseline` counts them),
 * skipped checks and files not checked at all.
 */
export function summarize(result: ValidationResult): Summary {
  const summary: Summary = { files: 0, errors: 0, warnings: 0, skipped: 0, notChecked: 0 };
  for (const file of result.files) {
    if (CHECKED_TYPES.includes(file.type)) summary.files++;
    if (file.notChecked) summary.notChecked++;
    for (const d of file.diagnostics) {
      if (d.baseline) continue;
      if (d.severity === 'error') summary.errors++;
      else if (d.severity === 'warning') summary.warnings++;
    }
    summary.skipped += file.checks.filter((c) => c.status === 'skipped').length;
  }
  return summary;
}

/** The files not checked at all for one reason. */
export interface NotCheckedGroup {
  reason: NotCheckedReason;
  /** In report order. */
  files: FileResult[];
}

/** Files not checked at all, grouped by reason in the order of {@link NOT_CHECKED_REASONS}; empty groups left out. Pure. */
export function notCheckedGroups(result: ValidationResult): NotCheckedGroup[] {
  const groups = new Map<NotCheckedReason, FileResult[]>(NOT_CHECKED_REASONS.map((reason) => [reason, []]));
  for (const file of result.files) if (file.notChecked) groups.get(file.notChecked)?.push(file);
  return [...groups].filter(([, files]) => files.length > 0).map(([reason, files]) => ({ reason, files }));
}

/**
 * True for a file not checked at all whose reason is worth a notice in the CI reports (SARIF,
 * JUnit, GitHub): every reason but a binary file and a symlink whose target is checked.
 */
export function noteworthy(file: FileResult): boolean {
  return file.notChecked !== undefined && file.notChecked !== 'binary' && file.notChecked !== 'symlink';
}

/** The files of which one checker skipped its check for one reason. */
export interface SkippedChecksGroup {
  checker: string;
  /** The first line of the reason, as the check record gives it. */
  reason: string;
  files: FileResult[];
}

/**
 * Skipped checks grouped by checker and reason (first line), in order of first appearance:
 * checkers in report order, then reasons. Checkers that are not installed are left out (the
 * report lists them with their install hint). Pure.
 */
export function skippedChecks(result: ValidationResult): SkippedChecksGroup[] {
  const missing = new Set(result.checkers.filter((c) => c.status === 'missing').map((c) => c.id));
  const groups = new Map<string, SkippedChecksGroup>();
  for (const file of result.files) {
    for (const check of file.checks) {
      if (check.status !== 'skipped' || missing.has(check.checker)) continue;
      const reason = (check.reason ?? 'no reason given').split('\n')[0]?.trim() || 'no reason given';
      const key = `${check.checker}\n${reason}`;
      const group = groups.get(key) ?? { checker: check.checker, reason, files: [] };
      if (!group.files.includes(file)) group.files.push(file);
      groups.set(key, group);
    }
  }
  const order = new Map(result.checkers.map((c, i) => [c.id, i]));
  const rank = (id: string): number => order.get(id) ?? order.size;
  // Array.prototype.sort is stable: reasons keep their order of appearance within a checker.
  return [...groups.values()].sort((a, b) => rank(a.checker) - rank(b.checker));
}
