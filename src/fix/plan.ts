/**
 * How `iacgen fix` shows its plan: one line per file with findings (what changes, how many
 * findings each step repairs, what is left), the refusals under it, and the unified diffs of a
 * dry run. Pure functions of the engine's {@link FileFix} records.
 */
import { createTwoFilesPatch } from 'diff';
import type { FailOn } from '../verdict/fail-on.js';
import { fails } from '../verdict/fail-on.js';
import type { FileFix } from './engine.js';

/** Totals of a fix run. */
export interface FixTotals {
  /** Files whose text changes. */
  files: number;
  repaired: number;
  left: number;
  /** Findings left at the fail-on severity. */
  failing: number;
  needUnsafe: number;
}

/** Adds up the fixes; `failing` counts the findings left at `failOn`. Pure. */
export function fixTotals(fixes: readonly FileFix[], failOn: FailOn): FixTotals {
  const totals: FixTotals = { files: 0, repaired: 0, left: 0, failing: 0, needUnsafe: 0 };
  for (const fix of fixes) {
    if (fix.fixed !== fix.original) totals.files++;
    totals.repaired += fix.repaired;
    totals.left += fix.left.length;
    totals.failing += fix.left.filter((d) => fails(d.severity, failOn)).length;
    totals.needUnsafe += fix.needUnsafe;
  }
  return totals;
}

/**
 * The plan as lines: `  fix     scripts/x.sh  shfmt: 1 finding; 0 left` for a file that changes,
 * `  keep    main.tf  2 left` for one that does not, each refusal indented under its file
 * (`    terraform fmt refused: ...`). Paths are repository-relative.
 */
export function formatFixPlan(fixes: readonly FileFix[]): string {
  const lines: string[] = [];
  for (const fix of fixes) {
    const changes = fix.fixed !== fix.original;
    const steps = fix.steps.map((s) => `${s.id}: ${s.findings} ${plural(s.findings, 'finding')}`).join(', ');
    const unsafe = fix.needUnsafe > 0 ? ` (${fix.needUnsafe} more with --unsafe)` : '';
    lines.push(`  ${(changes ? 'fix' : 'keep').padEnd(5)} ${fix.relPath}  ${changes ? `${steps}; ` : ''}${fix.left.length} left${unsafe}`);
    for (const refusal of fix.refused) lines.push(`        ${refusal.fixer} ${refusal.reason}`);
  }
  return lines.join('\n');
}

/** The one-line result: `fixed 3 findings in 2 files; 4 left (1 error at the fail-on severity)`. */
export function fixSummary(totals: FixTotals, failOn: FailOn, dryRun: boolean): string {
  const verb = dryRun ? 'would fix' : 'fixed';
  const unsafe = totals.needUnsafe > 0 ? `; ${totals.needUnsafe} more fixable with --unsafe` : '';
  const failing = totals.failing > 0 ? ` (${totals.failing} at --fail-on ${failOn})` : '';
  return `${verb} ${totals.repaired} ${plural(totals.repaired, 'finding')} in ${totals.files} ${plural(totals.files, 'file')}; ${totals.left} left${failing}${unsafe}`;
}

/** Unified diff of one fix, `a/<path>` -> `b/<path>` (the `diff` package's `createTwoFilesPatch`). */
export function fixDiff(fix: FileFix): string {
  return createTwoFilesPatch(`a/${fix.relPath}`, `b/${fix.relPath}`, fix.original, fix.fixed, 'on disk', 'iacgen fix');
}

function plural(n: number, word: string): string {
  return n === 1 ? word : `${word}s`;
}
