/**
 * `iacgen update [artifact...] | --all`: renders recorded artifacts again with today's templates
 * and their recorded answers (`--set` changes answers), merges each file with the one on disk
 * (3-way, `git merge-file`: the user's edits survive, a line both changed is a conflict marked
 * inline), validates what merged cleanly, and writes everything all or nothing, records included.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Context } from '../context.js';
import { loadConfig } from '../config/load.js';
import { EXIT, UsageError } from '../errors.js';
import { NO_TARGET, resolveAnswers } from '../generate/answers.js';
import { conflictDiff, formatPlan, type PlannedFile } from '../generate/plan.js';
import { inquirerPrompter, type Prompter } from '../generate/prompter.js';
import { artifactId, recordPath } from '../generate/record-paths.js';
import { planRecord } from '../generate/record-plan.js';
import { buildRecord, listArtifacts, overRecorded, readRecord, recordToGiven, type AnswerRecord } from '../generate/recorded.js';
import { getGenerator } from '../generate/registry.js';
import { renderGenerator } from '../generate/render.js';
import { formatValidation } from '../generate/report.js';
import { writeAllOrNothing } from '../generate/transaction.js';
import { verifyRendered, type Verification } from '../generate/verify.js';
import { loadInventory } from '../inventory/load.js';
import type { Inventory } from '../inventory/schema.js';
import type { Settings } from '../config/schema.js';
import { droppedFiles, planUpdate, type UpdateRow } from '../update/plan.js';
import { fails } from '../verdict/fail-on.js';
import { VERSION } from '../version.js';
import { decideSandbox } from '../check/sandbox.js';
import { startSpinner } from './spinner.js';

/** The options of `iacgen update`. */
export interface UpdateFlags {
  all: boolean;
  set: string[];
  /** At a terminal, do not ask again the questions that have a recorded answer. */
  skipAnswered: boolean;
  yes: boolean;
  dir: string;
  dryRun: boolean;
  writeAnyway: boolean;
  json: boolean;
}

/** One artifact's update: its new record and plan rows. */
interface ArtifactUpdate {
  id: string;
  record: AnswerRecord;
  rows: UpdateRow[];
  dropped: string[];
}

/**
 * Runs `iacgen update`. Returns 0 when everything merged cleanly and validates, 1 when a merge
 * left conflicts (written with markers) or validation found errors (nothing written unless
 * accepted).
 * @throws UsageError (exit 2) for an unknown artifact, no artifact named, or a recorded answer no
 *   longer valid; ConfigError (exit 2) for a bad record or iacgen.yaml; WriteError (exit 1);
 *   InterruptedError (exit 130)
 */
export async function runUpdate(context: Context, wanted: string[], flags: UpdateFlags, prompter: Prompter = inquirerPrompter): Promise<number> {
  const root = path.resolve(context.cwd, flags.dir);
  if (!existsSync(root) || !statSync(root).isDirectory()) {
    throw new UsageError(`--dir '${flags.dir}' is not a directory`, 'pass the repository root');
  }
  const ids = selectArtifacts(listArtifacts(root), wanted, flags.all);
  const { settings } = loadConfig(root, context.cwd);
  const { inventory, source } = loadInventory(root, context.cwd);
  const inventorySource = source.kind === 'default' ? 'reference' : 'user';
  const updates: ArtifactUpdate[] = [];
    const interactive = context.interactive && !flags.yes && !flags.json;
  const asking = { interactive, skipAnswered: flags.skipAnswered, prompter };
  for (const id of ids) updates.push(await updateOne(root, id, flags.set, { inventory, inventorySource }, settings, asking));

  const rows = updates.flatMap((u) => u.rows);
  if (flags.dryRun) {
    const diffs = rows.filter((r) => r.action === 'overwrite').map((r) => conflictDiff(r));
    context.stdout.write(`Plan (dry run: nothing was written):\n${formatPlan(rows)}\n${diffs.map((d) => `\n${d}`).join('')}`);
    return EXIT.ok;
  }
  const sandbox = await decideSandbox({ env: context.env, strict: settings.strict });
  const spinner = flags.json ? undefined : await startSpinner(context, 'Validating updated files');
  // Files with conflict markers are not validated: they are the user's to finish.
  const checked = rows.filter((r) => r.conflicts === 0 && r.action !== 'skip');
  const kept = new Set(checked.filter((r) => r.action === 'unchanged').map((r) => r.file.relPath));
  const warnings: string[] = [];
  const verification = await verifyRendered(
    checked.map((r) => r.file),
    root,
    kept,
    { settings, inventory, sandbox, warn: (line) => warnings.push(line) },
  ).finally(() => spinner?.stop());
  for (const line of warnings) context.stderr.write(`${line}\n`);
  const invalid = [...verification.values()].some((f) => f.diagnostics.some((d) => fails(d.severity, settings.failOn)));
  let accepted = flags.writeAnyway;
  if (invalid && !accepted && interactive) {
    context.stdout.write(`${formatValidation(rows, verification)}\n`);
    accepted = await prompter.confirm('Validation found errors in the merged files. Write them anyway?', false);
  }
  const blocked = invalid && !accepted;
  const recordRows: PlannedFile[] = [];
  for (const u of updates) {
    const row = await planRecord(root, u.record);
    if (row) recordRows.push(row);
  }
  const written = blocked ? [] : await writeAllOrNothing([...rows, ...recordRows], root);
  const conflicts = rows.reduce((n, r) => n + r.conflicts, 0);
  if (flags.json) {
    context.stdout.write(`${JSON.stringify(jsonReport(updates, verification, blocked, written), null, 2)}\n`);
  } else {
    context.stdout.write(textReport(updates, verification, blocked, written, conflicts));
  }
  return conflicts > 0 || invalid ? EXIT.findings : EXIT.ok;
}

/**
 * The artifacts to update: those named (`compose/uptime-kuma`, or a bare name recorded once),
 * or every recorded one with `--all`.
 * @throws UsageError (exit 2) when nothing is named, a name is unknown or ambiguous
 */
export function selectArtifacts(recorded: readonly string[], wanted: readonly string[], all: boolean): string[] {
  if (all) {
    if (wanted.length > 0) throw new UsageError('--all updates every recorded artifact: name none with it', 'drop the names, or drop --all');
    if (recorded.length === 0) throw new UsageError('no recorded artifacts: .iacgen/answers/ is empty', 'artifacts are recorded by `iacgen new` (iacgen 0.1.0 and later)');
    return [...recorded];
  }
  if (wanted.length === 0) {
    throw new UsageError('name the artifacts to update, or pass --all', recorded.length > 0 ? `recorded: ${recorded.join(', ')}` : 'no artifact is recorded yet: `iacgen new` records them in .iacgen/answers/');
  }
  return wanted.map((name) => {
    const clean = name.replace(/\.yaml$/, '').replace(/^\.iacgen\/answers\//, '');
    if (recorded.includes(clean)) return clean;
    const matches = recorded.filter((id) => id.endsWith(`/${clean}`));
    if (matches.length === 1) return matches[0] as string;
    if (matches.length > 1) throw new UsageError(`'${name}' is ambiguous: ${matches.join(', ')}`, 'name it as <generator>/<name>');
    throw new UsageError(`no recorded artifact '${name}'`, recorded.length > 0 ? `recorded: ${recorded.join(', ')}` : 'no artifact is recorded yet: `iacgen new` records them in .iacgen/answers/');
  });
}

/** Renders one recorded artifact again and plans its merge. */
async function updateOne(
  root: string,
  id: string,
  set: readonly string[],
  { inventory, inventorySource }: { inventory: Inventory; inventorySource: 'reference' | 'user' },
  settings: Settings,
  asking: { interactive: boolean; skipAnswered: boolean; prompter: Prompter },
): Promise<ArtifactUpdate> {
  const [generatorId, name] = id.split('/') as [string, string];
  const record = readRecord(root, recordPath(generatorId, name));
  const generator = getGenerator(record.generator, root);
  const given = overRecorded(recordToGiven(generator, record.answers), { options: {}, set });
  // At a terminal each question is asked again with its recorded answer as the default, unless
  // --skip-answered; a question new in the templates is asked either way.
  const ask = asking.interactive && !asking.skipAnswered;
  const answers = await resolveAnswers(
    generator,
    inventory,
    {
      variant: record.variant,
      target: record.target ?? (generator.target === 'optional' ? NO_TARGET : undefined),
      name: record.name,
      options: ask ? {} : given.options,
      set: given.set,
      recorded: record.answers,
    },
    { interactive: asking.interactive, prompter: asking.prompter },
  ).catch((err: unknown) => {
    if (err instanceof UsageError) throw new UsageError(`${artifactId(generatorId, name)} (${recordPath(generatorId, name)}): ${err.message}`, err.hint ?? 'change the answer with --set key=value');
    throw err;
  });
  const rendering = renderGenerator(generator, answers, { inventory, root, dirs: settings.paths, inventorySource, author: record.author, date: record.date });
  const rows = await planUpdate(root, record, rendering.files, VERSION);
  const owned = rendering.files.filter((f) => !record.excluded.includes(f.relPath));
  const next = buildRecord({ generator, answers, set: given.set, targetRef: record.target, author: record.author, date: record.date, version: VERSION, files: owned, excluded: record.excluded });
  return { id, record: next, rows, dropped: droppedFiles(record, rendering.files) };
}

const ACTION_TEXT: Record<string, string> = { create: 'created', overwrite: 'updated', unchanged: 'unchanged', skip: 'skipped' };

function textReport(updates: readonly ArtifactUpdate[], verification: Verification, blocked: boolean, written: readonly PlannedFile[], conflicts: number): string {
  const done = new Set(written.map((r) => r.file.relPath));
  const out: string[] = [];
  for (const u of updates) {
    out.push(`${u.id}:`);
    for (const row of u.rows) {
      const action = row.action === 'overwrite' && !done.has(row.file.relPath) ? 'not written' : row.conflicts > 0 ? 'CONFLICT' : (ACTION_TEXT[row.action] ?? row.action);
      out.push(`  ${row.file.relPath} (${action}${row.reason ? `: ${row.reason}` : ''})`);
      const result = verification.get(row.file.relPath);
      for (const d of result?.diagnostics ?? []) out.push(`    ${row.file.relPath}:${d.line}:${d.column}: ${d.severity} ${d.rule} ${d.message} (${d.source})`);
    }
    for (const dropped of u.dropped) out.push(`  ${dropped} (no longer generated; left as it is)`);
  }
  out.push('');
  if (blocked) {
    out.push('Validation found errors in the merged files: nothing was written. Fix the answers (--set), or pass --write-anyway.');
  } else if (conflicts > 0) {
    out.push(`${conflicts} conflict${conflicts === 1 ? '' : 's'} marked inline: edit the files between <<<<<<< and >>>>>>>, then run iacgen validate and commit.`);
  } else {
    out.push('Updated: review with git diff, then commit (records in .iacgen/answers/ included).');
  }
  return `${out.join('\n')}\n`;
}

function jsonReport(updates: readonly ArtifactUpdate[], verification: Verification, blocked: boolean, written: readonly PlannedFile[]): object {
  const done = new Set(written.map((r) => r.file.relPath));
  return {
    version: 1,
    written: !blocked,
    artifacts: updates.map((u) => ({
      id: u.id,
      record: recordPath(u.record.generator, u.record.name),
      files: u.rows.map((row) => ({
        path: row.file.relPath,
        action: row.action === 'overwrite' && !done.has(row.file.relPath) ? 'not-written' : row.action,
        conflicts: row.conflicts,
        reason: row.reason ?? null,
        validation: verification.get(row.file.relPath) ? { diagnostics: verification.get(row.file.relPath)?.diagnostics ?? [] } : null,
      })),
      dropped: u.dropped,
    })),
  };
}
