/**
 * The whole generator catalog, walked from the registry: every generator x every variant is
 * generated into a fresh git repository (after `iacgen init`) by the built CLI, then
 * - the real checkers, run directly (not through iacgen), report zero findings;
 * - `iacgen validate` (checkers and policy rules) reports zero errors and zero warnings;
 * - the files equal the golden copy in fixtures/generators/<generator>/<variant>/expected/
 *   (update with `npm run golden:update`, then review `git diff fixtures/`).
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import TOML from '@iarna/toml';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- plain ESM helper shared with `npm run golden:update`
import { catalog, caseArgs, freshRepo, GOLDEN_DIR, readTree, runIacgen } from '../golden/generate.mjs';
import { haveTools } from '../helpers.js';

interface Listed {
  name: string;
  variants: Array<{ name: string }>;
}
type Tree = Record<string, { content: string; mode: string }>;

const TOOLS = ['yamllint', 'ansible-playbook', 'ansible-lint', 'ansible-inventory', 'shellcheck', 'bash', 'terraform', 'docker-compose', 'python3', 'pyflakes3'];
const ready = haveTools(...TOOLS);
const cases = ready ? (catalog() as Listed[]).flatMap((g) => g.variants.map((v) => [g.name, v.name] as const)) : [];

/** A direct checker call: the command, and what counts as "no findings". */
async function direct(cwd: string, command: string, args: string[], env: Record<string, string> = {}) {
  const result = await execa(command, args, { cwd, reject: false, stdin: 'ignore', env: { NO_COLOR: '1', ANSIBLE_NOCOLOR: '1', ...env } });
  return { label: `${command} ${args.join(' ')}`, exitCode: result.exitCode, output: `${String(result.stdout)}${String(result.stderr)}`.trim() };
}

/** Runs the real checkers that fit each generated file, directly; returns the calls with findings. */
async function checkDirectly(repo: string, files: string[]) {
  const calls: Array<Promise<{ label: string; exitCode?: number; output: string }>> = [];
  const ansibleEnv = { ANSIBLE_LOCALHOST_WARNING: 'False', ANSIBLE_INVENTORY_UNPARSED_WARNING: 'False' };
  const yamlFiles = files.filter((f) => /\.ya?ml$/.test(f));
  if (yamlFiles.length > 0) calls.push(direct(repo, 'yamllint', ['--strict', '-f', 'parsable', ...yamlFiles]));
  const inventory = files.find((f) => f.endsWith('inventory/proxmox.yml')) ?? 'localhost,';
  for (const playbook of files.filter((f) => f.includes('/playbooks/'))) {
    calls.push(direct(repo, 'ansible-playbook', ['--syntax-check', '-i', inventory, playbook], ansibleEnv));
  }
  const ansibleTargets = [...new Set(files.filter((f) => f.includes('/playbooks/') || f.includes('/roles/')).map((f) => (f.includes('/roles/') ? f.split('/').slice(0, 3).join('/') : f)))];
  if (ansibleTargets.length > 0) calls.push(direct(repo, 'ansible-lint', ['--offline', '--profile', 'production', '--nocolor', ...ansibleTargets], ansibleEnv));
  for (const inv of files.filter((f) => f.includes('/inventory/'))) calls.push(direct(repo, 'ansible-inventory', ['-i', inv, '--list'], ansibleEnv));
  const shell = files.filter((f) => f.endsWith('.sh'));
  for (const script of shell) calls.push(direct(repo, 'bash', ['-n', script]));
  if (shell.length > 0) calls.push(direct(repo, 'shellcheck', ['-S', 'style', ...shell]));
  const tfDirs = [...new Set(files.filter((f) => f.endsWith('.tf')).map((f) => path.posix.dirname(f)))];
  for (const dir of tfDirs) calls.push(direct(repo, 'terraform', ['fmt', '-check', '-diff', '-recursive', dir], { CHECKPOINT_DISABLE: '1' }));
  for (const compose of files.filter((f) => /(^|\/)(docker-)?compose\.ya?ml$/.test(f))) {
    const example = path.posix.join(path.posix.dirname(compose), '.env.example');
    const envArgs = files.includes(example) ? ['--env-file', example] : [];
    calls.push(direct(repo, 'docker-compose', ['-f', compose, ...envArgs, 'config', '-q']));
  }
  const python = files.filter((f) => f.endsWith('.py'));
  if (python.length > 0) {
    const compile = 'import sys\nfor f in sys.argv[1:]:\n    compile(open(f, "rb").read(), f, "exec", dont_inherit=True)';
    calls.push(direct(repo, 'python3', ['-B', '-c', compile, ...python]));
    calls.push(direct(repo, 'pyflakes3', python));
  }
  const results = await Promise.all(calls);
  const parseErrors: string[] = [];
  for (const file of files) {
    const text = readFileSync(path.join(repo, file), 'utf8');
    try {
      if (file.endsWith('.json')) JSON.parse(text);
      if (file.endsWith('.toml')) TOML.parse(text);
    } catch (err) {
      parseErrors.push(`${file}: ${(err as Error).message}`);
    }
  }
  return { failing: results.filter((r) => r.exitCode !== 0 || (r.label.startsWith('pyflakes3') && r.output !== '')), parseErrors };
}

describe.skipIf(!ready)('the generator catalog', () => {
  it('lists every built-in generator', () => {
    expect(cases.map(([g]) => g)).toEqual(expect.arrayContaining(['playbook']));
  });

  it.each(cases)('%s --variant %s: real checkers clean, validate clean, equal to the golden copy', async (generator, variant) => {
    const repo = freshRepo() as string;
    try {
      const run = runIacgen(caseArgs(generator, variant), repo) as { status: number; stdout: string; stderr: string };
      expect(run.status, `${run.stdout}${run.stderr}`).toBe(0);
      const tree = readTree(repo) as Tree;
      const files = Object.keys(tree).sort();
      expect(files.length).toBeGreaterThan(0);

      const { failing, parseErrors } = await checkDirectly(repo, files);
      expect(failing.map((f) => `${f.label} (exit ${f.exitCode}):\n${f.output}`)).toEqual([]);
      expect(parseErrors).toEqual([]);

      const validate = runIacgen(['validate', '--format', 'json'], repo) as { stdout: string };
      const report = JSON.parse(validate.stdout) as { summary: { errors: number; warnings: number }; files: Array<{ path: string; diagnostics: unknown[] }> };
      const findings = report.files.flatMap((f) => f.diagnostics.map((d) => ({ path: f.path, ...(d as object) })));
      expect(findings).toEqual([]);

      const goldenDir = path.join(GOLDEN_DIR as string, generator, variant, 'expected');
      expect(existsSync(goldenDir), `no golden copy: run npm run golden:update`).toBe(true);
      expect(tree).toEqual(readTree(goldenDir) as Tree);
    } finally {
      rmSync(repo, { recursive: true, force: true });
    }
  });
});
