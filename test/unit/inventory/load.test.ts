import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/errors.js';
import { findGuest, guestLabel } from '../../../src/inventory/guests.js';
import { formatPath, loadInventory } from '../../../src/inventory/load.js';
import { tempDir, writeTree } from '../../helpers.js';

const OWN = `proxmox:
  node: pve1
  api: https://10.0.0.2:8006/
guests:
  - id: 200
    type: ct
    name: proxy
    address: 10.0.0.20
    role: proxy
`;

describe('loadInventory', () => {
  it('falls back to the embedded reference homelab', () => {
    const { inventory, source } = loadInventory(tempDir());
    expect(source.kind).toBe('default');
    expect(inventory.proxmox.node).toBe('serviceslab');
    expect(inventory.guests).toHaveLength(14);
    expect(inventory.guests.filter((g) => g.type === 'ct').map((g) => g.id)).toEqual([102, 103, 112, 113]);
    const proxy = findGuest(inventory, 'ct102');
    expect(proxy && guestLabel(proxy)).toBe('CT 102 nginx-proxy (192.168.2.101)');
    expect(findGuest(inventory, 'vm102')).toBeUndefined();
    expect(findGuest(inventory, '113')?.name).toBe('n8n');
    expect(findGuest(inventory, 'monitoring-01')?.id).toBe(101);
  });

  it('finds iacgen.yaml by walking up to the git top and lets it replace the default', () => {
    const root = tempDir();
    writeTree(root, { 'iacgen.yaml': OWN });
    mkdirSync(path.join(root, '.git'));
    const deep = path.join(root, 'a', 'b');
    mkdirSync(deep, { recursive: true });
    const { inventory, source } = loadInventory(deep);
    expect(source).toEqual({ kind: 'file', path: path.join(root, 'iacgen.yaml') });
    expect(inventory.guests.map((g) => g.name)).toEqual(['proxy']);
  });

  it('never walks above the git top, nor above the start folder outside git', () => {
    const parent = tempDir();
    writeTree(parent, { 'iacgen.yaml': OWN });
    const repo = path.join(parent, 'repo');
    mkdirSync(path.join(repo, '.git'), { recursive: true });
    mkdirSync(path.join(repo, 'sub'));
    expect(loadInventory(path.join(repo, 'sub')).source.kind).toBe('default');
    const plain = path.join(parent, 'plain');
    mkdirSync(plain);
    expect(loadInventory(plain).source.kind).toBe('default');
    expect(loadInventory(parent).source.kind).toBe('file');
  });

  it('keeps the default when iacgen.yaml is empty, holds only comments, or has no inventory keys', () => {
    for (const text of ['', '# nothing yet\n']) {
      const root = tempDir();
      writeTree(root, { 'iacgen.yaml': text });
      expect(loadInventory(root).source.kind).toBe('default');
    }
  });

  it('keeps the default when iacgen.yaml has no inventory keys', () => {
    const root = tempDir();
    writeTree(root, { 'iacgen.yaml': '{}\n' });
    expect(loadInventory(root).source.kind).toBe('default');
  });

  it.each([
    ['a wrong type', OWN.replace('id: 200', 'id: two'), /^iacgen\.yaml:5:9: guests\[0\]\.id: expected a number, found the string "two"$/m],
    ['a number too small', OWN.replace('id: 200', 'id: 5'), /^iacgen\.yaml:5:9: guests\[0\]\.id: expected a number of at least 100, found 5$/m],
    ['a bad address', OWN.replace('10.0.0.20', '10.0.0.300'), /guests\[0\]\.address: must be an IPv4 address/],
    ['an unknown key', OWN.replace('role: proxy', 'role: proxy\n    adress: x'), /^iacgen\.yaml:10:5: guests\[0\]\.adress: unknown key 'adress' in guests\[0\]; the keys here are id, type/],
    ['a misspelt key', OWN.replace('address: 10.0.0.20', 'adress: 10.0.0.20'), /^iacgen\.yaml:8:5: guests\[0\]\.adress: unknown key 'adress' in guests\[0\]; did you mean 'address'\?/],
    ['a missing key', OWN.replace('  api: https://10.0.0.2:8006/\n', ''), /^iacgen\.yaml:2:3: proxmox\.api: missing; expected a string/],
    ['a duplicate ID', `${OWN}  - {id: 200, type: vm, name: other}\n`, /guests\[1\]\.id: duplicate guest ID 200/],
    ['broken YAML', 'guests: [\n', /iacgen\.yaml:\d+:\d+: invalid YAML/],
  ])('rejects %s with the file, line and path', (_label, text, message) => {
    const root = tempDir();
    writeTree(root, { 'iacgen.yaml': text });
    let error: unknown;
    try {
      loadInventory(root);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).exitCode).toBe(2);
    expect((error as ConfigError).message).toMatch(message);
  });

  it('formats zod paths', () => {
    expect(formatPath(['guests', 2, 'id'])).toBe('guests[2].id');
    expect(formatPath([])).toBe('(top level)');
  });
});
