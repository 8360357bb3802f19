/**
 * Every text fixer, in the order the engine applies them to a file (see `types.ts`). iacgen's
 * own rules' fixers live beside their rules under `src/policy/rules/`; the fixers of checker
 * findings (yamllint's whitespace and document start) in `src/fix/`.
 */
import type { TextFixer } from './types.js';

/** The text fixers, applied in this order. */
export const TEXT_FIXERS: readonly TextFixer[] = [];
