/** Looking guests up in an inventory, and how they are shown in prompts and messages. */
import type { Guest, Inventory } from './schema.js';

/** The short reference used by `--target`: `ct102`, `vm101`, `template100`. */
export function guestRef(guest: Guest): string {
  return `${guest.type}${guest.id}`;
}

/** How a guest is shown in prompts: `CT 102 nginx-proxy (192.168.2.101)`. */
export function guestLabel(guest: Guest): string {
  const kind = guest.type === 'template' ? 'Template' : guest.type.toUpperCase();
  return `${kind} ${guest.id} ${guest.name} (${guest.address ?? 'address unknown'})`;
}

/**
 * Finds a guest by `ct102`/`vm101`, by bare ID (`102`) or by name (`nginx-proxy`), case-insensitively.
 * A typed reference must match the guest's type (`vm102` does not find CT 102).
 */
export function findGuest(inventory: Inventory, ref: string): Guest | undefined {
  const wanted = ref.trim().toLowerCase();
  const typed = /^(vm|ct|template)-?(\d+)$/.exec(wanted);
  if (typed) return inventory.guests.find((g) => g.type === typed[1] && g.id === Number(typed[2]));
  if (/^\d+$/.test(wanted)) return inventory.guests.find((g) => g.id === Number(wanted));
  return inventory.guests.find((g) => g.name === wanted);
}

/** Guests that can run software (templates cannot be configured by a playbook). */
export function runnableGuests(inventory: Inventory): Guest[] {
  return inventory.guests.filter((g) => g.type !== 'template');
}
