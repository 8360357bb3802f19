/**
 * Shell rules: the shebang, strict mode, and a usage text in scripts that take arguments.
 * Sourced dotfiles (`.bashrc`, `.bash_profile`, `.profile`) are not scripts and are skipped.
 */
import path from 'node:path';
import { insertLines, policyFileOf, replaceLine } from '../../fix/edit.js';
import type { TextFixer } from '../../fix/types.js';
import type { Finding, PolicyFile, RuleLogic } from '../types.js';

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
export const shNoStrictMode = {
  fileTypes: ['shell'],
  check(file: PolicyFile): Finding[] {
    if (!isScript(file)) return [];
    const on = new Set(file.code.flatMap(setFlags));
    const posix = isPosix(file);
    const missing = ['errexit', 'nounset', ...(posix ? [] : ['pipefail'])].filter((f) => !on.has(f));
    if (missing.length === 0) return [];
    return [{ line: firstCode(file) + 1, message: `no ${strictLine(file)} (missing: ${missing.join(', ')})` }];
  },
} satisfies RuleLogic;

/** True for a POSIX `sh` script (its shebang names `sh`, not bash): no `pipefail` asked. */
function isPosix(file: PolicyFile): boolean {
  return /^#!.*\bsh\b/.test(file.lines[0] ?? '') && !/bash/.test(file.lines[0] ?? '');
}

/** The strict-mode line the rule asks for: `set -eu` in a POSIX sh script, else `set -euo pipefail`. */
function strictLine(file: PolicyFile): string {
  return isPosix(file) ? 'set -eu' : 'set -euo pipefail';
}

/** Options of `set` that strict mode subsumes: a `set` line with only these is replaced, not kept beside it. */
const STRICT_WORD = /^(?:-[euo]+|errexit|nounset|pipefail)$/;

/**
 * `sh-no-strict-mode` (UNSAFE: the script then stops where it went on): writes `set -euo
 * pipefail` (`set -eu` for a POSIX sh script) after the shebang and the comment block that
 * follows it (the header). A first command that is a `set` of strict options only (`set -e`)
 * is rewritten in place instead, its trailing comment kept.
 */
export const shNoStrictModeFix: TextFixer = {
  id: 'sh-no-strict-mode',
  handles: ['iacgen:sh-no-strict-mode'],
  fileTypes: ['shell'],
  safety: 'unsafe',
  apply(fixFile) {
    const file = policyFileOf(fixFile);
    if (shNoStrictMode.check(file).length === 0) return undefined;
    const first = firstCode(file);
    const code = file.code[first] ?? '';
    const words = code.trim().split(/\s+/);
    if (words[0] === 'set' && words.length > 1 && words.slice(1).every((w) => STRICT_WORD.test(w))) {
      const line = file.lines[first] ?? '';
      return replaceLine(fixFile.text, first, `${/^\s*/.exec(line)?.[0] ?? ''}${strictLine(file)}${line.slice(code.trimEnd().length)}`);
    }
    let at = file.lines[0]?.startsWith('#!') ? 1 : 0;
    while (at < file.lines.length && file.comments[at] !== undefined && (file.code[at] ?? '').trim() === '') at++;
    return insertLines(fixFile.text, at, [strictLine(file)]);
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
