/**
 * Removes the `.ansible` folder that ansible-lint 25+ makes in the checked tree when it runs as
 * the plain CLI (the worker's prelude redirects it instead: see `ansible-lint-batch.ts`).
 *
 * Where it goes (ansible-lint 25.2.1 / 26.4.0 with ansible-compat 25.1.5 / 26.3.0):
 * `ansiblelint/__main__.py` `get_cache_dir(options.project_dir)` and `app.py` `App.__init__`
 * `Runtime(isolated=True)` (project dir: the working directory in 25.2.1, `options.project_dir`
 * in 26.4.0) both make `<dir>/.ansible`; `options.project_dir` comes from
 * `file_utils.find_project_root`: the nearest folder, from the files' common parent up, holding
 * `.git`, `.hg` or an ansible-lint config file, else the file-system root.
 *
 * In the sandbox (`../sandbox.ts`) the repository is read-only: ansible-compat's `get_cache_dir`
 * (25.1.5, `prerun.py`) then warns on stderr ("Project directory ... cannot be used for caching
 * as it is not writable", "Using unique temporary directory ...") and uses
 * `$TMPDIR/.ansible-<hash>`, in the sandbox's private `/tmp`; the verdicts are the same (every
 * checker fixture, trixie), and nothing is left here to remove.
 */
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';

/** Config files `find_project_root` looks for (ansible-lint 25.2.1 / 26.4.0 `constants.py` CONFIG_FILENAMES). */
const ROOT_MARKERS = ['.git', '.hg', '.ansible-lint', '.ansible-lint.yml', '.ansible-lint.yaml', '.config/ansible-lint.yml', '.config/ansible-lint.yaml'];

/** The working directory and ansible-lint's project root for it (absolute). */
export function cacheFolders(cwd: string): string[] {
  let dir = path.resolve(cwd);
  for (;;) {
    if (ROOT_MARKERS.some((m) => existsSync(path.join(dir, m)))) break;
    const up = path.dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return [...new Set([path.resolve(cwd), dir])];
}

/** Calls in flight per folder, and whether its `.ansible` existed before the first of them. */
const inFlight = new Map<string, { count: number; existed: boolean }>();

/**
 * Runs `use`, then removes each `<folder>/.ansible` (see {@link cacheFolders}) that did not exist
 * before and that no other ansible-lint call of this process still uses. One that existed before
 * (the user's own) is never touched. Synchronous checks, so concurrent calls cannot interleave.
 */
export async function withoutLeftovers<T>(cwd: string, use: () => Promise<T>): Promise<T> {
  const folders = cacheFolders(cwd);
  for (const folder of folders) {
    const entry = inFlight.get(folder) ?? { count: 0, existed: existsSync(path.join(folder, '.ansible')) };
    entry.count += 1;
    inFlight.set(folder, entry);
  }
  try {
    return await use();
  } finally {
    for (const folder of folders) {
      const entry = inFlight.get(folder);
      if (!entry) continue;
      entry.count -= 1;
      if (entry.count > 0) continue;
      inFlight.delete(folder);
      if (!entry.existed) rmSync(path.join(folder, '.ansible'), { recursive: true, force: true });
    }
  }
}
