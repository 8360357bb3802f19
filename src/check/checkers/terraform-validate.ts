import path from 'node:path';
import { z } from 'zod';
import { checkerManifestSchema } from '../manifest.js';
import type { CheckerOutput, CommandChecker, OutputParser, ParsedDiagnostic } from '../types.js';
import { callFile, failed, position, readJson } from './shared.js';
import { diagnosticMessage, summaryRule, TERRAFORM_ENV, TERRAFORM_INSTALL_HINT, tofuOnly } from './terraform/shared.js';

const ARGS = ['-chdir={dir}', 'validate', '-json', '-no-color'];

/** `terraform validate -json` output, format_version 1.0 (only the fields we read). */
const reportSchema = z.object({
  valid: z.boolean(),
  diagnostics: z.array(
    z.object({
      severity: z.string(),
      summary: z.string(),
      detail: z.string().optional(),
      range: z
        .object({ filename: z.string(), start: z.object({ line: z.number(), column: z.number() }) })
        .optional(),
    }),
  ),
});
type TfDiagnostic = z.infer<typeof reportSchema>['diagnostics'][number];

/**
 * Errors that only say the folder was never `terraform init`-ed: "Missing required provider",
 * "Module not installed", "... no package for X cached in .terraform/providers" (lock file
 * without `.terraform/`). Each names `terraform init` (or `tofu init`) or `.terraform/`.
 */
const NEEDS_INIT = /\b(?:terraform|tofu) init\b|\.terraform\/(?:providers|modules)/;
const INIT_COMMAND = /\b(terraform|tofu) init\b/;
/** Syntax and declaration errors stop validate before it checks references, in every file. */
const INCOMPLETE = 'not fully validated: terraform validate stops early at the errors in other files of';
const TFVARS = 'terraform validate does not read .tfvars files (terraform-fmt checks their syntax)';

/**
 * The OpenTofu file that takes `file`'s place among `files` (`x.tofu` for `x.tf`, `x.tofu.json`
 * for `x.tf.json`): `tofu` then reads the twin, not `file` (OpenTofu docs, "Files and Directories",
 * "Extension Precedence"). Only `tofu` gets `.tofu` files in its call (terraform `skips` them).
 */
function tofuTwin(file: string, files: readonly string[]): string | undefined {
  const twin = file.replace(/\.tf(\.json)?$/, '.tofu$1');
  return twin !== file && files.includes(twin) ? twin : undefined;
}

function needsInit(d: TfDiagnostic): 'providers' | 'modules' | undefined {
  if (d.severity !== 'error' || !NEEDS_INIT.test(`${d.summary} ${d.detail ?? ''}`)) return undefined;
  return /module/i.test(d.summary) ? 'modules' : 'providers';
}

/** The diagnostic on the call file it names, else on `anchor` with the place in the message. */
function toDiagnostic(d: TfDiagnostic, dir: string, anchor: string, output: CheckerOutput): ParsedDiagnostic {
  const range = d.range;
  const reported = range ? (path.isAbsolute(range.filename) ? range.filename : path.join(dir, range.filename)) : undefined;
  const file = reported === undefined ? undefined : callFile(reported, output);
  const own = file !== undefined && output.files.includes(file);
  const elsewhere = range && !own ? ` (in ${range.filename} line ${range.start.line})` : '';
  return {
    file: own ? file : anchor,
    line: own ? position(range?.start.line) : 1,
    column: own ? position(range?.start.column) : 1,
    severity: d.severity === 'error' ? 'error' : d.severity === 'warning' ? 'warning' : 'info',
    rule: summaryRule(d.summary, 'validate'),
    message: diagnosticMessage(d.summary, d.detail) + elsewhere,
    source: 'terraform-validate',
  };
}

const parse: OutputParser = (output) => {
  const report = reportSchema.safeParse(readJson(output.stdout));
  if (!report.success) return failed('unreadable terraform validate output (expected -json)', output);
  const { files } = output;
  const dir = path.dirname(files[0] ?? '.');
  const anchor = files.find((f) => !f.endsWith('.tfvars')) ?? files[0] ?? '';
  const missing = new Set<string>();
  let command = 'terraform';
  const diagnostics: ParsedDiagnostic[] = [];
  for (const d of report.data.diagnostics) {
    const kind = needsInit(d);
    if (!kind) {
      diagnostics.push(toDiagnostic(d, dir, anchor, output));
      continue;
    }
    missing.add(kind);
    command = INIT_COMMAND.exec(d.detail ?? '')?.[1] ?? command;
  }
  if (output.exitCode === 1 && missing.size === 0 && !diagnostics.some((d) => d.severity === 'error')) {
    return failed('terraform validate failed without an error diagnostic', output);
  }
  const skipped: Record<string, string> = {};
  const why = `${[...missing].sort().reverse().join(' and ')} not installed: run \`${command} init\` in ${dir}`;
  const failing = new Set(diagnostics.filter((d) => d.severity === 'error').map((d) => d.file));
  for (const f of files) {
    const twin = tofuTwin(f, files);
    if (f.endsWith('.tfvars')) skipped[f] = TFVARS;
    else if (twin) skipped[f] = `tofu reads ${path.basename(twin)} in its place (OpenTofu's extension precedence)`;
    else if (missing.size > 0) skipped[f] = why;
    else if (failing.size > 0 && !failing.has(f)) skipped[f] = `${INCOMPLETE} ${dir}`;
  }
  return Object.keys(skipped).length > 0 ? { diagnostics, skipped } : { diagnostics };
};

/**
 * Terraform validation: `terraform -chdir={dir} validate -json -no-color` (or `tofu`), one call
 * per folder (a Terraform module). Reports syntax errors, then reference and type errors (an
 * undeclared variable, a duplicate block, ...); each diagnostic's rule is its summary as a slug.
 * Never runs `init`, so nothing is downloaded and nothing written (no `.terraform/`, lock file or
 * state; confirmed with strace on 1.11.4).
 *
 * Without `init`, Terraform 1.11.4 reports syntax errors first (they stop it), then, before any
 * reference check, "Missing required provider" for any provider the folder uses (built-in
 * `terraform_data` needs none): those folders' files are `skipped` with "providers not installed:
 * run `terraform init` in DIR", never `pass`; likewise "Module not installed" for module calls.
 * A folder that needs no provider validates fully. Since syntax and declaration errors stop
 * validate before its reference checks, the files of a folder with errors that have none of
 * their own are `skipped` ("not fully validated"), not passed. `.tfvars` files are not read by
 * validate and are `skipped` with that reason. OpenTofu's `.tofu`/`.tofu.json` files are folder
 * members for `tofu`, and `skipped` without a call for `terraform` (its `skips`); with `tofu`, an
 * `x.tf` beside an `x.tofu` is `skipped` (tofu reads the `.tofu` file instead).
 *
 * Exit codes (Terraform `internal/command/views/validate.go`, `ValidateJSON.Results`: "0 if there
 * are no errors, 1 otherwise"; flag errors and a bad `-chdir` also exit 1, without JSON, which is
 * a failure here). JSON format: `terraform validate` docs, "JSON Output Format", version 1.0.
 */
export const terraformValidate: CommandChecker = {
  ...checkerManifestSchema.parse({
    id: 'terraform-validate',
    cost: { call: 40, file: 0 },
    command: 'terraform',
    args: ARGS,
    fileTypes: ['terraform'],
    mode: 'project',
    versionArgs: ['version'],
    timeoutMs: 120_000,
    okExitCodes: [0, 1],
    installHint: TERRAFORM_INSTALL_HINT,
    runsRepositoryCode: true,
    env: TERRAFORM_ENV,
    skips: tofuOnly((ext) => `terraform reads no ${ext} files; OpenTofu's tofu validate does`),
    alternatives: [{ command: 'tofu', args: ARGS, versionArgs: ['version'] }],
  }),
  parse,
};
