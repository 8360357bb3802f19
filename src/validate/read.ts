/** Reading and classifying the discovered files, without ever crashing on one bad file. */
import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { classify } from '../classify/classify.js';
import { DEFAULT_MAX_FILE_BYTES, type FileType } from '../classify/tables.js';
import type { RepositoryTree } from '../classify/tree.js';
import type { NotCheckedReason } from '../check/types.js';

/** A discovered file after reading: its type, or why it will not be checked. */
export interface ClassifiedFile {
  absPath: string;
  type: FileType;
  /** Set when the file is not checked (unreadable, binary, too large, ...): why, in words. */
  note?: string;
  /** Set with `note`: why, as a code. */
  notChecked?: NotCheckedReason;
  /** The bytes read (checked files only), so the result cache need not read them again. */
  bytes?: Buffer;
  /** The file lies outside the repository (see `DiscoveredPath.outside`). */
  outside?: boolean;
}

/**
 * How a file is opened: read-only, and without blocking or taking a terminal, so that a file
 * replaced by a FIFO or a device after discovery looked at it cannot hang the run (the opened
 * descriptor is then `fstat`ed and anything but a regular file is closed unread).
 */
const OPEN_FLAGS = constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY;

/** Bytes inspected for NUL to call a file binary (as git does: the first 8000). */
const BINARY_SNIFF_BYTES = 8000;

/**
 * Reads and classifies one file. Never throws: an unreadable file comes back as `unknown`
 * with a note. Only a regular file is read: anything else found at the path when it is opened
 * (a FIFO, socket or device) is closed unread and reported as a special file.
 * @param root     directory the classifier sees paths relative to (the repository root or cwd)
 * @param maxBytes files larger than this (bytes) are not checked
 * @param tree     the files around each one, relative to `root` (template folders are told by their neighbours)
 */
export async function readAndClassify(absPath: string, root: string, maxBytes = DEFAULT_MAX_FILE_BYTES, tree?: RepositoryTree): Promise<ClassifiedFile> {
  // Synchronous reads: for hundreds of small files, far cheaper than four promises each.
  let fd: number | undefined;
  try {
    fd = openSync(absPath, OPEN_FLAGS);
    const stats = fstatSync(fd);
    if (!stats.isFile()) {
      const kind = stats.isFIFO() ? 'FIFO' : stats.isSocket() ? 'socket' : stats.isCharacterDevice() ? 'character device' : stats.isBlockDevice() ? 'block device' : stats.isDirectory() ? 'folder' : 'not a regular file';
      return { absPath, type: 'unknown', note: `special file: ${kind}`, notChecked: 'special-file' };
    }
    const { size } = stats;
    if (size > maxBytes) {
      return { absPath, type: 'unknown', note: `larger than ${maxBytes} bytes (${size} bytes)`, notChecked: 'too-large' };
    }
    const buffer = readFileSync(fd);
    if (buffer.subarray(0, BINARY_SNIFF_BYTES).includes(0)) {
      return { absPath, type: 'unknown', note: 'binary file', notChecked: 'binary' };
    }
    const rel = path.relative(root, absPath).split(path.sep).join('/');
    return { absPath, type: classify(rel, buffer.toString('utf8'), tree), bytes: buffer };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    return { absPath, type: 'unknown', note: `cannot be read (${code})`, notChecked: 'unreadable' };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
