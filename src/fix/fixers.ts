/**
 * Every text fixer, in the order the engine applies them to a file (see `types.ts`). iacgen's
 * own rules' fixers live beside their rules under `src/policy/rules/`; the fixers of checker
 * findings (yamllint's whitespace and document start) in `src/fix/`.
 *
 * Order matters where a fixer reads its findings' line numbers: `yamllint:trailing-spaces` strips
 * the lines yamllint reported, so it runs first, before any fixer adds or removes lines. Every
 * other fixer finds its work in the text itself. The header goes in before strict mode, so that
 * `set -euo pipefail` lands after the header block.
 */
import { ansibleCommandNotIdempotentFix } from '../policy/rules/ansible/tasks.js';
import { composeVersionObsoleteFix } from '../policy/rules/compose/exposure.js';
import { composeRestartPolicyFix } from '../policy/rules/compose/runtime.js';
import { headerIncompleteFix, headerMissingFix, headerPathMismatchFix } from '../policy/rules/header.js';
import { shNoStrictModeFix } from '../policy/rules/shell.js';
import type { TextFixer } from './types.js';
import { documentStartFix, newLineAtEndOfFileFix, trailingSpacesFix } from './yamllint.js';

/** The text fixers, applied in this order. */
export const TEXT_FIXERS: readonly TextFixer[] = [
  trailingSpacesFix,
  newLineAtEndOfFileFix,
  documentStartFix,
  headerMissingFix,
  headerIncompleteFix,
  headerPathMismatchFix,
  composeVersionObsoleteFix,
  composeRestartPolicyFix,
  ansibleCommandNotIdempotentFix,
  shNoStrictModeFix,
];

/** The fixer that repairs findings of `source:rule` (`iacgen:header-missing`), or undefined. */
export function fixerFor(key: string): TextFixer | undefined {
  return TEXT_FIXERS.find((fixer) => fixer.handles.includes(key));
}
