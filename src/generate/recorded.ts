/**
 * Recorded answers: what one `iacgen new` run rendered with, kept in the repository as
 * `.iacgen/answers/<generator>/<name>.yaml` (committed, never validated) so that `iacgen update`
 * can render the artifact again with today's templates and merge it with the user's edits.
 *
 * A record holds the generator, variant, target, name, author and header date, the iacgen
 * version and a digest of the generator's templates, every answer (never a secret), and the
 * content of each file as iacgen rendered it: the base of the next update's 3-way merge
 * (copier keeps a template commit for this; iacgen's templates ship with the tool, so the
 * rendering itself is kept).
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { z } from 'zod';
import { parseWith, readYamlSource } from '../config/load.js';
import type { Answers } from './answers.js';
import type { GeneratorManifest } from './manifest.js';
import type { RenderedFile } from './render.js';
import { artifactId, RECORDS_DIR, recordPath } from './record-paths.js';

/**
 * Answer keys that are never recorded: a record is committed, so anything that looks like a
 * credential stays out of it (an update asks for it again, or takes its flag).
 */
export const SECRET_KEY = /pass(word)?|secret|token|api_?key|private_?key/i;

/** The schema of a record file (version 1). */
export const recordSchema = z
  .object({
    version: z.literal(1),
    generator: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
    variant: z.string().min(1),
    /** Guest reference (`ct102`), or null for an artifact without a target. */
    target: z.string().nullable(),
    name: z.string().min(1),
    author: z.string(),
    /** The headers' date, YYYY-MM-DD: an update keeps it. */
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    /** The iacgen version that rendered `files`. */
    iacgen: z.string().min(1),
    /** `sha256:<hex>` of the generator's manifest and templates (see {@link templateDigest}). */
    templates: z.string().regex(/^sha256:[0-9a-f]{64}$/),
    /** Every answer as text, as a flag or `--set` would give it (`host_port: "3001"`). */
    answers: z.record(z.string(), z.string()).default({}),
    /** Keys left out because they look like secrets. */
    unrecorded: z.array(z.string()).default([]),
    /** Each file as iacgen rendered it (`rendered`), the base of the next update. */
    files: z.array(z.object({ path: z.string().min(1), rendered: z.string() }).strict()),
    /**
     * Files the generator renders that this artifact does not own: with `--into` the content went
     * into another file (or was not needed). An update leaves them alone.
     */
    excluded: z.array(z.string()).default([]),
  })
  .strict();

/** A record, as read from or written to its file. */
export type AnswerRecord = z.infer<typeof recordSchema>;

/**
 * `sha256:<hex>` over the generator folder's files (relative path and bytes, sorted by path):
 * changes whenever the manifest or any template changes.
 */
export function templateDigest(dir: string): string {
  const hash = createHash('sha256');
  const walk = (rel: string): string[] =>
    readdirSync(path.join(dir, rel), { withFileTypes: true }).flatMap((e) => {
      const child = rel ? `${rel}/${e.name}` : e.name;
      return e.isDirectory() ? walk(child) : e.isFile() ? [child] : [];
    });
  for (const rel of walk('').sort()) {
    hash.update(`${rel}\0`);
    hash.update(readFileSync(path.join(dir, rel)));
    hash.update('\0');
  }
  return `sha256:${hash.digest('hex')}`;
}

/**
 * The answers of a run as text: each question of the variant (its answered value) and each
 * `--set` item (its raw text, the last of a key winning), less secret-looking keys.
 * @param set the run's `--set key=value` items, already validated by answer resolution
 */
export function answersToRecord(generator: GeneratorManifest, answers: Answers, set: readonly string[]): { answers: Record<string, string>; unrecorded: string[] } {
  const texts = new Map<string, string>();
  for (const question of generator.questions) {
    if (question.variants && !question.variants.includes(answers.variant.id)) continue;
    const value = answers.vars[question.key];
    if (value !== undefined) texts.set(question.key, Array.isArray(value) ? value.join(',') : String(value));
  }
  for (const item of set) {
    const at = item.indexOf('=');
    if (at > 0) texts.set(item.slice(0, at), item.slice(at + 1));
  }
  const recorded: Record<string, string> = {};
  const unrecorded: string[] = [];
  for (const [key, value] of [...texts].sort(([a], [b]) => a.localeCompare(b))) {
    if (SECRET_KEY.test(key)) unrecorded.push(key);
    else recorded[key] = value;
  }
  return { answers: recorded, unrecorded };
}

/**
 * Splits recorded answers into what `resolveAnswers` takes: question answers by key (as their
 * flags would give them) and `--set` items for the rest.
 */
export function recordToGiven(generator: GeneratorManifest, recorded: Record<string, string>): { options: Record<string, string>; set: string[] } {
  const questions = new Set(generator.questions.map((q) => q.key));
  const options: Record<string, string> = {};
  const set: string[] = [];
  for (const [key, value] of Object.entries(recorded)) {
    if (questions.has(key)) options[key] = value;
    else set.push(`${key}=${value}`);
  }
  return { options, set };
}

/**
 * Flags (question answers by key, `--set` items) given now, over recorded ones: what is given
 * wins, the recorded rest fills in.
 */
export function overRecorded(
  recorded: { options: Record<string, string>; set: string[] },
  given: { options: Record<string, string | undefined>; set: readonly string[] },
): { options: Record<string, string | undefined>; set: string[] } {
  const setKeys = new Set(given.set.map((item) => item.slice(0, item.indexOf('='))));
  const options: Record<string, string | undefined> = { ...recorded.options };
  for (const [key, value] of Object.entries(given.options)) if (value !== undefined) options[key] = value;
  // A question answered by `--set` now replaces its recorded answer too.
  for (const key of setKeys) delete options[key];
  return { options, set: [...recorded.set.filter((item) => !setKeys.has(item.slice(0, item.indexOf('=')))), ...given.set] };
}

/** The record file's text: a comment saying what it is, then the record as YAML. */
export function formatRecord(record: AnswerRecord): string {
  const head = [
    `# Answers of \`iacgen new ${record.generator}\` for ${artifactId(record.generator, record.name)}, recorded by iacgen ${record.iacgen}.`,
    `# \`iacgen update ${artifactId(record.generator, record.name)}\` renders the artifact again with these answers and`,
    '# merges the result with your edits; `files` is the base of that merge. Commit this file;',
    '# change answers with `iacgen update --set key=value`, not here. Secrets are never recorded.',
  ];
  return `${head.join('\n')}\n${stringify(record, { lineWidth: 0, blockQuote: 'literal' })}`;
}

/** A record for the files one run renders (the record file itself is not among them). */
export function buildRecord(input: {
  generator: GeneratorManifest;
  answers: Answers;
  set: readonly string[];
  targetRef: string | null;
  author: string;
  date: string;
  version: string;
  files: readonly RenderedFile[];
  /** Rendered paths the artifact does not own (see {@link recordSchema} `excluded`). */
  excluded?: readonly string[];
}): AnswerRecord {
  const { answers, unrecorded } = answersToRecord(input.generator, input.answers, input.set);
  return {
    version: 1,
    generator: input.generator.id,
    variant: input.answers.variant.id,
    target: input.targetRef,
    name: input.answers.name,
    author: input.author,
    date: input.date,
    iacgen: input.version,
    templates: templateDigest(input.generator.dir),
    answers,
    unrecorded,
    files: input.files.map((f) => ({ path: f.relPath, rendered: f.content })),
    excluded: [...(input.excluded ?? [])],
  };
}

/**
 * Reads and validates a record.
 * @param relPath repository-relative path (`.iacgen/answers/compose/x.yaml`)
 * @throws ConfigError (exit 2) naming the file, line and key when it is not a valid record
 */
export function readRecord(root: string, relPath: string): AnswerRecord {
  const source = readYamlSource(path.join(root, relPath), relPath);
  return parseWith(recordSchema, source, 'restore the file from git (git checkout -- <file>), or run `iacgen new` again for this artifact');
}

/** The record of an artifact, or undefined when it has none. @throws ConfigError as {@link readRecord} */
export function findRecord(root: string, generator: string, name: string): AnswerRecord | undefined {
  const rel = recordPath(generator, name);
  return existsSync(path.join(root, rel)) ? readRecord(root, rel) : undefined;
}

/** Artifact ids of every record under `root`, sorted (`compose/uptime-kuma`). */
export function listArtifacts(root: string): string[] {
  const dir = path.join(root, RECORDS_DIR);
  if (!existsSync(dir)) return [];
  const ids: string[] = [];
  for (const generator of readdirSync(dir, { withFileTypes: true })) {
    if (!generator.isDirectory()) continue;
    for (const file of readdirSync(path.join(dir, generator.name), { withFileTypes: true })) {
      if (file.isFile() && file.name.endsWith('.yaml')) ids.push(artifactId(generator.name, file.name.slice(0, -'.yaml'.length)));
    }
  }
  return ids.sort();
}
