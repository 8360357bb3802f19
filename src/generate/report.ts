/**
 * What `iacgen new` prints: per file its path, what happened, the validation that ran and its
 * result, then usage, notes and the hand-off block (house rules, "What iacgen new prints").
 */
import type { FileResult } from '../check/types.js';
import type { InventorySource } from '../inventory/schema.js';
import { guestLabel } from '../inventory/guests.js';
import type { Answers } from './answers.js';
import { artifactId } from './record-paths.js';
import type { Rendering } from './render.js';
import type { Verification } from './verify.js';
import type { PlannedFile } from './plan.js';

/** Everything the report needs; built by the `new` command. */
export interface NewReport {
  plan: PlannedFile[];
  written: PlannedFile[];
  verification: Verification;
  rendering: Rendering;
  answers: Answers;
  inventorySource: InventorySource;
  /** True when validation errors (or warnings, under `failOn: warning`) stopped the write. */
  blocked: boolean;
  /** The `failOn` of iacgen.yaml the validation was held to (default `error`). */
  failOn?: 'error' | 'warning';
  /** Absolute repository root and working directory (JSON paths are relative to the root). */
  root: string;
  cwd: string;
  /** Repository-relative path of the answers record written (undefined when nothing was written). */
  recorded?: string | undefined;
}

/**
 * The machine-readable result of `iacgen new --json`: files with their action and validation,
 * the operator commands, notes, the hand-off block, and the `.env.example` written, if any. Pure.
 */
export function formatNewJson(report: NewReport): string {
  const written = new Set(report.written.map((r) => r.file.relPath));
  const { rendering, answers } = report;
  const envExample = report.plan.find((r) => r.file.relPath.endsWith('.env.example'));
  const result = {
    version: 1,
    written: !report.blocked,
    generator: rendering.generator,
    variant: answers.variant.id,
    name: answers.name,
    target: answers.target ? { id: answers.target.id, type: answers.target.type, name: answers.target.name, address: answers.target.address } : null,
    files: report.plan.map((row) => {
      const validation = report.verification.get(row.file.relPath);
      return {
        path: row.file.relPath,
        action: (row.action === 'create' || row.action === 'overwrite' || row.action === 'insert' || row.action === 'update') && !written.has(row.file.relPath) ? 'not-written' : row.action,
        validation: validation ? { checks: validation.checks, diagnostics: validation.diagnostics } : null,
      };
    }),
    commands: rendering.commands,
    notes: rendering.notes,
    handoff: { ...rendering.handoff, deploy: rendering.commands.deploy ?? null },
    envExample: envExample ? envExample.file.content : null,
    recorded: report.recorded ?? null,
  };
  return `${JSON.stringify(result, null, 2)}\n`;
}

const ACTION_TEXT: Record<PlannedFile['action'], string> = {
  create: 'created',
  overwrite: 'overwritten',
  unchanged: 'unchanged',
  conflict: 'conflict',
  skip: 'skipped',
  insert: 'inserted into',
  update: 'updated',
};

/** Per file: its path, what happened to it, and its validation with the findings. Pure. */
export function formatValidation(plan: readonly PlannedFile[], verification: Verification, written?: ReadonlySet<string>): string {
  const out: string[] = [];
  for (const row of plan) {
    const willWrite = row.action === 'create' || row.action === 'overwrite' || row.action === 'insert' || row.action === 'update';
    const action = willWrite && written && !written.has(row.file.relPath) ? 'not written' : ACTION_TEXT[row.action];
    out.push(`${row.file.relPath} (${action}${row.reason ? `: ${row.reason}` : ''})`);
    out.push(`  validation: ${describeValidation(verification.get(row.file.relPath))}`);
    for (const d of verification.get(row.file.relPath)?.diagnostics ?? []) {
      out.push(`    ${row.file.relPath}:${d.line}:${d.column}: ${d.severity} ${d.rule} ${d.message} (${d.source})`);
    }
  }
  return out.join('\n');
}

/** Renders the report of one `new` run as text. Pure. */
export function formatNewReport(report: NewReport): string {
  const { rendering, answers } = report;
  const out: string[] = [formatValidation(report.plan, report.verification, new Set(report.written.map((r) => r.file.relPath))), ''];
  if (report.blocked) {
    out.push(`Validation found ${report.failOn === 'warning' ? 'errors or warnings (failOn: warning in iacgen.yaml)' : 'errors'}: nothing was written.`);
    out.push('Fix the inputs, or pass --write-anyway to write the files as they are.');
    return `${out.join('\n')}\n`;
  }
  out.push('Usage (from the repository root):');
  const width = Math.max(...Object.keys(rendering.commands).map((k) => (COMMAND_LABELS[k] ?? k).length));
  for (const [key, command] of Object.entries(rendering.commands)) out.push(`  ${`${COMMAND_LABELS[key] ?? key}:`.padEnd(width + 1)} ${command}`);
  const notes = [...rendering.notes];
  if (report.inventorySource.kind === 'default') {
    notes.push('Targets come from the embedded reference homelab; run with your own iacgen.yaml to use yours.');
  }
  if (answers.target?.address === null) {
    notes.push(`The address of ${answers.target.name} is not known: add it to the inventory (iacgen.yaml) and to the generated files.`);
  }
  if (report.plan.some((r) => r.action === 'skip')) {
    notes.push('Existing files were left alone: make sure they fit (for an inventory, that it defines the target host).');
  }
  if (report.recorded) {
    notes.push(`Answers recorded in ${report.recorded}: commit it; \`iacgen update ${artifactId(rendering.generator, answers.name)}\` brings later template changes and keeps your edits.`);
  }
  if (notes.length > 0) {
    out.push('Notes:');
    for (const note of notes) out.push(`  - ${note}`);
  }
  out.push('');
  out.push('Hand-off');
  out.push(`  artifact:       ${rendering.handoff.artifact}`);
  out.push(`  target:         ${answers.target ? guestLabel(answers.target) : 'none (not for one guest)'}`);
  out.push(`  deploy:         ${rendering.commands.deploy ?? Object.values(rendering.commands).at(-1) ?? 'none'}`);
  out.push(`  pre-requisites: ${rendering.handoff.prerequisites.join('; ') || 'none'}`);
  out.push(`  rollback:       ${rendering.handoff.rollback}`);
  return `${out.join('\n')}\n`;
}

/** How the usage block names each operator command of a manifest. */
const COMMAND_LABELS: Record<string, string> = { check: 'dry run', plan: 'plan', deploy: 'deploy', run: 'run' };

function describeValidation(result: FileResult | undefined): string {
  if (!result || result.checks.length === 0) return 'not checked (no checker applies)';
  const errors = result.diagnostics.filter((d) => d.severity === 'error').length;
  const skipped = result.checks.filter((c) => c.status === 'skipped');
  const ran = result.checks.filter((c) => c.status !== 'skipped').map((c) => `${c.checker} ${c.status}`);
  const verdict = errors > 0 ? `FAILED with ${errors} error${errors === 1 ? '' : 's'}` : skipped.length > 0 ? 'incomplete' : 'passed';
  const skippedText = skipped.length > 0 ? `; skipped: ${skipped.map((c) => `${c.checker} (${c.reason ?? 'not installed'})`).join(', ')}` : '';
  return `${verdict} (${ran.join(', ') || 'no checker ran'}${skippedText})`;
}
