/**
 * The JUnit XML reporter, for CI systems that show test reports (GitLab, Jenkins, Azure
 * Pipelines, test-report actions): each checker is a test suite, each file it covered a test case.
 */
import { create } from 'xmlbuilder2';
import type { CheckStatus, Diagnostic, FileResult, ValidationResult } from '../check/types.js';
import { displayPath } from '../util/paths.js';
import { checkerCalls } from './pretty.js';
import { noteworthy } from './summary.js';

/** An element under construction (xmlbuilder2 does not export the type from its entry). */
type XMLBuilder = ReturnType<typeof create>;

/** The suite of iacgen's own findings and of the files not checked at all. */
const IACGEN = 'iacgen';

/** One file under one checker. */
interface Case {
  file: FileResult;
  status: CheckStatus;
  reason?: string;
  /** What a failed checker printed. */
  output?: string;
  diagnostics: Diagnostic[];
  /** This file's share of its call's wall time, in ms. */
  timeMs: number;
}

/**
 * Renders a JUnit XML report. Pure.
 *
 * Layout: `<testsuites name="iacgen">` holds one `<testsuite name=CHECKER>` per checker that
 * applied (ran or missing; `off` ones are left out), then one per other diagnostic source
 * (`iacgen`). Each holds one `<testcase name=PATH classname=CHECKER>` per file it covered:
 * `<failure>` for the `fail` and `error` statuses (`type` says which; the text lists the
 * diagnostics; a crashed checker's own output follows in `<system-err>`), `<skipped message=REASON>` for skipped checks, and `<system-out>` for the
 * warnings and infos of a passing check. The `iacgen` suite has a case per file with an iacgen
 * diagnostic (a required checker that did not run) or not checked at all (skipped, with why).
 *
 * Times are seconds: a test case gets its share of the call that covered it (a batch's wall time
 * divided by its files, calls recovered as in `checkerCalls`), so a suite's time is the sum of
 * its calls and the root's is the whole run's wall time. Text is escaped by the XML builder;
 * characters XML cannot hold (terminal escapes, NUL) become U+FFFD, and line breaks in
 * attributes become spaces (as an XML parser would read them anyway).
 *
 * Findings the baseline knows are never failures: a check failed only by them is a passing case
 * with them in `<system-out>`, each marked `(in the baseline)`.
 */
export function formatJunit(result: ValidationResult): string {
  const suites = casesBySuite(result);
  const doc = create({ version: '1.0', encoding: 'UTF-8', invalidCharReplacement: '\uFFFD' });
  const totals = { tests: 0, failures: 0, skipped: 0 };
  const root = doc.ele('testsuites', { name: IACGEN });
  for (const [name, cases] of suites) {
    const failures = cases.filter((c) => c.status === 'fail' || c.status === 'error').length;
    const skipped = cases.filter((c) => c.status === 'skipped').length;
    totals.tests += cases.length;
    totals.failures += failures;
    totals.skipped += skipped;
    const suite = root.ele('testsuite', {
      name,
      tests: String(cases.length),
      failures: String(failures),
      errors: '0',
      skipped: String(skipped),
      time: seconds(cases.reduce((sum, c) => sum + c.timeMs, 0)),
    });
    for (const c of cases) testcase(suite, name, c, result.cwd);
  }
  root.att({
    tests: String(totals.tests),
    failures: String(totals.failures),
    errors: '0',
    skipped: String(totals.skipped),
    time: seconds(result.durationMs),
  });
  return `${doc.end({ prettyPrint: true })}\n`;
}

/** The test cases of each suite, suites in checker order then other sources sorted. */
function casesBySuite(result: ValidationResult): Map<string, Case[]> {
  const share = new Map<string, number>();
  for (const call of checkerCalls(result)) {
    for (const file of call.files) share.set(`${call.checker}\n${file.absPath}`, call.durationMs / call.files.length);
  }
  const suites = new Map<string, Case[]>();
  for (const checker of result.checkers) if (checker.status !== 'off') suites.set(checker.id, []);
  const extra = new Map<string, Case[]>();
  const suiteOf = (name: string): Case[] => {
    const cases = suites.get(name) ?? extra.get(name) ?? [];
    if (!suites.has(name)) extra.set(name, cases);
    return cases;
  };
  for (const file of result.files) {
    const covered = new Set<string>();
    for (const check of file.checks) {
      covered.add(check.checker);
      const mine = file.diagnostics.filter((d) => d.source === check.checker);
      suiteOf(check.checker).push({
        file,
        status: baselineOnly(check.status, mine) ? 'pass' : check.status,
        ...(check.reason !== undefined ? { reason: check.reason } : {}),
        ...(check.output !== undefined ? { output: check.output } : {}),
        diagnostics: mine,
        timeMs: share.get(`${check.checker}\n${file.absPath}`) ?? 0,
      });
    }
    const orphans = new Map<string, Diagnostic[]>();
    for (const d of file.diagnostics) if (!covered.has(d.source)) orphans.set(d.source, [...(orphans.get(d.source) ?? []), d]);
    for (const [source, diagnostics] of orphans) {
      suiteOf(source).push({ file, status: diagnostics.some((d) => d.severity === 'error' && !d.baseline) ? 'fail' : 'pass', diagnostics, timeMs: 0 });
    }
    if (noteworthy(file) && !orphans.has(IACGEN)) {
      suiteOf(IACGEN).push({ file, status: 'skipped', reason: file.note, diagnostics: [], timeMs: 0 });
    }
  }
  for (const name of [...extra.keys()].sort()) suites.set(name, extra.get(name) ?? []);
  return new Map([...suites].filter(([, cases]) => cases.length > 0));
}

/** A failed check whose every error the baseline knows: not a failure (the run does not fail on it). */
function baselineOnly(status: CheckStatus, diagnostics: readonly Diagnostic[]): boolean {
  const errors = diagnostics.filter((d) => d.severity === 'error');
  return status === 'fail' && errors.length > 0 && errors.every((d) => d.baseline);
}

function testcase(suite: XMLBuilder, classname: string, c: Case, cwd: string): void {
  const shown = displayPath(c.file.absPath, cwd);
  const element = suite.ele('testcase', { name: attr(shown), classname, time: seconds(c.timeMs) });
  const text = c.diagnostics.map((d) => `${shown}:${d.line}:${d.column}: ${d.severity} ${d.rule} ${d.message}${d.baseline ? ' (in the baseline)' : ''}`).join('\n');
  if (c.status === 'fail' || c.status === 'error') {
    const errors = c.diagnostics.filter((d) => d.severity === 'error' && !d.baseline).length;
    const message = c.status === 'error' ? `${classname} failed: ${c.reason ?? 'unknown error'}` : `${errors} ${errors === 1 ? 'error' : 'errors'}`;
    element.ele('failure', { message: attr(message), type: c.status }).txt(text);
    if (c.output) element.ele('system-err').txt(c.output);
  } else if (c.status === 'skipped') {
    element.ele('skipped', { message: attr(c.reason ?? 'skipped') });
  } else if (text) {
    element.ele('system-out').txt(text);
  }
}

/** An attribute value: line breaks and tabs as spaces, which is what an XML parser reads them as. */
function attr(value: string): string {
  return value.replace(/[\r\n\t]/g, ' ');
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}
