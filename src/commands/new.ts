/**
 * `iacgen new <generator>`: answers -> rendered files -> plan -> conflicts resolved ->
 * verification -> all-or-nothing write -> report. Nothing is written on a conflict nobody
 * resolved, on validation errors nobody accepted, or on a dry run.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import type { NewFlags } from '../cli.js';
import type { Context } from '../context.js';
import { EXIT, UsageError } from '../errors.js';
import { resolveAnswers } from '../generate/answers.js';
import { resolveConflicts } from '../generate/conflicts.js';
import { conflictDiff, formatPlan, planFiles } from '../generate/plan.js';
import { inquirerPrompter, type Prompter } from '../generate/prompter.js';
import { getGenerator } from '../generate/registry.js';
import { renderGenerator } from '../generate/render.js';
import { formatNewReport, formatValidation } from '../generate/report.js';
import { writeAllOrNothing } from '../generate/transaction.js';
import { verifyRendered } from '../generate/verify.js';
import { loadInventory } from '../inventory/load.js';

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
  const interactive = context.interactive && !flags.yes;
  const generator = getGenerator(generatorId);
  const { inventory, source } = loadInventory(root, context.cwd);
  const answers = await resolveAnswers(
    generator,
    inventory,
    { service: flags.service ?? flags.variant, target: flags.target, name: flags.name },
    { interactive, prompter },
  );
  const rendering = renderGenerator(generator, answers, {
    inventory,
    root,
    author: await authorName(root, context.env),
    date: context.now().toISOString().slice(0, 10),
  });

  const found = await planFiles(rendering.files, root);
  if (flags.dryRun) {
    const diffs = found.filter((r) => r.action === 'conflict').map(conflictDiff);
    context.stdout.write(`Plan (dry run: nothing was written):\n${formatPlan(found)}\n${diffs.map((d) => `\n${d}`).join('')}`);
    return EXIT.ok;
  }
  const plan = await resolveConflicts(found, { force: flags.force, skipExisting: flags.skipExisting, interactive, prompter, out: context.stdout });

  const spinner = await startSpinner(context, 'Validating generated files');
  const verification = await verifyRendered(rendering.files, root, new Set(plan.filter((r) => r.action === 'skip' || r.action === 'unchanged').map((r) => r.file.relPath))).finally(() => spinner?.stop());
  const invalid = [...verification.values()].some((f) => f.diagnostics.some((d) => d.severity === 'error'));
  let accepted = flags.writeAnyway;
  if (invalid && !accepted && interactive) {
    context.stdout.write(`${formatValidation(plan, verification)}\n`);
    accepted = await prompter.confirm('Validation found errors. Write the files anyway?', false);
  }
  const blocked = invalid && !accepted;
  const written = blocked ? [] : await writeAllOrNothing(plan, root);
  context.stdout.write(formatNewReport({ plan, written, verification, rendering, answers, inventorySource: source, blocked }));
  return invalid ? EXIT.findings : EXIT.ok;
}

/** `git config user.name` in the repository, else $USER, else `iacgen`. */
async function authorName(root: string, env: NodeJS.ProcessEnv): Promise<string> {
  const git = await execa('git', ['config', 'user.name'], { cwd: root, reject: false, stdin: 'ignore' });
  const name = git.exitCode === 0 ? String(git.stdout).trim() : '';
  return name || env.USER || 'iacgen';
}

/** An ora spinner on a terminal only (ora itself is loaded lazily: start-up time). */
async function startSpinner(context: Context, text: string): Promise<{ stop(): void } | undefined> {
  if (!context.stderr.isTTY || context.env.CI) return undefined;
  const { default: ora } = await import('ora');
  return ora({ text, stream: process.stderr }).start();
}
