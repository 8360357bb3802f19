/**
 * Whether the repository configures a checker itself (then that checker's style findings keep
 * the checker's severity, see `table.ts` CONFIGURABLE). Looked for as each checker looks.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { yamllintConfig } from '../check/checkers/yamllint-config.js';

/**
 * ansible-lint's config file names: 25.2.1 and 26.4.0 `cli.py` `get_config_path` (6.13.1 reads only
 * `.ansible-lint` and `.config/ansible-lint.yml`; any of them shows the repository's intent).
 */
export const ANSIBLE_LINT_CONFIG_NAMES = ['.ansible-lint', '.ansible-lint.yml', '.ansible-lint.yaml', '.config/ansible-lint.yml', '.config/ansible-lint.yaml'] as const;

/**
 * The ansible-lint config that applies in `cwd` (absolute), as `get_config_path` finds it
 * (6.13.1, 25.2.1, 26.4.0): from the working directory upwards, stopping at the folder holding
 * `.git` (so a parent project's config never counts). Undefined when there is none.
 */
export function ansibleLintConfig(cwd: string): string | undefined {
  let dir = path.resolve(cwd);
  for (;;) {
    const found = ANSIBLE_LINT_CONFIG_NAMES.map((name) => path.join(dir, name)).find((file) => existsSync(file));
    if (found) return found;
    const up = path.dirname(dir);
    if (existsSync(path.join(dir, '.git')) || up === dir) return undefined;
    dir = up;
  }
}

/**
 * The ids of the checkers the repository configures itself, seen from the checkers' working
 * directory `cwd` (absolute): `yamllint` when a project or user yamllint config applies (not
 * iacgen's relaxed one), `ansible-lint` when an ansible-lint config does.
 */
export function ownConfigs(cwd: string, env: NodeJS.ProcessEnv = process.env): Set<string> {
  const own = new Set<string>();
  if (yamllintConfig(cwd, env).kind !== 'relaxed') own.add('yamllint');
  if (ansibleLintConfig(cwd)) own.add('ansible-lint');
  return own;
}
