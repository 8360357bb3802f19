/**
 * The fix engine: a validation result -> each file's new text, computed in memory. Per file, the
 * text fixers run first (each on the findings it handles, in `TEXT_FIXERS` order; `unsafe` ones only
 * when asked), then the formatters (each on a file with a finding it repairs). Every step passes
 * the comment guard (`comments.ts`) or is refused for that file; then the changed files are
 * validated again (`revalidate`) and a file the fix would make invalid keeps its old text. Nothing
 * here writes a file: `src/commands/fix.ts` writes the result through the all-or-nothing transaction.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import pLimit from 'p-limit';
import type { Diagnostic, FileResult, ValidationResult } from '../check/types.js';
import type { FileType } from '../classify/tables.js';
import { lostComments } from './comments.js';
import { TEXT_FIXERS } from './fixers.js';
import { FORMATTERS } from './formatters/index.js';
import type { Formatter } from './formatters/types.js';
import { fixKey, type FixContext, type FixFile, type TextFixer } from './types.js';

/** How many files are fixed at the same time (the formatters run as processes; 2 cores is common). */
const FILES_AT_ONCE = 4;

/** One fixer or formatter that changed a file and was kept. */
export interface AppliedStep {
  /** The fixer's or formatter's id. */
  id: string;
  /** How many of the file's findings it was given to repair. */
  findings: number;
  /** The `source:rule` keys it was given. */
  keys: string[];
}

/** A fix that was not applied to a file, and why (shown in the plan). */
export interface Refusal {
  /** The fixer's or formatter's id (several, `+`-joined, when the re-validation dropped a chain). */
  fixer: string;
  reason: string;
}

/** What the engine decided for one file with findings. */
export interface FileFix {
  absPath: string;
  /** Relative to the repository root, `/`-separated. */
  relPath: string;
  type: FileType;
  /** The text read from disk. */
  original: string;
  /** The new text; equal to `original` when nothing is applied. */
  fixed: string;
  /** The steps kept, in order. */
  steps: AppliedStep[];
  refused: Refusal[];
  /** Findings left after the fix (all of them when nothing is applied). */
  left: Diagnostic[];
  /** Findings the kept steps were given to repair. */
  handled: Diagnostic[];
  /** Findings the fix repairs: those handled, less any the re-validation still finds. */
  repaired: number;
  /** Findings only an `unsafe` fixer handles, left because `--unsafe` was not given. */
  needUnsafe: number;
}

/** A changed file, as handed to the re-validation. */
export interface FixedText {
  relPath: string;
  absPath: string;
  original: string;
  fixed: string;
}

/** The validation of a changed file before and after its fix, on identical staged copies. */
export interface Revalidated {
  before: FileResult;
  after: FileResult;
}

/** Options of {@link computeFixes}. */
export interface FixOptions {
  /** Absolute repository root; files outside it are never fixed. */
  root: string;
  /** Apply the `unsafe` text fixers too (`--unsafe`). */
  unsafe: boolean;
  /** What the text fixers may know (author, date, purpose). */
  context: FixContext;
  /**
   * Validates the changed files before and after the fix (`verify.ts`), keyed by `relPath`; a file
   * missing from the answer counts as not verified and keeps its old text.
   */
  revalidate: (files: readonly FixedText[]) => Promise<Map<string, Revalidated>>;
  /** Default: `TEXT_FIXERS`. */
  fixers?: readonly TextFixer[];
  /** Default: `FORMATTERS`. */
  formatters?: readonly Formatter[];
}

/**
 * Computes the fix of every file of `result` that has findings. Reads the files (UTF-8); never writes.
 * @returns one {@link FileFix} per file with findings, in the result's order
 * @throws only what `revalidate` throws (a fixer that throws is refused for its file)
 */
export async function computeFixes(result: ValidationResult, options: FixOptions): Promise<FileFix[]> {
  const fixers = options.fixers ?? TEXT_FIXERS;
  const formatters = options.formatters ?? FORMATTERS;
  // Files are independent: a few at a time, each one's steps in order (the formatters are processes).
  const limit = pLimit(FILES_AT_ONCE);
  const computed = await Promise.all(
    result.files.map((file) =>
      limit(async (): Promise<FileFix | undefined> => {
        if (file.diagnostics.length === 0 || file.notChecked) return undefined;
        const relPath = path.relative(options.root, file.absPath).split(path.sep).join('/');
        if (relPath.startsWith('../') || path.isAbsolute(relPath)) return undefined;
        const original = await readFile(file.absPath, 'utf8').catch(() => undefined);
        if (original === undefined) return undefined;
        return fixOne({ absPath: file.absPath, relPath, type: file.type, text: original }, file.diagnostics, fixers, formatters, options);
      }),
    ),
  );
  const fixes = computed.filter((f): f is FileFix => f !== undefined);
  const changed = fixes.filter((f) => f.fixed !== f.original);
  if (changed.length === 0) return fixes.map(finished);
  const checked = await options.revalidate(changed.map(({ relPath, absPath, original, fixed }) => ({ relPath, absPath, original, fixed })));
  for (const fix of changed) {
    const verdict = checked.get(fix.relPath);
    const problems = verdict ? newProblems(verdict.before, verdict.after) : ['it could not be validated again'];
    if (problems.length > 0) {
      fix.refused.push({ fixer: fix.steps.map((s) => s.id).join(' + '), reason: `dropped: the file would not be valid afterwards: ${problems.join('; ')}` });
      fix.fixed = fix.original;
      fix.steps = [];
      fix.left = fix.left.concat(fix.handled);
      fix.handled = [];
      fix.repaired = 0;
    } else if (verdict) {
      // What the fixers were given but is still there afterwards stays a finding.
      const keys = new Set(fix.steps.flatMap((s) => s.keys));
      const still = verdict.after.diagnostics.filter((d) => keys.has(fixKey(d)));
      fix.left = fix.left.concat(still);
      fix.repaired = Math.max(0, fix.handled.length - still.length);
    }
  }
  return fixes.map(finished);
}

/** A computed fix, findings left in line order. */
function finished(fix: FileFix): FileFix {
  return { ...fix, left: [...fix.left].sort((a, b) => a.line - b.line || a.column - b.column) };
}


/** Runs the text fixers, then the formatters, on one file, each step behind the comment guard. */
async function fixOne(file: FixFile, findings: readonly Diagnostic[], fixers: readonly TextFixer[], formatters: readonly Formatter[], options: FixOptions): Promise<FileFix> {
  const original = file.text;
  let text = original;
  const steps: AppliedStep[] = [];
  const refused: Refusal[] = [];
  const handled = new Set<Diagnostic>();
  const needUnsafe = new Set<Diagnostic>();
  const keep = (id: string, next: string | undefined, given: readonly Diagnostic[]): void => {
    if (next === undefined || next === text) return;
    const lost = lostComments(text, next, file.type);
    if (lost.length > 0) {
      refused.push({ fixer: id, reason: `refused: it would drop ${lost.length === 1 ? 'the comment' : `${lost.length} comments, first`} "${clip(lost[0] ?? '')}"` });
      return;
    }
    text = next;
    for (const d of given) handled.add(d);
    steps.push({ id, findings: given.length, keys: [...new Set(given.map(fixKey))] });
  };
  for (const fixer of fixers) {
    if (!fixer.fileTypes.includes(file.type)) continue;
    const given = findings.filter((d) => fixer.handles.includes(fixKey(d)) && !handled.has(d));
    if (given.length === 0) continue;
    if (fixer.safety === 'unsafe' && !options.unsafe) {
      for (const d of given) needUnsafe.add(d);
      continue;
    }
    let next: string | undefined;
    try {
      next = fixer.apply({ ...file, text }, given, options.context);
    } catch (err) {
      refused.push({ fixer: fixer.id, reason: `failed: ${err instanceof Error ? err.message : String(err)}` });
      continue;
    }
    if (next === undefined) refused.push({ fixer: fixer.id, reason: `not applied: ${fixer.whyNot ?? 'not a mechanical repair here'}` });
    else keep(fixer.id, next, given);
  }
  for (const formatter of formatters) {
    if (!formatter.fileTypes.includes(file.type)) continue;
    const given = findings.filter((d) => formatter.repairs.includes(fixKey(d)) && !handled.has(d));
    if (given.length === 0) continue;
    const out = await formatter.format({ ...file, text });
    if ('failure' in out) refused.push({ fixer: formatter.id, reason: `not applied: ${out.failure}` });
    else keep(formatter.id, out.text, given);
  }
  const left = findings.filter((d) => !handled.has(d));
  return {
    absPath: file.absPath,
    relPath: file.relPath,
    type: file.type,
    original,
    fixed: text,
    steps,
    refused,
    left,
    repaired: handled.size,
    needUnsafe: [...needUnsafe].filter((d) => !handled.has(d)).length,
    handled: [...handled],
  };
}

/**
 * What the fix broke, comparing the validation of the fixed copy (`after`) with that of the
 * original copy (`before`), staged alike: an error finding (`source:rule`) the original did not
 * have as many times, or a checker that passed and now fails. Empty when nothing broke. Pure.
 */
export function newProblems(before: FileResult, after: FileResult): string[] {
  const had = new Map<string, number>();
  for (const d of before.diagnostics) if (d.severity === 'error') had.set(fixKey(d), (had.get(fixKey(d)) ?? 0) + 1);
  const problems: string[] = [];
  for (const d of after.diagnostics) {
    if (d.severity !== 'error') continue;
    const n = had.get(fixKey(d)) ?? 0;
    if (n > 0) had.set(fixKey(d), n - 1);
    else problems.push(`${d.source} reports ${d.rule} at line ${d.line}: ${clip(d.message)}`);
  }
  const passed = new Set(before.checks.filter((c) => c.status === 'pass').map((c) => c.checker));
  for (const check of after.checks) {
    if (!passed.has(check.checker) || (check.status !== 'fail' && check.status !== 'error')) continue;
    if (problems.some((p) => p.startsWith(`${check.checker} `))) continue;
    problems.push(`${check.checker} passed before and now ${check.status === 'fail' ? 'fails' : `fails to run${check.reason ? ` (${clip(check.reason)})` : ''}`}`);
  }
  return problems;
}

/** A text cut to one line of at most 100 characters. */
function clip(text: string): string {
  const line = text.split('\n')[0] ?? '';
  return line.length > 100 ? `${line.slice(0, 97)}...` : line;
}
