import { existsSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execaSync } from 'execa';
import { describe, expect, it } from 'vitest';
import { EXPORT_SWITCH, exportForStaged } from '../../../src/validate/stage-plan.js';
import { tempDir, tempRepo } from '../../helpers.js';

/** A small repository: a playbook with a role, an unrelated role, a shell script, a Compose project, data. */
const FILES: Record<string, string> = {
  'iacgen.yaml': 'failOn: error\n',
  '.editorconfig': 'root = true\n',
  'ansible.cfg': '[defaults]\nroles_path = roles\n',
  'site.yml': '- name: Web\n  hosts: all\n  roles:\n    - web\n',
  'roles/web/tasks/main.yml': '- name: Install\n  ansible.builtin.include_tasks: install.yml\n',
  'roles/web/tasks/install.yml': '- name: Package\n  ansible.builtin.package:\n    name: nginx\n',
  'roles/web/defaults/main.yml': 'web_port: 80\n',
  'roles/db/tasks/main.yml': '- name: Package\n  ansible.builtin.package:\n    name: postgresql\n',
  'scripts/backup.sh': '#!/bin/bash\necho backup\n',
  'scripts/lib.sh': 'say() { echo "$1"; }\n',
  'scripts/uses-lib.sh': '#!/bin/bash\n# shellcheck source=scripts/lib.sh\nsource scripts/lib.sh\nsay hi\n',
  'compose/app/compose.yaml': 'services:\n  app:\n    image: nginx:1.27\n    env_file: .env.example\n',
  'compose/app/.env.example': 'PORT=80\n',
  'compose/other/compose.yaml': 'services:\n  db:\n    image: postgres:16\n',
  'data/a.json': '{"a": 1}\n',
};

function committed(extra: Record<string, string> = {}): string {
  const repo = tempRepo({ ...FILES, ...extra });
  execaSync('git', ['add', '-A'], { cwd: repo });
  execaSync('git', ['commit', '-q', '-m', 'start'], { cwd: repo });
  return repo;
}

async function exported(repo: string, staged: string[], env: NodeJS.ProcessEnv = {}) {
  const stage = tempDir('iacgen-stage-');
  const result = await exportForStaged(repo, stage, stage, staged, { ...process.env, ...env });
  return { ...result, stage, list: [...result.paths].sort() };
}

describe('the staged check exports what the staged files need', () => {
  it('exports a shell script alone, with the run settings and the configs its checkers read', async () => {
    const repo = committed();
    const out = await exported(repo, ['scripts/backup.sh']);
    expect(out.whole).toBe(false);
    expect(out.list).toEqual(['.editorconfig', 'iacgen.yaml', 'scripts/backup.sh']);
    // The staged content, not the working tree's.
    expect(readFileSync(path.join(out.stage, 'scripts/backup.sh'), 'utf8')).toBe(FILES['scripts/backup.sh']);
  });

  it('exports the index version of a staged file even when the working copy differs', async () => {
    const repo = committed();
    writeFileSync(path.join(repo, 'scripts/backup.sh'), '#!/bin/bash\necho staged\n');
    execaSync('git', ['add', 'scripts/backup.sh'], { cwd: repo });
    writeFileSync(path.join(repo, 'scripts/backup.sh'), '#!/bin/bash\necho working tree\n');
    const out = await exported(repo, ['scripts/backup.sh']);
    expect(readFileSync(path.join(out.stage, 'scripts/backup.sh'), 'utf8')).toBe('#!/bin/bash\necho staged\n');
  });

  it('follows a playbook into its role and the tasks that role includes, and nothing else', async () => {
    const repo = committed();
    const out = await exported(repo, ['site.yml']);
    expect(out.whole).toBe(false);
    expect(out.list).toEqual(expect.arrayContaining(['site.yml', 'ansible.cfg', 'roles/web/tasks/main.yml', 'roles/web/tasks/install.yml', 'roles/web/defaults/main.yml']));
    expect(out.list).not.toContain('roles/db/tasks/main.yml');
    expect(out.list).not.toContain('scripts/backup.sh');
    expect(out.rounds).toBeGreaterThan(1);
  });

  it('follows a script into the file it sources, and a Compose file into its env file', async () => {
    const repo = committed();
    const script = await exported(repo, ['scripts/uses-lib.sh']);
    expect(script.list).toContain('scripts/lib.sh');
    const compose = await exported(repo, ['compose/app/compose.yaml']);
    expect(compose.list).toContain('compose/app/.env.example');
    expect(compose.list).not.toContain('compose/other/compose.yaml');
  });

  it('follows ansible-lint\'s configuration into the folder of custom rules it names (rulesdir)', async () => {
    const repo = committed({ '.ansible-lint': 'rulesdir:\n  - lint/rules\n', 'lint/rules/house.py': 'from ansiblelint.rules import AnsibleLintRule\n', 'lint/other/unused.py': '\n' });
    const out = await exported(repo, ['site.yml']);
    expect(out.list).toEqual(expect.arrayContaining(['.ansible-lint', 'lint/rules/house.py']));
    expect(out.list).not.toContain('lint/other/unused.py');
  });

  it('exports the whole index when a symbolic link is among the paths, or when IACGEN_STAGED_EXPORT=all', async () => {
    const repo = committed();
    symlinkSync('backup.sh', path.join(repo, 'scripts/link.sh'));
    execaSync('git', ['add', 'scripts/link.sh'], { cwd: repo });
    const linked = await exported(repo, ['scripts/link.sh']);
    expect(linked.whole).toBe(true);
    expect(existsSync(path.join(linked.stage, 'roles/db/tasks/main.yml'))).toBe(true);
    const forced = await exported(repo, ['data/a.json'], { [EXPORT_SWITCH]: 'all' });
    expect(forced.whole).toBe(true);
    expect(forced.list).toHaveLength(Object.keys(FILES).length + 1);
  });
});
