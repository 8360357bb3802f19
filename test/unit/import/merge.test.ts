/** Merging imported guests into iacgen.yaml's guests: match by VMID (else name), changes, kept/pruned, invented IDs. */
import { describe, expect, it } from 'vitest';
import { mergeGuests } from '../../../src/import/merge.js';
import type { ImportedGuest } from '../../../src/import/types.js';
import type { Guest } from '../../../src/inventory/schema.js';

const guest = (g: Partial<Guest> & Pick<Guest, 'id' | 'type' | 'name'>): Guest => ({ address: null, role: null, services: [], groups: [], example: false, ...g });
const imported = (g: Partial<ImportedGuest> & Pick<ImportedGuest, 'rawName'>): ImportedGuest => ({ source: 'x.json: [0]', notes: [], ...g });

describe('mergeGuests', () => {
  const existing = [guest({ id: 102, type: 'ct', name: 'nginx-proxy', address: '192.168.2.101', groups: ['proxy'] }), guest({ id: 300, type: 'vm', name: 'old' })];

  it('reports unchanged, changed (only the fields the source gives) and not-in-the-import', () => {
    const rows = mergeGuests(existing, [imported({ id: 102, type: 'ct', rawName: 'nginx-proxy', groups: ['proxy'] })], { prune: false });
    expect(rows.map((r) => `${r.action} ${r.guest.id}`)).toEqual(['unchanged 102', 'keep 300']);
    const moved = mergeGuests(existing, [imported({ id: 102, type: 'vm', rawName: 'Proxy_1', address: '192.168.2.9', groups: ['web'], node: 'pve2' })], { prune: false });
    expect(moved[0]?.changes).toEqual([
      { field: 'name', from: 'nginx-proxy', to: 'proxy-1' },
      { field: 'type', from: 'ct', to: 'vm' },
      { field: 'address', from: '192.168.2.101', to: '192.168.2.9' },
      { field: 'groups', from: ['proxy'], to: ['proxy', 'web'] },
    ]);
    expect(moved[0]?.notes).toContain("name 'Proxy_1' made a DNS label: proxy-1");
    expect(moved[0]?.node).toBe('pve2');
  });

  it('keeps an address the source does not give', () => {
    const rows = mergeGuests(existing, [imported({ id: 102, type: 'ct', rawName: 'nginx-proxy' })], { prune: false });
    expect(rows[0]?.guest.address).toBe('192.168.2.101');
    expect(rows[0]?.action).toBe('unchanged');
  });

  it('removes the guests missing from the import with prune', () => {
    const rows = mergeGuests(existing, [imported({ id: 102, type: 'ct', rawName: 'nginx-proxy' })], { prune: true });
    expect(rows.map((r) => `${r.action} ${r.guest.id}`)).toEqual(['unchanged 102', 'remove 300']);
  });

  it('joins what several files say of one VMID, and matches a host without VMID by name', () => {
    const rows = mergeGuests([], [
      imported({ id: 230, type: 'ct', rawName: 'pihole', groups: ['dns'], node: 'pve1' }),
      imported({ id: 230, rawName: 'pihole', address: '192.168.2.53', groups: ['homelab'] }),
      imported({ rawName: 'pihole', address: '192.168.2.53', groups: ['dns'] }),
    ], { prune: false });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ action: 'add', guest: { id: 230, type: 'ct', name: 'pihole', address: '192.168.2.53', groups: ['dns', 'homelab'], example: false } });
  });

  it('invents a VMID for a host without one, marked example, and renames on a name clash', () => {
    const rows = mergeGuests(existing, [imported({ rawName: 'nas' }), imported({ id: 500, type: 'vm', rawName: 'old' })], { prune: false });
    const nas = rows.find((r) => r.guest.name === 'nas');
    expect(nas?.guest).toMatchObject({ id: 90001, type: 'vm', example: true });
    expect(nas?.notes[0]).toMatch(/VMID and kind not in the import: 90001 and vm invented/);
    const clash = rows.find((r) => r.guest.id === 500);
    expect(clash?.guest.name).toBe('old-500');
  });

  it('drops example: true from a guest the import confirms by VMID', () => {
    const rows = mergeGuests([guest({ id: 101, type: 'vm', name: 'monitoring-01', example: true })], [imported({ id: 101, type: 'vm', rawName: 'monitoring-01' })], { prune: false });
    expect(rows[0]?.changes).toEqual([{ field: 'example', from: true, to: false }]);
  });
});
