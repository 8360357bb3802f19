/**
 * Loading the inventory: the one in the `iacgen.yaml` of the repository being worked on (the
 * nearest from a folder up to its git top, see `findConfigFile`), or the embedded reference
 * homelab when there is none. It is not a file of its own: the same size and alias limits apply.
 */
import path from 'node:path';
import { findConfigFile, parseWith, readYamlSource, type YamlSource } from '../config/load.js';
import { TEMPLATES_DIR } from '../util/paths.js';
import { inventorySchema, type Inventory, type InventorySource } from './schema.js';

export { findConfigFile, formatPath, CONFIG_FILE } from '../config/load.js';

/** Path of the embedded default inventory (the reference homelab; `iacgen init` no longer writes it out, see src/init/). */
export const DEFAULT_INVENTORY_FILE = path.join(TEMPLATES_DIR, 'init', 'iacgen.yaml');

/** A loaded inventory and where it came from. */
export interface LoadedInventory {
  inventory: Inventory;
  source: InventorySource;
}

const HINT = 'fix the inventory (the schema is in the README), or remove its proxmox:/guests: keys to use the embedded default';

/**
 * Loads the inventory that applies to `startDir`: that of the `iacgen.yaml` found from it up to
 * its git top (outside git: in `startDir` only) if it has one (`proxmox:` or `guests:`), else the
 * embedded reference homelab. An empty iacgen.yaml has no inventory.
 *
 * @param displayFrom directory that file names in error messages are relative to
 * @throws ConfigError (exit 2) naming the file, the line, the path in it and what is wrong
 */
export function loadInventory(startDir: string, displayFrom: string = startDir): LoadedInventory {
  const file = findConfigFile(startDir);
  if (file) {
    const source = readYamlSource(file, path.relative(displayFrom, file) || file);
    if (hasInventory(source)) {
      return { inventory: parseWith(inventorySchema, source, `${HINT} in ${source.shown}`, pick(source.data)), source: { kind: 'file', path: file } };
    }
  }
  const source = readYamlSource(DEFAULT_INVENTORY_FILE, DEFAULT_INVENTORY_FILE);
  return { inventory: parseWith(inventorySchema, source, HINT), source: { kind: 'default' } };
}

function hasInventory(source: YamlSource): boolean {
  const data = source.data;
  return typeof data === 'object' && data !== null && ('guests' in data || 'proxmox' in data);
}

/** Only the inventory keys: the settings beside them are the config loader's business. */
function pick(data: unknown): unknown {
  const { proxmox, guests } = data as { proxmox?: unknown; guests?: unknown };
  return { proxmox, guests };
}
