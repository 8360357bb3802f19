/**
 * The formatters of `iacgen fix`, applied in this order after the text fixers.
 *
 * ansible-lint's own fixer is not here: ansible-lint 6.13's `--write` re-dumps every YAML file it
 * touches through its formatter whatever the `write_list` (its `--help`: "YAML reformatting
 * happens whenever '--write' or '--write=' is used"), which rewrites values (`yes` -> `true`) and
 * the layout of comments; see the README, "Fixing findings".
 */
import { shfmtFormatter } from './shfmt.js';
import { terraformFormatter } from './terraform.js';
import type { Formatter } from './types.js';

/** Every formatter, in the order the engine applies them. */
export const FORMATTERS: readonly Formatter[] = [terraformFormatter, shfmtFormatter];
