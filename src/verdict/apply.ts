/**
 * The verdict layer: after the checker pipeline and the result cache (so a cached raw verdict is
 * mapped by today's table), turns what the checkers said into what it means for the run:
 *
 * 1. named causes (`causes.ts`): ansible-lint's forms of a missing role, collection or module;
 * 2. severity by consequence (`table.ts`): style is a warning unless the repository configures
 *    that checker; a missing environment is a warning (an error under `strict`);
 * 3. each check's status from its mapped findings: `fail` with an error, else `skipped` (with
 *    the cause as the reason) when the environment stopped it, else `pass`; the checker's own
 *    verdict stays in `checkerStatus` when it differs;
 * 4. a finding reported by several checkers once (`dedupe.ts`).
 *
 * Everything the reporters and the pre-commit hook see has gone through it.
 */
import type { CheckRecord, Diagnostic, FileResult, Severity } from '../check/types.js';
import { nameCause } from './causes.js';
import { dedupe } from './dedupe.js';
import { consequenceOf } from './table.js';

/** What the verdict layer needs to know about the run. */
export interface VerdictOptions {
  /** Ids of the checkers the repository configures itself (`configs.ts` ownConfigs). */
  own: ReadonlySet<string>;
  /** `--strict`: a missing environment is an error and its check fails. */
  strict?: boolean;
  /** The installed ansible-core's version, when read (named in `ansible-module-unavailable`). */
  ansibleCore?: string;
  /** Each checker's version as the run read it, by checker id (for the table's rows about older versions). */
  versions?: Readonly<Record<string, string>>;
}

/** Runner diagnostics that are about the run, not the checker's verdict on the file. */
const RUN_RULES = new Set(['checker-missing', 'checker-failed']);

/** One diagnostic with its severity by consequence; `checkerSeverity` keeps the checker's when it changed. */
export function mapSeverity(d: Diagnostic, options: VerdictOptions): Diagnostic {
  const consequence = consequenceOf(d.source, d.rule, options.versions?.[d.source]);
  let severity: Severity = d.severity;
  if (consequence === 'style' && !options.own.has(d.source) && d.severity === 'error') severity = 'warning';
  if (consequence === 'environment') severity = options.strict ? 'error' : 'warning';
  if (severity === d.severity) return d;
  return { ...d, severity, checkerSeverity: d.checkerSeverity ?? d.severity };
}

/**
 * A check's status from its mapped findings on the file. A `pass`/`fail` whose findings cannot
 * explain it (a failure with no error finding of that checker) is left as the checker said.
 */
function checkStatus(check: CheckRecord, mine: readonly Diagnostic[], options: VerdictOptions): CheckRecord {
  if (check.status !== 'pass' && check.status !== 'fail') return check;
  const raw = mine.some((d) => (d.checkerSeverity ?? d.severity) === 'error');
  if (check.status === 'fail' && !raw) return check;
  const environment = mine.filter((d) => consequenceOf(d.source, d.rule, options.versions?.[d.source]) === 'environment');
  const status = mine.some((d) => d.severity === 'error') ? 'fail' : environment.length > 0 ? 'skipped' : 'pass';
  if (status === check.status) return check;
  const reason = status === 'skipped' ? { reason: [...new Set(environment.map((d) => `${d.rule}: ${d.message}`))].join('; ') } : {};
  return { ...check, status, ...reason, checkerStatus: check.status };
}

/** One file's result through the verdict layer. Pure. */
export function applyVerdict(file: FileResult, options: VerdictOptions): FileResult {
  const mapped = file.diagnostics.map((d) => mapSeverity(nameCause(d, options.ansibleCore), options));
  const checks = file.checks.map((check) =>
    checkStatus(
      check,
      mapped.filter((d) => d.source === check.checker && !RUN_RULES.has(d.rule)),
      options,
    ),
  );
  return { ...file, checks, diagnostics: dedupe(mapped) };
}

/** Every file's result through the verdict layer (see the module's comment). Pure. */
export function applyVerdicts(files: readonly FileResult[], options: VerdictOptions): FileResult[] {
  return files.map((file) => applyVerdict(file, options));
}
