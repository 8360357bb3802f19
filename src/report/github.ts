/**
 * The GitHub Actions reporter: workflow commands that GitHub shows as annotations on the lines
 * of a pull request's diff and on the run's summary page.
 */
import type { Severity, ValidationResult } from '../check/types.js';
import { displayPath } from '../util/paths.js';
import type { ReportOptions } from './index.js';
import { summaryLine } from './pretty.js';
import { noteworthy } from './summary.js';

const COMMAND: Record<Severity, 'error' | 'warning' | 'notice'> = { error: 'error', warning: 'warning', info: 'notice' };

/**
 * Renders one workflow command a line. Pure.
 *
 * - Each diagnostic: `::error file=PATH,line=L,col=C,title=RULE (CHECKER)::MESSAGE`
 *   (`::warning` and `::notice` for the other severities).
 * - Each missing checker: `::warning title=CHECKER not installed::...` with its install hint;
 *   other skipped checks and files not checked at all: `::notice file=PATH,...`.
 * - Findings the baseline knows are left out (counted in the summary line).
 * - Then the summary line as plain log text.
 *
 * PATH is relative to the working directory, which GitHub resolves against the repository
 * root: run `iacgen validate` from the root for the annotations to land on the files. GitHub
 * shows at most 10 annotations of each kind per step (the rest are in the log).
 */
export function formatGithub(result: ValidationResult, options: ReportOptions = {}): string {
  const out: string[] = [];
  for (const file of result.files) {
    const shown = displayPath(file.absPath, result.cwd);
    for (const d of file.diagnostics) {
      if (d.baseline) continue;
      out.push(command(COMMAND[d.severity], { file: shown, line: String(d.line), col: String(d.column), title: `${d.rule} (${(d.agreed ?? [d.source]).join(' + ')})` }, d.message));
    }
  }
  const missing = new Set<string>();
  for (const checker of result.checkers) {
    if (checker.status !== 'missing') continue;
    missing.add(checker.id);
    const files = result.files.filter((f) => f.checks.some((c) => c.checker === checker.id)).length;
    const hint = checker.installHint ? `install it: ${checker.installHint}` : 'install it';
    out.push(command('warning', { title: `${checker.id} not installed` }, `${checker.id} did not check ${files} ${files === 1 ? 'file' : 'files'}; ${hint}`));
  }
  for (const file of result.files) {
    const shown = displayPath(file.absPath, result.cwd);
    for (const check of file.checks) {
      if (check.status !== 'skipped' || missing.has(check.checker)) continue;
      out.push(command('notice', { file: shown, title: `skipped (${check.checker})` }, check.reason ?? 'skipped'));
    }
    if (noteworthy(file)) {
      out.push(command('notice', { file: shown, title: 'not checked' }, file.note ?? 'not checked'));
    }
  }
  out.push(summaryLine(result, { failOn: options.failOn ?? 'error' }));
  return `${out.join('\n')}\n`;
}

/** `::name key=value,...::message`, escaped as the Actions runner reads it. */
function command(name: string, properties: Record<string, string>, message: string): string {
  const props = Object.entries(properties)
    .map(([key, value]) => `${key}=${escapeProperty(value)}`)
    .join(',');
  return `::${name}${props ? ` ${props}` : ''}::${escapeData(message)}`;
}

/**
 * Escapes a command's message. The rules are those of `escapeData` in `@actions/core`
 * (actions/toolkit, packages/core/src/command.ts): `%` first, then CR and LF.
 */
export function escapeData(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/**
 * Escapes a property value: as {@link escapeData}, plus `:` and `,`, which end a value
 * (`escapeProperty` in the same file).
 */
export function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
