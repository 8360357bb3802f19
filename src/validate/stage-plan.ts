/**
 * Which files of the index the staged check exports: the staged files, and what checking them
 * reads, as the result cache's dependency table says (`check/cache/deps.ts`) and as the classifier
 * asks (a `templates/` folder is told by its neighbours). Found by rounds: export, look up every
 * path the staged files' checkers and the classifier touch (present or not), export the ones the
 * index has, until a round touches nothing new. A commit of one shell script in a repository of
 * 3,000 files exports a handful of files instead of all 3,000.
 *
 * Falls back to the whole index (as `git checkout-index --all`) when the closure cannot be told
 * safely: a symbolic link or an unmerged entry among the paths, a dependency tree over the
 * limit, more than {@link MAX_ROUNDS} rounds, or more than half of the index needed anyway.
 * The dependency table already errs on the side of depending on more (a stale cached verdict
 * would be the same bug), so what it names is what the checkers read.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { BASELINE_FILE } from '../baseline/file.js';
import { collectInputs } from '../check/cache/deps.js';
import { Digests, Inputs } from '../check/cache/digest.js';
import { checkersFor } from '../check/registry.js';
import { diskTree, type RepositoryTree } from '../classify/tree.js';
import { CONFIG_FILE } from '../config/load.js';
import { readAndClassify } from './read.js';

/**
 * `IACGEN_STAGED_EXPORT=all` exports the whole index, as before this plan (a way out should a
 * dependency the table misses ever matter; `test/real/staged-export.mjs` compares the two).
 */
export const EXPORT_SWITCH = 'IACGEN_STAGED_EXPORT';

/** Rounds of look-ups before giving up and exporting the whole index. */
export const MAX_ROUNDS = 8;

/** The policy checker's id: iacgen's own rules read files of their own (`policyDependencies`). */
const POLICY_CHECKER = 'iacgen';

/** git's file modes (`git ls-files -s`): a symbolic link, a submodule. */
const SYMLINK_MODE = '120000';
const GITLINK_MODE = '160000';

/** One entry of the index: its mode and merge stage (0 when merged). */
export interface IndexEntry {
  mode: string;
  stage: number;
}

/** What was exported: the paths (relative to the repository root, `/`), or the whole index. */
export interface StagedExport {
  whole: boolean;
  paths: ReadonlySet<string>;
  rounds: number;
}

/**
 * The index of the repository at `root`: path (relative, `/`) -> mode and stage, from
 * `git ls-files -s -z` (`<mode> <object> <stage>\t<path>` per entry, git-ls-files(1)).
 * @throws ExecaError when git fails (the caller's repository check has passed already)
 */
export async function readIndex(root: string): Promise<Map<string, IndexEntry>> {
  const out = await execa('git', ['ls-files', '-s', '-z'], { cwd: root, stdin: 'ignore', stripFinalNewline: false });
  const index = new Map<string, IndexEntry>();
  for (const record of String(out.stdout).split('\0')) {
    const tab = record.indexOf('\t');
    if (tab < 0) continue;
    const [mode = '', , stage = '0'] = record.slice(0, tab).split(' ');
    index.set(record.slice(tab + 1), { mode, stage: Number(stage) });
  }
  return index;
}

/**
 * Writes the index's version of `paths` under `stage` (`git checkout-index -z --stdin`), or the
 * whole index when `paths` is undefined (over what is there already).
 * @throws ExecaError when git cannot write them
 */
export async function exportIndex(root: string, stage: string, paths?: readonly string[]): Promise<void> {
  const prefix = `--prefix=${stage}${path.sep}`;
  if (paths === undefined) {
    // --force: over the files a partial export wrote already (the same index versions).
    await execa('git', ['checkout-index', '--all', '--force', prefix], { cwd: root, stdin: 'ignore' });
    return;
  }
  if (paths.length === 0) return;
  await execa('git', ['checkout-index', '-z', '--stdin', prefix], { cwd: root, input: `${paths.join('\0')}\0` });
}

/**
 * Where the exported files come from: the index (the default, {@link INDEX_SOURCE}), or another
 * tree, such as the working tree with an editor's unsaved buffer over one file (`lsp/overlay.ts`).
 */
export interface ExportSource {
  /** Every path the source holds (relative to the root, `/`) -> its mode and merge stage. */
  read(root: string): Promise<Map<string, IndexEntry>>;
  /** Writes `paths` (every path when undefined) under `stage`, over what is there already. */
  write(root: string, stage: string, paths?: readonly string[]): Promise<void>;
}

/** The index, as the staged check exports it. */
export const INDEX_SOURCE: ExportSource = { read: readIndex, write: exportIndex };

/** A folder relative to the root (any separator) and the folders above it, `/`-separated, the root as `''`. */
function ancestorsWithin(rel: string): string[] {
  const parts = rel.split(path.sep).filter((p) => p !== '' && p !== '.');
  return parts.map((_, i) => parts.slice(0, parts.length - i).join('/')).concat('');
}

/** The classifier's questions about the tree, recorded (relative paths, `/`). */
function recordingTree(root: string, asked: Set<string>): RepositoryTree {
  const tree = diskTree(root);
  return {
    isFile: (rel) => (asked.add(rel), tree.isFile(rel)),
    isFolder: (rel) => (asked.add(rel), tree.isFolder(rel)),
  };
}

/** Index paths under a folder (relative, `/`; `''` is the root), in a sorted list, by binary search. */
function under(sorted: readonly string[], folder: string): string[] {
  const prefix = folder === '' ? '' : `${folder}/`;
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] as string) < prefix) lo = mid + 1;
    else hi = mid;
  }
  const out: string[] = [];
  for (let i = lo; i < sorted.length && (sorted[i] as string).startsWith(prefix); i++) out.push(sorted[i] as string);
  return out;
}

/**
 * Exports the staged files and what checking them reads into `stage` (see the module comment).
 * @param root the repository root (absolute)
 * @param stage the empty folder standing for `root`
 * @param cwd the folder of the run inside `stage` (absolute): config files are looked up from it
 * @param staged the staged files, relative to `root` with `/`
 * @param env the process environment (dependency look-ups read `ANSIBLE_*` and the like)
 * @param source where the files come from (default: the index)
 * @throws ExecaError when git cannot export the files
 */
export async function exportForStaged(root: string, stage: string, cwd: string, staged: readonly string[], env: NodeJS.ProcessEnv, source: ExportSource = INDEX_SOURCE): Promise<StagedExport> {
  const index = await source.read(root);
  const sorted = [...index.keys()].sort();
  const exported = new Set<string>();
  const made = new Set<string>();
  const whole = async (rounds: number): Promise<StagedExport> => {
    await source.write(root, stage);
    return { whole: true, paths: new Set(sorted), rounds };
  };
  if (env[EXPORT_SWITCH] === 'all') return whole(0);
  const unsafe = (rel: string) => {
    const entry = index.get(rel);
    return entry !== undefined && (entry.mode === SYMLINK_MODE || entry.stage !== 0);
  };
  // The run's own settings and baseline, whatever the staged files are.
  const own = [BASELINE_FILE, ...ancestorsWithin(path.relative(stage, cwd)).map((dir) => path.posix.join(dir, CONFIG_FILE))];
  let next = [...new Set([...staged, ...own])].filter((rel) => index.has(rel) && index.get(rel)?.mode !== GITLINK_MODE);
  for (let round = 1; round <= MAX_ROUNDS; round++) {
    if (next.some(unsafe) || exported.size + next.length > sorted.length / 2) return whole(round);
    await source.write(root, stage, next);
    for (const rel of next) exported.add(rel);
    const touched = new Set<string>();
    const asked = new Set<string>();
    try {
      await lookUp(stage, cwd, staged, env, touched, recordingTree(stage, asked));
    } catch {
      // A tree over the limit, or a look-up that broke: the closure is unknown.
      return whole(round);
    }
    const wanted = new Set<string>();
    const folders = new Set<string>();
    for (const abs of touched) {
      const rel = path.relative(stage, abs).split(path.sep).join('/');
      if (rel.startsWith('..') || path.isAbsolute(rel)) continue;
      if (index.has(rel)) {
        wanted.add(rel);
        continue;
      }
      // A folder that was listed: its files and its subfolders (empty until a look-up goes in),
      // so the listing reads as in the repository.
      const prefix = rel === '' ? '' : `${rel}/`;
      for (const inside of under(sorted, rel)) {
        const slash = inside.indexOf('/', prefix.length);
        if (slash < 0) wanted.add(inside);
        else folders.add(inside.slice(0, slash));
      }
    }
    for (const rel of asked) {
      if (index.has(rel)) wanted.add(rel);
      else if (under(sorted, rel).length > 0) folders.add(rel);
    }
    // A folder the classifier asks about, or a subfolder of a listed one, only needs to be there.
    const newFolders = [...folders].filter((rel) => !made.has(rel));
    for (const rel of newFolders) made.add(rel);
    await Promise.all(newFolders.map((rel) => mkdir(path.join(stage, rel), { recursive: true })));
    next = [...wanted].filter((rel) => !exported.has(rel) && index.get(rel)?.mode !== GITLINK_MODE);
    // Done when a round adds nothing: no file, and no folder a look-up could go into next time.
    if (next.length === 0 && newFolders.length === 0) return { whole: false, paths: exported, rounds: round };
  }
  return whole(MAX_ROUNDS);
}

/**
 * Classifies the staged files as exported so far and looks up what their checkers (every checker
 * for the type, whatever --only/--skip say, and iacgen's rules) depend on, into `touched`.
 * @throws TooLarge when a dependency tree is over the limit
 */
async function lookUp(stage: string, cwd: string, staged: readonly string[], env: NodeJS.ProcessEnv, touched: Set<string>, tree: RepositoryTree): Promise<void> {
  const digests = new Digests(touched);
  for (const rel of staged) {
    const absPath = path.join(stage, rel);
    const file = await readAndClassify(absPath, stage, undefined, tree);
    if (file.type === 'unknown') continue;
    const ids = [...checkersFor(file.type).map((c) => c.id), POLICY_CHECKER];
    for (const id of ids) {
      const inputs = new Inputs(digests);
      await collectInputs(id, [{ absPath, type: file.type }], { cwd, root: stage, env, digests }, inputs);
      for (const p of inputs.added()) touched.add(p);
    }
  }
}
