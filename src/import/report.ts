/** What `iacgen import` prints: the files read, then the plan of guests (text or `--json`). */
import { guestLabel } from '../inventory/guests.js';
import type { GuestRow } from './merge.js';
import type { ImportRead, ImportFormat } from './types.js';

/** How each format is named to the user. */
export const FORMAT_NAMES: Readonly<Record<ImportFormat, string>> = {
  'pvesh-resources': 'pvesh /cluster/resources',
  'pvesh-listing': 'pvesh /nodes/<node>/qemu|lxc listing',
  'ansible-inventory': 'ansible-inventory --list',
  'terraform-state': 'terraform show -json (bpg/proxmox)',
};

const VERBS: Readonly<Record<GuestRow['action'], string>> = {
  add: 'added',
  change: 'changed',
  unchanged: 'unchanged',
  keep: 'kept',
  remove: 'removed',
};

/** Counts per action, as the summary and `--json` give them. */
export function countRows(rows: readonly GuestRow[]): Record<GuestRow['action'], number> {
  const counts = { add: 0, change: 0, unchanged: 0, keep: 0, remove: 0 };
  for (const r of rows) counts[r.action]++;
  return counts;
}

/** The files read and the plan, one line per guest (changes and notes indented below it). */
export function formatImportPlan(reads: readonly ImportRead[], rows: readonly GuestRow[], configShown: string): string {
  const out: string[] = ['Read:'];
  for (const r of reads) out.push(`  ${r.file} (${FORMAT_NAMES[r.format]}): ${r.guests.length} guest${r.guests.length === 1 ? '' : 's'}`);
  const skipped = reads.flatMap((r) => r.skipped);
  if (skipped.length > 0) {
    out.push('Left out:');
    for (const s of skipped) out.push(`  ${s.what} (${s.source}): ${s.why}`);
  }
  out.push(`Guests of ${configShown}:`);
  for (const row of rows) {
    const node = row.node !== undefined ? ` on ${row.node}` : '';
    const groups = row.guest.groups.length > 0 ? ` [${row.guest.groups.join(', ')}]` : '';
    const missing = row.action === 'keep' || row.action === 'remove' ? ': not in the import' : '';
    out.push(`  ${VERBS[row.action].padEnd(9)} ${guestLabel(row.guest)}${groups}${node}${missing}`);
    for (const c of row.changes) out.push(`      ${c.field}: ${show(c.from)} -> ${show(c.to)}`);
    for (const n of row.notes) if (n !== 'not in the import') out.push(`      check: ${n}`);
  }
  const c = countRows(rows);
  out.push(`Summary: ${c.add} added, ${c.change} changed, ${c.unchanged} unchanged, ${c.keep} not in the import (kept), ${c.remove} removed`);
  return `${out.join('\n')}\n`;
}

/** The `--json` report: files read, rows, counts, whether the file was written. */
export function formatImportJson(reads: readonly ImportRead[], rows: readonly GuestRow[], file: string, written: boolean, dryRun: boolean): string {
  return `${JSON.stringify(
    {
      file,
      written,
      dryRun,
      read: reads.map((r) => ({ file: r.file, format: r.format, guests: r.guests.length, skipped: r.skipped })),
      counts: countRows(rows),
      guests: rows.map((r) => ({ action: VERBS[r.action], id: r.guest.id, type: r.guest.type, name: r.guest.name, address: r.guest.address, groups: r.guest.groups, role: r.guest.role, node: r.node ?? null, changes: r.changes, sources: r.sources, notes: r.notes })),
    },
    null,
    2,
  )}\n`;
}

function show(value: unknown): string {
  if (value === null || value === undefined) return 'none';
  if (Array.isArray(value)) return `[${value.join(', ')}]`;
  return String(value);
}
