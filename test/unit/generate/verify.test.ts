/**
 * The verification of rendered files holds them to every rule set where the repository's
 * iacgen.yaml names none (the house rules too), follows its rules settings otherwise, and checks
 * their targets against the inventory they were rendered from.
 */
import { describe, expect, it } from 'vitest';
import type { RenderedFile } from '../../../src/generate/render.js';
import { verifyRendered } from '../../../src/generate/verify.js';
import { tempDir, writeTree } from '../../helpers.js';

const file = (relPath: string, content: string): RenderedFile => ({ key: relPath, relPath, content, mode: 0o644, ifExists: 'error' });

const HEADERLESS = file('scripts/hello.sh', '#!/usr/bin/env bash\nset -euo pipefail\necho hello\n');
const GUEST_TF = file(
  'terraform/main.tf',
  '# File: terraform/main.tf\n# Purpose: test\n# Author: test\n# Date: 2025-01-15\nresource "proxmox_virtual_environment_container" "edge" {\n  node_name = "pve"\n  vm_id     = 300\n}\n',
);

async function rules(root: string, files: RenderedFile[]): Promise<string[]> {
  const verification = await verifyRendered(files, root, new Set());
  return [...verification.values()].flatMap((r) => r.diagnostics.filter((d) => d.source === 'iacgen').map((d) => d.rule));
}

describe('verifyRendered', () => {
  it('runs the house rules in a repository without iacgen.yaml', async () => {
    expect(await rules(tempDir(), [HEADERLESS])).toContain('header-missing');
  });

  it("follows the repository's rules: sets: and per-rule settings", async () => {
    const root = tempDir();
    writeTree(root, { 'iacgen.yaml': 'rules:\n  sets: [defects]\n' });
    expect(await rules(root, [HEADERLESS])).not.toContain('header-missing');
    const off = tempDir();
    writeTree(off, { 'iacgen.yaml': 'rules:\n  header-missing: off\n' });
    expect(await rules(off, [HEADERLESS])).not.toContain('header-missing');
  });

  it("checks guest IDs against the repository's inventory", async () => {
    const root = tempDir();
    writeTree(root, { 'iacgen.yaml': 'proxmox:\n  node: pve\n  api: https://10.0.0.2:8006/\nguests:\n  - {id: 300, type: ct, name: proxy}\n' });
    expect(await rules(root, [GUEST_TF])).toContain('tf-vm-id-collision');
  });
});
