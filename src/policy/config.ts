/**
 * The `rules:` settings of iacgen.yaml: the rule sets that are on (`sets`), a severity (`error`,
 * `warning`, `info`) or `off` per rule id, and `overrides` that change them for paths
 * (gitignore-style globs relative to the repository root; later overrides win):
 *
 *     rules:
 *       sets: [defects, house]
 *       compose-no-healthcheck: off
 *       header-missing: info
 *       overrides:
 *         - paths: ["legacy/**"]
 *           rules: { sh-no-strict-mode: off }
 *         - paths: ["vendor/**"]
 *           sets: [defects]
 *
 * A rule whose set is on has its default severity; a rule given a severity (at the top or in a
 * matching override) has that severity whatever its set.
 */
import ignore from 'ignore';
import { z } from 'zod';
import type { Severity } from '../check/types.js';
import { isRuleId, RULE_DOCS, type RuleId } from './docs.js';
import { RULE_SETS, type RuleSet } from './types.js';
import { closest } from '../util/closest.js';

/** A rule's configured severity, or `off`. */
export const ruleSeveritySchema = z.enum(['error', 'warning', 'info', 'off']);

/** A configured severity. */
export type RuleSeverity = z.infer<typeof ruleSeveritySchema>;

const unknownRules = (map: Record<string, unknown>, ctx: z.RefinementCtx, skip: readonly string[] = []): void => {
  for (const key of Object.keys(map)) {
    if (skip.includes(key) || isRuleId(key)) continue;
    const guess = closest(key, [...Object.keys(RULE_DOCS), ...skip]);
    const message = `unknown rule '${key}'${guess ? `; did you mean '${guess}'?` : ' (iacgen rules lists them)'}`;
    ctx.addIssue({ code: 'custom', path: [key], message });
  }
};

/** A list of rule sets: `[defects]`, `[defects, house]` (`[]`: only the rules given a severity). */
export const ruleSetsSchema = z.array(
  z.enum(RULE_SETS, { error: (issue) => `unknown rule set ${JSON.stringify(issue.input)}: the sets are ${RULE_SETS.join(' and ')}` }),
  { error: (issue) => (issue.code === 'invalid_type' ? `must be a list of rule sets, such as [${RULE_SETS.join(', ')}]` : undefined) },
);

/** One override: globs, and the rule sets and severities that apply to files matching them. */
export const ruleOverrideSchema = z
  .object({
    paths: z.array(z.string().min(1)).min(1),
    sets: ruleSetsSchema.optional(),
    rules: z
      .record(z.string(), ruleSeveritySchema)
      .superRefine((map, ctx) => unknownRules(map, ctx))
      .default({}),
  })
  .strict();

/**
 * The `rules:` key of iacgen.yaml. Unknown rule ids are errors. In `settingsSchema` write
 * `rules: rulesSettingsSchema.prefault({})` (`.default()` would need the parsed shape).
 */
export const rulesSettingsSchema = z
  .object({
    /** The rule sets that are on; absent: {@link defaultRuleSets} decides. */
    sets: ruleSetsSchema.optional(),
    overrides: z.array(ruleOverrideSchema).default([]),
  })
  .catchall(ruleSeveritySchema)
  .superRefine((map, ctx) => unknownRules(map, ctx, ['sets', 'overrides']));

/** Validated `rules:` settings. */
export type RulesSettings = z.infer<typeof rulesSettingsSchema>;

/**
 * The rule sets on where `rules.sets` does not say: both where the repository has an
 * `iacgen.yaml` (it adopted iacgen; before sets existed every rule was on there), only
 * `defects` where it has none (a third-party repository is not held to iacgen's house rules).
 */
export function defaultRuleSets(hasConfigFile: boolean): readonly RuleSet[] {
  return hasConfigFile ? RULE_SETS : ['defects'];
}

/** Severity of each rule for one path: the default, the top-level setting, then matching overrides. */
export type SeverityOf = (rule: RuleId) => Severity | 'off';

/**
 * Builds the severity look-up of the settings; call the result with each file's path.
 * @param defaultSets the rule sets on where neither `settings.sets` nor an override says
 */
export function severities(settings: RulesSettings, defaultSets: readonly RuleSet[] = RULE_SETS): (relPath: string) => SeverityOf {
  const overrides = settings.overrides.map((o) => ({ match: ignore().add(o.paths), rules: o.rules, sets: o.sets }));
  const top = settings as Record<string, unknown>;
  return (relPath) => {
    const matching = overrides.filter((o) => relPath !== '' && !relPath.startsWith('../') && o.match.ignores(relPath));
    const sets = matching.reduce<readonly RuleSet[]>((on, o) => o.sets ?? on, settings.sets ?? defaultSets);
    return (rule) => {
      let severity: Severity | 'off' = sets.includes(RULE_DOCS[rule].set) ? RULE_DOCS[rule].severity : 'off';
      const configured = ruleSeveritySchema.safeParse(top[rule]);
      if (configured.success) severity = configured.data;
      for (const o of matching) {
        const value = o.rules[rule];
        if (value) severity = value;
      }
      return severity;
    };
  };
}
