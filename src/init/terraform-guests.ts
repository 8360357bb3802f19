/**
 * Guests that Terraform/OpenTofu code creates with the bpg/proxmox provider
 * (`proxmox_virtual_environment_vm`, `proxmox_virtual_environment_container`), read from `.tf`
 * and `.tofu` files with the HCL parse of iacgen's Terraform rules (`src/terraform/hcl.ts` for the
 * values, `src/policy/terraform/locate.ts` for the lines). A value is taken when it is a literal
 * or a variable of the same folder with a literal default; `count`/`for_each` resources are
 * reported, not guessed.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { bodies, isBody, labelled, type Body } from '../policy/terraform/module.js';
import { hclLine, scanHcl } from '../policy/terraform/locate.js';
import { parseHcl } from '../terraform/hcl.js';
import { GUEST_RESOURCES, OTHER_PROVIDER_RESOURCES } from './data.js';

/** One guest resource as written. Values not known from the code are undefined. */
export interface TerraformGuest {
  /** Absolute path of the file. */
  file: string;
  line: number;
  /** `proxmox_virtual_environment_vm.web` */
  address: string;
  kind: 'vm' | 'ct' | 'template';
  vmId?: number;
  /** `name` (VM) or `initialization.hostname` (CT), as written. */
  name?: string;
  node?: string;
  /** The IPv4 address of `initialization.ip_config.ipv4.address`, without its `/prefix`. */
  ipv4?: string;
  tags: string[];
}

/** A resource init leaves out, and why (file absolute). */
export interface SkippedResource {
  file: string;
  line: number;
  address: string;
  why: string;
}

/** What the Terraform files say. */
export interface TerraformFindings {
  guests: TerraformGuest[];
  skipped: SkippedResource[];
  /** A literal `endpoint` of a `provider "proxmox"` block, if any. */
  endpoint?: string;
  /** Files that do not parse (absolute), left out. */
  unparsable: string[];
}

interface ParsedFile {
  file: string;
  json: Body;
  lineOf: (p: ReadonlyArray<string | number>) => number;
}

/**
 * Reads the guest resources of Terraform/OpenTofu files.
 * @param files absolute paths of `.tf`/`.tofu` files; unreadable or unparsable ones are listed in `unparsable`
 */
export async function readTerraformGuests(files: readonly string[]): Promise<TerraformFindings> {
  const parsed: ParsedFile[] = [];
  const unparsable: string[] = [];
  for (const file of files) {
    try {
      const text = await readFile(file, 'utf8');
      if (!/proxmox/.test(text)) continue;
      const { json } = await parseHcl(text);
      if (!isBody(json)) throw new Error('not a body');
      const root = scanHcl(text);
      parsed.push({ file, json, lineOf: (p) => hclLine(root, p) });
    } catch {
      unparsable.push(file);
    }
  }
  const guests: TerraformGuest[] = [];
  const skipped: SkippedResource[] = [];
  let endpoint: string | undefined;
  for (const tf of parsed) {
    const siblings = parsed.filter((p) => path.dirname(p.file) === path.dirname(tf.file));
    for (const body of bodies(labelled(tf.json, 'provider').find(([name]) => name === 'proxmox')?.[1])) {
      const value = valueOf(body.endpoint, siblings);
      if (endpoint === undefined && typeof value === 'string' && !value.includes('${')) endpoint = value;
    }
    for (const [type, named] of labelled(tf.json, 'resource')) {
      const kind = GUEST_RESOURCES[type];
      const other = OTHER_PROVIDER_RESOURCES.includes(type);
      if (!kind && !other) continue;
      for (const [label, value] of isBody(named) ? Object.entries(named) : []) {
        bodies(value).forEach((body, index) => {
          const address = `${type}.${label}`;
          const line = tf.lineOf(['resource', type, label, index]);
          if (other) {
            skipped.push({ file: tf.file, line, address, why: 'Telmate provider (proxmox_vm_qemu/proxmox_lxc), not bpg/proxmox: not imported' });
            return;
          }
          const repeat = 'for_each' in body ? 'for_each' : 'count' in body ? 'count' : undefined;
          if (repeat) {
            skipped.push({ file: tf.file, line, address, why: `${repeat}: one guest per element, known only at plan time; add them by hand` });
            return;
          }
          const init = bodies(body.initialization)[0];
          const name = literal(kind === 'ct' ? init?.hostname : body.name, siblings);
          const ip = literal(at(init, ['ip_config', 'ipv4', 'address']), siblings);
          const ipv4 = typeof ip === 'string' ? /^(\d{1,3}(?:\.\d{1,3}){3})(\/\d+)?$/.exec(ip)?.[1] : undefined;
          const node = literal(body.node_name, siblings);
          const vmId = asId(literal(body.vm_id, siblings));
          const tags = valueOf(body.tags, siblings);
          guests.push({
            file: tf.file,
            line,
            address,
            kind: kind === 'vm' && valueOf(body.template, siblings) === true ? 'template' : (kind as 'vm' | 'ct'),
            ...(vmId !== undefined ? { vmId } : {}),
            ...(typeof name === 'string' ? { name } : {}),
            ...(typeof node === 'string' ? { node } : {}),
            ...(ipv4 ? { ipv4 } : {}),
            tags: Array.isArray(tags) ? tags.filter((t): t is string => typeof t === 'string' && !t.includes('${')) : [],
          });
        });
      }
    }
  }
  // parseHcl (hcl2json's shape) orders labels by name: back to the order of the files.
  const byPlace = (a: { file: string; line: number }, b: { file: string; line: number }) => a.file.localeCompare(b.file) || a.line - b.line;
  return { guests: guests.sort(byPlace), skipped: skipped.sort(byPlace), unparsable, ...(endpoint ? { endpoint } : {}) };
}

/** A literal, or the literal default of the variable it references (`${var.x}`) in the same folder. */
function valueOf(value: unknown, module: readonly ParsedFile[]): unknown {
  const ref = typeof value === 'string' ? /^\$\{var\.([A-Za-z_][\w-]*)\}$/.exec(value)?.[1] : undefined;
  if (!ref) return value;
  for (const f of module) {
    for (const body of bodies((f.json.variable as Body | undefined)?.[ref])) if ('default' in body) return body.default;
  }
  return undefined;
}

/** As {@link valueOf}, but a string holding an expression (`${...}`) is not known. */
function literal(value: unknown, module: readonly ParsedFile[]): unknown {
  const v = valueOf(value, module);
  return typeof v === 'string' && v.includes('${') ? undefined : v;
}

function at(body: Body | undefined, keys: readonly string[]): unknown {
  let current: unknown = body;
  for (const key of keys) current = bodies(current)[0]?.[key];
  return current;
}

function asId(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : NaN;
  return Number.isInteger(n) ? n : undefined;
}
