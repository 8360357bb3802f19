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
 * - vault password file: "The vault password file X was not found" (2.14-2.22); a script that
 *   fails: "Vault password script X returned non-zero (N): ..." (2.14-2.22);
 * - included file: 2.14 "Unable to retrieve file contents Could not find or access 'p' on the
 *   Ansible Controller. ..."; 2.19+ the same with a full stop and the errno
 *   (`parsing/dataloader.py` `DataLoader._get_file_contents`/`get_real_file`).
 * ansible-lint repeats these wordings as the description of its `syntax-check[...]` finding
 * (6.13.1 `syntax-check[specific]`; 25.2.1 and 26.4.0 `syntax-check[unknown-module]` for a module,
 * `syntax-check[specific]` for a role), which `src/verdict/causes.ts` explains the same way.
 */

/** One known cause: a pattern over the error message, the rule id and the message to show. */
export interface KnownAnsibleError {
  pattern: RegExp;
  /** A further condition on the match (the pattern alone cannot say it). */
  when?: (match: RegExpExecArray) => boolean;
  rule: string;
  message: (match: RegExpExecArray) => string;
}

/**
 * The modules of `ansible.builtin` in ansible-core 2.22.0b2 (`lib/ansible/modules/`, Debian
 * testing), with the release that added the ones newer than ansible-core 2.14 (their
 * `version_added`: deb822_repository and dnf5 2.15, mount_facts 2.18). Data for
 * `ansible-module-unavailable`: a name in this list that the installed ansible-core cannot
 * resolve needs a newer ansible-core.
 */
export const BUILTIN_MODULES: Readonly<Record<string, string | undefined>> = Object.fromEntries([
  ...'add_host apt apt_key apt_repository assemble assert async_status async_wrapper blockinfile command copy cron debconf debug dnf dpkg_selections expect fail fetch file find gather_facts get_url getent git group group_by hostname import_playbook import_role import_tasks include_role include_tasks include_vars iptables known_hosts lineinfile meta package package_facts pause ping pip raw reboot replace rpm_key script service service_facts set_fact set_stats setup shell slurp stat subversion systemd systemd_service sysvinit tempfile template unarchive uri user validate_argument_spec wait_for wait_for_connection yum_repository'
    .split(' ')
    .map((name) => [name, undefined] as const),
  ['deb822_repository', '2.15'],
  ['dnf5', '2.15'],
  ['mount_facts', '2.18'],
]);

/**
 * How a message names the installed ansible-core when its version is not known to the parser;
 * the verdict layer (`src/verdict/causes.ts`) puts the version read for the run in its place.
 */
export const INSTALLED_ANSIBLE_CORE = 'the installed ansible-core';

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
    // A module of ansible.builtin (fully qualified or not) that this ansible-core does not have.
    pattern: /^couldn't resolve module\/action '(?:ansible\.(?:builtin|legacy)\.)?([a-z0-9_]+)'/,
    when: (m) => Object.hasOwn(BUILTIN_MODULES, m[1] ?? ''),
    rule: 'ansible-module-unavailable',
    message: (m) => {
      const since = BUILTIN_MODULES[m[1] ?? ''];
      return (
        `module \`ansible.builtin.${m[1]}\` is not in ${INSTALLED_ANSIBLE_CORE}` +
        `${since ? `; it came in ansible-core ${since}` : ''}: upgrade ansible-core ` +
        `(\`pip install --upgrade ansible-core\`, or a newer distribution release), or use a module it has`
      );
    },
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
    // The vault password file is a script (or a vault-id client script) that fails here: ansible
    // stops the same way (2.14-2.22: `parsing/vault` `ScriptVaultSecret._check_results`,
    // `ClientScriptVaultSecret._check_results`). Running it is ansible's doing, not iacgen's.
    pattern: /^Vault password (client )?script (\S+) returned non-zero \((-?\d+)\)/,
    rule: 'ansible-vault-password-missing',
    message: (m) =>
      `the vault password ${m[1] ? 'client ' : ''}script \`${m[2]}\` (ansible.cfg's vault_password_file or vault_identity_list) ` +
      `failed with exit code ${m[3]} on this machine, so ansible stops before checking anything: make it work here, ` +
      `or point ANSIBLE_VAULT_PASSWORD_FILE at a file holding the password`,
  },
  {
    // ansible-lint 25.2.1's `load-failure[filenotfounderror]` on an included tasks file it resolved
    // itself, e.g. `{{ playbook_dir }}/../roles/x/tasks/y.yml` templated from a role (seen on
    // yoshi0808/homelab-ansible; ansible resolves it at run time): a file iacgen cannot find here.
    pattern: /^\[Errno 2\] No such file or directory: '([^']+)'/,
    rule: 'ansible-missing-file',
    message: (m) =>
      `included file \`${m[1]}\` cannot be found (as ansible-lint resolved the path; one built from variables such as ` +
      `playbook_dir may exist only at run time): create it, or fix the path that names it`,
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
    if (match && (known.when?.(match) ?? true)) return { rule: known.rule, message: known.message(match) };
  }
  return { rule: 'syntax-check', message };
}
