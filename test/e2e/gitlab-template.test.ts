/**
 * The GitLab CI template (ci/gitlab/iacgen.gitlab-ci.yml), end to end: the job's `script:` lines
 * run with bash as GitLab's runner runs them (one shell, `set -eo pipefail`), in real temporary
 * git repositories, with the job's variables and GitLab's predefined CI_* variables of a merge
 * request pipeline or a branch pipeline, the built CLI of this checkout on PATH as `iacgen`; the
 * report it leaves is validated against the Code Quality schema (src/report/codeclimate-schema.ts).
 */
import { existsSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa, execaSync } from 'execa';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { codeQualityReport, type CodeQualityIssue } from '../../src/report/codeclimate-schema.js';
import { BIN, haveTools, REPO_ROOT, runCli, tempDir, tempRepo } from '../helpers.js';

const TEMPLATE = path.join(REPO_ROOT, 'ci', 'gitlab', 'iacgen.gitlab-ci.yml');
const REPORT = 'gl-code-quality-report.json';

interface Job {
  stage: string;
  image: string;
  variables: Record<string, string>;
  rules: Array<{ if: string }>;
  before_script: string[];
  script: string[];
  artifacts: { when: string; reports: { codequality: string } };
}

const job = (parse(readFileSync(TEMPLATE, 'utf8')) as { iacgen: Job }).iacgen;

function git(cwd: string, ...args: string[]): string {
  return String(execaSync('git', args, { cwd }).stdout).trim();
}

function commitAll(repo: string, message: string): string {
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', message);
  return git(repo, 'rev-parse', 'HEAD');
}

/** A repository whose main has an old finding, and a feature branch (checked out) adding a new one. */
function mergeRequestRepo(): { repo: string; base: string } {
  const repo = tempRepo({ 'old.json': '{,}\n', 'good.json': '{"ok": true}\n' });
  const base = commitAll(repo, 'main');
  git(repo, 'checkout', '-q', '-b', 'feature');
  execaSync('sh', ['-c', 'mkdir new && printf "a: [\\n" > new/config.yml'], { cwd: repo });
  commitAll(repo, 'feature');
  return { repo, base };
}

interface JobRun {
  exitCode: number;
  output: string;
  issues: CodeQualityIssue[];
}

/** Runs the job's script lines in `repo` with the job's variables, then `ci` (GitLab's predefined ones and overrides). */
async function runJob(repo: string, ci: Record<string, string>): Promise<JobRun> {
  const bin = tempDir('iacgen-bin-');
  symlinkSync(BIN, path.join(bin, 'iacgen'));
  const env = { PATH: `${bin}:${process.env.PATH ?? ''}`, NO_COLOR: '1', CI: 'true', GITLAB_CI: 'true', CI_PROJECT_DIR: repo, ...job.variables, ...ci };
  const result = await execa('bash', ['-c', `set -eo pipefail\n${job.script.join('\n')}`], { cwd: repo, env, extendEnv: false, reject: false, stdin: 'ignore', all: true });
  const report = path.join(repo, job.artifacts.reports.codequality);
  expect(existsSync(report), `no report; the job printed:\n${String(result.all)}`).toBe(true);
  const text = readFileSync(report, 'utf8');
  expect(text.charCodeAt(0)).not.toBe(0xfeff);
  const issues = codeQualityReport.parse(JSON.parse(text)) as CodeQualityIssue[];
  return { exitCode: result.exitCode ?? -1, output: String(result.all), issues };
}

const paths = (issues: CodeQualityIssue[]) => [...new Set(issues.map((i) => i.location.path))].sort();

/** GitLab's predefined variables of a merge request pipeline whose diff base is `base`. */
function mergeRequestPipeline(base: string): Record<string, string> {
  return { CI_PIPELINE_SOURCE: 'merge_request_event', CI_MERGE_REQUEST_DIFF_BASE_SHA: base, CI_MERGE_REQUEST_TARGET_BRANCH_NAME: 'main', CI_COMMIT_REF_NAME: 'feature' };
}

describe('the GitLab template', () => {
  it('is one job on a Debian image with Node 20+, full history, and the report as a Code Quality artifact, always', () => {
    expect(job.image).toMatch(/^debian:(trixie|13)/);
    expect(job.variables.GIT_DEPTH).toBe('0');
    expect(job.artifacts).toEqual({ when: 'always', reports: { codequality: REPORT } });
    expect(job.script.join('\n')).toContain(`iacgen validate --format codeclimate --output ${REPORT}`);
    expect(job.rules.map((r) => r.if)).toEqual(['$CI_PIPELINE_SOURCE == "merge_request_event"', '$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH']);
    expect(job.before_script.join('\n')).toContain('npm install --global --no-audit --no-fund "$IACGEN_PACKAGE"');
  });

  it('installs the same checker packages as the GitHub Action', () => {
    const action = readFileSync(path.join(REPO_ROOT, 'action', 'install-checkers.sh'), 'utf8');
    const listed = /^PACKAGES=\(([^)]*)\)/m.exec(action)?.[1]?.split(' ') ?? [];
    expect(listed.length).toBeGreaterThan(5);
    const apt = job.before_script.find((line) => line.includes('apt-get install')) ?? '';
    const words = apt.split(/\s+/);
    for (const name of [...listed, 'docker-compose', 'nodejs', 'npm', 'git']) expect(words, name).toContain(name);
  });

  it.skipIf(!haveTools('shellcheck'))('runs shell that passes shellcheck (SC2086 aside: IACGEN_ARGS and IACGEN_PATHS are split on purpose)', async () => {
    const script = ['#!/bin/bash', 'set -eo pipefail', ...job.before_script, ...job.script].join('\n');
    const result = await execa('shellcheck', ['--exclude=SC2086', '-'], { input: script, reject: false });
    expect(result.stdout + result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
  });

  it('in a branch pipeline validates the whole repository and writes a valid report; the job fails on errors', async () => {
    const { repo } = mergeRequestRepo();
    const run = await runJob(repo, { CI_PIPELINE_SOURCE: 'push', CI_COMMIT_BRANCH: 'feature', CI_DEFAULT_BRANCH: 'main' });
    expect(run.exitCode, run.output).toBe(1);
    expect(paths(run.issues)).toEqual(['new/config.yml', 'old.json']);
    expect(run.issues.every((i) => i.severity === 'major')).toBe(true);
  });

  it('passes IACGEN_ARGS and IACGEN_PATHS to iacgen validate', async () => {
    const { repo } = mergeRequestRepo();
    const run = await runJob(repo, { CI_PIPELINE_SOURCE: 'push', IACGEN_PATHS: 'good.json new', IACGEN_ARGS: '--fail-on warning --no-baseline' });
    expect(run.exitCode, run.output).toBe(1);
    expect(paths(run.issues)).toEqual(['new/config.yml']);
    const bin = tempDir('iacgen-bin-');
    symlinkSync(BIN, path.join(bin, 'iacgen'));
    const script = `set -eo pipefail\n${job.script.join('\n')}`;
    const env = { PATH: `${bin}:${process.env.PATH ?? ''}`, ...job.variables, IACGEN_ARGS: '--fail-on bogus' };
    const wrong = await execa('bash', ['-c', script], { cwd: repo, env, reject: false, stdin: 'ignore', all: true });
    expect(wrong.exitCode).toBe(2);
    expect(String(wrong.all)).toContain("argument 'bogus' is invalid");
  });

  it('exits 0 with an empty report on a clean repository', async () => {
    const repo = tempRepo({ 'good.json': '{"ok": true}\n' });
    commitAll(repo, 'init');
    const run = await runJob(repo, { CI_PIPELINE_SOURCE: 'push' });
    expect(run.exitCode, run.output).toBe(0);
    expect(run.issues).toEqual([]);
  });

  it('with IACGEN_CHANGED_SINCE none, a merge request pipeline validates the whole repository', async () => {
    const { repo, base } = mergeRequestRepo();
    const run = await runJob(repo, { ...mergeRequestPipeline(base), IACGEN_CHANGED_SINCE: 'none' });
    expect(paths(run.issues)).toEqual(['new/config.yml', 'old.json']);
  });

  it('in a merge request pipeline validates only what changed since the diff base', async () => {
    const { repo, base } = mergeRequestRepo();
    const run = await runJob(repo, mergeRequestPipeline(base));
    expect(run.exitCode, run.output).toBe(1);
    expect(paths(run.issues)).toEqual(['new/config.yml']);
  });
});

describe('iacgen validate --format codeclimate', () => {
  /** Runs the built CLI with `--format codeclimate` and validates its output against the schema. */
  async function codeclimate(repo: string, args: string[] = []): Promise<{ exitCode: number; issues: CodeQualityIssue[] }> {
    const run = await runCli(['validate', '--format', 'codeclimate', ...args], repo);
    expect([0, 1], run.stderr).toContain(run.exitCode);
    return { exitCode: run.exitCode, issues: codeQualityReport.parse(JSON.parse(run.stdout)) as CodeQualityIssue[] };
  }

  it('reports real findings in the documented format, paths relative to the working directory (the repository root here)', async () => {
    const repo = tempRepo({ 'old.json': '{,}\n', 'sub/config.yml': 'a: 1\nb: [\n', 'good.json': '{"ok": true}\n' });
    commitAll(repo, 'init');
    const { exitCode, issues } = await codeclimate(repo);
    expect(exitCode).toBe(1);
    expect(paths(issues)).toEqual(['old.json', 'sub/config.yml']);
    expect(issues.find((i) => i.location.path === 'old.json')).toMatchObject({ check_name: 'json-parse/syntax', severity: 'major', location: { lines: { begin: 1 } } });
    // Written to a file with --output: the same report.
    const run = await runCli(['validate', '--format', 'codeclimate', '--output', 'report.json'], repo);
    expect(run.exitCode).toBe(1);
    expect(codeQualityReport.parse(JSON.parse(readFileSync(path.join(repo, 'report.json'), 'utf8')))).toEqual(issues);
  });

  it('keeps each fingerprint when lines are inserted above, and leaves out what the baseline knows', async () => {
    const yaml = 'a: 1\nb: [\n';
    const repo = tempRepo({ 'config.yml': yaml, 'old.json': '{,}\n' });
    commitAll(repo, 'init');
    const before = await codeclimate(repo);
    writeFileSync(path.join(repo, 'config.yml'), `# a comment\n# another\n${yaml}`);
    const after = await codeclimate(repo);
    expect(after.issues.map((i) => i.location.lines.begin)).not.toEqual(before.issues.map((i) => i.location.lines.begin));
    expect(after.issues.map((i) => i.fingerprint)).toEqual(before.issues.map((i) => i.fingerprint));
    // The findings of today go to the baseline; a new one is the only issue.
    expect((await runCli(['baseline'], repo)).exitCode).toBe(0);
    writeFileSync(path.join(repo, 'new.json'), '[1,,2]\n');
    const known = await codeclimate(repo);
    expect(paths(known.issues)).toEqual(['new.json']);
    expect(paths((await codeclimate(repo, ['--no-baseline'])).issues)).toEqual(['config.yml', 'new.json', 'old.json']);
  });
});
