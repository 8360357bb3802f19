/** Where a repository ends: the boundary of every look-up of project configuration. */
import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * The top of the git work tree holding `startDir`: the nearest folder at or above it holding
 * `.git` (a folder, or the file of a linked worktree or submodule); undefined outside git.
 */
export function repositoryTop(startDir: string): string | undefined {
  let dir = path.resolve(startDir);
  for (;;) {
    if (existsSync(path.join(dir, '.git'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}
