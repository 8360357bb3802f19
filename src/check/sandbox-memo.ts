/**
 * A successful sandbox probe, remembered between runs, so that a run (the commit hook above all)
 * does not start bwrap twice before its first check. Kept in the user's cache
 * (`$XDG_CACHE_HOME/iacgen/sandbox/<key>.json`) under a key made of everything that decides
 * whether bwrap can start a sandbox: the bwrap file itself (path, size, modification time, inode,
 * mode: a setuid bit counts), the kernel release, the user, and the kernel's user-namespace
 * switches (`/proc/sys/user/max_user_namespaces`, `/proc/sys/kernel/unprivileged_userns_clone`,
 * `/proc/sys/kernel/apparmor_restrict_unprivileged_userns`). A failed probe is never kept: it is
 * tried again on the next run. Reading or writing the memo never fails a run.
 */
import { mkdir, readFile, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { sha256 } from './cache/digest.js';
import { userCacheRoot } from './cache/store.js';

/** Format of a memo file; another format is a miss. */
const MEMO_FORMAT = 1;

/** Kernel switches that allow or forbid unprivileged user namespaces (absent files count as such). */
const USERNS_SWITCHES = ['/proc/sys/user/max_user_namespaces', '/proc/sys/kernel/unprivileged_userns_clone', '/proc/sys/kernel/apparmor_restrict_unprivileged_userns'];

/** What a kept probe says: the bwrap that started a sandbox, and its version. */
export interface SandboxMemo {
  bwrap: string;
  version?: string;
}

/** The memo's key for `bwrap` (hex sha256), or undefined when bwrap cannot be stat'ed. */
async function memoKey(bwrap: string): Promise<string | undefined> {
  const file = await stat(bwrap).catch(() => undefined);
  if (!file) return undefined;
  const switches = await Promise.all(USERNS_SWITCHES.map((p) => readFile(p, 'utf8').then((t) => t.trim(), () => '-')));
  const material = [MEMO_FORMAT, bwrap, file.size, file.mtimeMs, file.ino, file.mode, os.release(), process.getuid?.() ?? '-', ...switches];
  return sha256(JSON.stringify(material));
}

function memoPath(env: NodeJS.ProcessEnv, key: string): string {
  return path.join(userCacheRoot(env), 'sandbox', `${key.slice(0, 32)}.json`);
}

/** The kept probe of `bwrap` when nothing in its key changed, else undefined. */
export async function readSandboxMemo(bwrap: string, env: NodeJS.ProcessEnv): Promise<SandboxMemo | undefined> {
  const key = await memoKey(bwrap);
  if (!key) return undefined;
  try {
    const data = JSON.parse(await readFile(memoPath(env, key), 'utf8')) as Partial<SandboxMemo & { format: number; key: string }>;
    if (data.format !== MEMO_FORMAT || data.key !== key || data.bwrap !== bwrap) return undefined;
    return { bwrap, ...(typeof data.version === 'string' ? { version: data.version } : {}) };
  } catch {
    return undefined;
  }
}

/** Keeps a successful probe of `memo.bwrap` (best effort, atomically). */
export async function writeSandboxMemo(memo: SandboxMemo, env: NodeJS.ProcessEnv): Promise<void> {
  const key = await memoKey(memo.bwrap);
  if (!key) return;
  const file = memoPath(env, key);
  try {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFileAtomic(file, `${JSON.stringify({ format: MEMO_FORMAT, key, ...memo })}\n`, { encoding: 'utf8', fsync: false });
  } catch {
    // A read-only cache: the probe runs again next time.
  }
}
