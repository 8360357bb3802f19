/**
 * What a Terraform folder (one module) says about the provider of the schema snapshot: the local
 * names it maps to which source (`required_providers`), the version constraints it puts on the
 * snapshot's provider, and the version its `.terraform.lock.hcl` selected. From these, which
 * blocks the snapshot covers and whether the snapshot's version is the one the folder uses.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { bodies, CONFIG_FILE, isBody, labelled, parseTerraform, type TerraformFile } from '../../../policy/terraform/module.js';
import { parseHcl } from '../../../terraform/hcl.js';
import { admits } from './schema-version.js';
import { sourceAddress, type Snapshot } from './schema-snapshot.js';

/** One parsed file of the folder with its text. */
export interface FolderFile {
  tf: TerraformFile;
  text: string;
}

/** The folder as the checker sees it. */
export interface Folder {
  dir: string;
  /** Parsed configuration files (`.tf`, `.tf.json`, `.tofu`, `.tofu.json`) by absolute path (unparsable ones left out). */
  files: Map<string, FolderFile>;
  /** Local provider name -> source address (`bpg/proxmox`), from every file's required_providers. */
  sources: Map<string, string>;
  /** The version constraints on the snapshot's provider. */
  constraints: string[];
  /** The version `.terraform.lock.hcl` selected for it, when the lock file names it. */
  locked?: string;
}

/** Reads and parses the folder's Terraform files and its lock file. */
export async function loadFolder(dir: string, snapshot: Snapshot): Promise<Folder> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => CONFIG_FILE.test(n)).sort();
  } catch {
    names = [];
  }
  const files = new Map<string, FolderFile>();
  for (const name of names) {
    const absPath = path.join(dir, name);
    try {
      const text = (await readFile(absPath, 'utf8')).replace(/^\uFEFF/, '');
      const tf = await parseTerraform(absPath, text);
      if (tf) files.set(absPath, { tf, text });
    } catch {
      // Unreadable: its own checks report it.
    }
  }
  const sources = new Map<string, string>();
  const constraints: string[] = [];
  for (const { tf } of files.values()) {
    for (const block of bodies(tf.json.terraform)) {
      for (const req of bodies(block.required_providers)) {
        for (const [name, value] of Object.entries(req)) {
          const source = isBody(value) && typeof value.source === 'string' ? sourceAddress(value.source) : `hashicorp/${name}`;
          sources.set(name, source);
          const version = typeof value === 'string' ? value : isBody(value) && typeof value.version === 'string' ? value.version : undefined;
          if (source === snapshot.address && version) constraints.push(version);
        }
      }
    }
  }
  const folder: Folder = { dir, files, sources, constraints };
  const locked = await lockedVersion(dir, snapshot);
  if (locked) folder.locked = locked;
  return folder;
}

/** The version of the snapshot's provider in the folder's `.terraform.lock.hcl`, if any. */
async function lockedVersion(dir: string, snapshot: Snapshot): Promise<string | undefined> {
  let text: string;
  try {
    text = await readFile(path.join(dir, '.terraform.lock.hcl'), 'utf8');
  } catch {
    return undefined;
  }
  const { json } = await parseHcl(text);
  if (!isBody(json)) return undefined;
  for (const [address, value] of labelled(json, 'provider')) {
    if (sourceAddress(address) !== snapshot.address) continue;
    const version = bodies(value)[0]?.version;
    if (typeof version === 'string') return version;
  }
  return undefined;
}

/**
 * Whether the snapshot covers a block of provider local name `local` with type `type` (a
 * resource or data source type; undefined for a provider block): `covered`, or `other` with
 * the source the folder maps that name to, or `none` when the block is not the snapshot's.
 */
export function coverage(folder: Folder, snapshot: Snapshot, local: string, type: string | undefined, knownTypes: ReadonlySet<string>): { covered: true } | { covered: false; other?: string } {
  const source = folder.sources.get(local);
  if (source === snapshot.address) return { covered: true };
  if (source !== undefined) return { covered: false, other: source };
  // Not declared: Terraform would look for hashicorp/<local>, which does not exist for proxmox;
  // the snapshot's own type names (proxmox_virtual_environment_*) are checked all the same.
  // A provider block of that name is the snapshot's unless the folder uses types of the name
  // that the snapshot does not know (Telmate's proxmox_vm_qemu).
  if (type !== undefined) return { covered: knownTypes.has(type) };
  return { covered: ![...folder.files.values()].some(({ tf }) => usesUnknownType(tf, local, knownTypes)) };
}

function usesUnknownType(tf: TerraformFile, local: string, knownTypes: ReadonlySet<string>): boolean {
  return ['resource', 'data'].some((kind) => labelled(tf.json, kind).some(([type]) => type.startsWith(`${local}_`) && !knownTypes.has(type)));
}

/**
 * How sure the snapshot is for this folder: `exact` when the lock file selected the snapshot's
 * version or the constraints admit it (or there are none), else the reason it may not apply.
 */
export function versionFit(folder: Folder, snapshot: Snapshot): { exact: true } | { exact: false; why: string } {
  const name = `${snapshot.address} ${snapshot.version}`;
  if (folder.locked !== undefined) {
    return folder.locked === snapshot.version ? { exact: true } : { exact: false, why: `schema of ${name}; this folder's lock file selects ${folder.locked}` };
  }
  if (folder.constraints.length === 0) return { exact: true };
  return admits(folder.constraints, snapshot.version) === false ? { exact: false, why: `schema of ${name}; this folder pins ${folder.constraints.join(', ')}` } : { exact: true };
}
