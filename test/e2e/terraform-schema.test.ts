/**
 * terraform-schema end to end: the built CLI in real temporary git repositories, offline (no
 * `terraform init`): a misspelt bpg/proxmox attribute is an error at its line with Terraform's
 * "did you mean", and what `iacgen new terraform` writes (every variant) has no finding.
 */
import { describe, expect, it } from 'vitest';
import { runCli, tempRepo } from '../helpers.js';

const VERSIONS = `terraform {
  required_providers {
    proxmox = {
      source  = "bpg/proxmox"
      version = "~> 0.111"
    }
  }
}
`;

const MAIN = `resource "proxmox_virtual_environment_vm" "web" {
  name      = "web"
  node_name = "pve"

  cpu {
    cors = 2
  }
}
`;

interface Report {
  files: Array<{ path: string; checks: Array<{ checker: string; status: string }>; diagnostics: Array<{ line: number; column: number; severity: string; rule: string; message: string; source: string }> }>;
}

describe('terraform-schema (built CLI)', () => {
  it('reports cpu { cors = 2 } at its line with "did you mean cores", and exits 1', async () => {
    const repo = tempRepo({ 'terraform/web/versions.tf': VERSIONS, 'terraform/web/main.tf': MAIN });
    const run = await runCli(['validate', '--no-cache', 'terraform/web/main.tf'], repo);
    expect(run.exitCode, run.stdout + run.stderr).toBe(1);
    expect(run.stdout).toContain('terraform/web/main.tf:6:5: error unknown-attribute proxmox_virtual_environment_vm.cpu has no attribute named "cors"; did you mean "cores"? (terraform-schema)');
    const json = await runCli(['validate', '--no-cache', '--only', 'terraform-schema', '--format', 'json'], repo);
    const report = JSON.parse(json.stdout) as Report;
    const main = report.files.find((f) => f.path === 'terraform/web/main.tf');
    expect(main?.diagnostics.map((d) => `${d.line}:${d.column} ${d.severity} ${d.rule}`)).toEqual(['6:5 error unknown-attribute']);
    expect(report.files.find((f) => f.path === 'terraform/web/versions.tf')?.checks).toEqual([expect.objectContaining({ checker: 'terraform-schema', status: 'pass' })]);
  });

  it.each(['lxc', 'vm-clone'])('finds nothing in a fresh `iacgen new terraform --variant %s`', async (variant) => {
    const repo = tempRepo();
    const made = await runCli(['new', 'terraform', '--variant', variant, '--name', 'guest', '--yes'], repo);
    expect(made.exitCode, made.stdout + made.stderr).toBe(0);
    const run = await runCli(['validate', '--no-cache', '--only', 'terraform-schema', '--format', 'json'], repo);
    const report = JSON.parse(run.stdout) as Report;
    const tf = report.files.filter((f) => f.path.endsWith('.tf'));
    expect(tf.length).toBeGreaterThanOrEqual(4);
    expect(tf.flatMap((f) => f.diagnostics)).toEqual([]);
    expect(tf.flatMap((f) => f.checks.map((c) => `${c.checker} ${c.status}`))).toEqual(tf.map(() => 'terraform-schema pass'));
  });
});
