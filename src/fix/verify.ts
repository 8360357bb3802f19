/**
 * Re-validating fixed files before they are written: each changed file is staged twice, as it is
 * and as the fix leaves it, at its own relative path in two temporary folders that hold the
 * repository's checker configuration found at the root and in the file's folders (`.yamllint`,
 * `.ansible-lint`, `.shellcheckrc`, `.editorconfig`, `.iacgenignore`), and both are validated with
 * the repository's settings, inventory and sandbox. Comparing the two copies, staged alike, keeps
 * what the staging lacks (a role, a module beside the file) from passing for a fault of the fix.
 */
import { copyFile, mkdir, stat, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { unsandboxedWarning, type SandboxDecision } from '../check/sandbox.js';
import type { FileResult } from '../check/types.js';
import type { Settings } from '../config/schema.js';
import { CHECKER_CONFIG_FILES } from '../generate/verify.js';
import type { Inventory } from '../inventory/schema.js';
import { makeTempDir, removeTempDir } from '../process/shutdown.js';
import { IGNORE_FILE } from '../validate/discover.js';
import { validate } from '../validate/engine.js';
import type { FixedText, Revalidated } from './engine.js';

/** Configuration files copied beside the staged files, from the root and each folder above a file. */
export const STAGED_CONFIG_FILES = [...CHECKER_CONFIG_FILES, '.editorconfig', IGNORE_FILE];

/** What the staged copies are validated with: the repository's own. */
export interface RevalidateOptions {
  /** Absolute repository root. */
  root: string;
  settings: Settings;
  /** The repository's inventory (none: no inventory rule runs, as in `validate`). */
  inventory?: Inventory;
  /** Whether the repository has an iacgen.yaml (it decides the default rule sets). */
  hasConfigFile: boolean;
  only?: readonly string[];
  skip?: readonly string[];
  sandbox?: SandboxDecision;
  /** Called with the one-line warning when code-running checkers ran without the sandbox. */
  warn?: (line: string) => void;
}

/**
 * Validates the original and the fixed text of each file on staged copies (two runs of the
 * validate engine, one after the other: the engine holds one sandbox per process).
 * @returns before/after per `relPath`
 * @throws the file system's errors when a temporary folder cannot be made or written
 */
export async function revalidate(files: readonly FixedText[], options: RevalidateOptions): Promise<Map<string, Revalidated>> {
  const before = await stageAndValidate(files, 'original', options);
  const after = await stageAndValidate(files, 'fixed', options);
  const out = new Map<string, Revalidated>();
  for (const file of files) {
    const b = before.get(file.relPath);
    const a = after.get(file.relPath);
    if (b && a) out.set(file.relPath, { before: b, after: a });
  }
  return out;
}

/** Stages one version of every file and validates the copies; results keyed by `relPath`. */
async function stageAndValidate(files: readonly FixedText[], version: 'original' | 'fixed', options: RevalidateOptions): Promise<Map<string, FileResult>> {
  const stage = await makeTempDir('iacgen-fix-');
  try {
    // The staging folder is the top of a work tree for every look-up of project configuration.
    await mkdir(path.join(stage, '.git'));
    for (const file of files) {
      for (const dir of foldersDown(path.dirname(file.relPath))) {
        for (const name of STAGED_CONFIG_FILES) {
          const from = path.join(options.root, dir, name);
          const to = path.join(stage, dir, name);
          if (existsSync(from) && !existsSync(to)) {
            await mkdir(path.dirname(to), { recursive: true });
            await copyFile(from, to);
          }
        }
      }
      const dest = path.join(stage, file.relPath);
      await mkdir(path.dirname(dest), { recursive: true });
      const mode = (await stat(file.absPath).catch(() => undefined))?.mode ?? 0o644;
      await writeFile(dest, file[version], { mode: mode & 0o777 });
    }
    const result = await validate({
      cwd: stage,
      paths: files.map((f) => f.relPath),
      versions: false,
      // The repository's result cache (in a git repository): a staged copy's check is reused when
      // nothing it depends on changed, so `fix` after `fix --dry-run` does not check it all again.
      cache: existsSync(path.join(options.root, '.git')),
      cacheRoot: options.root,
      settings: options.settings,
      strict: options.settings.strict,
      hasConfigFile: options.hasConfigFile,
      ...(options.inventory ? { inventory: options.inventory } : {}),
      ...(options.only ? { only: options.only } : {}),
      ...(options.skip ? { skip: options.skip } : {}),
      ...(options.sandbox ? { sandbox: options.sandbox } : {}),
    });
    const warning = unsandboxedWarning(result);
    if (warning && version === 'fixed') options.warn?.(warning);
    const byPath = new Map<string, FileResult>();
    for (const fileResult of result.files) byPath.set(path.relative(stage, fileResult.absPath).split(path.sep).join('/'), fileResult);
    return byPath;
  } finally {
    await removeTempDir(stage);
  }
}

/** `a/b/c` -> `['.', 'a', 'a/b', 'a/b/c']`: the root, then each folder down to `dir`. */
function foldersDown(dir: string): string[] {
  const parts = dir === '.' || dir === '' ? [] : dir.split('/');
  return ['.', ...parts.map((_, i) => parts.slice(0, i + 1).join('/'))];
}
