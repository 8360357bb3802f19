/**
 * Known causes of an `ansible-playbook --syntax-check` failure that lie outside the file (a role
 * or collection that is not installed), each with its own rule id and the fix. Data only; the
 * parser in `ansible-syntax-check.ts` applies the first entry whose pattern matches.
 */

/** One known cause: a pattern over the `ERROR!` message, the rule id and the message to show. */
export interface KnownAnsibleError {
  pattern: RegExp;
  rule: string;
  message: (match: RegExpExecArray) => string;
}

/** Messages as printed by ansible-core 2.14 (`ERROR! the role '...' was not found in ...`, ...). */
export const KNOWN_ANSIBLE_ERRORS: readonly KnownAnsibleError[] = [
  {
    pattern: /^the role '([^']+)' was not found/,
    rule: 'ansible-missing-role',
    message: (m) =>
      `role \`${m[1]}\` is not installed: run \`ansible-galaxy install -r requirements.yml\` ` +
      `(or \`ansible-galaxy role install ${m[1]}\`), or fix the role name`,
  },
  {
    // A fully qualified name outside ansible.builtin/ansible.legacy: most often a missing collection.
    pattern: /^couldn't resolve module\/action '((?!ansible\.)([a-z0-9_]+\.[a-z0-9_]+)\.[a-z0-9_]+)'/,
    rule: 'ansible-missing-collection',
    message: (m) =>
      `module \`${m[1]}\` cannot be resolved: collection \`${m[2]}\` is not installed ` +
      `(run \`ansible-galaxy collection install -r requirements.yml\` or ` +
      `\`ansible-galaxy collection install ${m[2]}\`), or the module name is misspelled`,
  },
];

/** The rule and message for an `ERROR!` message: a known cause, else `syntax-check` as is. */
export function explainAnsibleError(message: string): { rule: string; message: string } {
  for (const known of KNOWN_ANSIBLE_ERRORS) {
    const match = known.pattern.exec(message);
    if (match) return { rule: known.rule, message: known.message(match) };
  }
  return { rule: 'syntax-check', message };
}
