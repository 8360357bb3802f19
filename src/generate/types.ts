/** Shapes shared by the generators: the data every template receives. */
import type { Guest, Inventory } from '../inventory/schema.js';
import type { HeaderFields } from './header.js';

/** A guest as templates see it: the inventory entry plus its display forms. */
export interface TemplateGuest extends Guest {
  /** `ct102` */
  ref: string;
  /** `CT 102 nginx-proxy (192.168.2.101)` */
  label: string;
}

/**
 * Whose inventory a run uses: `reference` is the embedded reference homelab (no guests of the
 * repository's own), `user` the repository's iacgen.yaml.
 */
export type InventorySource = 'reference' | 'user';

/**
 * Everything an EJS template of a generator can use. `<%= %>` escapes for the file's syntax
 * (YAML scalar, HCL string, shell word, Python/JSON/TOML literal); `<%- %>` writes raw text and
 * is only for values iacgen built itself.
 */
export interface TemplateData {
  /** The artifact name (`nginx-config`), a validated file-name-safe name. */
  name: string;
  generator: string;
  variant: { id: string; label: string; purpose: string };
  /** The guest the artifact is for, or null (generators whose target is optional or none). */
  target: TemplateGuest | null;
  inventory: Inventory;
  /** Repository-relative paths of the files this run writes, by manifest key. */
  paths: Record<string, string>;
  /** Top folders by kind (`ansible`, `terraform`, `compose`, `scripts`, `config`), from iacgen.yaml. */
  dirs: Record<string, string>;
  /** Exact operator commands, run from the repository root. */
  commands: Record<string, string>;
  /** Variables: the variant's defaults, answered questions and `--set` values. */
  vars: Record<string, unknown>;
  /** Name of the `<prefix>_state` variable among `vars` (present/absent). */
  stateVar: string;
  /** Header block of the file being rendered, as comment lines (`header('#')`). */
  header: (prefix?: string) => string;
  /** Header fields of the file being rendered. */
  headerFields: HeaderFields;
  /** Word-wraps a comment: `wrap('# Usage: ', '#   ', text)` returns lines. */
  wrap: (first: string, next: string, text: string) => string[];
  /** Literal helpers for any syntax, whatever the file's own (`<%- json(x) %>` inside YAML). */
  yaml: (value: unknown) => string;
  hcl: (value: unknown) => string;
  sh: (value: unknown) => string;
  py: (value: unknown) => string;
  json: (value: unknown) => string;
  toml: (value: unknown) => string;
  /** The smallest free Proxmox guest ID of the inventory. */
  nextGuestId: () => number;
  /** Whose inventory `inventory` is; notes word their assumptions from it. */
  inventorySource: InventorySource;
  /** How notes name the inventory: `the reference homelab` or `your inventory (iacgen.yaml)`. */
  inventoryName: string;
  /** The guests of the inventory (VMs and CTs, no templates) with this role, in inventory order. */
  guestsWithRole: (role: string) => TemplateGuest[];
  /**
   * Per checker tool (`ansible-core`, `Terraform`), the oldest and newest version iacgen's tests
   * validated generated files with, and the oldest's major.minor (`2.14`): see src/check/versions.ts.
   */
  tested: Record<string, { oldest: string; newest: string; minor: string }>;
}
