/**
 * What `iacgen new` prints: per file its path, what happened, the validation that ran and its
 * result, then usage, notes and the hand-off block (house rules, "What iacgen new prints").
 */
import type { FileResult } from '../check/types.js';
import type { InventorySource } from '../inventory/schema.js';
import { guestLabel } from '../inventory/guests.js';
import type { Answers } from './answers.js';
import type { Rendering } from './render.js';
import type { Verification } from './verify.js';
import type { PlannedFile } from './write.js';

/** Everything the report needs; built by the `new` command. */
export interface NewReport {
  plan: PlannedFile[];
  written: PlannedFile[];
  verification: Verification;
  rendering: Rendering;
  answers: Answers;
  inventorySource: InventorySource;
  /** True when validation errors stopped the write. */
  blocked: boolean;
}

const ACTION_TEXT: Record<PlannedFile['action'], string> = {
  create: 'created',
  overwrite: 'overwritten',
  keep: 'exists, left alone',
  unchanged: 'unchanged',
  conflict: 'conflict',
};

/** Renders the report of one `new` run as text. Pure. */
export function formatNewReport(report: NewReport): string {
  const { rendering, answers } = report;
  const writtenPaths = new Set(report.written.map((r) => r.file.relPath));
  const out: string[] = [];
  for (const row of report.plan) {
    const willWrite = row.action === 'create' || row.action === 'overwrite';
    const action = willWrite && !writtenPaths.has(row.file.relPath) ? 'not written' : ACTION_TEXT[row.action];
    out.push(`${row.file.relPath} (${action})`);
    out.push(`  validation: ${describeValidation(report.verification.get(row.file.relPath))}`);
    for (const d of report.verification.get(row.file.relPath)?.diagnostics ?? []) {
      out.push(`    ${row.file.relPath}:${d.line}:${d.column}: ${d.severity} ${d.rule} ${d.message} (${d.source})`);
    }
  }
  out.push('');
  if (report.blocked) {
    out.push('Validation found errors: nothing was written.');
    out.push('Fix the inputs, or pass --write-anyway to write the files as they are.');
    return `${out.join('\n')}\n`;
  }
  out.push('Usage (from the repository root):');
  out.push(`  dry run: ${rendering.commands.check}`);
  out.push(`  deploy:  ${rendering.commands.deploy}`);
  const notes = [...rendering.notes];
  if (report.inventorySource.kind === 'default') {
    notes.push('Targets come from the embedded reference homelab; run with your own iacgen.yaml to use yours.');
  }
  if (answers.target.address === null) {
    notes.push(`The address of ${answers.target.name} is not known: set ansible_host in the inventory file.`);
  }
  if (report.plan.some((r) => r.action === 'keep')) {
    notes.push('An existing inventory file was left alone: make sure it defines the target host.');
  }
  if (notes.length > 0) {
    out.push('Notes:');
    for (const note of notes) out.push(`  - ${note}`);
  }
  out.push('');
  out.push('Hand-off');
  out.push(`  artifact:       ${rendering.handoff.artifact}`);
  out.push(`  target:         ${guestLabel(answers.target)}`);
  out.push(`  deploy:         ${rendering.commands.deploy}`);
  out.push(`  pre-requisites: ${rendering.handoff.prerequisites.join('; ') || 'none'}`);
  out.push(`  rollback:       ${rendering.handoff.rollback}`);
  return `${out.join('\n')}\n`;
}

function describeValidation(result: FileResult | undefined): string {
  if (!result || result.checks.length === 0) return 'not checked (no checker applies)';
  const errors = result.diagnostics.filter((d) => d.severity === 'error').length;
  const skipped = result.checks.filter((c) => c.status === 'skipped');
  const ran = result.checks.filter((c) => c.status !== 'skipped').map((c) => `${c.checker} ${c.status}`);
  const verdict = errors > 0 ? `FAILED with ${errors} error${errors === 1 ? '' : 's'}` : skipped.length > 0 ? 'incomplete' : 'passed';
  const skippedText = skipped.length > 0 ? `; skipped: ${skipped.map((c) => `${c.checker} (${c.reason ?? 'not installed'})`).join(', ')}` : '';
  return `${verdict} (${ran.join(', ') || 'no checker ran'}${skippedText})`;
}
