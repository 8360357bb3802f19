/**
 * The checker pipeline: select the checkers for each file's type, group the files into calls
 * per the checker's mode, run every call in parallel (bounded by the cores), and fold the
 * parsed output back into per-file check records and diagnostics.
 */
import os from 'node:os';
import path from 'node:path';
import pLimit from 'p-limit';
import which from 'which';
import type { FileType } from '../classify/tables.js';
import { callChecker, type CallResult } from './call.js';
import type { Checker, CheckRecord, Diagnostic } from './types.js';

/** A file to check: absolute path and its type. */
export interface CheckTarget {
  absPath: string;
  type: FileType;
}

/** What the pipeline found for one file. */
export interface FileChecks {
  checks: CheckRecord[];
  diagnostics: Diagnostic[];
}

/** Options of {@link runChecks}. */
export interface RunOptions {
  /** Working directory of every call (absolute); files are passed relative to it. */
  cwd: string;
  checkers: readonly Checker[];
  /** Most calls at once; default: the number of cores. */
  concurrency?: number;
  /** Resolves a command to an executable path, or undefined when absent (default: PATH lookup). */
  resolveCommand?: (command: string) => Promise<string | undefined>;
}

/** Result of {@link runChecks}: per-file results keyed by absolute path, and absent checkers. */
export interface RunResult {
  byFile: Map<string, FileChecks>;
  /** Required checkers that were not installed: id -> install hint. */
  missing: Record<string, string>;
}

interface Call {
  checker: Checker;
  command: string;
  files: CheckTarget[];
  dir?: string;
}

/** Looks a command up on PATH; undefined when it is not there. */
export async function findOnPath(command: string): Promise<string | undefined> {
  return (await which(command, { nothrow: true })) ?? undefined;
}

/**
 * Runs every applicable checker on `targets`. Never throws for a checker's failure: a crash or a
 * time-out becomes the `error` status plus an error diagnostic (`checker-failed`) on its files.
 */
export async function runChecks(targets: readonly CheckTarget[], options: RunOptions): Promise<RunResult> {
  const byFile = new Map<string, FileChecks>(targets.map((t) => [t.absPath, { checks: [], diagnostics: [] }]));
  const missing: Record<string, string> = {};
  const resolve = options.resolveCommand ?? findOnPath;
  const calls: Call[] = [];

  for (const checker of options.checkers) {
    const files = targets.filter((t) => checker.fileTypes.includes(t.type));
    if (files.length === 0) continue;
    const command = await resolve(checker.command);
    if (!command) {
      if (!checker.required) continue;
      missing[checker.id] = checker.installHint;
      for (const file of files) {
        byFile.get(file.absPath)?.checks.push({
          checker: checker.id,
          status: 'skipped',
          durationMs: 0,
          reason: `${checker.command} not installed (${checker.installHint})`,
        });
      }
      continue;
    }
    calls.push(...planCalls(checker, command, files, options.cwd));
  }

  const limit = pLimit(options.concurrency ?? os.availableParallelism());
  const results = await Promise.all(
    calls.map((call) =>
      limit(() =>
        callChecker(
          call.checker,
          call.files.map((f) => relative(options.cwd, f.absPath)),
          options.cwd,
          call.command,
          call.dir,
        ),
      ),
    ),
  );
  calls.forEach((call, i) => fold(call, results[i] as CallResult, options.cwd, byFile));
  return { byFile, missing };
}

/** Splits one checker's files into calls according to its mode. */
export function planCalls(checker: Checker, command: string, files: CheckTarget[], cwd: string): Call[] {
  switch (checker.mode) {
    case 'file':
      return files.map((file) => ({ checker, command, files: [file] }));
    case 'files': {
      const calls: Call[] = [];
      for (let i = 0; i < files.length; i += checker.batchSize) {
        calls.push({ checker, command, files: files.slice(i, i + checker.batchSize) });
      }
      return calls;
    }
    case 'project': {
      const byDir = new Map<string, CheckTarget[]>();
      for (const file of files) {
        const dir = path.dirname(file.absPath);
        byDir.set(dir, [...(byDir.get(dir) ?? []), file]);
      }
      return [...byDir].map(([dir, group]) => ({ checker, command, files: group, dir: relative(cwd, dir) }));
    }
  }
}

function fold(call: Call, result: CallResult, cwd: string, byFile: Map<string, FileChecks>): void {
  const { checker } = call;
  const { parsed, durationMs } = result;
  const failing = new Set<string>();
  for (const d of parsed.diagnostics) {
    const absPath = path.resolve(cwd, d.file);
    const entry = byFile.get(absPath) ?? byFile.get(call.files[0]?.absPath ?? '');
    if (!entry) continue;
    const { file: _file, ...diagnostic } = d;
    entry.diagnostics.push(diagnostic);
    if (d.severity === 'error') failing.add(byFile.has(absPath) ? absPath : (call.files[0]?.absPath ?? ''));
  }
  for (const file of call.files) {
    const entry = byFile.get(file.absPath);
    if (!entry) continue;
    if (parsed.failure) {
      entry.checks.push({ checker: checker.id, status: 'error', durationMs, reason: parsed.failure });
      entry.diagnostics.push({
        line: 1,
        column: 1,
        severity: 'error',
        rule: 'checker-failed',
        message: `${checker.id} could not check this file: ${parsed.failure}`,
        source: checker.id,
      });
    } else {
      entry.checks.push({ checker: checker.id, status: failing.has(file.absPath) ? 'fail' : 'pass', durationMs });
    }
  }
}

/** `absPath` relative to `cwd`, as a checker argument: `./-x.sh` so no name reads as an option. */
function relative(cwd: string, absPath: string): string {
  const rel = path.relative(cwd, absPath) || '.';
  return rel.startsWith('-') ? `./${rel}` : rel;
}
