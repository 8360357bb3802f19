/**
 * Classification of a real tree end to end: the built CLI on a temporary git repository holding
 * a Helm chart, an Ansible role with a Jinja Compose template, a vault, a Kubernetes manifest, a
 * GitHub workflow, a cloud-init file, a direnv .envrc, an INI inventory and a play with a typo;
 * the JSON report's types and checks, with the real checkers.
 */
import { describe, expect, it } from 'vitest';
import { haveTools, runCli, tempRepo } from '../helpers.js';

const ready = haveTools('ansible-playbook', 'yamllint', 'bash');

interface FileEntry {
  path: string;
  type: string;
  checks: Array<{ checker: string; status: string }>;
  diagnostics: Array<{ line: number; severity: string; rule: string; message: string; source: string }>;
}

const FILES: Record<string, string> = {
  'charts/app/Chart.yaml': '---\napiVersion: v2\nname: app\nversion: 0.1.0\n',
  'charts/app/values.yaml': '---\nenabled: true\n',
  'charts/app/templates/deployment.yaml':
    '{{- if .Values.enabled }}\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ include "app.fullname" . }}\n{{- end }}\n',
  'charts/app/templates/_helpers.tpl': '{{- define "app.fullname" -}}{{ .Release.Name }}{{- end -}}\n',
  'roles/web/tasks/main.yml':
    '---\n- name: Render the Compose file\n  ansible.builtin.template:\n    src: docker-compose.yml\n    dest: /opt/web/docker-compose.yml\n    mode: "0644"\n',
  'roles/web/templates/docker-compose.yml':
    'services:\n{% for app in apps %}\n  {{ app.name }}:\n    image: {{ app.image }}\n{% endfor %}\n',
  'group_vars/all/vault.yml': '$ANSIBLE_VAULT;1.1;AES256\n61626364656667686970\n',
  'k8s/configmap.yaml': '---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\ndata:\n  key: value\n',
  '.github/workflows/ci.yml': '---\nname: CI\n"on": push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: "true"\n',
  'cloud-init/web.yaml': '#cloud-config\npackages:\n  - qemu-guest-agent\n',
  '.envrc': 'use flake\ndotenv_if_exists\n',
  'inventory.ini': '[web]\nweb1 ansible_host=192.0.2.10\n\n[web:vars]\nhttp_port=80\n',
  'playbooks/typo.yml': '---\n- name: Typo\n  host: all\n  tasks:\n    - name: Ping\n      ansible.builtin.ping:\n',
  // A file yamllint is told to ignore: broken, yet no YAML parse error.
  '.yamllint': '---\nextends: default\nignore: |\n  legacy/\n',
  'legacy/broken.yaml': 'a: [never closed\n',
};

describe.skipIf(!ready)('classification of a real tree (built CLI, real checkers)', () => {
  it('gives each file its type and only that type\'s checks', async () => {
    const repo = tempRepo(FILES);
    const run = await runCli(['validate', '--format', 'json'], repo);
    const report = JSON.parse(run.stdout) as { files: FileEntry[]; summary: { files: number } };
    const byPath = new Map(report.files.map((f) => [f.path, f]));
    // `.yamllint` is `unknown`: the report leaves such files out.
    const types = Object.fromEntries(Object.keys(FILES).filter((p) => p !== '.yamllint').map((p) => [p, byPath.get(p)?.type]));
    expect(types).toEqual({
      'charts/app/Chart.yaml': 'helm-chart',
      'charts/app/values.yaml': 'yaml',
      'charts/app/templates/deployment.yaml': 'helm-template',
      'charts/app/templates/_helpers.tpl': 'helm-template',
      'roles/web/tasks/main.yml': 'ansible-tasks',
      'roles/web/templates/docker-compose.yml': 'jinja-template',
      'group_vars/all/vault.yml': 'ansible-vault',
      'k8s/configmap.yaml': 'kubernetes',
      '.github/workflows/ci.yml': 'ci-workflow',
      'cloud-init/web.yaml': 'cloud-init',
      '.envrc': 'direnv',
      'inventory.ini': 'ansible-inventory-ini',
      'playbooks/typo.yml': 'ansible-playbook',
      'legacy/broken.yaml': 'yaml',
    });

    // Templates and vaults: no checks, no findings, not counted as checked (10 of the 14 listed files are).
    expect(report.summary.files).toBe(10);
    for (const p of ['charts/app/templates/deployment.yaml', 'charts/app/templates/_helpers.tpl', 'roles/web/templates/docker-compose.yml', 'group_vars/all/vault.yml']) {
      expect(byPath.get(p)?.checks, p).toEqual([]);
      expect(byPath.get(p)?.diagnostics, p).toEqual([]);
    }
    const checkers = (p: string) => byPath.get(p)?.checks.map((c) => c.checker).sort();
    for (const p of ['charts/app/Chart.yaml', 'k8s/configmap.yaml', '.github/workflows/ci.yml', 'cloud-init/web.yaml']) {
      expect(checkers(p), p).toEqual(['iacgen', 'yaml-parse', 'yamllint']);
    }
    expect(checkers('.envrc')).toEqual(['bash-syntax', 'iacgen']);
    expect(byPath.get('.envrc')?.checks.find((c) => c.checker === 'bash-syntax')?.status).toBe('pass');
    expect(byPath.get('.envrc')?.diagnostics.filter((d) => d.rule === 'env-file-tracked')).toEqual([]);
    expect(checkers('inventory.ini')).not.toContain('yamllint');
    expect(checkers('inventory.ini')).not.toContain('yaml-parse');

    // The play with `host:` is a playbook, so its syntax check runs and fails on the typo.
    const typo = byPath.get('playbooks/typo.yml');
    expect(typo?.checks).toContainEqual(expect.objectContaining({ checker: 'ansible-syntax-check', status: 'fail' }));
    expect(typo?.diagnostics).toContainEqual(
      expect.objectContaining({ source: 'ansible-syntax-check', severity: 'error', message: expect.stringContaining("'host' is not a valid attribute for a Play") }),
    );
    expect(run.exitCode).toBe(1);

    // The file .yamllint ignores: checked, but neither yamllint nor iacgen's parse reports anything.
    const legacy = byPath.get('legacy/broken.yaml');
    expect(legacy?.checks).toContainEqual(expect.objectContaining({ checker: 'yaml-parse', status: 'pass' }));
    expect(legacy?.diagnostics.filter((d) => d.source === 'yaml-parse' || d.source === 'yamllint')).toEqual([]);
  });
});
