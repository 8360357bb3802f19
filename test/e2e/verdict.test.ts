/**
 * Severity by consequence, end to end: the built CLI on real files in real git repositories with
 * the real yamllint, ansible-playbook and ansible-lint (Debian 12's on the host, 13's and
 * testing's in the chroots, whose ansible-lint 25/26 word their findings differently).
 * iacgen's own rules are skipped (`--skip iacgen`): the checkers' verdicts are under test.
 */
import { execaSync } from 'execa';
import { describe, expect, it } from 'vitest';
import { haveTools, runCli, tempRepo, writeTree } from '../helpers.js';

const ready = haveTools('ansible-playbook', 'ansible-lint', 'yamllint', 'git');
const TIMEOUT = 180_000;

interface Report {
  summary: { errors: number; warnings: number; skipped: number };
  files: Array<{
    path: string;
    checks: Array<{ checker: string; status: string; reason?: string; checkerStatus?: string; cached?: boolean }>;
    diagnostics: Array<{ line: number; severity: string; rule: string; message: string; source: string; checkerSeverity?: string; agreed?: string[] }>;
  }>;
}

async function validate(cwd: string, args: string[] = []): Promise<{ exitCode: number; report: Report; stderr: string }> {
  const run = await runCli(['validate', '--format', 'json', '--skip', 'iacgen', ...args], cwd);
  return { exitCode: run.exitCode, report: JSON.parse(run.stdout) as Report, stderr: run.stderr };
}

function fileOf(report: Report, path: string): Report['files'][number] {
  const found = report.files.find((f) => f.path === path);
  if (!found) throw new Error(`${path} is not in the report: ${JSON.stringify(report.files.map((f) => f.path))}`);
  return found;
}

/** Plain YAML with a 120-column line and trailing spaces: yamllint's default preset calls both errors. */
const LONG_AND_TRAILING = `---\nservices:\n  description: "${'a very long value '.repeat(6).trim()}"\n  name: web   \n`;

/** A clean playbook whose only findings are ansible-lint's fqcn (a short module name). */
const FQCN_ONLY = '---\n- name: Install nginx\n  hosts: all\n  tasks:\n    - name: Install the package\n      apt:\n        name: nginx\n        state: present\n';

describe.skipIf(!ready)('severity by consequence (real checkers)', () => {
  it('yamllint without a repository config: long lines and trailing spaces are warnings, exit 0', async () => {
    const repo = tempRepo({ 'config/app.yaml': LONG_AND_TRAILING });
    const { exitCode, report, stderr } = await validate(repo);
    expect(stderr).toBe('');
    const file = fileOf(report, 'config/app.yaml');
    expect(file.diagnostics).toEqual([
      expect.objectContaining({ source: 'yamllint', rule: 'trailing-spaces', line: 4, severity: 'warning' }),
    ]);
    // The relaxed configuration allows 160 columns: the 120-column line is no finding at all.
    expect(file.checks).toContainEqual(expect.objectContaining({ checker: 'yamllint', status: 'pass' }));
    expect(exitCode).toBe(0);
    // Under --fail-on warning the same run fails.
    expect((await validate(repo, ['--fail-on', 'warning'])).exitCode).toBe(1);
  }, TIMEOUT);

  it("the repository's own .yamllint keeps yamllint's levels (and the cache follows the config)", async () => {
    const repo = tempRepo({ 'config/app.yaml': LONG_AND_TRAILING });
    // A first run fills the cache with the relaxed verdict.
    expect((await validate(repo)).exitCode).toBe(0);
    writeTree(repo, { '.yamllint': 'extends: default\nrules:\n  line-length:\n    max: 100\n    level: error\n  trailing-spaces: disable\n  document-start: disable\n' });
    const { exitCode, report } = await validate(repo);
    const file = fileOf(report, 'config/app.yaml');
    expect(file.diagnostics).toEqual([expect.objectContaining({ source: 'yamllint', rule: 'line-length', line: 3, severity: 'error' })]);
    expect(file.checks).toContainEqual(expect.objectContaining({ checker: 'yamllint', status: 'fail' }));
    expect(file.checks.find((c) => c.checker === 'yamllint')?.cached).toBeUndefined();
    expect(exitCode).toBe(1);
  }, TIMEOUT);

  it('a YAML syntax error is an error, with or without a config', async () => {
    const repo = tempRepo({ 'config/broken.yaml': '---\nkey: [unclosed\nother: 1\n' });
    const { exitCode, report } = await validate(repo);
    expect(fileOf(report, 'config/broken.yaml').diagnostics).toContainEqual(expect.objectContaining({ source: 'yamllint', rule: 'syntax', severity: 'error' }));
    expect(exitCode).toBe(1);
  }, TIMEOUT);

  it("ansible-lint's fqcn alone is a warning (exit 0; exit 1 with --fail-on warning); its own config keeps its verdict", async () => {
    const repo = tempRepo({ 'site.yml': FQCN_ONLY });
    const { exitCode, report } = await validate(repo);
    const file = fileOf(report, 'site.yml');
    expect(file.diagnostics).toEqual([expect.objectContaining({ source: 'ansible-lint', rule: expect.stringMatching(/^fqcn/), severity: 'warning', checkerSeverity: 'error' })]);
    // ansible-lint itself failed the file (exit 2): its verdict is kept beside iacgen's.
    expect(file.checks).toContainEqual(expect.objectContaining({ checker: 'ansible-lint', status: 'pass', checkerStatus: 'fail' }));
    expect(exitCode).toBe(0);
    const strictest = await runCli(['validate', '--skip', 'iacgen', '--fail-on', 'warning'], repo);
    expect(strictest.exitCode).toBe(1);
    expect(strictest.stdout).toMatch(/^failed: 1 file checked, 0 errors, 1 warning/m);

    writeTree(repo, { '.ansible-lint': '---\noffline: true\n' });
    const configured = await validate(repo);
    expect(fileOf(configured.report, 'site.yml').diagnostics).toEqual([expect.objectContaining({ source: 'ansible-lint', rule: expect.stringMatching(/^fqcn/), severity: 'error' })]);
    expect(configured.exitCode).toBe(1);
  }, TIMEOUT);

  it("reports yamllint's finding and ansible-lint's yaml[...] on the same line once, naming both", async () => {
    const repo = tempRepo({ 'site.yml': FQCN_ONLY.replace('state: present', 'state: present   ').replace('apt:', 'ansible.builtin.apt:') });
    const { exitCode, report } = await validate(repo);
    const file = fileOf(report, 'site.yml');
    expect(file.diagnostics).toEqual([
      expect.objectContaining({ source: 'yamllint', rule: 'trailing-spaces', line: 8, severity: 'warning', agreed: ['yamllint', 'ansible-lint'] }),
    ]);
    expect(exitCode).toBe(0);
    const pretty = await runCli(['validate', '--skip', 'iacgen'], repo);
    expect(pretty.stdout).toContain('site.yml:8:');
    expect(pretty.stdout).toMatch(/warning trailing-spaces .*\(yamllint \+ ansible-lint\)$/m);
  }, TIMEOUT);

  it('a role that is not installed is a named cause: the checks are skipped, exit 0; --strict makes it an error, exit 1', async () => {
    const repo = tempRepo({ 'site.yml': '---\n- name: Docker hosts\n  hosts: all\n  roles:\n    - geerlingguy.docker\n' });
    const { exitCode, report } = await validate(repo);
    const file = fileOf(report, 'site.yml');
    expect(file.diagnostics).toEqual([
      expect.objectContaining({
        rule: 'ansible-missing-role',
        line: 5,
        severity: 'warning',
        source: 'ansible-syntax-check',
        agreed: ['ansible-syntax-check', 'ansible-lint'],
        message: expect.stringContaining('ansible-galaxy role install geerlingguy.docker'),
      }),
    ]);
    for (const checker of ['ansible-syntax-check', 'ansible-lint']) {
      expect(file.checks).toContainEqual(expect.objectContaining({ checker, status: 'skipped', checkerStatus: 'fail', reason: expect.stringMatching(/^ansible-missing-role: role `geerlingguy\.docker` is not installed/) }));
    }
    expect(report.summary).toMatchObject({ errors: 0, warnings: 1 });
    expect(exitCode).toBe(0);

    const strict = await validate(repo, ['--strict']);
    expect(fileOf(strict.report, 'site.yml').diagnostics).toEqual([expect.objectContaining({ rule: 'ansible-missing-role', severity: 'error' })]);
    expect(fileOf(strict.report, 'site.yml').checks).toContainEqual(expect.objectContaining({ checker: 'ansible-syntax-check', status: 'fail' }));
    expect(strict.exitCode).toBe(1);
  }, TIMEOUT);

  it('a collection module that is not installed names the collection to install, from both ansible checkers', async () => {
    const repo = tempRepo({ 'site.yml': '---\n- name: Containers\n  hosts: all\n  tasks:\n    - name: Run one\n      example.nothere.container:\n        name: web\n' });
    const { exitCode, report } = await validate(repo);
    expect(fileOf(report, 'site.yml').diagnostics).toEqual([
      expect.objectContaining({ rule: 'ansible-missing-collection', severity: 'warning', agreed: ['ansible-syntax-check', 'ansible-lint'], message: expect.stringContaining('ansible-galaxy collection install example.nothere') }),
    ]);
    expect(exitCode).toBe(0);
  }, TIMEOUT);

  it('a builtin module newer than the installed ansible-core is a named cause with the version (ansible-core 2.14); resolved on 2.15+', async () => {
    const repo = tempRepo({
      'site.yml': '---\n- name: Repositories\n  hosts: all\n  tasks:\n    - name: Add one\n      ansible.builtin.deb822_repository:\n        name: example\n        types: deb\n        uris: http://deb.example.org\n        suites: stable\n        components: main\n',
    });
    const run = await runCli(['validate', '--format', 'json', '--skip', 'iacgen'], repo);
    const report = JSON.parse(run.stdout) as Report & { checkers: Array<{ id: string; version?: string }> };
    const core = report.checkers.find((c) => c.id === 'ansible-syntax-check')?.version ?? '';
    const [major = 0, minor = 0] = core.split('.').map(Number);
    const diagnostics = fileOf(report, 'site.yml').diagnostics;
    if (major === 2 && minor < 15) {
      expect(diagnostics).toEqual([
        expect.objectContaining({ rule: 'ansible-module-unavailable', severity: 'warning', message: expect.stringContaining(`is not in ansible-core ${core}, the installed one; it came in ansible-core 2.15: upgrade ansible-core`) }),
      ]);
    } else {
      expect(core).toMatch(/^2\.\d+/);
      expect(diagnostics).toEqual([]);
    }
    expect(run.exitCode).toBe(0);
  }, TIMEOUT);

  it("the pre-commit path (--staged) follows --fail-on and iacgen.yaml's failOn", async () => {
    const repo = tempRepo({ 'site.yml': FQCN_ONLY });
    execaSync('git', ['add', 'site.yml'], { cwd: repo });
    expect((await runCli(['validate', '--staged', '--skip', 'iacgen'], repo)).exitCode).toBe(0);
    const failing = await runCli(['validate', '--staged', '--skip', 'iacgen', '--fail-on', 'warning'], repo);
    expect(failing.exitCode).toBe(1);
    expect(failing.stdout).toMatch(/warning fqcn/);
    // iacgen.yaml can ask for it too; the flag wins.
    writeTree(repo, { 'iacgen.yaml': 'failOn: warning\n' });
    execaSync('git', ['add', 'iacgen.yaml'], { cwd: repo });
    expect((await runCli(['validate', '--staged', '--skip', 'iacgen'], repo)).exitCode).toBe(1);
    expect((await runCli(['validate', '--staged', '--skip', 'iacgen', '--fail-on', 'error'], repo)).exitCode).toBe(0);
  }, TIMEOUT);
});
