/**
 * `tf-cloud-init-interface-taken`: a bpg/proxmox VM whose `initialization { interface }` puts the
 * cloud-init drive on an interface a disk or CD-ROM already holds: in the VM itself, or in the
 * VM it clones when that template is a resource of the same folder. The cloud-init drive then
 * replaces the disk, and the clone does not boot or the provider crashes
 * (bpg/terraform-provider-proxmox#676: a clone redefined the cloud-init drive as `scsi0`, the
 * template's system disk).
 */
import path from 'node:path';
import { bodies, type Body, type TerraformModule } from '../../terraform/module.js';
import type { RuleLogic } from '../../types.js';
import { first, literal, literalString, moduleResources, referencedName, resourcesOf, type Resource } from './bpg-common.js';

const VM = 'proxmox_virtual_environment_vm';

/** The provider's default CD-ROM interface (docs/resources/virtual_environment_vm.md, `cdrom.interface`). */
const CDROM_DEFAULT = 'ide3';

/** Interfaces a VM body holds with disks and CD-ROMs (literal ones; a `cdrom` block without one is on ide3). */
function heldInterfaces(body: Body, module: TerraformModule): Map<string, string> {
  const held = new Map<string, string>();
  for (const disk of bodies(body.disk)) {
    const iface = literalString(disk.interface, module);
    if (iface) held.set(iface, 'a disk');
  }
  for (const cdrom of bodies(body.cdrom)) {
    const iface = cdrom.interface === undefined ? CDROM_DEFAULT : literalString(cdrom.interface, module);
    if (iface) held.set(iface, 'a CD-ROM');
  }
  return held;
}

/** The VM resource of the module that a `clone { vm_id }` names (a reference, or a literal ID), if any. */
function cloneSource(clone: Body, module: TerraformModule): Resource | undefined {
  const vms = moduleResources(module, [VM]);
  const name = referencedName(clone.vm_id, VM);
  if (name) return vms.find((vm) => vm.name === name);
  const id = literal(clone.vm_id, module);
  return id === undefined ? undefined : vms.find((vm) => String(literal(vm.body.vm_id, module)) === String(id));
}

/** `tf-cloud-init-interface-taken`. */
export const tfCloudInitInterfaceTaken: RuleLogic = {
  fileTypes: ['terraform'],
  async check(file, context) {
    const tf = await file.terraform();
    if (!tf) return [];
    const module = await context.terraformModule(path.dirname(file.absPath));
    return resourcesOf(tf, [VM]).flatMap((vm) => {
      const iface = literalString(first(vm.body.initialization)?.interface, module);
      if (!iface) return [];
      const at = [...vm.path, 'initialization', 0, 'interface'];
      const own = heldInterfaces(vm.body, module).get(iface);
      if (own) return [{ line: tf.lineOf(at), message: `the cloud-init drive is put on ${iface}, which ${own} of this VM uses` }];
      const clone = first(vm.body.clone);
      const source = clone ? cloneSource(clone, module) : undefined;
      const inherited = source ? heldInterfaces(source.body, module).get(iface) : undefined;
      if (!source || !inherited) return [];
      return [{ line: tf.lineOf(at), message: `the clone puts the cloud-init drive on ${iface}, which ${inherited} of its source ${VM}.${source.name} uses` }];
    });
  },
};
