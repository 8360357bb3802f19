/**
 * Which files yamllint leaves alone: the `ignore:` / `ignore-from-file:` patterns of the
 * yamllint configuration that applies to a working directory, so iacgen's own YAML parse skips
 * the same files. Rule-level `ignore:` (inside `rules:`) is not read: it turns one rule off for
 * some files, it does not say the files are not YAML to check.
 *
 * Facts from yamllint's source (`yamllint/cli.py`, `yamllint/config.py`):
 * - the project configuration is `.yamllint`, `.yamllint.yaml` or `.yamllint.yml` in the working
 *   directory; since 1.30 (`find_project_config_filepath`, as in Debian trixie's 1.37) also in
 *   every folder above it, up to the user's home or the file-system root. This follows the newer
 *   rule, so a subfolder run of yamllint 1.29 (Debian 12) may lint a file this skips;
 * - without one: `$YAMLLINT_CONFIG_FILE`, else `$XDG_CONFIG_HOME/yamllint/config`, else
 *   `~/.config/yamllint/config`;
 * - `ignore` (a multi-line string or a list of strings) and `ignore-from-file` (a file name or a
 *   list, read relative to the working directory) are gitignore patterns (pathspec's
 *   `gitwildmatch`), matched against the path as given on the command line, that is relative to
 *   the working directory; without either, the `extends:`ed configuration's patterns apply.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ignore from 'ignore';
import { parse } from 'yaml';

/** Project configuration names, in yamllint's order of preference. */
const PROJECT_CONFIG_NAMES = ['.yamllint', '.yamllint.yaml', '.yamllint.yml'];

/** yamllint's own presets (`extends: default`); none has ignore patterns. */
const PRESETS = new Set(['default', 'relaxed']);

/** True for a path (relative to the working directory, `/` separators) that yamllint ignores. */
export type YamllintIgnored = (file: string) => boolean;

/**
 * The ignore test of the yamllint configuration that applies in `cwd`; never throws (a missing or
 * broken configuration ignores nothing, and yamllint itself reports a broken one).
 * @param cwd absolute working directory of the yamllint call
 * @param env environment (for `YAMLLINT_CONFIG_FILE`, `XDG_CONFIG_HOME`, `HOME`)
 */
export function yamllintIgnored(cwd: string, env: NodeJS.ProcessEnv = process.env): YamllintIgnored {
  const config = findConfig(cwd, env);
  const patterns = config ? ignorePatterns(config, cwd, 0) : [];
  // pathspec, unlike git, lets the last matching pattern win even below an ignored folder
  // (`vendor/` then `!vendor/keep.yaml` keeps that file): each pattern is matched on its own.
  const rules = patterns
    .filter((line) => line.trim() !== '' && !line.startsWith('#'))
    .map((line) => ({ negated: line.startsWith('!'), matcher: ignore().add(line.replace(/^!/, '')) }));
  if (rules.length === 0) return () => false;
  return (file) => {
    const rel = file.replace(/^(?:\.\/)+/, '');
    if (!ignore.isPathValid(rel)) return false;
    let ignored = false;
    for (const rule of rules) if (rule.matcher.ignores(rel)) ignored = !rule.negated;
    return ignored;
  };
}

/** The configuration file yamllint reads in `cwd`, or undefined. */
export function findConfig(cwd: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const home = path.resolve(env.HOME ?? os.homedir());
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    const found = PROJECT_CONFIG_NAMES.map((name) => path.join(dir, name)).find(isFile);
    if (found) return found;
    if (dir === home || dir === path.dirname(dir)) break;
  }
  const user = env.YAMLLINT_CONFIG_FILE
    ? path.resolve(cwd, env.YAMLLINT_CONFIG_FILE.replace(/^~(?=$|\/)/, home))
    : path.join(env.XDG_CONFIG_HOME || path.join(home, '.config'), 'yamllint', 'config');
  return isFile(user) ? user : undefined;
}

/** The gitignore lines of a configuration file (following `extends:` a few levels). */
function ignorePatterns(file: string, cwd: string, depth: number): string[] {
  let conf: unknown;
  try {
    conf = parse(readFileSync(file, 'utf8'));
  } catch {
    return [];
  }
  if (typeof conf !== 'object' || conf === null) return [];
  const { ignore: inline, 'ignore-from-file': fromFile, extends: base } = conf as Record<string, unknown>;
  if (typeof inline === 'string') return inline.split(/\r?\n/);
  if (Array.isArray(inline)) return inline.filter((line): line is string => typeof line === 'string');
  if (fromFile !== undefined) {
    const names = (Array.isArray(fromFile) ? fromFile : [fromFile]).filter((n): n is string => typeof n === 'string');
    return names.flatMap((name) => {
      try {
        return readFileSync(path.resolve(cwd, name), 'utf8').split(/\r?\n/);
      } catch {
        return [];
      }
    });
  }
  if (typeof base === 'string' && !PRESETS.has(base) && depth < 5) {
    const next = path.resolve(cwd, base.replace(/^~(?=$|\/)/, os.homedir()));
    return existsSync(next) ? ignorePatterns(next, cwd, depth + 1) : [];
  }
  return [];
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}
