/**
 * `--changed-since <ref>`: the files that differ between the merge base of the ref with HEAD and
 * the working tree (committed, staged or not), and the untracked files git does not ignore.
 */
import path from 'node:path';
import { execa } from 'execa';
import { UsageError } from '../errors.js';

/** What changed since a ref, as repository-relative paths (`/`). */
export interface ChangedFiles {
  /** The repository root (absolute). */
  root: string;
  /** The ref as given, and the merge base it stands for (a commit id). */
  ref: string;
  base: string;
  /** Every changed path: added, modified, deleted, type-changed, both sides of a rename, untracked. */
  paths: ReadonlySet<string>;
  /** The deleted ones among them. */
  deleted: ReadonlySet<string>;
}

/**
 * Lists what changed since `ref` in the repository at `root`: `git merge-base <ref> HEAD`, then
 * `git diff --name-status -z --no-renames --no-relative <base>` (the base against the working
 * tree, git-diff(1)) and `git ls-files --others --exclude-standard -z`.
 * @throws UsageError (exit 2) when the ref is not known to git or has no history in common with HEAD
 */
export async function changedSince(root: string, ref: string): Promise<ChangedFiles> {
  const git = (args: string[]) => execa('git', args, { cwd: root, reject: false, stdin: 'ignore', stripFinalNewline: false });
  if (ref.trim() === '' || ref.startsWith('-')) throw new UsageError(`--changed-since needs a git ref, not "${ref}"`, 'give a branch, tag or commit, e.g. --changed-since origin/main');
  const known = await git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  if (known.exitCode !== 0) {
    throw new UsageError(
      `--changed-since ${ref}: git knows no commit of that name in ${root}`,
      'fetch it first (git fetch origin main; in GitHub Actions, actions/checkout with fetch-depth: 0), or name another branch, tag or commit',
    );
  }
  const mergeBase = await git(['merge-base', ref, 'HEAD']);
  const base = String(mergeBase.stdout).trim();
  if (mergeBase.exitCode !== 0 || base === '') {
    throw new UsageError(
      `--changed-since ${ref}: it has no history in common with HEAD (git merge-base found none)`,
      'fetch more history (a shallow clone hides the merge base: git fetch --unshallow, or fetch-depth: 0), or validate without --changed-since',
    );
  }
  const [diff, untracked] = await Promise.all([
    git(['diff', '--name-status', '-z', '--no-renames', '--no-relative', base, '--']),
    git(['ls-files', '--others', '--exclude-standard', '-z', '--full-name']),
  ]);
  if (diff.exitCode !== 0 || untracked.exitCode !== 0) {
    const said = String(diff.stderr || untracked.stderr).trim().split('\n')[0] ?? '';
    throw new UsageError(`--changed-since ${ref}: git cannot list the changes: ${said}`, 'run `git status` to see what git says about the repository');
  }
  const paths = new Set<string>();
  const deleted = new Set<string>();
  // `--name-status -z`: the status, NUL, the path, NUL (no renames, so always one path).
  const fields = String(diff.stdout).split('\0');
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const status = fields[i] ?? '';
    const file = fields[i + 1] ?? '';
    if (file === '') continue;
    paths.add(file);
    if (status.startsWith('D')) deleted.add(file);
  }
  for (const file of String(untracked.stdout).split('\0')) if (file) paths.add(file);
  return { root: path.resolve(root), ref, base, paths, deleted };
}
