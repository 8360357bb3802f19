/**
 * Verifying rendered files before they are written: stage them in a temporary folder (with the
 * repository's checker configuration beside them) and run the same pipeline as `iacgen validate`.
 */
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { FileResult } from '../check/types.js';
import { settingsSchema } from '../config/schema.js';
import { loadInventory } from '../inventory/load.js';
import { RULE_SETS } from '../policy/types.js';
import { validate } from '../validate/engine.js';
import type { RenderedFile } from './render.js';
import { makeTempDir, removeTempDir } from '../process/shutdown.js';

/** Checker configuration files copied from the repository root into the staging folder. */
export const CHECKER_CONFIG_FILES = ['.yamllint', '.yamllint.yaml', '.yamllint.yml', '.ansible-lint', '.shellcheckrc'];

/** Generated files are held to every rule set, house rules included, whatever the repository's iacgen.yaml says. */
const VERIFY_SETTINGS = settingsSchema.parse({ rules: { sets: [...RULE_SETS] } });

/** The validation of each rendered file, keyed by its repository-relative path. */
export type Verification = Map<string, FileResult>;

/**
 * Stages `files` (kept files in their existing version) and validates them with every rule set,
 * against the inventory they were rendered from (the repository's, else the embedded default).
 * @param root absolute repository root
 * @param kept relative paths of files that exist and are kept as they are
 */
export async function verifyRendered(files: readonly RenderedFile[], root: string, kept: ReadonlySet<string>): Promise<Verification> {
  const stage = await makeTempDir('iacgen-verify-');
  try {
    for (const name of CHECKER_CONFIG_FILES) {
      if (existsSync(path.join(root, name))) await copyFile(path.join(root, name), path.join(stage, name));
    }
    for (const file of files) {
      const dest = path.join(stage, file.relPath);
      await mkdir(path.dirname(dest), { recursive: true });
      const content = kept.has(file.relPath) ? await readFile(path.join(root, file.relPath)) : file.content;
      await writeFile(dest, content, { mode: file.mode });
    }
    // Nothing here reports checker versions: no version command competes with the checks.
    const result = await validate({
      cwd: stage,
      paths: files.map((f) => f.relPath),
      versions: false,
      settings: VERIFY_SETTINGS,
      inventory: loadInventory(root).inventory,
    });
    const byPath: Verification = new Map();
    for (const fileResult of result.files) {
      byPath.set(path.relative(stage, fileResult.absPath).split(path.sep).join('/'), fileResult);
    }
    return byPath;
  } finally {
    await removeTempDir(stage);
  }
}
