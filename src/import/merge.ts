/**
 * Merging imported guests into the guests of `iacgen.yaml`: the plan of an import. Guests are
 * matched by VMID; an imported guest without one (an Ansible host of a static inventory) by its
 * name. Only what a source says is compared and changed: pvesh gives no address, so a pvesh
 * import never touches one. Groups are joined (an import adds groups, never removes one); the
 * role is set only from a `role-<name>` tag; `example: true` is dropped from a guest the import
 * confirms by VMID. A guest of iacgen.yaml missing from the import is kept (reported as "not in
 * the import") unless `prune`. iacgen.yaml has no per-guest node: nodes are reported only.
 */
import { INVENTED } from '../init/data.js';
import { toDnsLabel } from '../init/propose.js';
import type { Guest } from '../inventory/schema.js';
import type { ImportedGuest } from './types.js';

/** What happens to one guest. */
export type GuestAction = 'add' | 'change' | 'unchanged' | 'keep' | 'remove';

/** One changed field: `name`, `type`, `address`, `groups`, `role` or `example`. */
export interface FieldChange {
  field: 'name' | 'type' | 'address' | 'groups' | 'role' | 'example';
  from: unknown;
  to: unknown;
}

/** One row of the plan. `guest` is the guest after the import (for `remove`/`keep`: as it is). */
export interface GuestRow {
  action: GuestAction;
  guest: Guest;
  /** Index in the existing `guests:` (undefined for `add`). */
  index?: number;
  changes: FieldChange[];
  /** Where the import found it (`file: [3] qemu/101`). */
  sources: string[];
  notes: string[];
  /** The Proxmox node the import names, if any. */
  node?: string;
}

/** Options of {@link mergeGuests}. */
export interface MergeOptions {
  /** Remove the guests the import does not have (default: keep them). */
  prune: boolean;
}

/**
 * Builds the plan: one row per guest of the result and per removed guest, existing guests first
 * in their order, then the added ones by VMID. Pure.
 * @param existing the validated guests of iacgen.yaml (none when it has no inventory)
 * @param imported every guest of every file read, in the order read (later files fill in what earlier ones left out)
 */
export function mergeGuests(existing: readonly Guest[], imported: readonly ImportedGuest[], options: MergeOptions): GuestRow[] {
  const combined = combine(imported);
  const rows: GuestRow[] = existing.map((guest, index) => ({ action: 'keep', guest: { ...guest, groups: [...guest.groups] }, index, changes: [], sources: [], notes: [] }));
  const usedNames = new Set(existing.map((g) => g.name));
  const usedIds = new Set<number>([...existing.map((g) => g.id), ...combined.flatMap((g) => (g.id !== undefined ? [g.id] : []))]);
  const added: GuestRow[] = [];

  for (const item of combined) {
    const notes = [...item.notes];
    const label = toDnsLabel(item.rawName) || `${item.type ?? 'guest'}-${item.id ?? 'x'}`;
    if (label !== item.rawName) notes.push(`name '${item.rawName}' made a DNS label: ${label}`);
    const row = item.id !== undefined ? rows.find((r) => r.guest.id === item.id) : rows.find((r) => r.guest.name === label);
    if (row) {
      row.sources.push(...item.sources);
      row.notes.push(...notes);
      if (item.node !== undefined) row.node = item.node;
      update(row, item, label, usedNames);
      continue;
    }
    let name = label;
    if (usedNames.has(name)) {
      name = `${label.slice(0, 50)}-${item.id ?? 'new'}`;
      notes.push(`name '${label}' is taken by another guest: named ${name}`);
    }
    usedNames.add(name);
    let id = item.id;
    const example = id === undefined;
    if (id === undefined) {
      id = INVENTED.firstId;
      while (usedIds.has(id)) id++;
      usedIds.add(id);
      notes.push(`VMID${item.type ? '' : ' and kind'} not in the import: ${id}${item.type ? '' : ` and ${INVENTED.type}`} invented, marked example: true`);
    }
    const guest: Guest = {
      id,
      type: item.type ?? INVENTED.type,
      name,
      address: item.address ?? null,
      role: item.role ?? null,
      services: [],
      groups: item.groups ?? [],
      example,
    };
    added.push({ action: 'add', guest, changes: [], sources: item.sources, notes, ...(item.node !== undefined ? { node: item.node } : {}) });
  }
  for (const row of rows) {
    if (row.sources.length === 0) {
      row.action = options.prune ? 'remove' : 'keep';
      row.notes.push('not in the import');
    } else row.action = row.changes.length > 0 ? 'change' : 'unchanged';
  }
  return [...rows, ...added.sort((a, b) => a.guest.id - b.guest.id)];
}

/** Applies what `item` says to the row's guest, recording each change. */
function update(row: GuestRow, item: CombinedGuest, label: string, usedNames: Set<string>): void {
  const g = row.guest;
  const set = <K extends FieldChange['field']>(field: K, to: Guest[K]): void => {
    const from = g[field];
    if (JSON.stringify(from) === JSON.stringify(to)) return;
    row.changes.push({ field, from, to });
    (g as Record<string, unknown>)[field] = to;
  };
  if (item.id !== undefined && label !== g.name) {
    if (usedNames.has(label)) row.notes.push(`the import calls it '${label}', a name another guest has: name kept`);
    else {
      usedNames.delete(g.name);
      usedNames.add(label);
      set('name', label);
    }
  }
  if (item.type !== undefined) set('type', item.type);
  if (item.address !== undefined) set('address', item.address);
  if (item.groups !== undefined) set('groups', [...new Set([...g.groups, ...item.groups])]);
  if (item.role !== undefined) set('role', item.role);
  if (item.id !== undefined && g.example) set('example', false);
}

/** An imported guest after joining every file's word on it. */
interface CombinedGuest extends Omit<ImportedGuest, 'source'> {
  sources: string[];
}

/**
 * One entry per VMID (later files fill fields earlier ones left undefined; groups joined), and
 * per name for guests without a VMID (joined into the guest of that name when one has a VMID).
 */
export function combine(imported: readonly ImportedGuest[]): CombinedGuest[] {
  const out: CombinedGuest[] = [];
  const label = (g: { rawName: string }) => toDnsLabel(g.rawName);
  for (const item of [...imported.filter((g) => g.id !== undefined), ...imported.filter((g) => g.id === undefined)]) {
    const known = item.id !== undefined ? out.find((o) => o.id === item.id) : out.find((o) => label(o) === label(item));
    if (!known) {
      const { source, ...rest } = item;
      out.push({ ...rest, groups: item.groups ? [...item.groups] : undefined, notes: [...item.notes], sources: [source] } as CombinedGuest);
      continue;
    }
    known.sources.push(item.source);
    known.notes.push(...item.notes);
    known.type ??= item.type;
    known.node ??= item.node;
    known.address ??= item.address;
    known.role ??= item.role;
    if (item.groups) known.groups = [...new Set([...(known.groups ?? []), ...item.groups])];
  }
  return out;
}
