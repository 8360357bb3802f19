/**
 * Validating what will be committed: the staged files' staged content, not their working copy.
 * The index is exported with `git checkout-index` into a temporary folder (so checkers that read
 * surrounding files see their staged versions too; only what the staged files need, see
 * `stage-plan.ts`), validated there, and the result's paths are mapped back to the repository. Never stashes; never touches the working tree or the index.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import type { ValidationResult } from '../check/types.js';
import { UsageError } from '../errors.js';
import { makeTempDir, removeTempDir } from '../process/shutdown.js';
import { relocateFile } from './relocate.js';
import { exportForStaged, type StagedExport } from './stage-plan.js';

/** The repository root and the staged files (added, copied, modified, renamed), relative to it. */
export interface StagedFiles {
  root: string;
  files: string[];
}

/**
 * Lists the staged files; deleted files are left out (`--diff-filter=ACMR`).
 * @throws UsageError (exit 2) outside a git work tree
 */
export async function stagedFiles(cwd: string): Promise<StagedFiles> {
  // Both at once: the listing's paths are relative to the top whatever the folder (--no-relative
  // overrides a user's diff.relative), and a failed listing only counts once the top is known.
  const [top, diff] = await Promise.all([
    execa('git', ['rev-parse', '--show-toplevel'], { cwd, reject: false, stdin: 'ignore' }),
    execa('git', ['diff', '--cached', '--name-only', '-z', '--diff-filter=ACMR', '--no-renames', '--no-relative'], { cwd, reject: false, stdin: 'ignore' }),
  ]);
  if (top.exitCode !== 0) throw new UsageError('--staged needs a git repository, and this is not one', 'run it inside the repository, or validate paths without --staged');
  const root = path.resolve(String(top.stdout).trim());
  if (diff.exitCode !== 0) throw new UsageError(`git cannot list the staged files: ${String(diff.stderr).trim().split('\n')[0] ?? ''}`, 'run `git status` to see what git says about the repository');
  const files = String(diff.stdout).split('\0').filter(Boolean).sort();
  return { root, files };
}

/**
 * Exports the staged files and what checking them reads (`stage-plan.ts`; the whole index when
 * that cannot be told) into a new temporary folder and runs `validate` there on the staged
 * files; returns its result with every path mapped back into the repository, as seen from `cwd`
 * (the files' paths, and the export's folder in the checkers' messages: `relocate.ts`).
 * The temporary folder is removed afterwards, whatever happens.
 * @param validate runs the engine: given the folder standing for `cwd` and the staged paths relative to it
 * @param env the process environment, for the dependency look-ups
 * @param onExport told what was exported (tests, `IACGEN_DEBUG`)
 */
export async function validateStaged(
  cwd: string,
  staged: StagedFiles,
  validate: (stageCwd: string, paths: string[]) => Promise<ValidationResult>,
  env: NodeJS.ProcessEnv = process.env,
  onExport?: (exported: StagedExport) => void,
): Promise<ValidationResult> {
  const stage = await makeTempDir('iacgen-staged-');
  try {
    const stageCwd = path.join(stage, path.relative(staged.root, path.resolve(cwd)));
    // A git repository there lets discovery and the classifier see the same root as the real one.
    await Promise.all([
      execa('git', ['init', '-q'], { cwd: stage, stdin: 'ignore' }),
      exportForStaged(staged.root, stage, stageCwd, staged.files, env).then((exported) => onExport?.(exported)),
    ]);
    await mkdir(stageCwd, { recursive: true });
    const paths = staged.files.map((f) => path.relative(stageCwd, path.join(stage, f)) || '.');
    const result = await validate(stageCwd, paths);
    return { ...result, cwd: path.resolve(cwd), files: result.files.map((f) => relocateFile(f, stage, staged.root)) };
  } finally {
    await removeTempDir(stage);
  }
}
