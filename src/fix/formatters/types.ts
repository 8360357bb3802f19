/**
 * A formatter: a checker's own tool that rewrites a file the way its check wants it (`terraform
 * fmt`, `shfmt`), run by `iacgen fix` on the file's text (standard input, never the file itself).
 */
import type { FileType } from '../../classify/tables.js';
import type { FixFile } from '../types.js';

/** What a formatter made of one file: the formatted text, or why it could not format it. */
export type FormatResult = { text: string } | { failure: string };

/** One formatter (see `index.ts` for the list). */
export interface Formatter {
  /** Stable id, shown in the plan (`terraform fmt`, `shfmt`). */
  id: string;
  /** The findings it repairs, as `source:rule` (`fixKey`): it runs only on a file with one of them. */
  repairs: readonly string[];
  /** File types it applies to. */
  fileTypes: readonly FileType[];
  /**
   * Formats `file.text` as the tool would format the file at `file.absPath`. Never writes the file
   * and never throws for the file's problems (a syntax error is a `failure`).
   */
  format(file: FixFile): Promise<FormatResult>;
}
