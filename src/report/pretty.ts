/**
 * The human reporter: findings grouped by file, then skipped checkers, the slowest checkers and
 * a summary line.
 */
import { styleText } from 'node:util';
import type { Diagnostic, FileResult, NotCheckedReason, Severity, ValidationResult } from '../check/types.js';
import { displayPath } from '../util/paths.js';
import type { ReportOptions } from './index.js';
import { notCheckedGroups, skippedChecks, summarize } from './summary.js';
import { failsRun } from '../verdict/fail-on.js';
import { baselineTail, staleNote } from './baseline.js';
import { countFixable } from '../fix/fixable.js';

/** Options of {@link formatPretty}. */
export type PrettyOptions = ReportOptions;

const SEVERITY_COLOR: Record<Severity, 'red' | 'yellow' | 'blue'> = { error: 'red', warning: 'yellow', info: 'blue' };

/** How many checkers the `slowest:` line names. */
const SLOWEST_SHOWN = 3;

/** How many paths the report names per reason a path was not checked, and per group of skipped checks. */
export const LISTED = 5;

/** What the paths not checked for one reason are called, for `... and 295 more binary files`. */
const REASON_WORDS: Record<NotCheckedReason, string> = {
  unreadable: 'unreadable paths',
  'special-file': 'special files',
  'symlink-loop': 'symlink loops',
  'broken-symlink': 'broken symlinks',
  'outside-repository': 'symlinks out of the repository',
  'too-large': 'files over maxFileBytes',
  binary: 'binary files',
  symlink: 'symlinks inside the repository',
};

/**
 * Renders findings as `path:line:col: severity rule message (checker)` (`(yamllint + ansible-lint)`
 * when several checkers reported the same finding), grouped under each
 * file's path; then the paths not checked at all with why (`Not checked`: at most {@link LISTED}
 * per reason, then `... and K more`), the install hints of missing checkers, the other skipped
 * checks grouped by checker and reason (`Skipped checks`: `ansible-lint on 2 files (reason): a, b`),
 * a warning when checkers that can run the repository's code ran without the sandbox, the slowest
 * checkers and a one-line summary (last, starting with `passed:` or `failed:`). Pure.
 * Findings the baseline knows are left out of the listing (counted in the summary line), or listed
 * apart under `In the baseline` with `showBaseline`; a stale baseline gets one `note:` line.
 */
export function formatPretty(result: ValidationResult, options: PrettyOptions = {}): string {
  const paint = painter(options);
  const out: string[] = [];
  for (const file of result.files) {
    const shown = displayPath(file.absPath, result.cwd);
    const fresh = file.diagnostics.filter((d) => !d.baseline);
    if (fresh.length === 0) continue;
    out.push(paint('bold', shown));
    for (const d of fresh) out.push(`  ${finding(shown, d, paint)}`);
    out.push('');
  }
  if (options.showBaseline && result.baseline) {
    // The findings the baseline knows, apart: listed only on request (`--show-baseline`).
    out.push(paint('bold', `In the baseline (${result.baseline.matched}, ${result.baseline.file}):`));
    for (const file of result.files) {
      const shown = displayPath(file.absPath, result.cwd);
      for (const d of file.diagnostics) if (d.baseline) out.push(`  ${finding(shown, d, paint)}`);
    }
    out.push('');
  }
  const notChecked = notCheckedGroups(result);
  if (notChecked.length > 0) {
    const count = notChecked.reduce((sum, g) => sum + g.files.length, 0);
    out.push(paint('yellow', `Not checked (${count} ${plural(count, 'path')}):`));
    for (const group of notChecked) {
      for (const file of group.files.slice(0, LISTED)) out.push(`  ${displayPath(file.absPath, result.cwd)}: ${file.note ?? group.reason}`);
      const more = group.files.length - LISTED;
      if (more > 0) out.push(`  ... and ${more} more ${REASON_WORDS[group.reason]} (--format json lists every one)`);
    }
    out.push('');
  }
  const missing = result.checkers.filter((c) => c.status === 'missing');
  if (missing.length > 0) {
    out.push(paint('yellow', 'Skipped checkers (not installed):'));
    for (const checker of missing) out.push(`  ${checker.id}: ${checker.installHint ?? 'not installed'}${checker.policy === 'required' ? ' (required)' : ''}`);
    out.push('');
  }
  const skipped = skippedChecks(result);
  if (skipped.length > 0) {
    out.push(paint('yellow', 'Skipped checks:'));
    for (const group of skipped) {
      const n = group.files.length;
      const shown = group.files.slice(0, LISTED).map((f) => displayPath(f.absPath, result.cwd));
      const more = n > LISTED ? ` and ${n - LISTED} more` : '';
      out.push(`  ${group.checker} on ${n} ${plural(n, 'file')} (${group.reason}): ${shown.join(', ')}${more}`);
    }
    out.push('');
  }
  const slowest = checkerTimes(result)
    .filter((t) => t.durationMs > 0)
    .slice(0, SLOWEST_SHOWN)
    .map((t) => `${t.checker} ${t.durationMs} ms`);
  const unsandboxed = sandboxNote(result);
  if (unsandboxed) out.push(paint('yellow', unsandboxed), '');
  const stale = staleNote(result);
  if (stale) out.push(stale);
  const part = selectionNote(result);
  if (part) out.push(part);
  if (slowest.length > 0 && !options.brief) out.push(`slowest: ${slowest.join(', ')} (whole run ${result.durationMs} ms, checkers in parallel)`);
  out.push(summaryLine(result, options));
  return `${out.join('\n')}\n`;
}

/** What part of the repository the run checked on purpose (`--changed-since`, `--shard`), in one line, or undefined. */
export function selectionNote(result: ValidationResult): string | undefined {
  const { selection } = result;
  if (!selection) return undefined;
  const said: string[] = [];
  const since = selection.changedSince;
  if (since) said.push(`the files changed since ${since.ref} (merge base ${since.base.slice(0, 12)}, ${since.changed} ${plural(since.changed, 'path')} changed) and the files depending on them`);
  if (selection.shard) said.push(`shard ${selection.shard.index}/${selection.shard.count}${since ? ' of those' : ' of the files'}`);
  return `checked only ${said.join(', ')}`;
}

/**
 * The one-line verdict, without a newline:
 * `passed: 3 files checked, 0 errors, 1 warning, 0 skipped checks` (or `failed: ...`, when a
 * finding reaches `options.failOn`, `error` by default), then `, 12 in the baseline` when a
 * baseline is in use (the counts before it are of the new findings only), then `, 2 fixable by
 * \`iacgen fix\`` when some findings are, the baseline's included (`fix/fixable.ts`). Pure.
 */
export function summaryLine(result: ValidationResult, options: PrettyOptions = {}): string {
  const paint = painter(options);
  const s = summarize(result);
  const fixable = countFixable(result);
  const verdict = failsRun(result, options.failOn) ? paint('red', 'failed') : paint('green', 'passed');
  return `${verdict}: ${s.files} ${plural(s.files, 'file')} checked, ${s.errors} ${plural(s.errors, 'error')}, ${s.warnings} ${plural(s.warnings, 'warning')}, ${s.skipped} skipped ${plural(s.skipped, 'check')}${baselineTail(result)}${fixable > 0 ? `, ${fixable} fixable by \`iacgen fix\`` : ''}`;
}

/** One finding: `path:line:col: severity rule message (checker)`. */
function finding(shown: string, d: Diagnostic, paint: ReturnType<typeof painter>): string {
  return `${shown}:${d.line}:${d.column}: ${paint(SEVERITY_COLOR[d.severity], d.severity)} ${d.rule} ${d.message} (${(d.agreed ?? [d.source]).join(' + ')})`;
}

/** One checker call as recovered from the check records (see {@link checkerCalls}). */
export interface CheckerCall {
  checker: string;
  /** Wall time of the call, in ms. */
  durationMs: number;
  /** The files it covered, in report order. */
  files: FileResult[];
}

/**
 * The checker calls of a run, recovered from the check records. A record holds the wall time of
 * the call that covered its file (shared by every file of a batch) but no call id, so
 * consecutive records of one checker (in report order, skipping files it did not cover) with the
 * same `durationMs` are taken as one call. That is exact for batches (`files` mode: a batch is a
 * run of consecutive files); it merges two `file`-mode calls only when neighbours took the very
 * same millisecond, an error of at most that many ms. Skipped records of 0 ms (the checker never
 * ran) are left out.
 */
export function checkerCalls(result: ValidationResult): CheckerCall[] {
  const calls: CheckerCall[] = [];
  const last = new Map<string, CheckerCall>();
  for (const file of result.files) {
    for (const check of file.checks) {
      if (check.status === 'skipped' && check.durationMs === 0) continue;
      const previous = last.get(check.checker);
      if (previous && previous.durationMs === check.durationMs) {
        previous.files.push(file);
        continue;
      }
      const call: CheckerCall = { checker: check.checker, durationMs: check.durationMs, files: [file] };
      calls.push(call);
      last.set(check.checker, call);
    }
  }
  return calls;
}

/** A checker's time: the wall times of its calls added up (calls of different checkers overlap). */
export interface CheckerTime {
  checker: string;
  durationMs: number;
  calls: number;
}

/** Every checker that ran, slowest first (ties by id), timed per {@link checkerCalls}. Pure. */
export function checkerTimes(result: ValidationResult): CheckerTime[] {
  const times = new Map<string, CheckerTime>();
  for (const call of checkerCalls(result)) {
    const time = times.get(call.checker) ?? { checker: call.checker, durationMs: 0, calls: 0 };
    time.durationMs += call.durationMs;
    time.calls++;
    times.set(call.checker, time);
  }
  return [...times.values()].sort((a, b) => b.durationMs - a.durationMs || a.checker.localeCompare(b.checker));
}

function painter(options: PrettyOptions): (color: Parameters<typeof styleText>[0], text: string) => string {
  return (color, text) => (options.color ? styleText(color, text) : text);
}

function plural(n: number, word: string): string {
  return n === 1 ? word : `${word}s`;
}

/**
 * The run-level warning when checkers that can run the repository's code ran without the sandbox
 * (`result.sandbox` not `on`), naming them and why; undefined otherwise. Pure.
 */
export function sandboxNote(result: ValidationResult): string | undefined {
  const state = result.sandbox;
  const bare = result.checkers.filter((c) => c.sandboxed === false).map((c) => c.id);
  if (!state || state.status === 'on' || bare.length === 0) return undefined;
  const why = state.status === 'off' ? `switched off by ${state.why}` : `${state.why}; to fix: ${state.fix}`;
  return `warning: no sandbox (${why}): ${bare.join(', ')} ran with the repository's code unsandboxed`;
}
