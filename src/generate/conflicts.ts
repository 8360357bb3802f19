/**
 * Resolving conflicts (a file that exists with other content): `--force` overwrites,
 * `--skip-existing` skips, a person at a terminal chooses per file (overwrite, skip, show diff,
 * overwrite all, abort), and otherwise the run stops with exit 1 and the plan.
 */
import { EXIT, IacgenError } from '../errors.js';
import type { Output } from '../context.js';
import { conflictDiff, formatPlan, type PlannedFile } from './plan.js';
import type { Prompter } from './prompter.js';

/** How conflicts are to be resolved. */
export interface ConflictPolicy {
  force: boolean;
  skipExisting: boolean;
  /** A person can be asked. */
  interactive: boolean;
  prompter: Prompter;
  /** Where diffs are shown when asked for. */
  out: Output;
}

/** Conflicts that block a non-interactive run (exit 1); the message carries the plan. */
export class ConflictError extends IacgenError {
  constructor(plan: readonly PlannedFile[]) {
    const files = plan.filter((r) => r.action === 'conflict').map((r) => r.file.relPath);
    super(
      `${files.join(', ')} already ${files.length === 1 ? 'exists' : 'exist'} with other content; nothing was written\n\nPlan:\n${formatPlan(plan)}`,
      EXIT.findings,
      'pass --force to overwrite, --skip-existing to keep them, --dry-run to see the diff, or choose another --name',
    );
  }
}

/** The user chose "abort" at a conflict (exit 1); nothing was written. */
export class AbortError extends IacgenError {
  constructor(relPath: string) {
    super(`aborted at ${relPath}; nothing was written`, EXIT.findings);
  }
}

/** Choices of the per-file conflict prompt. */
const CHOICES = [
  { value: 'overwrite', name: 'Overwrite this file' },
  { value: 'skip', name: 'Skip this file (keep it as it is)' },
  { value: 'diff', name: 'Show the diff' },
  { value: 'all', name: 'Overwrite this and all other conflicting files' },
  { value: 'abort', name: 'Abort: write nothing' },
];

/**
 * Turns every `conflict` row into `overwrite` or `skip`.
 * @throws ConflictError (exit 1) when conflicts remain and nobody can be asked
 * @throws AbortError (exit 1) when the user chooses abort; InterruptedError (exit 130) on Ctrl-C
 */
export async function resolveConflicts(plan: readonly PlannedFile[], policy: ConflictPolicy): Promise<PlannedFile[]> {
  if (!plan.some((r) => r.action === 'conflict')) return [...plan];
  if (policy.force) return plan.map((r) => (r.action === 'conflict' ? { ...r, action: 'overwrite' } : r));
  if (policy.skipExisting) return plan.map((r) => (r.action === 'conflict' ? { ...r, action: 'skip', reason: 'exists; --skip-existing' } : r));
  if (!policy.interactive) throw new ConflictError(plan);

  let overwriteAll = false;
  const resolved: PlannedFile[] = [];
  for (const row of plan) {
    if (row.action !== 'conflict') {
      resolved.push(row);
      continue;
    }
    let choice = overwriteAll ? 'overwrite' : '';
    while (!choice || choice === 'diff') {
      if (choice === 'diff') policy.out.write(`${conflictDiff(row)}\n`);
      choice = await policy.prompter.select(`${row.file.relPath} exists with other content`, CHOICES);
    }
    if (choice === 'abort') throw new AbortError(row.file.relPath);
    if (choice === 'all') overwriteAll = true;
    resolved.push(choice === 'skip' ? { ...row, action: 'skip', reason: 'exists; you chose to skip it' } : { ...row, action: 'overwrite' });
  }
  return resolved;
}
