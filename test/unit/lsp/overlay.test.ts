/**
 * The overlay of an unsaved buffer: a copy of what the file needs from the working tree (tracked
 * or untracked, as on disk), the buffer in the file's place, removed afterwards; and the folder a
 * file's run works from.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { execaSync } from 'execa';
import { describe, expect, it } from 'vitest';
import { runFolder } from '../../../src/lsp/check.js';
import { withOverlay } from '../../../src/lsp/overlay.js';
import { tempDir, tempRepo } from '../../helpers.js';

const PLAYBOOK = '- hosts: all\n  tasks: []\n';

describe('withOverlay', () => {
  it('copies what the file needs from the working tree, puts the buffer in its place, and removes the copy', async () => {
    // Enough files that the closure is less than half of the tree (else the whole tree is copied).
    const others = Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`terraform/m${i}.tf`, 'terraform {}\n']));
    const root = tempRepo({ 'ansible/playbooks/site.yml': PLAYBOOK, 'iacgen.yaml': 'rules:\n  sets: [defects]\n', 'terraform/main.tf': 'terraform {}\n', ...others });
    execaSync('git', ['add', 'ansible', 'iacgen.yaml', 'terraform'], { cwd: root });
    // Untracked, and changed since it was staged: the copy takes the disk's versions.
    execaSync('sh', ['-c', "printf 'extends: default\\n' > .yamllint && printf '# edited\\n' >> iacgen.yaml"], { cwd: root });
    const absPath = path.join(root, 'ansible/playbooks/site.yml');
    let stage = '';
    const seen = await withOverlay({ root, absPath, text: 'buffer text\n' }, root, process.env, async (overlay) => {
      stage = overlay.stage;
      const read = (rel: string) => (existsSync(path.join(overlay.stage, rel)) ? readFileSync(path.join(overlay.stage, rel), 'utf8') : undefined);
      expect(overlay.absPath).toBe(path.join(overlay.stage, 'ansible/playbooks/site.yml'));
      expect(overlay.cwd).toBe(overlay.stage);
      return { buffer: read('ansible/playbooks/site.yml'), config: read('iacgen.yaml'), yamllint: read('.yamllint'), terraform: read('terraform/main.tf'), git: existsSync(path.join(overlay.stage, '.git')) };
    });
    expect(seen).toEqual({ buffer: 'buffer text\n', config: 'rules:\n  sets: [defects]\n# edited\n', yamllint: 'extends: default\n', terraform: undefined, git: true });
    expect(existsSync(stage)).toBe(false);
    expect(readFileSync(absPath, 'utf8')).toBe(PLAYBOOK);
  });

  it('removes the copy when the work throws', async () => {
    const root = tempRepo({ 'a.yml': 'a: 1\n' });
    let stage = '';
    await expect(
      withOverlay({ root, absPath: path.join(root, 'a.yml'), text: 'a: 2\n' }, root, process.env, async (overlay) => {
        stage = overlay.stage;
        throw new Error('checker broke');
      }),
    ).rejects.toThrow('checker broke');
    expect(stage).not.toBe('');
    expect(existsSync(stage)).toBe(false);
  });
});

describe('runFolder', () => {
  it('is the deepest workspace folder inside the repository, else its top; outside git the folder or the file\'s', () => {
    const root = tempRepo({ 'infra/ansible/site.yml': PLAYBOOK });
    const file = path.join(root, 'infra/ansible/site.yml');
    expect(runFolder(file, [])).toEqual({ cwd: root, root });
    expect(runFolder(file, [root, path.join(root, 'infra')])).toEqual({ cwd: path.join(root, 'infra'), root });
    // A workspace above the repository: the repository's top.
    expect(runFolder(file, [path.dirname(root)])).toEqual({ cwd: root, root });
    const plain = tempDir();
    expect(runFolder(path.join(plain, 'x.yml'), [])).toEqual({ cwd: plain });
  });
});
