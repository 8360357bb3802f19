import path from 'node:path';
import { checkerManifestSchema } from '../manifest.js';
import type { CommandChecker, CheckerOutput, OutputParser, ParsedDiagnostic } from '../types.js';
import { explainAnsibleError } from './ansible-errors.js';
import { ansibleMessages, unwrap } from './ansible-output.js';
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

/** Notes where ansible located a problem when that is not the checked file itself. */
function elsewhere(where: string, output: CheckerOutput, file: string): string {
  const squash = (p: string): string => path.resolve(output.cwd, p).replace(/\s+/g, '');
  if (where === '' || where.startsWith('<') || squash(where) === squash(file)) return '';
  return ` (in ${unwrap(where)})`;
}

/** `Found duplicate mapping key 'k'.` (2.19+) or `... found a duplicate dict key (k) ...` (2.14), as one message. */
const DUPLICATE = /^Found duplicate mapping key (.*?)\.(?: Using last defined value only\.)?$/;

const parse: OutputParser = (output) => {
  const file = output.files[0] ?? '';
  // 250: an exception ansible did not expect ("Unexpected Exception, this is probably a bug"):
  // the checker broke on this file, which says nothing about the file.
  if (output.exitCode === 250) return failed('ansible-playbook crashed', output);
  const diagnostics: ParsedDiagnostic[] = [];
  const messages = ansibleMessages(`${output.stderr}\n${output.stdout}`);
  for (const m of messages) {
    const at = { file, line: position(m.where?.line), column: position(m.where?.column), source: 'ansible-syntax-check' };
    const note = elsewhere(m.where?.path ?? '', output, file);
    if (m.level === 'warning') {
      const dup = DUPLICATE.exec(m.text);
      if (dup) diagnostics.push({ ...at, severity: 'warning', rule: 'duplicate-key', message: `found a duplicate mapping key ${dup[1] ?? ''}; using last defined value only${note}` });
      continue;
    }
    // The first error is the one that stopped ansible; any after it repeat or follow from it.
    if (diagnostics.some((d) => d.severity === 'error')) continue;
    const { rule, message } = explainAnsibleError(m.text);
    diagnostics.push({ ...at, severity: 'error', rule, message: message + note });
  }
  if (output.exitCode !== 0 && !diagnostics.some((d) => d.severity === 'error')) {
    return failed('ansible-playbook failed without an error message it could read', output);
  }
  return { diagnostics };
};

/**
 * ansible-playbook syntax check: `ansible-playbook --syntax-check {file}`, one call per playbook.
 * Reads both generations of ansible's output (`ansible-output.ts`): the first error with its
 * location (always reported on the checked playbook, naming the other file when it lies
 * elsewhere), and the duplicate mapping key warning (rule `duplicate-key`). A role, collection or
 * included file that is not there gets its own rule with the fix (`ansible-errors.ts`).
 *
 * Exit codes (`ansible/cli/__init__.py` `CLI.cli_executor`, `errors.ExitCode` in 2.19+; the same
 * in 2.14.18, 2.19.11 and 2.22.0b2): 0 ok, 1 AnsibleError (a missing role or included file),
 * 4 AnsibleParserError (YAML syntax, unknown module, two actions in a task), 5 invalid option,
 * 99 interrupted, 250 unexpected exception; argparse usage errors exit 2. An exit other than 0
 * with no error message the parser can read is the checker's failure, with its raw output.
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
    runsRepositoryCode: true,
    env: ANSIBLE_QUIET_ENV,
  }),
  parse,
};
