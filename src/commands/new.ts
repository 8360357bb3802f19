/**
 * `iacgen new <generator>`: answers -> rendered files -> plan -> conflicts resolved ->
 * verification -> all-or-nothing write -> report. Nothing is written on a conflict nobody
 * resolved, on validation errors nobody accepted, or on a dry run.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { decideSandbox, type SandboxDecision } from '../check/sandbox.js';
import type { Settings } from '../config/schema.js';
import type { Context } from '../context.js';
import { loadConfig } from '../config/load.js';
import { EXIT, UsageError } from '../errors.js';
import { questionFlag } from '../generate/answers.js';
import { authorName } from '../generate/author.js';
import { resolveConflicts } from '../generate/conflicts.js';
import { conflictDiff, formatPlan, planFiles } from '../generate/plan.js';
import { inquirerPrompter, type Prompter } from '../generate/prompter.js';
import { SERVICE_GENERATORS } from '../generate/options.js';
import { getGenerator } from '../generate/registry.js';
import { renderGenerator } from '../generate/render.js';
import { formatNewJson, formatNewReport, formatValidation } from '../generate/report.js';
import { writeAllOrNothing } from '../generate/transaction.js';
import { syncInventory } from '../generate/inventory-sync/index.js';
import { warmProbes } from '../generate/warm.js';
import { loadInventory } from '../inventory/load.js';
import { fails } from '../verdict/fail-on.js';
import { startSpinner } from './spinner.js';
import { buildRecord } from '../generate/recorded.js';
import { artifactId, recordPath } from '../generate/record-paths.js';
import { planRecord, resolveWithRecord } from '../generate/record-plan.js';
import { guestRef } from '../inventory/guests.js';
import { VERSION } from '../version.js';

/** The options of `iacgen new <generator>` (question flags arrive camelCased, as commander gives them). */
export interface NewFlags {
  target?: string;
  service?: string;
  variant?: string;
  name?: string;
  set: string[];
  yes: boolean;
  dir: string;
  force: boolean;
  skipExisting: boolean;
  dryRun: boolean;
  writeAnyway: boolean;
  json: boolean;
  /** `new inventory --update`: merge iacgen.yaml into the existing inventory file. */
  update?: boolean;
  /** `--into <file>`: insert into this existing file (compose, role). */
  into?: string;
  /** YYYY-MM-DD for the headers (default: today, or SOURCE_DATE_EPOCH). */
  date?: string;
  [question: string]: unknown;
}

/** commander's property for a flag: `host-port` -> `hostPort`. */
export function flagProperty(flag: string): string {
  return flag.replace(/-([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}

/**
 * Runs `iacgen new <generatorId>`; returns 0 when written and valid, 1 when validation found
 * errors (written only if accepted).
 * @throws UsageError (exit 2) for bad answers or a bad --dir; ConfigError (exit 2) for a bad iacgen.yaml;
 *   ConflictError/AbortError/WriteError (exit 1); InterruptedError (exit 130)
 */
export async function runNew(context: Context, generatorId: string, flags: NewFlags, prompter: Prompter = inquirerPrompter): Promise<number> {
  const root = path.resolve(context.cwd, flags.dir);
  if (!existsSync(root) || !statSync(root).isDirectory()) {
    throw new UsageError(`--dir '${flags.dir}' is not a directory`, 'create it first (mkdir -p) or pass the repository root');
  }
  const date = headerDate(context, flags.date);
  const interactive = context.interactive && !flags.yes && !flags.json;
  const generator = getGenerator(generatorId, root);
  const { settings } = loadConfig(root, context.cwd);
  // The verification's checker processes and their modules start now, while the answers are
  // resolved and the files rendered: its probes (sandbox, Compose) run on another core meanwhile.
  const early = startVerification(context, generator.id, settings, flags.dryRun);
  const authoring = settings.author === undefined ? authorName(root, context.env) : undefined;
  authoring?.catch(() => undefined); // awaited below; not an unhandled rejection meanwhile
  const { inventory, source } = loadInventory(root, context.cwd);
  const options: Record<string, string | undefined> = {};
  for (const question of generator.questions) {
    const value = flags[flagProperty(questionFlag(question))];
    if (value !== undefined) options[question.key] = String(value);
  }
  const given = {
    variant: flags.variant ?? flags.service,
    variantFlag: flags.variant === undefined && (flags.service !== undefined || SERVICE_GENERATORS.has(generator.id)) ? '--service' : '--variant',
    target: flags.target,
    name: flags.name,
    options,
    set: flags.set,
  };
  const { answers, set, reused, record: earlier } = await resolveWithRecord(root, generator, inventory, given, { interactive, prompter });
  if (earlier && reused.length > 0) {
    context.stderr.write(`note: reused answers recorded in ${earlier}: ${reused.join(', ')} (iacgen update ${artifactId(generator.id, answers.name)} merges a template change with your edits)\n`);
  }
  const author = settings.author ?? (await (authoring ?? authorName(root, context.env)));
  const rendered = renderGenerator(generator, answers, { inventory, root, dirs: settings.paths, inventorySource: source.kind === 'default' ? 'reference' : 'user', author, date });
  const into = flags.into === undefined ? undefined : await (await import('../generate/into/index.js')).applyInto(rendered, { into: flags.into, cwd: context.cwd, root, answers, date });
  const rendering = into?.rendering ?? rendered;

  // The inventory file, when it exists, is brought in step instead of skipped (inventory-sync/).
  const found = syncInventory(await planFiles(rendering.files, root, into?.inserted), { generator: generator.id, target: answers.target?.name, update: Boolean(flags.update) });
  if (flags.dryRun) {
    const diffs = found.filter((r) => r.action === 'conflict' || r.action === 'insert' || r.action === 'update').map(conflictDiff);
    context.stdout.write(`Plan (dry run: nothing was written):\n${formatPlan(found)}\n${diffs.map((d) => `\n${d}`).join('')}`);
    return EXIT.ok;
  }
  const plan = await resolveConflicts(found, { force: flags.force, skipExisting: flags.skipExisting, interactive, prompter, out: context.stdout });

  // The sandbox as validate's: from the environment only (IACGEN_SANDBOX), never from iacgen.yaml.
  const { verifyRendered, sandbox, probed } = await early.ready();
  const warnings: string[] = [];
  const spinner = flags.json ? undefined : await startSpinner(context, 'Validating generated files');
  const kept = new Set(plan.filter((r) => r.action === 'skip' || r.action === 'unchanged').map((r) => r.file.relPath));
  // The repository's settings and inventory, never whatever lies around the temporary folder.
  const verification = await verifyRendered(plan.map((r) => r.file), root, kept, { settings, inventory, sandbox, probed, warn: (line) => warnings.push(line) }).finally(() => spinner?.stop());
  for (const line of warnings) context.stderr.write(`${line}\n`);
  // `failOn: warning` in iacgen.yaml holds generated files to it too.
  const invalid = [...verification.values()].some((f) => f.diagnostics.some((d) => fails(d.severity, settings.failOn)));
  let accepted = flags.writeAnyway;
  if (invalid && !accepted && interactive) {
    context.stdout.write(`${formatValidation(plan, verification)}\n`);
    accepted = await prompter.confirm(`Validation found ${settings.failOn === 'warning' ? 'errors or warnings (failOn: warning)' : 'errors'}. Write the files anyway?`, false);
  }
  const blocked = invalid && !accepted;
  // With --into, the artifact owns only the files it wrote whole (a role's own files): the file
  // inserted into stays the user's, and what went into it is not updated later.
  const owned = rendering.files.filter((f) => !into?.inserted.has(f.relPath));
  const excluded = rendered.files.map((f) => f.relPath).filter((p) => !owned.some((f) => f.relPath === p));
  const record = buildRecord({ generator, answers, set, targetRef: answers.target ? guestRef(answers.target) : null, author, date, version: VERSION, files: owned, excluded });
  const recordRow = owned.length > 0 ? await planRecord(root, record) : undefined;
  const written = blocked ? [] : await writeAllOrNothing(recordRow ? [...plan, recordRow] : plan, root);
  const recorded = blocked || owned.length === 0 ? undefined : recordPath(generator.id, answers.name);
  const report = { plan, written, verification, rendering, answers, inventorySource: source, blocked, failOn: settings.failOn, root, cwd: context.cwd, recorded };
  context.stdout.write(flags.json ? formatNewJson(report) : formatNewReport(report));
  return invalid ? EXIT.findings : EXIT.ok;
}

/** What the verification needs, started early by {@link startVerification}. */
interface EarlyVerification {
  /**
   * Waits for the modules, the sandbox decision and the probes.
   * @throws UsageError (exit 2) for a bad IACGEN_SANDBOX, or under --strict without a sandbox
   */
  ready(): Promise<{ verifyRendered: typeof import('../generate/verify.js').verifyRendered; sandbox: SandboxDecision; probed: ReadonlySet<string> }>;
}

/**
 * Starts what the verification waits on, in parallel: the sandbox probe (`check/sandbox.ts`),
 * the generator's checker probes (`generate/warm.ts`) and the validate engine's modules. A dry
 * run verifies nothing and starts nothing. Errors surface from `ready`, where the sandbox was
 * decided before (after the conflicts are resolved), never earlier.
 */
function startVerification(context: Context, generatorId: string, settings: Settings, dryRun: boolean): EarlyVerification {
  if (dryRun) return { ready: () => Promise.reject(new Error('a dry run verifies nothing')) };
  // First: the probe of the sandbox (bwrap, two calls) is the longest of these.
  const sandbox = decideSandbox({ env: context.env, strict: settings.strict });
  const probed = warmProbes(generatorId, settings);
  const verify = import('../generate/verify.js');
  sandbox.catch(() => undefined); // awaited in ready(); not an unhandled rejection meanwhile
  verify.catch(() => undefined);
  return { ready: async () => ({ verifyRendered: (await verify).verifyRendered, sandbox: await sandbox, probed: await probed }) };
}

/** The header date: --date, else the context clock (which honours SOURCE_DATE_EPOCH). */
function headerDate(context: Context, given: string | undefined): string {
  if (given === undefined) return context.now().toISOString().slice(0, 10);
  const valid = /^\d{4}-\d{2}-\d{2}$/.test(given) && new Date(`${given}T00:00:00Z`).toISOString().startsWith(given);
  if (!valid) throw new UsageError(`invalid value '${given}' for --date: it must be a date as YYYY-MM-DD`, 'for example --date 2026-11-21');
  return given;
}

