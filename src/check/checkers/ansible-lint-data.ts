/**
 * Facts about ansible-lint's outputs, per version, read from its source (Debian's packages:
 * 6.13.1 on Debian 12, 25.2.1 packaged as "25.6.1+really25.2.1" on Debian 13, 26.4.0 on Debian
 * testing). Data only; `ansible-lint.ts` holds the logic that uses it.
 */

/** What an exit code of ansible-lint means for the files of the call. */
export type ExitMeaning = 'clean' | 'violations' | 'no-files' | 'broken';

/** One row of the exit-code table: the codes a range of versions documents. */
export interface ExitCodeRow {
  /** Oldest and newest major version (inclusive) the row was read from. */
  majors: [number, number];
  /** Where the values come from (file and name, with the version read). */
  source: string;
  codes: Record<number, { name: string; meaning: ExitMeaning }>;
}

/**
 * ansible-lint's exit codes. Shared by every version: 0 success (no failure; warnings allowed),
 * 2 violations found (at least one match counted as a failure by `App.count_results`, or any
 * match under `strict`), 3 invalid config, 4 cache lock time-out, 130 interrupted; argparse
 * usage errors exit 2 as well, with no JSON list on stdout.
 */
export const EXIT_CODES: ExitCodeRow[] = [
  {
    majors: [6, 6],
    source: 'ansible-lint 6.13.1 ansiblelint/constants.py (SUCCESS_RC ... EXIT_CONTROL_C_RC), app.py App.report_outcome',
    codes: {
      0: { name: 'SUCCESS_RC', meaning: 'clean' },
      2: { name: 'VIOLATIONS_FOUND_RC', meaning: 'violations' },
      3: { name: 'INVALID_CONFIG_RC', meaning: 'broken' },
      4: { name: 'LOCK_TIMEOUT_RC', meaning: 'broken' },
      130: { name: 'EXIT_CONTROL_C_RC', meaning: 'broken' },
    },
  },
  {
    majors: [25, 26],
    source:
      'ansible-lint 25.2.1 and 26.4.0 ansiblelint/constants.py class RC, app.py App.report_outcome ' +
      '(NO_FILES_MATCHED when mark_as_success and no file was analysed; FIXED_VIOLATIONS, 26 only, needs --fix)',
    codes: {
      0: { name: 'RC.SUCCESS', meaning: 'clean' },
      2: { name: 'RC.VIOLATIONS_FOUND', meaning: 'violations' },
      3: { name: 'RC.INVALID_CONFIG', meaning: 'broken' },
      4: { name: 'RC.LOCK_TIMEOUT', meaning: 'broken' },
      5: { name: 'RC.NO_FILES_MATCHED', meaning: 'no-files' },
      8: { name: 'RC.FIXED_VIOLATIONS', meaning: 'broken' },
      130: { name: 'RC.EXIT_CONTROL_C', meaning: 'broken' },
    },
  },
];

/** Every exit code some known version gives when it did lint (clean, violations, no files). */
export const LINTED_EXIT_CODES: number[] = [
  ...new Set(EXIT_CODES.flatMap((row) => Object.entries(row.codes).filter(([, c]) => c.meaning !== 'broken').map(([code]) => Number(code)))),
].sort((a, b) => a - b);

/**
 * ansible-lint's internal rules that 25.x and 26.x mark `unloadable`
 * (`ansiblelint/_internal/rules.py`: `RuntimeErrorRule` internal-error, `AnsibleParserErrorRule`
 * parser-error, `LoadingFailureRule` load-failure, `WarningRule` warning). Their `options` is
 * `None`, so `MatchError.level` (`errors.py`) is always "warning" and the Code Climate formatter
 * (`formatters/__init__.py` `CodeclimateJSONFormatter._remap_severity`) prints severity "minor";
 * yet `App.count_results` counts them as failures unless the warn list names their tag, id or a
 * tag of theirs, so a `load-failure` alone exits 2. Value: whether the default warn list
 * (`config.py` DEFAULT_WARN_LIST: experimental, jinja[spacing], fqcn[deep]) makes them warnings
 * (`warning` is tagged experimental).
 */
export const UNLOADABLE_RULES: Record<string, 'error' | 'warning'> = {
  'internal-error': 'error',
  'parser-error': 'error',
  'load-failure': 'error',
  warning: 'warning',
};

/**
 * Rules of ansible-lint's first phase (syntax check and load), by base name. In 6.13.1
 * (`runner.py` `Runner.run`) any of them in the call stops phase 2 for every file; in 25.2.1 and
 * 26.4.0 (`runner.py` `Runner._run`) only for the file concerned (`lintable.stop_processing`).
 */
export const GATE_RULES = ['load-failure', 'syntax-check'];

/**
 * ansible-lint refusing to run with the repository's own configuration, before it lints any file:
 * the same for every file, so every file's check is `skipped` with the cause and the fix (one
 * call, never a retry per file), never a crash per file and never a pass.
 * - `config`: the configuration is wrong for every version: "Rule 'load-failure' is unskippable,
 *   you cannot use it in 'skip_list' or 'warn_list'" (6.13.1 `runner.py` `Runner.__init__`,
 *   25.2.1/26.4.0 the same wording; seen on notthebee/infra's `.ansible-lint`).
 * - `version`: the repository's custom rules (`rulesdir`) do not import into the installed
 *   ansible-lint (6.13.1 `rules/__init__.py` `load_plugins` raising out of `import_module`; seen
 *   on adrienkohlbecker/homelab, whose rules import names 6.13.1 lacks and which 25.2.1 and 26.4.0 load).
 */
export const REPOSITORY_CONFIG_FAILURES: ReadonlyArray<{ pattern: RegExp; kind: 'config' | 'version'; message: (m: RegExpExecArray) => string }> = [
  {
    pattern: /Rule '([^']+)' is unskippable, you cannot use it in 'skip_list' or 'warn_list'/,
    kind: 'config',
    message: (m) =>
      `ansible-lint refuses the repository's configuration: rule \`${m[1]}\` cannot be skipped or ` +
      `warned about; remove it from skip_list/warn_list in .ansible-lint (exclude the file instead)`,
  },
  {
    pattern: /in load_plugins\n[\s\S]*?File "([^"]+)", line \d+, in <module>\n[\s\S]*?\n(\w*(?:Error|Exception)\b[^\n]*)/,
    kind: 'version',
    message: (m) =>
      `the repository's custom ansible-lint rules do not load into this ansible-lint (${m[1]}: ${m[2]}): ` +
      `install the ansible-lint version the repository is written for`,
  },
];
