/**
 * Known causes of an `ansible-playbook --syntax-check` failure that lie outside the file (a role,
 * collection or included file that is not there), each with its own rule id and the fix. Data
 * only; the parser in `ansible-syntax-check.ts` applies the first entry whose pattern matches the
 * error message (as `ansible-output.ts` reads it, on one line).
 *
 * Wordings, per ansible-core version (each pattern covers all of them):
 * - role: 2.14-2.19 "the role 'x' was not found in a:b"; 2.22 "The role 'x' was not found in: a:b"
 *   (`playbook/role/definition.py` `RoleDefinition._load_role_path`);
 * - module: "couldn't resolve module/action 'x'. This often indicates ..." (2.14-2.22,
 *   `parsing/mod_args.py` `ModuleArgsParser.parse`);
 * - vault password file: "The vault password file X was not found" (2.14-2.22);
 * - included file: 2.14 "Unable to retrieve file contents Could not find or access 'p' on the
 *   Ansible Controller. ..."; 2.19+ the same with a full stop and the errno
 *   (`parsing/dataloader.py` `DataLoader._get_file_contents`/`get_real_file`).
 */

/** One known cause: a pattern over the error message, the rule id and the message to show. */
export interface KnownAnsibleError {
  pattern: RegExp;
  rule: string;
  message: (match: RegExpExecArray) => string;
}

/** The known causes, most specific first. */
export const KNOWN_ANSIBLE_ERRORS: readonly KnownAnsibleError[] = [
  {
    // A role named by a collection (`ns.collection.role`): the collection is missing.
    pattern: /^[Tt]he role '(([a-z0-9_]+\.[a-z0-9_]+)\.[a-z0-9_]+)' was not found/,
    rule: 'ansible-missing-collection',
    message: (m) =>
      `role \`${m[1]}\` cannot be found: collection \`${m[2]}\` is not installed ` +
      `(run \`ansible-galaxy collection install -r requirements.yml\` or ` +
      `\`ansible-galaxy collection install ${m[2]}\`), or the role name is misspelled`,
  },
  {
    pattern: /^[Tt]he role '([^']+)' was not found/,
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
  {
    // ansible.cfg's `vault_password_file` (or ANSIBLE_VAULT_PASSWORD_FILE) names a file that is not
    // there: every ansible command stops before reading the playbook (2.14-2.22, the same words;
    // `cli/__init__.py` `CLI.setup_vault_secrets` via `parsing/vault` `get_file_vault_secret`).
    pattern: /^The vault password file (.+) was not found$/,
    rule: 'ansible-vault-password-missing',
    message: (m) =>
      `the vault password file \`${m[1]}\` (ansible.cfg's vault_password_file) is not there, so ansible ` +
      `stops before checking anything: create it, or point ANSIBLE_VAULT_PASSWORD_FILE at one`,
  },
  {
    pattern: /^Unable to retrieve file contents\.? Could not find or access '([^']+)' on the Ansible Controller/,
    rule: 'ansible-missing-file',
    message: (m) => `included file \`${m[1]}\` does not exist: create it, or fix the path that names it`,
  },
];

/** The rule and message for an error message: a known cause, else `syntax-check` as is. */
export function explainAnsibleError(message: string): { rule: string; message: string } {
  for (const known of KNOWN_ANSIBLE_ERRORS) {
    const match = known.pattern.exec(message);
    if (match) return { rule: known.rule, message: known.message(match) };
  }
  return { rule: 'syntax-check', message };
}
