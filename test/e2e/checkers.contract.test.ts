/**
 * Contract test of every registered checker against the real tool (in the manner of MegaLinter's
 * per-linter tests): for each entry of CHECKERS, its good fixtures must be clean, its bad fixtures
 * must yield every finding listed in `fixtures/checkers/<id>/expected.json`, its version command
 * must work, and a run must leave the checked directory exactly as it was.
 * A checker that is not installed is skipped locally; in CI (`CI` set) it fails instead.
 */
import { cp, mkdtemp, readdir, readFile, realpath, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa, execaSync } from 'execa';
import which from 'which';
import { describe, expect, it, onTestFinished } from 'vitest';
import { z } from 'zod';
import { pythonCompile } from '../../src/check/checkers/python-compile.js';
import { resolveInvocation } from '../../src/check/probe.js';
import { CHECKERS } from '../../src/check/registry.js';
import { runChecks } from '../../src/check/runner.js';
import type { Checker, ParsedDiagnostic } from '../../src/check/types.js';

const required = !!process.env.CI;
const FIXTURES = fileURLToPath(new URL('../../fixtures/checkers/', import.meta.url));

const expectedSchema = z
  .array(
    z
      .object({
        file: z.string().regex(/^bad\//),
        /** One line, or the lines the checker's generations give (ansible-core 2.14 vs 2.19+). */
        line: z.union([z.number().int().positive(), z.array(z.number().int().positive()).min(2)]),
        rule: z.string().min(1),
        severity: z.enum(['error', 'warning', 'info']),
      })
      .strict(),
  )
  .min(1);

/** The ways a command checker can run (its command, then its alternatives). */
function invocations(checker: Extract<Checker, { kind: 'command' }>): { command: string; versionArgs: string[] }[] {
  return [{ command: checker.command, versionArgs: checker.versionArgs }, ...checker.alternatives];
}

/**
 * True for a built-in checker, or a command checker that can run here: its command or an
 * alternative on PATH (`docker compose` first, else `docker-compose`), a probed one answering
 * its version command.
 */
function installed(checker: Checker): boolean {
  if (checker.kind === 'builtin') return true;
  const candidates = [{ ...invocations(checker)[0], probe: checker.probe }, ...checker.alternatives];
  return candidates.some(
    (c) => which.sync(c.command ?? '', { nothrow: true }) !== null && (!c.probe || execaSync(c.command ?? '', c.versionArgs ?? [], { reject: false, stdin: 'ignore' }).exitCode === 0),
  );
}

function missingMessage(checker: Checker): string {
  return checker.kind === 'command' ? `${invocations(checker).map((i) => i.command).join(' or ')} not on PATH (${checker.installHint})` : '';
}

/** Every entry (files and folders) under `dir`, relative, with `/` separators, sorted. */
async function tree(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true });
  return entries.map((e) => e.split(path.sep).join('/')).sort();
}

/** A fresh temp dir holding a copy of the checker's good/ and bad/ fixtures; removed after the test. */
async function sandbox(id: string): Promise<string> {
  const dir = await realpath(await mkdtemp(path.join(os.tmpdir(), `iacgen-contract-${id}-`)));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  for (const kind of ['good', 'bad']) {
    await cp(path.join(FIXTURES, id, kind), path.join(dir, kind), { recursive: true });
  }
  return dir;
}

/** The fixture files of one kind, relative to the sandbox (`good/x.yml`). */
async function fixtureFiles(dir: string, kind: 'good' | 'bad'): Promise<string[]> {
  const all = (await tree(path.join(dir, kind))).map((f) => `${kind}/${f}`);
  const files: string[] = [];
  for (const f of all) if ((await stat(path.join(dir, f))).isFile()) files.push(f);
  return files;
}

/**
 * Runs the checker on `files` through the real pipeline (calls planned by its mode), as a file
 * type it applies to; returns the diagnostics with their file, and the failures and skips.
 */
async function check(checker: Checker, files: string[], cwd: string) {
  const type = checker.fileTypes[0] as Checker['fileTypes'][number];
  const targets = files.map((f) => ({ absPath: path.join(cwd, f), type }));
  const run = await runChecks(targets, { cwd, checkers: [checker], policy: () => 'required', versions: false });
  const diagnostics: ParsedDiagnostic[] = [];
  const failures: string[] = [];
  const skipped: string[] = [];
  for (const [absPath, result] of run.byFile) {
    const file = path.relative(cwd, absPath).split(path.sep).join('/');
    diagnostics.push(...result.diagnostics.filter((d) => d.rule !== 'checker-failed').map((d) => ({ ...d, file })));
    for (const c of result.checks) {
      if (c.status === 'error') failures.push(`${file}: ${c.reason ?? ''}`);
      if (c.status === 'skipped') skipped.push(`${file}: ${c.reason ?? ''}`);
    }
  }
  return { diagnostics, failures, skipped };
}

/** Runs the checker in a fresh sandbox and checks that the run added or removed nothing there. */
async function runInSandbox(checker: Checker, kind: 'good' | 'bad') {
  expect(installed(checker), missingMessage(checker)).toBe(true);
  const dir = await sandbox(checker.id);
  const before = await tree(dir);
  const files = await fixtureFiles(dir, kind);
  expect(files.length).toBeGreaterThan(0);
  const result = await check(checker, files, dir);
  expect(await tree(dir), 'the checker left files behind (__pycache__, .cache, ...)').toEqual(before);
  return { ...result, files };
}

describe.each(CHECKERS.map((c) => [c.id, c] as const))('checker %s', (id, checker) => {
  const skip = !required && !installed(checker);
  const timeout = checker.timeoutMs * 2;

  it.skipIf(skip)('prints its version', async () => {
    expect(installed(checker), missingMessage(checker)).toBe(true);
    if (checker.kind === 'builtin') {
      expect(checker.version).toMatch(/\d+\.\d+/);
      return;
    }
    const invocation = await resolveInvocation(checker);
    expect(invocation, missingMessage(checker)).toBeDefined();
    const result = await execa(invocation?.path ?? '', invocation?.versionArgs ?? [], { reject: false, stdin: 'ignore' });
    expect(result.exitCode, String(result.stderr)).toBe(0);
  }, timeout);

  it.skipIf(skip)('finds nothing wrong in the good fixtures', async () => {
    const { diagnostics, failures, skipped } = await runInSandbox(checker, 'good');
    expect(failures).toEqual([]);
    expect(skipped).toEqual([]);
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  }, timeout);

  it.skipIf(skip)('reports every expected finding in the bad fixtures', async () => {
    const expected = expectedSchema.parse(JSON.parse(await readFile(path.join(FIXTURES, id, 'expected.json'), 'utf8')));
    const { diagnostics, failures, files } = await runInSandbox(checker, 'bad');
    expect(failures).toEqual([]);
    expect([...new Set(expected.map((e) => e.file))].sort()).toEqual(files);
    for (const { line, ...finding } of expected) {
      const lines = Array.isArray(line) ? line : [line];
      const same = diagnostics.filter((d) => d.file === finding.file && d.rule === finding.rule && d.severity === finding.severity && d.source === id);
      expect(same.map((d) => d.line).filter((l) => lines.includes(l)), `${finding.file} ${finding.rule} on line ${lines.join(' or ')}; found: ${JSON.stringify(same)}`).not.toEqual([]);
    }
  }, timeout);
});

describe('python-compile never executes the code it checks', () => {
  const skip = !required && !installed(pythonCompile);

  it.skipIf(skip)('the good fixture writes a marker when run, but not when checked', async () => {
    const ran = await sandbox(pythonCompile.id);
    await execa(pythonCompile.command, ['-B', 'good/app.py'], { cwd: ran, stdin: 'ignore' });
    expect(await tree(ran)).toContain('pwned-good');

    const checked = await sandbox(pythonCompile.id);
    const files = [...(await fixtureFiles(checked, 'good')), ...(await fixtureFiles(checked, 'bad'))];
    const { diagnostics } = await check(pythonCompile, files, checked);
    expect(diagnostics.length).toBeGreaterThan(0);
    const left = await tree(checked);
    expect(left.filter((f) => f.includes('pwned') || f.includes('__pycache__'))).toEqual([]);
  }, pythonCompile.timeoutMs);
});
