/**
 * `iacgen baseline` and the baseline in `iacgen validate`, end to end: the built CLI, real
 * shellcheck, real temporary git repositories.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execaSync } from 'execa';
import { describe, expect, it } from 'vitest';
import { haveTools, runCli, tempRepo } from '../helpers.js';

const ready = haveTools('bash', 'shellcheck');

/** A script with one shellcheck error (SC2068, line 3) and code around it. */
const SCRIPT = '#!/bin/bash\nset -eu\nfor f in $@; do\n  echo "$f"\ndone\n';
/** What the JSON report says about the baseline. */
interface Report {
  summary: { errors: number; warnings: number };
  baseline: { file: string; matched: number; new: number; stale: number } | null;
  files: Array<{ path: string; checks: Array<{ cached?: boolean }>; diagnostics: Array<{ rule: string; line: number; baseline?: boolean }> }>;
}

/** Only the checkers these tests need: fast, and the same on every machine that has them. */
const ONLY = ['--only', 'shellcheck'];

/** A repository holding run.sh, with its baseline written (exit 0 and the one-line summary checked). */
async function baselined(files: Record<string, string> = { 'run.sh': SCRIPT }): Promise<string> {
  const repo = tempRepo(files);
  const run = await runCli(['baseline', ...ONLY], repo);
  expect(run.exitCode, run.stderr).toBe(0);
  return repo;
}

/** run.sh's diagnostics (the baseline file itself is checked too, as JSON: it comes first). */
function script(report: Report): Report['files'][number]['diagnostics'] | undefined {
  return report.files.find((f) => f.path === 'run.sh')?.diagnostics;
}

async function json(repo: string, args: string[] = []): Promise<{ exitCode: number; report: Report }> {
  const run = await runCli(['validate', '--format', 'json', ...ONLY, ...args], repo);
  expect([0, 1], run.stderr).toContain(run.exitCode);
  return { exitCode: run.exitCode, report: JSON.parse(run.stdout) as Report };
}

describe.skipIf(!ready)('iacgen baseline', () => {
  it('writes a sorted, versioned file at the repository root, from a subfolder too, and says what it wrote', async () => {
    const repo = tempRepo({ 'run.sh': SCRIPT, 'sub/b.sh': SCRIPT });
    const run = await runCli(['baseline', ...ONLY], path.join(repo, 'sub'));
    expect(run.exitCode, run.stderr).toBe(0);
    // (runCli's output is without its last newline, as execa gives it.)
    expect(run.stdout).toBe('wrote ../.iacgen-baseline.json: 1 finding in 1 file');
    const whole = await runCli(['baseline', ...ONLY], repo);
    expect(whole.stdout).toBe('wrote .iacgen-baseline.json: 2 findings in 2 files');
    const file = JSON.parse(readFileSync(path.join(repo, '.iacgen-baseline.json'), 'utf8')) as { version: number; findings: Array<{ file: string; source: string; rule: string }> };
    expect(file.version).toBe(1);
    expect(file.findings.map((f) => `${f.file} ${f.source} ${f.rule}`)).toEqual(['run.sh shellcheck SC2068', 'sub/b.sh shellcheck SC2068']);
    // With paths, the entries of the other files are kept; fixed findings of the given ones go.
    writeFileSync(path.join(repo, 'run.sh'), SCRIPT.replace('$@', '"$@"'));
    const partial = await runCli(['baseline', ...ONLY, 'run.sh'], repo);
    expect(partial.stdout).toBe('wrote .iacgen-baseline.json: 1 finding in 1 file (1 kept from files or checkers this run did not check)');
    expect(readFileSync(path.join(repo, '.iacgen-baseline.json'), 'utf8')).toContain('"file":"sub/b.sh"');
  });

  it('then validate exits 0 and counts the finding in the baseline; --no-baseline fails again', async () => {
    const repo = await baselined();
    const pretty = await runCli(['validate', ...ONLY], repo);
    expect(pretty.exitCode, pretty.stdout).toBe(0);
    // The baseline itself is never checked: one file, run.sh.
    expect(pretty.stdout).not.toContain('SC2068');
    expect(pretty.stdout).toMatch(/passed: 1 file checked, 0 errors, 0 warnings, 0 skipped checks, 1 in the baseline$/);
    const { report } = await json(repo);
    expect(report.baseline).toEqual({ file: '.iacgen-baseline.json', matched: 1, new: 0, stale: 0 });
    expect(report.files.find((f) => f.path === 'run.sh')?.diagnostics).toMatchObject([{ rule: 'SC2068', baseline: true }]);
    const ignored = await runCli(['validate', '--no-baseline', ...ONLY], repo);
    expect(ignored.exitCode).toBe(1);
    expect(ignored.stdout).toContain('run.sh:3:10: error SC2068');
    expect((await json(repo, ['--no-baseline'])).report.baseline).toBeNull();
  });

  it('fails on a new error, listing only it; --show-baseline lists the known one apart', async () => {
    const repo = await baselined();
    writeFileSync(path.join(repo, 'run.sh'), `${SCRIPT}rm -rf $@\n`);
    const run = await runCli(['validate', ...ONLY], repo);
    expect(run.exitCode).toBe(1);
    const listed = run.stdout.split('\n').filter((l) => /^\s+run\.sh:\d+:\d+:/.test(l));
    expect(listed).toEqual(['  run.sh:6:8: error SC2068 Double quote array expansions to avoid re-splitting elements. (shellcheck)']);
    expect(run.stdout).toContain('failed: 1 file checked, 1 error, 0 warnings, 0 skipped checks, 1 in the baseline');
    const shown = await runCli(['validate', '--show-baseline', ...ONLY], repo);
    const apart = shown.stdout.slice(shown.stdout.indexOf('In the baseline (1, .iacgen-baseline.json):'));
    expect(apart).toContain('run.sh:3:10: error SC2068');
    expect(apart).not.toContain('run.sh:6:8');
  });

  it('keeps the match when a 20-line block moves above the finding, not when its line changes', async () => {
    const block = Array.from({ length: 20 }, (_, i) => `echo "line ${i}"`).join('\n');
    const repo = await baselined({ 'run.sh': `${SCRIPT}${block}\n` });
    writeFileSync(path.join(repo, 'run.sh'), `#!/bin/bash\n${block}\nset -eu\nfor f in $@; do\n  echo "$f"\ndone\n`);
    const moved = await json(repo);
    expect(moved.exitCode).toBe(0);
    expect(script(moved.report)).toMatchObject([{ rule: 'SC2068', line: 23, baseline: true }]);
    expect(moved.report.baseline).toMatchObject({ matched: 1, new: 0, stale: 0 });
    writeFileSync(path.join(repo, 'run.sh'), `#!/bin/bash\n${block}\nset -eu\nfor g in $@; do\n  echo "$g"\ndone\n`);
    const changed = await json(repo);
    expect(changed.exitCode).toBe(1);
    expect(changed.report.baseline).toMatchObject({ matched: 0, new: 1, stale: 1 });
  });

  it('says in one line that the baseline is stale once a finding is fixed, only for checked files with paths', async () => {
    const repo = await baselined({ 'run.sh': SCRIPT, 'other.sh': SCRIPT });
    writeFileSync(path.join(repo, 'run.sh'), SCRIPT.replace('$@', '"$@"'));
    const run = await runCli(['validate', ...ONLY], repo);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('note: 1 finding of .iacgen-baseline.json no longer occurs: `iacgen baseline` would shrink it');
    const other = await json(repo, ['other.sh']);
    expect(other.report.baseline).toMatchObject({ matched: 1, stale: 0 });
    const fixed = await json(repo, ['run.sh']);
    expect(fixed.report.baseline).toMatchObject({ matched: 0, stale: 1 });
    // `iacgen baseline` shrinks it.
    expect((await runCli(['baseline', ...ONLY], repo)).stdout).toBe('wrote .iacgen-baseline.json: 1 finding in 1 file');
    expect((await runCli(['validate', ...ONLY], repo)).stdout).not.toContain('no longer');
  });

  it('gives SARIF results their baselineState', async () => {
    const repo = await baselined();
    writeFileSync(path.join(repo, 'run.sh'), `${SCRIPT}rm -rf $@\n`);
    const run = await runCli(['validate', '--format', 'sarif', ...ONLY], repo);
    const log = JSON.parse(run.stdout) as { runs: Array<{ results: Array<{ baselineState?: string; locations: Array<{ physicalLocation: { region: { startLine: number } } }> }> }> };
    const states = log.runs.flatMap((r) => r.results.map((x) => `${x.locations[0]?.physicalLocation.region.startLine} ${x.baselineState}`));
    expect(states).toEqual(['3 unchanged', '6 new']);
  });

  it('matches a cached result exactly as a fresh one', async () => {
    const repo = await baselined();
    writeFileSync(path.join(repo, 'run.sh'), `${SCRIPT}rm -rf $@\n`);
    const first = await json(repo);
    const second = await json(repo);
    expect(second.report.files.find((f) => f.path === 'run.sh')?.checks.every((c) => c.cached)).toBe(true);
    expect(second.report.baseline).toEqual(first.report.baseline);
    expect(second.report.baseline).toMatchObject({ matched: 1, new: 1 });
    expect(second.exitCode).toBe(1);
  });

  it('--staged honours the baseline in the index, not the working copy', async () => {
    const repo = await baselined();
    const git = (...args: string[]) => execaSync('git', args, { cwd: repo });
    git('add', 'run.sh', '.iacgen-baseline.json');
    const staged = await runCli(['validate', '--staged', ...ONLY], repo);
    expect(staged.exitCode, staged.stdout).toBe(0);
    expect(staged.stdout).toContain('1 in the baseline');
    // The working copy's baseline emptied, not staged: the hook still judges by the index's.
    writeFileSync(path.join(repo, '.iacgen-baseline.json'), '{ "version": 1, "findings": [] }\n');
    expect((await runCli(['validate', '--staged', ...ONLY], repo)).exitCode).toBe(0);
    expect((await runCli(['validate', ...ONLY], repo)).exitCode).toBe(1);
    // A new error staged fails the commit.
    writeFileSync(path.join(repo, 'run.sh'), `${SCRIPT}rm -rf $@\n`);
    git('add', 'run.sh');
    const fails = await runCli(['validate', '--staged', ...ONLY], repo);
    expect(fails.exitCode).toBe(1);
    expect(fails.stdout).toContain('run.sh:6:8: error SC2068');
    expect(fails.stdout).not.toContain('run.sh:3:10');
  });

  it('stops with exit 2 and a clear message, no stack trace, on a corrupt or foreign baseline', async () => {
    const repo = await baselined();
    writeFileSync(path.join(repo, '.iacgen-baseline.json'), '{ "version": 1, "findings": [ {"file": ');
    const corrupt = await runCli(['validate', ...ONLY], repo);
    expect(corrupt.exitCode).toBe(2);
    expect(corrupt.stdout).toBe('');
    expect(corrupt.stderr).toMatch(/^iacgen: the baseline \.iacgen-baseline\.json is not valid JSON \(.+\)\n  run `iacgen baseline` to write it again \(or delete it\), or pass --no-baseline to ignore it$/);
    expect(corrupt.stderr).not.toMatch(/\bat .+\.js:\d+/);
    writeFileSync(path.join(repo, '.iacgen-baseline.json'), '{ "version": 9, "findings": [] }');
    expect((await runCli(['validate', ...ONLY], repo)).stderr).toContain('is version 9; this iacgen reads version 1');
    expect((await runCli(['validate', '--no-baseline', ...ONLY], repo)).exitCode).toBe(1);
    // A run of everything writes it anew; one on paths must keep its entries and cannot.
    expect((await runCli(['baseline', ...ONLY, 'run.sh'], repo)).exitCode).toBe(2);
    expect((await runCli(['baseline'], repo)).exitCode).toBe(0);
    expect((await runCli(['validate', ...ONLY], repo)).exitCode).toBe(0);
  });
});
