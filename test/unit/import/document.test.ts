/** Writing the plan into iacgen.yaml's text: only the changed guests' bytes move; the rest is kept exactly. */
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { applyToText } from '../../../src/import/document.js';
import { mergeGuests } from '../../../src/import/merge.js';
import type { ImportedGuest } from '../../../src/import/types.js';
import { inventorySchema } from '../../../src/inventory/schema.js';

const imported = (g: Partial<ImportedGuest> & Pick<ImportedGuest, 'rawName'>): ImportedGuest => ({ source: '/tmp/vms.json: [0] qemu/101', notes: [], ...g });

const FILE = `---
# mine
exclude: ["vendor/**"]  # two spaces, kept
proxmox:
  node: pve1
  api: https://10.0.0.2:8006/
guests:
  # the proxy
  - id: 102
    type: ct
    name: nginx-proxy
    description: my words  # kept too
  - {id: 300, type: vm, name: old}
rules:
  sets: [defects]
`;

const guestsOf = (text: string) => inventorySchema.parse(parse(text) as unknown).guests;

describe('applyToText', () => {
  it('edits a changed guest in place, appends added guests at the list indentation, keeps every other byte', () => {
    const existing = guestsOf(FILE);
    const rows = mergeGuests(existing, [imported({ id: 102, type: 'ct', rawName: 'nginx-proxy', address: '192.168.2.101' }), imported({ id: 101, type: 'vm', rawName: 'web', groups: ['web'] })], { prune: false });
    const out = applyToText(FILE, rows);
    expect(out).toContain('exclude: ["vendor/**"]  # two spaces, kept\n');
    expect(out).toContain('  # the proxy\n  - id: 102\n    type: ct\n    name: nginx-proxy\n    address: 192.168.2.101\n    description: my words');
    expect(out).toContain('  - {id: 300, type: vm, name: old}\n  # web: imported from vms.json: [0] qemu/101\n  - id: 101\n    type: vm\n    name: web\n    groups: [web]\nrules:\n  sets: [defects]\n');
    expect(guestsOf(out).map((g) => g.id)).toEqual([102, 300, 101]);
  });

  it('cuts a pruned guest and returns the text unchanged when nothing changes', () => {
    const existing = guestsOf(FILE);
    const same = mergeGuests(existing, [imported({ id: 102, type: 'ct', rawName: 'nginx-proxy' }), imported({ id: 300, type: 'vm', rawName: 'old' })], { prune: false });
    expect(applyToText(FILE, same)).toBe(FILE);
    const pruned = applyToText(FILE, mergeGuests(existing, [imported({ id: 102, type: 'ct', rawName: 'nginx-proxy' })], { prune: true }));
    expect(pruned).toBe(FILE.replace('  - {id: 300, type: vm, name: old}\n', ''));
  });

  it('appends proxmox: and guests: to a file without an inventory, its own text untouched', () => {
    const own = '# settings only\nrules:\n  sets: [defects]  # mine\n';
    const out = applyToText(own, mergeGuests([], [imported({ id: 101, type: 'vm', rawName: 'web', node: 'pve2' })], { prune: false }));
    expect(out.startsWith(own)).toBe(true);
    const data = parse(out) as { proxmox: { node: string; api: string } };
    expect(data.proxmox).toEqual({ node: 'pve2', api: 'https://pve.invalid:8006/' });
    expect(guestsOf(out).map((g) => g.name)).toEqual(['web']);
  });
});
