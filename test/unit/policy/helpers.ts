/**
 * Helpers of the policy tests: the embedded inventory, listing fixture files, and running the
 * policy checker on files with given settings.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { ParsedDiagnostic } from '../../../src/check/types.js';
import { loadInventory } from '../../../src/inventory/load.js';
import type { Inventory } from '../../../src/inventory/schema.js';
import { createPolicyChecker } from '../../../src/policy/checker.js';
import { rulesSettingsSchema } from '../../../src/policy/config.js';
import type { RuleSet } from '../../../src/policy/types.js';

/** The reference homelab (the embedded default inventory). */
export const INVENTORY: Inventory = loadInventory(path.join(path.sep, 'nonexistent-dir')).inventory;

/** Files under `dir` (dotfiles included), relative to `dir`, `/`-separated, sorted. */
export function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(path.join(dir, prefix), { withFileTypes: true })
    .flatMap((entry) => {
      const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
      return entry.isDirectory() ? listFiles(dir, rel) : [rel];
    })
    .sort();
}

/** Options of {@link runPolicy}. */
export interface RunOptions {
  root: string;
  /** `rules:` of iacgen.yaml (default: none). */
  rules?: unknown;
  /** Default: the reference homelab; `null`: no inventory (as in a repository without iacgen.yaml). */
  inventory?: Inventory | null;
  /** The sets on where `rules.sets` does not say (default: every set). */
  sets?: readonly RuleSet[];
  /** Default: nothing is git-ignored. */
  gitIgnored?: (absPath: string) => Promise<boolean>;
}

/** Runs the policy checker on `files` (relative to `cwd`); returns its diagnostics. */
export async function runPolicy(cwd: string, files: string[], options: RunOptions): Promise<ParsedDiagnostic[]> {
  const checker = createPolicyChecker({
    inventory: options.inventory === null ? undefined : (options.inventory ?? INVENTORY),
    rules: rulesSettingsSchema.parse(options.rules ?? {}),
    ...(options.sets ? { sets: options.sets } : {}),
    root: options.root,
    gitIgnored: options.gitIgnored ?? (async () => false),
  });
  const output = await checker.check({ files, cwd });
  if (output.failure) throw new Error(output.failure);
  return output.diagnostics;
}
