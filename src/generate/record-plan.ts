/**
 * Recorded answers in a `new` run: reusing an earlier record of the same artifact, and the plan
 * row that writes the record beside the generated files (in the same all-or-nothing write).
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { guestRef } from '../inventory/guests.js';
import type { Inventory } from '../inventory/schema.js';
import { NO_TARGET, resolveAnswers, type Answers } from './answers.js';
import type { GeneratorManifest } from './manifest.js';
import type { PlannedFile } from './plan.js';
import { inquirerPrompter } from './prompter.js';
import { formatRecord, overRecorded, recordToGiven, type AnswerRecord } from './recorded.js';
import { recordPath } from './record-paths.js';

/** The answers of a run after reuse, the `--set` items they were resolved with, and the keys reused. */
export interface Reused {
  answers: Answers;
  set: string[];
  /** `key=value` of each recorded answer that filled in for one not given now and changed it. */
  reused: string[];
}

/**
 * Fills in, from an earlier record of the same artifact (same generator and name), the answers
 * this run does not give: question answers when nobody was asked, `--set` values always. A
 * record of another variant is not reused.
 * @throws UsageError (exit 2) when a recorded answer is no longer valid (its flag named)
 */
export async function reuseRecorded(
  generator: GeneratorManifest,
  inventory: Inventory,
  first: Answers,
  record: AnswerRecord,
  given: { options: Record<string, string | undefined>; set: readonly string[] },
  interactive: boolean,
): Promise<Reused> {
  const unchanged = { answers: first, set: [...given.set], reused: [] };
  if (record.variant !== first.variant.id) return unchanged;
  const recorded = recordToGiven(generator, record.answers);
  if (interactive) recorded.options = {};
  const merged = overRecorded(recorded, given);
  const givenSet = new Set(given.set.map((item) => item.slice(0, item.indexOf('='))));
  const reused = [
    ...Object.entries(recorded.options).filter(([key]) => given.options[key] === undefined && !givenSet.has(key)).map(([key, value]) => `${key}=${value}`),
    ...recorded.set.filter((item) => !givenSet.has(item.slice(0, item.indexOf('=')))),
  ];
  if (reused.length === 0) return unchanged;
  const answers = await resolveAnswers(
    generator,
    inventory,
    {
      variant: first.variant.id,
      target: first.target ? guestRef(first.target) : generator.target === 'optional' ? NO_TARGET : undefined,
      name: first.name,
      options: merged.options,
      set: merged.set,
      recorded: record.answers,
    },
    { interactive: false, prompter: inquirerPrompter },
  );
  // Said only where the record made a difference to what this run would have rendered.
  const text = (value: unknown) => (Array.isArray(value) ? value.join(',') : String(value));
  const differs = reused.filter((item) => {
    const key = item.slice(0, item.indexOf('='));
    return text(first.vars[key]) !== text(answers.vars[key]);
  });
  return { answers, set: merged.set, reused: differs.sort() };
}

/**
 * The plan row that writes `record` to its file: `create`, `overwrite` (iacgen's own data, so
 * never a conflict), or undefined when the file already holds exactly that record.
 */
export async function planRecord(root: string, record: AnswerRecord): Promise<PlannedFile | undefined> {
  const relPath = recordPath(record.generator, record.name);
  const content = formatRecord(record);
  const absPath = path.join(root, relPath);
  const file = { key: 'answers', relPath, content, mode: 0o644, ifExists: 'error' as const };
  if (!existsSync(absPath)) return { file, action: 'create' };
  const current = await readFile(absPath, 'utf8');
  return current === content ? undefined : { file, action: 'overwrite', current };
}
