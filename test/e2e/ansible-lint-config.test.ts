/**
 * ansible-lint refusing a repository's own configuration (a rule it cannot skip in the warn list;
 * custom rules that do not import): every file's ansible-lint check is `skipped` with the cause
 * and the fix, one call (no retry per file), never a crash per file, never a pass. Real
 * ansible-lint, on every generation the suite runs on (host, trixie, forky).
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { haveTools, runCli, tempRepo } from '../helpers.js';

const PLAYBOOK = '---\n- name: Ping\n  hosts: localhost\n  gather_facts: false\n  tasks:\n    - name: Ping\n      ansible.builtin.ping:\n';
const TASKS = '---\n- name: Ping\n  ansible.builtin.ping:\n';

interface Report {
  files: { path: string; checks: { checker: string; status: string; reason?: string }[]; diagnostics: { source: string; severity: string }[] }[];
}

async function lintChecks(files: Record<string, string>): Promise<{ exitCode: number; checks: Map<string, { status: string; reason?: string }>; stderr: string; left: string[] }> {
  const repo = tempRepo({ 'site.yml': PLAYBOOK, 'roles/web/tasks/main.yml': TASKS, 'roles/web/tasks/extra.yml': TASKS, ...files });
  const before = new Set(readdirSync(repo));
  const run = await runCli(['validate', '--format', 'json', '--only', 'ansible-lint'], repo);
  // Nothing new in the repository: ansible-lint 25+ writes `.ansible/` into its working folder, even for --version.
  const left = readdirSync(repo).filter((name) => !before.has(name));
  const report = JSON.parse(run.stdout) as Report;
  const checks = new Map<string, { status: string; reason?: string }>();
  for (const f of report.files) for (const c of f.checks) if (c.checker === 'ansible-lint') checks.set(f.path, c);
  return { exitCode: run.exitCode, checks, stderr: run.stderr, left };
}

describe.skipIf(!haveTools('ansible-lint'))('ansible-lint refusing the repository configuration', () => {
  it('an unskippable rule in warn_list: every file skipped with the fix, exit 0', async () => {
    const { exitCode, checks } = await lintChecks({ '.ansible-lint': '---\nwarn_list:\n  - load-failure\n' });
    expect([...checks.keys()].sort()).toEqual(['roles/web/tasks/extra.yml', 'roles/web/tasks/main.yml', 'site.yml']);
    for (const check of checks.values()) {
      expect(check.status).toBe('skipped');
      expect(check.reason).toMatch(/rule `load-failure` cannot be skipped or warned about; remove it from skip_list\/warn_list/);
    }
    expect(exitCode).toBe(0);
  }, 240_000);

  it('custom rules that do not import: every file skipped, naming the rule file and the import error', async () => {
    const { exitCode, checks } = await lintChecks({
      '.ansible-lint': '---\nrulesdir:\n  - lint/rules\n',
      'lint/rules/house.py': 'from ansiblelint.utils import no_such_helper_iacgen\n',
    });
    expect(checks.size).toBe(3);
    for (const check of checks.values()) {
      expect(check.status).toBe('skipped');
      expect(check.reason).toMatch(/custom ansible-lint rules do not load into this ansible-lint \(lint\/rules\/house\.py: ImportError: cannot import name 'no_such_helper_iacgen'/);
    }
    expect(exitCode).toBe(0);
  }, 240_000);

  it('a configuration it accepts still lints (the near miss)', async () => {
    const { checks, left } = await lintChecks({ '.ansible-lint': '---\nwarn_list:\n  - fqcn\n' });
    expect([...checks.values()].map((c) => c.status)).toEqual(['pass', 'pass', 'pass']);
    expect(left).toEqual([]);
  }, 240_000);
});
