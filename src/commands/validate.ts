/** `iacgen validate`: run the engine, print or write the chosen report, pick the exit code. */
import type { ValidateFlags } from '../cli.js';
import type { Context } from '../context.js';
import { EXIT, UsageError } from '../errors.js';
import { loadReporter } from '../report/index.js';
import { summaryLine } from '../report/pretty.js';
import { failsRun, type FailOn } from '../verdict/fail-on.js';
import { loadConfig } from '../config/load.js';
import { startSpinner } from './spinner.js';
import { validate, type ValidateOptions } from '../validate/engine.js';
import { stagedFiles, validateStaged } from '../validate/staged.js';
import { decideSandbox, unsandboxedWarning, type SandboxDecision } from '../check/sandbox.js';
import type { ValidationResult } from '../check/types.js';
import { repositoryBaseline } from '../baseline/locate.js';
import { staleNote } from '../report/baseline.js';
import { repositoryTop } from '../util/repository.js';
import { outputTarget, writeReport } from '../report/output.js';
import { parseShard } from '../validate/select.js';

/**
 * Runs `iacgen validate`; returns 1 when a finding reaches the `--fail-on` severity (`failOn` in
 * iacgen.yaml, else `error`), else 0. `--strict` or `strict: true` in iacgen.yaml make every
 * checker required and a missing environment an error. With `--output FILE` the report
 * goes to FILE (written whole or not at all) and stdout gets only the summary line. Checkers that
 * can run the repository's code run in the sandbox (`check/sandbox.ts`) unless `--no-sandbox` or
 * `IACGEN_SANDBOX=off`; without one, they run unsandboxed with a warning, or not at all with `--strict`.
 * The repository's baseline (`.iacgen-baseline.json`, unless `--no-baseline`; with `--staged` the
 * index's copy) sets its findings apart: they never fail the run.
 * @throws UsageError (exit 2) when the report cannot be written to `--output`, or with `--strict`
 *   when the sandbox cannot start, or when the baseline file is unusable
 */
export async function runValidate(context: Context, paths: string[], flags: ValidateFlags): Promise<number> {
  if (flags.staged && paths.length > 0) {
    throw new UsageError('--staged checks every staged file: give either --staged or paths, not both');
  }
  if (flags.staged && (flags.changedSince !== undefined || flags.shard !== undefined)) {
    throw new UsageError(`--staged checks the staged files: it does not take ${flags.changedSince !== undefined ? '--changed-since' : '--shard'}`, 'give --staged alone (the pre-commit hook), or --changed-since/--shard in CI');
  }
  const shard = flags.shard === undefined ? undefined : parseShard(flags.shard);
  if (flags.shard !== undefined && !shard) throw new UsageError(`--shard ${flags.shard}: expected i/n with 1 <= i <= n (e.g. --shard 2/3)`, 'give the part and the number of parts, e.g. --shard 1/3 in the first of three CI jobs');
  const part = { ...(flags.changedSince !== undefined ? { changedSince: flags.changedSince } : {}), ...(shard ? { shard } : {}) };
  const output = flags.output === undefined ? undefined : await outputTarget(context.cwd, flags.output);
  const reporter = await loadReporter(flags.format);
  if (flags.fix) {
    if (flags.staged) throw new UsageError('--fix writes the working tree, --staged checks the index: give one of them');
    // The fix plan first, then the validation of the fixed tree, reported as usual.
    const { runFix } = await import('./fix.js');
    await runFix(context, paths, { dryRun: false, unsafe: false, only: flags.only, skip: flags.skip, ...(flags.sandbox === false ? { sandbox: false } : {}) });
    context.stdout.write('\n');
  }
  // Commander gives `cache: false` for --no-cache; a caller that leaves it out gets the cache.
  const common = { only: flags.only, skip: flags.skip, cache: flags.cache !== false };
  let result: ValidationResult;
  let failOn: FailOn = flags.failOn ?? 'error';
  if (flags.staged) {
    const staged = await stagedFiles(context.cwd);
    if (staged.files.length === 0) {
      context.stdout.write('nothing staged: no files to check\n');
      return EXIT.ok;
    }
    // The hook prints only findings and the summary: no spinner, and the staged iacgen.yaml decides.
    // The copy of the index uses the repository's own cache: unchanged staged files are not re-checked.
    // The export holds the index's iacgen.yaml (if staged) and has a .git of its own, so the
    // look-up stops there: never the working tree's copy, never a file above the temporary folder.
    result = await validateStaged(context.cwd, staged, async (stageCwd, stagedPaths) => {
      const { settings } = loadConfig(stageCwd, { staged: true });
      failOn = flags.failOn ?? settings.failOn;
      const strict = flags.strict || settings.strict;
      const sandbox = await sandboxFor(context, flags, strict);
      // The index's baseline when it has one (see baseline/locate.ts), matched on the staged content.
      const baseline = flags.baseline === false ? undefined : await repositoryBaseline(context.cwd, repositoryTop(stageCwd));
      const gitRoot = repositoryTop(stageCwd);
      return validate({ cwd: stageCwd, paths: stagedPaths, pathsListed: true, settings, strict, ...common, cacheRoot: staged.root, sandbox, ...(gitRoot ? { gitRoot } : {}), ...(baseline ? { baseline } : {}) });
    }, context.env, (exported) => {
      if (context.env.IACGEN_DEBUG === '1') context.stderr.write(`iacgen: staged check: exported ${exported.whole ? 'the whole index' : `${exported.paths.size} files of the index`} (${exported.rounds} rounds)\n`);
    });
  } else {
    const { settings } = loadConfig(context.cwd);
    failOn = flags.failOn ?? settings.failOn;
    const strict = flags.strict || settings.strict;
    const sandbox = await sandboxFor(context, flags, strict);
    const baseline = flags.baseline === false ? undefined : await repositoryBaseline(context.cwd);
    result = await withProgress(context, (onProgress) =>
      validate({ cwd: context.cwd, paths, settings, strict, ...common, ...part, sandbox, ...(onProgress ? { onProgress } : {}), ...(baseline ? { baseline } : {}) }),
    );
  }
  warnUnsandboxed(context, result);
  const color = Boolean(context.stdout.isTTY) && !context.env.NO_COLOR;
  if (output) {
    await writeReport(output, reporter(result, { color: false }));
    context.stdout.write(`${summaryLine(result, { color, failOn })}\n`);
    const stale = staleNote(result);
    if (stale) context.stdout.write(`${stale}\n`);
  } else {
    context.stdout.write(reporter(result, { color, brief: flags.staged, failOn, showBaseline: flags.showBaseline }));
  }
  return failsRun(result, failOn) ? EXIT.findings : EXIT.ok;
}

/**
 * The run's sandbox, decided from `--no-sandbox` and the process environment only (never from
 * iacgen.yaml: a hostile repository must not switch it off).
 * @throws UsageError (exit 2) with `strict` when the sandbox cannot start
 */
function sandboxFor(context: Context, flags: ValidateFlags, strict: boolean): Promise<SandboxDecision> {
  return decideSandbox({ ...(flags.sandbox === false ? { flag: false } : {}), env: context.env, strict });
}

/** Says once on stderr, in one line, that the sandbox could not start (see {@link unsandboxedWarning}). */
function warnUnsandboxed(context: Context, result: ValidationResult): void {
  const warning = unsandboxedWarning(result);
  if (warning) context.stderr.write(`${warning}\n`);
}

/** Runs `work` with a spinner on a terminal, stopped before anything else is printed. */
async function withProgress(context: Context, work: (onProgress?: ValidateOptions['onProgress']) => Promise<ValidationResult>): Promise<ValidationResult> {
  const progress = await startSpinner(context, 'checking files');
  try {
    return await work(progress ? (done, total) => progress.update(`checked ${done}/${total} files`) : undefined);
  } finally {
    progress?.stop();
  }
}
