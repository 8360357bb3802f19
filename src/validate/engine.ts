/**
 * The validate engine: paths -> classified files -> checks -> diagnostics. Returns a
 * {@link ValidationResult}; reporters turn it into text and the CLI picks the exit code.
 */
import path from 'node:path';
import { execa } from 'execa';
import pLimit from 'p-limit';
import { CHECKERS } from '../check/registry.js';
import { runChecks, type RunOptions } from '../check/runner.js';
import type { Checker, FileResult, ValidationResult } from '../check/types.js';
import { discoverFiles } from './discover.js';
import { readAndClassify } from './read.js';

/** Options of {@link validate}. */
export interface ValidateOptions {
  /** Absolute working directory; report paths are relative to it. */
  cwd: string;
  /** Files or folders to check, relative to `cwd`; empty: the whole tree under `cwd`. */
  paths?: readonly string[];
  /** A missing required checker becomes an error finding. */
  strict?: boolean;
  /** Checkers to run (default: the built-in registry). */
  checkers?: readonly Checker[];
  resolveCommand?: RunOptions['resolveCommand'];
}

/**
 * Validates files with every applicable checker, in parallel.
 * @throws UsageError (exit 2) when a given path cannot be read
 */
export async function validate(options: ValidateOptions): Promise<ValidationResult> {
  const { cwd } = options;
  const files = await discoverFiles(cwd, options.paths ?? []);
  const root = await repositoryRoot(cwd);
  const readLimit = pLimit(16);
  const classified = await Promise.all(files.map((f) => readLimit(() => readAndClassify(f, root))));
  const targets = classified.filter((f) => f.type !== 'unknown');
  const run = await runChecks(targets, {
    cwd,
    checkers: options.checkers ?? CHECKERS,
    ...(options.resolveCommand ? { resolveCommand: options.resolveCommand } : {}),
  });

  const results: FileResult[] = classified.map((file) => {
    const found = run.byFile.get(file.absPath) ?? { checks: [], diagnostics: [] };
    const diagnostics = [...found.diagnostics];
    if (options.strict) {
      for (const check of found.checks.filter((c) => c.status === 'skipped')) {
        diagnostics.push({
          line: 1,
          column: 1,
          severity: 'error',
          rule: 'checker-missing',
          message: `required checker ${check.checker} did not run (--strict): ${check.reason ?? 'skipped'}`,
          source: 'iacgen',
        });
      }
    }
    diagnostics.sort((a, b) => a.line - b.line || a.column - b.column || a.source.localeCompare(b.source));
    return { absPath: file.absPath, type: file.type, checks: found.checks, diagnostics, ...(file.note ? { note: file.note } : {}) };
  });
  return { cwd, files: results, missing: run.missing };
}

/** The git work tree's top folder holding `cwd`, or `cwd` itself outside git. */
async function repositoryRoot(cwd: string): Promise<string> {
  const git = await execa('git', ['rev-parse', '--show-toplevel'], { cwd, reject: false, stdin: 'ignore' });
  return git.exitCode === 0 ? path.resolve(String(git.stdout).trim()) : cwd;
}
