/**
 * The GitHub Action (action.yml and action/*.sh), end to end: action.yml parsed and its wiring
 * checked; the scripts run with bash against real temporary git repositories (a real `origin`
 * made from a bare repository), the built CLI of this checkout on PATH as `iacgen`,
 * GITHUB_OUTPUT in a temporary file, and push or pull_request events as GitHub sets them.
 */
import { accessSync, constants, existsSync, mkdirSync, readFileSync, readdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { execa, execaSync } from 'execa';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { codeQualityReport, type CodeQualityIssue } from '../../src/report/codeclimate-schema.js';
import { BIN, haveTools, IN_CI, REPO_ROOT, runCli, tempDir, tempRepo } from '../helpers.js';

const ACTION_DIR = path.join(REPO_ROOT, 'action');
const SCRIPTS = ['install-checkers.sh', 'setup-iacgen.sh', 'run.sh'];

/** Two real findings of checkers built into iacgen (no outside tool needed) and a clean file. */
const FILES = {
  'bad.json': '{\n  "a": 1,\n}\n',
  'config.yml': 'a: 1\nb: [\n',
  'good.json': '{"ok": true}\n',
};

interface ActionStep {
  name?: string;
  id?: string;
  if?: string;
  shell?: string;
  run?: string;
  uses?: string;
  with?: Record<string, string>;
  env?: Record<string, string>;
}
interface Action {
  name: string;
  description: string;
  inputs: Record<string, { description: string; default?: string; required?: boolean }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: ActionStep[] };
}

function git(cwd: string, ...args: string[]): string {
  return String(execaSync('git', args, { cwd }).stdout).trim();
}

function commitAll(repo: string, message: string): void {
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', message);
}

/** A folder with `iacgen` -> this checkout's bin/iacgen.js, as setup-iacgen.sh arranges on a runner. */
function iacgenOnPath(): string {
  const dir = tempDir('iacgen-bin-');
  symlinkSync(BIN, path.join(dir, 'iacgen'));
  return dir;
}

interface ActionRun {
  exitCode: number;
  stdout: string;
  stderr: string;
  /** What the script wrote to $GITHUB_OUTPUT, as key -> value. */
  outputs: Record<string, string>;
  /** The `iacgen ...` command line the script printed. */
  command: string;
  /** RUNNER_TEMP of the run: the default report is there. */
  runnerTemp: string;
}

/** Runs action/run.sh in `cwd` with the action's INPUT_* variables and a GitHub event. */
async function runAction(cwd: string, inputs: Record<string, string>, event: Record<string, string> = { GITHUB_EVENT_NAME: 'push' }): Promise<ActionRun> {
  const temp = tempDir('iacgen-runner-');
  const outputFile = path.join(temp, 'github-output');
  const env: Record<string, string> = {
    PATH: `${iacgenOnPath()}:${process.env.PATH ?? ''}`,
    NO_COLOR: '1',
    RUNNER_TEMP: temp,
    GITHUB_OUTPUT: outputFile,
    GITHUB_BASE_REF: '',
    ...event,
    ...inputs,
  };
  const result = await execa('bash', [path.join(ACTION_DIR, 'run.sh')], { cwd, env, reject: false, stdin: 'ignore' });
  const outputs = existsSync(outputFile)
    ? Object.fromEntries(
        readFileSync(outputFile, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
      )
    : {};
  const stdout = String(result.stdout);
  const command = /^iacgen action: (iacgen .*)$/m.exec(stdout)?.[1] ?? '';
  return { exitCode: result.exitCode ?? -1, stdout, stderr: String(result.stderr), outputs, command, runnerTemp: temp };
}

interface SarifLog {
  version: string;
  runs: Array<{ results: Array<{ ruleId: string; locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }> }>;
}

/** The files a SARIF log has results on, sorted. */
function sarifFiles(file: string): string[] {
  const log = JSON.parse(readFileSync(file, 'utf8')) as SarifLog;
  expect(log.version).toBe('2.1.0');
  return [...new Set(log.runs.flatMap((r) => r.results.map((x) => x.locations[0]?.physicalLocation.artifactLocation.uri ?? '')))].sort();
}

/** The files of a JSON report that have diagnostics, sorted. */
function jsonFiles(file: string): string[] {
  const report = JSON.parse(readFileSync(file, 'utf8')) as { files: Array<{ path: string; diagnostics: unknown[] }> };
  return report.files
    .filter((f) => f.diagnostics.length > 0)
    .map((f) => f.path)
    .sort();
}

describe('action.yml', () => {
  const action = parse(readFileSync(path.join(REPO_ROOT, 'action.yml'), 'utf8')) as Action;
  const steps = action.runs.steps;

  it('is a composite action with a name, a description and described inputs and outputs', () => {
    expect(action.runs.using).toBe('composite');
    expect(action.name).toBeTruthy();
    expect(action.description).toBeTruthy();
    expect(Object.keys(action.inputs).sort()).toEqual(['baseline', 'changed-since', 'fail-on', 'format', 'install-checkers', 'output', 'paths', 'shard', 'upload-sarif'].sort());
    for (const [name, input] of Object.entries(action.inputs)) {
      expect(input.description, name).toBeTruthy();
      expect(typeof input.default, `${name}'s default is a string`).toBe('string');
    }
    expect(action.inputs.format?.default).toBe('sarif');
    expect(action.inputs['changed-since']?.default).toBe('auto');
    expect(action.inputs.baseline?.default).toBe('true');
    expect(action.inputs['upload-sarif']?.default).toBe('true');
    expect(action.inputs['install-checkers']?.default).toBe('true');
    expect(action.outputs.report?.value).toBe('${{ steps.validate.outputs.report }}');
    expect(action.outputs['exit-code']?.value).toBe('${{ steps.validate.outputs.exit-code }}');
  });

  it('runs exactly the three scripts, each with bash, and every run step names its shell', () => {
    const runs = steps.filter((s) => s.run !== undefined);
    expect(runs.map((s) => s.run)).toEqual(SCRIPTS.map((script) => `bash "$GITHUB_ACTION_PATH/action/${script}"`));
    for (const step of runs) expect(step.shell).toBe('bash');
    expect(readdirSync(ACTION_DIR).sort()).toEqual(['.editorconfig', ...SCRIPTS].sort());
    for (const script of SCRIPTS) accessSync(path.join(ACTION_DIR, script), constants.X_OK);
    expect(steps[0]?.if).toBe("inputs.install-checkers == 'true'");
  });

  it('hands every input of iacgen validate to run.sh as INPUT_*, which run.sh reads', () => {
    const validate = steps.find((s) => s.id === 'validate');
    const script = readFileSync(path.join(ACTION_DIR, 'run.sh'), 'utf8');
    const passed = ['paths', 'format', 'output', 'changed-since', 'baseline', 'shard', 'fail-on'];
    expect(Object.keys(validate?.env ?? {}).sort()).toEqual(passed.map((name) => `INPUT_${name.toUpperCase().replace(/-/g, '_')}`).sort());
    for (const name of passed) {
      const variable = `INPUT_${name.toUpperCase().replace(/-/g, '_')}`;
      expect(validate?.env?.[variable]).toBe(`\${{ inputs.${name} }}`);
      expect(script, `run.sh reads ${variable}`).toContain(`\${${variable}`);
    }
  });

  it('uploads the SARIF report with codeql-action even when validation failed', () => {
    const upload = steps.at(-1);
    expect(upload?.uses).toBe('github/codeql-action/upload-sarif@v3');
    expect(upload?.if).toMatch(/^always\(\) && /);
    expect(upload?.if).toContain("inputs.upload-sarif == 'true'");
    expect(upload?.if).toContain("inputs.format == 'sarif'");
    expect(upload?.with?.sarif_file).toBe('${{ steps.validate.outputs.report }}');
  });
});

describe.skipIf(!haveTools('shellcheck'))('the action scripts', () => {
  it('pass shellcheck', async () => {
    const result = await execa('shellcheck', ['--shell=bash', ...SCRIPTS.map((s) => path.join(ACTION_DIR, s))], { reject: false });
    expect(result.stdout + result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
  });
});

describe.skipIf(!haveTools('dpkg', 'apt-get'))('install-checkers.sh', () => {
  /** The packages of the script's documented list that dpkg does not have installed. */
  function notInstalled(): { packages: string[]; compose: boolean } {
    const installed = (p: string) => execaSync('dpkg', ['-s', p], { reject: false }).exitCode === 0;
    const packages = ['ansible-core', 'ansible-lint', 'yamllint', 'shellcheck', 'shfmt', 'pyflakes3', 'python3', 'bubblewrap'].filter((p) => !installed(p));
    const composeWorks = execaSync('docker', ['compose', 'version'], { reject: false }).exitCode === 0;
    const compose = !composeWorks && !['docker-compose-v2', 'docker-compose-plugin', 'docker-compose'].some(installed);
    return { packages, compose };
  }

  it('lists exactly the packages dpkg does not have, installs nothing with --dry-run, and in CI has nothing to install', async () => {
    const missing = notInstalled();
    const result = await execa('bash', [path.join(ACTION_DIR, 'install-checkers.sh'), '--dry-run'], { reject: false, env: { IACGEN_DRY_RUN: '' } });
    expect(result.exitCode, result.stderr).toBe(0);
    const listed = /would install: (.*)$/m.exec(result.stdout)?.[1]?.split(' ') ?? [];
    expect(listed).toEqual(missing.packages);
    expect(/would install a Compose package/.test(result.stdout)).toBe(missing.compose);
    if (missing.packages.length === 0 && !missing.compose) expect(result.stdout.trim()).toBe('install-checkers: every checker package is installed; nothing to install');
    // CI (.ci/run, and the Debian 13 chroot) installs every one from Debian's packages.
    if (IN_CI) expect(missing).toEqual({ packages: [], compose: false });
  });

  const nothingMissing = (() => {
    const missing = notInstalled();
    return missing.packages.length === 0 && !missing.compose;
  })();

  // For real, no dry run: only where nothing is missing (always in CI, where the test above fails first otherwise).
  it.skipIf(!IN_CI && !nothingMissing)('installs nothing and exits 0 when every package is installed', async () => {
    expect(notInstalled()).toEqual({ packages: [], compose: false });
    const result = await execa('bash', [path.join(ACTION_DIR, 'install-checkers.sh')], { reject: false, env: { IACGEN_DRY_RUN: '' } });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout.trim()).toBe('install-checkers: every checker package is installed; nothing to install');
  });

  it('refuses an unknown argument with exit 2 and the usage', async () => {
    const result = await execa('bash', [path.join(ACTION_DIR, 'install-checkers.sh'), '--yes'], { reject: false });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain("unknown argument '--yes' (usage: install-checkers.sh [--dry-run])");
  });
});

describe('setup-iacgen.sh', () => {
  it('puts an iacgen command on GITHUB_PATH that runs this checkout', async () => {
    const temp = tempDir('iacgen-runner-');
    const githubPath = path.join(temp, 'github-path');
    const result = await execa('bash', [path.join(ACTION_DIR, 'setup-iacgen.sh')], { reject: false, env: { RUNNER_TEMP: temp, GITHUB_PATH: githubPath } });
    expect(result.exitCode, result.stderr).toBe(0);
    const dirs = readFileSync(githubPath, 'utf8').trim().split('\n');
    expect(dirs).toEqual([path.join(temp, 'iacgen-bin')]);
    const version = await execa(path.join(dirs[0] ?? '', 'iacgen'), ['--version']);
    const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(String(version.stdout).trim()).toBe(pkg.version);
    expect(result.stdout).toContain('already installed and built');
  });
});

describe('run.sh', () => {
  it('on push: validates the whole repository, writes the SARIF report, sets the outputs and exits with iacgen\'s code', async () => {
    const repo = tempRepo(FILES);
    commitAll(repo, 'init');
    const run = await runAction(repo, {}, { GITHUB_EVENT_NAME: 'push', GITHUB_BASE_REF: '' });
    expect(run.exitCode, run.stdout + run.stderr).toBe(1);
    expect(run.command).toBe(`iacgen validate --format sarif --output ${path.join(run.runnerTemp, 'iacgen-report.sarif')}`);
    expect(run.outputs['exit-code']).toBe('1');
    expect(run.outputs.report).toMatch(/iacgen-report\.sarif$/);
    expect(sarifFiles(run.outputs.report ?? '')).toEqual(['bad.json', 'config.yml']);
  });

  it('passes format, output, fail-on, --no-baseline and the paths', async () => {
    const repo = tempRepo({ ...FILES, 'sub/other.json': '{,}\n' });
    commitAll(repo, 'init');
    const output = path.join(tempDir(), 'out', 'report.json');
    const run = await runAction(repo, { INPUT_FORMAT: 'json', INPUT_OUTPUT: output, INPUT_FAIL_ON: 'warning', INPUT_BASELINE: 'false', INPUT_PATHS: 'bad.json\nsub good.json' });
    expect(run.command).toBe(`iacgen validate --format json --output ${output} --no-baseline --fail-on warning -- bad.json sub good.json`);
    expect(run.exitCode, run.stdout + run.stderr).toBe(1);
    expect(run.outputs).toEqual({ report: output, 'exit-code': '1' });
    expect(jsonFiles(output)).toEqual(['bad.json', 'sub/other.json']);
  });

  it('exits 0 with exit-code 0 on a clean repository, and writes the codeclimate report', async () => {
    const repo = tempRepo({ 'good.json': FILES['good.json'] });
    commitAll(repo, 'init');
    const run = await runAction(repo, { INPUT_FORMAT: 'codeclimate' });
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    expect(run.outputs['exit-code']).toBe('0');
    expect(readFileSync(run.outputs.report ?? '', 'utf8')).toBe('[]\n');
  });

  it('prints a github report to the step\'s output, where the runner reads its annotations', async () => {
    const repo = tempRepo(FILES);
    commitAll(repo, 'init');
    const run = await runAction(repo, { INPUT_FORMAT: 'github' });
    expect(run.exitCode, run.stdout + run.stderr).toBe(1);
    expect(run.outputs.report).toMatch(/iacgen-report\.txt$/);
    const annotations = run.stdout.split('\n').filter((line) => line.startsWith('::error file='));
    expect(annotations.map((line) => /file=([^,]*)/.exec(line)?.[1]).sort()).toEqual(['bad.json', 'config.yml']);
    expect(run.stdout).toContain(readFileSync(run.outputs.report ?? '', 'utf8').trimEnd());
  });

  it('refuses a baseline input other than true or false, with exit 2 and an error annotation', async () => {
    const repo = tempRepo(FILES);
    commitAll(repo, 'init');
    const run = await runAction(repo, { INPUT_BASELINE: 'yes' });
    expect(run.exitCode).toBe(2);
    expect(run.stdout).toContain("::error title=iacgen action::input baseline must be true or false, not 'yes'");
  });

  it('reports iacgen\'s usage error (exit 2) with an empty report output', async () => {
    const repo = tempRepo(FILES);
    commitAll(repo, 'init');
    const run = await runAction(repo, { INPUT_FORMAT: 'xml' });
    expect(run.exitCode).toBe(2);
    expect(run.outputs).toEqual({ report: '', 'exit-code': '2' });
    expect(run.stderr).toContain('xml');
  });

  it('on push, changed-since auto means the whole repository even with a base ref around', async () => {
    const repo = tempRepo(FILES);
    commitAll(repo, 'init');
    const run = await runAction(repo, { INPUT_FORMAT: 'json' }, { GITHUB_EVENT_NAME: 'push', GITHUB_BASE_REF: 'main' });
    expect(run.command).not.toContain('--changed-since');
    expect(jsonFiles(run.outputs.report ?? '')).toEqual(['bad.json', 'config.yml']);
  });
});

/**
 * A pull request as actions/checkout leaves it: `origin` is a bare repository holding main
 * (with an old finding) and a feature branch (adding a new one); the clone is shallow and has
 * only the feature branch, so origin/main must be fetched.
 */
function pullRequestClone(): string {
  const upstream = tempRepo({ 'old.json': '{,}\n', 'good.json': '{"ok": true}\n' });
  commitAll(upstream, 'main');
  git(upstream, 'checkout', '-q', '-b', 'feature');
  mkdirSync(path.join(upstream, 'new'));
  execaSync('sh', ['-c', 'printf "a: [\\n" > new/config.yml'], { cwd: upstream });
  commitAll(upstream, 'feature');
  git(upstream, 'checkout', '-q', 'main');
  const bare = path.join(tempDir('iacgen-origin-'), 'origin.git');
  git(upstream, 'clone', '-q', '--bare', upstream, bare);
  const clone = path.join(tempDir('iacgen-clone-'), 'work');
  git(upstream, 'clone', '-q', '--depth', '1', '--single-branch', '--branch', 'feature', `file://${bare}`, clone);
  git(clone, 'config', 'user.name', 'Test Operator');
  git(clone, 'config', 'user.email', 'operator@example.test');
  return clone;
}

describe('run.sh on a pull request', () => {
  it('fetches the base branch into a shallow clone and validates only what changed since it', async () => {
    const clone = pullRequestClone();
    expect(execaSync('git', ['rev-parse', '--verify', '--quiet', 'origin/main'], { cwd: clone, reject: false }).exitCode).not.toBe(0);
    const run = await runAction(clone, { INPUT_FORMAT: 'json' }, { GITHUB_EVENT_NAME: 'pull_request', GITHUB_BASE_REF: 'main' });
    expect(run.stdout).toContain('fetching origin/main for --changed-since: git fetch --no-tags --unshallow origin +refs/heads/main:refs/remotes/origin/main');
    expect(git(clone, 'rev-parse', '--is-shallow-repository')).toBe('false');
    expect(git(clone, 'merge-base', 'HEAD', 'origin/main')).toMatch(/^[0-9a-f]{40}$/);
    expect(run.command).toBe(`iacgen validate --format json --output ${path.join(run.runnerTemp, 'iacgen-report.json')} --changed-since origin/main`);
    expect(run.exitCode, run.stdout + run.stderr).toBe(1);
    expect(jsonFiles(run.outputs.report ?? '')).toEqual(['new/config.yml']);
  });

  it('takes changed-since as given, and none for the whole repository', async () => {
    const clone = pullRequestClone();
    const none = await runAction(clone, { INPUT_FORMAT: 'json', INPUT_CHANGED_SINCE: 'none' }, { GITHUB_EVENT_NAME: 'pull_request', GITHUB_BASE_REF: 'main' });
    expect(none.command).not.toContain('--changed-since');
    expect(git(clone, 'rev-parse', '--is-shallow-repository')).toBe('true');
    expect(jsonFiles(none.outputs.report ?? '')).toEqual(['new/config.yml', 'old.json']);
    const given = await runAction(clone, { INPUT_FORMAT: 'json', INPUT_CHANGED_SINCE: 'origin/main' }, { GITHUB_EVENT_NAME: 'push' });
    expect(given.command).toContain('--changed-since origin/main');
    expect(jsonFiles(given.outputs.report ?? '')).toEqual(['new/config.yml']);
  });
});

describe('run.sh with shards', () => {
  it('passes --shard; the shards together cover every finding once, and merge into the whole run\'s report', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 6; i++) files[`bad${i}.json`] = '{,}\n';
    const repo = tempRepo(files);
    commitAll(repo, 'init');
    const shards = await Promise.all(['1/3', '2/3', '3/3'].map((shard) => runAction(repo, { INPUT_FORMAT: 'json', INPUT_SHARD: shard })));
    const seen: string[] = [];
    for (const [i, run] of shards.entries()) {
      expect(run.command).toContain(`--shard ${i + 1}/3`);
      seen.push(...jsonFiles(run.outputs.report ?? ''));
    }
    expect(seen.sort()).toEqual(Object.keys(files).sort());
    // As the README's sharded workflow: iacgen merge joins the shards' JSON reports, here into the
    // GitLab Code Quality report that one whole run gives.
    const merged = await runCli(['merge', ...shards.map((run) => run.outputs.report ?? ''), '--format', 'codeclimate'], repo);
    expect(merged.exitCode, merged.stderr).toBe(1);
    const whole = await runCli(['validate', '--format', 'codeclimate'], repo);
    const issues = (text: string) => (codeQualityReport.parse(JSON.parse(text)) as CodeQualityIssue[]).sort((a, b) => a.fingerprint.localeCompare(b.fingerprint));
    expect(issues(merged.stdout)).toEqual(issues(whole.stdout));
    expect(issues(whole.stdout)).toHaveLength(6);
  });
});
