/** Proxmox tags to guest groups and a role, as `iacgen import` reads them (see `data.ts`). */
import { groupName } from '../inventory/schema.js';
import { ROLE_TAG } from './data.js';

/** What a guest's tags give: groups, a role, and a note for tags left out. */
export interface TagFacts {
  groups: string[];
  role?: string;
  notes: string[];
}

/**
 * Splits Proxmox tags (a `;`-separated string as the API gives them, also `,` or spaces, or a
 * list as Terraform state has them). A `role-<name>` tag gives the role; a tag that is a valid
 * Ansible group name gives a group; any other tag is left out with a note. Pure.
 */
export function readTags(tags: unknown): TagFacts {
  const list = Array.isArray(tags)
    ? tags.filter((t): t is string => typeof t === 'string')
    : typeof tags === 'string'
      ? tags.split(/[;, ]+/)
      : [];
  const facts: TagFacts = { groups: [], notes: [] };
  const left: string[] = [];
  for (const raw of list) {
    const tag = raw.trim().toLowerCase();
    if (tag === '') continue;
    const role = ROLE_TAG.exec(tag)?.[1];
    if (role !== undefined && facts.role === undefined) facts.role = role;
    else if (groupName.safeParse(tag).success) {
      if (!facts.groups.includes(tag)) facts.groups.push(tag);
    } else left.push(tag);
  }
  if (left.length > 0) facts.notes.push(`tags not usable as Ansible group names left out: ${left.join(', ')}`);
  return facts;
}
