/**
 * What the Terraform checkers (`terraform fmt`, `terraform validate`, and OpenTofu's `tofu`
 * with the same arguments) share: their environment and a reader of Terraform's human-readable
 * diagnostics. Pure, no I/O.
 */

/**
 * Environment of every Terraform call. `CHECKPOINT_DISABLE` stops the only network access of
 * `fmt`/`validate`/`version` (the upgrade check against HashiCorp's checkpoint service, which
 * also writes `~/.terraform.d/checkpoint_signature`); `TF_IN_AUTOMATION` drops the hints meant
 * for an interactive user. Confirmed with strace on Terraform 1.11.4: with these set, neither
 * command opens a socket or creates a file (`fmt -diff` only makes and removes two temp files
 * in `$TMPDIR` for the `diff` it runs).
 */
export const TERRAFORM_ENV: Record<string, string> = {
  TF_IN_AUTOMATION: '1',
  CHECKPOINT_DISABLE: '1',
};

/** Terraform is not in Debian: HashiCorp's own apt repository has it, OpenTofu is the alternative. */
export const TERRAFORM_INSTALL_HINT = "apt-get install terraform from HashiCorp's apt repository, or install OpenTofu (tofu)";

/**
 * OpenTofu's own extensions (OpenTofu 1.8+, docs "Files and Directories",
 * https://opentofu.org/docs/language/files/): `tofu` reads them beside `.tf`/`.tf.json`,
 * `terraform` never does (`terraform fmt` refuses them: "Only .tf, .tfvars, and .tftest.hcl files
 * can be processed with terraform fmt", exit 2; `terraform validate` leaves them out; both
 * confirmed with 1.11.4). `skips` of a checker's `terraform` command, by extension, with the reason.
 */
export function tofuOnly(reason: (ext: string) => string): Record<string, string> {
  return Object.fromEntries(['.tofu', '.tofu.json'].map((ext) => [ext, reason(ext)]));
}

/** A rule id from a diagnostic summary: `Reference to undeclared input variable` -> `reference-to-undeclared-input-variable`. */
export function summaryRule(summary: string, fallback: string): string {
  const slug = summary
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return slug || fallback;
}

/** Summary and detail as one message, whitespace collapsed. */
export function diagnosticMessage(summary: string, detail: string | undefined): string {
  const text = detail?.trim() ? `${summary.trim()}: ${detail.trim()}` : summary.trim();
  return text.replace(/\s+/g, ' ');
}

/** One diagnostic as Terraform prints it for people (`Error: ...` / `Warning: ...`). */
export interface HumanDiagnostic {
  severity: 'error' | 'warning';
  summary: string;
  detail: string;
  /** File and line from the `on FILE line N[, in ...]:` line, when there is one. */
  file?: string;
  line?: number;
}

const HEAD = /^(Error|Warning): (.*)$/;
const WHERE = /^\s+on (.+) line (\d+)(?:, in .*)?:$/;
/** Snippet lines: `  12: code`, or the `  ├────` / `│ var.x is ...` value notes. */
const SNIPPET = /^\s+(\d+:|[├│└])/;

/**
 * Reads the diagnostics of Terraform's human-readable output (stderr of `fmt`), with or without
 * the `╷ │ ╵` frame it draws around them:
 *
 *     Error: Unclosed configuration block
 *
 *       on broken.tf line 1, in variable "name":
 *        1: variable "name" {
 *
 *     There is no closing brace for this block before the end of the file. ...
 */
export function humanDiagnostics(text: string): HumanDiagnostic[] {
  const lines = text
    .replace(/\r\n/g, '\n')
    .split('\n')
    .filter((l) => !/^[╷╵]\s*$/.test(l))
    .map((l) => l.replace(/^│ ?/, ''));
  const found: HumanDiagnostic[] = [];
  let current: HumanDiagnostic | undefined;
  const detail: string[] = [];
  const close = (): void => {
    if (current) current.detail = detail.join(' ').replace(/\s+/g, ' ').trim();
    detail.length = 0;
  };
  for (const line of lines) {
    const head = HEAD.exec(line);
    if (head) {
      close();
      current = { severity: head[1] === 'Error' ? 'error' : 'warning', summary: (head[2] ?? '').trim(), detail: '' };
      found.push(current);
      continue;
    }
    if (!current) continue;
    const where = WHERE.exec(line);
    if (where && current.file === undefined && detail.length === 0) {
      current.file = where[1] ?? '';
      current.line = Number(where[2]);
      continue;
    }
    if (SNIPPET.test(line) && detail.length === 0) continue;
    if (line.trim() !== '') detail.push(line.trim());
  }
  close();
  return found;
}
