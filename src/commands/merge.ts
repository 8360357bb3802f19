/**
 * `iacgen merge REPORT...`: joins the reports of runs over disjoint parts of one repository (the
 * CI jobs of `validate --shard i/n`) into the report of the whole, and exits as that run would.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type * as Sarif from 'sarif';
import type { Context } from '../context.js';
import { EXIT, UsageError } from '../errors.js';
import { CHECKERS } from '../check/registry.js';
import { loadReporter, type Format } from '../report/index.js';
import { mergeResults, mergeSarif, MergeError, type NamedResult } from '../report/merge.js';
import { readReport, ReportShapeError } from '../report/read-report.js';
import { outputTarget, writeReport } from '../report/output.js';
import { summaryLine } from '../report/pretty.js';
import { failsRun, type FailOn } from '../verdict/fail-on.js';

/** The options of `iacgen merge`. */
export interface MergeFlags {
  /** The merged report's format; default: `json` for JSON reports, `sarif` for SARIF logs (the only one they give). */
  format?: Format;
  /** Write the merged report to this file (atomically) and print only the summary line. */
  output?: string;
  /** The lowest severity that makes the merge exit 1 (default `error`), as validate's `--fail-on`. */
  failOn?: FailOn;
}

/** Checker ids in the order one run lists them: the registry's, then iacgen's own rules. */
const CHECKER_ORDER = [...CHECKERS.map((c) => c.id), 'iacgen'];

/**
 * Runs `iacgen merge`. JSON reports (`validate --format json`) join into any `--format`; SARIF
 * logs join into SARIF. Returns 1 when the merged findings reach `--fail-on`, else 0.
 * @throws UsageError (exit 2) when a report cannot be read, is not a JSON report or SARIF log of
 *   iacgen, the formats are mixed, the reports overlap or a shard is missing, or `--output` cannot be written
 */
export async function runMerge(context: Context, files: string[], flags: MergeFlags): Promise<number> {
  if (files.length === 0) throw new UsageError('iacgen merge needs the reports to join', 'give every shard\'s JSON report, e.g. iacgen merge shard-1.json shard-2.json shard-3.json');
  const output = flags.output === undefined ? undefined : await outputTarget(context.cwd, flags.output);
  const read = await Promise.all(
    files.map(async (name) => {
      let text: string;
      try {
        text = await readFile(path.resolve(context.cwd, name), 'utf8');
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        throw new UsageError(`cannot read the report ${name}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : (code ?? String(err))}`, 'give the files the shards wrote with --output');
      }
      try {
        return { name, report: readReport(text, context.cwd) };
      } catch (err) {
        if (err instanceof ReportShapeError) throw new UsageError(`${name} is ${err.message}`, 'merge the reports of `iacgen validate --format json` (or --format sarif) as they were written');
        throw err;
      }
    }),
  );
  const formats = new Set(read.map((r) => r.report.format));
  if (formats.size > 1) throw new UsageError(`the reports mix JSON and SARIF: ${read.map((r) => `${r.name} (${r.report.format})`).join(', ')}`, 'merge reports of one format (JSON reports can be turned into any format with --format)');
  const failOn = flags.failOn ?? 'error';
  const color = Boolean(context.stdout.isTTY) && !context.env.NO_COLOR;
  try {
    if (formats.has('sarif')) {
      if (flags.format !== undefined && flags.format !== 'sarif') throw new UsageError(`SARIF logs merge into SARIF only, not --format ${flags.format}`, 'give the shards\' JSON reports to get another format, or leave out --format');
      const logs = read.map((r) => ({ name: r.name, log: (r.report as { log: Sarif.Log }).log }));
      const merged = mergeSarif(logs, CHECKER_ORDER);
      const text = `${JSON.stringify(merged, null, 2)}\n`;
      const failing = sarifFailures(merged, failOn);
      if (output) {
        await writeReport(output, text);
        context.stdout.write(`merged ${logs.length} SARIF logs: ${failing} ${failing === 1 ? 'result' : 'results'} at --fail-on ${failOn}\n`);
      } else context.stdout.write(text);
      return failing > 0 ? EXIT.findings : EXIT.ok;
    }
    const results: NamedResult[] = read.map((r) => ({ name: r.name, result: (r.report as { result: NamedResult['result'] }).result }));
    const merged = mergeResults(results, CHECKER_ORDER);
    const reporter = await loadReporter(flags.format ?? 'json');
    if (output) {
      await writeReport(output, reporter(merged, { color: false, failOn }));
      context.stdout.write(`${summaryLine(merged, { color, failOn })}\n`);
    } else context.stdout.write(reporter(merged, { color, failOn }));
    return failsRun(merged, failOn) ? EXIT.findings : EXIT.ok;
  } catch (err) {
    if (err instanceof MergeError) throw new UsageError(`cannot merge: ${err.message}`, 'give each shard\'s report once, all from the same CI run');
    throw err;
  }
}

/** SARIF results that fail a run held to `failOn`: level `error` (and `warning`), the baseline's left out. */
function sarifFailures(log: Sarif.Log, failOn: FailOn): number {
  let n = 0;
  for (const run of log.runs) {
    for (const r of run.results ?? []) {
      if (r.baselineState === 'unchanged') continue;
      if (r.level === 'error' || (failOn === 'warning' && r.level === 'warning')) n++;
    }
  }
  return n;
}
