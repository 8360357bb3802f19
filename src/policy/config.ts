/**
 * The `rules:` settings of iacgen.yaml: a severity (`error`, `warning`, `info`) or `off` per
 * rule id, and `overrides` that change them for paths (gitignore-style globs relative to the
 * repository root; later overrides win):
 *
 *     rules:
 *       compose-no-healthcheck: off
 *       header-missing: info
 *       overrides:
 *         - paths: ["legacy/**"]
 *           rules: { sh-no-strict-mode: off }
 */
import ignore from 'ignore';
import { z } from 'zod';
import type { Severity } from '../check/types.js';
import { isRuleId, RULE_DOCS, type RuleId } from './docs.js';

/** A rule's configured severity, or `off`. */
export const ruleSeveritySchema = z.enum(['error', 'warning', 'info', 'off']);

/** A configured severity. */
export type RuleSeverity = z.infer<typeof ruleSeveritySchema>;

const unknownRules = (map: Record<string, unknown>, ctx: z.RefinementCtx, skip: readonly string[] = []): void => {
  for (const key of Object.keys(map)) {
    if (!skip.includes(key) && !isRuleId(key)) ctx.addIssue({ code: 'custom', path: [key], message: `unknown rule '${key}' (iacgen rules lists them)` });
  }
};

/** One override: globs and the severities that apply to files matching them. */
export const ruleOverrideSchema = z
  .object({
    paths: z.array(z.string().min(1)).min(1),
    rules: z.record(z.string(), ruleSeveritySchema).superRefine((map, ctx) => unknownRules(map, ctx)),
  })
  .strict();

/**
 * The `rules:` key of iacgen.yaml. Unknown rule ids are errors. In `settingsSchema` write
 * `rules: rulesSettingsSchema.prefault({})` (`.default()` would need the parsed shape).
 */
export const rulesSettingsSchema = z
  .object({ overrides: z.array(ruleOverrideSchema).default([]) })
  .catchall(ruleSeveritySchema)
  .superRefine((map, ctx) => unknownRules(map, ctx, ['overrides']));

/** Validated `rules:` settings. */
export type RulesSettings = z.infer<typeof rulesSettingsSchema>;

/** Severity of each rule for one path: the default, the top-level setting, then matching overrides. */
export type SeverityOf = (rule: RuleId) => Severity | 'off';

/** Builds the severity look-up of the settings; call the result with each file's path. */
export function severities(settings: RulesSettings): (relPath: string) => SeverityOf {
  const overrides = settings.overrides.map((o) => ({ match: ignore().add(o.paths), rules: o.rules }));
  const top = settings as Record<string, unknown>;
  return (relPath) => {
    const matching = overrides.filter((o) => relPath !== '' && !relPath.startsWith('../') && o.match.ignores(relPath));
    return (rule) => {
      let severity: Severity | 'off' = RULE_DOCS[rule].severity;
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
