/**
 * `iacgen baseline`: run validate's engine and write every current finding to
 * `.iacgen-baseline.json` at the repository root, so `iacgen validate` fails only on new ones.
 */
import path from 'node:path';
import type { BaselineFlags } from '../cli.js';
import type { Context } from '../context.js';
import { EXIT, UsageError } from '../errors.js';
import { filesByPath, judges, keyFindings } from '../baseline/apply.js';
import { readBaseline, writeBaseline, type Baseline } from '../baseline/file.js';
import { baselinePath } from '../baseline/locate.js';
import { entriesFor, entryTotal } from '../baseline/match.js';
import { decideSandbox, unsandboxedWarning } from '../check/sandbox.js';
import { loadConfig } from '../config/load.js';
import { displayPath } from '../util/paths.js';
import { validate } from '../validate/engine.js';
import { startSpinner } from './spinner.js';

/**
 * Runs `iacgen baseline [paths...]`; returns 0 once the file is written. Entries this run could
 * not judge (files outside `paths`, checkers left out by `--only`/`--skip`, missing or skipped)
 * are kept from the previous file; the others are replaced by what the run found. Prints
 * `wrote .iacgen-baseline.json: N findings in M files`.
 * @throws UsageError (exit 2) outside a git repository, when validate's options are wrong, when
 *   the previous file is unusable and entries of it must be kept (a run on paths or with
 *   `--only`/`--skip`), or when the file cannot be written
 */
export async function runBaseline(context: Context, paths: string[], flags: BaselineFlags): Promise<number> {
  const file = baselinePath(context.cwd);
  if (file === undefined) throw new UsageError('iacgen baseline writes .iacgen-baseline.json at the top of a git repository, and this is not one', 'run it inside the repository');
  const root = path.dirname(file);
  const shown = displayPath(file, context.cwd);
  const whole = paths.length === 0 && path.resolve(context.cwd) === root;
  const previous = await previousBaseline(file, shown, whole && flags.only.length === 0 && flags.skip.length === 0);
  const { settings } = loadConfig(context.cwd);
  const strict = flags.strict || settings.strict;
  const sandbox = await decideSandbox({ ...(flags.sandbox === false ? { flag: false } : {}), env: context.env, strict });
  const progress = await startSpinner(context, 'checking files');
  const result = await validate({
    cwd: context.cwd,
    paths,
    settings,
    strict,
    only: flags.only,
    skip: flags.skip,
    cache: flags.cache !== false,
    sandbox,
    ...(progress ? { onProgress: (done: number, total: number) => progress.update(`checked ${done}/${total} files`) } : {}),
  }).finally(() => progress?.stop());
  const warning = unsandboxedWarning(result);
  if (warning) context.stderr.write(`${warning}\n`);
  const current = entriesFor(await keyFindings(result.files, root));
  const byPath = filesByPath(result.files, root);
  const kept = (previous?.entries ?? []).filter((e) => !judges(e, byPath, result.checkers, { root, whole }));
  const entries = [...kept, ...current];
  await writeBaseline(file, shown, entries);
  const findings = entryTotal(entries);
  const files = new Set(entries.map((e) => e.file)).size;
  const keptNote = kept.length > 0 ? ` (${entryTotal(kept)} kept from files or checkers this run did not check)` : '';
  context.stdout.write(`wrote ${shown}: ${findings} ${findings === 1 ? 'finding' : 'findings'} in ${files} ${files === 1 ? 'file' : 'files'}${keptNote}\n`);
  return EXIT.ok;
}

/**
 * The baseline being replaced, for the entries this run cannot judge. An unusable one is replaced
 * whole when `replaceable` (a run of everything, which judges every entry); else its error stands.
 * @throws UsageError (exit 2) when the file is unusable and not `replaceable`
 */
async function previousBaseline(file: string, shown: string, replaceable: boolean): Promise<Baseline | undefined> {
  try {
    return await readBaseline(file, shown);
  } catch (err) {
    if (replaceable) return undefined;
    if (err instanceof UsageError) throw new UsageError(err.message, 'run `iacgen baseline` from the repository root with no paths and no --only/--skip to write it anew, or delete it');
    throw err;
  }
}
