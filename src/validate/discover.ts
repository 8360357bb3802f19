/**
 * Which paths a validation run covers: the paths given, or else every git-tracked and
 * untracked-not-ignored file under the working directory (outside git: a walk honouring
 * `.gitignore`, via globby). Every path is looked at with `lstat`/`stat` only, never opened:
 * FIFOs, sockets, devices, symlink loops, broken symlinks, unreadable files and folders and
 * symlinks leading out of the repository come back with the reason they are not checked.
 */
import { accessSync, constants, lstatSync, readdirSync, readFileSync, readlinkSync, realpathSync, statSync, type Stats } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import ignore from 'ignore';
import type { NotCheckedReason } from '../check/types.js';
import { ALWAYS_IGNORED_DIRS } from '../classify/tables.js';
import { BASELINE_FILE } from '../baseline/file.js';
import { RECORDS_DIR } from '../generate/record-paths.js';
import { MAX_CONFIG_BYTES } from '../config/load.js';
import { MAX_EXCLUDE_GLOBS } from '../config/schema.js';
import { ConfigError, UsageError } from '../errors.js';
import { displayPath, isInside } from '../util/paths.js';

/** The file, at the repository root, whose gitignore-style patterns validation never covers. */
export const IGNORE_FILE = '.iacgenignore';

/** Where exclusions are read from. */
export interface DiscoverOptions {
  /** Absolute repository root: exclusions are relative to it, and symlinks may not lead out of it. */
  root: string;
  /** `exclude:` globs of iacgen.yaml (gitignore syntax). */
  exclude?: readonly string[];
  /**
   * The paths come from a listing (the staged files), not from the user: each is taken as found
   * while walking (a symlink out of the repository is not followed, a folder is not walked, a
   * missing path is left out) instead of as named on purpose.
   */
  listed?: boolean;
}

/** Why a discovered path is not checked, as a code and in words. */
export interface Skip {
  reason: NotCheckedReason;
  /** One short sentence for the report (`special file: FIFO`). */
  note: string;
}

/** One path of the run: a file to read and check, or a path with the reason it is not checked. */
export interface DiscoveredPath {
  /** Absolute path, as reached from the working directory (a symlink's own path, not its target's). */
  absPath: string;
  /** Set when the path is not checked at all. */
  skip?: Skip;
  /**
   * The file lies outside the repository (it was named on the command line, or lies in a folder
   * named there, through a symlink): checkers that can run a repository's code skip it.
   */
  outside?: boolean;
}

/**
 * Lists the paths to validate, sorted by absolute path, less `.iacgen-baseline.json` at the root and those excluded by `.iacgenignore`
 * and `exclude:` (a path given explicitly is excluded too: the exclusion is the user's word).
 *
 * Rules for what is not a plain file:
 * - only regular files are checked; a FIFO, socket or device (in the tree or named) is reported
 *   as `special-file` and never opened;
 * - a symlink found while walking is never followed out of the repository (`outside-repository`);
 *   one to a file inside it is reported as `symlink` and its target is checked at the target's
 *   own path (added to the run when the walk did not list it, unless excluded); one to a folder
 *   inside it is not followed (its files are listed at their own paths);
 * - a path named on the command line that leads outside the repository (a symlink, or a path
 *   outside it) is checked, marked `outside`;
 * - symlink loops, broken symlinks and unreadable files and folders found while walking are
 *   reported; a named path that cannot be read at all is a usage error.
 * @param cwd   absolute working directory
 * @param paths paths given on the command line (files or folders), relative to `cwd`
 * @throws UsageError (exit 2) for a given path that does not exist, is a symlink loop or cannot be read
 */
export async function discover(cwd: string, paths: readonly string[], options: DiscoverOptions): Promise<DiscoveredPath[]> {
  const realRoot = realOr(options.root);
  const excluded = exclusions(options);
  const isExcluded = (absPath: string): boolean => {
    const rel = path.relative(options.root, absPath);
    return !(rel.startsWith('..') || path.isAbsolute(rel)) && rel !== '' && excluded.ignores(rel.split(path.sep).join('/'));
  };
  const found = new Map<string, DiscoveredPath>();
  const add = (entry: DiscoveredPath | undefined): void => {
    if (entry && !isExcluded(entry.absPath) && !found.has(entry.absPath)) found.set(entry.absPath, entry);
  };
  const context: Inspection = { cwd, root: options.root, realRoot };
  if (paths.length === 0) {
    for (const entry of await listTree(cwd)) add(inspect(entry, 'walked', { ...context, walked: cwd }));
  } else if (options.listed) {
    for (const given of paths) add(inspect({ absPath: path.resolve(cwd, given) }, 'walked', context));
  } else {
    for (const given of paths) {
      const absPath = path.resolve(cwd, given);
      if (namedFolder(absPath, given)) {
        for (const entry of await listTree(absPath)) add(inspect(entry, 'walked', { ...context, walked: absPath }));
      } else {
        add(inspect({ absPath }, 'named', context));
      }
    }
  }
  // A symlink to a file inside the repository: the target is checked at its own path.
  for (const entry of [...found.values()]) {
    const target = symlinkTargets.get(entry);
    if (!target) continue;
    symlinkTargets.delete(entry);
    const shown = displayPath(target, cwd);
    if (isExcluded(target)) {
      entry.skip = { reason: 'symlink', note: `symlink to ${shown}, which is excluded` };
      continue;
    }
    entry.skip = { reason: 'symlink', note: `symlink to ${shown}: checked there` };
    if (!found.has(target)) add(inspect({ absPath: target }, 'named', context));
  }
  return [...found.values()].sort((a, b) => (a.absPath < b.absPath ? -1 : a.absPath > b.absPath ? 1 : 0));
}

/**
 * Where each symlink to a file inside the repository leads (the target as seen from the
 * repository root), for {@link discover} to resolve once every path is listed.
 */
const symlinkTargets = new WeakMap<DiscoveredPath, string>();

/** What {@link inspect} compares paths against. */
interface Inspection {
  cwd: string;
  /** The repository root as the run spells it. */
  root: string;
  /** The repository root with every symlink resolved. */
  realRoot: string;
  /** The folder being walked, when a path was found by walking one. */
  walked?: string;
}

/** A listed path; `skip` when the listing itself found it unreadable (a folder git could not open). */
interface Listed {
  absPath: string;
  skip?: Skip;
}

/** True when `absPath` (given as `given`) is a folder to walk; false for anything else that exists. */
function namedFolder(absPath: string, given: string): boolean {
  const fail = (why: string): never => {
    throw new UsageError(`cannot read '${given}': ${why}`, 'check the path, or run `iacgen validate` with no paths to check the whole repository');
  };
  let stats: Stats;
  try {
    lstatSync(absPath);
    stats = statSync(absPath);
  } catch (err) {
    return fail(errorWords(err));
  }
  if (stats.isDirectory()) {
    try {
      accessSync(absPath, constants.R_OK | constants.X_OK);
    } catch (err) {
      fail(errorWords(err));
    }
    return true;
  }
  if (stats.isFile()) {
    try {
      accessSync(absPath, constants.R_OK);
    } catch (err) {
      fail(errorWords(err));
    }
  }
  // Special files are reported as such by `inspect`, never opened.
  return false;
}

/** What a failed file-system call means, in the words of a usage error. */
function errorWords(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ELOOP') return 'symlink loop';
  return String(code ?? err);
}

/** The kind of a non-regular, non-folder, non-symlink file, for `special file: KIND`. */
function specialKind(stats: Stats): string | undefined {
  if (stats.isFIFO()) return 'FIFO';
  if (stats.isSocket()) return 'socket';
  if (stats.isCharacterDevice()) return 'character device';
  if (stats.isBlockDevice()) return 'block device';
  return undefined;
}

/**
 * Decides what one listed path is, with `lstat`, `stat` and `realpath` only (never `open`).
 * Returns undefined for a path to leave out silently: a tracked file deleted from the work tree,
 * a folder git lists (a submodule).
 * @param origin `walked`: found while listing a folder; `named`: given on the command line (or a symlink's target)
 */
function inspect(listed: Listed, origin: 'walked' | 'named', context: Inspection): DiscoveredPath | undefined {
  const { absPath } = listed;
  if (listed.skip) return { absPath, skip: listed.skip };
  let own: Stats;
  try {
    own = lstatSync(absPath);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    return { absPath, skip: { reason: 'unreadable', note: `cannot be read (${code ?? String(err)})` } };
  }
  if (own.isSymbolicLink()) return inspectSymlink(absPath, origin, context);
  const kind = specialKind(own);
  if (kind) return { absPath, skip: { reason: 'special-file', note: `special file: ${kind}` } };
  if (!own.isFile()) return undefined;
  // A regular file whose path leads out of the repository through a symlinked folder (a folder named on the command line).
  return isInside(context.realRoot, realOr(absPath)) ? { absPath } : { absPath, outside: true };
}

function inspectSymlink(absPath: string, origin: 'walked' | 'named', context: Inspection): DiscoveredPath | undefined {
  let link = '';
  try {
    link = readlinkSync(absPath);
  } catch {
    // Shown as empty: the stat below says what is wrong.
  }
  let target: Stats;
  let real: string;
  try {
    target = statSync(absPath);
    real = realpathSync.native(absPath);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') return { absPath, skip: { reason: 'symlink-loop', note: `symlink loop: ${link} never leads to a file` } };
    if (code === 'ENOENT') return { absPath, skip: { reason: 'broken-symlink', note: `broken symlink: ${link} does not exist` } };
    return { absPath, skip: { reason: 'unreadable', note: `cannot be read (${code ?? String(err)})` } };
  }
  const inside = isInside(context.realRoot, real);
  const folder = target.isDirectory();
  if (!inside && origin === 'walked') {
    return { absPath, skip: { reason: 'outside-repository', note: `symlink to ${folder ? 'a folder' : 'a file'} outside the repository (${link}): not followed` } };
  }
  const kind = specialKind(target);
  if (kind) return { absPath, skip: { reason: 'special-file', note: `symlink to a special file: ${kind}` } };
  if (!inside) return target.isFile() ? { absPath, outside: true } : undefined;
  const atRoot = path.join(context.root, path.relative(context.realRoot, real));
  if (folder) {
    const shown = `${displayPath(atRoot, context.cwd)}/`;
    const inRun = context.walked !== undefined && isInside(realOr(context.walked), real);
    const note = inRun ? `symlink to the folder ${shown}: not followed (its files are checked at their own paths)` : `symlink to the folder ${shown}: not followed (name ${shown} to check it)`;
    return { absPath, skip: { reason: 'symlink', note } };
  }
  if (!target.isFile()) return undefined;
  const entry: DiscoveredPath = { absPath };
  symlinkTargets.set(entry, atRoot);
  return entry;
}

/** `realpath` of `absPath`, or `absPath` itself when it cannot be resolved. */
function realOr(absPath: string): string {
  try {
    return realpathSync.native(absPath);
  } catch {
    return absPath;
  }
}

/**
 * The exclusion matcher: `.iacgenignore` at the root plus `exclude:` globs. The file is read only
 * when it is a regular file (a FIFO there must not hang the run), within the limits of
 * `iacgen.yaml`: {@link MAX_CONFIG_BYTES} and {@link MAX_EXCLUDE_GLOBS} patterns.
 * @throws ConfigError (exit 2) naming the file when it is too large or holds too many patterns
 */
function exclusions(options: DiscoverOptions): ReturnType<typeof ignore> {
  // iacgen's own data at the repository root is never validated: the baseline quotes findings
  // (`rm -rf` in a message would be a finding of its own); recorded answers hold renderings
  // whose own files are validated where they are written.
  const matcher = ignore().add([`/${BASELINE_FILE}`, `/${RECORDS_DIR}/`, ...(options.exclude ?? [])]);
  const file = path.join(options.root, IGNORE_FILE);
  let stat: Stats;
  try {
    stat = statSync(file);
  } catch {
    return matcher; // No .iacgenignore: nothing more to exclude.
  }
  if (!stat.isFile()) throw new ConfigError(IGNORE_FILE, 'is not a regular file', `make ${IGNORE_FILE} a text file of gitignore patterns, or remove it`);
  if (stat.size > MAX_CONFIG_BYTES) throw new ConfigError(IGNORE_FILE, `is too large (${stat.size} bytes): iacgen reads ignore files of at most 1 MiB`, 'use fewer, wider patterns such as "vendor/"');
  const text = readFileSync(file, 'utf8');
  const patterns = text.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('#')).length;
  if (patterns > MAX_EXCLUDE_GLOBS) {
    throw new ConfigError(IGNORE_FILE, `holds ${patterns} patterns: at most ${MAX_EXCLUDE_GLOBS}, as each is tested against every file`, 'use fewer, wider patterns such as "vendor/"');
  }
  return matcher.add(text);
}

/** git's warning for a folder it could not list (`LC_ALL=C`). */
const GIT_UNREADABLE = /^warning: could not open directory '(.*)': (.*)$/;

/**
 * Every path under `dir` that git tracks or would track; outside git, every non-ignored path
 * (`.gitignore` honoured). Plus what git leaves out without a word: special files (FIFOs,
 * sockets, devices) in the listed folders, and folders it could not open.
 */
async function listTree(dir: string): Promise<Listed[]> {
  const git = await execa('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard', '--', '.'], {
    cwd: dir,
    reject: false,
    stdin: 'ignore',
    env: { LC_ALL: 'C' },
  });
  if (git.exitCode === 0) {
    const listed: Listed[] = [...new Set(String(git.stdout).split('\0').filter(Boolean))].map((rel) => ({ absPath: path.resolve(dir, rel) }));
    for (const line of String(git.stderr).split('\n')) {
      const unreadable = GIT_UNREADABLE.exec(line);
      if (!unreadable) continue;
      const why = /permission denied/i.test(unreadable[2] ?? '') ? 'EACCES' : (unreadable[2] ?? 'error');
      listed.push({ absPath: path.resolve(dir, unreadable[1] ?? ''), skip: { reason: 'unreadable', note: `folder cannot be read (${why})` } });
    }
    listed.push(...(await specialFilesBeside(dir, listed)));
    return listed;
  }
  // Loaded here: only a walk outside git needs it (a commit hook's listed paths never do).
  const { globby } = await import('globby');
  const entries = await globby('**/*', {
    cwd: dir,
    dot: true,
    gitignore: true,
    onlyFiles: false,
    followSymbolicLinks: false,
    suppressErrors: true,
    ignore: ALWAYS_IGNORED_DIRS.map((name) => `**/${name}/**`),
    absolute: true,
    objectMode: true,
  });
  const listed: Listed[] = [];
  for (const entry of entries) {
    const absPath = path.resolve(entry.path);
    if (entry.dirent.isDirectory()) {
      try {
        accessSync(absPath, constants.R_OK | constants.X_OK);
      } catch (err) {
        listed.push({ absPath, skip: { reason: 'unreadable', note: `folder cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})` } });
      }
      continue;
    }
    listed.push({ absPath });
  }
  return listed;
}

/**
 * The FIFOs, sockets and devices in `dir` and in the folders of `listed` (git never lists them),
 * less those git ignores. One `readdir` per folder; a folder holding nothing but special files is
 * not looked into.
 */
async function specialFilesBeside(dir: string, listed: readonly Listed[]): Promise<Listed[]> {
  const folders = new Set<string>([dir]);
  for (const { absPath } of listed) {
    for (let folder = path.dirname(absPath); isInside(dir, folder) && !folders.has(folder); folder = path.dirname(folder)) folders.add(folder);
  }
  const special: string[] = [];
  for (const folder of folders) {
    let entries;
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      if (entry.isFIFO() || entry.isSocket() || entry.isCharacterDevice() || entry.isBlockDevice()) special.push(path.join(folder, entry.name));
    }
  }
  if (special.length === 0) return [];
  const rels = special.map((p) => path.relative(dir, p));
  const check = await execa('git', ['check-ignore', '-z', '--stdin'], { cwd: dir, input: `${rels.join('\0')}\0`, reject: false, env: { LC_ALL: 'C' } });
  const ignored = new Set(String(check.stdout).split('\0').filter(Boolean));
  return rels.filter((rel) => !ignored.has(rel)).map((rel) => ({ absPath: path.resolve(dir, rel) }));
}
