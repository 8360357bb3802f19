import { z } from 'zod';
import { checkerManifestSchema } from '../manifest.js';
import type { CommandChecker, OutputParser, ParsedDiagnostic, Severity } from '../types.js';
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
 * `level` is what ansible-lint's own verdict (its exit code) uses, so it wins when present:
 * `yaml[truthy]` is Code Climate severity `info` yet fails the run at level `error`.
 * Without it, Code Climate severity decides.
 */
function severityOf(issue: Issue): Severity {
  if (issue.level === 'error' || issue.level === 'warning') return issue.level;
  const s = issue.severity ?? 'major';
  return ['blocker', 'critical', 'major'].includes(s) ? 'error' : s === 'minor' ? 'warning' : 'info';
}

function messageOf(issue: Issue): string {
  const description = issue.description.replace(/\\\[/g, '[');
  const body = firstLine(issue.content?.body ?? '');
  return body && body !== 'None' ? `${description} ${body}` : description;
}

/**
 * Where a `load-failure` really is: its location is line 1, but its body ends with the YAML
 * parser's `line N, column M` (the last one is where parsing stopped).
 */
function loadFailureAt(issue: Issue): { line: number; column: number } | undefined {
  if (issue.check_name !== 'load-failure') return undefined;
  const found = [...(issue.content?.body ?? '').matchAll(/line (\d+), column (\d+)/g)].at(-1);
  return found ? { line: position(found[1]), column: position(found[2]) } : undefined;
}

const parse: OutputParser = (output) => {
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
  return { diagnostics };
};

/**
 * ansible-lint: `ansible-lint --offline --nocolor -f codeclimate -q {files}` (all flags exist in
 * 6.13.1 per `ansible-lint --help`). `--offline` stops it installing requirements or refreshing
 * schemas. ansible-lint 6.13.1 keeps its cache under `$XDG_CACHE_HOME/ansible-compat/<hash>`
 * (ansible-compat 3 `prerun.get_cache_dir`), never in the checked directory.
 *
 * Exit codes (ansible-lint 6.13.1 `ansiblelint/constants.py`; "invalid config" moved from 2 to 3
 * in ansible-lint PR #2005): 0 success (warnings only), 2 violations found, 3 invalid config,
 * 4 cache lock time-out, 130 interrupted; argparse usage errors also exit 2, which the parser
 * turns into a failure because stdout is then not a JSON list.
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
    okExitCodes: [0, 2],
    installHint: 'apt-get install ansible-lint',
    env: { ...ANSIBLE_QUIET_ENV, NO_COLOR: '1' },
  }),
  parse,
};
