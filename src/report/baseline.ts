/** What the reporters say about the baseline (`src/baseline/`): shared words, kept apart from each reporter. */
import type { ValidationResult } from '../check/types.js';

/** The summary line's tail when a baseline is in use: `, 12 in the baseline`; else empty. Pure. */
export function baselineTail(result: ValidationResult): string {
  return result.baseline ? `, ${result.baseline.matched} in the baseline` : '';
}

/**
 * The one line saying that baseline findings no longer occur and that `iacgen baseline` would
 * shrink the file; undefined when none is stale (or no baseline is in use). Pure.
 */
export function staleNote(result: ValidationResult): string | undefined {
  const use = result.baseline;
  if (!use || use.stale === 0) return undefined;
  const findings = use.stale === 1 ? '1 finding' : `${use.stale} findings`;
  return `note: ${findings} of ${use.file} no longer ${use.stale === 1 ? 'occurs' : 'occur'}: \`iacgen baseline\` would shrink it`;
}
