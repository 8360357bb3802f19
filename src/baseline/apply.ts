/**
 * The baseline layer: after the checker pipeline, the result cache and the verdict layer (so a
 * cached result is matched exactly as a fresh one), marks the findings the baseline knows
 * (`baseline: true`) and counts what is new and what is stale. Also the keyed findings of a run,
 * from which `iacgen baseline` writes the file.
 */
import { wholeFile } from './whole-file.js';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import pLimit from 'p-limit';
import type { BaselineUse, CheckerInfo, Diagnostic, FileResult } from '../check/types.js';
import type { Baseline, BaselineEntry } from './file.js';
import { fingerprintOf, splitLines } from './fingerprint.js';
import { entryTotal, matchBaseline, type FindingKey } from './match.js';

/** Runner findings about the run, not the code (a checker missing or crashed): never in a baseline. */
const RUN_RULES = new Set(['checker-missing', 'checker-failed']);

/** What the baseline layer needs to know about the run. */
export interface BaselineScope {
  /** The repository root (absolute): baseline paths are relative to it. */
  root: string;
  /**
   * The run checked the whole repository (no paths, from the root): entries of files it did not
   * meet are stale too (the file is gone or excluded). Otherwise only entries of checked files count.
   */
  whole: boolean;
  /**
   * Repository paths (`/`) this run leaves to another on purpose (`--shard`, `--changed-since`):
   * their entries are not judged here, whatever `whole` says.
   */
  elsewhere?: ReadonlySet<string>;
}

/** A finding with its key, and where it sits in the run's result. */
export interface KeyedFinding extends FindingKey {
  message: string;
  /** Index of its file in the result's `files`. */
  fileIndex: number;
  /** Index in that file's `diagnostics`. */
  index: number;
}

/** A path relative to `root`, `/`-separated. */
export function repositoryPath(root: string, absPath: string): string {
  return path.relative(root, absPath).split(path.sep).join('/');
}

/** True for a diagnostic a baseline may hold (every finding about the code; not `checker-missing` / `checker-failed`). */
export function baselinable(d: Diagnostic): boolean {
  return !RUN_RULES.has(d.rule);
}

/**
 * Every baselinable finding of `files` with its key. Reads each file holding one (its current
 * bytes, as the checkers saw them); a file that cannot be read gives whole-file keys.
 */
export async function keyFindings(files: readonly FileResult[], root: string): Promise<KeyedFinding[]> {
  const limit = pLimit(16);
  const perFile = await Promise.all(
    files.map((file, fileIndex) =>
      limit(async (): Promise<KeyedFinding[]> => {
        if (!file.diagnostics.some(baselinable)) return [];
        const text = await readFile(file.absPath, 'utf8').catch(() => '');
        const lines = text === '' ? [] : splitLines(text);
        const rel = repositoryPath(root, file.absPath);
        return file.diagnostics.flatMap((d, index) =>
          baselinable(d) ? [{ file: rel, source: d.source, rule: d.rule, message: d.message, fileIndex, index, ...fingerprintOf(lines, { ...d, wholeFile: wholeFile(d) }) }] : [],
        );
      }),
    ),
  );
  return perFile.flat();
}

/**
 * Whether this run could tell that an entry no longer occurs: its file was checked with its
 * checker running (not off, missing, skipped or broken), or, for a run of the whole repository,
 * its file is no longer among the checked ones. Pure.
 */
export function judges(entry: BaselineEntry, files: ReadonlyMap<string, FileResult>, checkers: readonly CheckerInfo[], scope: BaselineScope): boolean {
  const checker = checkers.find((c) => c.id === entry.source);
  if (checker && checker.status !== 'ran') return false;
  const file = files.get(entry.file);
  if (!file) return scope.whole && !scope.elsewhere?.has(entry.file);
  const check = file.checks.find((c) => c.checker === entry.source);
  return !check || check.status === 'pass' || check.status === 'fail';
}

/** The run's files by repository-relative path. */
export function filesByPath(files: readonly FileResult[], root: string): Map<string, FileResult> {
  return new Map(files.map((f) => [repositoryPath(root, f.absPath), f]));
}

/**
 * Matches a run's files against `baseline`: returns them with `baseline: true` on every known
 * finding, and the counts of the JSON report's `baseline`. Reads the files holding findings.
 * @param shown the baseline file as the report names it
 */
export async function applyBaseline(
  files: readonly FileResult[],
  checkers: readonly CheckerInfo[],
  baseline: Baseline,
  scope: BaselineScope,
): Promise<{ files: FileResult[]; use: BaselineUse }> {
  const keyed = await keyFindings(files, scope.root);
  const { matched, fresh, unmatched } = matchBaseline(keyed, baseline.entries);
  const known = new Set(matched.map((f) => `${f.fileIndex}:${f.index}`));
  const marked = files.map((file, fileIndex) =>
    file.diagnostics.some((_, i) => known.has(`${fileIndex}:${i}`))
      ? { ...file, diagnostics: file.diagnostics.map((d, i): Diagnostic => (known.has(`${fileIndex}:${i}`) ? { ...d, baseline: true } : d)) }
      : file,
  );
  const byPath = filesByPath(files, scope.root);
  const stale = entryTotal(unmatched.filter((e) => judges(e, byPath, checkers, scope)));
  // Run findings (a missing checker) are never in a baseline: they count as new.
  const runFindings = files.reduce((sum, f) => sum + f.diagnostics.filter((d) => !baselinable(d)).length, 0);
  return { files: marked, use: { file: baseline.file, matched: matched.length, new: fresh.length + runFindings, stale } };
}
