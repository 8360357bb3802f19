/**
 * Reading the JSON of `ansible-inventory -i <inventory> --list` (ansible-core: `_meta.hostvars`
 * by host, and one object per group with `hosts` and `children` lists; `all` lists the top
 * groups). That covers the community.proxmox dynamic inventory, whose host variables say the
 * VMID, kind and node (see `PLUGIN_FACTS` in `data.ts`); a host without them (a static
 * inventory) is imported by name, without a VMID.
 *
 * Choices: a host's groups are those ansible implies (through child groups, as init's
 * `groupsOf`), without `all`/`ungrouped`, the plugin's own groups (`PLUGIN_GROUP_PATTERN`) and
 * names iacgen's schema refuses (noted); hosts of the plugin's `proxmox_nodes` group are nodes
 * and hosts with `ansible_connection: local` the control machine: both left out. The address is
 * `ansible_host` (else `ansible_ssh_host`, else the host name) when it is an IPv4 address.
 */
import { groupName, ipv4 } from '../inventory/schema.js';
import { addGroup, addHost, emptyInventory, groupsOf } from '../init/inventory-model.js';
import { PLUGIN_FACTS, PLUGIN_GROUP_PATTERN, PLUGIN_NODES_GROUP } from './data.js';
import { asVmid } from './pvesh.js';
import { readTags } from './tags.js';
import type { ImportedGuest, ImportRead, ImportSkipped } from './types.js';

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isIpv4 = (s: unknown): boolean => typeof s === 'string' && ipv4.safeParse(s).success;

/** True when `data` has the shape of `ansible-inventory --list`: an object with `_meta.hostvars` or an `all` group. */
export function isAnsibleList(data: unknown): data is Obj {
  if (!isObj(data)) return false;
  const meta = data._meta;
  return (isObj(meta) && isObj(meta.hostvars)) || (isObj(data.all) && Array.isArray(data.all.children));
}

/** Reads the hosts of an `ansible-inventory --list` JSON. Pure. */
export function readAnsibleList(file: string, data: Obj): ImportRead {
  const inv = emptyInventory(file, 'yaml');
  const meta = isObj(data._meta) ? data._meta : {};
  const hostvars = isObj(meta.hostvars) ? meta.hostvars : {};
  for (const [name, group] of Object.entries(data)) {
    if (name === '_meta' || !isObj(group)) continue;
    const g = addGroup(inv, name);
    for (const child of strings(group.children)) g.children.add(child);
    for (const host of strings(group.hosts)) addHost(inv, name, host, 0, {});
  }
  for (const name of Object.keys(hostvars)) if (!inv.hosts.has(name)) addHost(inv, 'ungrouped', name, 0, {});

  const guests: ImportedGuest[] = [];
  const skipped: ImportSkipped[] = [];
  for (const host of inv.hosts.keys()) {
    const vars = isObj(hostvars[host]) ? (hostvars[host] as Obj) : {};
    const source = `${file}: host ${host}`;
    const all = groupsOf(inv, host).filter((g) => g !== 'all' && g !== 'ungrouped');
    if (all.includes(PLUGIN_NODES_GROUP)) {
      skipped.push({ what: `host ${host}`, source, why: `in ${PLUGIN_NODES_GROUP}: a Proxmox node, not a guest` });
      continue;
    }
    if (vars.ansible_connection === 'local') {
      skipped.push({ what: `host ${host}`, source, why: 'ansible_connection=local: the control machine, not a guest' });
      continue;
    }
    const notes: string[] = [];
    const own = all.filter((g) => !PLUGIN_GROUP_PATTERN.test(g));
    const bad = own.filter((g) => !groupName.safeParse(g).success);
    if (bad.length > 0) notes.push(`groups iacgen cannot name (lowercase letters, digits and _ only) left out: ${bad.join(', ')}`);
    const tags = readTags(vars[PLUGIN_FACTS.tagsParsed] ?? vars[PLUGIN_FACTS.tags]);
    notes.push(...tags.notes);
    const groups = [...new Set([...own.filter((g) => !bad.includes(g)), ...tags.groups])];
    const given = vars.ansible_host ?? vars.ansible_ssh_host;
    const address = isIpv4(given) ? (given as string) : given === undefined && isIpv4(host) ? host : undefined;
    if (given !== undefined && !isIpv4(given)) notes.push(`ansible_host is ${String(given)}, not an IPv4 address: address not imported`);
    const id = asVmid(vars[PLUGIN_FACTS.vmid]);
    const vmtype = vars[PLUGIN_FACTS.vmtype];
    const kind = vmtype === 'lxc' ? 'ct' : vmtype === 'qemu' ? 'vm' : undefined;
    const template = vars[PLUGIN_FACTS.template] === true || vars[PLUGIN_FACTS.template] === 1;
    const node = vars[PLUGIN_FACTS.node];
    guests.push({
      ...(id !== undefined ? { id } : {}),
      ...(kind !== undefined ? { type: template ? 'template' : kind } : {}),
      rawName: isIpv4(host) ? `host-${host}` : (host.split('.')[0] ?? host),
      ...(typeof node === 'string' ? { node } : {}),
      ...(address !== undefined ? { address } : {}),
      groups,
      ...(tags.role !== undefined ? { role: tags.role } : {}),
      source,
      notes,
    });
  }
  return { file, format: 'ansible-inventory', guests, skipped };
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
