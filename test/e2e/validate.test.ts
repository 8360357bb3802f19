/**
 * `iacgen validate` end to end: the built CLI on real files in real git repositories, with the
 * real checkers.
 */
import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execaSync } from 'execa';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { haveTools, runCli, tempDir, tempRepo } from '../helpers.js';

const ready = haveTools('ansible-playbook', 'ansible-lint', 'yamllint', 'shellcheck', 'python3', 'bash');
const PLAYBOOK = 'ansible/playbooks/nginx-config.yml';

/** The JSON report contract (version 1). */
const reportSchema = z
  .object({
    version: z.literal(1),
    summary: z.object({ files: z.number(), errors: z.number(), warnings: z.number(), skipped: z.number(), notChecked: z.number() }).strict(),
    baseline: z.object({ file: z.string(), matched: z.number(), new: z.number(), stale: z.number() }).strict().nullable(),
    durationMs: z.number(),
    checkers: z.array(
      z.object({
        id: z.string(),
        policy: z.enum(['required', 'optional', 'off']),
        status: z.enum(['ran', 'missing', 'off']),
        path: z.string().optional(),
        version: z.string().optional(),
        installHint: z.string().optional(),
        route: z.object({ fast: z.boolean(), why: z.string().min(1) }).strict().optional(),
        untested: z.string().optional(),
        sandboxed: z.boolean().optional(),
      }).strict(),
    ),
    sandbox: z
      .discriminatedUnion('status', [
        z.object({ status: z.literal('on'), bwrap: z.string(), version: z.string().optional() }).strict(),
        z.object({ status: z.literal('off'), why: z.string() }).strict(),
        z.object({ status: z.literal('unavailable'), why: z.string(), fix: z.string(), bwrap: z.string().optional(), version: z.string().optional() }).strict(),
      ])
      .optional(),
    files: z.array(
      z.object({
        path: z.string(),
        type: z.string(),
        note: z.string().optional(),
        notChecked: z.enum(['binary', 'too-large', 'unreadable', 'special-file', 'symlink-loop', 'broken-symlink', 'outside-repository', 'symlink']).optional(),
        checks: z.array(
          z.object({ checker: z.string(), status: z.enum(['pass', 'fail', 'skipped', 'error']), durationMs: z.number(), reason: z.string().optional(), output: z.string().optional(), cached: z.literal(true).optional(), checkerStatus: z.enum(['pass', 'fail']).optional() }).strict(),
        ),
        diagnostics: z.array(
          z
            .object({
              line: z.number(),
              column: z.number(),
              severity: z.enum(['error', 'warning', 'info']),
              rule: z.string(),
              message: z.string(),
              source: z.string(),
              checkerSeverity: z.enum(['error', 'warning', 'info']).optional(),
              agreed: z.array(z.string()).min(2).optional(),
              baseline: z.literal(true).optional(),
              fixable: z.literal(true).optional(),
            })
            .strict(),
        ),
      }).strict(),
    ),
  })
  .strict();
type Report = z.infer<typeof reportSchema>;

async function jsonReport(cwd: string, args: string[] = []): Promise<{ exitCode: number; report: Report }> {
  const run = await runCli(['validate', '--format', 'json', ...args], cwd);
  return { exitCode: run.exitCode, report: reportSchema.parse(JSON.parse(run.stdout)) };
}

/** Every path under `dir` except .git, sorted. */
function tree(dir: string): string[] {
  return (readdirSync(dir, { recursive: true }) as string[]).filter((p) => !p.startsWith('.git')).sort();
}

/** A repository holding a freshly generated nginx playbook. */
async function generatedRepo(): Promise<string> {
  const repo = tempRepo();
  const run = await runCli(['new', 'playbook', '--target', 'ct102', '--service', 'nginx', '--yes'], repo);
  expect(run.exitCode, run.stderr).toBe(0);
  return repo;
}

/** Line number (1-based) of the first line of `text` containing `needle`. */
function lineOf(text: string, needle: string): number {
  const index = text.split('\n').findIndex((l) => l.includes(needle));
  expect(index, `'${needle}' not found`).toBeGreaterThanOrEqual(0);
  return index + 1;
}

describe.skipIf(!ready)('iacgen validate (real checkers)', () => {
  it('reports an unknown module on its line, from ansible-playbook --syntax-check', async () => {
    const repo = await generatedRepo();
    const file = path.join(repo, PLAYBOOK);
    const text = readFileSync(file, 'utf8').replace(/ansible\.builtin\.(apt|package|copy):/, 'ansible.builtin.no_such_module:');
    writeFileSync(file, text);
    const { exitCode, report } = await jsonReport(repo);
    expect(exitCode).toBe(1);
    const entry = report.files.find((f) => f.path === PLAYBOOK);
    expect(entry?.type).toBe('ansible-playbook');
    const taskLine = lineOf(text, 'ansible.builtin.no_such_module:') - 1;
    expect(entry?.diagnostics).toContainEqual(
      expect.objectContaining({ source: 'ansible-syntax-check', severity: 'error', line: taskLine, rule: 'syntax-check' }),
    );
    expect(entry?.checks).toContainEqual(expect.objectContaining({ checker: 'ansible-syntax-check', status: 'fail' }));
    // The report says which way the syntax check ran: its worker, on the ansible-core it was proven on.
    expect(report.checkers.find((c) => c.id === 'ansible-syntax-check')?.route).toEqual({ fast: true, why: expect.stringMatching(/proven on 2\.14-2\.22/) });
  });

  it('reports bad indentation on its line, from yamllint and the syntax check', async () => {
    const repo = await generatedRepo();
    const file = path.join(repo, PLAYBOOK);
    const lines = readFileSync(file, 'utf8').split('\n');
    const target = lines.findIndex((l) => /^ {8}name: /.test(l));
    lines[target] = ` ${lines[target]}`;
    writeFileSync(file, lines.join('\n'));
    const { exitCode, report } = await jsonReport(repo);
    expect(exitCode).toBe(1);
    const diagnostics = report.files.find((f) => f.path === PLAYBOOK)?.diagnostics ?? [];
    // yamllint flags the indented line itself (style: a warning); the YAML parser trips on the line
    // after it, which yamllint, the syntax check and ansible-lint all report: once, naming all three.
    expect(diagnostics).toContainEqual(expect.objectContaining({ source: 'yamllint', rule: 'indentation', line: target + 1, severity: 'warning' }));
    expect(diagnostics).toContainEqual(expect.objectContaining({ source: 'ansible-syntax-check', severity: 'error', line: target + 2, agreed: expect.arrayContaining(['ansible-syntax-check', 'yamllint']) }));
    expect(diagnostics.filter((d) => d.line === target + 2)).toHaveLength(1);
  });

  it('reports a duplicate key on its line, from yamllint', async () => {
    const repo = await generatedRepo();
    const file = path.join(repo, PLAYBOOK);
    const text = readFileSync(file, 'utf8').replace(/^(\s+)become: true$/m, '$1become: true\n$1become: false');
    writeFileSync(file, text);
    const run = await runCli(['validate'], repo);
    expect(run.exitCode).toBe(1);
    const line = lineOf(text, 'become: false');
    // ansible-lint's yaml[key-duplicates] (and, from ansible-core 2.19, ansible's own warning on that
    // line) is the same finding: reported once, yamllint's, naming every checker that agreed.
    expect(run.stdout).toMatch(new RegExp(`^  ${PLAYBOOK}:${line}:\\d+: error key-duplicates .+ \\(yamllint( \\+ ansible-syntax-check)? \\+ ansible-lint\\)$`, 'm'));
    expect(run.stdout).toMatch(/^failed: 2 files checked, [1-9]\d* errors?/m);
  });

  it('reports an unclosed if in a shell script and a Python syntax error', async () => {
    const repo = tempRepo({
      'scripts/shell/broken.sh': '#!/usr/bin/env bash\nset -euo pipefail\nif true; then\n  echo "open"\n',
      'scripts/python/broken.py': 'def main(:\n    return 1\n',
      'scripts/python/fine.py': 'print("fine")\n',
    });
    const { exitCode, report } = await jsonReport(repo);
    expect(exitCode).toBe(1);
    const shell = report.files.find((f) => f.path === 'scripts/shell/broken.sh');
    expect(shell?.type).toBe('shell');
    expect(shell?.diagnostics).toContainEqual(expect.objectContaining({ source: 'bash-syntax', severity: 'error', line: 5 }));
    expect(shell?.diagnostics).toContainEqual(expect.objectContaining({ source: 'shellcheck', rule: 'SC1046', line: 3 }));
    const python = report.files.find((f) => f.path === 'scripts/python/broken.py');
    expect(python?.diagnostics.filter((d) => d.source !== 'iacgen')).toEqual([expect.objectContaining({ source: 'python-compile', severity: 'error', line: 1, column: 10 })]);
    expect(python?.checks).toEqual([
      expect.objectContaining({ checker: 'python-compile', status: 'fail' }),
      expect.objectContaining({ checker: 'pyflakes', status: 'skipped', reason: expect.stringContaining('syntax error at line 1') }),
      expect.objectContaining({ checker: 'iacgen' }),
    ]);
    expect(report.files.find((f) => f.path === 'scripts/python/fine.py')?.checks).toEqual([
      expect.objectContaining({ checker: 'python-compile', status: 'pass' }),
      expect.objectContaining({ checker: 'pyflakes', status: 'pass' }),
      expect.objectContaining({ checker: 'iacgen' }),
    ]);
    expect(report.summary).toMatchObject({ files: 3, skipped: 1 });
    expect(report.checkers.map((c) => [c.id, c.status, typeof c.version])).toEqual([
      ['bash-syntax', 'ran', 'string'],
      ['shellcheck', 'ran', 'string'],
      ['shfmt', 'ran', 'string'],
      ['python-compile', 'ran', 'string'],
      ['pyflakes', 'ran', 'string'],
      ['iacgen', 'ran', 'string'],
    ]);
  });

  it('never runs the files it checks and leaves nothing behind', async () => {
    const repo = tempRepo({
      'scripts/python/would_write.py': 'open("pwned-by-python", "w").write("x")\n',
      'scripts/shell/would_write.sh': '#!/usr/bin/env bash\nset -euo pipefail\ntouch pwned-by-shell\n',
      'ansible/playbooks/local.yml': '---\n- name: Local\n  hosts: localhost\n  tasks:\n    - name: Write a file\n      ansible.builtin.copy:\n        dest: pwned-by-ansible\n        content: x\n        mode: "0644"\n',
    });
    const before = tree(repo);
    const run = await runCli(['validate'], repo);
    expect(run.exitCode, run.stdout).toBe(0);
    expect(tree(repo)).toEqual(before);
  });

  it('validates only the paths given, relative to the working directory', async () => {
    const repo = tempRepo({ 'a/good.sh': '#!/usr/bin/env bash\necho "ok"\n', 'b/bad.sh': 'if\n' });
    const { exitCode, report } = await jsonReport(path.join(repo, 'a'), ['.']);
    expect(exitCode).toBe(0);
    expect(report.files.map((f) => f.path)).toEqual(['good.sh']);
  });

  it('checks a file whose name starts with a dash as a file, not an option', async () => {
    const repo = tempRepo({ '-n.sh': 'if true; then\n' });
    const { exitCode, report } = await jsonReport(repo);
    expect(exitCode).toBe(1);
    expect(report.files[0]?.diagnostics).toContainEqual(expect.objectContaining({ source: 'bash-syntax', line: 2 }));
  });

  it('skips git-ignored files', async () => {
    const repo = tempRepo({ '.gitignore': 'build/\n', 'build/bad.sh': 'if\n', 'ok.sh': '#!/usr/bin/env bash\necho "ok"\n' });
    const { exitCode, report } = await jsonReport(repo);
    expect(exitCode).toBe(0);
    expect(report.files.map((f) => f.path)).toEqual(['ok.sh']);
  });
});

describe('iacgen validate without the checkers', () => {
  /** A PATH holding only node, git and the shell utilities: no checker is installed. */
  function barePath(): string {
    const bin = tempDir('iacgen-bin-');
    for (const tool of ['node', 'git', 'sh', 'mkdir', 'rm']) {
      const real = execaSync('sh', ['-c', `command -v ${tool}`]).stdout.trim();
      symlinkSync(real, path.join(bin, tool));
    }
    return bin;
  }

  it('reports a missing checker as skipped with its install hint, and --strict makes it an error', async () => {
    const repo = tempRepo({ 'config/app.yaml': 'key: value\n' });
    const env = { PATH: barePath() };
    const plain = await runCli(['validate', '--format', 'json'], repo, env);
    expect(plain.exitCode, plain.stderr).toBe(0);
    const report = reportSchema.parse(JSON.parse(plain.stdout));
    expect(report.files[0]?.checks).toEqual([
      expect.objectContaining({ checker: 'yaml-parse', status: 'pass' }),
      expect.objectContaining({ checker: 'yamllint', status: 'skipped', reason: expect.stringContaining('apt-get install yamllint') }),
      expect.objectContaining({ checker: 'iacgen', status: 'pass' }),
    ]);
    expect(report.summary.skipped).toBe(1);
    const pretty = await runCli(['validate'], repo, env);
    expect(pretty.stdout).toContain('Skipped checkers (not installed):\n  yamllint: apt-get install yamllint');
    // bwrap is missing too: --strict refuses to check without the sandbox, unless told to.
    expect((await runCli(['validate', '--strict'], repo, env)).exitCode).toBe(2);
    const strict = await runCli(['validate', '--strict', '--no-sandbox'], repo, env);
    expect(strict.exitCode).toBe(1);
    expect(strict.stdout).toContain('checker-missing');
  });

  it('exits 2 with a one-line error for a path it cannot read', async () => {
    const repo = tempRepo();
    mkdirSync(path.join(repo, 'x'));
    symlinkSync(path.join(repo, 'nowhere'), path.join(repo, 'x', 'dangling.yml'));
    for (const given of ['missing.yml', 'x/dangling.yml']) {
      const run = await runCli(['validate', given], repo);
      expect(run.exitCode).toBe(2);
      expect(run.stderr).toMatch(new RegExp(`^iacgen: cannot read '${given}': no such file or directory\\n`));
      expect(run.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('exits 2 for an unknown option', async () => {
    const run = await runCli(['validate', '--bogus'], tempRepo());
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain("unknown option '--bogus'");
  });
});

describe.skipIf(!ready)('iacgen validate: selection and exclusions', () => {
  const files = {
    'scripts/ok.sh': '#!/usr/bin/env bash\necho "ok"\n',
    'scripts/bad.sh': '#!/usr/bin/env bash\nif true; then\n',
    'vendor/third.sh': 'if\n',
    'build/generated.py': 'def (:\n',
  };

  it('leaves out files matched by .iacgenignore and exclude: globs', async () => {
    const repo = tempRepo({ ...files, '.iacgenignore': '# vendored\nvendor/\n', 'iacgen.yaml': 'exclude:\n  - "build/**"\n' });
    const { report } = await jsonReport(repo);
    expect(report.files.map((f) => f.path).sort()).toEqual(['iacgen.yaml', 'scripts/bad.sh', 'scripts/ok.sh']);
  });

  it('runs only the checkers named by --only, and none named by --skip', async () => {
    const repo = tempRepo(files);
    const only = await jsonReport(repo, ['--only', 'bash-syntax', 'scripts']);
    expect(only.report.checkers.map((c) => [c.id, c.status])).toEqual([
      ['bash-syntax', 'ran'],
      ['shellcheck', 'off'],
      ['shfmt', 'off'],
      ['iacgen', 'off'],
    ]);
    expect(only.report.files.flatMap((f) => f.checks.map((c) => c.checker))).toEqual(['bash-syntax', 'bash-syntax']);
    const skip = await jsonReport(repo, ['--skip', 'bash-syntax,shellcheck', '--skip', 'shfmt,iacgen', 'scripts']);
    expect(skip.exitCode).toBe(0);
    expect(skip.report.files.flatMap((f) => f.checks)).toEqual([]);
  });

  it('rejects an unknown checker in --only and an invalid iacgen.yaml with exit 2', async () => {
    const repo = tempRepo(files);
    const unknown = await runCli(['validate', '--only', 'shelcheck'], repo);
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toMatch(/^iacgen: unknown checker 'shelcheck' \(--only\)/);
    writeFileSync(path.join(repo, 'iacgen.yaml'), 'exclude: vendor/\n');
    const invalid = await runCli(['validate'], repo);
    expect(invalid.exitCode).toBe(2);
    expect(invalid.stderr).toMatch(/^iacgen: iacgen\.yaml:1:10: exclude: /);
    expect(invalid.stderr).not.toMatch(/\n\s+at /);
  });

  it('checks files whose names look like options or hold spaces and unicode like any other', async () => {
    const repo = tempRepo({
      '-n.sh': 'if true; then\n',
      '--help.yml': 'key: [\n',
      'dir with space/ünïcödé file.sh': '#!/usr/bin/env bash\nif true; then\n',
    });
    const { exitCode, report } = await jsonReport(repo);
    expect(exitCode).toBe(1);
    const byPath = Object.fromEntries(report.files.map((f) => [f.path, f]));
    expect(Object.keys(byPath).sort()).toEqual(['--help.yml', '-n.sh', 'dir with space/ünïcödé file.sh']);
    expect(byPath['-n.sh']?.diagnostics).toContainEqual(expect.objectContaining({ source: 'bash-syntax', line: 2 }));
    expect(byPath['--help.yml']?.diagnostics).toContainEqual(expect.objectContaining({ source: 'yamllint', rule: 'syntax' }));
    expect(byPath['dir with space/ünïcödé file.sh']?.diagnostics).toContainEqual(expect.objectContaining({ source: 'bash-syntax', line: 3 }));
    for (const file of report.files) expect(file.checks.every((c) => c.status === 'fail' || c.status === 'pass')).toBe(true);
  });
});

describe.skipIf(!haveTools('docker-compose'))('iacgen validate: Compose variables', () => {
  const compose = [
    'services:',
    '  db:',
    '    image: "postgres:16.4"',
    '    environment:',
    '      POSTGRES_PASSWORD: "${DB_PASSWORD:?set DB_PASSWORD}"',
    '',
  ].join('\n');

  it('takes variables from .env.example when there is no .env, so a repository without secrets validates', async () => {
    const repo = tempRepo({ 'compose/db/compose.yaml': compose, 'compose/db/.env.example': 'DB_PASSWORD=changeme\n' });
    const { report } = await jsonReport(repo, ['--only', 'compose-config']);
    expect(report.files.find((f) => f.path === 'compose/db/compose.yaml')?.checks).toEqual([
      expect.objectContaining({ checker: 'compose-config', status: 'pass' }),
    ]);
  });

  it('names a required variable that is set nowhere, and the fix: a missing environment (an error with --strict)', async () => {
    const repo = tempRepo({ 'compose/db/compose.yaml': compose });
    const { exitCode, report } = await jsonReport(repo, ['--only', 'compose-config']);
    expect(exitCode).toBe(0);
    expect(report.files[0]?.diagnostics).toEqual([
      expect.objectContaining({ rule: 'compose-missing-variable', severity: 'warning', checkerSeverity: 'error', message: expect.stringContaining('set DB_PASSWORD in .env, or add it to .env.example') }),
    ]);
    expect(report.files[0]?.checks).toEqual([expect.objectContaining({ checker: 'compose-config', status: 'skipped', checkerStatus: 'fail', reason: expect.stringContaining('compose-missing-variable: ') })]);
    const strict = await jsonReport(repo, ['--only', 'compose-config', '--strict']);
    expect(strict.exitCode).toBe(1);
    expect(strict.report.files[0]?.checks).toEqual([expect.objectContaining({ checker: 'compose-config', status: 'fail' })]);
  });
});
