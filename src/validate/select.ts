/**
 * Which of the discovered files a run checks when it checks part of the repository on purpose:
 * `--changed-since` (the files changed since a git ref and every file whose verdict depends on
 * them) and `--shard i/n` (one of n balanced parts, never splitting files that are checked
 * together). Both read the same dependency table as the result cache (`check/cache/deps.ts`):
 * what a file's checkers read is what its verdict depends on, and files that read each other
 * (a playbook and its roles, a Compose base and its override, a Terraform folder) form one group.
 */
import path from 'node:path';
import { collectInputs } from '../check/cache/deps.js';
import { Digests, Inputs } from '../check/cache/digest.js';
import { checkersFor } from '../check/registry.js';
import { DEFAULT_COST } from '../check/manifest.js';
import { diskTree, type RepositoryTree } from '../classify/tree.js';
import type { FileType } from '../classify/tables.js';
import { readAndClassify, type ClassifiedFile } from './read.js';
import type { ChangedFiles } from './changed.js';
import { CONFIG_FILE } from '../config/load.js';
import { BASELINE_FILE } from '../baseline/file.js';

/** The policy checker's id: iacgen's own rules read files of their own (`policyDependencies`). */
const POLICY_CHECKER = 'iacgen';

/**
 * The checkers whose one call reports on several checked files, or whose verdict on a file
 * depends on the other files of the call, and so link them into a group a shard never splits:
 * `links`, the files a checked file pulls in (a playbook's roles and tasks files, which
 * ansible-lint reports on; the scripts a script sources, which ShellCheck follows only when they
 * are checked in the same call); `reads`, every checked file it reads (a Terraform folder
 * and its local modules; a Compose project's base, override and included files).
 */
const LINKING: Readonly<Record<string, 'links' | 'reads'>> = {
  'ansible-syntax-check': 'links',
  'ansible-lint': 'links',
  'terraform-validate': 'reads',
  'compose-config': 'reads',
  // ShellCheck follows a sourced file only when it is among the call's files (else SC1091).
  shellcheck: 'links',
};

/**
 * The checkers whose verdict on a file depends on which other files are in its call, not only on
 * what is on disk: ShellCheck follows a sourced script only when it is among the call's files
 * (else SC1091). A file `--changed-since` selects is checked with these files of its.
 */
const CALL_BOUND: ReadonlySet<string> = new Set(['shellcheck']);

/** What checking one file reads (absolute paths, present or not) and the files it is linked with. */
interface FileDeps {
  read: Set<string>;
  linked: Set<string>;
  /** The linked files its verdict needs in the same call (see {@link CALL_BOUND}). */
  bound: Set<string>;
}

/** One part of `n` (`--shard i/n`): `index` from 1 to `count`. */
export interface Shard {
  index: number;
  count: number;
}

/** What part of the discovered files a run checks. */
export interface Selection {
  /** Only the files changed since a ref (see `changed.ts`) and those whose verdict depends on them. */
  changed?: ChangedFiles;
  /** Only this shard of the (selected) files. */
  shard?: Shard;
}

/** What the run needs to look dependencies up (as the result cache does). */
export interface SelectContext {
  /** The run's working folder (absolute): checkers' configuration is looked up from it. */
  cwd: string;
  /** The repository root (absolute). */
  root: string;
  env: NodeJS.ProcessEnv;
  /** The largest file read (bytes), as the run's settings say. */
  maxFileBytes?: number;
}

/** The files kept, and how many were left to other runs (shards, or unchanged files). */
export interface Selected {
  files: ClassifiedFile[];
  /** Repository-relative paths (`/`) of the discovered files this run leaves out. */
  left: Set<string>;
}

/**
 * Parses `--shard`'s value, `i/n` with 1 <= i <= n.
 * @returns undefined when the text is not of that form
 */
export function parseShard(text: string): Shard | undefined {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!match) return undefined;
  const index = Number(match[1]);
  const count = Number(match[2]);
  return index >= 1 && count >= 1 && index <= count && count <= 1000 ? { index, count } : undefined;
}

/**
 * Keeps the files of `selection` among `files` (the whole discovered scope, classified).
 * Changed files first, then the shard of what is left. Deterministic: the same files and the
 * same tree give the same parts on every machine.
 * @throws TooLarge (from the dependency table) never: a tree over the limit makes a file depend on everything
 */
export async function selectFiles(files: readonly ClassifiedFile[], selection: Selection, context: SelectContext): Promise<Selected> {
  const rel = (absPath: string) => path.relative(context.root, absPath).split(path.sep).join('/');
  const needsDeps = selection.changed !== undefined || selection.shard !== undefined;
  const deps = needsDeps ? await dependencyMap(files, context) : new Map<string, FileDeps | 'all'>();
  let kept = [...files];
  if (selection.changed) {
    const changed = changedPaths(selection.changed);
    kept = withBound(kept, kept.filter((file) => dependsOnChange(file, deps.get(file.absPath), changed)), deps);
  }
  if (selection.shard) kept = shardOf(kept, deps, selection.shard, rel);
  const keptSet = new Set(kept);
  return { files: kept, left: new Set(files.filter((f) => !keptSet.has(f)).map((f) => rel(f.absPath))) };
}

/**
 * For every checked file: the absolute paths its checkers (every checker for its type, whatever
 * --only/--skip say, and iacgen's rules) and the classifier read, present or not; `'all'` when
 * that cannot be told (a tree over the limit).
 */
async function dependencyMap(files: readonly ClassifiedFile[], context: SelectContext): Promise<Map<string, FileDeps | 'all'>> {
  const digests = new Digests();
  const tree = diskTree(context.root);
  const out = new Map<string, FileDeps | 'all'>();
  for (const file of files) {
    if (file.type === 'unknown') continue;
    const read = new Set<string>([file.absPath]);
    const linked = new Set<string>();
    const bound = new Set<string>();
    try {
      for (const id of [...checkersFor(file.type).map((c) => c.id), POLICY_CHECKER]) {
        const inputs = new Inputs(digests);
        await collectInputs(id, [{ absPath: file.absPath, type: file.type }], { cwd: context.cwd, root: context.root, env: context.env, digests }, inputs);
        for (const p of inputs.added()) read.add(p);
        const link = LINKING[id];
        if (link) for (const p of link === 'links' ? inputs.links() : inputs.added()) linked.add(p);
        if (CALL_BOUND.has(id)) for (const p of inputs.links()) bound.add(p);
      }
      // The classifier asks about neighbours (a `templates/` folder is told by the files around it).
      const asked = new Set<string>();
      await readAndClassify(file.absPath, context.root, context.maxFileBytes, recordingTree(tree, asked));
      for (const p of asked) read.add(path.join(context.root, p));
      out.set(file.absPath, { read, linked, bound });
    } catch {
      out.set(file.absPath, 'all');
    }
  }
  return out;
}

/** The classifier's questions about the tree, recorded (relative paths). */
function recordingTree(tree: RepositoryTree, asked: Set<string>): RepositoryTree {
  return {
    isFile: (rel) => (asked.add(rel), tree.isFile(rel)),
    isFolder: (rel) => (asked.add(rel), tree.isFolder(rel)),
  };
}

/** A changed path as the look-ups name it: absolute, and whether it is gone or the run's own settings. */
interface ChangedPath {
  abs: string;
  deleted: boolean;
  settings: boolean;
}

/** The changed paths of `changed`, absolute, each told once. */
function changedPaths(changed: ChangedFiles): ChangedPath[] {
  return [...changed.paths].map((p) => ({
    abs: path.join(changed.root, p),
    deleted: changed.deleted.has(p),
    settings: p === BASELINE_FILE || p.slice(p.lastIndexOf('/') + 1) === CONFIG_FILE,
  }));
}

/**
 * Whether a file is to be checked again after a change: it changed itself, or it reads a
 * changed path, or a path under a folder it reads was deleted (a tree the look-up no longer
 * lists), or the run's own settings or baseline changed (every verdict may differ).
 */
function dependsOnChange(file: ClassifiedFile, deps: FileDeps | 'all' | undefined, changed: readonly ChangedPath[]): boolean {
  if (changed.some((c) => c.abs === file.absPath)) return true;
  if (file.type === 'unknown') return false;
  if (deps === 'all' || deps === undefined) return true;
  const { read } = deps;
  for (const c of changed) {
    if (c.settings || read.has(c.abs)) return true;
    if (c.deleted) {
      for (let dir = path.dirname(c.abs); dir !== path.dirname(dir); dir = path.dirname(dir)) if (read.has(dir)) return true;
    }
  }
  return false;
}

/**
 * `selected` and, transitively, the files their verdicts need in the same call ({@link CALL_BOUND}),
 * among `files`, in `files`' order; so each selected file's verdict is the one a whole run gives.
 */
function withBound(files: readonly ClassifiedFile[], selected: readonly ClassifiedFile[], deps: Map<string, FileDeps | 'all'>): ClassifiedFile[] {
  const byPath = new Map(files.map((f) => [f.absPath, f]));
  const keep = new Set(selected.map((f) => f.absPath));
  const queue = [...keep];
  while (queue.length > 0) {
    const found = deps.get(queue.pop() as string);
    if (found === undefined || found === 'all') continue;
    for (const p of found.bound) {
      if (byPath.has(p) && !keep.has(p)) {
        keep.add(p);
        queue.push(p);
      }
    }
  }
  return files.filter((f) => keep.has(f.absPath));
}

/** The expected cost of checking one file of a type: every checker's per-file cost (manifest `cost`). */
function fileCost(type: FileType): number {
  if (type === 'unknown') return 0;
  return checkersFor(type).reduce<number>((sum, c) => sum + (c.cost ?? DEFAULT_COST).file, DEFAULT_COST.file);
}

/**
 * The groups of files checked together (see {@link LINKING}): a function from a file's path to
 * its group's key (the group's least path). A file whose reads cannot be told goes with every
 * checked file, so nothing is split wrongly.
 */
function groupsOf(files: readonly ClassifiedFile[], deps: Map<string, FileDeps | 'all'>): (absPath: string) => string {
  const parent = new Map<string, string>(files.map((f) => [f.absPath, f.absPath]));
  const find = (x: string): string => {
    let root = x;
    while (parent.get(root) !== root) root = parent.get(root) as string;
    parent.set(x, root);
    return root;
  };
  const union = (a: string, b: string) => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(ra < rb ? rb : ra, ra < rb ? ra : rb);
  };
  const all = files.filter((f) => f.type !== 'unknown').map((f) => f.absPath);
  for (const file of files) {
    const found = deps.get(file.absPath);
    if (found === undefined) continue;
    for (const p of found === 'all' ? all : found.linked) if (parent.has(p)) union(file.absPath, p);
  }
  return (absPath) => (parent.has(absPath) ? find(absPath) : absPath);
}

/**
 * The files of one shard: files linked by one checker call (see {@link LINKING}) form groups; groups go, costliest first (ties by first path), each to the part
 * with the least cost so far (ties to the lowest part): the longest-processing-time rule.
 */
function shardOf(files: readonly ClassifiedFile[], deps: Map<string, FileDeps | 'all'>, shard: Shard, rel: (abs: string) => string): ClassifiedFile[] {
  const find = groupsOf(files, deps);
  const groups = new Map<string, { first: string; cost: number; files: ClassifiedFile[] }>();
  for (const file of files) {
    const key = find(file.absPath);
    const group = groups.get(key) ?? { first: rel(file.absPath), cost: 0, files: [] };
    group.files.push(file);
    group.cost += fileCost(file.type);
    if (rel(file.absPath) < group.first) group.first = rel(file.absPath);
    groups.set(key, group);
  }
  const order = [...groups.values()].sort((a, b) => b.cost - a.cost || (a.first < b.first ? -1 : a.first > b.first ? 1 : 0));
  const loads = Array.from({ length: shard.count }, () => 0);
  const mine = new Set<ClassifiedFile>();
  for (const group of order) {
    let part = 0;
    for (let i = 1; i < loads.length; i++) if ((loads[i] as number) < (loads[part] as number)) part = i;
    loads[part] = (loads[part] as number) + group.cost;
    if (part === shard.index - 1) for (const f of group.files) mine.add(f);
  }
  return files.filter((f) => mine.has(f));
}
