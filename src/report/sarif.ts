/**
 * The SARIF reporter: a SARIF 2.1.0 log for code-scanning tools (GitHub code scanning, IDE SARIF
 * viewers). One run per checker, whose results are that checker's diagnostics.
 */
import type * as Sarif from 'sarif';
import { sarifRuleDescriptor } from '../policy/describe.js';
import type { CheckRecord, Diagnostic, FileResult, Severity, ValidationResult } from '../check/types.js';
import type { CheckerInfo } from '../check/runner.js';
import { displayPath } from '../util/paths.js';
import { noteworthy } from './summary.js';
import { ruleAddress } from './rule-address.js';

/** The OASIS schema of SARIF 2.1.0 (errata 01), named in the log's `$schema`. */
export const SARIF_SCHEMA_URI = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

/** The tool name of iacgen's own findings (policy rules, required checkers that did not run). */
const IACGEN = 'iacgen';

const LEVEL: Record<Severity, Sarif.Result.level> = { error: 'error', warning: 'warning', info: 'note' };

/**
 * Renders a SARIF 2.1.0 log. Pure.
 *
 * - One run per checker that applied (ran or missing; `off` ones are left out), in the order of
 *   `result.checkers`, then one per other diagnostic source (`iacgen`). `tool.driver.name` is the
 *   checker id, `version` its version when known, `rules` the distinct rule ids of its results
 *   (sorted), with a `helpUri` only where the address is certain (ShellCheck's wiki).
 * - Every diagnostic is a result (so the log fails exactly when `iacgen validate` does): `ruleId`,
 *   `level` (`error`/`warning`/`note`), `message.text`, and one location whose `uri` is the path
 *   relative to the run's working directory, `/`-separated and percent-encoded (a URI reference),
 *   with `startLine`/`startColumn`. Its property bag holds `agreed` (the checkers that reported
 *   the same finding; it is a result of the first one's run) and `checkerSeverity` (the checker's
 *   own severity, when iacgen's verdict layer changed it).
 * - With a baseline in use (`result.baseline`), each result has `baselineState`: `unchanged` for a
 *   finding the baseline knows, `new` for the others.
 * - Checks that did not happen are `invocations[0].toolExecutionNotifications`, one per reason
 *   with the files as locations: skipped (not installed, or the checker said why) and `error`
 *   (crashed, timed out; then `executionSuccessful` is false). Files not checked at all (too
 *   large, unreadable) are notifications of the `iacgen` run.
 * - A checker that can run the repository's code and ran without the sandbox has one
 *   `invocations[0].toolConfigurationNotifications` entry (descriptor `sandbox`) saying why.
 */
export function formatSarif(result: ValidationResult): string {
  const known = new Map(result.checkers.map((c) => [c.id, c]));
  const sources = new Set<string>();
  for (const checker of result.checkers) if (checker.status !== 'off') sources.add(checker.id);
  const others = new Set<string>();
  for (const file of result.files) for (const d of file.diagnostics) if (!sources.has(d.source)) others.add(d.source);
  if (result.files.some(notChecked) && !sources.has(IACGEN)) others.add(IACGEN);
  const runs = [...sources, ...[...others].sort()].map((source) => run(source, known.get(source), result));
  const log: Sarif.Log = { $schema: SARIF_SCHEMA_URI, version: '2.1.0', runs };
  return `${JSON.stringify(log, null, 2)}\n`;
}

function run(source: string, checker: CheckerInfo | undefined, result: ValidationResult): Sarif.Run {
  const found: Array<{ file: FileResult; diagnostic: Diagnostic }> = [];
  for (const file of result.files) for (const diagnostic of file.diagnostics) if (diagnostic.source === source) found.push({ file, diagnostic });
  const ruleIds = [...new Set(found.map((f) => f.diagnostic.rule))].sort();
  const rules: Sarif.ReportingDescriptor[] = ruleIds.map((id) => {
    // iacgen's own rules carry their metadata (description, default level, doc) from the registry.
    const own = source === IACGEN ? sarifRuleDescriptor(id) : undefined;
    if (own) return own;
    const helpUri = ruleAddress(source, id);
    return helpUri ? { id, helpUri } : { id };
  });
  const results: Sarif.Result[] = found.map(({ file, diagnostic: d }) => ({
    ruleId: d.rule,
    ruleIndex: ruleIds.indexOf(d.rule),
    level: LEVEL[d.severity],
    message: { text: d.message },
    locations: [location(file, result.cwd, d)],
    // With a baseline in use, every result says whether the baseline knows it.
    ...(result.baseline ? { baselineState: d.baseline ? ('unchanged' as const) : ('new' as const) } : {}),
    ...(d.agreed || d.checkerSeverity ? { properties: { ...(d.agreed ? { agreed: d.agreed } : {}), ...(d.checkerSeverity ? { checkerSeverity: d.checkerSeverity } : {}) } } : {}),
  }));
  const notifications = [...checkNotifications(source, checker, result), ...(source === IACGEN ? notCheckedNotifications(result) : [])];
  const failed = checker?.status === 'missing' || result.files.some((f) => f.checks.some((c) => c.checker === source && c.status === 'error'));
  const configuration = sandboxNotifications(checker, result);
  const invocation: Sarif.Invocation = {
    executionSuccessful: !failed,
    ...(notifications.length > 0 ? { toolExecutionNotifications: notifications } : {}),
    ...(configuration.length > 0 ? { toolConfigurationNotifications: configuration } : {}),
  };
  const driver: Sarif.ToolComponent = { name: source, ...(checker?.version ? { version: checker.version } : {}), rules };
  return { tool: { driver }, invocations: [invocation], results };
}

/** A file's location in a result or notification; the region only when a position is given. */
function location(file: FileResult, cwd: string, at?: { line: number; column: number }): Sarif.Location {
  const artifactLocation: Sarif.ArtifactLocation = { uri: uriOf(displayPath(file.absPath, cwd)) };
  return { physicalLocation: at ? { artifactLocation, region: { startLine: at.line, startColumn: at.column } } : { artifactLocation } };
}

/** A `/`-separated relative path as a relative URI reference: each segment percent-encoded. */
export function uriOf(relativePath: string): string {
  return relativePath.split('/').map(encodeURIComponent).join('/');
}

/** The skipped and errored checks of one checker, one notification per level and reason. */
function checkNotifications(source: string, checker: CheckerInfo | undefined, result: ValidationResult): Sarif.Notification[] {
  const byReason = new Map<string, { level: Sarif.Notification.level; text: string; locations: Sarif.Location[] }>();
  for (const file of result.files) {
    for (const check of file.checks) {
      if (check.checker !== source || (check.status !== 'skipped' && check.status !== 'error')) continue;
      const level = notificationLevel(check, checker);
      const text = check.status === 'error' ? `${source} failed: ${check.reason ?? 'no reason given'}` : `${source} skipped: ${check.reason ?? 'no reason given'}`;
      const key = `${level}\n${text}`;
      const entry = byReason.get(key) ?? { level, text, locations: [] };
      entry.locations.push(location(file, result.cwd));
      byReason.set(key, entry);
    }
  }
  return [...byReason.values()].map(({ level, text, locations }) => ({ level, message: { text }, locations }));
}

function notificationLevel(check: CheckRecord, checker: CheckerInfo | undefined): Sarif.Notification.level {
  if (check.status === 'error' || checker?.policy === 'required') return 'error';
  return 'warning';
}

/** Files that were not checked at all, with their reason (binary files and symlinks checked at their target are not worth a word). */
function notCheckedNotifications(result: ValidationResult): Sarif.Notification[] {
  return result.files.filter(notChecked).map((file) => ({
    level: 'warning',
    message: { text: file.note ?? 'not checked' },
    locations: [location(file, result.cwd)],
  }));
}

function notChecked(file: FileResult): boolean {
  return noteworthy(file);
}

/**
 * A checker that can run the repository's code and ran without the sandbox: one configuration
 * notification saying why (`warning` when the sandbox could not start, `note` when switched off).
 */
function sandboxNotifications(checker: CheckerInfo | undefined, result: ValidationResult): Sarif.Notification[] {
  const state = result.sandbox;
  if (checker?.sandboxed !== false || !state || state.status === 'on') return [];
  const text = state.status === 'off' ? `ran without the sandbox: switched off by ${state.why}` : `ran without the sandbox: ${state.why} (to fix: ${state.fix})`;
  return [{ level: state.status === 'off' ? 'note' : 'warning', descriptor: { id: 'sandbox' }, message: { text } }];
}
