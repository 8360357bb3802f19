/**
 * What `iacgen init` looks for in an existing repository, as data: where Ansible inventories,
 * Terraform/OpenTofu files and the folders of `paths:` usually are, which groups hold Proxmox
 * nodes, and the values init invents when a fact is not in the repository. The logic that uses
 * these tables is in the other files of `src/init/`.
 */

/**
 * Inventory files looked for, relative to the repository root (globs: `*` is one path segment).
 * The `inventory =` of `ansible.cfg` (at the root or in an `ansible/` folder) is read as well.
 */
export const INVENTORY_GLOBS: readonly string[] = [
  'hosts', 'hosts.ini', 'hosts.yml', 'hosts.yaml',
  'inventory', 'inventory.ini', 'inventory.yml', 'inventory.yaml',
  'inventory/hosts', 'inventory/hosts.ini', 'inventory/hosts.yml', 'inventory/hosts.yaml',
  'inventories/*/hosts', 'inventories/*/hosts.ini', 'inventories/*/hosts.yml', 'inventories/*/hosts.yaml',
  'ansible/hosts', 'ansible/hosts.ini', 'ansible/hosts.yml', 'ansible/hosts.yaml',
  'ansible/inventory', 'ansible/inventory.ini', 'ansible/inventory.yml', 'ansible/inventory.yaml',
  'ansible/inventory/hosts', 'ansible/inventory/hosts.ini', 'ansible/inventory/hosts.yml', 'ansible/inventory/hosts.yaml',
  'ansible/inventories/*/hosts', 'ansible/inventories/*/hosts.ini', 'ansible/inventories/*/hosts.yml', 'ansible/inventories/*/hosts.yaml',
];

/** Where an `ansible.cfg` naming the inventory (`inventory = ...` under `[defaults]`) is looked for. */
export const ANSIBLE_CFG_FILES: readonly string[] = ['ansible.cfg', 'ansible/ansible.cfg'];

/**
 * Files ansible skips in an inventory folder (its INVENTORY_IGNORE_EXTS and
 * INVENTORY_IGNORE_PATTERNS defaults, ansible-core 2.14): `.ini` files among them.
 */
export const INVENTORY_DIR_IGNORED_EXTENSIONS: readonly string[] = ['~', '.orig', '.bak', '.ini', '.cfg', '.retry', '.pyc', '.pyo', '.md', '.txt', '.rst'];

/** File extensions the `yaml` inventory plugin accepts (it also tries files with none). */
export const YAML_INVENTORY_EXTENSIONS: readonly string[] = ['.yml', '.yaml', '.json'];

/** Extensions of Terraform and OpenTofu files. */
export const TERRAFORM_EXTENSIONS: readonly string[] = ['.tf', '.tofu'];

/** Folders never walked when looking for Terraform files. */
export const SKIPPED_FOLDERS: ReadonlySet<string> = new Set(['.git', '.terraform', 'node_modules', '.iacgen', '.venv', 'venv', '.tox', 'vendor']);

/** The most files and folder levels the Terraform walk visits (a huge monorepo stays quick). */
export const WALK_LIMITS = { files: 20_000, depth: 8 } as const;

/** bpg/proxmox resources that create a guest, and the guest kind each makes. */
export const GUEST_RESOURCES: Readonly<Record<string, 'vm' | 'ct'>> = {
  proxmox_virtual_environment_vm: 'vm',
  proxmox_virtual_environment_container: 'ct',
};

/** Telmate's resources: another provider, noted but not imported. */
export const OTHER_PROVIDER_RESOURCES: readonly string[] = ['proxmox_vm_qemu', 'proxmox_lxc'];

/** Ansible groups whose hosts are probably Proxmox nodes rather than guests. */
export const NODE_GROUP_PATTERN = /^(proxmox|pve)(_?(nodes?|hosts?|servers?|cluster|hypervisors?))?$|^hypervisors?$/;

/**
 * Values invented when the repository does not say: guest IDs from an Ansible-only host start
 * here (skipping IDs in use), the kind is a VM, and the Proxmox node is `pve` (the installer's
 * default name) behind an API address that can never resolve (`.invalid`, RFC 6761).
 */
export const INVENTED = {
  firstId: 90001,
  type: 'vm',
  node: 'pve',
  api: 'https://pve.invalid:8006/',
} as const;

/**
 * Candidate folders for each entry of `paths:` in `iacgen.yaml`, first existing one wins; `.`
 * (the root) is taken for Ansible when the root has `ansible.cfg`, `roles/` or `playbooks/`.
 */
export const PATH_CANDIDATES: Readonly<Record<'ansible' | 'terraform' | 'compose' | 'scripts' | 'config', readonly string[]>> = {
  ansible: ['ansible', 'infra/ansible'],
  terraform: ['terraform', 'tofu', 'opentofu', 'infra/terraform', 'infra/tofu', 'iac/terraform'],
  compose: ['compose', 'docker', 'docker-compose', 'stacks', 'services'],
  scripts: ['scripts', 'script', 'tools'],
  config: ['config', 'configs', 'conf'],
};

/** Root entries that mean the Ansible project is the repository root. */
export const ANSIBLE_ROOT_MARKERS: readonly string[] = ['ansible.cfg', 'roles', 'playbooks', 'site.yml', 'site.yaml'];
