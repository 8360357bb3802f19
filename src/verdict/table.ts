/**
 * What each checker's findings mean, by consequence. Data only; `apply.ts` holds the logic.
 *
 * - `defect`: the file will not load, parse, run or deploy as written. The checker's own severity
 *   stands (a ShellCheck `warning` stays a warning; its `error` level is an error).
 * - `style`: style and opinion. An `error` becomes a `warning`, unless the repository configures
 *   that checker itself (see {@link CONFIGURABLE}): then the checker's own severity stands.
 * - `environment`: the file could not be checked completely because something outside it is
 *   missing here (a role, a collection, a newer ansible-core, an env file). A `warning`, and the
 *   check is `skipped` with the cause; with `--strict`, an `error` and the check `fail`s.
 *
 * Rows are tried in order; the first whose checker and rule match decides. A checker without a
 * row keeps its severities (iacgen's own rules, whose severities `iacgen.yaml` sets).
 */

/** What a finding means for the file. */
export type Consequence = 'defect' | 'style' | 'environment';

/** One fact: a checker's rule (an id, or a pattern over the whole rule id) and what it means. */
export interface ConsequenceRow {
  /** Checker id, or `*` for every checker. */
  checker: string;
  /** The rule id, or a pattern over it; `*` for every rule of the checker. */
  rule: string | RegExp;
  consequence: Consequence;
  /** Only for the checker's versions whose major is below this (the fact is about older versions). */
  below?: number;
  /** Where the fact comes from. */
  source: string;
}

/** The named causes of a missing environment (rule ids shared by the checkers that report them). */
export const ENVIRONMENT_RULES = [
  'ansible-missing-role',
  'ansible-missing-collection',
  'ansible-missing-file',
  'ansible-module-unavailable',
  'ansible-vault-password-missing',
  'compose-missing-env-file',
  'compose-missing-build-context',
  'compose-missing-file',
  'compose-missing-variable',
] as const;

const ENVIRONMENT = new RegExp(`^(?:${ENVIRONMENT_RULES.join('|')})$`);

/** Every fact, in the order they are tried. */
export const CONSEQUENCES: readonly ConsequenceRow[] = [
  // iacgen's own verdicts about a run: never remapped.
  { checker: '*', rule: /^checker-(?:failed|missing)$/, consequence: 'defect', source: 'iacgen (runner.ts): a checker that crashed, or a required checker that did not run' },
  { checker: '*', rule: ENVIRONMENT, consequence: 'environment', source: 'iacgen: the named causes (ansible-errors.ts, compose/local-paths.ts, compose/config-output.ts)' },

  // yamllint
  { checker: 'yamllint', rule: 'syntax', consequence: 'defect', source: 'yamllint linter.py get_syntax_error: the file is not YAML (always level error)' },
  {
    checker: 'yamllint',
    rule: 'key-duplicates',
    consequence: 'defect',
    source: 'yamllint rules/key_duplicates.py: the later key silently wins; Compose v2 (compose-go) rejects the file ("mapping key ... already defined")',
  },
  { checker: 'yamllint', rule: '*', consequence: 'style', source: 'yamllint docs "Rules": every other rule is cosmetic (layout, spacing, quoting, line length)' },

  // ansible-lint
  {
    checker: 'ansible-lint',
    rule: /^(?:syntax-check|load-failure|parser-error|internal-error)(?:\[.*\])?$/,
    consequence: 'defect',
    source: 'ansible-lint _internal/rules.py and rules/syntax_check.py (6.13.1, 25.2.1, 26.4.0): the file fails ansible-playbook --syntax-check or cannot be loaded',
  },
  {
    checker: 'ansible-lint',
    rule: /^schema(?:\[.*\])?$/,
    consequence: 'style',
    below: 25,
    source:
      'measured (issue 13 corpus): the schemas ansible-lint 6.13.1 bundles reject valid plays (become_method: ansible.builtin.sudo, ' +
      'which ansible-core 2.14-2.22 and ansible-lint 25.2.1 and 26.4.0 accept); ansible-playbook --syntax-check still reports what ansible rejects',
  },
  { checker: 'ansible-lint', rule: /^schema(?:\[.*\])?$/, consequence: 'defect', source: 'ansible-lint rules/schema.py: the file does not match the schema of its kind (ansible rejects it)' },
  {
    checker: 'ansible-lint',
    rule: '*',
    consequence: 'style',
    source: 'ansible-lint docs "Rules": its other rules (fqcn, name[*], no-free-form, yaml[*], risky-*, no-changed-when, ...) are conventions of its profiles',
  },

  // ansible-playbook --syntax-check: every error stops the playbook from loading.
  { checker: 'ansible-syntax-check', rule: '*', consequence: 'defect', source: 'ansible-playbook --syntax-check: the playbook does not load' },

  // shell
  { checker: 'shellcheck', rule: '*', consequence: 'defect', source: 'shellcheck(1) --severity: its own levels (error, warning, info, style) stand' },
  { checker: 'shfmt', rule: 'parse', consequence: 'defect', source: 'shfmt(1): a file it cannot parse' },
  { checker: 'shfmt', rule: '*', consequence: 'style', source: 'shfmt(1) -d: a formatting diff' },

  // Terraform
  { checker: 'terraform-fmt', rule: 'syntax', consequence: 'defect', source: 'terraform fmt: a syntax error' },
  { checker: 'terraform-fmt', rule: '*', consequence: 'style', source: 'terraform fmt -check: not in canonical format' },
];

/**
 * Checkers whose severities a repository can set in its own configuration, and the names of the
 * files that say so (found by `configs.ts`): with one present, that checker's style findings keep
 * the checker's severity.
 */
export const CONFIGURABLE: Readonly<Record<string, string>> = {
  yamllint: 'a yamllint configuration (.yamllint, .yamllint.yaml, .yamllint.yml, $YAMLLINT_CONFIG_FILE, ~/.config/yamllint/config)',
  'ansible-lint': 'an ansible-lint configuration (.ansible-lint, .ansible-lint.yml, .ansible-lint.yaml, .config/ansible-lint.yml, .config/ansible-lint.yaml)',
};

/**
 * The consequence of a finding of `checker` with rule `rule`, or undefined when no row says.
 * @param version the checker's version as the run read it (`6.13.1`); rows with `below` apply only when it is known and older
 */
export function consequenceOf(checker: string, rule: string, version?: string): Consequence | undefined {
  for (const row of CONSEQUENCES) {
    if (row.checker !== '*' && row.checker !== checker) continue;
    if (row.below !== undefined && !(version !== undefined && Number.parseInt(version, 10) < row.below)) continue;
    if (row.rule === '*' || (typeof row.rule === 'string' ? row.rule === rule : row.rule.test(rule))) return row.consequence;
  }
  return undefined;
}
