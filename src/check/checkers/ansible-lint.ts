import { z } from 'zod';
import { checkerManifestSchema } from '../manifest.js';
import type { CommandChecker, OutputParser, ParsedDiagnostic, Severity } from '../types.js';
import { EXIT_CODES, LINTED_EXIT_CODES, REPOSITORY_CONFIG_FAILURES, UNLOADABLE_RULES } from './ansible-lint-data.js';
import { ansibleMessages } from './ansible-output.js';
import { ANSIBLE_QUIET_ENV } from './ansible-syntax-check.js';
import { callFile, failed, firstLine, position, readJson } from './shared.js';

/** One issue of ansible-lint's Code Climate output (only the fields we read). */
const issueSchema = z.object({
  check_name: z.string(),
  description: z.string(),
  severity: z.string().optional(),
  level: z.string().optional(),
  location: z.object({
    path: z.string(),
    lines: z.object({ begin: z.number() }).optional(),
    positions: z.object({ begin: z.object({ line: z.number(), column: z.number().optional() }) }).optional(),
  }),
  content: z.object({ body: z.string().nullish() }).nullish(),
});
const reportSchema = z.array(issueSchema);
type Issue = z.infer<typeof issueSchema>;

/**
 * A rule id without its subtag: `load-failure[yaml]` -> `load-failure`, `yaml` -> `yaml`.
 * ansible-lint 6.13.1 prints `check_name` as `match.tag or match.rule.id`, and so do 25.2.1 and
 * 26.4.0 (`formatters/__init__.py` `CodeclimateJSONFormatter.format_result`), but 25+ give more
 * rules a subtag (`load-failure[runtimeerror]`, `load-failure[yaml]`, `syntax-check[unknown-module]`).
 * Compare ids with this; report the full id.
 */
export function baseRule(id: string): string {
  const at = id.indexOf('[');
  return at < 0 ? id : id.slice(0, at);
}

/**
 * ansible-lint's own verdict on one issue (what its exit code counts as a failure), kept as the
 * checker said it; what it means for the run (style as a warning unless the repository configures
 * ansible-lint) is decided later, by `src/verdict/table.ts`.
 *
 * `level` (6.x only: `issue["level"] = match.level`, computed from the warn list exactly as the
 * exit code is) wins when present: `yaml[truthy]` is severity `info` yet fails the run at level
 * `error`. 25.x and 26.x print no `level`; their severity is "minor" when `match.level` is
 * "warning", else "major", which is right except for the unloadable internal rules (always
 * "minor", yet failures: see {@link UNLOADABLE_RULES}); those get their default verdict here and
 * the exit code settles them (see {@link settle}).
 */
function severityOf(issue: Issue): Severity {
  if (issue.level === 'error' || issue.level === 'warning') return issue.level;
  const unloadable = issue.level === undefined ? UNLOADABLE_RULES[baseRule(issue.check_name)] : undefined;
  if (unloadable) return unloadable;
  const s = issue.severity ?? 'major';
  return ['blocker', 'critical', 'major'].includes(s) ? 'error' : s === 'minor' ? 'warning' : 'info';
}

/** What ansible-lint's exit code means (see {@link EXIT_CODES}), or undefined for an unknown code. */
function exitMeaning(code: number): { name: string; meaning: string } | undefined {
  for (const row of EXIT_CODES) if (row.codes[code]) return row.codes[code];
  return undefined;
}

/**
 * Makes the findings agree with ansible-lint's own verdict, its exit code: 0 means no failure
 * (an unloadable rule the user's warn list names is a warning), 2 means at least one failure
 * (an unloadable rule, whose Code Climate severity cannot tell, is one; with none of those,
 * `strict` made every match a failure: `__main__.py` `main`, `mark_as_success = False`).
 */
function settle(diagnostics: ParsedDiagnostic[], issues: Issue[], exitCode: number): void {
  const unloadable = (i: number): boolean => issues[i]?.level === undefined && baseRule(diagnostics[i]?.rule ?? '') in UNLOADABLE_RULES;
  const hasError = (): boolean => diagnostics.some((d) => d.severity === 'error');
  if (exitCode === 0) {
    diagnostics.forEach((d, i) => {
      if (unloadable(i) && d.severity === 'error') d.severity = 'warning';
    });
  } else if (exitCode === 2 && !hasError()) {
    diagnostics.forEach((d, i) => {
      if (unloadable(i)) d.severity = 'error';
    });
    if (!hasError()) for (const d of diagnostics) d.severity = 'error';
  }
}

/**
 * ansible's own error, when ansible-lint wraps a syntax check it could not run in an
 * `internal-error` ("Unexpected error code 1 from execution of: ansible-playbook ... --syntax-check
 * x.yml", ansible's output in the body: 6.13.1 `rules/syntax_check.py` / `_internal/rules.py`;
 * a missing vault password file is one such case).
 */
function wrappedAnsibleError(issue: Issue): string | undefined {
  if (baseRule(issue.check_name) !== 'internal-error' || !/from execution of: ansible-playbook\b/.test(issue.description)) return undefined;
  return ansibleMessages(issue.content?.body ?? '').find((m) => m.level === 'error')?.text;
}

function messageOf(issue: Issue): string {
  const wrapped = wrappedAnsibleError(issue);
  if (wrapped) return wrapped;
  const description = issue.description.replace(/\\\[/g, '[');
  const body = firstLine(issue.content?.body ?? '');
  return body && body !== 'None' ? `${description} ${body}` : description;
}

/**
 * Where a `load-failure` really is. 26.4.0 gives its position (`location.positions`); 6.13.1 and
 * 25.2.1 say line 1, but the body ends with the YAML parser's `line N, column M` (the last one is
 * where parsing stopped).
 */
function loadFailureAt(issue: Issue): { line: number; column: number } | undefined {
  if (baseRule(issue.check_name) !== 'load-failure' || issue.location.positions) return undefined;
  const found = [...(issue.content?.body ?? '').matchAll(/line (\d+), column (\d+)/g)].at(-1);
  return found ? { line: position(found[1]), column: position(found[2]) } : undefined;
}

/**
 * The cause and fix when ansible-lint refused the repository's configuration
 * ({@link REPOSITORY_CONFIG_FAILURES}), with paths under `cwd` (absolute) made relative to it.
 */
export function repositoryConfigFailure(text: string, cwd: string): string | undefined {
  for (const known of REPOSITORY_CONFIG_FAILURES) {
    const m = known.pattern.exec(text);
    if (m) return known.message(m).replaceAll(`${cwd.replace(/\/+$/, '')}/`, '');
  }
  return undefined;
}

/**
 * Parses one call's Code Climate list. Exit codes (see {@link EXIT_CODES}): 0 and 2 give the
 * findings, settled against the code; 5 (25+, no file analysed: all excluded by the user's
 * configuration) skips every file of the call; so does ansible-lint refusing the repository's
 * configuration ({@link REPOSITORY_CONFIG_FAILURES}); any other code, or stdout that is not a Code
 * Climate list, fails the call with the code's name. Pure; never throws.
 */
export const parseAnsibleLint: OutputParser = (output) => {
  const meaning = exitMeaning(output.exitCode);
  if (meaning?.meaning === 'no-files') {
    return { diagnostics: [], skipped: Object.fromEntries(output.files.map((f) => [f, `ansible-lint analysed no file of the call (${meaning.name}): excluded by its configuration?`])) };
  }
  if (!LINTED_EXIT_CODES.includes(output.exitCode)) {
    const refused = repositoryConfigFailure(`${output.stdout}\n${output.stderr}`, output.cwd);
    if (refused) return { diagnostics: [], skipped: Object.fromEntries(output.files.map((f) => [f, refused])) };
    return failed(`ansible-lint failed: ${meaning ? meaning.name : 'unknown exit code'}`, output);
  }
  const report = reportSchema.safeParse(readJson(output.stdout));
  if (!report.success) return failed('unreadable ansible-lint output (expected a Code Climate JSON list)', output);
  const diagnostics: ParsedDiagnostic[] = report.data.map((issue) => ({
    file: callFile(issue.location.path, output),
    line: loadFailureAt(issue)?.line ?? position(issue.location.positions?.begin.line ?? issue.location.lines?.begin),
    column: loadFailureAt(issue)?.column ?? position(issue.location.positions?.begin.column),
    severity: severityOf(issue),
    rule: issue.check_name,
    message: messageOf(issue),
    source: 'ansible-lint',
  }));
  if (output.exitCode === 2 && diagnostics.length === 0) {
    return failed('ansible-lint exited with violations but reported none', output);
  }
  settle(diagnostics, report.data, output.exitCode);
  return { diagnostics };
};

/**
 * ansible-lint: `ansible-lint --offline --nocolor -f codeclimate -q {files}` (all flags exist in
 * 6.13.1, 25.2.1 and 26.4.0 per `ansible-lint --help`). `--offline` stops it installing
 * requirements or refreshing schemas. Where it keeps its cache: 6.13.1 under
 * `$XDG_CACHE_HOME/ansible-compat/<hash>` (ansible-compat 3.0.1 `prerun.get_cache_dir`); 25.2.1 and
 * 26.4.0 in `<project dir>/.ansible` (ansible-compat 25.1.5 / 26.3.0 `prerun.get_cache_dir`, called
 * with `isolated=True` by `ansiblelint/__main__.py` and by `app.py` `App.__init__` through
 * `Runtime(isolated=True)`), which no option or variable moves: `ansible-lint-batch.ts` does.
 *
 * Exit codes: see {@link EXIT_CODES} (per version, with their sources).
 */
export const ansibleLint: CommandChecker = {
  ...checkerManifestSchema.parse({
    id: 'ansible-lint',
    cost: { call: 1000, file: 65 },
    command: 'ansible-lint',
    args: ['--offline', '--nocolor', '-f', 'codeclimate', '-q', '{files}'],
    fileTypes: ['ansible-playbook', 'ansible-tasks', 'ansible-vars'],
    mode: 'files',
    versionArgs: ['--version'],
    timeoutMs: 180_000,
    // 1: Python's exit for an uncaught exception or `sys.exit(message)`; the parser reads it
    // (a configuration ansible-lint refuses) or fails the call.
    okExitCodes: [...LINTED_EXIT_CODES, 1].sort((a, b) => a - b),
    installHint: 'apt-get install ansible-lint',
    runsRepositoryCode: true,
    env: { ...ANSIBLE_QUIET_ENV, NO_COLOR: '1' },
  }),
  parse: parseAnsibleLint,
};
