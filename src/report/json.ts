/** The JSON reporter: the machine-readable report, version 1 (contract in the README). */
import type { ValidationResult } from '../check/types.js';
import { displayPath } from '../util/paths.js';
import { summarize } from './summary.js';
import { isFixable } from '../fix/fixable.js';

/**
 * Renders the JSON report. Lists every file that has a type other than `unknown` or a note
 * (every path not checked at all has a `note` and a `notChecked` code).
 * Paths are relative to the run's working directory, with `/`. `summary` counts the findings the
 * baseline does not know; `baseline` says how the run met it (null when none was in use). A
 * diagnostic `iacgen fix` can repair without `--unsafe` has `fixable: true` (`fix/fixable.ts`). Pure.
 */
export function formatJson(result: ValidationResult): string {
  const report = {
    version: 1,
    summary: summarize(result),
    // The baseline in use (`{ file, matched, new, stale }`), else null; its findings carry `"baseline": true`.
    baseline: result.baseline ?? null,
    durationMs: result.durationMs,
    checkers: result.checkers,
    ...(result.sandbox ? { sandbox: result.sandbox } : {}),
    // The part of the repository checked on purpose (`--changed-since`, `--shard`), when so.
    ...(result.selection ? { selection: result.selection } : {}),
    files: result.files
      .filter((f) => f.type !== 'unknown' || f.note)
      .map((f) => ({
        path: displayPath(f.absPath, result.cwd),
        type: f.type,
        ...(f.note ? { note: f.note } : {}),
        ...(f.notChecked ? { notChecked: f.notChecked } : {}),
        checks: f.checks,
        diagnostics: f.diagnostics.map((d) => (isFixable(d, f.type) ? { ...d, fixable: true } : d)),
      })),
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}
