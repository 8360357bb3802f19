/** `shfmt` as a formatter, honouring the repository's `.editorconfig`. */
import path from 'node:path';
import { formatWith } from './run.js';
import type { Formatter } from './types.js';

/**
 * `shfmt --filename <absolute path>` with the text on standard input: `--filename` "provide[s] a
 * name for the standard input file" (shfmt 3.6 `--help`), and shfmt looks up the `.editorconfig`
 * files that apply to that name as it does for a path it is given (shfmt(1): EditorConfig files
 * are used unless a parser or printer flag is given; none is given here, like the `shfmt` checker).
 * Confirmed with shfmt 3.6.0: `indent_size = 2` in an `.editorconfig` above the named path gives
 * two-space indentation. Exit 0 formatted, 1 on a parse error (`<name>:line:col: message`).
 */
export const shfmtFormatter: Formatter = {
  id: 'shfmt',
  repairs: ['shfmt:format'],
  fileTypes: ['shell'],
  format: (file) => formatWith([{ command: 'shfmt', args: ['--filename', file.absPath] }], file.text, path.dirname(file.absPath)),
};
