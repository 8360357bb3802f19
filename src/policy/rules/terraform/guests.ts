/**
 * Terraform rules that hold Proxmox targets to the inventory: a new guest's ID must be free,
 * IDs that are referenced (data sources, clone sources) and node names must exist. Values are
 * literals or module variables with a literal default (`vm_id = var.vm_id`); others are not
 * checked. Knows bpg/proxmox (`vm_id`, `node_name`) and Telmate's (`vmid`, `target_node`).
 */
import path from 'node:path';
import type { Inventory } from '../../../inventory/schema.js';
import { bodies, isBody, labelled, type Body, type TerraformFile, type TerraformModule } from '../../terraform/module.js';
import type { Finding, PolicyFile, RuleContext, RuleLogic } from '../../types.js';

/** Resource types that create a guest, with the attribute holding its ID and its name. */
const GUEST_RESOURCES: Readonly<Record<string, { id: string; name: string[] }>> = {
  proxmox_virtual_environment_vm: { id: 'vm_id', name: ['name'] },
  proxmox_virtual_environment_container: { id: 'vm_id', name: ['initialization', 'hostname'] },
  proxmox_vm_qemu: { id: 'vmid', name: ['name'] },
  proxmox_lxc: { id: 'vmid', name: ['hostname'] },
};

/** Data sources that read an existing guest by ID. */
const GUEST_DATA: readonly string[] = ['proxmox_virtual_environment_vm', 'proxmox_virtual_environment_container'];

const NODE_ATTRIBUTES: readonly string[] = ['node_name', 'target_node'];

/** A block of a Proxmox resource or data source, with its path in the file. */
interface Block {
  kind: 'resource' | 'data';
  type: string;
  body: Body;
  path: Array<string | number>;
}

function proxmoxBlocks(tf: TerraformFile): Block[] {
  return (['resource', 'data'] as const).flatMap((kind) =>
    labelled(tf.json, kind)
      .filter(([type]) => type.startsWith('proxmox_'))
      .flatMap(([type, named]) =>
        (isBody(named) ? Object.entries(named) : []).flatMap(([name, value]) =>
          bodies(value).map((body, i) => ({ kind, type, body, path: [kind, type, name, i] })),
        ),
      ),
  );
}

/** A literal value, or the default of the module variable it references (`${var.x}`). */
function valueOf(value: unknown, module: TerraformModule): unknown {
  const ref = typeof value === 'string' ? /^\$\{var\.([A-Za-z_][\w-]*)\}$/.exec(value)?.[1] : undefined;
  if (!ref) return value;
  for (const f of module.files) {
    for (const body of bodies((f.json.variable as Body | undefined)?.[ref])) if ('default' in body) return body.default;
  }
  return undefined;
}

function asId(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : NaN;
  return Number.isInteger(n) ? n : undefined;
}

function at(body: Body, keys: readonly string[]): unknown {
  let current: unknown = body;
  for (const key of keys) current = bodies(current)[0]?.[key];
  return current;
}

/** A rule over the Proxmox blocks of a file, with the module for variable defaults. */
function perBlock(visit: (b: Block, tf: TerraformFile, module: TerraformModule, inventory: Inventory) => Finding[]): RuleLogic {
  return {
    fileTypes: ['terraform'],
    async check(file: PolicyFile, context: RuleContext) {
      const tf = await file.terraform();
      const inventory = context.inventory;
      if (!tf || !inventory) return [];
      const module = await context.terraformModule(path.dirname(file.absPath));
      return proxmoxBlocks(tf).flatMap((b) => visit(b, tf, module, inventory));
    },
  };
}

/** `tf-vm-id-collision`: a resource creating a guest whose ID belongs to another inventory guest. */
export const tfVmIdCollision = perBlock((b, tf, module, inventory) => {
  const spec = GUEST_RESOURCES[b.type];
  if (b.kind !== 'resource' || !spec) return [];
  const id = asId(valueOf(b.body[spec.id], module));
  const guest = inventory.guests.find((g) => g.id === id);
  if (!guest || valueOf(at(b.body, spec.name), module) === guest.name) return [];
  return [{ line: tf.lineOf([...b.path, spec.id]), message: `${spec.id} ${guest.id} is already ${guest.type.toUpperCase()} ${guest.name} in the inventory` }];
});

/** `tf-vm-id-unknown`: data sources and clone sources that name an ID the inventory lacks. */
export const tfVmIdUnknown = perBlock((b, tf, module, inventory) => {
  const refs: Array<{ value: unknown; path: Array<string | number> }> = [];
  if (b.kind === 'data' && GUEST_DATA.includes(b.type)) refs.push({ value: b.body.vm_id, path: [...b.path, 'vm_id'] });
  if (b.kind === 'resource') {
    bodies(b.body.clone).forEach((clone, i) => refs.push({ value: clone.vm_id ?? clone.vmid, path: [...b.path, 'clone', i, 'vm_id'] }));
  }
  return refs.flatMap(({ value, path: p }) => {
    const id = asId(valueOf(value, module));
    if (id === undefined || inventory.guests.some((g) => g.id === id)) return [];
    return [{ line: tf.lineOf(p), message: `guest ID ${id} is not in the inventory` }];
  });
});

/** `tf-node-unknown`: a node name other than the inventory's node. */
export const tfNodeUnknown = perBlock((b, tf, module, inventory) => {
  const places: Array<{ body: Body; path: Array<string | number> }> = [{ body: b.body, path: b.path }];
  bodies(b.body.clone).forEach((clone, i) => places.push({ body: clone, path: [...b.path, 'clone', i] }));
  return places.flatMap(({ body, path: p }) =>
    NODE_ATTRIBUTES.flatMap((attr) => {
      const node = valueOf(body[attr], module);
      if (typeof node !== 'string' || node.includes('${') || node === inventory.proxmox.node) return [];
      return [{ line: tf.lineOf([...p, attr]), message: `node '${node}' is not the inventory's node (${inventory.proxmox.node})` }];
    }),
  );
});
