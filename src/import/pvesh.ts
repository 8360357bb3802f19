/**
 * Reading the JSON of `pvesh get /cluster/resources --type vm --output-format json` and of the
 * node listings `pvesh get /nodes/<node>/qemu` and `/nodes/<node>/lxc`.
 *
 * Field names (pve-manager `PVE/API2/Cluster.pm`, method `resources`, commit 14a22df): each row
 * has `id` (`qemu/101`), `type` (`qemu`, `lxc`, and for the unfiltered call `node`, `storage`,
 * `pool`, `sdn`, `network`), and for guests `vmid`, `name`, `node`, `status`, `template`
 * (boolean, given as 0/1), `tags` (a `;`-separated string), `pool`, `maxmem`, `maxcpu`, ...
 * The node listings have no `id` and no `node`: pve-container `src/PVE/LXC.pm` (`vmstatus`,
 * commit 94f5585) sets `type: "lxc"` on every row, qemu-server `src/PVE/QemuServer.pm`
 * (`vmstatus`, commit e6352be) sets no `type` (and names a VM without a name `VM <vmid>`). So a
 * listing row with `type: "lxc"` is a CT and one without a type is a VM: no flag is needed.
 * Neither gives an address.
 */
import { RESOURCE_GUEST_TYPES } from './data.js';
import { readTags } from './tags.js';
import type { ImportedGuest, ImportRead, ImportSkipped } from './types.js';

type Row = Record<string, unknown>;

/** True when `data` is an array whose objects look like `/cluster/resources` rows (`id` and `type`). */
export function isClusterResources(data: unknown): data is Row[] {
  return Array.isArray(data) && data.length > 0 && data.every(isRow) && data.some((r) => typeof r.id === 'string' && typeof r.type === 'string');
}

/** True when `data` is a non-empty array of objects with a `vmid` and no `id`: a node listing. */
export function isNodeListing(data: unknown): data is Row[] {
  return Array.isArray(data) && data.length > 0 && data.every((r) => isRow(r) && 'vmid' in r && !('id' in r));
}

/**
 * Reads `/cluster/resources` rows: guests of type `qemu`/`lxc`, others ignored silently (they
 * are nodes, storages, pools, SDN zones).
 * @param file the file as given, for `source`
 */
export function readClusterResources(file: string, rows: readonly Row[]): ImportRead {
  const guests: ImportedGuest[] = [];
  const skipped: ImportSkipped[] = [];
  rows.forEach((row, index) => {
    const kind = typeof row.type === 'string' ? RESOURCE_GUEST_TYPES[row.type] : undefined;
    if (!kind) return;
    const guest = readRow(row, kind, `${file}: [${index}] ${String(row.id ?? '')}`.trimEnd(), skipped);
    if (guest) guests.push(guest);
  });
  return { file, format: 'pvesh-resources', guests, skipped };
}

/** Reads a `/nodes/<node>/qemu` or `/nodes/<node>/lxc` listing (see the file comment for the kind). */
export function readNodeListing(file: string, rows: readonly Row[]): ImportRead {
  const guests: ImportedGuest[] = [];
  const skipped: ImportSkipped[] = [];
  rows.forEach((row, index) => {
    const guest = readRow(row, row.type === 'lxc' ? 'ct' : 'vm', `${file}: [${index}]`, skipped);
    if (guest) guests.push(guest);
  });
  return { file, format: 'pvesh-listing', guests, skipped };
}

function readRow(row: Row, kind: 'vm' | 'ct', source: string, skipped: ImportSkipped[]): ImportedGuest | undefined {
  const id = asVmid(row.vmid);
  if (id === undefined) {
    skipped.push({ what: String(row.name ?? row.id ?? 'a row'), source, why: `no usable vmid (${JSON.stringify(row.vmid ?? null)})` });
    return undefined;
  }
  const tags = readTags(row.tags);
  const template = row.template === 1 || row.template === true || row.template === '1';
  return {
    id,
    type: template ? 'template' : kind,
    rawName: typeof row.name === 'string' && row.name.trim() !== '' ? row.name : `${kind}-${id}`,
    ...(typeof row.node === 'string' ? { node: row.node } : {}),
    groups: tags.groups,
    ...(tags.role !== undefined ? { role: tags.role } : {}),
    source,
    notes: tags.notes,
  };
}

/** A VMID as a number (the API gives a number; some tools give a string). */
export function asVmid(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : NaN;
  return Number.isSafeInteger(n) ? n : undefined;
}

function isRow(value: unknown): value is Row {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
