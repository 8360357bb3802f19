/**
 * The formatters of `iacgen fix`, applied in this order after the text fixers.
 *
 * ansible-lint's own fixer is not here: in 6.13 no rule has a transform (no `def transform` in
 * `ansiblelint/rules/` but the base class), and `--write` re-dumps every YAML file it touches
 * through its formatter whatever the `write_list` (its `--help`: "YAML reformatting happens
 * whenever '--write' or '--write=' is used"). Tried with ansible-lint 6.13.1: `--write=none` drops
 * the comment of an item of a multi-line flow sequence, splits `--- # comment` in two lines and
 * rewrites `become: yes` as `become: true`. See the README, "Fixing findings".
 */
import { shfmtFormatter } from './shfmt.js';
import { terraformFormatter } from './terraform.js';
import type { Formatter } from './types.js';

/** Every formatter, in the order the engine applies them. */
export const FORMATTERS: readonly Formatter[] = [terraformFormatter, shfmtFormatter];
