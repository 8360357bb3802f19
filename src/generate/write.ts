/**
 * Planning and writing rendered files: each file is `create`, `keep` (exists and is left alone
 * by design), `overwrite` (exists, --force) or `conflict`; writes are atomic (temporary file in
 * the same folder, then rename, via write-file-atomic) and never leave the repository root.
 */
import { existsSync, realpathSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { UsageError } from '../errors.js';
import { isInside } from '../util/paths.js';
import type { RenderedFile } from './render.js';

/** What will happen to one file. `unchanged`: it exists with exactly the rendered content. */
export type PlanAction = 'create' | 'keep' | 'unchanged' | 'overwrite' | 'conflict';

/** One row of the plan. */
export interface PlannedFile {
  file: RenderedFile;
  action: PlanAction;
}

/**
 * Decides the action for each file.
 * @throws UsageError (exit 2) when a path leads outside `root` through a symlinked folder
 */
export async function planWrites(files: readonly RenderedFile[], root: string, force: boolean): Promise<PlannedFile[]> {
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
    if (current === file.content) plan.push({ file, action: 'unchanged' });
    else if (file.ifExists === 'keep') plan.push({ file, action: 'keep' });
    else plan.push({ file, action: force ? 'overwrite' : 'conflict' });
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

/**
 * Writes the `create` and `overwrite` rows atomically, keeping the mode of an overwritten file.
 * @returns the rows written
 */
export async function writePlan(plan: readonly PlannedFile[], root: string): Promise<PlannedFile[]> {
  const written: PlannedFile[] = [];
  for (const row of plan) {
    if (row.action !== 'create' && row.action !== 'overwrite') continue;
    const absPath = path.join(root, row.file.relPath);
    await mkdir(path.dirname(absPath), { recursive: true });
    await writeFileAtomic(absPath, row.file.content, row.action === 'create' ? { mode: row.file.mode } : {});
    written.push(row);
  }
  return written;
}
