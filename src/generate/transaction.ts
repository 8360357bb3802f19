/**
 * Writing a plan all or nothing: each file atomically (temporary file in the same folder, then
 * rename, via write-file-atomic; mode set for new files, kept for overwritten ones). If any write
 * fails, or a stop signal arrives (Ctrl-C, SIGTERM, SIGHUP), the files this run already wrote are
 * rolled back: new files removed, overwritten files restored to their exact old bytes and mode,
 * new folders removed. The whole write is a critical section of the shutdown owner, so a stopped
 * run ends only after the rollback.
 */
import { mkdir, readFile, rm, rmdir, stat } from 'node:fs/promises';
import path from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { IacgenError, EXIT, InterruptedError } from '../errors.js';
import { critical, stopSignal } from '../process/shutdown.js';
import type { PlannedFile } from './plan.js';

/** A write that failed and was rolled back (exit 1); the tree is as it was before the run. */
export class WriteError extends IacgenError {
  constructor(relPath: string, cause: string) {
    super(`could not write ${relPath}: ${cause}; every file written by this run was rolled back`, EXIT.findings, 'fix the cause (permissions, disk space) and run the same command again');
  }
}

interface Undo {
  /** Absolute path written. */
  absPath: string;
  /** Bytes and mode before the write; undefined for a new file. */
  before?: { content: Buffer; mode: number };
}

/**
 * Writes the `create`, `overwrite`, `insert` and `update` rows of `plan` under `root`, all or nothing.
 * @returns the rows written
 * @throws WriteError (exit 1) when a write fails; InterruptedError (exit 128 + the signal's
 *   number) when a stop signal arrives before or during the writes; in both cases after the rollback
 */
export function writeAllOrNothing(plan: readonly PlannedFile[], root: string): Promise<PlannedFile[]> {
  return critical(write(plan, root));
}

async function write(plan: readonly PlannedFile[], root: string): Promise<PlannedFile[]> {
  const rows = plan.filter((row) => row.action === 'create' || row.action === 'overwrite' || row.action === 'insert' || row.action === 'update');
  const undo: Undo[] = [];
  const createdDirs: string[] = [];
  const stopIfAsked = () => {
    const signal = stopSignal();
    if (signal) throw new InterruptedError(signal, undo.length ? `the ${undo.length} file(s) written were rolled back; the tree is as it was` : 'nothing was written');
  };
  try {
    for (const row of rows) {
      stopIfAsked();
      const absPath = path.join(root, row.file.relPath);
      try {
        await makeParents(path.dirname(absPath), root, createdDirs);
        const before = row.action !== 'create' ? { content: await readFile(absPath), mode: (await stat(absPath)).mode & 0o7777 } : undefined;
        undo.push(before ? { absPath, before } : { absPath });
        await writeFileAtomic(absPath, row.file.content, before ? { mode: before.mode } : { mode: row.file.mode });
      } catch (err) {
        throw new WriteError(row.file.relPath, describe(err));
      }
    }
    stopIfAsked();
    return rows;
  } catch (err) {
    await rollback(undo, createdDirs);
    throw err;
  }
}

/** Creates the missing folders from `root` down to `dir`, appending each one created to `created`. */
async function makeParents(dir: string, root: string, created: string[]): Promise<void> {
  const missing: string[] = [];
  for (let current = dir; current.startsWith(root) && current !== root; current = path.dirname(current)) {
    try {
      await stat(current);
      break;
    } catch {
      missing.unshift(current);
    }
  }
  for (const folder of missing) {
    await mkdir(folder);
    created.push(folder);
  }
}

async function rollback(undo: readonly Undo[], createdDirs: readonly string[]): Promise<void> {
  for (const step of [...undo].reverse()) {
    if (step.before) await writeFileAtomic(step.absPath, step.before.content, { mode: step.before.mode }).catch(() => undefined);
    else await rm(step.absPath, { force: true }).catch(() => undefined);
  }
  for (const folder of [...createdDirs].reverse()) await rmdir(folder).catch(() => undefined);
}

function describe(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  return e.code ? `${e.code} (${e.message.replace(/^\w+: /, '')})` : String(err);
}
