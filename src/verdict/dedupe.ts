/**
 * The same finding from two checkers, reported once:
 * - yamllint's `<rule>` and ansible-lint's `yaml[<rule>]` (ansible-lint runs yamllint itself) on
 *   the same line; ansible's duplicate mapping key warning joins yamllint's `key-duplicates`;
 * - a file that does not load: `ansible-playbook --syntax-check`'s error and ansible-lint's
 *   `syntax-check[...]`/`load-failure` (or the named cause they share) on the same file, which
 *   ansible-lint takes from the very same syntax check;
 * - a YAML syntax error: yamllint's `syntax` and the ansible checkers' load error on the same line;
 *   yamllint's `syntax` and iacgen's own YAML parse (`yaml-parse`) in the same file.
 * One diagnostic is kept (ansible's for a load failure, yamllint's for a YAML finding), with
 * `agreed` naming every checker that reported it and the highest of their severities.
 */
import { baseRule } from '../check/checkers/ansible-lint.js';
import type { Diagnostic, Severity } from '../check/types.js';
import { ENVIRONMENT_RULES } from './table.js';

/**
 * Whose copy is kept, first first: for a file that does not load, ansible's own error (it names
 * the cause); for a YAML finding (a rule, a duplicated key), yamllint's.
 */
const LOAD_PREFERENCE = ['ansible-syntax-check', 'yamllint', 'ansible-lint'];
const YAML_PREFERENCE = ['yamllint', 'ansible-syntax-check', 'ansible-lint'];

const RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1 };
const ANSIBLE_CAUSES: ReadonlySet<string> = new Set(ENVIRONMENT_RULES.filter((r) => r.startsWith('ansible-')));

/** The keys under which a diagnostic can be the same finding as another checker's. */
export function findingKeys(d: Diagnostic): string[] {
  const raw = d.checkerSeverity ?? d.severity;
  switch (d.source) {
    case 'yamllint':
      return d.rule === 'syntax' ? [`syntax:${d.line}`, 'yaml-load'] : [`yaml:${d.line}:${d.rule}`];
    case 'yaml-parse':
      // Both parsers stop at a file's first syntax error: the same failure, even where they place
      // it on different lines (yaml-parse at an unclosed bracket's opening, PyYAML where it noticed).
      return d.rule === 'syntax' && raw === 'error' ? ['yaml-load'] : [];
    case 'ansible-lint': {
      const yaml = /^yaml\[(.+)\]$/.exec(d.rule);
      if (yaml) return yaml[1] === 'syntax' ? [`syntax:${d.line}`] : [`yaml:${d.line}:${yaml[1]}`];
      const base = baseRule(d.rule);
      if (base === 'load-failure') return ['load', `syntax:${d.line}`];
      return base === 'syntax-check' || ANSIBLE_CAUSES.has(d.rule) ? ['load'] : [];
    }
    case 'ansible-syntax-check':
      if (d.rule === 'duplicate-key') return [`yaml:${d.line}:key-duplicates`];
      return raw === 'error' || ANSIBLE_CAUSES.has(d.rule) ? ['load', `syntax:${d.line}`] : [];
    default:
      return [];
  }
}

interface Cluster {
  keys: Set<string>;
  members: Diagnostic[];
}

/**
 * One file's diagnostics with each finding reported by several checkers kept once (in the place
 * of its first copy), with `agreed`. A checker's findings never merge with each other. Pure.
 */
export function dedupe(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const clusters: Cluster[] = [];
  const slots: Array<Cluster | Diagnostic> = [];
  for (const d of diagnostics) {
    const keys = findingKeys(d);
    if (keys.length === 0) {
      slots.push(d);
      continue;
    }
    const joined = clusters.find((c) => keys.some((k) => c.keys.has(k)) && !c.members.some((m) => m.source === d.source));
    if (joined) {
      joined.members.push(d);
      for (const k of keys) joined.keys.add(k);
      continue;
    }
    const cluster: Cluster = { keys: new Set(keys), members: [d] };
    clusters.push(cluster);
    slots.push(cluster);
  }
  return slots.map((slot) => ('members' in slot ? merge(slot) : slot));
}

function merge(cluster: Cluster): Diagnostic {
  const { members } = cluster;
  if (members.length === 1) return members[0] as Diagnostic;
  const order = [...cluster.keys].some((k) => !k.startsWith('yaml:')) ? LOAD_PREFERENCE : YAML_PREFERENCE;
  const rank = (source: string): number => (order.includes(source) ? order.indexOf(source) : order.length);
  const sorted = [...members].sort((a, b) => rank(a.source) - rank(b.source));
  const kept = sorted[0] as Diagnostic;
  const severity = sorted.reduce<Severity>((worst, m) => (RANK[m.severity] > RANK[worst] ? m.severity : worst), kept.severity);
  return { ...kept, severity, agreed: sorted.map((m) => m.source) };
}
