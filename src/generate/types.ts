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
 * Everything an EJS template of a generator can use. `<%= %>` escapes for the file's syntax
 * (YAML: a safe scalar); `<%- %>` writes raw text and is only for values iacgen built itself.
 */
export interface TemplateData {
  /** The artifact name (`nginx-config`), a validated DNS-label-like name. */
  name: string;
  generator: string;
  variant: { id: string; label: string; purpose: string };
  target: TemplateGuest;
  inventory: Inventory;
  /** Repository-relative paths of the files this run writes, by manifest key. */
  paths: Record<string, string>;
  /** Exact operator commands, run from the repository root. */
  commands: Record<string, string>;
  /** Variant variables (defaults from the generator manifest). */
  vars: Record<string, unknown>;
  /** Name of the `<prefix>_state` variable among `vars` (present/absent). */
  stateVar: string;
  /** Header block of the file being rendered, as comment lines (`header('#')`). */
  header: (prefix?: string) => string;
  /** Header fields of the file being rendered. */
  headerFields: HeaderFields;
  /** Word-wraps a comment: `wrap('# Usage: ', '#   ', text)` returns lines. */
  wrap: (first: string, next: string, text: string) => string[];
  /** YAML scalar for any value (same as `<%= %>` in YAML templates). */
  yaml: (value: unknown) => string;
}
