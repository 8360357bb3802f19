/**
 * Verdicts as the checkers give them: `iacgen validate` on a repository of broken and clean
 * files, each checked in one run (batched, side by side), must give every file the verdict that
 * the checker of this machine gives when run directly on that file alone: failing exactly when
 * the checker reports an error, with findings exactly when it reports any, each error on a line
 * the checker names, and never `status: error` for a file the checker read.
 *
 * What is compared is the checker's own verdict, as the report keeps it: a check's `checkerStatus`
 * (else its `status`), a diagnostic's `checkerSeverity` (else its `severity`), and a finding kept
 * once for several checkers counts for each checker in its `agreed`. iacgen's verdict layer (style
 * as warnings, a missing environment as `skipped`) is tested in `verdict.test.ts`. yamllint runs
 * directly with the configuration iacgen gives it (`yamllint-config.ts`: the relaxed one here, the
 * repository having none), since that choice is iacgen's documented invocation, not a verdict.
 *
 * Runs on whatever checkers are installed: Debian 12's on the host, and today's in the Debian 13
 * and testing chroots (`.ci/chroot run trixie|forky ...`). Compose has its own such test
 * (`compose-projects.test.ts`).
 */
import { cpSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { ANSIBLE_QUIET_ENV } from '../../src/check/checkers/ansible-syntax-check.js';
import { yamllintConfig } from '../../src/check/checkers/yamllint-config.js';
import { haveTools, REPO_ROOT, runCli, tempRepo, writeTree } from '../helpers.js';

const FIXTURES = path.join(REPO_ROOT, 'fixtures', 'checkers');
const TOOLS = ['ansible-playbook', 'ansible-lint', 'bash', 'shellcheck', 'python3', 'pyflakes3', 'yamllint', 'git'];

/** What a checker said when run directly on one file: whether it reported an error, anything at all, and its output. */
interface Direct {
  error: boolean;
  findings: boolean;
  text: string;
}

async function run(command: string, args: string[], cwd: string, env: Record<string, string> = {}): Promise<{ code: number; text: string }> {
  const r = await execa(command, args, { cwd, reject: false, stdin: 'ignore', env: { NO_COLOR: '1', ...env } });
  return { code: r.exitCode ?? -1, text: `${String(r.stdout)}\n${String(r.stderr)}` };
}

/**
 * Each checker run directly on one file, as its own documentation says to run it. "Error" is
 * what the checker itself counts as one: a non-zero exit, or for shellcheck a finding at
 * `-S error`; ansible-lint exits 2 only for findings at level error.
 */
const DIRECT: Record<string, (file: string, cwd: string) => Promise<Direct>> = {
  'ansible-syntax-check': async (file, cwd) => {
    const r = await run('ansible-playbook', ['--syntax-check', file], cwd, ANSIBLE_QUIET_ENV);
    return { error: r.code !== 0, findings: r.code !== 0 || /duplicate\s+(mapping|dict)\s+key/i.test(r.text), text: r.text };
  },
  'ansible-lint': async (file, cwd) => {
    const r = await run('ansible-lint', ['--offline', '--nocolor', '-f', 'codeclimate', '-q', file], cwd, ANSIBLE_QUIET_ENV);
    const list = /^\s*\[[\s\S]*\]\s*$/m.exec(r.text)?.[0] ?? '[]';
    return { error: r.code !== 0, findings: (JSON.parse(list) as unknown[]).length > 0, text: r.text };
  },
  'bash-syntax': async (file, cwd) => {
    const r = await run('bash', ['-n', file], cwd);
    return { error: r.code !== 0, findings: r.code !== 0 || r.text.trim() !== '', text: r.text };
  },
  shellcheck: async (file, cwd) => {
    const all = await run('shellcheck', ['-f', 'gcc', file], cwd);
    const errors = await run('shellcheck', ['-S', 'error', file], cwd);
    return { error: errors.code !== 0, findings: all.code !== 0, text: all.text };
  },
  'python-compile': async (file, cwd) => {
    const r = await run('python3', ['-B', '-I', '-c', 'import sys; compile(open(sys.argv[1], "rb").read(), sys.argv[1], "exec")', file], cwd);
    return { error: r.code !== 0, findings: r.code !== 0, text: r.text };
  },
  yamllint: async (file, cwd) => {
    const r = await run('yamllint', ['-f', 'parsable', ...yamllintConfig(cwd).args, file], cwd);
    return { error: r.code !== 0, findings: r.text.trim() !== '', text: r.text };
  },
};

/** The broken and clean files of issue 12's list, next to each other in one repository. */
function repository(): string {
  const dir = tempRepo();
  const copy = (from: string, to: string): void => cpSync(path.join(FIXTURES, from), path.join(dir, to));
  copy('ansible-syntax-check/bad/broken-indentation.yml', 'ansible/playbooks/broken-indentation.yml');
  copy('ansible-syntax-check/bad/unknown-module.yml', 'ansible/playbooks/unknown-module.yml');
  copy('ansible-syntax-check/bad/two-actions.yml', 'ansible/playbooks/two-actions.yml');
  copy('ansible-syntax-check/bad/duplicate-key.yml', 'ansible/playbooks/duplicate-key.yml');
  copy('ansible-syntax-check/good/site.yml', 'ansible/playbooks/site.yml');
  copy('ansible-lint/good/tasks/main.yml', 'ansible/roles/web/tasks/main.yml');
  copy('shellcheck/bad/unquoted.sh', 'scripts/unquoted.sh');
  copy('bash-syntax/bad/unclosed-if.sh', 'scripts/unclosed-if.sh');
  copy('bash-syntax/good/deploy.sh', 'scripts/deploy.sh');
  copy('python-compile/bad/syntax_error.py', 'tools/syntax_error.py');
  copy('python-compile/good/app.py', 'tools/app.py');
  writeTree(dir, {
    // A role's tasks file with two actions in one task, beside the clean one.
    'ansible/roles/broken/tasks/main.yml': '---\n- name: Two actions\n  ansible.builtin.debug:\n    msg: hi\n  ansible.builtin.ping:\n',
    // A playbook whose syntax error lies in its role's tasks file (a collection that is not
    // installed): ansible-lint locates it in the role's file, yet it is the playbook that fails.
    'ansible/uses-role.yml': '---\n- name: Uses a role\n  hosts: all\n  roles:\n    - needs_collection\n',
    'ansible/roles/needs_collection/tasks/main.yml': '---\n- name: Call a module of a collection that is not installed\n  nothere.missing.thing:\n    name: x\n',
    'ansible/roles/web/meta/main.yml': '---\ngalaxy_info:\n  author: Test Operator\n  description: Web\n  license: MIT\n  min_ansible_version: "2.14"\n  platforms: [{name: Debian, versions: [bookworm]}]\n',
  });
  return dir;
}

interface ReportFile {
  path: string;
  checks: { checker: string; status: string; checkerStatus?: string; reason?: string }[];
  diagnostics: { line: number; severity: string; checkerSeverity?: string; rule: string; source: string; agreed?: string[] }[];
}

describe.skipIf(!haveTools(...TOOLS))('iacgen agrees with each checker run directly on each file alone', () => {
  it('same verdicts, findings and error lines, and no checker error on a file the checker read', async () => {
    const dir = repository();
    const result = await runCli(['validate', '--format', 'json', '--no-cache', '--skip', 'iacgen'], dir);
    expect(result.stderr).toBe('');
    const report = JSON.parse(result.stdout) as { files: ReportFile[] };
    // The run left nothing in the repository (ansible-lint 25+ would write `.ansible/`), checked
    // before the checkers run directly below leave their own.
    const status = await execa('git', ['status', '--porcelain', '--ignored', '--untracked-files=all'], { cwd: dir });
    expect(String(status.stdout).split('\n').filter((l) => /\.ansible\/|__pycache__|\.cache\//.test(l))).toEqual([]);
    const compared: string[] = [];
    const disagreements: string[] = [];
    for (const file of report.files) {
      for (const check of file.checks) {
        const direct = DIRECT[check.checker];
        if (!direct) continue;
        const label = `${file.path} ${check.checker}`;
        compared.push(label);
        if (check.status === 'error') {
          disagreements.push(`${label}: status error (${check.reason ?? ''})`);
          continue;
        }
        const said = await direct(file.path, dir);
        const status = check.checkerStatus ?? check.status;
        const ours = file.diagnostics.filter((d) => d.source === check.checker || d.agreed?.includes(check.checker));
        if ((status === 'fail') !== said.error) disagreements.push(`${label}: iacgen ${status}, the checker ${said.error ? 'reports an error' : 'reports no error'}:\n${said.text}`);
        if ((ours.length > 0) !== said.findings) disagreements.push(`${label}: iacgen ${ours.length} findings, the checker ${said.findings ? 'some' : 'none'}:\n${said.text}`);
        for (const d of ours.filter((x) => (x.checkerSeverity ?? x.severity) === 'error')) {
          if (!new RegExp(`(:|line |"line": |"begin": )${d.line}\\b`).test(said.text)) disagreements.push(`${label}: error ${d.rule} on line ${d.line}, a line the checker does not name:\n${said.text}`);
        }
      }
    }
    expect(disagreements).toEqual([]);
    // Every kind of file and checker of the list was compared, the broken ones included.
    for (const [file, checker] of [
      ['ansible/playbooks/broken-indentation.yml', 'ansible-syntax-check'],
      ['ansible/playbooks/two-actions.yml', 'ansible-lint'],
      ['ansible/roles/broken/tasks/main.yml', 'ansible-lint'],
      ['ansible/uses-role.yml', 'ansible-lint'],
      ['ansible/roles/needs_collection/tasks/main.yml', 'ansible-lint'],
      ['scripts/unclosed-if.sh', 'bash-syntax'],
      ['scripts/unquoted.sh', 'shellcheck'],
      ['tools/syntax_error.py', 'python-compile'],
    ]) {
      expect(compared).toContain(`${file} ${checker}`);
    }
    const failing = report.files.filter((f) => f.checks.some((c) => (c.checkerStatus ?? c.status) === 'fail')).map((f) => f.path);
    expect(failing).toEqual(expect.arrayContaining(['ansible/playbooks/broken-indentation.yml', 'ansible/playbooks/unknown-module.yml', 'ansible/playbooks/two-actions.yml', 'ansible/roles/broken/tasks/main.yml', 'scripts/unclosed-if.sh', 'tools/syntax_error.py']));
    expect(readFileSync(path.join(dir, 'ansible/playbooks/site.yml'), 'utf8')).toBe(readFileSync(path.join(FIXTURES, 'ansible-syntax-check/good/site.yml'), 'utf8'));
  }, 600_000);
});
