/**
 * Keeping the Ansible inventory file in step with iacgen.yaml during `iacgen new`: the plan's
 * `inventory` row (the file every Ansible generator writes) becomes an `update` of the existing
 * file instead of `skip` (playbook, role: the target host is added when missing) or `conflict`
 * (`new inventory --update`: every host and group merged). The updated row goes through the
 * same verification and all-or-nothing write as every other row.
 */
import type { PlannedFile } from '../plan.js';
import { deriveInventory } from './derive.js';
import { mergeInventory } from './merge.js';

export { deriveInventory, type DerivedInventory } from './derive.js';
export { mergeInventory, type MergeResult, type MergeScope } from './merge.js';

/** What the run asks for. */
export interface InventorySyncOptions {
  /** Generator id: `inventory` merges everything (with `update`), the others only their target. */
  generator: string;
  /** The target guest's name, if the generator has one. */
  target?: string | undefined;
  /** `new inventory --update`. */
  update: boolean;
}

/** The manifest key of the inventory file in the Ansible generators (playbook, role, inventory). */
export const INVENTORY_KEY = 'inventory';

/**
 * Rewrites the plan's inventory row where the existing file can be brought in step: `update`
 * (with the changes as its reason), the row as it was when the target host is already there, or
 * the old action with the reason saying why not. Pure: the row's `current` is the file on disk,
 * read by `planFiles`.
 * @throws Error when the rendered inventory is not the by-role layout (a template bug)
 */
export function syncInventory(plan: readonly PlannedFile[], options: InventorySyncOptions): PlannedFile[] {
  return plan.map((row) => {
    if (row.file.key !== INVENTORY_KEY || row.current === undefined) return row;
    const whole = options.generator === 'inventory';
    if (whole ? !(options.update && row.action === 'conflict') : !(row.action === 'skip' && options.target)) return row;
    const merged = mergeInventory(row.current, deriveInventory(row.file.content), whole ? {} : { only: options.target as string });
    if (!merged) return { ...row, reason: `${row.reason ?? 'exists'}; not a YAML inventory with an all: group, so iacgen adds nothing to it` };
    const kept = merged.kept.length > 0 ? [`kept: not in iacgen.yaml: ${merged.kept.join(', ')}`] : [];
    if (merged.changes.length === 0) {
      return whole ? { ...row, action: 'unchanged', reason: ['in step with iacgen.yaml', ...kept].join('; ') } : row;
    }
    return { ...row, file: { ...row.file, content: merged.content }, action: 'update', reason: [...merged.changes, ...kept].join('; ') };
  });
}
