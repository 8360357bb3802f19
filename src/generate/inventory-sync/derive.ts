/**
 * What iacgen.yaml says the inventory holds, read back from the freshly rendered inventory file
 * (the by-role template is the one derivation: nothing here repeats its grouping rules).
 */
import { parse } from 'yaml';

/** A host as iacgen.yaml derives it: its variables (`ansible_host` only where the address is known). */
export interface DerivedHost {
  name: string;
  vars: { ansible_host?: string; proxmox_vmid?: number; proxmox_guest_type?: string };
}

/** The derived inventory: hosts in file order, and each group with hosts (empty groups left out). */
export interface DerivedInventory {
  hosts: DerivedHost[];
  /** Group name -> host names, in file order. */
  groups: Map<string, string[]>;
}

/**
 * Reads the rendered by-role inventory (`all.hosts` with variables, `all.children.<group>.hosts`).
 * @throws Error when `rendered` is not that layout (a template bug, not a user's mistake)
 */
export function deriveInventory(rendered: string): DerivedInventory {
  const data = parse(rendered) as { all?: { hosts?: Record<string, DerivedHost['vars'] | null>; children?: Record<string, { hosts?: Record<string, null> } | null> } };
  if (!data?.all) throw new Error('the rendered inventory has no all: group');
  const hosts = Object.entries(data.all.hosts ?? {}).map(([name, vars]) => ({ name, vars: { ...(vars ?? {}) } }));
  const groups = new Map<string, string[]>();
  for (const [group, body] of Object.entries(data.all.children ?? {})) {
    const members = Object.keys(body?.hosts ?? {});
    if (members.length > 0) groups.set(group, members);
  }
  return { hosts, groups };
}
