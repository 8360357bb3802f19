/**
 * Finding and loading the inventory: `iacgen.yaml` found by walking up from a directory, or the
 * embedded reference homelab when there is none.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { LineCounter, parseDocument, isNode } from 'yaml';
import type { z } from 'zod';
import { ConfigError } from '../errors.js';
import { TEMPLATES_DIR } from '../util/paths.js';
import { inventorySchema, type Inventory, type InventorySource } from './schema.js';

/** The config file name looked up from the working directory upwards. */
export const CONFIG_FILE = 'iacgen.yaml';

/** Path of the embedded default inventory (what `iacgen init` writes out). */
export const DEFAULT_INVENTORY_FILE = path.join(TEMPLATES_DIR, 'init', CONFIG_FILE);

/** A loaded inventory and where it came from. */
export interface LoadedInventory {
  inventory: Inventory;
  source: InventorySource;
}

/**
 * Returns the absolute path of the nearest `iacgen.yaml` at or above `startDir`, or undefined.
 * Stops at the filesystem root.
 */
export function findConfigFile(startDir: string): string | undefined {
  let dir = path.resolve(startDir);
  for (;;) {
    const candidate = path.join(dir, CONFIG_FILE);
    if (existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/**
 * Loads the inventory that applies to `startDir`: the nearest `iacgen.yaml` if it has an
 * inventory (`proxmox:` and `guests:`), else the embedded reference homelab.
 *
 * @param displayFrom directory that file names in error messages are relative to
 * @throws ConfigError (exit 2) naming the file, the line, the path in it and what is wrong
 */
export function loadInventory(startDir: string, displayFrom: string = startDir): LoadedInventory {
  const file = findConfigFile(startDir);
  if (file) {
    const shown = path.relative(displayFrom, file) || file;
    const data = readYamlFile(file, shown);
    if (data && typeof data === 'object' && ('guests' in data || 'proxmox' in data)) {
      return { inventory: parseInventory(file, shown, data), source: { kind: 'file', path: file } };
    }
  }
  const shown = DEFAULT_INVENTORY_FILE;
  return {
    inventory: parseInventory(DEFAULT_INVENTORY_FILE, shown, readYamlFile(DEFAULT_INVENTORY_FILE, shown)),
    source: { kind: 'default' },
  };
}

function readYamlFile(file: string, shown: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(shown, `cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`, 'check its permissions');
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const firstError = doc.errors[0];
  if (firstError) {
    const pos = lineCounter.linePos(firstError.pos[0]);
    throw new ConfigError(`${shown}:${pos.line}:${pos.col}`, `invalid YAML: ${firstError.message.split('\n')[0]}`, 'fix the YAML syntax');
  }
  return doc.toJS();
}

function parseInventory(file: string, shown: string, data: unknown): Inventory {
  const result = inventorySchema.safeParse(data);
  if (result.success) return result.data;
  const issue = result.error.issues[0] as z.core.$ZodIssue;
  const where = locate(file, issue.path);
  throw new ConfigError(
    where ? `${shown}:${where}` : shown,
    `${formatPath(issue.path)}: ${issue.message}`,
    `fix the inventory in ${shown} (the schema is documented in the README), or remove its proxmox:/guests: keys to use the embedded default`,
  );
}

/** `guests[2].id` from a zod issue path. */
export function formatPath(segments: readonly PropertyKey[]): string {
  if (segments.length === 0) return '(top level)';
  return segments
    .map((s, i) => (typeof s === 'number' ? `[${s}]` : `${i === 0 ? '' : '.'}${String(s)}`))
    .join('');
}

/** `line:col` of the node at `segments` in the YAML file, or of its nearest existing parent. */
function locate(file: string, segments: readonly PropertyKey[]): string | undefined {
  try {
    const lineCounter = new LineCounter();
    const doc = parseDocument(readFileSync(file, 'utf8'), { lineCounter });
    const keys = segments.filter((s): s is string | number => typeof s !== 'symbol');
    for (let n = keys.length; n >= 0; n--) {
      const node: unknown = doc.getIn(keys.slice(0, n), true);
      if (isNode(node) && node.range) {
        const pos = lineCounter.linePos(node.range[0]);
        return `${pos.line}:${pos.col}`;
      }
    }
  } catch {
    // Location is a nicety; the message stands without it.
  }
  return undefined;
}
