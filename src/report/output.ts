/** Where a report goes with `--output FILE` (validate, merge): checked early, written whole or not at all. */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { UsageError } from '../errors.js';

/** Where `--output` goes: absolute path and the path as the user gave it. */
export interface OutputTarget {
  absPath: string;
  shown: string;
}

/**
 * Checks `--output` before the checkers run, so a typo costs no ansible-lint run: the folder must
 * exist and the path must not be a folder. (Permissions are checked by the write itself.)
 */
export async function outputTarget(cwd: string, given: string): Promise<OutputTarget> {
  const target = { absPath: path.resolve(cwd, given), shown: given };
  if (given.trim() === '') throw new UsageError('--output needs a file name');
  const dir = await stat(path.dirname(target.absPath)).catch(() => undefined);
  if (!dir?.isDirectory()) throw new UsageError(`cannot write the report to ${given}: no such folder ${path.dirname(given)}`, 'create the folder first, or give --output another path');
  const existing = await stat(target.absPath).catch(() => undefined);
  if (existing?.isDirectory()) throw new UsageError(`cannot write the report to ${given}: it is a folder`, 'give --output a file name');
  return target;
}

/** What the usual write failures mean, said without the temporary file's name. */
const WRITE_ERRORS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
};

/**
 * Writes the report through a temporary file renamed over FILE (write-file-atomic), so FILE is
 * either the old one or the whole new report, and the temporary file is removed on failure.
 * @throws UsageError (exit 2) naming the file and the system's reason
 */
export async function writeReport(target: OutputTarget, text: string): Promise<void> {
  try {
    await writeFileAtomic(target.absPath, text, { encoding: 'utf8' });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const reason = code ? (WRITE_ERRORS[code] ?? `cannot create a file there (${code})`) : err instanceof Error ? err.message : String(err);
    throw new UsageError(`cannot write the report to ${target.shown}: ${reason}`, 'choose a writable path for --output');
  }
}

