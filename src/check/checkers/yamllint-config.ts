/**
 * Which yamllint configuration applies to a run: the repository's own (or the user's), found as
 * yamllint finds it, else iacgen's relaxed one (`templates/init/yamllint.yaml`, the very file
 * `iacgen init` writes as `.yamllint`), passed with `-c`.
 *
 * yamllint's own discovery (`yamllint/cli.py` `run`), in order: `-d`/`-c`; a project config
 * `.yamllint`, `.yamllint.yaml` or `.yamllint.yml`; the user config (`$YAMLLINT_CONFIG_FILE`, else
 * `$XDG_CONFIG_HOME/yamllint/config`, else `~/.config/yamllint/config`); else `extends: default`.
 * The project config is looked for in the working directory only by yamllint 1.29.0 (Debian 12),
 * and from the working directory up to the home folder or the file system's root by 1.37.1 and
 * 1.38.0 (`find_project_config_filepath`: a folder's three names are tried before it stops at the
 * home folder, so `~/.yamllint` counts). iacgen looks upwards as the newer ones do, but inside a
 * git work tree never above its top (a `.yamllint` above the repository, or above a staging folder
 * in the temporary folder, is not the repository's: anyone may write one in /tmp), and passes
 * every config it did not find in the working directory itself with `-c`, so every version reads
 * the same file and none walks past the repository.
 */
import { existsSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TEMPLATES_DIR } from '../../util/paths.js';
import { repositoryTop } from '../../util/repository.js';

/** The project config names yamllint tries in each folder, in its order (1.29.0 to 1.38.0). */
export const YAMLLINT_PROJECT_CONFIG = ['.yamllint', '.yamllint.yaml', '.yamllint.yml'] as const;

/** iacgen's relaxed configuration, used when no other applies; `iacgen init` writes it as `.yamllint`. */
export const RELAXED_YAMLLINT_CONFIG = path.join(TEMPLATES_DIR, 'init', 'yamllint.yaml');

/** The configuration a yamllint call uses, and whose it is. */
export interface YamllintConfig {
  /**
   * `project`: a `.yamllint*` in the working directory or above; `user`: `$YAMLLINT_CONFIG_FILE` or
   * the user config; `relaxed`: iacgen's own, since neither exists.
   */
  kind: 'project' | 'user' | 'relaxed';
  /** Absolute path of the file. */
  file: string;
  /** The arguments that make yamllint use it (none when yamllint finds it by itself in every version). */
  args: string[];
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * The configuration a yamllint call in `cwd` (absolute) uses, with `env`: a project config from
 * `cwd` up to the repository's top (outside git: up to the home folder, as yamllint), else the
 * user's, else iacgen's relaxed one. Reads only the file system's metadata, never throws.
 * @param top the repository's top (default: the nearest folder holding `.git`)
 */
export function yamllintConfig(cwd: string, env: NodeJS.ProcessEnv = process.env, top: string | undefined = repositoryTop(cwd)): YamllintConfig {
  const home = path.resolve(env.HOME ?? os.homedir());
  let dir = path.resolve(cwd);
  for (;;) {
    const found = YAMLLINT_PROJECT_CONFIG.map((name) => path.join(dir, name)).find(isFile);
    if (found) return { kind: 'project', file: found, args: dir === path.resolve(cwd) ? [] : ['-c', found] };
    const up = path.dirname(dir);
    if (dir === top || (top === undefined && dir === home) || up === dir) break;
    dir = up;
  }
  // As yamllint: a variable that is set counts even when empty (then no file is found).
  const user =
    env.YAMLLINT_CONFIG_FILE !== undefined
      ? env.YAMLLINT_CONFIG_FILE.replace(/^~(?=$|\/)/, home)
      : path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'yamllint', 'config');
  // Named with -c: yamllint 1.37+ would look above the repository for a project config first.
  if (user !== '' && isFile(path.resolve(cwd, user))) return { kind: 'user', file: path.resolve(cwd, user), args: ['-c', path.resolve(cwd, user)] };
  return { kind: 'relaxed', file: RELAXED_YAMLLINT_CONFIG, args: existsSync(RELAXED_YAMLLINT_CONFIG) ? ['-c', RELAXED_YAMLLINT_CONFIG] : [] };
}
