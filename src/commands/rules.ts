/**
 * `iacgen rules` (every policy rule: id, rule set, default severity, summary; `--json` for all
 * fields) and
 * `iacgen explain <rule-id>` (why the rule exists and how to fix a finding).
 */
import type { Context } from '../context.js';
import { EXIT, UsageError } from '../errors.js';
import { explainText, ruleRows } from '../policy/describe.js';
import { ruleById, RULES } from '../policy/registry.js';

/** Prints the rules; returns the exit code (always 0). */
export async function runRules(context: Context, flags: { json: boolean }): Promise<number> {
  const rows = ruleRows();
  if (flags.json) {
    context.stdout.write(`${JSON.stringify({ rules: rows }, null, 2)}\n`);
    return EXIT.ok;
  }
  const idWidth = Math.max(...rows.map((r) => r.id.length));
  let family = '';
  for (const row of rows) {
    if (row.family !== family) {
      family = row.family;
      context.stdout.write(`${family === rows[0]?.family ? '' : '\n'}${family}\n`);
    }
    const notes = [row.inventory ? 'with an inventory in iacgen.yaml' : '', row.fixable ? `fixable: ${row.fixable}` : ''].filter(Boolean);
    const summary = notes.length > 0 ? `${row.summary} (${notes.join('; ')})` : row.summary;
    context.stdout.write(`  ${row.id.padEnd(idWidth)}  ${row.set.padEnd(7)}  ${row.severity.padEnd(7)}  ${summary}\n`);
  }
  context.stdout.write(
    [
      '',
      `${rows.length} rules; iacgen explain <rule-id> for why and how to fix`,
      'Sets: defects (real problems) is on everywhere; house (the house rules of generated files) is on where',
      'iacgen.yaml has rules: { sets: [defects, house] } (iacgen init writes it) or no sets: at all.',
      'Fixable: iacgen fix repairs the safe ones; the unsafe ones (they change what runs) only with --unsafe.',
      '',
    ].join('\n'),
  );
  return EXIT.ok;
}

/**
 * Prints one rule's documentation.
 * @throws UsageError (exit 2) for an unknown rule id, naming the closest ids
 */
export async function runExplain(context: Context, ruleId: string): Promise<number> {
  const rule = ruleById(ruleId);
  if (!rule) {
    const near = RULES.map((r) => r.id).filter((id) => id.includes(ruleId) || ruleId.includes(id) || id.split('-')[0] === ruleId.split('-')[0]);
    throw new UsageError(`unknown rule '${ruleId}'`, near.length > 0 && near.length <= 12 ? `did you mean: ${near.join(', ')}?` : 'iacgen rules lists the rule ids');
  }
  context.stdout.write(explainText(rule));
  return EXIT.ok;
}
