/**
 * Reading one file given to `iacgen import`: JSON, at most `MAX_IMPORT_BYTES`, its format told
 * from its shape (never from its name): `/cluster/resources` rows, a node listing,
 * `ansible-inventory --list`, or `terraform show -json`.
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../errors.js';
import { isAnsibleList, readAnsibleList } from './ansible.js';
import { ACCEPTED_SHAPES, MAX_IMPORT_BYTES } from './data.js';
import { isClusterResources, isNodeListing, readClusterResources, readNodeListing } from './pvesh.js';
import { isTerraformState, readTerraformState } from './terraform-state.js';
import type { ImportRead } from './types.js';

const HINT = `iacgen import reads the saved JSON of one of:\n${ACCEPTED_SHAPES.map((s) => `  ${s}`).join('\n')}`;

/**
 * Reads and recognises one file.
 * @param file the path as given (shown in messages and in each guest's `source`)
 * @param cwd the folder `file` is relative to
 * @throws ConfigError (exit 2) naming the file and what is wrong: unreadable, too large, not
 *   JSON (with the parser's reason), or a shape none of the accepted outputs has (with how to
 *   produce each)
 */
export function readImportFile(file: string, cwd: string): ImportRead {
  const abs = path.resolve(cwd, file);
  let text: string;
  try {
    const size = statSync(abs).size;
    if (size > MAX_IMPORT_BYTES) throw new ConfigError(file, `is ${size} bytes, more than iacgen import reads (${MAX_IMPORT_BYTES})`, HINT);
    text = readFileSync(abs, 'utf8');
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    const e = err as NodeJS.ErrnoException;
    throw new ConfigError(file, `cannot be read: ${e.code ?? String(err)}`, 'check the path; the file is the saved output of one of the commands iacgen import --help lists');
  }
  if (text.trim() === '') throw new ConfigError(file, 'is empty', `did the command that writes it fail? ${HINT}`);
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new ConfigError(file, `is not JSON: ${(err as Error).message}`, `${HINT}\n(pvesh needs --output-format json; the default is a text table)`);
  }
  if (Array.isArray(data) && data.length === 0) return { file, format: 'pvesh-resources', guests: [], skipped: [] };
  if (isClusterResources(data)) return readClusterResources(file, data);
  if (isNodeListing(data)) return readNodeListing(file, data);
  if (isTerraformState(data)) return readTerraformState(file, data);
  if (isAnsibleList(data)) return readAnsibleList(file, data);
  throw new ConfigError(file, `is JSON, but not a shape iacgen import knows (${describe(data)})`, HINT);
}

function describe(data: unknown): string {
  if (Array.isArray(data)) return `an array of ${data.length} item(s), the first ${data[0] === null ? 'null' : typeof data[0] === 'object' ? `an object with keys ${Object.keys(data[0] as object).slice(0, 6).join(', ') || 'none'}` : typeof data[0]}`;
  if (typeof data === 'object' && data !== null) return `an object with keys ${Object.keys(data).slice(0, 6).join(', ') || 'none'}`;
  return `a ${data === null ? 'null' : typeof data}`;
}
