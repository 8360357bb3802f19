/**
 * Shell rules: the shebang, strict mode, and a usage text in scripts that take arguments.
 * Sourced dotfiles (`.bashrc`, `.bash_profile`, `.profile`) are not scripts and are skipped.
 */
import path from 'node:path';
import type { PolicyFile, RuleLogic } from '../types.js';

const DOTFILES = new Set(['.bashrc', '.bash_profile', '.profile', '.bash_login', '.bash_logout', '.zshrc']);
const GOOD_SHEBANG = /^#!\/usr\/bin\/env (?:bash|sh)\s*$/;

function isScript(file: PolicyFile): boolean {
  return !DOTFILES.has(path.basename(file.absPath));
}

/** The 0-based index of the first line of code (the shebang is a comment). */
function firstCode(file: PolicyFile): number {
  const i = file.code.findIndex((code) => code.trim() !== '');
  return i < 0 ? Math.max(0, file.lines.length - 1) : i;
}

/** `sh-shebang`. */
export const shShebang: RuleLogic = {
  fileTypes: ['shell'],
  check(file) {
    if (!isScript(file)) return [];
    const first = file.lines[0] ?? '';
    if (GOOD_SHEBANG.test(first)) return [];
    return [{ line: 1, message: first.startsWith('#!') ? `shebang '${first}': use #!/usr/bin/env bash (or sh)` : 'no shebang: start with #!/usr/bin/env bash' }];
  },
};

/** The flags a line of `set` turns on (`set -euo pipefail`, `set -o errexit`, `set -Eeu`). */
function setFlags(code: string): string[] {
  const m = /^\s*set\s+(.+)$/.exec(code);
  if (!m) return [];
  const flags: string[] = [];
  const words = (m[1] ?? '').split(/\s+/);
  words.forEach((word, i) => {
    if (word === '-o' || word === '+o') {
      if (word === '-o') flags.push(words[i + 1] ?? '');
    } else if (/^-[a-zA-Z]+$/.test(word)) {
      for (const ch of word.slice(1)) {
        if (ch === 'e') flags.push('errexit');
        else if (ch === 'u') flags.push('nounset');
        else if (ch === 'o' && i + 1 < words.length) flags.push(words[i + 1] ?? '');
      }
    }
  });
  return flags;
}

/** `sh-no-strict-mode`: `errexit`, `nounset` and (bash) `pipefail` on. */
export const shNoStrictMode: RuleLogic = {
  fileTypes: ['shell'],
  check(file) {
    if (!isScript(file)) return [];
    const on = new Set(file.code.flatMap(setFlags));
    const posix = /^#!.*\bsh\b/.test(file.lines[0] ?? '') && !/bash/.test(file.lines[0] ?? '');
    const missing = ['errexit', 'nounset', ...(posix ? [] : ['pipefail'])].filter((f) => !on.has(f));
    if (missing.length === 0) return [];
    return [{ line: firstCode(file) + 1, message: `no set ${posix ? '-eu' : '-euo pipefail'} (missing: ${missing.join(', ')})` }];
  },
};

/** Where script arguments are read, outside function bodies. */
const READS_ARGS = /\$(?:[1-9#@*]|\{[1-9#@*])|\bgetopts\b|^\s*shift\b/;
const FUNCTION_START = /^\s*(?:function\s+[\w.:-]+|[\w.:-]+\s*\(\s*\))\s*(?:\{)?\s*$/;
const HAS_USAGE = /^\s*(?:function\s+)?(?:usage|help|print_usage|show_usage|show_help|print_help)\b|--help|\bUsage:/im;

/** `sh-no-usage`: a script that reads `$1`, `$@`, `getopts`... outside functions but has no usage text. */
export const shNoUsage: RuleLogic = {
  fileTypes: ['shell'],
  check(file) {
    if (!isScript(file) || HAS_USAGE.test(file.code.join('\n'))) return [];
    let inFunction: number | undefined;
    for (let i = 0; i < file.code.length; i++) {
      const code = file.code[i] ?? '';
      if (inFunction === undefined && FUNCTION_START.test(code)) {
        inFunction = /^\s*/.exec(code)?.[0].length ?? 0;
        continue;
      }
      if (inFunction !== undefined) {
        if (new RegExp(`^\\s{${inFunction}}\\}`).test(code) && (/^\s*/.exec(code)?.[0].length ?? 0) === inFunction) inFunction = undefined;
        continue;
      }
      if (READS_ARGS.test(code)) return [{ line: i + 1, message: 'the script reads arguments but has no usage/help (-h, --help)' }];
    }
    return [];
  },
};
