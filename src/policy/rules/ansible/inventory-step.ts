/**
 * `ansible-inventory-out-of-step`: a play's `hosts:` names a guest or group that iacgen.yaml has
 * but the Ansible inventory the playbook runs against (see `inventory-file.ts`) lacks. The two
 * drifted apart: a guest was added to iacgen.yaml after the inventory file was written.
 *
 * Severity error (documented in `docs.ts`): iacgen.yaml says the guest exists, so the play is
 * meant to run on it, yet `ansible-playbook` prints only the warning "Could not match supplied
 * host pattern" / "skipping: no hosts matched" and exits 0: a deploy that "succeeds" and changes
 * nothing. Unlike `ansible-hosts-unknown` (a name nobody knows, perhaps a group defined
 * elsewhere: a warning), the fix is certain and one command (`iacgen new inventory --update`).
 *
 * Never both rules for one name: `ansible-hosts-unknown` reports names iacgen.yaml lacks, this
 * rule only names iacgen.yaml has. Only plain terms are checked (globs, `~regex`, templated
 * terms and addresses are not); nothing is reported when no inventory is found or one of its
 * files cannot be read statically (a plugin configuration, a script).
 */
import path from 'node:path';
import type { Inventory } from '../../../inventory/schema.js';
import type { Finding, RuleLogic } from '../../types.js';
import { get, items, str } from '../../yaml.js';
import { inventoryNames, locateInventory } from './inventory-file.js';
import { playsOf } from './walk.js';

/** Names iacgen.yaml gives: guest names (VM templates too) and groups. */
function iacgenNames(inventory: Inventory): Set<string> {
  return new Set(inventory.guests.flatMap((g) => [g.name, ...g.groups]));
}

/** The plain terms of a host pattern (`web:&db:!x` -> web, db, x); globs, regexes and templates left out. */
export function plainTerms(pattern: string): string[] {
  return pattern
    .split(/[,:](?![^[]*\])/)
    .map((t) => t.trim().replace(/^[!&]/, '').replace(/\[[\d:-]*\]$/, ''))
    .filter((t) => t !== '' && !t.includes('{{') && !t.startsWith('~') && !/[*?]/.test(t));
}

/** The command that brings the inventory in step (`--name` when the file is not proxmox.yml). */
export function updateCommand(display: string): string {
  const base = path.posix.basename(display).replace(/\.ya?ml$/, '');
  return /\.ya?ml$/.test(display) && base !== 'proxmox' ? `iacgen new inventory --update --name ${base}` : 'iacgen new inventory --update';
}

/** `ansible-inventory-out-of-step`. */
export const ansibleInventoryOutOfStep: RuleLogic = {
  fileTypes: ['ansible-playbook'],
  check(file, context) {
    const inventory = context.inventory;
    if (!inventory) return [];
    const plays = playsOf(file);
    if (plays.length === 0) return [];
    const located = locateInventory(file.absPath, context.root);
    if (located.files.length === 0) return [];
    const names = inventoryNames(located.files);
    if (!names) return [];
    const known = iacgenNames(inventory);
    const yaml = file.yaml();
    const found: Finding[] = [];
    for (const play of plays) {
      const node = get(play.node, 'hosts', play.doc);
      const patterns = [node, ...items(node, play.doc)].map(str).filter((s): s is string => s !== undefined);
      const missing = [...new Set(patterns.flatMap(plainTerms))].filter((t) => known.has(t) && !names.hosts.has(t) && !names.groups.has(t));
      for (const name of missing) {
        found.push({
          line: yaml?.line(node) ?? 1,
          message: `inventory out of step: ${name} is in iacgen.yaml but not in ${located.display}; run ${updateCommand(located.display)}`,
        });
      }
    }
    return found;
  },
};
