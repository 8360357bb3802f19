/**
 * Which files a validation run covers: the paths given, or else every git-tracked and
 * untracked-not-ignored file under the working directory (outside git: a walk honouring
 * `.gitignore`, via globby).
 */
import { readFileSync, statSync } from 'node:fs';
import { access, constants, stat } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { globby } from 'globby';
import ignore from 'ignore';
import { ALWAYS_IGNORED_DIRS } from '../classify/tables.js';
import { UsageError } from '../errors.js';

/** The file, at the repository root, whose gitignore-style patterns validation never covers. */
export const IGNORE_FILE = '.iacgenignore';

/** Where exclusions are read from. */
export interface DiscoverOptions {
  /** Absolute repository root: exclusions are relative to it. */
  root: string;
  /** `exclude:` globs of iacgen.yaml (gitignore syntax). */
  exclude?: readonly string[];
}

/**
 * Lists the files to validate, as sorted absolute paths, less those excluded by `.iacgenignore`
 * and `exclude:` (a path given explicitly is excluded too: the exclusion is the user's word).
 * @param cwd   absolute working directory
 * @param paths paths given on the command line (files or folders), relative to `cwd`
 * @throws UsageError (exit 2) for a given path that does not exist or cannot be read
 */
export async function discoverFiles(cwd: string, paths: readonly string[], options?: DiscoverOptions): Promise<string[]> {
  const files = await listGiven(cwd, paths);
  if (!options) return files;
  const excluded = exclusions(options);
  return files.filter((file) => {
    const rel = path.relative(options.root, file);
    return rel.startsWith('..') || path.isAbsolute(rel) || !excluded.ignores(rel.split(path.sep).join('/'));
  });
}

/** The exclusion matcher: `.iacgenignore` at the root plus `exclude:` globs. */
function exclusions(options: DiscoverOptions): ReturnType<typeof ignore> {
  const matcher = ignore().add([...(options.exclude ?? [])]);
  try {
    matcher.add(readFileSync(path.join(options.root, IGNORE_FILE), 'utf8'));
  } catch {
    // No .iacgenignore: nothing more to exclude.
  }
  return matcher;
}

async function listGiven(cwd: string, paths: readonly string[]): Promise<string[]> {
  if (paths.length === 0) return listTree(cwd);
  const found = new Set<string>();
  for (const given of paths) {
    const absPath = path.resolve(cwd, given);
    let isDir: boolean;
    try {
      isDir = (await stat(absPath)).isDirectory();
      await access(absPath, constants.R_OK | (isDir ? constants.X_OK : 0));
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      const why = code === 'ENOENT' ? 'no such file or directory' : code === 'EACCES' ? 'permission denied' : String(code ?? err);
      throw new UsageError(`cannot read '${given}': ${why}`, 'check the path, or run `iacgen validate` with no paths to check the whole repository');
    }
    for (const file of isDir ? await listTree(absPath) : [absPath]) found.add(file);
  }
  return [...found].sort();
}

/** Every file under `dir` that git tracks or would track; outside git, every non-ignored file. */
async function listTree(dir: string): Promise<string[]> {
  const git = await execa('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard', '--', '.'], {
    cwd: dir,
    reject: false,
    stdin: 'ignore',
  });
  if (git.exitCode === 0) {
    const files = String(git.stdout)
      .split('\0')
      .filter(Boolean)
      .map((rel) => path.resolve(dir, rel))
      .filter(isFile);
    return [...new Set(files)].sort();
  }
  const files = await globby('**/*', {
    cwd: dir,
    dot: true,
    gitignore: true,
    onlyFiles: true,
    followSymbolicLinks: false,
    ignore: ALWAYS_IGNORED_DIRS.map((name) => `**/${name}/**`),
    absolute: true,
  });
  return files.map((f) => path.resolve(f)).sort();
}

/** True for a regular file that still exists (git lists deleted-but-tracked files too). */
function isFile(absPath: string): boolean {
  try {
    return statSync(absPath).isFile();
  } catch {
    return false;
  }
}
