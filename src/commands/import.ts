/**
 * `iacgen import <file>...`: builds or updates the `guests:` of `iacgen.yaml` from saved JSON
 * (pvesh, `ansible-inventory --list`, `terraform show -json`; `src/import/`), offline. Reads
 * every file first (a bad one stops the run, nothing written), merges by VMID, shows the plan,
 * then writes as `iacgen new` does: the result checked against the schema and by the real
 * checkers, a confirmation at a terminal (not with `--yes`/`--json`), one atomic write.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { parse as parseYaml } from 'yaml';
import type { Context } from '../context.js';
import { CONFIG_FILE, findConfigFile, loadConfig } from '../config/load.js';
import { configFileSchema } from '../config/schema.js';
import { EXIT, IacgenError, UsageError } from '../errors.js';
import { authorName } from '../generate/author.js';
import { renderHeader } from '../generate/header.js';
import { inquirerPrompter, type Prompter } from '../generate/prompter.js';
import { writeAllOrNothing } from '../generate/transaction.js';
import { verifyRendered } from '../generate/verify.js';
import { formatValidation } from '../generate/report.js';
import { proposePaths } from '../init/paths.js';
import { loadInventory } from '../inventory/load.js';
import { inventorySchema, type Inventory } from '../inventory/schema.js';
import { applyToText, renderNewConfig } from '../import/document.js';
import { mergeGuests } from '../import/merge.js';
import { readImportFile } from '../import/read.js';
import { formatImportJson, formatImportPlan } from '../import/report.js';
import { VERSION } from '../version.js';
import { fails } from '../verdict/fail-on.js';

/** The flags of `iacgen import`. */
export interface ImportFlags {
  /** Repository root (where iacgen.yaml is looked for, and created when missing). */
  dir: string;
  /** Remove the guests of iacgen.yaml that the import does not have. */
  prune: boolean;
  /** Print the plan and the diff; write nothing. */
  dryRun: boolean;
  /** Write without asking at a terminal. */
  yes: boolean;
  /** Print the result as JSON (never asks). */
  json: boolean;
}

/**
 * Runs `iacgen import`; returns 0 when written (or nothing to write, a dry run, or declined),
 * 1 when the checkers found errors in the result (nothing written).
 * @throws UsageError (exit 2) for no file or a bad --dir; ConfigError (exit 2) for a file that
 *   cannot be read or recognised, or an invalid iacgen.yaml; WriteError (exit 1) /
 *   InterruptedError (130) from the write
 */
export async function runImport(context: Context, files: readonly string[], flags: ImportFlags, prompter: Prompter = inquirerPrompter): Promise<number> {
  if (files.length === 0) throw new UsageError('no file to import', 'pass the saved JSON, e.g. pvesh get /cluster/resources --type vm --output-format json > vms.json && iacgen import vms.json');
  const root = path.resolve(context.cwd, flags.dir);
  if (!existsSync(root) || !statSync(root).isDirectory()) throw new UsageError(`--dir '${flags.dir}' is not a directory`, 'create it first or pass the repository root');
  const reads = files.map((file) => readImportFile(file, context.cwd));

  const configPath = findConfigFile(root) ?? path.join(root, CONFIG_FILE);
  const shown = path.relative(context.cwd, configPath) || CONFIG_FILE;
  const current = existsSync(configPath) ? readFileSync(configPath, 'utf8') : undefined;
  const { settings } = loadConfig(root, context.cwd);
  const loaded = current !== undefined ? loadInventory(root, context.cwd) : undefined;
  const existing = loaded?.source.kind === 'file' ? loaded.inventory.guests : [];
  const rows = mergeGuests(existing, reads.flatMap((r) => r.guests), { prune: flags.prune });

  if (flags.prune && existing.length > 0 && rows.every((r) => r.action === 'remove')) {
    throw new UsageError(`--prune would remove every guest of ${shown}: the import has none of them and nothing new`, 'check that the files are the right ones, or import without --prune');
  }
  let next: string;
  if (current !== undefined) next = applyToText(current, rows);
  else {
    const header = renderHeader({
      file: CONFIG_FILE,
      purpose: 'iacgen configuration: the Proxmox inventory and settings',
      author: settings.author ?? (await authorName(root, context.env)),
      date: context.now().toISOString().slice(0, 10),
      generator: `iacgen ${VERSION} import`,
    });
    next = `---\n${header}\n#\n${renderNewConfig(rows, proposePaths(root), files)}`;
  }
  const inventory = assertLoads(next, shown);
  const changed = next !== current;

  if (!flags.json) context.stdout.write(formatImportPlan(reads, rows, shown));
  if (flags.dryRun || !changed) {
    if (flags.json) context.stdout.write(formatImportJson(reads, rows, shown, false, flags.dryRun));
    else if (!changed) context.stdout.write(`Nothing to write: ${shown} already says this.\n`);
    else context.stdout.write(`\nDry run: nothing was written.\n${createTwoFilesPatch(`a/${shown}`, `b/${shown}`, current ?? '', next, 'on disk', 'iacgen import')}`);
    return EXIT.ok;
  }

  const file = { key: CONFIG_FILE, relPath: CONFIG_FILE, content: next, mode: 0o644, ifExists: 'error' as const };
  const verification = await verifyRendered([file], path.dirname(configPath), new Set(), { settings, inventory: inventory ?? loadInventory(root, context.cwd).inventory });
  const plan = [{ file, action: current === undefined ? ('create' as const) : ('overwrite' as const), ...(current !== undefined ? { current } : {}) }];
  if ([...verification.values()].some((f) => f.diagnostics.some((d) => fails(d.severity, settings.failOn)))) {
    context.stderr.write(`${formatValidation(plan, verification)}\nNothing was written: the checkers found errors in the new ${shown} (a bug of iacgen import; please report it).\n`);
    return EXIT.findings;
  }
  if (context.interactive && !flags.yes && !flags.json) {
    if (!(await prompter.confirm(`Write ${shown}?`, true))) {
      context.stdout.write('Nothing was written.\n');
      return EXIT.ok;
    }
  }
  await writeAllOrNothing(plan, path.dirname(configPath));
  context.stdout.write(flags.json ? formatImportJson(reads, rows, shown, true, false) : `Wrote ${shown}.\n`);
  return EXIT.ok;
}

/** The result must load as the config and inventory loaders read it; a failure is iacgen's bug (exit 3). */
function assertLoads(text: string, shown: string): Inventory | undefined {
  try {
    const data = parseYaml(text) as Record<string, unknown> | null;
    configFileSchema.parse(data ?? {});
    if (!data || (data.proxmox === undefined && data.guests === undefined)) return undefined;
    return inventorySchema.parse({ proxmox: data.proxmox, guests: data.guests });
  } catch (err) {
    throw new IacgenError(`the ${shown} iacgen import made does not load (${(err as Error).message.slice(0, 500)}); nothing was written`, EXIT.internal, 'this is a bug of iacgen import: please report it with the files imported');
  }
}
