/**
 * Shapes shared by `iacgen fix` (and `validate --fix`): a fixer repairs some findings of one file
 * by returning the file's new text. Fixers are pure functions of the text (no I/O), so the engine
 * can chain them, re-validate the result and write everything through the same plan / diff /
 * all-or-nothing transaction as `iacgen new`.
 *
 * Two kinds feed the engine (`src/fix/engine.ts`):
 * - text fixers (this interface): iacgen's own rules (the `fix` of a `RuleLogic`, beside its rule)
 *   and mechanical repairs of checker findings (yamllint's `document-start`, `trailing-spaces`,
 *   `new-line-at-end-of-file`), keyed by the finding's `source` and `rule`;
 * - formatters: a checker's own tool run on a copy (`terraform fmt`, `shfmt`, ansible-lint's
 *   fixer), in `src/fix/formatters/`.
 */
import type { FileType } from '../classify/tables.js';
import type { Diagnostic } from '../check/types.js';

/** What a fixer may know beyond the file: values for the header block and the repository. */
export interface FixContext {
  /** Absolute repository root. */
  root: string;
  /** Author for a new header: git's `user.name`, else the OS user. */
  author: string;
  /** Today's date, `YYYY-MM-DD`. */
  date: string;
  /** Purpose for a new header (`--purpose`), when the user gave one. */
  purpose?: string;
  /**
   * The Purpose the user gave for one file (asked at a terminal: `commands/fix.ts`), by path
   * relative to the root; wins over `purpose`.
   */
  purposeFor?: (relPath: string) => string | undefined;
}

/** One file as a fixer sees it. */
export interface FixFile {
  /** Absolute path. */
  absPath: string;
  /** Path relative to the repository root, `/`-separated. */
  relPath: string;
  type: FileType;
  /** The current text (after the fixers that ran before this one). */
  text: string;
}

/**
 * A text fixer: repairs the findings it `handles` in one file. Returns the new text, or undefined
 * when it cannot repair them mechanically (the finding stays, reported as not fixed). Must keep
 * every comment and the layout of everything it does not repair (YAML through the `yaml`
 * library's Document/CST API or line edits, never a re-dump).
 */
export interface TextFixer {
  /** Stable id, shown in the plan (`header-missing`, `yamllint:trailing-spaces`). */
  id: string;
  /** The findings it repairs, as `source:rule` (`iacgen:header-missing`, `yamllint:trailing-spaces`). */
  handles: readonly string[];
  /** File types it applies to. */
  fileTypes: readonly FileType[];
  /**
   * `safe`: the file means the same to its tool afterwards (a header comment, an obsolete key
   * removed, whitespace); applied by `iacgen fix`. `unsafe`: the fix changes what runs (`set -euo
   * pipefail` makes a script stop where it went on); applied only with `--unsafe`.
   */
  safety: 'safe' | 'unsafe';
  /** Why `apply` may give up on a file, said in the plan when it does (default: not mechanical there). */
  whyNot?: string;
  /** @returns the repaired text, or undefined (cannot repair these findings here) */
  apply(file: FixFile, findings: readonly Diagnostic[], context: FixContext): string | undefined;
}

/** The key a fixer is found by: `source:rule` of a diagnostic. */
export function fixKey(diagnostic: Pick<Diagnostic, 'source' | 'rule'>): string {
  return `${diagnostic.source}:${diagnostic.rule}`;
}
