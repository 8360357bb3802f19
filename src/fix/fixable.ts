/**
 * Which findings `iacgen fix` can repair without `--unsafe`: a cheap predicate for the summary
 * line of `iacgen validate` and the `fixable` flag of the JSON report (no fixer runs).
 */
import type { Diagnostic, ValidationResult } from '../check/types.js';
import type { FileType } from '../classify/tables.js';
import { TEXT_FIXERS } from './fixers.js';
import { FORMATTERS } from './formatters/index.js';
import { fixKey } from './types.js';

/**
 * True when a safe text fixer handles the finding (its `fixKey`) for files of `type`, or a
 * formatter repairs it. Pure.
 */
export function isFixable(diagnostic: Pick<Diagnostic, 'source' | 'rule'>, type: FileType): boolean {
  const key = fixKey(diagnostic);
  return (
    TEXT_FIXERS.some((f) => f.safety === 'safe' && f.fileTypes.includes(type) && f.handles.includes(key)) ||
    FORMATTERS.some((f) => f.fileTypes.includes(type) && f.repairs.includes(key))
  );
}

/** How many findings of the result {@link isFixable}. Pure. */
export function countFixable(result: ValidationResult): number {
  let n = 0;
  for (const file of result.files) for (const d of file.diagnostics) if (isFixable(d, file.type)) n++;
  return n;
}
