/**
 * The rule sets end to end, with the built CLI in a real git repository: without iacgen.yaml only
 * the `defects` set runs (no house rules, no inventory cross-checks against the embedded example
 * homelab); `iacgen init` turns the `house` set on and brings the inventory it proposes from the
 * repository's own Ansible inventory (with none, no inventory checks); `sets:` in
 * iacgen.yaml is obeyed, and a bad value is exit 2 naming the file, line and key.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempRepo } from '../helpers.js';

const FILES = {
  'compose.yml': 'services:\n  cadvisor:\n    image: gcr.io/cadvisor/cadvisor:v0.49.1\n    restart: unless-stopped\n    privileged: true\n',
  'group_vars/all.yml': '---\ndb_user: app\ndb_password: Tr0ub4dor-Lab-77\n',
  'values.yaml': 'gitea:\n  admin:\n    existingSecret: gitea-admin-secret\n',
  'site.yml': '---\n- name: Configure the web servers\n  hosts: nosuchgroup\n  tasks:\n    - name: Ping\n      ansible.builtin.ping:\n',
  'scripts/run.sh': '#!/bin/bash\necho "$1"\n',
};

/** `rule path` of every iacgen finding of a `validate --only iacgen` run, sorted, and the exit code. */
async function findings(repo: string): Promise<{ exitCode: number; found: string[] }> {
  const run = await runCli(['validate', '--only', 'iacgen', '--no-cache', '--format', 'json'], repo);
  const report = JSON.parse(run.stdout) as { files: Array<{ path: string; diagnostics: Array<{ rule: string; source: string }> }> };
  const found = report.files.flatMap((f) => f.diagnostics.filter((d) => d.source === 'iacgen').map((d) => `${d.rule} ${f.path}`));
  return { exitCode: run.exitCode, found: [...new Set(found)].sort() };
}

describe('rule sets', () => {
  it('a repository without iacgen.yaml gets the defects only; iacgen init turns the house rules and the inventory checks on', async () => {
    // init proposes the guests of this inventory; without one iacgen.yaml would hold no inventory to check against.
    const repo = tempRepo({ ...FILES, 'hosts.ini': '[web]\nweb-01 ansible_host=192.168.2.109\n' });
    const before = await findings(repo);
    expect(before.exitCode).toBe(1);
    expect(before.found).toEqual(['compose-privileged compose.yml', 'secret-literal group_vars/all.yml']);

    const init = await runCli(['init'], repo);
    expect(init.exitCode).toBe(0);
    expect(readFileSync(path.join(repo, 'iacgen.yaml'), 'utf8')).toMatch(/^rules:\n {2}sets: \[defects, house\]$/m);
    const after = await findings(repo);
    expect(after.found).toEqual(
      expect.arrayContaining([
        'compose-privileged compose.yml',
        'secret-literal group_vars/all.yml',
        'header-missing compose.yml',
        'compose-no-healthcheck compose.yml',
        'compose-no-resource-limits compose.yml',
        'header-missing scripts/run.sh',
        'sh-no-strict-mode scripts/run.sh',
        'sh-shebang scripts/run.sh',
        'ansible-hosts-unknown site.yml',
      ]),
    );
    // The files init wrote carry headers; the Helm secret name is still no secret.
    expect(after.found.filter((f) => / (iacgen\.yaml|\.yamllint|\.ansible-lint|values\.yaml)$/.test(f))).toEqual(['header-missing values.yaml']);
  });

  it('obeys sets: in iacgen.yaml, and rejects an unknown set with exit 2 naming the file, line and key', async () => {
    const repo = tempRepo({ ...FILES, 'iacgen.yaml': 'exclude: []\nrules:\n  sets: [defects]\n  sh-shebang: info\n' });
    expect((await findings(repo)).found).toEqual(['compose-privileged compose.yml', 'secret-literal group_vars/all.yml', 'sh-shebang scripts/run.sh']);

    writeFileSync(path.join(repo, 'iacgen.yaml'), 'exclude: []\nrules:\n  sets: [defects, style]\n');
    const bad = await runCli(['validate'], repo);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toMatch(/^iacgen: iacgen\.yaml:3:19: rules\.sets\[1\]: unknown rule set "style": the sets are defects and house\n/);
  });
});
