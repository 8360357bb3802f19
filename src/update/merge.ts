/**
 * The 3-way merge of one generated file, by `git merge-file` (git's own merge of a file, with
 * its inline conflict markers). git is already what iacgen's hook and baseline run with.
 *
 * `git merge-file` exits with the number of conflicts (at most 127) and negative (255 as seen
 * by a process) on error (git-merge-file(1), "EXIT STATUS" ... "The exit value of this program is
 * negative on error, and the number of conflicts otherwise").
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { IacgenError, EXIT } from '../errors.js';
import { makeTempDir, removeTempDir } from '../process/shutdown.js';

/** The three versions of a file and the labels its conflict markers show. */
export interface MergeInput {
  /** The file on disk (the user's version). */
  ours: string;
  /** What iacgen rendered when the artifact was generated (or last updated). */
  base: string;
  /** Today's rendering. */
  theirs: string;
  labels: { ours: string; base: string; theirs: string };
}

/** The merged text and how many conflicts it marks (0: a clean merge). */
export interface MergeResult {
  content: string;
  conflicts: number;
}

/**
 * Merges `theirs` into `ours` from `base`, marking conflicts inline (`<<<<<<< ours`, `=======`,
 * `>>>>>>> theirs`).
 * @throws IacgenError (exit 2) when git is not installed or `git merge-file` fails
 */
export async function mergeFile(input: MergeInput): Promise<MergeResult> {
  if (input.ours === input.theirs) return { content: input.ours, conflicts: 0 };
  if (input.base === input.theirs) return { content: input.ours, conflicts: 0 };
  if (input.base === input.ours) return { content: input.theirs, conflicts: 0 };
  const dir = await makeTempDir('iacgen-merge-');
  try {
    const [ours, base, theirs] = ['ours', 'base', 'theirs'].map((name) => path.join(dir, name)) as [string, string, string];
    await Promise.all([writeFile(ours, input.ours), writeFile(base, input.base), writeFile(theirs, input.theirs)]);
    const { labels } = input;
    const run = await execa('git', ['merge-file', '-p', '-L', labels.ours, '-L', labels.base, '-L', labels.theirs, ours, base, theirs], {
      reject: false,
      stripFinalNewline: false,
      stdin: 'ignore',
    }).catch((err: unknown) => ({ exitCode: undefined, stdout: '', stderr: String(err), failed: true }));
    const code = run.exitCode;
    if (code === undefined || code < 0 || code > 127) {
      throw new IacgenError(`git merge-file could not merge the file: ${String(run.stderr).trim() || `exit ${String(code)}`}`, EXIT.usage, 'install git (Debian: apt-get install git); iacgen update merges with git merge-file');
    }
    return { content: String(run.stdout), conflicts: code };
  } finally {
    await removeTempDir(dir);
  }
}
