/** Which checkers run and how their absence counts: settings of iacgen.yaml plus the flags. */
import type { Settings } from '../config/schema.js';
import { UsageError } from '../errors.js';
import type { CheckerPolicy } from './runner.js';

/** The flags that change checker policies. */
export interface PolicyFlags {
  /** Every checker is required. */
  strict?: boolean | undefined;
  /** Run only these checker ids. */
  only?: readonly string[] | undefined;
  /** Never run these checker ids. */
  skip?: readonly string[] | undefined;
}

/** The policy a checker has in `iacgen.yaml` (`optional` when not mentioned). */
export function configuredPolicy(settings: Settings, id: string): CheckerPolicy {
  const setting = settings.checkers[id];
  return (typeof setting === 'string' ? setting : setting?.policy) ?? 'optional';
}

/**
 * The policy of each checker: `--only`/`--skip` switch checkers off, `--strict` makes the rest
 * required, else `iacgen.yaml` decides.
 * @param known ids of every checker there is
 * @throws UsageError (exit 2) when --only/--skip or iacgen.yaml names an unknown checker
 */
export function policyFor(settings: Settings, known: readonly string[], flags: PolicyFlags = {}): (id: string) => CheckerPolicy {
  const ids = new Set(known);
  const named: Array<[string, readonly string[]]> = [
    ['--only', flags.only ?? []],
    ['--skip', flags.skip ?? []],
    ['checkers: in iacgen.yaml', Object.keys(settings.checkers)],
  ];
  for (const [where, list] of named) {
    const unknown = list.filter((id) => !ids.has(id));
    if (unknown.length > 0) throw new UsageError(`unknown checker '${unknown.join("', '")}' (${where})`, `known checkers: ${known.join(', ')}`);
  }
  return (id) => {
    if (flags.only && flags.only.length > 0 && !flags.only.includes(id)) return 'off';
    if (flags.skip?.includes(id)) return 'off';
    const configured = configuredPolicy(settings, id);
    if (configured === 'off') return 'off';
    return flags.strict ? 'required' : configured;
  };
}
