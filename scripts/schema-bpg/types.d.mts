/** Shared types of the schema:bpg generator (Terraform's `providers schema -json` shapes). */

/** A cty type in Terraform's JSON form: "string", ["list", "number"], ["object", {...}]. */
export type Cty = string | [string, unknown];

/** An attribute of a block, as `terraform providers schema -json` writes it (descriptions only for deprecations). */
export interface TfAttribute {
  type?: Cty;
  nested_type?: { attributes: Record<string, TfAttribute>; nesting_mode: 'single' | 'list' | 'set' | 'map' };
  required?: true;
  optional?: true;
  computed?: true;
  sensitive?: true;
  write_only?: true;
  deprecated?: true;
  description?: string;
}

/** A nested block type. */
export interface TfBlockType {
  nesting_mode: 'single' | 'list' | 'set' | 'map';
  min_items?: number;
  max_items?: number;
  block: TfBlock;
}

/** A block (a resource's or data source's root, the provider's, or a nested one). */
export interface TfBlock {
  attributes?: Record<string, TfAttribute>;
  block_types?: Record<string, TfBlockType>;
  deprecated?: true;
  description?: string;
}
