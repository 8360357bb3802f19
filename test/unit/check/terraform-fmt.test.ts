/**
 * terraform-fmt: its parser on output captured from Terraform 1.11.4
 * (`terraform fmt -check -diff -list=true -no-color FILE` on the fixtures, with the machine's
 * CLI-config warning on stderr), the human-diagnostic reader, and a real run where installed.
 */
import { cp, mkdtemp, readdir, realpath, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import which from 'which';
import { afterAll, describe, expect, it } from 'vitest';
import { terraformFmt } from '../../../src/check/checkers/terraform-fmt.js';
import { humanDiagnostics, summaryRule } from '../../../src/check/checkers/terraform/shared.js';
import { skipReason } from '../../../src/check/manifest.js';
import { runChecks } from '../../../src/check/runner.js';
import type { CheckerOutput, ParsedOutput } from '../../../src/check/types.js';

const CWD = '/tmp/repo';

function run(output: Partial<CheckerOutput> & Pick<CheckerOutput, 'files'>): ParsedOutput {
  return terraformFmt.parse({ stdout: '', stderr: '', exitCode: 0, cwd: CWD, ...output });
}

const CLI_CONFIG_WARNING =
  'There are some problems with the CLI configuration:\n' +
  '╷\n│ Warning: Unable to open CLI configuration file\n│\n' +
  '│ The CLI configuration file at "/root/.terraformrc" does not exist.\n╵\n\n';

const UNFORMATTED =
  'bad/unformatted.tf\n--- old/bad/unformatted.tf\n+++ new/bad/unformatted.tf\n@@ -1,8 +1,8 @@\n' +
  ' variable "vm_names" {\n-  type = list(string)\n-  default     = ["web"]\n+  type    = list(string)\n' +
  '+  default = ["web"]\n }\n \n output "names" {\n-value = var.vm_names\n+  value = var.vm_names\n }\n';

const SYNTAX =
  CLI_CONFIG_WARNING +
  '\nError: Invalid expression\n\n  on bad/syntax.tf line 6, in output "node":\n   6:   value =\n   7: }\n\n' +
  'Expected the start of an expression, but found an invalid expression token.\n\n';

describe('terraform-fmt parser', () => {
  it('reports an unformatted file as an error at the first changed line', () => {
    const parsed = run({ files: ['bad/unformatted.tf'], stdout: UNFORMATTED, stderr: CLI_CONFIG_WARNING, exitCode: 3 });
    expect(parsed).toEqual({
      diagnostics: [
        {
          file: 'bad/unformatted.tf',
          line: 2,
          column: 1,
          severity: 'error',
          rule: 'fmt',
          message: 'not in canonical format: `terraform fmt` would change it (first change at line 2)',
          source: 'terraform-fmt',
        },
      ],
    });
  });

  it('falls back to line 1 without a diff', () => {
    const parsed = run({ files: ['x.tfvars'], stdout: 'x.tfvars\n', exitCode: 3 });
    expect(parsed.diagnostics.map((d) => [d.line, d.rule])).toEqual([[1, 'fmt']]);
  });

  it('reports a syntax error with its line and detail, ignoring the CLI-config warning', () => {
    const parsed = run({ files: ['bad/syntax.tf'], stderr: SYNTAX, exitCode: 2 });
    expect(parsed.failure).toBeUndefined();
    expect(parsed.diagnostics).toEqual([
      {
        file: 'bad/syntax.tf',
        line: 6,
        column: 1,
        severity: 'error',
        rule: 'syntax',
        message: 'Invalid expression: Expected the start of an expression, but found an invalid expression token.',
        source: 'terraform-fmt',
      },
    ]);
  });

  it('skips .tf.json files, which fmt refuses', () => {
    const stderr = 'Error: Only .tf, .tfvars, and .tftest.hcl files can be processed with terraform fmt\n\n';
    expect(run({ files: ['main.tf.json'], stderr, exitCode: 2 })).toEqual({
      diagnostics: [],
      skipped: { 'main.tf.json': 'terraform fmt does not read JSON syntax (.tf.json)' },
    });
  });

  it("skips .tofu.json files, which tofu fmt refuses with its own wording", () => {
    // OpenTofu internal/command/fmt.go: summary "Invalid file extension", this detail.
    const stderr = '\nError: Invalid file extension\n\nOnly .tf, .tofu, .tfvars, .tftest.hcl, and .tofutest.hcl files can be processed with tofu fmt\n\n';
    expect(run({ files: ['x.tofu.json'], stderr, exitCode: 2 })).toEqual({
      diagnostics: [],
      skipped: { 'x.tofu.json': 'terraform fmt does not read JSON syntax (.tofu.json)' },
    });
  });

  it('skips .tofu and .tofu.json without a call when the command is terraform, not when it is tofu', () => {
    expect(skipReason(terraformFmt, 'tofu/main.tofu')).toBe('terraform fmt reads no OpenTofu .tofu files; install tofu for its formatting check');
    expect(skipReason(terraformFmt, 'tofu/state.TOFU.JSON')).toBe('terraform fmt reads no OpenTofu .tofu.json files; no fmt reads JSON syntax');
    expect(skipReason(terraformFmt, 'main.tf')).toBeUndefined();
    expect(skipReason(terraformFmt.alternatives.find((a) => a.command === 'tofu'), 'tofu/main.tofu')).toBeUndefined();
  });

  it('passes exit 0 and fails on unlocated errors or other exit codes', () => {
    expect(run({ files: ['main.tf'], stderr: CLI_CONFIG_WARNING })).toEqual({ diagnostics: [] });
    expect(run({ files: ['gone.tf'], stderr: 'Error: No file or directory at gone.tf\n', exitCode: 2 }).failure).toMatch(
      /without a located error/,
    );
    expect(run({ files: ['main.tf'], stderr: 'flag provided but not defined: -bogus', exitCode: 1 }).failure).toMatch(/exit code 1/);
  });
});

describe('humanDiagnostics', () => {
  it('reads framed and plain diagnostics, snippets and value notes left out', () => {
    const framed =
      '╷\n│ Error: Invalid function argument\n│\n│   on main.tf line 4, in locals:\n│    4:   x = max(var.a)\n' +
      '│     ├────────────────\n│     │ var.a is "text"\n│\n│ Invalid value for "numbers" parameter: number required.\n╵\n';
    expect(humanDiagnostics(framed)).toEqual([
      {
        severity: 'error',
        summary: 'Invalid function argument',
        detail: 'Invalid value for "numbers" parameter: number required.',
        file: 'main.tf',
        line: 4,
      },
    ]);
    expect(humanDiagnostics(CLI_CONFIG_WARNING)).toEqual([
      {
        severity: 'warning',
        summary: 'Unable to open CLI configuration file',
        detail: 'The CLI configuration file at "/root/.terraformrc" does not exist.',
      },
    ]);
  });

  it('makes rule ids from summaries', () => {
    expect(summaryRule('Reference to undeclared input variable', 'x')).toBe('reference-to-undeclared-input-variable');
    expect(summaryRule('"quoted" -- stuff!', 'x')).toBe('quoted-stuff');
    expect(summaryRule('...', 'validate')).toBe('validate');
  });
});

const terraform = which.sync('terraform', { nothrow: true }) ?? which.sync('tofu', { nothrow: true });
const FIXTURES = fileURLToPath(new URL('../../../fixtures/checkers/terraform-fmt/', import.meta.url));

describe.skipIf(!terraform)('terraform-fmt (real terraform)', () => {
  let dir = '';
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('skips a .tf.json file, fails an unformatted one, and writes nothing', async () => {
    dir = await realpath(await mkdtemp(path.join(os.tmpdir(), 'iacgen-tffmt-')));
    await cp(FIXTURES, dir, { recursive: true });
    await writeFile(path.join(dir, 'main.tf.json'), '{"output": {"x": {"value": 1}}}\n');
    const before = (await readdir(dir, { recursive: true })).sort();
    const files = ['main.tf.json', 'bad/unformatted.tf', 'good/main.tf'];
    const targets = files.map((f) => ({ absPath: path.join(dir, f), type: 'terraform' as const }));
    const { byFile } = await runChecks(targets, { cwd: dir, checkers: [terraformFmt], versions: false });
    const status = (f: string) => byFile.get(path.join(dir, f))?.checks[0];
    expect(status('main.tf.json')).toMatchObject({ status: 'skipped', reason: expect.stringContaining('JSON') });
    expect(status('bad/unformatted.tf')?.status).toBe('fail');
    expect(status('good/main.tf')?.status).toBe('pass');
    expect((await readdir(dir, { recursive: true })).sort()).toEqual(before);
  }, 60_000);
});
