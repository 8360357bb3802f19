/**
 * The pre-commit hook script that `iacgen hook install` writes. It runs the repository's own
 * iacgen (node_modules/.bin) or else the one on PATH, and fails closed: without iacgen it blocks
 * the commit and says how to install it or bypass the hook once.
 */

/** Marks a hook file as iacgen's, so install is idempotent and uninstall knows what to remove. */
export const HOOK_MARKER = '# iacgen pre-commit hook';

/** Name, beside the hook, of a previous hook that iacgen's runs first (chaining). */
export const CHAINED_SUFFIX = '.iacgen-chained';

/** The hook script (POSIX sh). `chained` is the file name of a previous hook to run first, if any. */
export function hookScript(chained?: string): string {
  const runPrevious = chained
    ? [
        '# The hook that was here before iacgen runs first; `iacgen hook uninstall` puts it back.',
        `"$(dirname "$0")/${chained}" "$@" || exit $?`,
        '',
      ]
    : [];
  return [
    '#!/bin/sh',
    HOOK_MARKER,
    '# Installed by `iacgen hook install`; removed by `iacgen hook uninstall`.',
    '# Checks the staged content of the staged files; bypass once with `git commit --no-verify`.',
    ...runPrevious,
    'top=$(git rev-parse --show-toplevel) || exit 1',
    'if [ -x "$top/node_modules/.bin/iacgen" ]; then',
    '  iacgen="$top/node_modules/.bin/iacgen"',
    'elif command -v iacgen >/dev/null 2>&1; then',
    '  iacgen=iacgen',
    'else',
    "  echo 'iacgen pre-commit hook: iacgen is not installed, so this commit is blocked.' >&2",
    "  echo '  install it in the repository: npm install --save-dev iacgen' >&2",
    "  echo '  or bypass the hook for this commit only: git commit --no-verify' >&2",
    '  exit 1',
    'fi',
    'exec "$iacgen" validate --staged',
    '',
  ].join('\n');
}
