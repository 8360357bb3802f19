/**
 * Moving a result validated in a copy of the tree (the staged export, the editor's unsaved
 * buffer) back to the repository: the files' paths, and every text a checker wrote with the
 * copy's path in it (ansible-lint's "included file `/tmp/iacgen-staged-…/x.yml` cannot be found",
 * ansible-playbook's "The error appears to be in '/tmp/…'"), so that a message reads as the
 * checker run directly on the repository's file would print it.
 */
import path from 'node:path';
import type { CheckRecord, Diagnostic, FileResult } from '../check/types.js';
import { folderReplacer } from '../util/paths.js';

/**
 * `file` as if validated in place: the copy's folder replaced by the repository's in its
 * `absPath`, its diagnostics' messages and its checks' reasons and outputs.
 * @param copy absolute path of the copy's top
 * @param root absolute path of the repository's top
 */
export function relocateFile(file: FileResult, copy: string, root: string): FileResult {
  const move = folderReplacer(copy, root);
  return {
    ...file,
    absPath: path.join(root, path.relative(copy, file.absPath)),
    diagnostics: file.diagnostics.map((d): Diagnostic => ({ ...d, message: move(d.message) })),
    checks: file.checks.map((c): CheckRecord => ({
      ...c,
      ...(c.reason !== undefined ? { reason: move(c.reason) } : {}),
      ...(c.output !== undefined ? { output: move(c.output) } : {}),
    })),
  };
}
