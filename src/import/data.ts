/**
 * The tables of `iacgen import`: what each accepted JSON looks like and how to produce it (for
 * the error on an unknown shape), the groups the community.proxmox inventory plugin makes by
 * itself (left out: they describe Proxmox, not what a guest is for), and the tag that names a
 * role. The readers beside this file use them.
 */

/**
 * The accepted shapes and the command that produces each, shown when a file matches none.
 * Sources: pve-manager `PVE/API2/Cluster.pm` (`/cluster/resources`), pve-container
 * `src/PVE/LXC.pm` and qemu-server `src/PVE/QemuServer.pm` (`vmstatus`, the node listings),
 * ansible-core `ansible-inventory --list`, Terraform's JSON output format (`terraform show -json`).
 */
export const ACCEPTED_SHAPES: readonly string[] = [
  'pvesh get /cluster/resources --type vm --output-format json > resources.json   (an array of {id: "qemu/101", vmid, name, node, type, template, ...})',
  'pvesh get /nodes/<node>/qemu --output-format json > qemu.json   (or /nodes/<node>/lxc: an array of {vmid, name, status, ...})',
  'ansible-inventory -i <inventory> --list > inventory.json   (an object with _meta.hostvars; covers the community.proxmox dynamic inventory)',
  'terraform -chdir=<dir> show -json > state.json   (an object with format_version and values.root_module; bpg/proxmox resources)',
];

/**
 * `/cluster/resources` row types that are guests, and the kind each makes. Every other type
 * (`node`, `storage`, `pool`, `sdn`, `network`, `openvz`) is ignored: pve-manager
 * `PVE/API2/Cluster.pm`, the `type` enum of the `resources` method's returns.
 */
export const RESOURCE_GUEST_TYPES: Readonly<Record<string, 'vm' | 'ct'>> = { qemu: 'vm', lxc: 'ct' };

/**
 * Host variables of the community.proxmox (formerly community.general) `proxmox` inventory
 * plugin with its default `facts_prefix` `proxmox_`: `_handle_item` sets `proxmox_node`,
 * `proxmox_vmid`, `proxmox_vmtype` (`qemu` or `lxc`), `proxmox_name`, `proxmox_status`,
 * `proxmox_template` and `proxmox_tags` (a `;`-separated string); `want_facts` adds
 * `proxmox_tags_parsed` (a list). Source: ansible-collections/community.proxmox
 * `plugins/inventory/proxmox.py` (commit 4a7ebd9).
 */
export const PLUGIN_FACTS = {
  vmid: 'proxmox_vmid',
  vmtype: 'proxmox_vmtype',
  node: 'proxmox_node',
  template: 'proxmox_template',
  tags: 'proxmox_tags',
  tagsParsed: 'proxmox_tags_parsed',
} as const;

/**
 * Groups the plugin makes by itself with its default `group_prefix` `proxmox_`: `all_qemu`,
 * `all_lxc`, `all_templates`, `all_<status>` (`all_running`, `all_stopped`, ...), `nodes`,
 * `pool_<pool>`, `<node>_qemu`, `<node>_lxc` (same source). They say where and how a guest
 * runs, not what it is for, so they do not become guest groups.
 */
export const PLUGIN_GROUP_PATTERN = /^proxmox_(all_[a-z0-9_]+|nodes|pool_[a-z0-9_]+|[a-z0-9_]+_(qemu|lxc))$/;

/** The plugin's group of Proxmox nodes: its hosts are nodes, not guests. */
export const PLUGIN_NODES_GROUP = 'proxmox_nodes';

/**
 * A tag naming the guest's role: `role-<name>` (Proxmox tags allow `a-z 0-9 _ + . -`; a hyphen
 * keeps it apart from group names, which have none). The only way a role is imported: no
 * source says what a guest is for otherwise, so the role stays unset.
 */
export const ROLE_TAG = /^role-([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)$/;

/** bpg/proxmox resource types of a guest, and the kind each makes (bpg/terraform-provider-proxmox docs/resources). */
export const STATE_GUEST_RESOURCES: Readonly<Record<string, 'vm' | 'ct'>> = {
  proxmox_virtual_environment_vm: 'vm',
  proxmox_virtual_environment_container: 'ct',
};

/** The largest JSON file read, in bytes (64 MiB: a cluster of thousands of guests stays far below). */
export const MAX_IMPORT_BYTES = 64 * 1024 * 1024;
