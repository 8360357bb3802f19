/**
 * terraform-schema: each diagnostic kind on small HCL against a small schema written here (the
 * shape of `terraform providers schema -json`), the version rules, and the committed snapshot.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkFile, SNAPSHOT_VERSION, toDiagnostics } from '../../../src/check/checkers/terraform-schema.js';
import { loadFolder } from '../../../src/check/checkers/terraform/schema-folder.js';
import { bpgSnapshot, readSnapshot, type Snapshot } from '../../../src/check/checkers/terraform/schema-snapshot.js';
import { admits } from '../../../src/check/checkers/terraform/schema-version.js';
import { tempDir, writeTree } from '../../helpers.js';

const SNAPSHOT: Snapshot = readSnapshot({
  iacgen: { provider: 'bpg/proxmox', version: '0.111.1' },
  provider_schemas: {
    'registry.terraform.io/bpg/proxmox': {
      provider: { block: { attributes: { endpoint: { type: 'string', optional: true }, insecure: { type: 'bool', optional: true } }, block_types: { ssh: { nesting_mode: 'list', max_items: 1, block: { attributes: { agent: { type: 'bool', optional: true } } } } } } },
      resource_schemas: {
        proxmox_virtual_environment_vm: {
          block: {
            attributes: {
              node_name: { type: 'string', required: true },
              vm_id: { type: 'number', optional: true, computed: true },
              started: { type: 'bool', optional: true },
              tags: { type: ['list', 'string'], optional: true },
              network_device: { type: ['list', ['object', { bridge: 'string', mtu: 'number' }]], optional: true, computed: true },
              ipv4_addresses: { type: ['list', ['list', 'string']], computed: true },
              template: { type: 'bool', optional: true, deprecated: true, description: 'use the template resource' },
            },
            block_types: {
              cpu: { nesting_mode: 'list', max_items: 1, block: { attributes: { cores: { type: 'number', optional: true }, units: { type: 'number', optional: true } } } },
              disk: { nesting_mode: 'list', block: { attributes: { interface: { type: 'string', required: true }, size: { type: 'number', optional: true } } } },
              clone: { nesting_mode: 'list', max_items: 1, block: { attributes: { vm_id: { type: 'number', required: true } } } },
            },
          },
        },
        proxmox_virtual_environment_pool: {
          block: { attributes: { pool_id: { type: 'string', required: true } }, block_types: { member: { nesting_mode: 'list', min_items: 2, block: { attributes: { id: { type: 'string', optional: true } } } } } },
        },
        proxmox_virtual_environment_acme_account: {
          block: {
            attributes: {
              contact: { type: 'string', required: true },
              eab: { nested_type: { nesting_mode: 'single', attributes: { kid: { type: 'string', required: true }, hmac: { type: 'number', optional: true } } }, optional: true },
            },
          },
        },
      },
      data_source_schemas: { proxmox_virtual_environment_nodes: { block: { attributes: { names: { type: ['list', 'string'], computed: true } } } } },
    },
  },
});

const BPG = `terraform {\n  required_providers {\n    proxmox = {\n      source  = "bpg/proxmox"\n      version = "~> 0.111"\n    }\n  }\n}\n`;

/** The diagnostics of `main.tf` (or the file named) in a folder holding `files`, as `line rule`. */
async function run(files: Record<string, string>, name = 'main.tf', snapshot = SNAPSHOT) {
  const dir = tempDir('iacgen-tfschema-');
  writeTree(dir, files);
  const folder = await loadFolder(dir, snapshot);
  const file = folder.files.get(path.join(dir, name));
  if (!file) throw new Error(`${name} did not parse`);
  const { findings, notCovered } = checkFile(file, folder, snapshot);
  const diagnostics = toDiagnostics(findings, file, folder, snapshot, name);
  return { diagnostics, notCovered, brief: diagnostics.map((d) => `${d.line}:${d.column} ${d.severity} ${d.rule}`) };
}

const vm = (body: string): string => `resource "proxmox_virtual_environment_vm" "web" {\n  node_name = "pve"\n${body}}\n`;

describe('terraform-schema diagnostics', () => {
  it('finds nothing in a valid VM', async () => {
    const { diagnostics } = await run({ 'main.tf': vm('  vm_id = 100\n  cpu {\n    cores = 2\n  }\n  disk {\n    interface = "scsi0"\n  }\n  disk {\n    interface = "scsi1"\n  }\n'), 'versions.tf': BPG });
    expect(diagnostics).toEqual([]);
  });

  it('unknown-attribute at its line and column, with "did you mean"', async () => {
    const { diagnostics } = await run({ 'main.tf': vm('  cpu {\n    cors = 2\n  }\n'), 'versions.tf': BPG });
    expect(diagnostics).toEqual([
      { file: 'main.tf', line: 4, column: 5, severity: 'error', rule: 'unknown-attribute', message: 'proxmox_virtual_environment_vm.cpu has no attribute named "cors"; did you mean "cores"?', source: 'terraform-schema' },
    ]);
  });

  it('unknown-block, and no suggestion when nothing is close', async () => {
    const { diagnostics } = await run({ 'main.tf': vm('  cpux {\n    cores = 2\n  }\n  zzzzzz = 1\n'), 'versions.tf': BPG });
    expect(diagnostics.map((d) => [d.line, d.rule, d.message])).toEqual([
      [3, 'unknown-block', 'proxmox_virtual_environment_vm has no block type named "cpux"; did you mean "cpu"?'],
      [6, 'unknown-attribute', 'proxmox_virtual_environment_vm has no attribute named "zzzzzz"'],
    ]);
  });

  it('missing-required attribute and block at the block line; min-items when too few', async () => {
    const { brief, diagnostics } = await run({
      'main.tf': 'resource "proxmox_virtual_environment_vm" "a" {\n  disk {\n    size = 8\n  }\n}\nresource "proxmox_virtual_environment_pool" "p" {\n  member {}\n}\nresource "proxmox_virtual_environment_pool" "q" {\n  pool_id = "q"\n}\n',
      'versions.tf': BPG,
    });
    expect(brief).toEqual(['1:1 error missing-required', '2:3 error missing-required', '6:1 error missing-required', '6:1 error min-items', '9:1 error missing-required']);
    expect(diagnostics.map((d) => d.message)).toEqual([
      'proxmox_virtual_environment_vm requires attribute "node_name"',
      'proxmox_virtual_environment_vm.disk requires attribute "interface"',
      'proxmox_virtual_environment_pool requires attribute "pool_id"',
      'proxmox_virtual_environment_pool needs at least 2 "member" blocks, has 1',
      'proxmox_virtual_environment_pool requires block "member" (at least 2)',
    ]);
  });

  it('computed-only attributes cannot be set; optional+computed ones can', async () => {
    const { brief } = await run({ 'main.tf': vm('  vm_id = 101\n  ipv4_addresses = []\n'), 'versions.tf': BPG });
    expect(brief).toEqual(['4:3 error computed-only']);
  });

  it('type-mismatch only for literals that do not convert', async () => {
    const body = [
      '  vm_id = "abc"', // 3: no number
      '  started = "yes"', // 4: no bool
      '  tags = "a"', // 5: a string where a list goes
      '  cpu {',
      '    cores = "2"', // converts
      '    units = true', // 8: a bool is no number
      '  }',
    ].join('\n');
    const { brief, diagnostics } = await run({ 'main.tf': vm(`${body}\n`), 'versions.tf': BPG });
    expect(brief).toEqual(['3:3 error type-mismatch', '4:3 error type-mismatch', '5:3 error type-mismatch', '8:5 error type-mismatch']);
    expect(diagnostics[0]?.message).toBe('vm_id of proxmox_virtual_environment_vm: the string "abc" where number goes');
  });

  it('never judges expressions, function calls, references or null', async () => {
    const body = '  vm_id = var.id\n  started = local.on ? true : false\n  tags = concat(["a"], var.t)\n  cpu {\n    cores = "${var.n}"\n    units = null\n  }\n';
    const { diagnostics } = await run({ 'main.tf': `variable "id" {}\nvariable "t" {}\nvariable "n" {}\nlocals {\n  on = true\n}\n${vm(body)}`, 'versions.tf': BPG });
    expect(diagnostics).toEqual([]);
  });

  it('max-items at the extra block; dynamic blocks are not counted but their content is checked', async () => {
    const { brief } = await run({ 'main.tf': vm('  cpu {\n    cores = 1\n  }\n  cpu {\n    cores = 2\n  }\n  dynamic "disk" {\n    for_each = var.d\n    content {\n      interfac = disk.value\n    }\n  }\n'), 'versions.tf': `${BPG}variable "d" {}\n` });
    expect(brief).toEqual(['6:3 error max-items', '11:5 error missing-required', '12:7 error unknown-attribute']);
  });

  it('a required block given only through dynamic is not missing', async () => {
    const { brief } = await run({ 'main.tf': 'resource "proxmox_virtual_environment_pool" "p" {\n  pool_id = "p"\n  dynamic "member" {\n    for_each = var.m\n    content {\n      id = member.value\n    }\n  }\n}\n', 'versions.tf': BPG });
    expect(brief).toEqual([]);
  });

  it('block-as-attribute both ways', async () => {
    const { brief, diagnostics } = await run({ 'main.tf': vm('  cpu = {\n    cores = 2\n  }\n  started {\n  }\n'), 'versions.tf': BPG });
    expect(brief).toEqual(['3:3 error block-as-attribute', '6:3 error block-as-attribute']);
    expect(diagnostics[0]?.message).toBe('cpu is a block of proxmox_virtual_environment_vm, written as an attribute: write cpu { ... }');
  });

  it('list-of-object attributes may be written as blocks (legacy SDK), their fields checked', async () => {
    const { brief, diagnostics } = await run({ 'main.tf': vm('  network_device {\n    bridge = "vmbr0"\n  }\n  network_device {\n    mtu = "big"\n    brige = "x"\n  }\n'), 'versions.tf': BPG });
    expect(brief).toEqual(['7:5 error type-mismatch', '8:5 error unknown-attribute']);
    expect(diagnostics[1]?.message).toBe('proxmox_virtual_environment_vm.network_device has no attribute named "brige"; did you mean "bridge"?');
  });

  it('deprecated attribute is a warning with its message', async () => {
    const { diagnostics } = await run({ 'main.tf': vm('  template = true\n'), 'versions.tf': BPG });
    expect(diagnostics.map((d) => [d.line, d.severity, d.rule, d.message])).toEqual([[3, 'warning', 'deprecated', 'template of proxmox_virtual_environment_vm is deprecated: use the template resource']]);
  });

  it('meta-arguments are known; lifecycle and provisioner contents are not checked', async () => {
    const body = '  count = 2\n  depends_on = [terraform_data.x]\n  provider = proxmox.pve2\n  lifecycle {\n    ignore_changes = [tags]\n  }\n  provisioner "local-exec" {\n    command = "true"\n  }\n';
    const { diagnostics } = await run({ 'main.tf': vm(body), 'versions.tf': BPG });
    expect(diagnostics).toEqual([]);
  });

  it('nested attributes (x = { ... }) are checked inside', async () => {
    const { brief, diagnostics } = await run({ 'main.tf': 'resource "proxmox_virtual_environment_acme_account" "a" {\n  contact = "a@b.c"\n  eab = {\n    kd = "x"\n    hmac = "z"\n  }\n}\n', 'versions.tf': BPG });
    expect(brief).toEqual(['3:3 error missing-required', '4:5 error unknown-attribute', '5:5 error type-mismatch']);
    expect(diagnostics[1]?.message).toContain('did you mean "kid"?');
  });

  it('provider blocks and data sources', async () => {
    const { brief } = await run({ 'main.tf': 'provider "proxmox" {\n  endpont = "https://pve:8006/"\n  alias = "x"\n  ssh {\n    agent = "maybe"\n  }\n}\ndata "proxmox_virtual_environment_nodes" "n" {\n  names = []\n}\ndata "proxmox_virtual_environment_nodez" "m" {}\n', 'versions.tf': BPG });
    expect(brief).toEqual(['2:3 error unknown-attribute', '5:5 error type-mismatch', '9:3 error computed-only', '11:1 error unknown-type']);
  });

  it('override files need no required attributes (Terraform merges them into the base block)', async () => {
    const files = { 'main.tf': vm(''), 'main_override.tf': 'resource "proxmox_virtual_environment_vm" "web" {\n  cpu {\n    cors = 4\n  }\n}\n', 'versions.tf': BPG };
    expect((await run(files, 'main_override.tf')).brief).toEqual(['3:5 error unknown-attribute']);
  });

  it('.tf.json files are checked too (no block/attribute distinction)', async () => {
    const json = JSON.stringify({ resource: { proxmox_virtual_environment_vm: { a: { node_name: 'pve', cpu: { cors: 2 }, '//': 'comment' } } } }, null, 2);
    const { brief } = await run({ 'main.tf.json': json, 'versions.tf': BPG }, 'main.tf.json');
    expect(brief).toEqual(['7:12 error unknown-attribute']);
  });
});

describe('terraform-schema coverage and versions', () => {
  it('a folder that maps proxmox to Telmate/proxmox is not checked, and says so', async () => {
    const { diagnostics, notCovered } = await run({
      'main.tf': 'terraform {\n  required_providers {\n    proxmox = {\n      source = "Telmate/proxmox"\n    }\n  }\n}\nprovider "proxmox" {\n  pm_api_url = "x"\n}\nresource "proxmox_vm_qemu" "a" {\n  name = "a"\n}\n',
    });
    expect(diagnostics).toEqual([]);
    expect(notCovered).toEqual(['"proxmox" is telmate/proxmox in this folder\'s required_providers, not bpg/proxmox']);
  });

  it('without required_providers the snapshot\'s own types are checked, others are not', async () => {
    const { brief } = await run({ 'main.tf': 'resource "proxmox_vm_qemu" "a" {\n  x = 1\n}\nresource "proxmox_virtual_environment_vm" "b" {\n  node_name = "pve"\n  x = 1\n}\n' });
    expect(brief).toEqual(['6:3 error unknown-attribute']);
  });

  it('a provider "proxmox" block alone (no required_providers) is the snapshot\'s', async () => {
    const { brief } = await run({ 'main.tf': 'provider "proxmox" {\n  endpoint = "https://pve:8006/"\n  insecur = true\n}\n' });
    expect(brief).toEqual(['3:3 error unknown-attribute']);
  });

  it('findings are warnings naming the pin when the folder excludes the snapshot\'s version', async () => {
    const pinned = BPG.replace('~> 0.111', '= 0.50.0');
    const { diagnostics } = await run({ 'main.tf': vm('  cpu {\n    cors = 2\n  }\n'), 'versions.tf': pinned });
    expect(diagnostics.map((d) => [d.severity, d.message])).toEqual([
      ['warning', 'proxmox_virtual_environment_vm.cpu has no attribute named "cors"; did you mean "cores"? (schema of bpg/proxmox 0.111.1; this folder pins = 0.50.0)'],
    ]);
  });

  it('the lock file\'s exact version decides over the constraint', async () => {
    const lock = 'provider "registry.terraform.io/bpg/proxmox" {\n  version     = "0.66.1"\n  constraints = "~> 0.66"\n  hashes = []\n}\n';
    const { diagnostics } = await run({ 'main.tf': vm('  cpu {\n    cors = 2\n  }\n'), 'versions.tf': BPG.replace('~> 0.111', '>= 0.60'), '.terraform.lock.hcl': lock });
    expect(diagnostics.map((d) => d.severity)).toEqual(['warning']);
    expect(diagnostics[0]?.message).toMatch(/lock file selects 0\.66\.1\)$/);
  });

  it('reads Terraform constraints', () => {
    expect(admits(['~> 0.66'], '0.111.1')).toBe(true);
    expect(admits(['~> 0.66.0'], '0.111.1')).toBe(false);
    expect(admits(['>= 0.60, < 1.0'], '0.111.1')).toBe(true);
    expect(admits(['>= 0.60', '< 0.100'], '0.111.1')).toBe(false);
    expect(admits(['= 0.50.0'], '0.111.1')).toBe(false);
    expect(admits(['0.111.1'], '0.111.1')).toBe(true);
    expect(admits(['!= 0.111.1'], '0.111.1')).toBe(false);
    expect(admits(['> 0.111.0'], '0.111.1')).toBe(true);
    expect(admits(['~> 1'], '1.9.0')).toBe(true);
    expect(admits(['>= banana'], '0.111.1')).toBeUndefined();
  });
});

describe('committed snapshot', () => {
  it('names the version the checker reports', async () => {
    const snapshot = await bpgSnapshot();
    expect(snapshot.address).toBe('bpg/proxmox');
    expect(snapshot.version).toBe(SNAPSHOT_VERSION);
  });
});
