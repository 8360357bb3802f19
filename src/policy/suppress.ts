/**
 * In-file suppressions: `# iacgen-ignore: <rule-id>[,<rule-id>...] <reason>` in a comment on
 * the finding's line or the line above. A reason is required; a suppression without one, or
 * for an unknown rule, is itself a finding (`suppression-invalid`) and suppresses nothing; a
 * valid one that suppresses nothing is `suppression-unused` (unless its rule is off here).
 */
import { isRuleId } from './docs.js';
import type { PolicyFile } from './types.js';

/** One `iacgen-ignore` comment. */
export interface Suppression {
  /** 1-based line of the comment; it covers this line and the next. */
  line: number;
  rules: string[];
  reason: string;
}

/** A finding as the engine carries it: the rule id with the rule's finding. */
export interface RuleFinding {
  rule: string;
  line: number;
  column?: number;
  message: string;
}

const MARKER = /^\s*iacgen-ignore\s*:\s*(.*)$/;

/** The suppressions of a file, from its comments. */
export function readSuppressions(file: PolicyFile): Suppression[] {
  const found: Suppression[] = [];
  file.comments.forEach((comment, index) => {
    const m = MARKER.exec(comment ?? '');
    if (!m) return;
    const [ids = '', ...rest] = (m[1] ?? '').trim().split(/\s+/);
    found.push({ line: index + 1, rules: ids.split(',').filter(Boolean), reason: rest.join(' ').replace(/^[-:—]+\s*/, '').trim() });
  });
  return found;
}

/**
 * Drops the findings that valid suppressions cover, and adds the suppression findings.
 * @param active whether a rule is on for this file (a suppression of an `off` rule is not unused)
 */
export function applySuppressions(findings: readonly RuleFinding[], suppressions: readonly Suppression[], active: (rule: string) => boolean): RuleFinding[] {
  const kept = [...findings];
  const added: RuleFinding[] = [];
  for (const s of suppressions) {
    const unknown = s.rules.filter((r) => !isRuleId(r));
    if (s.rules.length === 0 || unknown.length > 0) {
      added.push({ rule: 'suppression-invalid', line: s.line, message: s.rules.length === 0 ? 'iacgen-ignore names no rule' : `iacgen-ignore names unknown rule ${unknown.join(', ')}` });
      continue;
    }
    if (!s.reason) {
      added.push({ rule: 'suppression-invalid', line: s.line, message: `iacgen-ignore: ${s.rules.join(',')} has no reason (it suppresses nothing until it says why)` });
      continue;
    }
    for (const rule of s.rules) {
      const covered = (f: RuleFinding): boolean => f.rule === rule && (f.line === s.line || f.line === s.line + 1);
      const before = kept.length;
      for (let i = kept.length - 1; i >= 0; i--) if (covered(kept[i] as RuleFinding)) kept.splice(i, 1);
      if (kept.length === before && active(rule)) added.push({ rule: 'suppression-unused', line: s.line, message: `iacgen-ignore: ${rule} suppresses nothing here` });
    }
  }
  return [...kept, ...added];
}
