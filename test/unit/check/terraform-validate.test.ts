/**
 * terraform-validate: its parser on `terraform validate -json` output captured from Terraform
 * 1.11.4 (run as `terraform -chdir=DIR validate -json -no-color` on the fixtures), and, where
 * terraform is installed, real runs on folders that were never `terraform init`-ed.
 */
import { cp, mkdtemp, readdir, realpath, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import which from 'which';
import { afterAll, describe, expect, it } from 'vitest';
import { terraformValidate } from '../../../src/check/checkers/terraform-validate.js';
import { skipReason } from '../../../src/check/manifest.js';
import { runChecks } from '../../../src/check/runner.js';
import type { CheckerOutput, ParsedOutput } from '../../../src/check/types.js';

const CWD = '/tmp/repo';

function run(output: Partial<CheckerOutput> & Pick<CheckerOutput, 'files'>): ParsedOutput {
  return terraformValidate.parse({ stdout: '', stderr: '', exitCode: 0, cwd: CWD, ...output });
}

function brief(parsed: ParsedOutput): string[] {
  return parsed.diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.severity} ${d.rule}`);
}

function report(diagnostics: unknown[]): string {
  const errors = diagnostics.filter((d) => (d as { severity: string }).severity === 'error').length;
  return JSON.stringify({ format_version: '1.0', valid: errors === 0, error_count: errors, warning_count: 0, diagnostics }, null, 2);
}

const range = (filename: string, line: number, column: number) => ({
  filename,
  start: { line, column, byte: 0 },
  end: { line, column: column + 1, byte: 1 },
});

/** Captured: bad/reference (snippets left out). */
const REFERENCE = report([
  {
    severity: 'error',
    summary: 'Reference to undeclared resource',
    detail: 'A managed resource "terraform_data" "missing" has not been declared in the root module.',
    range: range('main.tf', 11, 11),
  },
  {
    severity: 'error',
    summary: 'Reference to undeclared input variable',
    detail: 'An input variable with the name "vm_name" has not been declared. Did you mean "vm_names"?',
    range: range('main.tf', 7, 11),
  },
]);

/** Captured: a folder that uses telmate/proxmox, never initialised. */
const MISSING_PROVIDER = report([
  {
    severity: 'error',
    summary: 'Missing required provider',
    detail:
      "This configuration requires provider registry.terraform.io/telmate/proxmox, but that provider isn't available. You may be able to install it automatically by running:\n  terraform init",
  },
]);

/** Captured: a local module call, never initialised. */
const MODULE_NOT_INSTALLED = report([
  {
    severity: 'error',
    summary: 'Module not installed',
    detail: 'This module is not yet installed. Run "terraform init" to install all modules required by this configuration.',
    range: range('main.tf', 1, 1),
  },
]);

/** Captured: a `.terraform.lock.hcl` without `.terraform/`. */
const LOCKED_NOT_INSTALLED = report([
  {
    severity: 'error',
    summary:
      'registry.terraform.io/telmate/proxmox: there is no package for registry.terraform.io/telmate/proxmox 3.0.1-rc4 cached in .terraform/providers',
    detail: '',
  },
]);

describe('terraform-validate parser', () => {
  it('reports reference errors on the files of the folder, with line, column and a summary rule', () => {
    const parsed = run({ files: ['infra/main.tf', 'infra/variables.tf'], stdout: REFERENCE, exitCode: 1 });
    expect(parsed.failure).toBeUndefined();
    expect(parsed.skipped).toEqual({
      'infra/variables.tf': 'not fully validated: terraform validate stops early at the errors in other files of infra',
    });
    expect(brief(parsed)).toEqual([
      'infra/main.tf:11:11 error reference-to-undeclared-resource',
      'infra/main.tf:7:11 error reference-to-undeclared-input-variable',
    ]);
    expect(parsed.diagnostics[1]?.message).toBe(
      'Reference to undeclared input variable: An input variable with the name "vm_name" has not been declared. Did you mean "vm_names"?',
    );
    expect(parsed.diagnostics[1]?.source).toBe('terraform-validate');
  });

  it('passes a valid folder', () => {
    expect(run({ files: ['main.tf'], stdout: report([]) })).toEqual({ diagnostics: [] });
  });

  it('skips every file of a folder whose providers are not installed, never passing it', () => {
    const parsed = run({ files: ['infra/main.tf', 'infra/vm.tf'], stdout: MISSING_PROVIDER, exitCode: 1 });
    expect(parsed.failure).toBeUndefined();
    expect(parsed.diagnostics).toEqual([]);
    const why = 'providers not installed: run `terraform init` in infra';
    expect(parsed.skipped).toEqual({ 'infra/main.tf': why, 'infra/vm.tf': why });
  });

  it('names the folder `.` at the top and takes `tofu init` from OpenTofu', () => {
    const tofu = MISSING_PROVIDER.replace('terraform init', 'tofu init');
    expect(run({ files: ['main.tf'], stdout: tofu, exitCode: 1 }).skipped).toEqual({
      'main.tf': 'providers not installed: run `tofu init` in .',
    });
  });

  it('skips folders with uninstalled modules, or a lock file but no .terraform/', () => {
    expect(run({ files: ['main.tf'], stdout: MODULE_NOT_INSTALLED, exitCode: 1 })).toEqual({
      diagnostics: [],
      skipped: { 'main.tf': 'modules not installed: run `terraform init` in .' },
    });
    expect(run({ files: ['lab/main.tf'], stdout: LOCKED_NOT_INSTALLED, exitCode: 1 }).skipped).toEqual({
      'lab/main.tf': 'providers not installed: run `terraform init` in lab',
    });
  });

  it('skips .tfvars files, which validate does not read', () => {
    const parsed = run({ files: ['main.tf', 'terraform.tfvars'], stdout: report([]) });
    expect(parsed.diagnostics).toEqual([]);
    expect(parsed.skipped).toEqual({ 'terraform.tfvars': expect.stringContaining('does not read .tfvars') });
  });

  it("skips an x.tf whose x.tofu twin is in the call (tofu reads the twin; terraform never gets .tofu files)", () => {
    const parsed = run({ files: ['infra/main.tf', 'infra/main.tofu', 'infra/vars.tf', 'infra/b.tf.json', 'infra/b.tofu.json'], stdout: report([]) });
    expect(parsed.skipped).toEqual({
      'infra/main.tf': "tofu reads main.tofu in its place (OpenTofu's extension precedence)",
      'infra/b.tf.json': "tofu reads b.tofu.json in its place (OpenTofu's extension precedence)",
    });
    expect(skipReason(terraformValidate, 'infra/main.tofu')).toBe("terraform reads no .tofu files; OpenTofu's tofu validate does");
    expect(skipReason(terraformValidate.alternatives[0], 'infra/main.tofu')).toBeUndefined();
  });

  it('puts a diagnostic without a range, or in another folder, on the first configuration file', () => {
    const stdout = report([
      { severity: 'warning', summary: 'Something global', detail: 'About the whole folder.' },
      { severity: 'error', summary: 'Unsupported argument', detail: 'No "x" here.', range: range('modules/vm/main.tf', 3, 5) },
    ]);
    const parsed = run({ files: ['infra/terraform.tfvars', 'infra/main.tf'], stdout, exitCode: 1 });
    expect(brief(parsed)).toEqual(['infra/main.tf:1:1 warning something-global', 'infra/main.tf:1:1 error unsupported-argument']);
    expect(parsed.diagnostics[1]?.message).toBe('Unsupported argument: No "x" here. (in modules/vm/main.tf line 3)');
  });

  it('fails on output that is not its JSON, and on exit 1 without an error', () => {
    const chdir = { files: ['nope/main.tf'], stderr: 'Error handling -chdir option: chdir nope: no such file or directory', exitCode: 1 };
    expect(run(chdir).failure).toMatch(/unreadable terraform validate output .*chdir nope/);
    expect(run({ files: ['main.tf'], stdout: report([]), exitCode: 1 }).failure).toMatch(/without an error diagnostic/);
  });
});

const FIXTURES = fileURLToPath(new URL('../../../fixtures/checkers/terraform-validate/needs-init/', import.meta.url));
const terraform = which.sync('terraform', { nothrow: true }) ?? which.sync('tofu', { nothrow: true });

describe.skipIf(!terraform)('terraform-validate on folders never initialised (real terraform)', () => {
  let dir = '';
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('skips provider and module folders, still reports syntax errors, and writes nothing', async () => {
    dir = await realpath(await mkdtemp(path.join(os.tmpdir(), 'iacgen-tfvalidate-')));
    await cp(FIXTURES, dir, { recursive: true });
    const before = (await readdir(dir, { recursive: true })).sort();
    const files = ['provider/main.tf', 'provider-reference/main.tf', 'provider-syntax/main.tf', 'provider-syntax/broken.tf', 'module/main.tf'];
    const targets = files.map((f) => ({ absPath: path.join(dir, f), type: 'terraform' as const }));
    const { byFile } = await runChecks(targets, { cwd: dir, checkers: [terraformValidate], versions: false });
    const result = (f: string) => byFile.get(path.join(dir, f));

    expect(result('provider/main.tf')?.checks[0]).toMatchObject({
      status: 'skipped',
      reason: 'providers not installed: run `terraform init` in provider',
    });
    // The undeclared variable is not reported: the missing provider stops validate first.
    expect(result('provider-reference/main.tf')?.checks[0]?.status).toBe('skipped');
    expect(result('provider-reference/main.tf')?.diagnostics).toEqual([]);
    expect(result('module/main.tf')?.checks[0]?.reason).toBe('modules not installed: run `terraform init` in module');
    // Syntax errors come before the provider check.
    expect(result('provider-syntax/broken.tf')?.checks[0]?.status).toBe('fail');
    expect(result('provider-syntax/broken.tf')?.diagnostics).toEqual([
      expect.objectContaining({ line: 2, column: 10, severity: 'error', rule: 'invalid-expression' }),
    ]);
    expect(result('provider-syntax/main.tf')?.checks[0]).toMatchObject({ status: 'skipped', reason: expect.stringMatching(/^not fully validated/) });

    const after = (await readdir(dir, { recursive: true })).sort();
    expect(after).toEqual(before);
    expect(after.filter((f) => /\.terraform|tfstate/.test(f))).toEqual([]);
  }, 60_000);
});
