import { checkerManifestSchema } from '../manifest.js';
import type { CommandChecker, OutputParser, ParsedDiagnostic } from '../types.js';
import { failed, position } from './shared.js';
import { diagnosticMessage, humanDiagnostics, TERRAFORM_ENV, TERRAFORM_INSTALL_HINT, tofuOnly } from './terraform/shared.js';
import { diffSections } from './unified-diff.js';

const ARGS = ['fmt', '-check', '-diff', '-list=true', '-no-color', '{file}'];
/**
 * `terraform fmt` refuses files in JSON syntax (`.tf.json`) with this error summary; `tofu fmt`
 * (`.tofu.json` too) with "Invalid file extension" and this text as its detail (OpenTofu
 * `internal/command/fmt.go`: "Only .tf, .tofu, .tfvars, .tftest.hcl, and .tofutest.hcl files ...").
 */
const NOT_HCL = /^Only \.tf, (?:\.tofu, )?\.tfvars,/;

const parse: OutputParser = (output) => {
  const file = output.files[0] ?? '';
  if (output.exitCode === 0) return { diagnostics: [] };
  if (output.exitCode === 3) {
    const line = diffSections(output.stdout)[0]?.firstChange;
    return {
      diagnostics: [
        {
          file,
          line: position(line),
          column: 1,
          severity: 'error',
          rule: 'fmt',
          message: `not in canonical format: \`terraform fmt\` would change it${line ? ` (first change at line ${line})` : ''}`,
          source: 'terraform-fmt',
        },
      ],
    };
  }
  if (output.exitCode !== 2) return failed('unexpected terraform fmt exit code', output);
  const errors = humanDiagnostics(output.stderr).filter((d) => d.severity === 'error');
  if (errors.some((d) => NOT_HCL.test(d.summary) || NOT_HCL.test(d.detail))) {
    const ext = file.endsWith('.tofu.json') ? '.tofu.json' : '.tf.json';
    return { diagnostics: [], skipped: { [file]: `terraform fmt does not read JSON syntax (${ext})` } };
  }
  // One file per call, so every located error is about it.
  const diagnostics: ParsedDiagnostic[] = errors
    .filter((d) => d.file !== undefined)
    .map((d) => ({
      file,
      line: position(d.line),
      column: 1,
      severity: 'error',
      rule: 'syntax',
      message: diagnosticMessage(d.summary, d.detail),
      source: 'terraform-fmt',
    }));
  if (diagnostics.length === 0) return failed('terraform fmt failed without a located error', output);
  return { diagnostics };
};

/**
 * Terraform formatting check: `terraform fmt -check -diff -list=true -no-color {file}` (or
 * `tofu`, same arguments), one call per file: with `-check`, a syntax error anywhere in a call
 * discards the list of unformatted files, and a `.tf.json` argument fails the whole call.
 * An unformatted file is a failure of the check (rule `fmt`, severity `error` as the exit code
 * says) at the first line the diff changes; the verdict layer (`src/verdict/table.ts`) reports it
 * as a warning, style. A syntax error is an `error` (rule `syntax`) at the
 * line of its `on FILE line N` (the plain output has no column). `.tf.json` files are `skipped`;
 * so are OpenTofu's `.tofu`/`.tofu.json` files when the command is `terraform` (its `skips`: no
 * call), which `hcl-parse` then checks for syntax; `tofu` reads `.tofu`.
 *
 * Exit codes (Terraform `internal/command/fmt.go`, `FmtCommand.Run`; confirmed with 1.11.4):
 * 0 formatted, 1 bad flags, 2 diagnostics (syntax error, unsupported extension, missing file),
 * 3 with `-check`: some input not formatted. The diff comes from `diff -u` on two temp files.
 */
export const terraformFmt: CommandChecker = {
  ...checkerManifestSchema.parse({
    id: 'terraform-fmt',
    cost: { call: 30, file: 0 },
    command: 'terraform',
    args: ARGS,
    fileTypes: ['terraform'],
    mode: 'file',
    versionArgs: ['version'],
    timeoutMs: 60_000,
    okExitCodes: [0, 2, 3],
    installHint: TERRAFORM_INSTALL_HINT,
    env: TERRAFORM_ENV,
    // `tofu fmt` refuses JSON syntax too: installing it formats `.tofu`, not `.tofu.json`.
    skips: tofuOnly((ext) => `terraform fmt reads no OpenTofu ${ext} files; ${ext === '.tofu' ? 'install tofu for its formatting check' : 'no fmt reads JSON syntax'}`),
    alternatives: [{ command: 'tofu', args: ARGS, versionArgs: ['version'] }],
  }),
  parse,
};
