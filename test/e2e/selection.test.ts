/**
 * `validate --changed-since`, `validate --shard i/n` and `iacgen merge`, end to end: the built
 * CLI and the real checkers (ansible-playbook, ansible-lint, yamllint, shellcheck, Compose,
 * terraform) in real temporary git repositories.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execaSync } from 'execa';
import { describe, expect, it } from 'vitest';
import { composeV2, haveTools, runCli, tempRepo, writeTree } from '../helpers.js';

const ready = haveTools('ansible-playbook', 'ansible-lint', 'yamllint', 'shellcheck', 'terraform') && composeV2() !== undefined;

/** The parts of the JSON report these tests read. */
interface Report {
  summary: { files: number; errors: number; warnings: number };
  baseline: { matched: number; new: number; stale: number } | null;
  selection?: { changedSince?: { ref: string; base: string; changed: number }; shard?: { index: number; count: number } };
  checkers: Array<{ id: string; status: string }>;
  files: Array<{ path: string; type: string; checks: Array<{ checker: string; status: string; cached?: boolean; durationMs?: number }>; diagnostics: Array<{ source: string; rule: string; line: number; baseline?: boolean }> }>;
  durationMs?: number;
}

const play = (name: string, role: string) => `---\n- name: ${name}\n  hosts: all\n  roles:\n    - ${role}\n`;
const task = (name: string, pkg: string) => `---\n- name: ${name}\n  ansible.builtin.apt:\n    name: ${pkg}\n    state: present\n`;

/** A small estate: two playbooks sharing the web role, one using db, Compose base + override, a Terraform folder, scripts. */
const ESTATE: Record<string, string> = {
  'site.yml': play('Web servers', 'web'),
  'edge.yml': play('Edge servers', 'web'),
  'db.yml': play('Database servers', 'db'),
  'roles/web/tasks/main.yml': task('Install nginx', 'nginx'),
  'roles/web/defaults/main.yml': '---\nweb_port: 80\n',
  'roles/db/tasks/main.yml': task('Install PostgreSQL', 'postgresql'),
  'compose/compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n    ports:\n      - "8080:80"\n',
  'compose/compose.override.yaml': 'services:\n  web:\n    environment:\n      TZ: UTC\n',
  'terraform/main.tf': 'resource "terraform_data" "guest" {\n  input = var.name\n}\n',
  'terraform/variables.tf': 'variable "name" {\n  type    = string\n  default = "web"\n}\n',
  'scripts/backup.sh': '#!/bin/bash\nset -euo pipefail\nfor f in $@; do\n  echo "$f"\ndone\n',
  'scripts/ok.sh': '#!/bin/bash\nset -euo pipefail\necho "ok"\n',
  'deploy.sh': '#!/bin/bash\nset -euo pipefail\n# shellcheck source=lib/common.sh\nsource ./lib/common.sh\ngreet "$@"\n',
  'lib/common.sh': '#!/bin/bash\ngreet() {\n  echo "hello $1"\n}\n',
};

function git(repo: string, ...args: string[]): string {
  return String(execaSync('git', args, { cwd: repo }).stdout);
}

function committed(files: Record<string, string>): string {
  const repo = tempRepo(files);
  git(repo, 'add', '-A');
  git(repo, 'commit', '-qm', 'estate');
  return repo;
}

async function jsonReport(repo: string, args: string[]): Promise<Report> {
  const run = await runCli(['validate', '--format', 'json', ...args], repo);
  expect([0, 1], run.stderr).toContain(run.exitCode);
  return JSON.parse(run.stdout) as Report;
}

/** The report without what differs between any two runs: times and cache hits. */
function comparable(text: string): unknown {
  const report = JSON.parse(text) as Report;
  delete report.durationMs;
  for (const file of report.files) {
    for (const check of file.checks) {
      delete check.durationMs;
      delete check.cached;
    }
  }
  return report;
}

describe.skipIf(!ready)('validate --changed-since', () => {
  it("on a branch that changes a role, checks exactly the role's changed files and the playbooks using it", async () => {
    const repo = committed(ESTATE);
    git(repo, 'checkout', '-qb', 'feature');
    writeTree(repo, { 'roles/web/tasks/main.yml': task('Install nginx', 'nginx-full'), 'roles/web/handlers/main.yml': '---\n- name: Reload nginx\n  ansible.builtin.service:\n    name: nginx\n    state: reloaded\n' });
    git(repo, 'add', '-A');
    git(repo, 'commit', '-qm', 'web role: nginx-full and a handler');
    const report = await jsonReport(repo, ['--changed-since', 'main']);
    // The changed files and the playbooks using the role; not the role's unchanged defaults (their
    // verdict does not depend on the change), never db.yml or the db role.
    expect(report.files.map((f) => f.path).sort()).toEqual(['edge.yml', 'roles/web/handlers/main.yml', 'roles/web/tasks/main.yml', 'site.yml']);
    expect(report.selection?.changedSince).toMatchObject({ ref: 'main', base: git(repo, 'rev-parse', 'main'), changed: 2 });
    // The playbooks were checked by the real Ansible tools, not only parsed.
    const site = report.files.find((f) => f.path === 'site.yml');
    expect(site?.checks.filter((c) => c.status === 'pass').map((c) => c.checker)).toEqual(expect.arrayContaining(['ansible-syntax-check', 'ansible-lint']));
    // The pretty report says what part it checked.
    const pretty = await runCli(['validate', '--changed-since', 'main'], repo);
    expect(pretty.stdout).toContain(`checked only the files changed since main (merge base ${git(repo, 'rev-parse', 'main').slice(0, 12)}, 2 paths changed)`);
  }, 180_000);

  it('counts working-tree edits and untracked files, follows a Compose override to its base, and a deleted module to its folder', async () => {
    const repo = committed({ ...ESTATE, 'terraform/modules/net/main.tf': 'variable "cidr" {\n  type = string\n}\n', 'terraform/net.tf': 'module "net" {\n  source = "./modules/net"\n  cidr   = "10.0.0.0/24"\n}\n' });
    writeTree(repo, { 'compose/compose.override.yaml': 'services:\n  web:\n    environment:\n      TZ: Europe/Paris\n', 'scripts/new.sh': '#!/bin/bash\necho "new"\n' });
    rmSync(path.join(repo, 'terraform/modules/net/main.tf'));
    const report = await jsonReport(repo, ['--changed-since', 'HEAD']);
    expect(report.files.map((f) => f.path).sort()).toEqual(['compose/compose.override.yaml', 'compose/compose.yaml', 'scripts/new.sh', 'terraform/main.tf', 'terraform/net.tf', 'terraform/variables.tf']);
    // A changed script is checked with the scripts it sources (ShellCheck follows them only then).
    writeTree(repo, { 'deploy.sh': `${ESTATE['deploy.sh']}echo done\n` });
    const sourced = await jsonReport(repo, ['--changed-since', 'HEAD', '--only', 'shellcheck']);
    expect(sourced.files.map((f) => f.path)).toEqual(expect.arrayContaining(['deploy.sh', 'lib/common.sh']));
    expect(sourced.files.find((f) => f.path === 'deploy.sh')?.diagnostics.filter((d) => d.rule === 'SC1091')).toEqual([]);
  }, 180_000);

  it('reports only new findings with the baseline, and reuses the cache', async () => {
    const repo = committed(ESTATE);
    const baseline = await runCli(['baseline', '--only', 'shellcheck'], repo);
    expect(baseline.exitCode, baseline.stderr).toBe(0);
    git(repo, 'add', '-A');
    git(repo, 'commit', '-qm', 'baseline');
    git(repo, 'checkout', '-qb', 'feature');
    // A known finding (SC2068 on line 3 stays) and a new one in the same changed file.
    writeFileSync(path.join(repo, 'scripts/backup.sh'), `${ESTATE['scripts/backup.sh']}cp $1 /backup\n`);
    const first = await jsonReport(repo, ['--changed-since', 'main', '--only', 'shellcheck']);
    expect(first.files.map((f) => f.path)).toEqual(['scripts/backup.sh']);
    const found = first.files[0]?.diagnostics.map((d) => `${d.rule}:${d.line}:${d.baseline === true}`);
    expect(found).toEqual(['SC2068:3:true', 'SC2086:6:false']);
    expect(first.baseline).toMatchObject({ matched: 1, new: 1, stale: 0 });
    const again = await jsonReport(repo, ['--changed-since', 'main', '--only', 'shellcheck']);
    expect(again.files[0]?.checks.find((c) => c.checker === 'shellcheck')?.cached).toBe(true);
  }, 120_000);

  it('refuses a ref git does not know, saying how to fetch it (exit 2)', async () => {
    const repo = committed({ 'scripts/ok.sh': ESTATE['scripts/ok.sh'] as string });
    const run = await runCli(['validate', '--changed-since', 'origin/main'], repo);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('--changed-since origin/main: git knows no commit of that name');
    expect(run.stderr).toContain('fetch-depth: 0');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});

describe.skipIf(!ready)('validate --shard and iacgen merge', () => {
  it('shards 1/3..3/3 check every file once, keep linked files together, and merge into the unsharded report (JSON and SARIF)', async () => {
    const repo = committed(ESTATE);
    const out = (name: string) => path.join(repo, '..', `${path.basename(repo)}-${name}`);
    const whole = await runCli(['validate', '--no-cache', '--format', 'json', '-o', out('whole.json')], repo);
    expect([0, 1]).toContain(whole.exitCode);
    // The SARIF runs fill and then use the cache: the JSON shards above and below run without it.
    const wholeSarif = await runCli(['validate', '--format', 'sarif', '-o', out('whole.sarif')], repo);
    expect([0, 1]).toContain(wholeSarif.exitCode);
    const shards: Report[] = [];
    for (const i of [1, 2, 3]) {
      const json = await runCli(['validate', '--no-cache', '--shard', `${i}/3`, '--format', 'json', '-o', out(`${i}.json`)], repo);
      expect([0, 1], json.stderr).toContain(json.exitCode);
      const sarif = await runCli(['validate', '--shard', `${i}/3`, '--format', 'sarif', '-o', out(`${i}.sarif`)], repo);
      expect([0, 1], sarif.stderr).toContain(sarif.exitCode);
      shards.push(JSON.parse(readFileSync(out(`${i}.json`), 'utf8')) as Report);
    }
    const paths = shards.flatMap((s) => s.files.map((f) => f.path));
    const wholeReport = JSON.parse(readFileSync(out('whole.json'), 'utf8')) as Report;
    expect(paths.sort()).toEqual(wholeReport.files.map((f) => f.path).sort());
    expect(new Set(paths).size).toBe(paths.length);
    expect(shards.every((s) => s.files.length > 0)).toBe(true);
    const shardOf = (p: string) => shards.findIndex((s) => s.files.some((f) => f.path === p));
    // Linked groups stay whole: a role with the playbooks using it, a Compose project, a Terraform folder.
    expect(new Set(['site.yml', 'edge.yml', 'roles/web/tasks/main.yml'].map(shardOf)).size).toBe(1);
    expect(shardOf('compose/compose.yaml')).toBe(shardOf('compose/compose.override.yaml'));
    expect(shardOf('terraform/main.tf')).toBe(shardOf('terraform/variables.tf'));
    expect(shardOf('deploy.sh')).toBe(shardOf('lib/common.sh'));
    // The split is the same on every run.
    const again = await jsonReport(repo, ['--shard', '2/3']);
    expect(again.files.map((f) => f.path)).toEqual(shards[1]?.files.map((f) => f.path));

    const merged = await runCli(['merge', out('3.json'), out('1.json'), out('2.json')], repo);
    expect(merged.exitCode).toBe(whole.exitCode);
    const expected = comparable(readFileSync(out('whole.json'), 'utf8')) as Report;
    expect(wholeReport.summary.errors).toBeGreaterThan(0);
    expect(comparable(merged.stdout)).toEqual(expected);
    // JSON reports merge into any format: SARIF equal to the unsharded run's.
    const toSarif = await runCli(['merge', '--format', 'sarif', out('1.json'), out('2.json'), out('3.json')], repo);
    expect(JSON.parse(toSarif.stdout)).toEqual(JSON.parse(readFileSync(out('whole.sarif'), 'utf8')));
    // SARIF logs merge into the same log.
    const sarif = await runCli(['merge', '-o', out('merged.sarif'), out('2.sarif'), out('1.sarif'), out('3.sarif')], repo);
    expect(sarif.exitCode).toBe(whole.exitCode);
    expect(JSON.parse(readFileSync(out('merged.sarif'), 'utf8'))).toEqual(JSON.parse(readFileSync(out('whole.sarif'), 'utf8')));
    for (const name of ['whole.json', 'whole.sarif', 'merged.sarif', ...[1, 2, 3].flatMap((i) => [`${i}.json`, `${i}.sarif`])]) rmSync(out(name), { force: true });
  }, 400_000);

  it('refuses a missing or repeated shard and a bad --shard, saying what to do (exit 2)', async () => {
    const repo = committed({ 'scripts/ok.sh': ESTATE['scripts/ok.sh'] as string, 'scripts/backup.sh': ESTATE['scripts/backup.sh'] as string });
    for (const i of [1, 2]) {
      const run = await runCli(['validate', '--only', 'shellcheck', '--shard', `${i}/2`, '--format', 'json', '-o', `s${i}.json`], repo);
      expect([0, 1], run.stderr).toContain(run.exitCode);
    }
    const missing = await runCli(['merge', 's1.json'], repo);
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toContain('shard 2/2 is missing');
    const twice = await runCli(['merge', 's1.json', 's1.json', 's2.json'], repo);
    expect(twice.exitCode).toBe(2);
    expect(twice.stderr).toContain('s1.json and s1.json are both shard 1/2');
    const bad = await runCli(['validate', '--shard', '3/2'], repo);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain('--shard 3/2: expected i/n with 1 <= i <= n');
    writeFileSync(path.join(repo, 'notes.json'), '{"hello": 1}\n');
    const notReport = await runCli(['merge', 'notes.json', 's1.json'], repo);
    expect(notReport.exitCode).toBe(2);
    expect(notReport.stderr).toContain('notes.json is not an iacgen JSON report (version 1)');
    expect(`${missing.stderr}${twice.stderr}${bad.stderr}${notReport.stderr}`).not.toMatch(/\n\s+at /);
  }, 60_000);
});
