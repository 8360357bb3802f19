/**
 * Recorded answers in a `new` run: reusing an earlier record of the same artifact, and the plan
 * row that writes the record beside the generated files (in the same all-or-nothing write).
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Inventory } from '../inventory/schema.js';
import { findVariant, NO_TARGET, resolveAnswers, type AnswerSources, type Answers, type GivenAnswers } from './answers.js';
import { defaultVariant, type GeneratorManifest } from './manifest.js';
import type { PlannedFile } from './plan.js';
import { findRecord, formatRecord, overRecorded, recordToGiven, type AnswerRecord } from './recorded.js';
import { recordPath } from './record-paths.js';

/** The answers of a run, the `--set` items they were resolved with, and the recorded answers reused. */
export interface Reused {
  answers: Answers;
  set: string[];
  /** `key=value` of each recorded answer that filled in for one not given now. */
  reused: string[];
  /** Where those came from (repository-relative), when a record was read. */
  record?: string;
}

/**
 * Resolves the answers of a `new` run, filling in from an earlier record of the same artifact
 * (same generator, variant and name) what this run does not give: question answers, `--set`
 * values, the target. The record is found before anything is asked when the name is known (given,
 * or the variant's default name without a terminal); at a terminal recorded answers are the
 * prompts' defaults. A record of another variant is not used.
 * @throws UsageError (exit 2) as {@link resolveAnswers}, also for a recorded answer no longer valid
 * @throws ConfigError (exit 2) for an unreadable record
 */
export async function resolveWithRecord(
  root: string,
  generator: GeneratorManifest,
  inventory: Inventory,
  given: GivenAnswers & { options: Record<string, string | undefined>; set: readonly string[] },
  sources: AnswerSources,
): Promise<Reused> {
  const variant = given.variant === undefined ? defaultVariant(generator) : findVariant(generator, given.variant);
  const name = given.name ?? (sources.interactive ? undefined : variant?.defaultName);
  const record = name === undefined ? undefined : findRecord(root, generator.id, name);
  if (!record || !variant || record.variant !== variant.id) {
    return { answers: await resolveAnswers(generator, inventory, given, sources), set: [...given.set], reused: [] };
  }
  const recorded = recordToGiven(generator, record.answers);
  // At a terminal the questions are asked, with the recorded answers as their defaults.
  if (sources.interactive) recorded.options = {};
  const merged = overRecorded(recorded, given);
  const target = given.target ?? record.target ?? (generator.target === 'optional' ? NO_TARGET : undefined);
  const answers = await resolveAnswers(generator, inventory, { ...given, target, options: merged.options, set: merged.set, recorded: record.answers }, sources);
  const givenKeys = new Set([...Object.keys(given.options).filter((k) => given.options[k] !== undefined), ...given.set.map((item) => item.slice(0, item.indexOf('=')))]);
  const text = (value: unknown) => (Array.isArray(value) ? value.join(',') : String(value));
  const reused = Object.entries(record.answers)
    .filter(([key, value]) => !givenKeys.has(key) && text(answers.vars[key]) === value && text(variant.vars[key]) !== value)
    .map(([key, value]) => `${key}=${value}`)
    .sort();
  if (given.target === undefined && record.target && answers.target) reused.unshift(`target=${record.target}`);
  return { answers, set: merged.set, reused, record: recordPath(generator.id, record.name) };
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
