/**
 * Which findings are about a whole file, whatever line they name (the line only says where a fix
 * would go): the baseline keys them by file, checker, rule and message, never by the line's text,
 * so code added above them (a header, an import) keeps them matched.
 */
import type { Diagnostic } from '../check/types.js';
import { RULE_DOCS, type RuleId } from '../policy/docs.js';

/** Checker findings about the whole file, as `source:rule` (yamllint's rule ids, from its docs). */
const WHOLE_FILE_CHECKER_RULES: ReadonlySet<string> = new Set(['yamllint:document-start', 'yamllint:new-line-at-end-of-file']);

/** True when the finding is about its whole file: an iacgen rule whose doc says `scope: 'file'`, or one of the checker rules above. Pure. */
export function wholeFile(d: Pick<Diagnostic, 'source' | 'rule'>): boolean {
  if (d.source === 'iacgen') return (RULE_DOCS as Record<string, { scope?: 'file' } | undefined>)[d.rule as RuleId]?.scope === 'file';
  return WHOLE_FILE_CHECKER_RULES.has(`${d.source}:${d.rule}`);
}
