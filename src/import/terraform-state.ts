/**
 * Reading the JSON of `terraform show -json` (Terraform's JSON output format: `format_version`,
 * `values.root_module.resources[]` with `address`, `mode`, `type`, `name`, `values`, and
 * `child_modules[]` of the same shape) for the guests of the bpg/proxmox provider.
 *
 * Attributes (bpg/terraform-provider-proxmox `docs/resources/virtual_environment_vm.md` and
 * `virtual_environment_container.md`, commit d6bd1ff): `vm_id`, `node_name`, `template`, `tags`
 * (a list), the VM's `name`, the container's `initialization.hostname`, and
 * `initialization.ip_config.ipv4.address` in CIDR notation (`192.168.2.10/24`, or `dhcp`). In
 * the state, nested blocks are lists (`initialization[0].ip_config[0].ipv4[0].address`). A VM's
 * `ipv4_addresses` (from the guest agent) is used when no static address is configured.
 */
import { ipv4 } from '../inventory/schema.js';
import { STATE_GUEST_RESOURCES } from './data.js';
import { asVmid } from './pvesh.js';
import { readTags } from './tags.js';
import type { ImportedGuest, ImportRead, ImportSkipped } from './types.js';

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * True when `data` looks like `terraform show -json` output: an object with a string
 * `format_version` (before the first apply it is only `{"format_version":"1.0"}`).
 */
export function isTerraformState(data: unknown): data is Obj {
  return isObj(data) && typeof data.format_version === 'string' && !('_meta' in data);
}

/** Reads the bpg/proxmox guests of a `terraform show -json` state (root and child modules). Pure. */
export function readTerraformState(file: string, data: Obj): ImportRead {
  const guests: ImportedGuest[] = [];
  const skipped: ImportSkipped[] = [];
  const values = isObj(data.values) ? data.values : {};
  const visit = (module: unknown): void => {
    if (!isObj(module)) return;
    for (const resource of Array.isArray(module.resources) ? module.resources : []) {
      if (!isObj(resource) || resource.mode !== 'managed' || typeof resource.type !== 'string') continue;
      const kind = STATE_GUEST_RESOURCES[resource.type];
      if (!kind) continue;
      const address = String(resource.address ?? `${resource.type}.${String(resource.name)}`);
      const source = `${file}: ${address}`;
      const v = isObj(resource.values) ? resource.values : {};
      const id = asVmid(v.vm_id);
      if (id === undefined) {
        skipped.push({ what: address, source, why: 'no vm_id in the state' });
        continue;
      }
      const init = first(v.initialization);
      const name = kind === 'ct' ? init?.hostname : v.name;
      const configured = first(first(first(init?.ip_config)?.ipv4))?.address;
      const cidr = typeof configured === 'string' ? /^(\d{1,3}(?:\.\d{1,3}){3})\/\d{1,2}$/.exec(configured)?.[1] : undefined;
      const reported = Array.isArray(v.ipv4_addresses) ? v.ipv4_addresses.flat().find((a) => typeof a === 'string' && ipv4.safeParse(a).success && !a.startsWith('127.')) : undefined;
      const address4 = cidr !== undefined && ipv4.safeParse(cidr).success ? cidr : (reported as string | undefined);
      const tags = readTags(v.tags);
      const notes = [...tags.notes];
      if (address4 === undefined && typeof configured === 'string') notes.push(`ipv4 address is ${configured}: address not imported`);
      guests.push({
        id,
        type: v.template === true ? 'template' : kind,
        rawName: typeof name === 'string' && name !== '' ? name : `${kind}-${id}`,
        ...(typeof v.node_name === 'string' ? { node: v.node_name } : {}),
        ...(address4 !== undefined ? { address: address4 } : {}),
        groups: tags.groups,
        ...(tags.role !== undefined ? { role: tags.role } : {}),
        source,
        notes,
      });
    }
    for (const child of Array.isArray(module.child_modules) ? module.child_modules : []) visit(child);
  };
  if (!isObj(values.root_module)) skipped.push({ what: 'the state', source: file, why: 'no resources in it (before the first terraform apply the state is empty)' });
  visit(values.root_module);
  return { file, format: 'terraform-state', guests, skipped };
}

/** The first element of a nested block list (or the block itself). */
function first(value: unknown): Obj | undefined {
  if (Array.isArray(value)) return isObj(value[0]) ? value[0] : undefined;
  return isObj(value) ? value : undefined;
}
