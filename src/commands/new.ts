/**
 * `iacgen new <generator>`: answers -> rendered files -> verification -> plan -> write -> report.
 * Nothing is written when a file conflicts or when validation finds errors (unless the user says
 * so with --force / --write-anyway).
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import type { NewFlags } from '../cli.js';
import type { Context } from '../context.js';
import { EXIT, UsageError } from '../errors.js';
import { resolveAnswers } from '../generate/answers.js';
import { inquirerPrompter, type Prompter } from '../generate/prompter.js';
import { getGenerator } from '../generate/registry.js';
import { renderGenerator } from '../generate/render.js';
import { formatNewReport } from '../generate/report.js';
import { verifyRendered } from '../generate/verify.js';
import { planWrites, writePlan } from '../generate/write.js';
import { loadInventory } from '../inventory/load.js';

/**
 * Runs `iacgen new <generatorId>`; returns 0 when written and valid, 1 when blocked by a conflict
 * or by validation errors.
 * @throws UsageError (exit 2) for bad answers or a bad --dir; ConfigError (exit 2) for a bad iacgen.yaml
 */
export async function runNew(context: Context, generatorId: string, flags: NewFlags, prompter: Prompter = inquirerPrompter): Promise<number> {
  const root = path.resolve(context.cwd, flags.dir);
  if (!existsSync(root) || !statSync(root).isDirectory()) {
    throw new UsageError(`--dir '${flags.dir}' is not a directory`, 'create it first (mkdir -p) or pass the repository root');
  }
  const generator = getGenerator(generatorId);
  const { inventory, source } = loadInventory(root, context.cwd);
  const answers = await resolveAnswers(
    generator,
    inventory,
    { service: flags.service ?? flags.variant, target: flags.target, name: flags.name },
    { interactive: context.interactive && !flags.yes, prompter },
  );
  const rendering = renderGenerator(generator, answers, {
    inventory,
    root,
    author: await authorName(root, context.env),
    date: context.now().toISOString().slice(0, 10),
  });

  const plan = await planWrites(rendering.files, root, flags.force);
  const conflicts = plan.filter((row) => row.action === 'conflict');
  if (conflicts.length > 0) {
    for (const row of conflicts) context.stderr.write(`iacgen: ${row.file.relPath} already exists with other content\n`);
    context.stderr.write('  nothing was written; pass --force to overwrite, or choose another --name\n');
    return EXIT.findings;
  }

  const kept = new Set(plan.filter((r) => r.action === 'keep' || r.action === 'unchanged').map((r) => r.file.relPath));
  const spinner = await startSpinner(context, 'Validating generated files');
  const verification = await verifyRendered(rendering.files, root, kept).finally(() => spinner?.stop());
  const invalid = [...verification.values()].some((f) => f.diagnostics.some((d) => d.severity === 'error'));
  const written = invalid && !flags.writeAnyway ? [] : await writePlan(plan, root);

  context.stdout.write(
    formatNewReport({ plan, written, verification, rendering, answers, inventorySource: source, blocked: invalid && !flags.writeAnyway }),
  );
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
