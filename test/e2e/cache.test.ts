/**
 * The result cache end to end: the built CLI, the real checkers, real temporary git repositories.
 * A second run reuses every result (`checks[].cached` in the JSON report); each kind of change
 * makes the affected checks run again and report their new verdict: an edited file, a checker
 * upgrade, edited config (`.yamllint`, `iacgen.yaml`), renamed files, an edited role of a
 * playbook; `--no-cache` runs everything.
 */
import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execaSync } from 'execa';
import { describe, expect, it } from 'vitest';
import { haveTools, runCli, tempDir, tempRepo, writeTree } from '../helpers.js';

const shellReady = haveTools('bash', 'shellcheck', 'shfmt', 'yamllint');
const ansibleReady = haveTools('ansible-playbook', 'ansible-lint', 'yamllint');

interface Check {
  checker: string;
  status: string;
  durationMs: number;
  cached?: boolean;
  reason?: string;
  checkerStatus?: string;
}
interface Report {
  summary: { errors: number };
  files: Array<{ path: string; checks: Check[]; diagnostics: Array<{ rule: string; source: string; message: string; severity: string; agreed?: string[] }> }>;
}

/** `iacgen validate --format json` in `repo`; the user cache is a temporary folder. */
async function validate(repo: string, args: string[] = [], env: Record<string, string> = {}): Promise<Report> {
  const run = await runCli(['validate', '--format', 'json', ...args], repo, { XDG_CACHE_HOME: xdg(repo), ...env });
  expect([0, 1], run.stderr).toContain(run.exitCode);
  return JSON.parse(run.stdout) as Report;
}

const xdgDirs = new Map<string, string>();
function xdg(repo: string): string {
  let dir = xdgDirs.get(repo);
  if (!dir) xdgDirs.set(repo, (dir = tempDir('iacgen-xdg-')));
  return dir;
}

/** The record of `checker` on `file`. */
function check(report: Report, file: string, checker: string): Check {
  const found = report.files.find((f) => f.path === file)?.checks.find((c) => c.checker === checker);
  expect(found, `${checker} on ${file}`).toBeDefined();
  return found as Check;
}

/** `file -> checker -> cached?` for every record. */
function cachedMap(report: Report): Record<string, Record<string, boolean>> {
  return Object.fromEntries(report.files.map((f) => [f.path, Object.fromEntries(f.checks.map((c) => [c.checker, Boolean(c.cached)]))]));
}

/** The report without what may differ between a run and a cached run (the cached marks, the total time). */
function verdicts(report: Report) {
  return report.files.map((f) => ({ ...f, checks: f.checks.map(({ cached: _c, ...c }) => c) }));
}

const SCRIPT = '#!/usr/bin/env bash\nset -euo pipefail\necho "hello"\n';
/** `$@` unquoted: ShellCheck's SC2068, an error. */
const LOOP = '#!/usr/bin/env bash\nset -euo pipefail\nfor x in $@; do\n  echo "$x"\ndone\n';

describe.skipIf(!shellReady)('result cache (real checkers)', () => {
  it('reuses every result on a second run, re-runs only an edited file, and --no-cache runs everything', async () => {
    const repo = tempRepo({ '.gitignore': '.iacgen/\n', 'scripts/a.sh': SCRIPT, 'scripts/b.sh': SCRIPT, 'config/app.yaml': '---\nname: app\n' });
    const cold = await validate(repo);
    expect(Object.values(cachedMap(cold)).flatMap((c) => Object.values(c))).not.toContain(true);
    expect(existsSync(path.join(repo, '.iacgen', 'cache', 'v1'))).toBe(true);

    const warm = await validate(repo);
    for (const [file, checks] of Object.entries(cachedMap(warm))) for (const [checker, cached] of Object.entries(checks)) expect(cached, `${checker} on ${file}`).toBe(true);
    expect(verdicts(warm)).toEqual(verdicts(cold));

    writeFileSync(path.join(repo, 'scripts/b.sh'), '#!/usr/bin/env bash\nset -euo pipefail\nif true; then\n  echo "x"\n');
    const edited = await validate(repo);
    expect(cachedMap(edited)['scripts/b.sh']).toEqual({ 'bash-syntax': false, shellcheck: false, shfmt: false, iacgen: false });
    expect(check(edited, 'scripts/b.sh', 'bash-syntax').status).toBe('fail');
    expect(Object.values(cachedMap(edited)['scripts/a.sh'] ?? {})).toEqual([true, true, true, true]);
    expect(check(edited, 'config/app.yaml', 'yamllint').cached).toBe(true);

    const fresh = await validate(repo, ['--no-cache']);
    expect(Object.values(cachedMap(fresh)).flatMap((c) => Object.values(c))).not.toContain(true);
    expect(check(fresh, 'scripts/b.sh', 'bash-syntax').status).toBe('fail');

    // The pre-commit hook's check of the staged copy uses the same entries.
    execaSync('git', ['add', '-A'], { cwd: repo });
    const staged = await validate(repo, ['--staged']);
    expect(check(staged, 'scripts/a.sh', 'shellcheck').cached).toBe(true);
    expect(check(staged, 'scripts/b.sh', 'bash-syntax')).toMatchObject({ status: 'fail', cached: true });
  });

  it('keeps the cache out of a repository that does not ignore it (the user cache instead)', async () => {
    const repo = tempRepo({ 'scripts/a.sh': SCRIPT });
    await validate(repo);
    const warm = await validate(repo);
    expect(check(warm, 'scripts/a.sh', 'shellcheck').cached).toBe(true);
    expect(existsSync(path.join(repo, '.iacgen'))).toBe(false);
    expect(String(execaSync('git', ['status', '--porcelain', '--untracked-files=all'], { cwd: repo }).stdout)).toBe('?? scripts/a.sh');
  });

  it('re-runs a checker that was upgraded (its version changed) and reports its new verdict', async () => {
    const repo = tempRepo({ '.gitignore': '.iacgen/\n', 'scripts/loop.sh': LOOP });
    // A fake `shellcheck` first on PATH: prints the version in a file and runs the real one;
    // "0.9.0" ignored SC2068, "0.10.0" no longer does.
    const bin = tempDir('iacgen-bin-');
    const versionFile = path.join(bin, 'version');
    const real = String(execaSync('sh', ['-c', 'command -v shellcheck']).stdout).trim();
    writeFileSync(versionFile, '0.9.0\n');
    writeFileSync(
      path.join(bin, 'shellcheck'),
      [
        '#!/bin/sh',
        `v=$(cat '${versionFile}')`,
        'if [ "$1" = "--version" ]; then printf "ShellCheck - shell script analysis tool\\nversion: %s\\n" "$v"; exit 0; fi',
        `if [ "$v" = "0.9.0" ]; then exec '${real}' --exclude=SC2068 "$@"; fi`,
        `exec '${real}' "$@"`,
        '',
      ].join('\n'),
    );
    chmodSync(path.join(bin, 'shellcheck'), 0o755);
    const env = { PATH: `${bin}:${process.env.PATH ?? ''}` };

    const before = await validate(repo, [], env);
    expect(check(before, 'scripts/loop.sh', 'shellcheck')).toMatchObject({ status: 'pass' });
    const again = await validate(repo, [], env);
    expect(check(again, 'scripts/loop.sh', 'shellcheck')).toMatchObject({ status: 'pass', cached: true });

    writeFileSync(versionFile, '0.10.0\n');
    const upgraded = await validate(repo, [], env);
    const record = check(upgraded, 'scripts/loop.sh', 'shellcheck');
    expect(record.cached).toBeUndefined();
    expect(record.status).toBe('fail');
    expect(upgraded.files[0]?.diagnostics.map((d) => d.rule)).toContain('SC2068');
    // The other checkers of the file did not change: still cached.
    expect(check(upgraded, 'scripts/loop.sh', 'bash-syntax').cached).toBe(true);
    expect(check(upgraded, 'scripts/loop.sh', 'shfmt').cached).toBe(true);
  });

  it("asks a Python checker for its version once per install, and again after an upgrade", async () => {
    const repo = tempRepo({ '.gitignore': '.iacgen/\n', 'scripts/loop.sh': LOOP });
    // A stand-in `shellcheck` written in Python (as ansible-lint, yamllint and docker-compose are):
    // it logs each --version call, and "0.9.0" ignores SC2068 where "0.10.0" does not.
    const bin = tempDir('iacgen-bin-');
    const log = path.join(bin, 'version-calls');
    const real = String(execaSync('sh', ['-c', 'command -v shellcheck']).stdout).trim();
    const python = String(execaSync('sh', ['-c', 'command -v python3']).stdout).trim();
    const interpreter = String(execaSync(python, ['-c', 'import sys; print(sys.executable)']).stdout).trim();
    const install = (version: string) => {
      writeFileSync(
        path.join(bin, 'shellcheck'),
        [
          `#!${interpreter}`,
          'import os, sys',
          `VERSION = ${JSON.stringify(version)}`,
          "if sys.argv[1:] == ['--version']:",
          `    open(${JSON.stringify(log)}, 'a').write(VERSION + '\\n')`,
          "    print('ShellCheck - shell script analysis tool')",
          "    print('version: ' + VERSION)",
          '    sys.exit(0)',
          `extra = ['--exclude=SC2068'] if VERSION == '0.9.0' else []`,
          `os.execv(${JSON.stringify(real)}, [${JSON.stringify(real)}] + extra + sys.argv[1:])`,
          '',
        ].join('\n'),
      );
      chmodSync(path.join(bin, 'shellcheck'), 0o755);
    };
    const calls = () => (existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : []);
    const env = { PATH: `${bin}:${process.env.PATH ?? ''}` };
    install('0.9.0');
    expect(check(await validate(repo, [], env), 'scripts/loop.sh', 'shellcheck')).toMatchObject({ status: 'pass' });
    expect(calls()).toEqual(['0.9.0']);
    expect(check(await validate(repo, [], env), 'scripts/loop.sh', 'shellcheck')).toMatchObject({ status: 'pass', cached: true });
    expect(calls()).toEqual(['0.9.0']);
    install('0.10.0');
    const upgraded = await validate(repo, [], env);
    expect(calls()).toEqual(['0.9.0', '0.10.0']);
    expect(check(upgraded, 'scripts/loop.sh', 'shellcheck').cached).toBeUndefined();
    expect(upgraded.files[0]?.diagnostics.map((d) => d.rule)).toContain('SC2068');
  });

  it('re-runs the checks a config file governs when .yamllint or iacgen.yaml changes', async () => {
    const repo = tempRepo({
      '.gitignore': '.iacgen/\n',
      '.yamllint': 'extends: default\nrules:\n  line-length: disable\n',
      'config/app.yaml': '---\nname: a-name-that-makes-this-line-longer-than-twenty-characters\n',
      'scripts/a.sh': 'echo "no header, no shebang"\n',
    });
    await validate(repo);
    const warm = await validate(repo);
    expect(check(warm, 'config/app.yaml', 'yamllint')).toMatchObject({ status: 'pass', cached: true });
    expect(check(warm, 'scripts/a.sh', 'iacgen')).toMatchObject({ status: 'pass', cached: true });

    writeFileSync(path.join(repo, '.yamllint'), 'extends: default\nrules:\n  line-length: {max: 20, level: error}\n');
    const yamllint = await validate(repo);
    expect(check(yamllint, 'config/app.yaml', 'yamllint')).toMatchObject({ status: 'fail' });
    expect(check(yamllint, 'config/app.yaml', 'yamllint').cached).toBeUndefined();
    expect(check(yamllint, 'scripts/a.sh', 'shellcheck').cached).toBe(true);

    writeFileSync(path.join(repo, 'iacgen.yaml'), 'rules:\n  header-missing: error\n');
    const rules = await validate(repo);
    const policy = check(rules, 'scripts/a.sh', 'iacgen');
    expect(policy.cached).toBeUndefined();
    expect(policy.status).toBe('fail');
    expect(rules.files.find((f) => f.path === 'scripts/a.sh')?.diagnostics).toContainEqual(expect.objectContaining({ rule: 'header-missing', severity: 'error' }));
  });

  it("keeps a script's ShellCheck verdict with the sourced scripts checked beside it apart from the one without (SC1091)", async () => {
    const repo = tempRepo({
      '.gitignore': '.iacgen/\n',
      'deploy.sh': '#!/bin/bash\nset -euo pipefail\n# shellcheck source=lib/common.sh\nsource ./lib/common.sh\ngreet "$@"\n',
      'lib/common.sh': '#!/bin/bash\ngreet() {\n  echo "hello $1"\n}\n',
    });
    const sc1091 = (report: Report) => report.files.find((f) => f.path === 'deploy.sh')?.diagnostics.filter((d) => d.rule === 'SC1091').length;
    // Checked with its source: ShellCheck follows it. Alone (as `shellcheck deploy.sh` would): SC1091.
    expect(sc1091(await validate(repo))).toBe(0);
    const alone = await validate(repo, ['deploy.sh']);
    expect(check(alone, 'deploy.sh', 'shellcheck').cached).toBeUndefined();
    expect(sc1091(alone)).toBe(1);
    const both = await validate(repo);
    expect(check(both, 'deploy.sh', 'shellcheck').cached).toBe(true);
    expect(sc1091(both)).toBe(0);
    expect(sc1091(await validate(repo, ['deploy.sh']))).toBe(1);
  });
});

describe.skipIf(!ansibleReady)('result cache and Ansible dependencies (real checkers)', () => {
  const PLAYBOOK = 'ansible/playbooks/site.yml';
  const ROLE_TASKS = 'ansible/playbooks/roles/web/tasks/main.yml';
  const playbook = [
    '---',
    '- name: Site',
    '  hosts: localhost',
    '  gather_facts: false',
    '  roles:',
    '    - web',
    '  tasks:',
    '    - name: Common tasks',
    '      ansible.builtin.import_tasks: tasks/common.yml',
    '',
  ].join('\n');
  const tasks = (module: string) => `---\n- name: Say hello\n  ${module}:\n    msg: hello\n`;

  it("re-runs a playbook's checks when its role's tasks change, and reports the role's new error", async () => {
    const repo = tempRepo({
      '.gitignore': '.iacgen/\n',
      [PLAYBOOK]: playbook,
      'ansible/playbooks/tasks/common.yml': tasks('ansible.builtin.debug'),
      [ROLE_TASKS]: tasks('ansible.builtin.debug'),
    });
    const cold = await validate(repo);
    expect(check(cold, PLAYBOOK, 'ansible-syntax-check').status).toBe('pass');
    const warm = await validate(repo);
    expect(check(warm, PLAYBOOK, 'ansible-syntax-check').cached).toBe(true);
    expect(check(warm, PLAYBOOK, 'ansible-lint').cached).toBe(true);

    writeTree(repo, { [ROLE_TASKS]: tasks('ansible.builtin.no_such_module') });
    const edited = await validate(repo);
    // The syntax check of the playbook loads the role: it fails, naming the role's error.
    const syntax = check(edited, PLAYBOOK, 'ansible-syntax-check');
    expect(syntax.cached).toBeUndefined();
    expect(syntax.status).toBe('fail');
    const messages = edited.files.find((f) => f.path === PLAYBOOK)?.diagnostics.filter((d) => d.source === 'ansible-syntax-check').map((d) => d.message);
    expect(messages?.join('\n')).toMatch(/no_such_module.*\(in .*roles\/web\/tasks\/main\.yml\)/);
    // ansible-lint ran again on the playbook too: the playbook fails (as `ansible-lint PLAYBOOK`
    // alone does), with the same finding as the syntax check: reported once, naming both.
    expect(check(edited, PLAYBOOK, 'ansible-lint')).toMatchObject({ status: 'fail' });
    expect(check(edited, PLAYBOOK, 'ansible-lint').cached).toBeUndefined();
    const lint = edited.files.find((f) => f.path === PLAYBOOK)?.diagnostics.filter((d) => d.agreed?.includes('ansible-lint')).map((d) => d.message);
    expect(lint?.join('\n')).toMatch(/no_such_module.*\(in .*roles\/web\/tasks\/main\.yml\)/);
    // yamllint of the playbook reads only the playbook: still cached.
    expect(check(edited, PLAYBOOK, 'yamllint').cached).toBe(true);

    // The pre-commit hook's check of the staged copy reuses these results.
    execaSync('git', ['add', '-A'], { cwd: repo });
    const staged = await validate(repo, ['--staged']);
    expect(check(staged, PLAYBOOK, 'ansible-syntax-check')).toMatchObject({ status: 'fail', cached: true });
    expect(check(staged, PLAYBOOK, 'ansible-lint')).toMatchObject({ status: 'fail', cached: true });
  });

  it('re-runs checks of renamed files, and of a playbook whose imported tasks file was renamed', async () => {
    const repo = tempRepo({
      '.gitignore': '.iacgen/\n',
      [PLAYBOOK]: playbook,
      'ansible/playbooks/tasks/common.yml': tasks('ansible.builtin.debug'),
      [ROLE_TASKS]: tasks('ansible.builtin.debug'),
      'scripts/a.sh': SCRIPT,
    });
    await validate(repo);
    const warm = await validate(repo);
    expect(check(warm, PLAYBOOK, 'ansible-syntax-check')).toMatchObject({ status: 'pass', cached: true });

    renameSync(path.join(repo, 'scripts/a.sh'), path.join(repo, 'scripts/renamed.sh'));
    renameSync(path.join(repo, 'ansible/playbooks/tasks/common.yml'), path.join(repo, 'ansible/playbooks/tasks/base.yml'));
    const renamed = await validate(repo);
    expect(renamed.files.map((f) => f.path)).toContain('scripts/renamed.sh');
    expect(Object.values(cachedMap(renamed)['scripts/renamed.sh'] ?? {})).not.toContain(true);
    const syntax = check(renamed, PLAYBOOK, 'ansible-syntax-check');
    expect(syntax.cached).toBeUndefined();
    // ansible-playbook fails it; ansible-core 2.19+ words it as a missing included file, a named
    // cause of a missing environment (`ansible-missing-file`: the check is then `skipped`).
    expect(syntax.checkerStatus ?? syntax.status).toBe('fail');
    expect(renamed.files.find((f) => f.path === PLAYBOOK)?.diagnostics.map((d) => d.message).join('\n')).toMatch(/common\.yml/);
  });

  it("never lets a broken playbook hide another playbook's ansible-lint findings, cold or cached", async () => {
    // ansible-lint skips its rules for every file of a call once one playbook fails its syntax check.
    const broken = '---\n- name: Broken\n  hosts: all\n  tasks:\n    - name: Call a module that does not exist\n      ansible.builtin.no_such_module:\n';
    const sloppy = '---\n- hosts: all\n  tasks:\n    - shell: echo hello | tee /tmp/x\n';
    const repo = tempRepo({ '.gitignore': '.iacgen/\n', 'a-broken.yml': broken, 'b-sloppy.yml': sloppy });
    // What ansible-lint says of each file alone (its rule ids' subtags differ between versions:
    // syntax-check[specific] in 6.13, syntax-check[unknown-module] in 25+).
    const alone = (file: string): string[] => {
      const run = execaSync('ansible-lint', ['--offline', '--nocolor', '-f', 'codeclimate', '-q', file], { cwd: repo, reject: false, stdin: 'ignore' });
      return (JSON.parse(String(run.stdout)) as Array<{ check_name: string }>).map((i) => i.check_name).sort();
    };
    const expected = alone('b-sloppy.yml');
    expect(expected).toContain('risky-shell-pipe');
    const brokenAlone = alone('a-broken.yml');
    expect(brokenAlone.map((r) => r.replace(/\[.*$/, ''))).toEqual(['syntax-check']);
    const rulesOf = (report: Report, file: string) =>
      (report.files.find((f) => f.path === file)?.diagnostics ?? []).filter((d) => d.source === 'ansible-lint').map((d) => d.rule).sort();
    const cold = await validate(repo, ['--only', 'ansible-lint']);
    expect(rulesOf(cold, 'b-sloppy.yml')).toEqual(expected);
    expect(rulesOf(cold, 'a-broken.yml')).toEqual(brokenAlone);
    const warm = await validate(repo, ['--only', 'ansible-lint']);
    expect(check(warm, 'b-sloppy.yml', 'ansible-lint').cached).toBe(true);
    expect(rulesOf(warm, 'b-sloppy.yml')).toEqual(expected);
    expect(verdicts(warm)).toEqual(verdicts(cold));
  });
});
