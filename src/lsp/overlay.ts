/**
 * Validating an editor's unsaved buffer: the working tree with the buffer's text over one file.
 * Built on the staged check's export (`validate/stage-plan.ts`, `exportForStaged`): only what the
 * file needs (its checkers' dependencies, the folders the classifier asks about, the settings and
 * the baseline) is copied, here from the working tree instead of the index, into a temporary git
 * repository, the buffer is written in the file's place there, and the caller validates in that
 * copy (with the repository's result cache: unchanged neighbours are not checked again). The
 * working tree is never written; the temporary folder is removed afterwards, whatever happens.
 */
import { copyFile, lstat, mkdir, readlink, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import pLimit from 'p-limit';
import { makeTempDir, removeTempDir } from '../process/shutdown.js';
import { exportForStaged, readIndex, type ExportSource, type IndexEntry } from '../validate/stage-plan.js';

/** git's mode of a regular file and of a symbolic link (`git ls-files -s`). */
const FILE_MODE = '100644';
const SYMLINK_MODE = '120000';

/** Copies at once (file-system calls, not processes). */
const COPIES_AT_ONCE = 16;

/** One file of the working tree and the text to validate in its place. */
export interface UnsavedBuffer {
  /** The git work tree's top (absolute). */
  root: string;
  /** The file (absolute, inside `root`). */
  absPath: string;
  /** The buffer's text. */
  text: string;
}

/** The copy a caller validates in, and how its paths map to the working tree. */
export interface Overlay {
  /** The copy's top, standing for the repository's root. */
  stage: string;
  /** The folder standing for `cwd`. */
  cwd: string;
  /** The file's copy, holding the buffer's text. */
  absPath: string;
}

/**
 * The working tree as an export source: the index's entries (their modes and merge stages) and
 * the untracked files git does not ignore, read from the disk; the buffer's file always, with the
 * buffer's text. A tracked file deleted from the working tree is not copied.
 */
export function workingTreeSource(buffer: UnsavedBuffer): ExportSource {
  const own = toRel(buffer.root, buffer.absPath);
  return {
    async read(root) {
      const [index, others] = await Promise.all([
        readIndex(root),
        execa('git', ['ls-files', '-z', '--others', '--exclude-standard'], { cwd: root, stdin: 'ignore' }),
      ]);
      const entries = new Map<string, IndexEntry>(index);
      const untracked = String(others.stdout).split('\0').filter(Boolean);
      const limit = pLimit(COPIES_AT_ONCE);
      await Promise.all(
        untracked.map((rel) =>
          limit(async () => {
            const stats = await lstat(path.join(root, rel)).catch(() => undefined);
            if (stats) entries.set(rel, { mode: stats.isSymbolicLink() ? SYMLINK_MODE : FILE_MODE, stage: 0 });
          }),
        ),
      );
      entries.set(own, { mode: FILE_MODE, stage: 0 });
      return entries;
    },
    async write(root, stage, paths) {
      const all = paths ?? [...(await this.read(root)).keys()];
      const limit = pLimit(COPIES_AT_ONCE);
      await Promise.all(all.map((rel) => limit(() => (rel === own ? place(path.join(stage, rel), buffer.text) : copy(root, stage, rel)))));
    },
  };
}

/**
 * Copies what validating `buffer` needs into a new temporary git repository, with the buffer's
 * text in the file's place, and runs `work` there; the folder is removed afterwards.
 * @param cwd the run's folder in the working tree (inside `buffer.root`)
 * @param env the process environment, for the dependency look-ups
 * @throws what `work` throws; ExecaError when git cannot list the working tree
 */
export async function withOverlay<T>(buffer: UnsavedBuffer, cwd: string, env: NodeJS.ProcessEnv, work: (overlay: Overlay) => Promise<T>): Promise<T> {
  const stage = await makeTempDir('iacgen-lsp-');
  try {
    const stageCwd = path.join(stage, path.relative(buffer.root, path.resolve(cwd)));
    const own = toRel(buffer.root, buffer.absPath);
    await Promise.all([
      execa('git', ['init', '-q'], { cwd: stage, stdin: 'ignore' }),
      exportForStaged(buffer.root, stage, stageCwd, [own], env, workingTreeSource(buffer)),
    ]);
    await mkdir(stageCwd, { recursive: true });
    return await work({
      stage,
      cwd: stageCwd,
      absPath: path.join(stage, own),
    });
  } finally {
    await removeTempDir(stage);
  }
}

/** A path relative to `root`, `/`-separated (git's spelling). */
function toRel(root: string, absPath: string): string {
  return path.relative(root, absPath).split(path.sep).join('/');
}

/** Writes `text` at `target`, its folders made. */
async function place(target: string, text: string): Promise<void> {
  await mkdir(path.dirname(target), { recursive: true });
  await writeFile(target, text);
}

/** Copies one path of the working tree (a file with its mode, or a symbolic link as a link); a missing one is skipped. */
async function copy(root: string, stage: string, rel: string): Promise<void> {
  const from = path.join(root, rel);
  const to = path.join(stage, rel);
  const stats = await lstat(from).catch(() => undefined);
  if (!stats || stats.isDirectory()) return;
  await mkdir(path.dirname(to), { recursive: true });
  if (stats.isSymbolicLink()) {
    await symlink(await readlink(from), to).catch(() => undefined);
    return;
  }
  if (stats.isFile()) await copyFile(from, to);
}
