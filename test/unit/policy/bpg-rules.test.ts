/**
 * Edge cases of the bpg/proxmox pitfall rules (the fixtures hold the plain cases): expressions
 * are never guessed at, evidence must be in the folder, and references resolve across files.
 */
import { describe, expect, it } from 'vitest';
import { executable } from '../../../src/policy/rules/terraform/bpg-hook-script.js';
import { tempRepo } from '../../helpers.js';
import { runPolicy } from './helpers.js';

/** Findings of `rule` (as `file:line`) for a folder of Terraform files. */
async function findings(rule: string, files: Record<string, string>): Promise<string[]> {
  const root = tempRepo(files);
  const found = await runPolicy(root, Object.keys(files), { root, inventory: null });
  return found.filter((d) => d.rule === rule).map((d) => `${d.file}:${d.line}`);
}

const TOKEN_PROVIDER = 'provider "proxmox" {\n  endpoint  = "https://pve:8006/"\n  api_token = var.token\n}\n';
const snippet = (attrs: string): string =>
  `resource "proxmox_virtual_environment_file" "f" {\n${attrs}\n  node_name = "pve"\n  source_raw {\n    data      = "x"\n    file_name = "f.txt"\n  }\n}\n`;

describe('tf-snippets-datastore', () => {
  it('says nothing when the content type or the datastore is an expression it cannot evaluate', async () => {
    expect(await findings('tf-snippets-datastore', { 'main.tf': snippet('  content_type = var.kind\n  datastore_id = "local-lvm"') })).toEqual([]);
    expect(await findings('tf-snippets-datastore', { 'main.tf': snippet('  content_type = "snippets"\n  datastore_id = var.ds') })).toEqual([]);
  });

  it('takes the literal default of a module variable', async () => {
    const vars = 'variable "ds" {\n  default = "local-zfs"\n}\n';
    expect(await findings('tf-snippets-datastore', { 'main.tf': snippet('  content_type = "snippets"\n  datastore_id = var.ds'), 'vars.tf': vars })).toEqual(['main.tf:3']);
  });

  it('says nothing without evidence: local, or a storage resource whose content is unknown or has snippets', async () => {
    expect(await findings('tf-snippets-datastore', { 'main.tf': snippet('  content_type = "snippets"\n  datastore_id = "local"') })).toEqual([]);
    for (const content of ['var.content', '["iso", "snippets"]']) {
      const storage = `resource "proxmox_virtual_environment_storage_directory" "s" {\n  id      = "nas"\n  path    = "/mnt/nas"\n  content = ${content}\n}\n`;
      expect(await findings('tf-snippets-datastore', { 'main.tf': snippet('  content_type = "snippets"\n  datastore_id = "nas"'), 'storage.tf': storage })).toEqual([]);
    }
  });

  it('reads a storage resource of another file of the folder, and cloud-init file IDs of a VM', async () => {
    const storage = 'resource "proxmox_storage_nfs" "s" {\n  id      = "nas"\n  content = ["backup"]\n}\n';
    const vm = 'resource "proxmox_virtual_environment_vm" "v" {\n  node_name = "pve"\n  initialization {\n    vendor_data_file_id = "nas:snippets/v.yaml"\n    user_data_file_id   = "local:snippets/u.yaml"\n  }\n}\n';
    expect(await findings('tf-snippets-datastore', { 'vm.tf': vm, 'storage.tf': storage })).toEqual(['vm.tf:4']);
  });

  it('does not take iso files for snippets', async () => {
    expect(await findings('tf-snippets-datastore', { 'main.tf': snippet('  content_type = "iso"\n  datastore_id = "local-lvm"') })).toEqual([]);
  });
});

describe('tf-snippets-no-ssh', () => {
  it('says nothing when the provider block is not in the folder', async () => {
    expect(await findings('tf-snippets-no-ssh', { 'main.tf': snippet('  content_type = "snippets"\n  datastore_id = "local"') })).toEqual([]);
  });

  it('says nothing for an expression, for API uploads (iso), or with a password to fall back on', async () => {
    expect(await findings('tf-snippets-no-ssh', { 'main.tf': snippet('  content_type = var.kind\n  datastore_id = "local"'), 'p.tf': TOKEN_PROVIDER })).toEqual([]);
    expect(await findings('tf-snippets-no-ssh', { 'main.tf': snippet('  content_type = "iso"\n  datastore_id = "local"'), 'p.tf': TOKEN_PROVIDER })).toEqual([]);
    const password = 'provider "proxmox" {\n  endpoint = "https://pve:8006/"\n  username = "root@pam"\n  password = var.password\n}\n';
    expect(await findings('tf-snippets-no-ssh', { 'main.tf': snippet('  content_type = "snippets"\n  datastore_id = "local"'), 'p.tf': password })).toEqual([]);
  });

  it('flags backups too (uploaded over SSH), and follows provider aliases', async () => {
    expect(await findings('tf-snippets-no-ssh', { 'main.tf': snippet('  content_type = "backup"\n  datastore_id = "local"'), 'p.tf': TOKEN_PROVIDER })).toEqual(['main.tf:2']);
    const aliased = `${TOKEN_PROVIDER}provider "proxmox" {\n  alias     = "ssh"\n  endpoint  = "https://pve:8006/"\n  api_token = var.token\n  ssh {\n    agent = true\n  }\n}\n`;
    const viaAlias = snippet('  content_type = "snippets"\n  datastore_id = "local"\n  provider     = proxmox.ssh');
    expect(await findings('tf-snippets-no-ssh', { 'main.tf': viaAlias, 'p.tf': aliased })).toEqual([]);
    const viaDefault = snippet('  content_type = "snippets"\n  datastore_id = "local"');
    expect(await findings('tf-snippets-no-ssh', { 'main.tf': viaDefault, 'p.tf': aliased })).toEqual(['main.tf:2']);
  });
});

describe('tf-cloud-init-interface-taken', () => {
  const template = 'resource "proxmox_virtual_environment_vm" "t" {\n  node_name = "pve"\n  vm_id     = 9000\n  disk {\n    interface = "virtio0"\n  }\n}\n';
  const clone = (vmId: string, iface: string): string =>
    `resource "proxmox_virtual_environment_vm" "c" {\n  node_name = "pve"\n  clone {\n    vm_id = ${vmId}\n  }\n  initialization {\n    interface = ${iface}\n  }\n}\n`;

  it('resolves a literal clone ID to a template of another file', async () => {
    expect(await findings('tf-cloud-init-interface-taken', { 't.tf': template, 'c.tf': clone('9000', '"virtio0"') })).toEqual(['c.tf:7']);
  });

  it('says nothing for an interface expression, a free interface, or a template outside the folder', async () => {
    expect(await findings('tf-cloud-init-interface-taken', { 't.tf': template, 'c.tf': clone('9000', 'var.iface') })).toEqual([]);
    expect(await findings('tf-cloud-init-interface-taken', { 't.tf': template, 'c.tf': clone('9000', '"scsi1"') })).toEqual([]);
    expect(await findings('tf-cloud-init-interface-taken', { 'c.tf': clone('9001', '"virtio0"') })).toEqual([]);
  });
});

describe('tf-hook-script-not-executable', () => {
  const hook = (mode: string): string =>
    `resource "proxmox_virtual_environment_file" "h" {\n  content_type = "snippets"\n  datastore_id = "local"\n  node_name    = "pve"\n${mode}\n  source_raw {\n    data      = "x"\n    file_name = "h.sh"\n  }\n}\n`;
  const guest = 'resource "proxmox_virtual_environment_container" "ct" {\n  node_name           = "pve"\n  hook_script_file_id = proxmox_virtual_environment_file.h.id\n}\n';

  it('says nothing for an executable mode, a mode expression, or a script not in the folder', async () => {
    expect(await findings('tf-hook-script-not-executable', { 'h.tf': hook('  file_mode = "755"'), 'ct.tf': guest })).toEqual([]);
    expect(await findings('tf-hook-script-not-executable', { 'h.tf': hook('  file_mode = var.mode'), 'ct.tf': guest })).toEqual([]);
    expect(await findings('tf-hook-script-not-executable', { 'ct.tf': guest })).toEqual([]);
  });

  it('flags a script of another file uploaded without file_mode', async () => {
    expect(await findings('tf-hook-script-not-executable', { 'h.tf': hook(''), 'ct.tf': guest })).toEqual(['ct.tf:3']);
  });

  it.each([['0700', true], ['600', false], ['0644', false], ['0710', true], ['0o700', undefined], ['rwx', undefined]] as const)(
    'executable(%s) is %s',
    (mode, expected) => expect(executable(mode)).toBe(expected),
  );
});
