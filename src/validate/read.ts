/** Reading and classifying the discovered files, without ever crashing on one bad file. */
import { closeSync, fstatSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { classify } from '../classify/classify.js';
import { DEFAULT_MAX_FILE_BYTES, type FileType } from '../classify/tables.js';
import type { RepositoryTree } from '../classify/tree.js';

/** A discovered file after reading: its type, or why it will not be checked. */
export interface ClassifiedFile {
  absPath: string;
  type: FileType;
  /** Set when the file is not checked: unreadable, binary or too large. */
  note?: string;
  /** The bytes read (checked files only), so the result cache need not read them again. */
  bytes?: Buffer;
}

/** Bytes inspected for NUL to call a file binary (as git does: the first 8000). */
const BINARY_SNIFF_BYTES = 8000;

/**
 * Reads and classifies one file. Never throws: an unreadable file comes back as `unknown`
 * with a note.
 * @param root     directory the classifier sees paths relative to (the repository root or cwd)
 * @param maxBytes files larger than this (bytes) are not checked
 * @param tree     the files around each one, relative to `root` (template folders are told by their neighbours)
 */
export async function readAndClassify(absPath: string, root: string, maxBytes = DEFAULT_MAX_FILE_BYTES, tree?: RepositoryTree): Promise<ClassifiedFile> {
  // Synchronous reads: for hundreds of small files, far cheaper than four promises each.
  let fd: number | undefined;
  try {
    fd = openSync(absPath, 'r');
    const { size } = fstatSync(fd);
    if (size > maxBytes) {
      return { absPath, type: 'unknown', note: `larger than ${maxBytes} bytes (${size}): not checked` };
    }
    const buffer = readFileSync(fd);
    if (buffer.subarray(0, BINARY_SNIFF_BYTES).includes(0)) {
      return { absPath, type: 'unknown', note: 'binary file: not checked' };
    }
    const rel = path.relative(root, absPath).split(path.sep).join('/');
    return { absPath, type: classify(rel, buffer.toString('utf8'), tree), bytes: buffer };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    return { absPath, type: 'unknown', note: `cannot be read (${code}): not checked` };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
