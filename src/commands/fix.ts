/**
 * `iacgen fix [paths...]`: validate -> fixes computed in memory (`src/fix/engine.ts`) -> each fixed
 * file validated again on a staged copy -> plan -> all-or-nothing write (or, with `--dry-run`, the
 * diffs and nothing written). `iacgen validate --fix` runs this first.
 */
import path from 'node:path';
import { execa } from 'execa';
import type { Context } from '../context.js';
import { loadConfig } from '../config/load.js';
import { decideSandbox, unsandboxedWarning } from '../check/sandbox.js';
import { EXIT } from '../errors.js';
import { computeFixes, type FileFix } from '../fix/engine.js';
import { fixDiff, fixSummary, fixTotals, formatFixPlan } from '../fix/plan.js';
import { revalidate } from '../fix/verify.js';
import { authorName } from '../generate/author.js';
import { planFiles, type PlannedFile } from '../generate/plan.js';
import { writeAllOrNothing } from '../generate/transaction.js';
import { findConfigFile, loadInventory } from '../inventory/load.js';
import { validate } from '../validate/engine.js';
import type { FailOn } from '../verdict/fail-on.js';
import { startSpinner } from './spinner.js';
import { readFile } from 'node:fs/promises';
import { TEXT_FIXERS } from '../fix/fixers.js';
import { fixKey, type FixContext } from '../fix/types.js';
import { inquirerPrompter, type Prompter } from '../generate/prompter.js';
import type { ValidationResult } from '../check/types.js';

/** The finding a header fix repairs, which may need the user's Purpose. */
const HEADER_MISSING = 'iacgen:header-missing';

/** The options of `iacgen fix`. */
export interface FixFlags {
  /** Print the plan and the diffs; write nothing. */
  dryRun: boolean;
  /** Apply the fixers that change what runs too (`safety: 'unsafe'`). */
  unsafe: boolean;
  /** Purpose for a new header block. */
  purpose?: string;
  /** Checker ids to run (the findings of the others are neither seen nor fixed). */
  only: string[];
  skip: string[];
  /** false for `--no-sandbox`. */
  sandbox?: boolean;
  /** The lowest severity that makes the run exit 1 (default: `failOn` in iacgen.yaml, else `error`). */
  failOn?: FailOn;
}

/**
 * Runs `iacgen fix`. Returns 0 when the fixes were written (or there was nothing to fix) and no
 * finding is left at the fail-on severity, 1 when some are (a dry run counts what would be left).
 * @throws UsageError / ConfigError (exit 2) as `iacgen validate`; WriteError (exit 1) when a write
 *   fails (every file written is rolled back); InterruptedError (128 + signal) on Ctrl-C
 */
export async function runFix(context: Context, paths: string[], flags: FixFlags, prompter: Prompter = inquirerPrompter): Promise<number> {
  const { settings } = loadConfig(context.cwd);
  const failOn = flags.failOn ?? settings.failOn;
  const sandbox = await decideSandbox({ ...(flags.sandbox === false ? { flag: false } : {}), env: context.env, strict: settings.strict });
  const root = await repositoryRoot(context.cwd);
  const loaded = loadInventory(context.cwd);
  const inventory = loaded.source.kind === 'file' ? loaded.inventory : undefined;
  const warnings = new Set<string>();
  const fixContext: FixContext = {
    root,
    author: settings.author ?? (await authorName(root, context.env)),
    date: context.now().toISOString().slice(0, 10),
    ...(flags.purpose !== undefined ? { purpose: flags.purpose } : {}),
  };
  let spinner = await startSpinner(context, 'checking files');
  const result = await validate({ cwd: context.cwd, paths, settings, strict: settings.strict, only: flags.only, skip: flags.skip, sandbox }).finally(() => spinner?.stop());
  const warning = unsandboxedWarning(result);
  if (warning) warnings.add(warning);
  // At a terminal, a header the file gives no Purpose for is asked for, file by file.
  if (context.interactive && flags.purpose === undefined) {
    const answers = await askPurposes(result, root, fixContext, prompter);
    fixContext.purposeFor = (relPath) => answers.get(relPath);
  }
  let fixes: FileFix[];
  spinner = await startSpinner(context, 'fixing files');
  try {
    fixes = await computeFixes(result, {
      root,
      unsafe: flags.unsafe,
      context: fixContext,
      revalidate: (files) =>
        revalidate(files, { root, settings, hasConfigFile: findConfigFile(context.cwd) !== undefined, only: flags.only, skip: flags.skip, sandbox, warn: (line) => warnings.add(line), ...(inventory ? { inventory } : {}) }),
    });
  } finally {
    spinner?.stop();
  }
  for (const line of warnings) context.stderr.write(`${line}\n`);
  if (fixes.length === 0) {
    context.stdout.write('nothing to fix: no findings\n');
    return EXIT.ok;
  }
  const changed = fixes.filter((f) => f.fixed !== f.original);
  if (flags.dryRun) {
    const diffs = changed.map((f) => `\n${fixDiff(f)}`).join('');
    context.stdout.write(`Fix plan (dry run: nothing was written):\n${formatFixPlan(fixes)}\n${diffs}\n${fixSummary(fixTotals(fixes, failOn), failOn, true)}\n`);
    return fixTotals(fixes, failOn).failing > 0 ? EXIT.findings : EXIT.ok;
  }
  await write(changed, root);
  context.stdout.write(`Fix plan:\n${formatFixPlan(fixes)}\n\n${fixSummary(fixTotals(fixes, failOn), failOn, false)}\n`);
  return fixTotals(fixes, failOn).failing > 0 ? EXIT.findings : EXIT.ok;
}

/**
 * Writes the fixed files all or nothing, each over the file it was computed from. A file that
 * changed on disk since it was read keeps the other writer's text: its fix is dropped (said in
 * the plan), the others go on.
 * @throws UsageError (exit 2) when a path leads outside the repository through a symbolic link;
 *   WriteError (exit 1) after the rollback
 */
async function write(changed: FileFix[], root: string): Promise<void> {
  const rendered = changed.map((f) => ({ key: f.relPath, relPath: f.relPath, content: f.fixed, mode: 0o644, ifExists: 'error' as const }));
  const plan = await planFiles(rendered, root);
  const rows: PlannedFile[] = [];
  for (const row of plan) {
    const fix = changed.find((f) => f.relPath === row.file.relPath);
    if (!fix) continue;
    if (row.current !== fix.original) {
      fix.refused.push({ fixer: fix.steps.map((s) => s.id).join(' + '), reason: 'dropped: the file changed on disk while iacgen fix ran; run it again' });
      fix.left = fix.left.concat(fix.handled);
      fix.handled = [];
      fix.fixed = fix.original;
      fix.repaired = 0;
      fix.steps = [];
      continue;
    }
    rows.push({ ...row, action: 'overwrite' });
  }
  await writeAllOrNothing(rows, root);
}

/** The longest Purpose a prompt takes (a header line, not a paragraph), in characters. */
const PURPOSE_MAX = 200;

/**
 * Asks, file by file, for the Purpose of each header the fixers would add but cannot, for want
 * of one in the file itself (the fixers of `iacgen:header-missing` are tried first without it).
 * An empty answer leaves that file's header out. @returns answers by path relative to `root`
 */
async function askPurposes(result: ValidationResult, root: string, base: FixContext, prompter: Prompter): Promise<Map<string, string>> {
  const answers = new Map<string, string>();
  const fixers = TEXT_FIXERS.filter((f) => f.handles.includes(HEADER_MISSING));
  for (const file of result.files) {
    const findings = file.diagnostics.filter((d) => fixKey(d) === HEADER_MISSING);
    const fixer = fixers.find((f) => f.fileTypes.includes(file.type));
    if (findings.length === 0 || !fixer) continue;
    const relPath = path.relative(root, file.absPath).split(path.sep).join('/');
    const text = await readFile(file.absPath, 'utf8').catch(() => undefined);
    if (text === undefined || relPath.startsWith('../')) continue;
    if (fixer.apply({ absPath: file.absPath, relPath, type: file.type, text }, findings, base) !== undefined) continue;
    const answer = await prompter.input(`Purpose of ${relPath} (one line for its header; empty: no header)`, '', (value) =>
      value.includes('\n') ? 'one line, please' : value.length > PURPOSE_MAX ? `at most ${PURPOSE_MAX} characters` : true,
    );
    if (answer.trim() !== '') answers.set(relPath, answer.trim());
  }
  return answers;
}

/** The git work tree's top folder holding `cwd`, or `cwd` itself outside git (as the validate engine decides). */
async function repositoryRoot(cwd: string): Promise<string> {
  const git = await execa('git', ['rev-parse', '--show-toplevel'], { cwd, reject: false, stdin: 'ignore' });
  return git.exitCode === 0 ? path.resolve(String(git.stdout).trim()) : cwd;
}
