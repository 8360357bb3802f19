/**
 * The rules as the outside sees them: rows for `iacgen rules --json`, a text explanation for
 * `iacgen explain`, and SARIF `reportingDescriptor`s for the SARIF reporter. Pure.
 */
import type * as Sarif from 'sarif';
import { fixerFor } from '../fix/fixers.js';
import { suppressHint } from './docs.js';
import { ruleById, RULES, type PolicyRule } from './registry.js';

/** One rule as `iacgen rules --json` lists it. */
export interface RuleRow {
  id: string;
  family: string;
  /** The rule set: `defects` or `house`. */
  set: string;
  /** True when the rule reads the inventory (it runs only where iacgen.yaml has one). */
  inventory: boolean;
  severity: string;
  summary: string;
  fileTypes: string[];
  why: string;
  fix: string;
  /**
   * Whether `iacgen fix` repairs its findings: `safe` (by default), `unsafe` (only with
   * `--unsafe`: the fix changes what runs), or null (by hand). From the fixer list, `TEXT_FIXERS`.
   */
  fixable: 'safe' | 'unsafe' | null;
}

/** `safe` or `unsafe` when a text fixer repairs the rule's findings, else null. */
export function fixableOf(ruleId: string): 'safe' | 'unsafe' | null {
  return fixerFor(`iacgen:${ruleId}`)?.safety ?? null;
}

/** What `iacgen explain` says about a rule's fixer. */
const FIXABLE_NOTE: Record<'safe' | 'unsafe', string> = {
  safe: 'Fixable: `iacgen fix` repairs the findings it can repair mechanically (safe: the file means the same to its tool afterwards); the others stay, reported as not fixed.',
  unsafe: 'Fixable with `iacgen fix --unsafe` (unsafe: the fix changes what runs; review the diff); findings it cannot repair mechanically stay, reported as not fixed.',
};

/** Every rule as a row. */
export function ruleRows(): RuleRow[] {
  return RULES.map((r) => ({
    id: r.id,
    family: r.family,
    set: r.set,
    inventory: r.inventory === true,
    severity: r.severity,
    summary: r.summary,
    fileTypes: [...(r.logic?.fileTypes ?? [])],
    why: r.why,
    fix: r.fix,
    fixable: fixableOf(r.id),
  }));
}

/** The text `iacgen explain <id>` prints. */
export function explainText(rule: PolicyRule): string {
  const types = rule.logic ? rule.logic.fileTypes.join(', ') : 'every file with comments';
  return [
    `${rule.id} (${rule.family}, set: ${rule.set}, default severity: ${rule.severity})`,
    '',
    `${rule.summary.charAt(0).toUpperCase()}${rule.summary.slice(1)}.`,
    '',
    `Why: ${rule.why}`,
    '',
    `How to fix: ${rule.fix}`,
    '',
    `Applies to: ${types}.`,
    ...(fixableOf(rule.id) ? [FIXABLE_NOTE[fixableOf(rule.id) as 'safe' | 'unsafe']] : []),
    ...(rule.inventory ? ["Runs only where the repository's iacgen.yaml has an inventory (proxmox:, guests:)."] : []),
    SET_NOTE[rule.set],
    '',
    suppressHint(rule.id),
    `Severity or off per path: iacgen.yaml \`rules: { ${rule.id}: off }\`, or under \`rules.overrides\`.`,
    '',
  ].join('\n');
}

/** What `iacgen explain` says about when a rule of each set is on. */
const SET_NOTE: Record<PolicyRule['set'], string> = {
  defects: 'Set defects: on in every repository.',
  house: 'Set house: on where iacgen.yaml turns it on (`iacgen init` writes `rules: { sets: [defects, house] }`) or has no `sets:`; off in a repository without iacgen.yaml.',
};

const LEVEL: Record<PolicyRule['severity'], Sarif.ReportingConfiguration.level> = { error: 'error', warning: 'warning', info: 'note' };

/**
 * The SARIF rule metadata of a policy rule (`tool.driver.rules[]` of the `iacgen` run):
 * short and full description, help text, default level and family. Undefined for an id that
 * is not a policy rule (e.g. `checker-missing`).
 */
export function sarifRuleDescriptor(id: string): Sarif.ReportingDescriptor | undefined {
  const rule = ruleById(id);
  if (!rule) return undefined;
  return {
    id: rule.id,
    name: rule.id.replace(/(^|-)([a-z])/g, (_m, _d: string, c: string) => c.toUpperCase()),
    shortDescription: { text: rule.summary },
    fullDescription: { text: rule.why },
    help: { text: `${rule.fix} ${suppressHint(rule.id)}`, markdown: `**Why:** ${rule.why}\n\n**How to fix:** ${rule.fix}\n\n${suppressHint(rule.id)}` },
    defaultConfiguration: { level: LEVEL[rule.severity] },
    properties: { tags: [rule.family, rule.set] },
  };
}
