/**
 * bpg/proxmox guests read from `.tf` and `.tofu` files: IDs, names (VM `name`, CT
 * `initialization.hostname`), node, IPv4 address without its prefix, tags, templates, values
 * from a variable's default, lines; `count`/`for_each` and Telmate's resources reported, not read.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTerraformGuests } from '../../../src/init/terraform-guests.js';
import { tempDir, writeTree } from '../../helpers.js';

const MAIN_TF = `terraform {
  required_providers {
    proxmox = { source = "bpg/proxmox" }
  }
}

provider "proxmox" {
  endpoint = "https://192.168.2.200:8006/"
}

variable "web_id" {
  default = 109
}

resource "proxmox_virtual_environment_vm" "web" {
  name      = "web-01"
  node_name = "serviceslab"
  vm_id     = var.web_id
  tags      = ["web", "prod", "Not-A-Group"]

  initialization {
    ip_config {
      ipv4 {
        address = "192.168.2.109/24"
        gateway = "192.168.2.1"
      }
    }
  }
}

resource "proxmox_virtual_environment_vm" "template" {
  name      = "debian-12-template"
  node_name = "serviceslab"
  vm_id     = 9000
  template  = true
}

resource "proxmox_virtual_environment_vm" "workers" {
  count     = 3
  name      = "worker-\${count.index}"
  node_name = "serviceslab"
}
`;

const CT_TOFU = `resource "proxmox_virtual_environment_container" "proxy" {
  node_name = "serviceslab"
  vm_id     = 102

  initialization {
    hostname = "nginx-proxy"
    ip_config {
      ipv4 {
        address = "dhcp"
      }
    }
  }
}

resource "proxmox_lxc" "old" {
  hostname    = "legacy"
  target_node = "pve"
}
`;

describe('Terraform guests', () => {
  it('reads bpg/proxmox VMs, templates and containers from .tf and .tofu files, with their lines', async () => {
    const dir = tempDir();
    writeTree(dir, { 'infra/main.tf': MAIN_TF, 'infra/ct.tofu': CT_TOFU, 'infra/broken.tf': 'resource "proxmox_virtual_environment_vm" "x" {\n' });
    const files = ['infra/broken.tf', 'infra/ct.tofu', 'infra/main.tf'].map((f) => path.join(dir, f));
    const found = await readTerraformGuests(files);
    const rel = (f: string) => path.relative(dir, f);
    expect(found.guests.map((g) => ({ ...g, file: rel(g.file) }))).toEqual([
      { file: 'infra/ct.tofu', line: 1, address: 'proxmox_virtual_environment_container.proxy', kind: 'ct', vmId: 102, name: 'nginx-proxy', node: 'serviceslab', tags: [] },
      { file: 'infra/main.tf', line: 15, address: 'proxmox_virtual_environment_vm.web', kind: 'vm', vmId: 109, name: 'web-01', node: 'serviceslab', ipv4: '192.168.2.109', tags: ['web', 'prod', 'Not-A-Group'] },
      { file: 'infra/main.tf', line: 31, address: 'proxmox_virtual_environment_vm.template', kind: 'template', vmId: 9000, name: 'debian-12-template', node: 'serviceslab', tags: [] },
    ]);
    expect(found.skipped.map((s) => `${rel(s.file)}:${s.line} ${s.address}: ${s.why.split(':')[0]}`)).toEqual([
      'infra/ct.tofu:15 proxmox_lxc.old: Telmate provider (proxmox_vm_qemu/proxmox_lxc), not bpg/proxmox',
      'infra/main.tf:38 proxmox_virtual_environment_vm.workers: count',
    ]);
    expect(found.endpoint).toBe('https://192.168.2.200:8006/');
    expect(found.unparsable.map(rel)).toEqual(['infra/broken.tf']);
  });

  it('leaves values it cannot know undefined (expressions, variables without a default)', async () => {
    const dir = tempDir();
    writeTree(dir, {
      'vm.tf': 'variable "node" {}\nresource "proxmox_virtual_environment_vm" "ha" {\n  name = "Home-Assistant"\n  node_name = var.node\n  vm_id = local.id\n}\n',
    });
    const found = await readTerraformGuests([path.join(dir, 'vm.tf')]);
    expect(found.guests).toEqual([{ file: path.join(dir, 'vm.tf'), line: 2, address: 'proxmox_virtual_environment_vm.ha', kind: 'vm', name: 'Home-Assistant', tags: [] }]);
  });
});
