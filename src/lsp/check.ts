/**
 * One editor document validated as `iacgen validate <file>` would, with the same pipeline, result
 * cache, settings (`loadConfig`), sandbox (`decideSandbox`) and baseline (`repositoryBaseline`) as
 * `commands/validate.ts`; and, when asked, the safe fix of some of its findings, computed as
 * `commands/fix.ts` does (`computeFixes`, each fix validated again before it is offered).
 *
 * A buffer whose text equals the file on disk is validated in place (unchanged checks are cache
 * hits); one that differs is validated from a copy of the working tree with the buffer in the
 * file's place (`overlay.ts`). Nothing here writes the working tree.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { repositoryBaseline } from '../baseline/locate.js';
import { decideSandbox, unsandboxedWarning } from '../check/sandbox.js';
import type { FileResult, ValidationResult } from '../check/types.js';
import { loadConfig } from '../config/load.js';
import type { Settings } from '../config/schema.js';
import { computeFixes, type FileFix } from '../fix/engine.js';
import { revalidate } from '../fix/verify.js';
import { authorName } from '../generate/author.js';
import { findConfigFile, loadInventory } from '../inventory/load.js';
import { repositoryTop } from '../util/repository.js';
import { validate } from '../validate/engine.js';
import { relocateFile } from '../validate/relocate.js';
import { findingKey, sameFinding, type FindingKey } from './convert.js';
import { withOverlay } from './overlay.js';

/** What the server was started with (`iacgen lsp` flags) and what a run needs from outside. */
export interface CheckOptions {
  /** Checker ids to run (`--only`); empty: every one. */
  only: readonly string[];
  /** Checker ids never to run (`--skip`). */
  skip: readonly string[];
  /** false for `--no-sandbox`. */
  sandbox: boolean;
  /** false for `--no-baseline`. */
  baseline: boolean;
  env: NodeJS.ProcessEnv;
  now: () => Date;
  /** The editor's workspace folders (absolute), the deepest holding a file deciding its run's folder. */
  folders: readonly string[];
}

/** A document: its file (absolute) and the buffer's text. */
export interface DocumentText {
  absPath: string;
  text: string;
}

/** What validating a document found. */
export interface DocumentCheck {
  /** The file's result, paths as in the working tree; undefined when the run did not list it. */
  file?: FileResult;
  /** True when the buffer differed from the disk and a copy was validated. */
  overlay: boolean;
  /** The fix of the findings asked for, when asked and some can be fixed. */
  fix?: FileFix;
  /** One-line notes for the log: the sandbox could not start, a checker broke. */
  notes: string[];
}

/** The folder a file's run works from: see {@link runFolder}. */
export interface RunFolder {
  cwd: string;
  /** The git work tree's top, when the file is in one. */
  root?: string;
}

/**
 * Where `iacgen validate` would be run for a file: the deepest workspace folder holding it when
 * that folder is inside the file's git work tree, else that work tree's top; outside git, the
 * workspace folder, else the file's folder.
 */
export function runFolder(absPath: string, folders: readonly string[]): RunFolder {
  const top = repositoryTop(path.dirname(absPath));
  const folder = folders.filter((f) => inside(absPath, f)).sort((a, b) => b.length - a.length)[0];
  if (top !== undefined) return { cwd: folder !== undefined && inside(folder, top) ? folder : top, root: top };
  return { cwd: folder ?? path.dirname(absPath) };
}

/** True when `child` is `parent` or lies under it. */
function inside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith(`..${path.sep}`) && rel !== '..' && !path.isAbsolute(rel));
}

/**
 * Validates one document (see the module comment) and, with `fixKeys`, computes the safe fix of
 * those of its findings (`'all'`: of every finding a safe fix repairs).
 * @throws ConfigError / UsageError as `iacgen validate` (a broken iacgen.yaml or baseline, an
 *   unknown checker id); the file system's and git's errors of the copy
 */
export async function checkDocument(document: DocumentText, options: CheckOptions, fixKeys?: readonly FindingKey[] | 'all'): Promise<DocumentCheck> {
  const { cwd, root } = runFolder(document.absPath, options.folders);
  const { settings } = loadConfig(cwd);
  const strict = settings.strict;
  // Never from iacgen.yaml: a hostile repository must not switch the sandbox off (as `validate`).
  const sandbox = await decideSandbox({ ...(options.sandbox ? {} : { flag: false }), env: options.env, strict });
  const baseline = options.baseline ? await repositoryBaseline(cwd) : undefined;
  const common = { settings, strict, only: options.only, skip: options.skip, sandbox, pathsListed: true, ...(baseline ? { baseline } : {}) };
  const disk = await readFile(document.absPath, 'utf8').catch(() => undefined);
  const notes: string[] = [];
  const finish = (result: ValidationResult, file: FileResult | undefined) => {
    const warning = unsandboxedWarning(result);
    if (warning) notes.push(warning);
    for (const check of file?.checks ?? []) if (check.status === 'error') notes.push(`${check.checker} broke on ${path.basename(document.absPath)}: ${check.reason ?? 'no reason given'}`);
  };
  const fixFor = (result: ValidationResult, file: FileResult | undefined, fixRoot: string, runCwd: string) =>
    fixKeys && file ? fixOf(result, file, fixKeys, { root: fixRoot, cwd: runCwd, settings, options, sandbox }) : Promise.resolve(undefined);

  if (disk === document.text || root === undefined) {
    if (disk !== document.text) notes.push(`${document.absPath} is outside a git repository: its saved text was validated, not the buffer`);
    const result = await validate({ cwd, paths: [path.relative(cwd, document.absPath)], ...common, ...(root ? { gitRoot: root } : {}) });
    const file = result.files.find((f) => path.resolve(f.absPath) === path.resolve(document.absPath));
    finish(result, file);
    const fix = await fixFor(result, file, root ?? cwd, cwd);
    return { ...(file ? { file } : {}), overlay: false, ...(fix ? { fix } : {}), notes };
  }
  return withOverlay({ root, absPath: document.absPath, text: document.text }, cwd, options.env, async (overlay) => {
    const result = await validate({ cwd: overlay.cwd, paths: [path.relative(overlay.cwd, overlay.absPath)], ...common, cacheRoot: root, gitRoot: overlay.stage });
    const copy = result.files.find((f) => f.absPath === overlay.absPath);
    finish(result, copy);
    const fix = await fixFor(result, copy, overlay.stage, overlay.cwd);
    // The copy's paths, in messages too, as the repository's (ansible-lint names included files).
    const file = copy ? relocateFile(copy, overlay.stage, root) : undefined;
    return { ...(file ? { file } : {}), overlay: true, ...(fix ? { fix: { ...fix, absPath: document.absPath } } : {}), notes };
  });
}

/** What {@link fixOf} needs of the run. */
interface FixRun {
  /** The repository root the fix sees (the copy's top for a buffer). */
  root: string;
  /** The run's folder (the copy's for a buffer): the inventory and iacgen.yaml are looked up from it. */
  cwd: string;
  settings: Settings;
  options: CheckOptions;
  sandbox: Awaited<ReturnType<typeof decideSandbox>>;
}

/**
 * The safe fix (never `--unsafe`) of the findings of `file` named by `keys` (`'all'`: all of
 * them), validated again as `iacgen fix` does; undefined when none of them is still there.
 */
async function fixOf(result: ValidationResult, file: FileResult, keys: readonly FindingKey[] | 'all', run: FixRun): Promise<FileFix | undefined> {
  const asked = keys === 'all' ? file.diagnostics : file.diagnostics.filter((d) => keys.some((k) => sameFinding(k, findingKey(d))));
  if (asked.length === 0) return undefined;
  const loaded = loadInventory(run.cwd);
  const inventory = loaded.source.kind === 'file' ? loaded.inventory : undefined;
  const { settings, options, sandbox, root } = run;
  const fixes = await computeFixes(
    { ...result, files: [{ ...file, diagnostics: asked }] },
    {
      root,
      unsafe: false,
      context: { root, author: settings.author ?? (await authorName(root, options.env)), date: options.now().toISOString().slice(0, 10) },
      revalidate: (files) =>
        revalidate(files, { root, settings, hasConfigFile: findConfigFile(run.cwd) !== undefined, only: options.only, skip: options.skip, sandbox, ...(inventory ? { inventory } : {}) }),
    },
  );
  return fixes[0];
}
