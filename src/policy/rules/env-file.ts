/**
 * `env-file-tracked`: a `.env` file among the files validation covers. Validation covers
 * git-tracked and untracked-not-ignored files; a path given explicitly may still be ignored,
 * so git is asked (`git check-ignore`, which never reports tracked files as ignored).
 */
import path from 'node:path';
import type { RuleLogic } from '../types.js';

/** `.env` variants that hold placeholders and belong in git. */
const EXAMPLE = /^\.env(?:\..*)?\.(?:example|sample|template|tpl|dist)$|^\.env\.(?:example|sample|template|tpl|dist)(?:\..*)?$/i;

/** direnv's `.envrc` is a shell file that is meant to be committed (`use flake`, `dotenv`), not a dotenv file. */
const DIRENV = /^\.envrc$/i;

/** `env-file-tracked`: `.env`, `.env.local`, `.env.production`... that git would keep. */
export const envFileTracked: RuleLogic = {
  fileTypes: ['env'],
  async check(file, context) {
    const base = path.basename(file.absPath);
    if (!base.toLowerCase().startsWith('.env') || EXAMPLE.test(base) || DIRENV.test(base)) return [];
    if (await context.gitIgnored(file.absPath)) return [];
    return [{ line: 1, message: `${base} is tracked or would be committed: git-ignore it and commit a .env.example instead` }];
  },
};
