/**
 * Collecting the answers of `iacgen new`: from flags first, then from prompts when a person is
 * at a terminal and `--yes` was not given, else from defaults. A required answer that has no
 * flag, no prompt and no default is a UsageError naming the flag.
 */
import { UsageError } from '../errors.js';
import { findGuest, guestLabel, guestRef, runnableGuests } from '../inventory/guests.js';
import type { Guest, Inventory } from '../inventory/schema.js';
import type { GeneratorManifest, Variant } from './manifest.js';
import type { Prompter } from './prompter.js';

/** The answers one `new` run renders with. */
export interface Answers {
  variant: Variant;
  target: Guest;
  name: string;
}

/** The raw answers given as flags. */
export interface GivenAnswers {
  service?: string | undefined;
  target?: string | undefined;
  name?: string | undefined;
}

/** Where answers may come from besides the flags. */
export interface AnswerSources {
  /** Ask for what is missing (false with --yes or without a TTY). */
  interactive: boolean;
  prompter: Prompter;
}

/** Artifact names: they become file names, so no `/`, no `..`, no spaces. */
export const NAME_PATTERN = /^[a-z0-9][a-z0-9_-]{0,47}$/;
const NAME_RULE = "1 to 48 characters: lowercase letters, digits, '-' and '_', starting with a letter or digit";

/** True, or why `name` is not a valid artifact name. */
export function checkName(name: string): true | string {
  return NAME_PATTERN.test(name) ? true : `must be ${NAME_RULE}`;
}

/**
 * Resolves every answer.
 * @throws UsageError (exit 2) for an unknown service or target, an invalid name, or a missing answer
 * @throws InterruptedError (exit 130) when the user presses Ctrl-C at a prompt
 */
export async function resolveAnswers(
  generator: GeneratorManifest,
  inventory: Inventory,
  given: GivenAnswers,
  sources: AnswerSources,
): Promise<Answers> {
  const variant = await resolveVariant(generator, given.service, sources);
  const target = await resolveTarget(inventory, variant, given.target, sources);
  const name = await resolveName(variant, given.name, sources);
  return { variant, target, name };
}

/** Finds a variant by id or alias, case-insensitively. */
export function findVariant(generator: GeneratorManifest, wanted: string): Variant | undefined {
  const key = wanted.trim().toLowerCase();
  return generator.variants.find((v) => v.id === key || v.aliases.includes(key));
}

async function resolveVariant(generator: GeneratorManifest, given: string | undefined, sources: AnswerSources): Promise<Variant> {
  const ids = generator.variants.map((v) => v.id).join(', ');
  if (given !== undefined) {
    const variant = findVariant(generator, given);
    if (!variant) throw new UsageError(`unknown service '${given}' (--service)`, `choose one of: ${ids}`);
    return variant;
  }
  if (!sources.interactive) {
    throw new UsageError('missing --service: no terminal to ask and no default', `pass --service with one of: ${ids}`);
  }
  const id = await sources.prompter.select(
    'Service type',
    generator.variants.map((v) => ({ value: v.id, name: v.label })),
  );
  return generator.variants.find((v) => v.id === id) as Variant;
}

/** The default target of a variant: a guest with one of its roles, preferring one with an address. */
export function defaultTarget(inventory: Inventory, variant: Variant): Guest | undefined {
  for (const role of variant.roles) {
    const matches = runnableGuests(inventory).filter((g) => g.role === role);
    const pick = matches.find((g) => g.address) ?? matches[0];
    if (pick) return pick;
  }
  return undefined;
}

async function resolveTarget(inventory: Inventory, variant: Variant, given: string | undefined, sources: AnswerSources): Promise<Guest> {
  const known = runnableGuests(inventory).map(guestRef).join(', ');
  if (given !== undefined) {
    const guest = findGuest(inventory, given);
    if (!guest) throw new UsageError(`unknown target '${given}' (--target): no such guest in the inventory`, `choose one of: ${known}`);
    if (guest.type === 'template') {
      throw new UsageError(`target '${given}' (--target) is a VM template, which cannot be configured`, `choose a VM or CT: ${known}`);
    }
    return guest;
  }
  const fallback = defaultTarget(inventory, variant);
  if (!sources.interactive) {
    if (fallback) return fallback;
    throw new UsageError(`missing --target: no guest of the inventory has a role for ${variant.id}`, `pass --target with one of: ${known}`);
  }
  const choices = runnableGuests(inventory).map((g) => ({ value: guestRef(g), name: guestLabel(g), ...(g.description ? { description: g.description } : {}) }));
  const ref = await sources.prompter.select('Target guest', choices, fallback ? guestRef(fallback) : undefined);
  return findGuest(inventory, ref) as Guest;
}

async function resolveName(variant: Variant, given: string | undefined, sources: AnswerSources): Promise<string> {
  if (given !== undefined) {
    const ok = checkName(given);
    if (ok !== true) throw new UsageError(`invalid name '${given}' (--name): it ${ok}`, 'the name becomes the file name, e.g. --name nginx-config');
    return given;
  }
  if (!sources.interactive) return variant.defaultName;
  return sources.prompter.input('Name', variant.defaultName, (value) => {
    const ok = checkName(value);
    return ok === true ? true : `The name ${ok}`;
  });
}
