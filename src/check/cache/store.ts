/**
 * The result cache's entries on disk: `<dir>/v1/<2 hex>/<key>.json` (and `v1/versions/` for the
 * version texts of Python tools), where `<dir>` is the repository's `.iacgen/cache/` when git
 * ignores it, else `$XDG_CACHE_HOME/iacgen/<hash of the repository root>/`. Written atomically
 * without fsync; validated on read (zod): a corrupt, foreign or other-format entry is a miss.
 * Nothing here throws: an unreadable or unwritable cache only misses.
 */
import { execa } from 'execa';
import { readFileSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { z } from 'zod';
import { folderReplacer } from '../../util/paths.js';
import { sha256 } from './digest.js';

/** Bumped whenever the key or the entry changes meaning; entries of other formats are misses. */
export const CACHE_FORMAT = 1;
/** Entries older than this are removed (at most once a day). */
const MAX_AGE_MS = 30 * 24 * 3600 * 1000;
const PRUNE_EVERY_MS = 24 * 3600 * 1000;
/** Stands for the repository root in stored text, so an entry is valid wherever the repository is. */
const ROOT_TOKEN = '\u0000root\u0000';

const diagnosticSchema = z
  .object({
    file: z.string(),
    line: z.number().int(),
    column: z.number().int(),
    severity: z.enum(['error', 'warning', 'info']),
    rule: z.string(),
    message: z.string(),
    source: z.string(),
  })
  .strict();

/** One stored result. */
const entrySchema = z
  .object({
    format: z.literal(CACHE_FORMAT),
    key: z.string().regex(/^[0-9a-f]{64}$/),
    checker: z.string(),
    /** The checker's version when it ran (must equal today's). */
    version: z.string(),
    /** The unit's files, relative to the repository root (for people reading the cache). */
    files: z.array(z.string()),
    /** Wall time of the original call. */
    durationMs: z.number().int().nonnegative(),
    diagnostics: z.array(diagnosticSchema),
    skipped: z.record(z.string(), z.string()).optional(),
  })
  .strict();
/** One stored entry. */
export type Entry = z.infer<typeof entrySchema>;

/** A command's version text, kept per identity (`<dir>/v1/versions/<key>.json`). */
const versionEntrySchema = z.object({ format: z.literal(CACHE_FORMAT), key: z.string(), text: z.string() }).strict();

/** The entries of one repository's result cache on disk (see {@link ResultCache} for their use). */
export class EntryStore {
  private unwritable = false;
  /** Entry folders known to exist (created this run). */
  private readonly folders = new Set<string>();

  protected constructor(
    /** Folder holding `v1/`. */
    readonly dir: string,
    readonly root: string,
    private readonly salt: Record<string, string>,
    readonly env: NodeJS.ProcessEnv,
  ) {}

  /** Key material for a checker id beyond its inputs. */
  saltOf(id: string): string | null {
    return this.salt[id] ?? null;
  }

  /** `<dir>/v1/<2 hex>/<key>.json`. */
  entryPath(key: string): string {
    return path.join(this.dir, `v${CACHE_FORMAT}`, key.slice(0, 2), `${key}.json`);
  }

  /** The valid entry stored under `key` for `checker`, or undefined (missing, corrupt, foreign). */
  async read(key: string, checker: string, files: readonly string[]): Promise<Entry | undefined> {
    let text: string;
    try {
      // Synchronous: a warm run reads one small entry per check, and promises cost more than the reads.
      text = readFileSync(this.entryPath(key), 'utf8');
    } catch {
      return undefined;
    }
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      return undefined;
    }
    const parsed = entrySchema.safeParse(data);
    if (!parsed.success) return undefined;
    const entry = parsed.data;
    if (entry.key !== key || entry.checker !== checker || entry.files.join('\n') !== files.join('\n')) return undefined;
    return entry;
  }

  /** Stores an entry atomically; false (and no more attempts this run) when the folder is unwritable. */
  async write(entry: Entry): Promise<boolean> {
    if (this.unwritable) return false;
    const file = this.entryPath(entry.key);
    try {
      const dir = path.dirname(file);
      if (!this.folders.has(dir)) {
        await mkdir(dir, { recursive: true });
        this.folders.add(dir);
      }
      // No fsync: an entry a crash leaves empty or torn is only a miss (read() validates each one).
      await writeFileAtomic(file, `${JSON.stringify(entry)}\n`, { encoding: 'utf8', fsync: false });
      return true;
    } catch {
      this.unwritable = true;
      return false;
    }
  }

  /** A command's version text stored under `key` (see `CacheSession.commandTool`), or undefined. */
  async readVersion(key: string): Promise<string | undefined> {
    try {
      const parsed = versionEntrySchema.safeParse(JSON.parse(await readFile(this.versionPath(key), 'utf8')));
      return parsed.success && parsed.data.key === key ? parsed.data.text : undefined;
    } catch {
      return undefined;
    }
  }

  /** Stores a command's version text (best effort, atomically). */
  async writeVersion(key: string, text: string): Promise<void> {
    if (this.unwritable) return;
    try {
      await mkdir(path.dirname(this.versionPath(key)), { recursive: true });
      await writeFileAtomic(this.versionPath(key), `${JSON.stringify({ format: CACHE_FORMAT, key, text })}\n`, { encoding: 'utf8', fsync: false });
    } catch {
      this.unwritable = true;
    }
  }

  private versionPath(key: string): string {
    return path.join(this.dir, `v${CACHE_FORMAT}`, 'versions', `${key}.json`);
  }

  /** Replaces the repository root in stored text by a token (and back). */
  relocate<T>(value: T, direction: 'store' | 'load'): T {
    if (this.root.length < 2) return value;
    const from = direction === 'store' ? this.root : ROOT_TOKEN;
    const to = direction === 'store' ? ROOT_TOKEN : this.root;
    // Stored: the root where a path starts with it. Loaded: every token (each stands for the root).
    const replace = direction === 'store' ? folderReplacer(from, to) : (text: string) => text.replaceAll(from, to);
    const map = (v: unknown): unknown => {
      if (typeof v === 'string') return replace(v);
      if (Array.isArray(v)) return v.map(map);
      if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [map(k) as string, map(x)]));
      return v;
    };
    return map(value) as T;
  }

  /** Removes entries older than 30 days, at most once a day (best effort). */
  async prune(now = Date.now()): Promise<void> {
    const base = path.join(this.dir, `v${CACHE_FORMAT}`);
    const stamp = path.join(base, '.pruned');
    try {
      const last = await stat(stamp).catch(() => undefined);
      if (last && now - last.mtimeMs < PRUNE_EVERY_MS) return;
      if (!(await stat(base).catch(() => undefined))?.isDirectory()) return;
      await writeFile(stamp, '');
      for (const bucket of await readdir(base)) {
        if (!/^[0-9a-f]{2}$/.test(bucket)) continue;
        for (const name of await readdir(path.join(base, bucket)).catch(() => [] as string[])) {
          const file = path.join(base, bucket, name);
          const s = await stat(file).catch(() => undefined);
          if (s && now - s.mtimeMs > MAX_AGE_MS) await rm(file, { force: true });
        }
      }
    } catch {
      // Pruning is a courtesy.
    }
  }
}

/**
 * Where the entries of `root`'s cache live: `<root>/.iacgen/cache` when it exists or git ignores
 * it (as `iacgen init` arranges), so a repository never gets untracked clutter; otherwise
 * `$XDG_CACHE_HOME/iacgen/<hash of root>` (`~/.cache` by default).
 */
export async function cacheDirectory(root: string, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const inRepo = path.join(root, '.iacgen', 'cache');
  if ((await stat(inRepo).catch(() => undefined))?.isDirectory()) return inRepo;
  const ignored = await execa('git', ['check-ignore', '-q', '.iacgen/cache/v1'], { cwd: root, reject: false, stdin: 'ignore' }).catch(() => undefined);
  if (ignored?.exitCode === 0) {
    try {
      await mkdir(inRepo, { recursive: true });
      return inRepo;
    } catch {
      // Read-only checkout: the user cache instead.
    }
  }
  return path.join(userCacheRoot(env), sha256(root).slice(0, 16));
}

/** iacgen's folder in the user's cache: `$XDG_CACHE_HOME/iacgen` (`~/.cache/iacgen` by default). */
export function userCacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : path.join(env.HOME || os.homedir(), '.cache');
  return path.join(xdg, 'iacgen');
}

