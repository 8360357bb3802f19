/**
 * OpenTofu files end to end: the built CLI in a real temporary git repository with the host's
 * terraform (which reads no `.tofu` file): `.tofu` files are Terraform files, hcl-parse checks
 * their syntax (terraform fmt cannot), terraform-schema and the rules read them, and terraform's
 * fmt and validate skip them with the reason.
 */
import { describe, expect, it } from 'vitest';
import { haveTools, runCli, tempRepo } from '../helpers.js';

const VERSIONS = `terraform {
  required_providers {
    proxmox = {
      source  = "bpg/proxmox"
      version = "~> 0.111"
    }
  }
}
`;

const MAIN = `variable "node" {
  type        = string
  description = "Proxmox node"
}
`;

const VM = `resource "proxmox_virtual_environment_vm" "web" {
  name      = "web"
  node_name = var.node

  cpu {
    cors = 2
  }
}
`;

// Line 3 has no value (terraform fmt says the same of it in a .tf: "Invalid expression", line 3).
const BROKEN = `output "node" {
  description = "the node"
  value =
}
`;

interface Report {
  checkers: Array<{ id: string; status: string }>;
  files: Array<{
    path: string;
    type: string;
    checks: Array<{ checker: string; status: string; reason?: string }>;
    diagnostics: Array<{ line: number; column: number; severity: string; rule: string; source: string; message: string }>;
  }>;
}

describe.skipIf(!haveTools('terraform'))('OpenTofu .tofu files with terraform installed (built CLI)', () => {
  it('checks syntax with hcl-parse, bpg attributes with terraform-schema, and says why terraform skips them', async () => {
    const repo = tempRepo({
      'tofu/web/versions.tofu': VERSIONS,
      'tofu/web/main.tofu': MAIN,
      'tofu/web/vm.tofu': VM,
      'tofu/broken/main.tofu': BROKEN,
    });
    const run = await runCli(['validate', '--no-cache', '--format', 'json'], repo);
    expect(run.exitCode, run.stderr).toBe(1);
    const report = JSON.parse(run.stdout) as Report;
    const file = (p: string) => report.files.find((f) => f.path === p);
    expect(report.files.map((f) => `${f.path} ${f.type}`).sort()).toEqual([
      'tofu/broken/main.tofu terraform',
      'tofu/web/main.tofu terraform',
      'tofu/web/versions.tofu terraform',
      'tofu/web/vm.tofu terraform',
    ]);
    expect(report.checkers.find((c) => c.id === 'terraform-fmt')?.status).toBe('ran');
    expect(report.checkers.find((c) => c.id === 'hcl-parse')?.status).toBe('ran');

    // One syntax finding, from hcl-parse, at the missing value.
    const broken = file('tofu/broken/main.tofu');
    expect(broken?.diagnostics.map((d) => `${d.line}:${d.column} ${d.severity} ${d.rule} ${d.source}`)).toEqual(['3:10 error syntax hcl-parse']);
    expect(broken?.diagnostics[0]?.message).toMatch(/^Invalid expression: Expected the start of an expression/);

    expect(file('tofu/web/vm.tofu')?.diagnostics.map((d) => `${d.line}:${d.column} ${d.severity} ${d.rule} ${d.source}`)).toEqual(['6:5 error unknown-attribute terraform-schema']);

    const checks = file('tofu/web/main.tofu')?.checks.map((c) => `${c.checker} ${c.status}${c.reason ? `: ${c.reason}` : ''}`);
    expect(checks).toEqual(expect.arrayContaining([
      'terraform-fmt skipped: terraform fmt reads no OpenTofu .tofu files; install tofu for its formatting check',
      "terraform-validate skipped: terraform reads no .tofu files; OpenTofu's tofu validate does",
      'hcl-parse pass',
      'terraform-schema pass',
      'iacgen pass',
    ]));
    expect(checks).toHaveLength(5);
  }, 60_000);
});
