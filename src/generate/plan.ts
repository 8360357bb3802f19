/**
 * The plan of one `new` run: what happens to each rendered file (`create`, `unchanged`,
 * `conflict`, `skip`, `overwrite` once a conflict is resolved, `insert` into an existing file
 * with `--into`, or `update`: an existing file merged structurally, see inventory-sync/), decided before anything is
 * written, and the unified diff of a conflict. Paths never lead outside the repository root.
 */
import { existsSync, realpathSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { UsageError } from '../errors.js';
import { isInside } from '../util/paths.js';
import type { RenderedFile } from './render.js';

/** What will happen to one file. */
export type PlanAction = 'create' | 'unchanged' | 'conflict' | 'skip' | 'overwrite' | 'insert' | 'update';

/** One row of the plan. `current` is the file's content on disk when it exists. */
export interface PlannedFile {
  file: RenderedFile;
  action: PlanAction;
  /** Why a file is skipped (`exists; left alone` for files the generator never overwrites). */
  reason?: string;
  current?: string;
}

/**
 * Decides the action for each file. A file that exists with other content is a `conflict`,
 * except a file the generator keeps (`ifExists: keep`), which is a `skip`, and a file of
 * `inserted` (`--into`: its content is the file on disk plus the insertion), which is an `insert`.
 * @throws UsageError (exit 2) when a path leads outside `root` through a symbolic link
 */
export async function planFiles(files: readonly RenderedFile[], root: string, inserted: ReadonlySet<string> = new Set()): Promise<PlannedFile[]> {
  const realRoot = realpathSync(root);
  const plan: PlannedFile[] = [];
  for (const file of files) {
    const absPath = path.join(root, file.relPath);
    if (!isInside(realRoot, realpathOfNearest(absPath))) {
      throw new UsageError(`refusing to write ${file.relPath}: a symbolic link leads outside the repository root`, 'remove the link or choose another --dir');
    }
    if (!existsSync(absPath)) {
      plan.push({ file, action: 'create' });
      continue;
    }
    const current = await readFile(absPath, 'utf8');
    if (current === file.content) plan.push({ file, action: 'unchanged', current });
    else if (inserted.has(file.relPath)) plan.push({ file, action: 'insert', current });
    else if (file.ifExists === 'keep') plan.push({ file, action: 'skip', reason: 'exists; left alone', current });
    else plan.push({ file, action: 'conflict', current });
  }
  return plan;
}

/** The real path of `absPath`, or of its nearest existing ancestor joined with the rest. */
function realpathOfNearest(absPath: string): string {
  let existing = absPath;
  const rest: string[] = [];
  while (!existsSync(existing)) {
    rest.unshift(path.basename(existing));
    existing = path.dirname(existing);
  }
  return path.join(realpathSync(existing), ...rest);
}

/** Unified diff from the file on disk to the rendered content (`a/<path>` -> `b/<path>`), of a conflict or an insert. */
export function conflictDiff(row: PlannedFile): string {
  return createTwoFilesPatch(`a/${row.file.relPath}`, `b/${row.file.relPath}`, row.current ?? '', row.file.content, 'on disk', 'iacgen');
}

/** The plan as aligned lines: `  conflict   ansible/playbooks/x.yml`. */
export function formatPlan(plan: readonly PlannedFile[]): string {
  return plan.map((row) => `  ${row.action.padEnd(10)} ${row.file.relPath}${row.reason ? ` (${row.reason})` : ''}`).join('\n');
}
