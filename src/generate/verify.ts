/**
 * Verifying rendered files before they are written: stage them in a temporary folder (with the
 * repository's checker configuration beside them) and run the same pipeline as `iacgen validate`,
 * with the repository's settings and inventory. The temporary folder is never where iacgen.yaml
 * is looked for: the settings and the inventory come from the repository, passed in.
 */
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { FileResult } from '../check/types.js';
import { loadConfig } from '../config/load.js';
import type { Settings } from '../config/schema.js';
import { IGNORE_FILE } from '../validate/discover.js';
import { loadInventory } from '../inventory/load.js';
import type { Inventory } from '../inventory/schema.js';
import { RULE_SETS } from '../policy/types.js';
import { CHECKERS } from '../check/registry.js';
import { createPolicyChecker } from '../policy/checker.js';
import { validate } from '../validate/engine.js';
import type { RenderedFile } from './render.js';
import { makeTempDir, removeTempDir } from '../process/shutdown.js';
import { unsandboxedWarning, type SandboxDecision } from '../check/sandbox.js';
import { unprobed } from './warm.js';

/** Checker configuration files copied from the repository root into the staging folder. */
export const CHECKER_CONFIG_FILES = ['.yamllint', '.yamllint.yaml', '.yamllint.yml', '.ansible-lint', '.shellcheckrc'];

/** What the rendered files are validated with: the repository's settings and inventory. */
export interface VerifyOptions {
  /**
   * The repository's `iacgen.yaml` settings (rules, checkers, exclude, time-outs, strict).
   * Where they name no `rules.sets`, generated files are held to every rule set, house rules
   * included (the files are iacgen's own).
   */
  settings: Settings;
  /** The inventory the files were rendered from: the repository's, else the embedded default. */
  inventory: Inventory;
  /**
   * The sandbox of the checkers that can run code (kept files such as an `ansible.cfg` naming a
   * vault password script are the repository's own code); none when not given.
   */
  sandbox?: SandboxDecision;
  /** Called with the one-line warning when such a checker ran without a sandbox that could not start. */
  warn?: (line: string) => void;
  /**
   * Ids of the probed checkers whose version command already answered in this process
   * (`warm.ts`, started while rendering): they run without probing again.
   */
  probed?: ReadonlySet<string>;
}

/** The validation of each rendered file, keyed by its repository-relative path. */
export type Verification = Map<string, FileResult>;

/**
 * Stages `files` (kept files in their existing version) and validates them with the repository's
 * settings (every rule set where they name none), against the inventory they were rendered from.
 * @param root absolute repository root (where `iacgen new` writes: `--dir`)
 * @param kept relative paths of files that exist and are kept as they are
 * @param options settings and inventory (default: those of the iacgen.yaml that applies to `root`)
 * @throws ConfigError (exit 2) when `options` is not given and that iacgen.yaml is invalid
 */
export async function verifyRendered(files: readonly RenderedFile[], root: string, kept: ReadonlySet<string>, options?: VerifyOptions): Promise<Verification> {
  const { settings: repository, inventory } = options ?? { settings: loadConfig(root).settings, inventory: loadInventory(root).inventory };
  const rules = { ...repository.rules, sets: repository.rules.sets ?? [...RULE_SETS] } as Settings['rules'];
  const settings: Settings = { ...repository, rules };
  const stage = await makeTempDir('iacgen-verify-');
  try {
    // The staging folder is the top of a work tree for every look-up of project configuration
    // (iacgen.yaml, .yamllint, .ansible-lint): nothing above it, in the temporary folder, is read.
    await mkdir(path.join(stage, '.git'));
    for (const name of [...CHECKER_CONFIG_FILES, IGNORE_FILE]) {
      if (existsSync(path.join(root, name))) await copyFile(path.join(root, name), path.join(stage, name));
    }
    for (const file of files) {
      const dest = path.join(stage, file.relPath);
      await mkdir(path.dirname(dest), { recursive: true });
      const content = kept.has(file.relPath) ? await readFile(path.join(root, file.relPath)) : file.content;
      await writeFile(dest, content, { mode: file.mode });
    }
    // The engine's own choice of checkers (the registry plus the policy rules, on the staging
    // folder), with the probes that already passed turned off.
    const checkers = [...unprobed(CHECKERS, options?.probed ?? new Set()), createPolicyChecker({ inventory, rules: settings.rules, sets: rules.sets ?? RULE_SETS, root: stage })];
    // Nothing here reports checker versions: no version command competes with the checks.
    const result = await validate({
      checkers,
      cwd: stage,
      paths: files.map((f) => f.relPath),
      versions: false,
      settings,
      strict: settings.strict,
      inventory,
      hasConfigFile: true,
      ...(options?.sandbox ? { sandbox: options.sandbox } : {}),
    });
    const warning = unsandboxedWarning(result);
    if (warning) options?.warn?.(warning);
    const byPath: Verification = new Map();
    for (const fileResult of result.files) {
      byPath.set(path.relative(stage, fileResult.absPath).split(path.sep).join('/'), fileResult);
    }
    return byPath;
  } finally {
    await removeTempDir(stage);
  }
}
