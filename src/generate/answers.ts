/**
 * Collecting the answers of `iacgen new`: from flags first, then from prompts when a person is
 * at a terminal and `--yes` was not given, else from defaults. Every answer is validated before
 * anything renders; a bad or missing one is a UsageError (exit 2) naming the flag, the value and
 * the rule it broke.
 */
import ejs from 'ejs';
import { UsageError } from '../errors.js';
import { findGuest, guestLabel, guestRef, runnableGuests } from '../inventory/guests.js';
import type { Guest, Inventory } from '../inventory/schema.js';
import { parseAnswer, type AnswerType } from './answer-types.js';
import { defaultVariant, type GeneratorManifest, type Question, type Variant } from './manifest.js';
import type { Prompter } from './prompter.js';

/** The answers one `new` run renders with. `vars` holds the variant's variables, answered. */
export interface Answers {
  variant: Variant;
  /** The guest the artifact is for; null for generators without one. */
  target: Guest | null;
  name: string;
  vars: Record<string, unknown>;
}

/** The raw answers given as flags. */
export interface GivenAnswers {
  variant?: string | undefined;
  /** The flag the variant came from, for messages (`--service` or `--variant`). */
  variantFlag?: string;
  target?: string | undefined;
  name?: string | undefined;
  /** Question answers by key, from their own flags. */
  options?: Record<string, string | undefined>;
  /** `--set key=value` items, in order. */
  set?: readonly string[];
  /**
   * Answers recorded for this artifact by an earlier run (`.iacgen/answers/`), by key: each is
   * the question's default (asked with it at a terminal, taken without one), and a recorded
   * guest ID counts as free (the guest is the artifact's own, created since).
   */
  recorded?: Record<string, string>;
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

/** The value of `--target` that means "no guest" for generators whose target is optional. */
export const NO_TARGET = 'none';

/** True, or why `name` is not a valid artifact name. */
export function checkName(name: string): true | string {
  return NAME_PATTERN.test(name) ? true : `must be ${NAME_RULE}`;
}

/** The flag of a question: `--host-port` for key `host_port` unless the manifest names one. */
export function questionFlag(question: Question): string {
  return question.flag ?? question.key.replaceAll('_', '-');
}

/** The smallest Proxmox guest ID from 100 up that no guest of the inventory uses. */
export function nextGuestId(inventory: Inventory): number {
  const used = new Set(inventory.guests.map((g) => g.id));
  let id = 100;
  while (used.has(id)) id++;
  return id;
}

/**
 * Resolves every answer.
 * @throws UsageError (exit 2) for an unknown variant or target, an invalid name or value, or a missing answer
 * @throws InterruptedError (exit 130) when the user presses Ctrl-C at a prompt
 */
export async function resolveAnswers(
  generator: GeneratorManifest,
  inventory: Inventory,
  given: GivenAnswers,
  sources: AnswerSources,
): Promise<Answers> {
  const variant = await resolveVariant(generator, given.variant, given.variantFlag ?? '--variant', sources);
  const target = await resolveTarget(generator, inventory, variant, given.target, sources);
  const name = await resolveName(variant, given.name, sources);
  const set = parseSet(given.set ?? []);
  const vars: Record<string, unknown> = { ...variant.vars };
  for (const question of generator.questions) {
    if (question.variants && !question.variants.includes(variant.id)) {
      if (given.options?.[question.key] !== undefined) {
        throw new UsageError(`--${questionFlag(question)} applies to ${question.variants.join(', ')}, not to ${generator.id} ${variant.id}`, 'drop the flag, or choose a variant that takes it');
      }
      continue;
    }
    const fromSet = set.get(question.key);
    set.delete(question.key);
    // Earlier answers are in `vars`, so a default may follow them (the host port, the container port).
    const recorded = given.recorded?.[question.key];
    vars[question.key] = await resolveQuestion(question, given.options?.[question.key] ?? fromSet, { generator, inventory, variant, target, name, vars, ...(recorded === undefined ? {} : { recorded }) }, sources);
  }
  for (const [key, raw] of set) {
    if (!(key in vars) && !variant.freeVars) {
      const known = Object.keys(vars).join(', ') || 'none';
      throw new UsageError(`unknown variable '${key}' (--set ${key}=...) for ${generator.id} ${variant.id}`, `variables: ${known}`);
    }
    vars[key] = coerce(key, raw, vars[key], variant.types[key]);
  }
  return { variant, target, name, vars };
}

/** Finds a variant by id or alias, case-insensitively. */
export function findVariant(generator: GeneratorManifest, wanted: string): Variant | undefined {
  const key = wanted.trim().toLowerCase();
  return generator.variants.find((v) => v.id === key || v.aliases.includes(key));
}

/** The variant: the given one, else asked (starting on the default), else the default variant. */
async function resolveVariant(generator: GeneratorManifest, given: string | undefined, flag: string, sources: AnswerSources): Promise<Variant> {
  const ids = generator.variants.map((v) => v.id).join(', ');
  if (given !== undefined) {
    const variant = findVariant(generator, given);
    if (!variant) throw new UsageError(`unknown ${flag.slice(2)} '${given}' (${flag}) of ${generator.id}`, `choose one of: ${ids}`);
    return variant;
  }
  const fallback = defaultVariant(generator);
  if (generator.variants.length === 1 || !sources.interactive) return fallback;
  const id = await sources.prompter.select(
    generator.id === 'playbook' || generator.id === 'role' ? 'Service type' : 'Variant',
    generator.variants.map((v) => ({ value: v.id, name: v.label })),
    fallback.id,
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

async function resolveTarget(
  generator: GeneratorManifest,
  inventory: Inventory,
  variant: Variant,
  given: string | undefined,
  sources: AnswerSources,
): Promise<Guest | null> {
  const mode = generator.target;
  if (mode === 'none') {
    if (given !== undefined) throw new UsageError(`${generator.id} takes no --target: it is not for one guest`, 'drop --target');
    return null;
  }
  const known = runnableGuests(inventory).map(guestRef).join(', ');
  if (given !== undefined) {
    if (mode === 'optional' && given.trim().toLowerCase() === NO_TARGET) return null;
    const guest = findGuest(inventory, given);
    if (!guest) throw new UsageError(`unknown target '${given}' (--target): no such guest in the inventory`, `choose one of: ${known}${mode === 'optional' ? `, or ${NO_TARGET}` : ''}`);
    if (guest.type === 'template') {
      throw new UsageError(`target '${given}' (--target) is a VM template, which cannot be configured`, `choose a VM or CT: ${known}`);
    }
    return guest;
  }
  const fallback = defaultTarget(inventory, variant);
  if (!sources.interactive) {
    if (fallback || mode === 'optional') return fallback ?? null;
    throw new UsageError(`missing --target: no guest of the inventory has a role for ${variant.id}`, `pass --target with one of: ${known}`);
  }
  const choices = runnableGuests(inventory).map((g) => ({ value: guestRef(g), name: guestLabel(g), ...(g.description ? { description: g.description } : {}) }));
  if (mode === 'optional') choices.push({ value: NO_TARGET, name: 'No particular guest' });
  const ref = await sources.prompter.select('Target guest', choices, fallback ? guestRef(fallback) : undefined);
  return ref === NO_TARGET ? null : (findGuest(inventory, ref) as Guest);
}

async function resolveName(variant: Variant, given: string | undefined, sources: AnswerSources): Promise<string> {
  if (given !== undefined) {
    const ok = checkName(given);
    if (ok !== true) throw new UsageError(`invalid name '${given}' (--name): it ${ok}`, 'the name becomes the file or folder name, e.g. --name nginx-config');
    return given;
  }
  if (!sources.interactive) return variant.defaultName;
  return sources.prompter.input('Name', variant.defaultName, (value) => {
    const ok = checkName(value);
    return ok === true ? true : `The name ${ok}`;
  });
}

interface QuestionContext {
  generator: GeneratorManifest;
  inventory: Inventory;
  variant: Variant;
  target: Guest | null;
  name: string;
  /** The variables so far: the variant's defaults and the questions answered before this one. */
  vars: Record<string, unknown>;
  /** This question's recorded answer, if any (see {@link GivenAnswers.recorded}). */
  recorded?: string;
}

async function resolveQuestion(question: Question, raw: string | undefined, ctx: QuestionContext, sources: AnswerSources): Promise<string | number | boolean> {
  const flag = `--${questionFlag(question)}`;
  const check = (value: unknown): { ok: true; value: string | number | boolean } | { ok: false; rule: string } => {
    const parsed = parseAnswer(question.type, value);
    if (!parsed.ok) return parsed;
    if (question.free && question.type === 'guest-id' && String(parsed.value) !== ctx.recorded) {
      const taken = ctx.inventory.guests.find((g) => g.id === parsed.value);
      if (taken) return { ok: false, rule: `must be a free guest ID, but ${taken.id} is ${guestLabel(taken)} (the next free ID is ${nextGuestId(ctx.inventory)})` };
    }
    return parsed;
  };
  if (raw !== undefined) {
    const parsed = check(raw);
    if (!parsed.ok) throw new UsageError(`invalid value '${shown(raw)}' for ${flag}: it ${parsed.rule}`, `${question.message}: see \`iacgen list\` for the generator's options`);
    return parsed.value;
  }
  const fallback = ctx.recorded ?? defaultValue(question, ctx);
  if (sources.interactive) {
    const answer = await sources.prompter.input(question.message, fallback === undefined ? '' : String(fallback), (value) => {
      const parsed = check(value);
      return parsed.ok ? true : `It ${parsed.rule}`;
    });
    const parsed = check(answer);
    if (parsed.ok) return parsed.value;
  }
  if (fallback === undefined) throw new UsageError(`missing ${flag}: no terminal to ask and no default`, `pass ${flag} (${question.message})`);
  const parsed = check(fallback);
  if (!parsed.ok) throw new UsageError(`the default of ${flag} (${String(fallback)}) ${parsed.rule}`, `pass ${flag} explicitly`);
  return parsed.value;
}

/**
 * A question's default: the variant's variable of that key, else the manifest's. EJS strings are
 * rendered with the answers so far (`vars`, `name`, `target`, `inventory`); one that renders to
 * nothing means no default (the answer must be given).
 */
function defaultValue(question: Question, ctx: QuestionContext): unknown {
  const value = question.key in ctx.variant.vars ? ctx.variant.vars[question.key] : question.default;
  if (!isComputed(value)) return value;
  const rendered = ejs.render(value, { ...ctx, nextGuestId: () => nextGuestId(ctx.inventory) }, { escape: String }).trim();
  return rendered === '' ? undefined : rendered;
}

/** True for a default computed when asked: an EJS string (`<%= vars.container_port %>`). */
export function isComputed(value: unknown): value is string {
  return typeof value === 'string' && value.includes('<%');
}

/** A value as an error message shows it: on one line (control characters escaped), at most 60 characters. */
function shown(value: string): string {
  const oneLine = JSON.stringify(value).slice(1, -1);
  return oneLine.length > 60 ? `${oneLine.slice(0, 60)}...` : oneLine;
}

/** `key=value` items as a map; a malformed item is a UsageError. */
function parseSet(items: readonly string[]): Map<string, string> {
  const set = new Map<string, string>();
  for (const item of items) {
    const match = /^([a-z][a-z0-9_]*)=(.*)$/s.exec(item);
    if (!match) throw new UsageError(`invalid --set '${shown(item)}': it must be key=value with a snake_case key`, 'for example --set nginx_listen_port=8080');
    set.set(match[1] as string, match[2] as string);
  }
  return set;
}

/**
 * A `--set` value: of the variant's declared type for that variable, else typed like its default
 * (number, boolean, comma-separated list), else one line of text.
 */
function coerce(key: string, raw: string, current: unknown, declared?: AnswerType): unknown {
  const check = (type: AnswerType, value: string): string | number | boolean => {
    const parsed = parseAnswer(type, value);
    if (!parsed.ok) throw new UsageError(`invalid value '${shown(value)}' for --set ${key}: it ${parsed.rule}`, `give ${key} a ${type === 'string' ? 'one-line text' : type} value`);
    return parsed.value;
  };
  if (Array.isArray(current)) return raw.split(',').map((v) => v.trim()).filter(Boolean).map((v) => check(declared ?? 'string', v));
  if (declared) return check(declared, raw);
  if (typeof current === 'number') return check('count', raw);
  if (typeof current === 'boolean') return check('bool', raw);
  return check('string', raw);
}
