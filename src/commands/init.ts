/**
 * `iacgen init`: writes the starting configuration of a repository: `iacgen.yaml`, `.yamllint`,
 * `.ansible-lint`, and the `.gitignore` entries (`.env`, Terraform state, iacgen's cache).
 * Before writing it looks at the repository (`src/init/`): its Ansible inventories and its
 * bpg/proxmox Terraform/OpenTofu guests become the proposed `proxmox:`/`guests:` of
 * iacgen.yaml, its folders the proposed `paths:`. It shows the proposal (each guest with its
 * file:line) and the plan, asks for confirmation at a terminal (not with `--yes`, nor without a
 * terminal), then writes all or nothing. Existing files are left alone (an existing iacgen.yaml
 * is never overwritten); `.gitignore` only gains the entries it lacks.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { Context } from '../context.js';
import { EXIT, UsageError } from '../errors.js';
import { formatPlan, planFiles, type PlannedFile } from '../generate/plan.js';
import type { RenderedFile } from '../generate/render.js';
import { writeAllOrNothing } from '../generate/transaction.js';
import { renderHeader } from '../generate/header.js';
import { authorName } from '../generate/author.js';
import { inquirerPrompter, type Prompter } from '../generate/prompter.js';
import { configFileSchema } from '../config/schema.js';
import { inventorySchema } from '../inventory/schema.js';
import { guestLabel } from '../inventory/guests.js';
import { TEMPLATES_DIR } from '../util/paths.js';
import { VERSION } from '../version.js';
import { readInventorySource, type ReadInventory } from '../init/ansible-inventory.js';
import { findInventorySources, findTerraformFiles, proposePaths, type IgnoredSource, type ProposedPath } from '../init/paths.js';
import { propose, type Proposal } from '../init/propose.js';
import { renderConfig } from '../init/render.js';
import { readTerraformGuests, type TerraformFindings } from '../init/terraform-guests.js';

/** What init writes besides iacgen.yaml: repository path -> file under templates/init/. */
export const INIT_FILES: ReadonlyArray<{ relPath: string; template: string; purpose: string }> = [
  { relPath: '.yamllint', template: 'yamllint.yaml', purpose: 'yamllint configuration, compatible with ansible-lint' },
  { relPath: '.ansible-lint', template: 'ansible-lint.yaml', purpose: 'ansible-lint configuration: offline, production profile' },
];

/** The `.gitignore` entries init makes sure of. */
export const GITIGNORE_ENTRIES: readonly string[] = readFileSync(path.join(TEMPLATES_DIR, 'init', 'gitignore'), 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '' && !line.startsWith('#'));

/** The flags of `iacgen init`. */
export interface InitFlags {
  /** Repository root, relative to the working directory. */
  dir: string;
  /** Write without asking, even at a terminal. */
  yes?: boolean;
}

/** What init found in the repository, and what it proposes. */
export interface InitSurvey {
  inventories: ReadInventory[];
  ignored: IgnoredSource[];
  terraformFiles: string[];
  terraform: TerraformFindings;
  proposal: Proposal;
  paths: ProposedPath[];
}

/**
 * Looks at the repository at `root` and builds the proposal. Reads only.
 * @throws ConfigError (exit 2) `FILE:LINE: ...` for an inventory ansible could not read either
 */
export async function surveyRepository(root: string): Promise<InitSurvey> {
  const { sources, ignored } = findInventorySources(root);
  const inventories = sources.map((s) => readInventorySource(s.path, root, { lenient: s.lenient }));
  const terraformFiles = findTerraformFiles(root);
  const terraform = await readTerraformGuests(terraformFiles);
  const proposal = propose({ root, hosts: inventories.flatMap((i) => i.hosts), terraform });
  return { inventories, ignored, terraformFiles, terraform, proposal, paths: proposePaths(root, [...terraform.guests.map((g) => g.file), ...terraformFiles]) };
}

/**
 * Runs `iacgen init`; returns 0 (also when the user declines at the prompt: nothing is written).
 * @throws UsageError (exit 2) for a bad --dir; ConfigError (exit 2) for an inventory that cannot
 *   be read; WriteError (exit 1) / InterruptedError (130) from the all-or-nothing write
 */
export async function runInit(context: Context, flags: InitFlags, prompter: Prompter = inquirerPrompter): Promise<number> {
  const root = path.resolve(context.cwd, flags.dir);
  if (!existsSync(root) || !statSync(root).isDirectory()) throw new UsageError(`--dir '${flags.dir}' is not a directory`, 'create it first');
  const survey = await surveyRepository(root);
  const rel = (file: string): string => path.relative(root, file).split(path.sep).join('/') || file;
  const readFrom = [...new Set([...survey.inventories.filter((i) => i.hosts.length > 0).map((i) => rel(i.file)), ...survey.terraform.guests.map((g) => rel(g.file))])];
  const body = renderConfig(survey.proposal, survey.paths, readFrom);
  assertLoads(body);

  const author = await authorName(root, context.env);
  const date = context.now().toISOString().slice(0, 10);
  const withHeader = (relPath: string, purpose: string, text: string): RenderedFile => {
    const header = renderHeader({ file: relPath, purpose, author, date, generator: `iacgen ${VERSION} init` });
    return { key: relPath, relPath, content: `---\n${header}\n#\n${text.replace(/^---\n/, '')}`, mode: 0o644, ifExists: 'keep' };
  };
  const files: RenderedFile[] = [
    withHeader('iacgen.yaml', 'iacgen configuration: the Proxmox inventory and settings', body),
    ...INIT_FILES.map(({ relPath, template, purpose }) => withHeader(relPath, purpose, readFileSync(path.join(TEMPLATES_DIR, 'init', template), 'utf8'))),
  ];
  const gitignorePath = path.join(root, '.gitignore');
  const current = existsSync(gitignorePath) ? readFileSync(gitignorePath, 'utf8') : '';
  const present = new Set(current.split('\n').map((l) => l.trim()));
  const missing = GITIGNORE_ENTRIES.filter((entry) => !present.has(entry));
  const plan = await planFiles(files, root);
  if (missing.length > 0) {
    const prefix = current === '' ? '' : current.endsWith('\n') ? '\n' : '\n\n';
    const content = `${current}${prefix}# Added by iacgen init: secrets, Terraform state, iacgen's cache\n${missing.join('\n')}\n`;
    plan.push({ file: { key: 'gitignore', relPath: '.gitignore', content, mode: 0o644, ifExists: 'error' }, action: current === '' ? 'create' : 'overwrite', current });
  }

  context.stdout.write(formatSurvey(survey, rel));
  const configKept = plan.find((r) => r.file.relPath === 'iacgen.yaml')?.action === 'skip';
  if (configKept) context.stdout.write('iacgen.yaml exists: left alone, the proposal above is not written (move it away and run iacgen init again to get it).\n');
  const toWrite = plan.filter((r) => r.action === 'create' || r.action === 'overwrite');
  context.stdout.write(`\nPlan:\n${formatPlan(plan)}\n`);
  if (toWrite.length > 0 && context.interactive && !flags.yes) {
    const yes = await prompter.confirm(`Write ${toWrite.length === 1 ? 'this file' : `these ${toWrite.length} files`}?`, true);
    if (!yes) {
      context.stdout.write('Nothing was written.\n');
      return EXIT.ok;
    }
  }
  const written = await writeAllOrNothing(plan, root);
  context.stdout.write(written.length > 0 ? `Wrote ${written.map((r) => r.file.relPath).join(', ')}.\n` : 'Nothing to write: every file is there.\n');
  context.stdout.write(nextSteps(survey.proposal, configKept, plan));
  return offerBaseline({ ...context, cwd: root }, prompter, Boolean(flags.yes));
}

/**
 * At a terminal (not with `--yes`), offers to record today's findings with `iacgen baseline`
 * right away, inside a git repository only (where the baseline lives); else the last line of
 * {@link nextSteps} names the command. Returns the baseline's exit code, or 0.
 */
async function offerBaseline(context: Context, prompter: Prompter, yes: boolean): Promise<number> {
  if (!context.interactive || yes) return EXIT.ok;
  const { baselinePath } = await import('../baseline/locate.js');
  if (baselinePath(context.cwd) === undefined) return EXIT.ok;
  if (!(await prompter.confirm("Run iacgen baseline now (today's findings are accepted; validate then fails only on new ones)?", false))) return EXIT.ok;
  const { runBaseline } = await import('./baseline.js');
  return runBaseline(context, [], { strict: false, only: [], skip: [] });
}

/** The proposal as the user reads it before the plan: what was found, each guest and its file:line, what was left out, the paths. */
export function formatSurvey(survey: InitSurvey, rel: (file: string) => string): string {
  const out: string[] = ['Found:'];
  for (const inv of survey.inventories) {
    if (inv.skipped && inv.hosts.length === 0 && inv.groups.length === 0) {
      out.push(`  ${rel(inv.file)}: ${inv.skipped}; not read`);
      continue;
    }
    const format = inv.format === 'ini' ? 'INI' : inv.format === 'yaml' ? 'YAML' : 'folder';
    out.push(`  Ansible inventory ${rel(inv.file)} (${format}): ${inv.hosts.length} host${inv.hosts.length === 1 ? '' : 's'}, ${inv.groups.length} group${inv.groups.length === 1 ? '' : 's'}${inv.skipped ? `; ${inv.skipped}` : ''}`);
  }
  for (const ign of survey.ignored) out.push(`  ${ign.via} names the inventory ${ign.named}: ${ign.why}, not read`);
  const tfGuests = survey.terraform.guests.length;
  const tfFiles = new Set(survey.terraform.guests.map((g) => g.file)).size;
  if (survey.terraformFiles.length > 0) {
    out.push(`  Terraform/OpenTofu: ${survey.terraformFiles.length} .tf/.tofu file${survey.terraformFiles.length === 1 ? '' : 's'}, ${tfGuests} bpg/proxmox guest resource${tfGuests === 1 ? '' : 's'}${tfGuests > 0 ? ` in ${tfFiles} file${tfFiles === 1 ? '' : 's'}` : ''}`);
  }
  for (const file of survey.terraform.unparsable) out.push(`  ${rel(file)}: does not parse as HCL, not read (iacgen validate says why)`);
  if (out.length === 1) out.push('  no Ansible inventory, no Terraform/OpenTofu file');
  const { proposal } = survey;
  if (proposal.proxmox) {
    out.push('Proposed inventory (iacgen.yaml):');
    out.push(`  node ${proposal.proxmox.node}, API ${proposal.proxmox.api}${proposal.proxmox.checks.length > 0 ? ' (check: see iacgen.yaml)' : ''}`);
    for (const p of proposal.guests) {
      const groups = p.guest.groups.length > 0 ? ` [${p.guest.groups.join(', ')}]` : '';
      const invented = p.guest.example ? ' (invented values: example: true)' : '';
      out.push(`  ${guestLabel(p.guest)}${groups}  from ${p.sources.join(', ')}${invented}`);
    }
  } else {
    out.push('Proposed inventory: none (no guest found): iacgen.yaml gets a commented example, and `iacgen new` keeps using the embedded reference homelab');
  }
  if (proposal.leftOut.length > 0) {
    out.push('Left out:');
    for (const l of proposal.leftOut) out.push(`  ${l.what} (${l.where}): ${l.why}`);
  }
  out.push(`Proposed paths: ${survey.paths.map((p) => `${p.kind} ${p.dir}${p.found ? '' : ' (default)'}`).join(', ')}`);
  return `${out.join('\n')}\n`;
}

/** The lines after the write: what to check, then the baseline. */
function nextSteps(proposal: Proposal, configKept: boolean, plan: readonly PlannedFile[]): string {
  const out: string[] = [];
  const checks = proposal.guests.filter((g) => g.checks.length > 0).length + (proposal.proxmox?.checks.length ? 1 : 0);
  const written = plan.some((r) => r.file.relPath === 'iacgen.yaml' && r.action === 'create');
  if (written && checks > 0) out.push(`Next: check the ${checks} entr${checks === 1 ? 'y' : 'ies'} of iacgen.yaml marked "# check:" (example: true marks invented values).`);
  else if (written && !proposal.proxmox) out.push('Next: describe your Proxmox node and guests in iacgen.yaml (the commented example shows how).');
  else if (configKept) out.push('Next: compare your iacgen.yaml with the proposal above.');
  out.push("Next: run iacgen baseline to accept today's findings and fail only on new ones");
  return `${out.join('\n')}\n`;
}

/** The rendered iacgen.yaml must load as the config and inventory loaders read it; a failure is iacgen's bug. */
function assertLoads(body: string): void {
  const data: unknown = parseYaml(body);
  configFileSchema.parse(data);
  const { proxmox, guests } = data as { proxmox?: unknown; guests?: unknown };
  if (proxmox !== undefined || guests !== undefined) inventorySchema.parse({ proxmox, guests });
}
