import path from 'node:path';
import { checkerManifestSchema } from '../manifest.js';
import type { CommandChecker, CheckerOutput, OutputParser, ParsedDiagnostic } from '../types.js';
import { explainAnsibleError } from './ansible-errors.js';
import { failed, position } from './shared.js';

/** Environment that keeps ansible's output plain and free of irrelevant warnings. */
export const ANSIBLE_QUIET_ENV: Record<string, string> = {
  ANSIBLE_NOCOLOR: '1',
  ANSIBLE_FORCE_COLOR: '0',
  ANSIBLE_LOCALHOST_WARNING: 'False',
  ANSIBLE_INVENTORY_UNPARSED_WARNING: 'False',
  ANSIBLE_HOST_PATTERN_MISMATCH: 'ignore',
  ANSIBLE_RETRY_FILES_ENABLED: 'False',
  ANSIBLE_DEPRECATION_WARNINGS: 'False',
};

const LOCATION = /The error appears to be in '([^']*)':\s+line\s+(\d+),\s+column\s+(\d+)/;
const YAML_ERROR = /Syntax Error while loading YAML\.\s*\n((?:[ \t]*\S[^\n]*\n?)+)/;
/** The duplicate-key warning; ansible wraps it anywhere, so every space may be a line break. */
const DUPLICATE = new RegExp(
  String.raw`\[WARNING\]: While constructing a mapping from ([\s\S]+?), line (\d+), column (\d+), found a duplicate dict key \(([\s\S]*?)\)\. Using last defined value only\.`.replaceAll(
    ' ',
    String.raw`\s+`,
  ),
  'g',
);

/** Undoes ansible's line wrapping (it also breaks lines after hyphens, even inside paths). */
function unwrap(text: string): string {
  return text.replace(/-\n\s*/g, '-').replace(/\s+/g, ' ').trim();
}

/** Notes where ansible located a problem when that is not the checked file itself. */
function elsewhere(where: string, output: CheckerOutput, file: string): string {
  const squash = (p: string): string => path.resolve(output.cwd, p).replace(/\s+/g, '');
  if (where.startsWith('<') || squash(where) === squash(file)) return '';
  return ` (in ${unwrap(where)})`;
}

/** The `ERROR!` message: its own line(s) up to the first blank line, or the YAML part of it. */
function errorMessage(text: string, start: number): string {
  const block = text.slice(start + 'ERROR! '.length).split(/\n[ \t]*\n/)[0] ?? '';
  let message = block.replace(/\s+/g, ' ').trim();
  if (message.startsWith('We were unable to read either as JSON nor YAML')) {
    const yaml = YAML_ERROR.exec(text.slice(start));
    if (yaml) message = `Syntax Error while loading YAML. ${(yaml[1] ?? '').replace(/\s+/g, ' ').trim()}`;
  }
  return message;
}

const parse: OutputParser = (output) => {
  const text = `${output.stderr}\n${output.stdout}`.replace(/\r\n/g, '\n');
  const file = output.files[0] ?? '';
  const diagnostics: ParsedDiagnostic[] = [];
  for (const m of text.matchAll(DUPLICATE)) {
    const where = m[1] ?? '';
    diagnostics.push({
      file,
      line: position(m[2]),
      column: position(m[3]),
      severity: 'warning',
      rule: 'duplicate-key',
      message: `found a duplicate dict key (${unwrap(m[4] ?? '')}); using last defined value only${elsewhere(where, output, file)}`,
      source: 'ansible-syntax-check',
    });
  }
  const start = text.search(/^ERROR! /m);
  if (start >= 0) {
    const loc = LOCATION.exec(text.slice(start));
    const { rule, message } = explainAnsibleError(errorMessage(text, start));
    diagnostics.push({
      file,
      line: position(loc?.[2]),
      column: position(loc?.[3]),
      severity: 'error',
      rule,
      message: message + (loc ? elsewhere(loc[1] ?? '', output, file) : ''),
      source: 'ansible-syntax-check',
    });
  } else if (output.exitCode === 1 || output.exitCode === 4) {
    return failed('ansible-playbook failed without an ERROR! message', output);
  }
  return { diagnostics };
};

/**
 * ansible-playbook syntax check: `ansible-playbook --syntax-check {file}`, one call per playbook.
 * Parses `ERROR! ...` with its "The error appears to be in ...: line N, column M" (always
 * reported on the checked playbook), and the duplicate-dict-key `[WARNING]` (rule `duplicate-key`).
 * A role or collection that is not installed gets its own rule with the fix (`ansible-errors.ts`).
 *
 * Exit codes (ansible-core 2.14 `ansible/cli/__init__.py`, `CLI.cli_executor`; confirmed with
 * 2.14.18): 0 ok, 1 AnsibleError (e.g. playbook not found), 4 AnsibleParserError (YAML syntax,
 * unknown module), 5 AnsibleOptionsError, 6 non-UTF-8 arguments, 99 interrupted, 250 unexpected
 * exception; argparse usage errors exit 2. An exit 1/4 without an `ERROR!` line is a failure.
 */
export const ansibleSyntaxCheck: CommandChecker = {
  ...checkerManifestSchema.parse({
    id: 'ansible-syntax-check',
    cost: { call: 400, file: 55 },
    command: 'ansible-playbook',
    args: ['--syntax-check', '{file}'],
    fileTypes: ['ansible-playbook'],
    mode: 'file',
    versionArgs: ['--version'],
    timeoutMs: 60_000,
    okExitCodes: [0, 1, 4],
    installHint: 'apt-get install ansible-core',
    env: ANSIBLE_QUIET_ENV,
  }),
  parse,
};
