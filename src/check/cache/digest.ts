/**
 * What a cache key is made of on disk: digests of files, folders and trees, memoized for one
 * run. A digest is a short string: `f:<sha256>` for a file's bytes (`s:<size>:<mtime>:<inode>`
 * for a file over {@link CONTENT_LIMIT} bytes), `d` for a folder, `-` for nothing there and
 * `e:<code>` for something that cannot be read. Every outcome is a digest: a file that appears,
 * disappears or changes always changes the key.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, type Dirent } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';

/** Files up to this size are hashed by content; larger ones by size, mtime and inode. */
export const CONTENT_LIMIT = 1024 * 1024;
/** Most files one tree may add to a key; a larger tree makes the call uncacheable. */
export const TREE_LIMIT = 5000;
/** Folders never walked into when a tree is a dependency. */
const SKIPPED_DIRS = new Set(['.git', 'node_modules', '.iacgen']);

/** sha256 of a string, hex. */
export function sha256(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('hex');
}

/** A tree too large to depend on: the unit is then not cached. */
export class TooLarge extends Error {}

/** Memoized digests of paths, for one run (or one verification after a call). */
export class Digests {
  private readonly files = new Map<string, Promise<{ digest: string; bytes?: Buffer }>>();
  private readonly dirs = new Map<string, Promise<Dirent[] | undefined>>();
  private readonly stats = new Map<string, Promise<string>>();
  private readonly memos = new Map<string, Promise<unknown>>();

  /**
   * @param touched when given, collects every absolute path this object reads, stats or lists
   *   (present or not): what the staged check must export for a dependency look-up (`validate/stage-plan.ts`)
   */
  constructor(private readonly touched?: Set<string>) {}

  /** `make()`'s result, computed once per `key` for the life of this object (one run). */
  memo<T>(key: string, make: () => Promise<T>): Promise<T> {
    let found = this.memos.get(key) as Promise<T> | undefined;
    if (!found) {
      found = make();
      this.memos.set(key, found);
    }
    return found;
  }

  /** Digest of whatever is at `absPath` (file bytes, `d`, `-` or `e:<code>`). Follows symlinks. */
  async digest(absPath: string): Promise<string> {
    return (await this.read(absPath)).digest;
  }

  /** The stat digest (`s:<size>:<mtime>:<inode>`, `d:<mtime>`, `-`) of `absPath`, never its content. */
  statDigest(absPath: string): Promise<string> {
    this.touched?.add(absPath);
    let found = this.stats.get(absPath);
    if (!found) {
      // Synchronous: hundreds of small look-ups cost far less than as many promises.
      found = settle(() => {
        const s = statSync(absPath);
        return s.isDirectory() ? `d:${s.mtimeMs}` : `s:${s.size}:${s.mtimeMs}:${s.ino}`;
      }, errorDigest);
      this.stats.set(absPath, found);
    }
    return found;
  }

  /** A file's text (UTF-8), or undefined when it is not a readable file of at most {@link CONTENT_LIMIT} bytes. */
  async text(absPath: string): Promise<string | undefined> {
    return (await this.read(absPath)).bytes?.toString('utf8');
  }

  /** Takes a file's bytes read elsewhere in this run as its content (no second read). */
  seed(absPath: string, bytes: Buffer): void {
    if (!this.files.has(absPath) && bytes.length <= CONTENT_LIMIT) this.files.set(absPath, Promise.resolve({ digest: `f:${sha256(bytes)}`, bytes }));
  }

  /** One stat and at most one read per path: its digest, and its bytes when it is a small file. */
  private read(absPath: string): Promise<{ digest: string; bytes?: Buffer }> {
    this.touched?.add(absPath);
    let found = this.files.get(absPath);
    if (!found) {
      found = settle(() => readPath(absPath), (err) => ({ digest: errorDigest(err) }));
      this.files.set(absPath, found);
    }
    return found;
  }

  /** The entries of a folder, or undefined when it is not a readable folder. */
  list(absDir: string): Promise<Dirent[] | undefined> {
    this.touched?.add(absDir);
    let found = this.dirs.get(absDir);
    if (!found) {
      found = settle(
        () => readdirSync(absDir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
        () => undefined,
      );
      this.dirs.set(absDir, found);
    }
    return found;
  }

  /**
   * Every file under `absDir` (recursively; symlinked folders followed once; `.git`,
   * `node_modules` and `.iacgen` left out), sorted.
   * @throws TooLarge past {@link TREE_LIMIT} files
   */
  tree(absDir: string): Promise<string[]> {
    return this.memo(`tree:${absDir}`, () => this.walkTree(absDir));
  }

  private async walkTree(absDir: string): Promise<string[]> {
    const out: string[] = [];
    if (!(await this.list(absDir))) return out;
    const seen = new Set<string>();
    const walk = async (dir: string): Promise<void> => {
      const entries = await this.list(dir);
      if (!entries) return;
      for (const entry of entries) {
        const full = path.join(dir, entry.name);
        let isDir = entry.isDirectory();
        if (entry.isSymbolicLink()) isDir = (await stat(full).catch(() => undefined))?.isDirectory() ?? false;
        if (isDir) {
          if (SKIPPED_DIRS.has(entry.name)) continue;
          const real = await realKey(full);
          if (seen.has(real)) continue;
          seen.add(real);
          await walk(full);
        } else {
          out.push(full);
          if (out.length > TREE_LIMIT) throw new TooLarge(`more than ${TREE_LIMIT} files under ${absDir}`);
        }
      }
    };
    seen.add(await realKey(absDir));
    await walk(absDir);
    return out;
  }
}

async function realKey(dir: string): Promise<string> {
  try {
    const s = await stat(dir);
    return `${s.dev}:${s.ino}`;
  } catch {
    return dir;
  }
}

/** A file's digest and bytes, read synchronously (throws what `stat` or `read` throws). */
function readPath(absPath: string): { digest: string; bytes?: Buffer } {
  const s = statSync(absPath);
  if (s.isDirectory()) return { digest: 'd' };
  if (!s.isFile()) return { digest: `o:${s.mode}` };
  if (s.size > CONTENT_LIMIT) return { digest: `s:${s.size}:${s.mtimeMs}:${s.ino}` };
  const bytes = readFileSync(absPath);
  return { digest: `f:${sha256(bytes)}`, bytes };
}

/** `make()` as a settled promise, or `fallback(error)` when it throws. */
function settle<T>(make: () => T, fallback: (err: unknown) => T): Promise<T> {
  try {
    return Promise.resolve(make());
  } catch (err) {
    return Promise.resolve(fallback(err));
  }
}

function errorDigest(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR' ? '-' : `e:${code ?? 'unknown'}`;
}

/** How an input is digested: by its bytes (the default) or by its size, mtime and inode only. */
export type InputKind = 'content' | 'stat';

/**
 * The set of paths one cache unit depends on, with how to digest each. Paths may not exist:
 * their absence is part of the key (creating one invalidates).
 */
export class Inputs {
  private readonly paths = new Map<string, InputKind>();
  private readonly trees = new Set<string>();
  private readonly env = new Set<string>();
  private readonly linked = new Set<string>();
  private readonly computed = new Map<string, Promise<string>>();

  constructor(private readonly digests: Digests) {}

  /** Depends on the path (a file, or a folder's existence). */
  add(absPath: string, kind: InputKind = 'content'): void {
    const resolved = path.resolve(absPath);
    if (this.paths.get(resolved) !== 'content') this.paths.set(resolved, kind);
  }

  has(absPath: string): boolean {
    return this.paths.has(path.resolve(absPath));
  }

  /** Every path added (files and folders, present or not), absolute. */
  added(): string[] {
    return [...this.paths.keys()];
  }

  /** Marks a path as pulled in by a checked file (checkers that check what a file pulls in report on it). */
  link(absPath: string): void {
    this.linked.add(path.resolve(absPath));
  }

  /** The paths marked by {@link link}. */
  links(): Set<string> {
    return new Set(this.linked);
  }

  /** Depends on an environment variable (set or not, and its value). */
  addEnv(name: string): void {
    this.env.add(name);
  }

  /** Depends on a computed digest (a summary of many files, such as the installed collections). */
  addDigest(name: string, digest: Promise<string>): void {
    this.computed.set(name, digest);
  }

  /**
   * Depends on every file under a folder (and on the folder's existence).
   * @returns the files found (empty when the folder is not there, or was added before)
   * @throws TooLarge past the tree limit
   */
  async addTree(absDir: string, kind: InputKind = 'content'): Promise<string[]> {
    const dir = path.resolve(absDir);
    this.add(dir, kind);
    if (this.trees.has(`${kind}:${dir}`)) return [];
    this.trees.add(`${kind}:${dir}`);
    const files = await this.digests.tree(dir);
    for (const file of files) this.add(file, kind);
    return files;
  }

  /**
   * Sorted `[name, digest]` pairs: paths (named by `display`, relative inside the repository),
   * then environment variables as `$NAME`. What is absent is left out: the list still changes
   * when anything appears or disappears, and a folder's copy (the staged check's) whose
   * surroundings differ only by absent files gets the same key.
   */
  async entries(display: (absPath: string) => string, env: NodeJS.ProcessEnv): Promise<Array<[string, string]>> {
    const list = [...this.paths].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const files = await Promise.all(
      list.map(async ([absPath, kind]): Promise<[string, string]> => [
        display(absPath),
        kind === 'stat' ? await this.digests.statDigest(absPath) : await this.digests.digest(absPath),
      ]),
    );
    const vars = [...this.env].sort().flatMap((name): Array<[string, string]> => {
      const value = env[name];
      return value === undefined ? [] : [[`$${name}`, `v:${sha256(value)}`]];
    });
    const computed = await Promise.all([...this.computed].sort(([a], [b]) => (a < b ? -1 : 1)).map(async ([name, digest]): Promise<[string, string]> => [`=${name}`, await digest]));
    return [...files.filter(([, digest]) => digest !== '-'), ...vars, ...computed];
  }
}
