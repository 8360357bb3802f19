/**
 * From what the repository says (Ansible hosts, bpg/proxmox Terraform guests) to the proposed
 * `proxmox:` and `guests:` of iacgen.yaml, each guest with where it came from (file:line) and
 * what the user must check. Values the repository does not give are invented only where the
 * schema requires one (`src/inventory/schema.ts`: every guest needs an ID and a kind), and
 * every invented value is said: `example: true` on the guest and a `check:` line.
 *
 * Choices: a host of an Ansible inventory and a Terraform guest are one guest when their names
 * (as DNS labels) or addresses agree; `localhost`-like hosts (`ansible_connection: local`) are
 * the control machine, left out; hosts of a group such as `proxmox` stay guests (playbooks
 * target them) with a `check:` saying they may be nodes; group names iacgen's schema refuses
 * (hyphens, capitals) are left out with a `check:`.
 */
import path from 'node:path';
import { dnsLabel, groupName, ipv4, type Guest } from '../inventory/schema.js';
import { z } from 'zod';
import { INVENTED, NODE_GROUP_PATTERN } from './data.js';
import type { ResolvedHost } from './inventory-model.js';
import type { TerraformFindings, TerraformGuest } from './terraform-guests.js';

/** One proposed guest: the guest, where it came from (`hosts.ini:3`) and what to check. */
export interface ProposedGuest {
  guest: Guest;
  sources: string[];
  checks: string[];
}

/** The proposed node: values and what to check about them. */
export interface ProposedNode {
  node: string;
  api: string;
  checks: string[];
}

/** Something found but not proposed, and why. `where` is `file:line`. */
export interface LeftOut {
  what: string;
  where: string;
  why: string;
}

/** The whole proposal. `proxmox` is undefined exactly when there are no guests. */
export interface Proposal {
  proxmox?: ProposedNode;
  guests: ProposedGuest[];
  leftOut: LeftOut[];
}

/** What the readers found; file paths absolute, shown relative to `root`. */
export interface Findings {
  root: string;
  hosts: readonly ResolvedHost[];
  terraform: TerraformFindings;
}

const isIpv4 = (s: string | undefined): boolean => s !== undefined && ipv4.safeParse(s).success;
const isGroup = (s: string): boolean => groupName.safeParse(s).success;

/** A DNS label made of a name: lowercase, other characters to `-`, at most 63; `''` if nothing is left. */
export function toDnsLabel(name: string): string {
  const label = name
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/, '');
  return dnsLabel.safeParse(label).success ? label : '';
}

/**
 * Builds the proposal. Pure: the same findings give the same proposal.
 */
export function propose(findings: Findings): Proposal {
  const shown = (file: string, line: number): string => `${path.relative(findings.root, file).split(path.sep).join('/') || file}:${line}`;
  const leftOut: LeftOut[] = findings.terraform.skipped.map((s) => ({ what: s.address, where: shown(s.file, s.line), why: s.why }));
  const entries: ProposedGuest[] = [];
  const usedIds = new Set<number>();
  const tfByGuest = new Map<ProposedGuest, TerraformGuest>();

  for (const tf of findings.terraform.guests) {
    const checks: string[] = [];
    const label = tf.address.split('.')[1] ?? tf.address;
    let name = toDnsLabel(tf.name ?? '');
    if (!tf.name) {
      name = toDnsLabel(label) || 'guest';
      checks.push(`the name is not a literal in ${tf.address}: taken from its label`);
    } else if (name !== tf.name) checks.push(`name '${tf.name}' made a DNS label`);
    let id = tf.vmId;
    if (id !== undefined && (id < 100 || usedIds.has(id))) {
      checks.push(`vm_id ${id} ${id < 100 ? 'is below 100' : 'is used twice'}: replaced`);
      id = undefined;
    }
    const groups = tf.tags.filter(isGroup);
    const badTags = tf.tags.filter((t) => !isGroup(t));
    if (badTags.length > 0) checks.push(`tags not usable as group names left out: ${badTags.join(', ')}`);
    const entry: ProposedGuest = {
      guest: guestOf({ id: id ?? 0, type: tf.kind, name, address: tf.ipv4 ?? null, groups, example: id === undefined }),
      sources: [shown(tf.file, tf.line)],
      checks,
    };
    if (id === undefined) checks.push(`vm_id is not a literal in ${tf.address} (Proxmox picks the next free ID): invented`);
    else usedIds.add(id);
    entries.push(entry);
    tfByGuest.set(entry, tf);
  }

  const hosts = mergeHosts(findings.hosts);
  for (const host of hosts) {
    const where = [host, ...(host.also ?? [])].map((h) => shown(h.file, h.line)).join(', ');
    if (host.connection === 'local') {
      leftOut.push({ what: `host ${host.name}`, where, why: 'ansible_connection=local: the control machine, not a guest' });
      continue;
    }
    const label = toDnsLabel(isIpv4(host.name) ? `host-${host.name}` : host.name.split('.')[0] ?? host.name) || toDnsLabel(`host-${host.name}`);
    const address = isIpv4(host.ansibleHost) ? (host.ansibleHost as string) : isIpv4(host.name) && host.ansibleHost === undefined ? host.name : null;
    const groups = host.groups.filter(isGroup);
    const checks: string[] = [];
    const badGroups = host.groups.filter((g) => !isGroup(g));
    if (badGroups.length > 0) checks.push(`groups iacgen cannot name (lowercase letters, digits and _ only) left out: ${badGroups.join(', ')}`);
    if (host.ansibleHost !== undefined && !isIpv4(host.ansibleHost)) checks.push(`ansible_host is ${host.ansibleHost}, not an IPv4 address: address left empty`);
    if (host.groups.some((g) => NODE_GROUP_PATTERN.test(g))) checks.push(`in group ${host.groups.find((g) => NODE_GROUP_PATTERN.test(g))}: maybe a Proxmox node rather than a guest; remove it if so`);
    const match = entries.find((e) => tfByGuest.has(e) && (e.guest.name === label || (address !== null && e.guest.address === address)));
    if (match) {
      match.sources.push(where);
      match.guest.groups = [...new Set([...match.guest.groups, ...groups])];
      if (match.guest.address === null) match.guest.address = address;
      else if (address !== null && address !== match.guest.address) checks.push(`ansible_host ${address} differs from Terraform's ${match.guest.address}`);
      if (match.guest.name !== label) checks.push(`Ansible calls it ${host.name}`);
      match.checks.push(...checks);
      continue;
    }
    if (label !== host.name) checks.push(`Ansible host '${host.name}' named '${label}' (a DNS label)`);
    checks.unshift('VMID and kind (VM or CT) are not in the Ansible inventory: invented');
    entries.push({ guest: guestOf({ id: 0, type: INVENTED.type, name: label, address, groups, example: true }), sources: [where], checks });
  }

  // Invented IDs, and names made unique, once every known ID is taken.
  let next: number = INVENTED.firstId;
  const names = new Set<string>();
  for (const e of entries) {
    if (e.guest.id === 0) {
      while (usedIds.has(next)) next++;
      e.guest.id = next;
      usedIds.add(next);
    }
    if (names.has(e.guest.name)) {
      let n = 2;
      while (names.has(`${e.guest.name.slice(0, 60)}-${n}`)) n++;
      e.checks.push(`name '${e.guest.name}' is taken: renamed`);
      e.guest.name = `${e.guest.name.slice(0, 60)}-${n}`;
    }
    names.add(e.guest.name);
  }
  if (entries.length === 0) return { guests: [], leftOut };
  return { proxmox: proposeNode(findings, hosts, shown), guests: entries, leftOut };
}

/** A host of several inventories: the first definition, and where the others are. */
type MergedHost = ResolvedHost & { also?: Array<{ file: string; line: number }> };

/** One host per name across inventories: the first definition, groups joined, the first ansible_host. */
function mergeHosts(hosts: readonly ResolvedHost[]): MergedHost[] {
  const byName = new Map<string, MergedHost>();
  for (const h of hosts) {
    const known = byName.get(h.name);
    if (!known) byName.set(h.name, { ...h, groups: [...h.groups] });
    else {
      known.also = [...(known.also ?? []), { file: h.file, line: h.line }];
      known.groups = [...new Set([...known.groups, ...h.groups])];
      if (known.ansibleHost === undefined && h.ansibleHost !== undefined) known.ansibleHost = h.ansibleHost;
    }
  }
  return [...byName.values()];
}

/** The node: Terraform's `node_name` (the most used), else the first host of a node group, else invented. */
function proposeNode(findings: Findings, hosts: readonly ResolvedHost[], shown: (file: string, line: number) => string): ProposedNode {
  const checks: string[] = [];
  const counts = new Map<string, number>();
  for (const g of findings.terraform.guests) if (g.node) counts.set(g.node, (counts.get(g.node) ?? 0) + 1);
  const tfNode = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  const nodeHost = hosts.find((h) => h.groups.some((g) => NODE_GROUP_PATTERN.test(g)));
  let node = tfNode !== undefined ? toDnsLabel(tfNode) : '';
  if (node !== '' && counts.size > 1) checks.push(`Terraform names ${counts.size} nodes (${[...counts.keys()].join(', ')}): iacgen knows one`);
  if (node === '' && nodeHost) {
    node = toDnsLabel(nodeHost.name.split('.')[0] ?? '');
    if (node !== '') checks.push(`node taken from Ansible host ${nodeHost.name} (${shown(nodeHost.file, nodeHost.line)}), in a Proxmox group`);
  }
  if (node === '') {
    node = INVENTED.node;
    checks.push(`node name not found: '${INVENTED.node}' (the installer's default) invented`);
  }
  const url = z.url();
  let api = findings.terraform.endpoint;
  if (api !== undefined && !url.safeParse(api).success) api = undefined;
  if (api === undefined && nodeHost?.ansibleHost && url.safeParse(`https://${nodeHost.ansibleHost}:8006/`).success) {
    api = `https://${nodeHost.ansibleHost}:8006/`;
    checks.push(`API address made of ${nodeHost.name}'s ansible_host`);
  }
  if (api === undefined) {
    api = INVENTED.api;
    checks.push(`API address not found: ${INVENTED.api} invented (it never resolves)`);
  }
  return { node, api, checks };
}

function guestOf(g: { id: number; type: Guest['type']; name: string; address: string | null; groups: string[]; example: boolean }): Guest {
  return { id: g.id, type: g.type, name: g.name, address: g.address, role: null, services: [], groups: g.groups, example: g.example };
}
