/**
 * Where a run's baseline comes from: `.iacgen-baseline.json` at the top of the git work tree.
 * For `--staged`, the index's copy (in the export of the index) when the index has one, so the
 * hook judges a commit by the baseline committed with it; else the working tree's (an untracked
 * baseline still applies).
 */
import path from 'node:path';
import { displayPath } from '../util/paths.js';
import { repositoryTop } from '../util/repository.js';
import { BASELINE_FILE, readBaseline, type Baseline } from './file.js';

/** Where the baseline of the repository holding `cwd` lives (absolute), or undefined outside git. */
export function baselinePath(cwd: string): string | undefined {
  const top = repositoryTop(cwd);
  return top === undefined ? undefined : path.join(top, BASELINE_FILE);
}

/**
 * The baseline of the repository holding `cwd`, or undefined (no file, or outside git).
 * @param stage for `--staged`: the folder the index was exported to (its copy wins when present)
 * @throws UsageError (exit 2) when the file is there but unusable (see `readBaseline`)
 */
export async function repositoryBaseline(cwd: string, stage?: string): Promise<Baseline | undefined> {
  const file = baselinePath(cwd);
  if (file === undefined) return undefined;
  const shown = displayPath(file, cwd);
  if (stage !== undefined) {
    const staged = await readBaseline(path.join(stage, BASELINE_FILE), shown, 'the staged baseline');
    if (staged) return staged;
  }
  return readBaseline(file, shown);
}
