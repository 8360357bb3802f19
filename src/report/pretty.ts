/** The human reporter: findings grouped by file, then skipped checkers, then a summary line. */
import { styleText } from 'node:util';
import type { Severity, ValidationResult } from '../check/types.js';
import { displayPath } from '../util/paths.js';
import { summarize } from './summary.js';

/** Options of {@link formatPretty}. */
export interface PrettyOptions {
  /** Colour the severities (only on a TTY). */
  color?: boolean;
}

const SEVERITY_COLOR: Record<Severity, 'red' | 'yellow' | 'blue'> = { error: 'red', warning: 'yellow', info: 'blue' };

/**
 * Renders findings as `path:line:col: severity rule message (checker)`, grouped under each
 * file's path, then the install hints of missing checkers and a one-line summary. Pure.
 */
export function formatPretty(result: ValidationResult, options: PrettyOptions = {}): string {
  const paint = (color: Parameters<typeof styleText>[0], text: string) => (options.color ? styleText(color, text) : text);
  const out: string[] = [];
  for (const file of result.files) {
    const shown = displayPath(file.absPath, result.cwd);
    if (file.note && file.type === 'unknown' && !file.note.startsWith('binary')) {
      out.push(`${paint('bold', shown)}`, `  ${shown}: not checked: ${file.note}`, '');
      continue;
    }
    if (file.diagnostics.length === 0) continue;
    out.push(paint('bold', shown));
    for (const d of file.diagnostics) {
      out.push(`  ${shown}:${d.line}:${d.column}: ${paint(SEVERITY_COLOR[d.severity], d.severity)} ${d.rule} ${d.message} (${d.source})`);
    }
    out.push('');
  }
  const missing = result.checkers.filter((c) => c.status === 'missing');
  if (missing.length > 0) {
    out.push(paint('yellow', 'Skipped checkers (not installed):'));
    for (const checker of missing) out.push(`  ${checker.id}: ${checker.installHint ?? 'not installed'}${checker.policy === 'required' ? ' (required)' : ''}`);
    out.push('');
  }
  const s = summarize(result);
  const verdict = s.errors > 0 ? paint('red', 'failed') : paint('green', 'passed');
  out.push(`${verdict}: ${s.files} ${plural(s.files, 'file')} checked, ${s.errors} ${plural(s.errors, 'error')}, ${s.warnings} ${plural(s.warnings, 'warning')}, ${s.skipped} skipped ${plural(s.skipped, 'check')}`);
  return `${out.join('\n')}\n`;
}

function plural(n: number, word: string): string {
  return n === 1 ? word : `${word}s`;
}
