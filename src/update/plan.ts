/**
 * The plan of updating one recorded artifact: for each file today's templates render, its 3-way
 * merge (base: the recorded rendering, ours: the file on disk, theirs: today's rendering) and
 * what happens to it. Pure but for reading the files on disk.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { PlannedFile } from '../generate/plan.js';
import type { AnswerRecord } from '../generate/recorded.js';
import type { RenderedFile } from '../generate/render.js';
import { mergeFile } from './merge.js';

/** One file of an update's plan, with the conflicts its merge marked. */
export interface UpdateRow extends PlannedFile {
  /** Conflicts marked in the merged content (0 for a clean merge). */
  conflicts: number;
}

/** Labels of the conflict markers: `<<<<<<< yours`, `>>>>>>> iacgen 0.2.0`. */
export function mergeLabels(record: AnswerRecord, version: string): { ours: string; base: string; theirs: string } {
  return { ours: 'yours (on disk)', base: `iacgen ${record.iacgen} (as generated)`, theirs: `iacgen ${version} (update)` };
}

/**
 * Merges each rendered file with the file on disk from its recorded base.
 * - a file the generator keeps (`ifExists: keep`, such as the shared Ansible inventory) is skipped;
 * - a recorded file deleted since is left deleted; a file new in today's templates is created;
 * - a clean merge overwrites (or is `unchanged`), a merge with conflicts overwrites with markers.
 * @throws IacgenError (exit 2) when git cannot merge
 */
export async function planUpdate(root: string, record: AnswerRecord, files: readonly RenderedFile[], version: string): Promise<UpdateRow[]> {
  const bases = new Map(record.files.map((f) => [f.path, f.rendered]));
  const labels = mergeLabels(record, version);
  const rows: UpdateRow[] = [];
  const excluded = new Set(record.excluded);
  for (const file of files) {
    if (excluded.has(file.relPath)) continue;
    const absPath = path.join(root, file.relPath);
    const base = bases.get(file.relPath);
    if (!existsSync(absPath)) {
      rows.push(base === undefined ? { file, action: 'create', reason: 'new in the templates', conflicts: 0 } : { file, action: 'skip', reason: 'deleted since it was generated; left deleted', conflicts: 0 });
      continue;
    }
    const current = await readFile(absPath, 'utf8');
    if (file.ifExists === 'keep') {
      rows.push({ file, action: 'skip', reason: 'shared with other artifacts; not updated', current, conflicts: 0 });
      continue;
    }
    const merged = await mergeFile({ ours: current, base: base ?? '', theirs: file.content, labels });
    const row = { file: { ...file, content: merged.content }, current, conflicts: merged.conflicts };
    if (merged.conflicts > 0) {
      rows.push({ ...row, action: 'overwrite', reason: `${merged.conflicts} conflict${merged.conflicts === 1 ? '' : 's'} marked: edit the <<<<<<< ======= >>>>>>> blocks` });
    } else if (merged.content === current) {
      rows.push({ ...row, action: 'unchanged' });
    } else {
      rows.push({ ...row, action: 'overwrite', reason: current === base ? 'not edited since it was generated: the new rendering' : 'merged: template changes brought in, your edits kept' });
    }
  }
  return rows;
}

/** Recorded files that today's templates no longer render: left as they are, and said. */
export function droppedFiles(record: AnswerRecord, files: readonly RenderedFile[]): string[] {
  const now = new Set(files.map((f) => f.relPath));
  return record.files.map((f) => f.path).filter((p) => !now.has(p));
}
