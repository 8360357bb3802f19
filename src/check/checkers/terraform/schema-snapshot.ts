/**
 * The bpg/proxmox provider schema snapshot (`bpg-proxmox.schema.json`, made by
 * `npm run schema:bpg`): the shape of `terraform providers schema -json` (format_version 1.0,
 * Terraform's `internal/command/jsonprovider`) without descriptions, plus an `iacgen` header
 * naming the provider version, commit and licence. Loaded on first use only.
 */

/** A cty type as the schema JSON writes it: `"string"`, `["list","number"]`, `["object",{...}]`. */
export type CtyType = string | [string, CtyType | Record<string, CtyType>, ...unknown[]];

/** One attribute of a block (`jsonprovider.Attribute`). */
export interface SchemaAttribute {
  type?: CtyType;
  /** Plugin Framework nested attributes (`x = { ... }`), instead of `type`. */
  nested_type?: { attributes: Record<string, SchemaAttribute>; nesting_mode: 'single' | 'list' | 'set' | 'map' };
  required?: boolean;
  optional?: boolean;
  computed?: boolean;
  sensitive?: boolean;
  deprecated?: boolean;
  /** Kept in the snapshot for deprecated attributes only: the deprecation message. */
  description?: string;
}

/** A nested block type (`x { ... }`). `min_items`/`max_items` absent: no bound. */
export interface SchemaBlockType {
  nesting_mode: 'single' | 'group' | 'list' | 'set' | 'map';
  min_items?: number;
  max_items?: number;
  block: SchemaBlock;
}

/** A block's body (`jsonprovider.Block`). */
export interface SchemaBlock {
  attributes?: Record<string, SchemaAttribute>;
  block_types?: Record<string, SchemaBlockType>;
  deprecated?: boolean;
  description?: string;
}

/** One provider's schemas. */
export interface ProviderSchema {
  provider?: { block: SchemaBlock };
  resource_schemas?: Record<string, { block: SchemaBlock }>;
  data_source_schemas?: Record<string, { block: SchemaBlock }>;
  ephemeral_resource_schemas?: Record<string, { block: SchemaBlock }>;
}

/** Where the snapshot comes from. */
export interface SnapshotOrigin {
  provider: string;
  version: string;
  commit?: string;
  source?: string;
  licence?: string;
  generator?: string;
}

/** The snapshot as loaded: the provider's source address, version and schemas. */
export interface Snapshot {
  /** `bpg/proxmox` (namespace/type, lower case). */
  address: string;
  version: string;
  schema: ProviderSchema;
}

/** The snapshot file's top level. */
interface SnapshotFile {
  iacgen?: SnapshotOrigin;
  provider_schemas?: Record<string, ProviderSchema>;
}

/**
 * Turns the parsed snapshot file into a {@link Snapshot}.
 * @throws Error when it holds no provider schema or no version
 */
export function readSnapshot(data: unknown): Snapshot {
  const file = data as SnapshotFile;
  const entries = Object.entries(file.provider_schemas ?? {});
  const [key, schema] = entries[0] ?? [];
  if (!key || !schema || entries.length !== 1) throw new Error('provider schema snapshot: expected exactly one provider in provider_schemas');
  const version = file.iacgen?.version;
  if (!version) throw new Error('provider schema snapshot: no iacgen.version');
  return { address: sourceAddress(key), version, schema };
}

/**
 * A provider source address as `namespace/type`, lower case: `registry.terraform.io/bpg/proxmox`,
 * `registry.opentofu.org/BPG/proxmox` and `bpg/proxmox` are all `bpg/proxmox`. A bare type
 * (`proxmox`) is `hashicorp/proxmox`, as Terraform reads it.
 */
export function sourceAddress(source: string): string {
  const parts = source.trim().toLowerCase().split('/');
  if (parts.length === 1) return `hashicorp/${parts[0]}`;
  return parts.slice(-2).join('/');
}

let loaded: Promise<Snapshot> | undefined;

/** The committed bpg/proxmox snapshot, read once (a lazy import: about 1 MB of JSON). */
export function bpgSnapshot(): Promise<Snapshot> {
  loaded ??= import('./bpg-proxmox.schema.json', { with: { type: 'json' } }).then((m) => readSnapshot(m.default));
  return loaded;
}
