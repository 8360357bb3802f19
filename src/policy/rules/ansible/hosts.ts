/**
 * `ansible-hosts-unknown`: every term of a play's `hosts:` pattern must match a guest name, a
 * group or an address of the inventory. Terms are split at `,` and `:`; a leading `!` or `&`
 * is dropped (a misspelt exclusion is as wrong as a misspelt target); `all`, `*`, `ungrouped`,
 * `localhost` and `127.0.0.1` always exist; `*`/`?` globs and `~regex` terms must match at
 * least one name; a `group[0]`/`group[1:3]` subscript checks the group; templated terms
 * (`{{ target }}`) are not checked.
 */
import type { Inventory } from '../../../inventory/schema.js';
import type { Finding, RuleLogic } from '../../types.js';
import { get, items, str } from '../../yaml.js';
import { playsOf } from './walk.js';

const ALWAYS: ReadonlySet<string> = new Set(['all', '*', 'ungrouped', 'localhost', '127.0.0.1']);

/** Names a pattern term can match: guest names, groups and addresses. */
function namesOf(inventory: Inventory): string[] {
  return [...new Set(inventory.guests.flatMap((g) => [g.name, ...g.groups, ...(g.address ? [g.address] : [])]))];
}

/** The terms of a pattern that match nothing. */
export function unknownTerms(pattern: string, inventory: Inventory): string[] {
  const names = namesOf(inventory);
  return pattern
    .split(/[,:](?![^[]*\])/)
    .map((t) => t.trim().replace(/^[!&]/, ''))
    .filter((term) => {
      if (term === '' || term.includes('{{') || ALWAYS.has(term)) return false;
      if (term.startsWith('~')) {
        let re: RegExp;
        try {
          re = new RegExp(term.slice(1));
        } catch {
          return true;
        }
        return !names.some((n) => re.test(n));
      }
      const base = term.replace(/\[[\d:-]*\]$/, '');
      if (/[*?]/.test(base)) {
        const re = new RegExp(`^${base.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
        return !names.some((n) => re.test(n));
      }
      return !names.includes(base);
    });
}

/** `ansible-hosts-unknown`. */
export const ansibleHostsUnknown: RuleLogic = {
  fileTypes: ['ansible-playbook'],
  check(file, context) {
    const inventory = context.inventory;
    if (!inventory) return [];
    const yaml = file.yaml();
    const found: Finding[] = [];
    for (const play of playsOf(file)) {
      const node = get(play.node, 'hosts', play.doc);
      const patterns = [node, ...items(node, play.doc)].map(str).filter((s): s is string => s !== undefined);
      const unknown = patterns.flatMap((p) => unknownTerms(p, inventory));
      if (unknown.length > 0) {
        found.push({ line: yaml?.line(node) ?? 1, message: `hosts: ${unknown.map((u) => `'${u}'`).join(', ')} matches no guest or group of the inventory` });
      }
    }
    return found;
  },
};
