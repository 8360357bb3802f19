/**
 * What `iacgen import` reads from a saved JSON file, before it meets `iacgen.yaml`: one guest
 * per Proxmox VMID (or per Ansible host without one), with the facts that source knows. A field
 * left undefined is one the source does not say; merging never changes it.
 */
import type { Guest } from '../inventory/schema.js';

/** The formats `iacgen import` recognises by the JSON's shape. */
export type ImportFormat = 'pvesh-resources' | 'pvesh-listing' | 'ansible-inventory' | 'terraform-state';

/** One guest as a source describes it. */
export interface ImportedGuest {
  /** Proxmox VMID; undefined for an Ansible host that carries no `proxmox_vmid`. */
  id?: number;
  /** Undefined when the source does not say (an Ansible host without `proxmox_vmtype`). */
  type?: Guest['type'];
  /** The name as the source spells it (`Home_Assistant`); made a DNS label when merged. */
  rawName: string;
  /** The Proxmox node it runs on, when the source says (reported; iacgen.yaml has no per-guest node). */
  node?: string;
  /** IPv4 address without prefix; undefined when the source does not say. */
  address?: string;
  /** Ansible group names (already filtered to valid names), when the source says. */
  groups?: string[];
  /** A role from a `role-<name>` tag; undefined when no tag says. */
  role?: string;
  /** `file` or `file: <where in it>` (a JSON path such as `[3]` or a Terraform address). */
  source: string;
  /** What the user should know about this guest (tags left out, a name made a DNS label...). */
  notes: string[];
}

/** Something in a file that is not imported, and why. */
export interface ImportSkipped {
  what: string;
  source: string;
  why: string;
}

/** The result of reading one file. */
export interface ImportRead {
  /** The file as given on the command line. */
  file: string;
  format: ImportFormat;
  guests: ImportedGuest[];
  skipped: ImportSkipped[];
}
