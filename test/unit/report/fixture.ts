/**
 * The one validation result every reporter test renders (as ruff snapshots every output format
 * against the same diagnostics). It holds, on purpose:
 * - several file types: a playbook, role tasks, a compose file, two shell scripts, a Python
 *   script, a Terraform file no checker covers yet, a file too large to check, a binary file;
 * - errors, warnings and infos from several checkers, and a syntax error (ansible-syntax-check);
 * - batched calls (yamllint, ansible-lint: one wall time shared by several files) and per-file
 *   calls (bash-syntax), for the slowest-checker sums;
 * - a checker that is not installed (`shfmt`, required here, so iacgen adds `checker-missing`
 *   errors) and an `error` check (shellcheck crashed: its `checker-failed` diagnostic and raw output);
 * - a path with a space and non-ASCII letters, and a message holding `<`, `&`, `"`, `%`, a
 *   newline, `::`, `,` and a terminal escape.
 */
import path from 'node:path';
import type { ValidationResult } from '../../../src/check/types.js';

/** The working directory of the fixture run. */
export const CWD = '/home/alex/homelab';

/** The role folder with a space and non-ASCII letters. */
export const ODD_PATH = 'ansible/roles/wéb server/tasks/main.yml';

/** The message with every character that needs escaping somewhere. */
export const NASTY_MESSAGE =
  'Jinja2 template error: unexpected \'<\' in "{{ a < b & c }}" at 100%, see ::error::\nsecond line of the message \u001b[31m(coloured by the checker)\u001b[0m';

const at = (rel: string) => path.join(CWD, ...rel.split('/'));

/** Builds a fresh copy of the fixture result (reporters must not mutate it; tests may). */
export function fixtureResult(): ValidationResult {
  return {
    cwd: CWD,
    durationMs: 3581,
    checkers: [
      { id: 'yamllint', policy: 'optional', status: 'ran', path: '/usr/bin/yamllint', version: '1.29.0' },
      { id: 'ansible-syntax-check', policy: 'optional', status: 'ran', path: '/usr/bin/ansible-playbook', version: '2.14.18' },
      { id: 'ansible-lint', policy: 'optional', status: 'ran', path: '/usr/bin/ansible-lint', version: '6.13.1' },
      { id: 'bash-syntax', policy: 'optional', status: 'ran', path: '/usr/bin/bash', version: '5.2.15' },
      { id: 'shellcheck', policy: 'optional', status: 'ran', path: '/usr/bin/shellcheck', version: '0.9.0' },
      { id: 'shfmt', policy: 'required', status: 'missing', installHint: 'apt-get install shfmt' },
      { id: 'python-compile', policy: 'optional', status: 'ran', path: '/usr/bin/python3' },
      { id: 'hadolint', policy: 'off', status: 'off' },
    ],
    files: [
      {
        absPath: at('ansible/playbooks/site.yml'),
        type: 'ansible-playbook',
        checks: [
          { checker: 'yamllint', status: 'pass', durationMs: 212 },
          { checker: 'ansible-syntax-check', status: 'fail', durationMs: 1530 },
          { checker: 'ansible-lint', status: 'fail', durationMs: 1840 },
        ],
        diagnostics: [
          { line: 3, column: 81, severity: 'warning', rule: 'line-length', message: 'line too long (96 > 80 characters)', source: 'yamllint' },
          {
            line: 12,
            column: 7,
            severity: 'error',
            rule: 'syntax-check',
            message: "couldn't resolve module/action 'ansible.builtin.no_such_module'. This often indicates a misspelling, missing collection, or incorrect module path.",
            source: 'ansible-syntax-check',
          },
          { line: 12, column: 7, severity: 'error', rule: 'fqcn[action-core]', message: 'Use FQCN for builtin module actions (apt).', source: 'ansible-lint' },
        ],
      },
      {
        absPath: at(ODD_PATH),
        type: 'ansible-tasks',
        checks: [
          { checker: 'yamllint', status: 'pass', durationMs: 212 },
          { checker: 'ansible-lint', status: 'fail', durationMs: 1840 },
        ],
        diagnostics: [
          { line: 1, column: 1, severity: 'info', rule: 'yaml[document-start]', message: 'missing document start "---"', source: 'ansible-lint' },
          { line: 8, column: 3, severity: 'error', rule: 'jinja[invalid]', message: NASTY_MESSAGE, source: 'ansible-lint' },
          { line: 14, column: 3, severity: 'warning', rule: 'no-changed-when', message: 'Commands should not change things if nothing needs doing.', source: 'ansible-lint' },
        ],
      },
      {
        absPath: at('compose.yaml'),
        type: 'compose',
        checks: [{ checker: 'yamllint', status: 'pass', durationMs: 212 }],
        diagnostics: [],
      },
      {
        absPath: at('data/big inventory.yml'),
        type: 'unknown',
        checks: [],
        diagnostics: [],
        note: 'larger than 1048576 bytes (5242880 bytes)',
        notChecked: 'too-large',
      },
      {
        absPath: at('images/logo.png'),
        type: 'unknown',
        checks: [],
        diagnostics: [],
        note: 'binary file',
        notChecked: 'binary',
      },
      {
        absPath: at('README.md'),
        type: 'unknown',
        checks: [],
        diagnostics: [],
      },
      {
        absPath: at('scripts/backup.sh'),
        type: 'shell',
        checks: [
          { checker: 'bash-syntax', status: 'pass', durationMs: 4 },
          { checker: 'shellcheck', status: 'fail', durationMs: 95 },
          { checker: 'shfmt', status: 'skipped', durationMs: 0, reason: 'shfmt not installed (apt-get install shfmt)' },
        ],
        diagnostics: [
          { line: 1, column: 1, severity: 'error', rule: 'checker-missing', message: 'required checker shfmt did not run: shfmt not installed (apt-get install shfmt)', source: 'iacgen' },
          { line: 5, column: 1, severity: 'warning', rule: 'SC2164', message: "Use 'cd ... || exit' or 'cd ... || return' in case cd fails.", source: 'shellcheck' },
          { line: 7, column: 9, severity: 'info', rule: 'SC2086', message: 'Double quote to prevent globbing and word splitting.', source: 'shellcheck' },
          { line: 9, column: 12, severity: 'error', rule: 'SC2068', message: 'Double quote array expansions to avoid re-splitting elements.', source: 'shellcheck' },
        ],
      },
      {
        absPath: at('scripts/deploy.sh'),
        type: 'shell',
        checks: [
          { checker: 'bash-syntax', status: 'pass', durationMs: 3 },
          {
            checker: 'shellcheck',
            status: 'error',
            durationMs: 2400,
            reason: 'exited with code 2: hGetContents: invalid argument (invalid byte sequence)',
            output: 'shellcheck: scripts/deploy.sh: hGetContents: invalid argument (invalid byte sequence)\nCallStack (from HasCallStack): <internal> & more',
          },
          { checker: 'shfmt', status: 'skipped', durationMs: 0, reason: 'shfmt not installed (apt-get install shfmt)' },
        ],
        diagnostics: [
          { line: 1, column: 1, severity: 'error', rule: 'checker-failed', message: 'shellcheck could not check this file: exited with code 2: hGetContents: invalid argument (invalid byte sequence)', source: 'shellcheck' },
          { line: 1, column: 1, severity: 'error', rule: 'checker-missing', message: 'required checker shfmt did not run: shfmt not installed (apt-get install shfmt)', source: 'iacgen' },
        ],
      },
      {
        absPath: at('terraform/main.tf'),
        type: 'terraform',
        checks: [],
        diagnostics: [],
      },
      {
        absPath: at('tools/inventory_report.py'),
        type: 'python',
        checks: [{ checker: 'python-compile', status: 'pass', durationMs: 61 }],
        diagnostics: [],
      },
    ],
  };
}
