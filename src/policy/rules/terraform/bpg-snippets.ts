/**
 * bpg/proxmox snippets rules. Snippets (cloud-init user data, hook scripts) are files on a
 * datastore with the `snippets` content type, and the provider uploads them over SSH because the
 * Proxmox VE API cannot (bpg/terraform-provider-proxmox#2112; `proxmoxtf/resource/file.go`:
 * every content type but `iso`, `vztmpl` and `import` goes over SSH). A datastore without the
 * content type gives "failed to read file from <datastore>:snippets/..." after the upload
 * (bpg/terraform-provider-proxmox#1540).
 */
import path from 'node:path';
import { bodies, labelled, type Body, type TerraformModule } from '../../terraform/module.js';
import type { Finding, RuleLogic } from '../../types.js';
import { first, literal, literalString, moduleResources, resourcesOf, type Resource } from './bpg-common.js';

const FILE = 'proxmox_virtual_environment_file';
const GUESTS = ['proxmox_virtual_environment_vm', 'proxmox_virtual_environment_container'];

/** Content types the provider uploads over SSH (all but `iso`, `vztmpl`, `import`). */
const OVER_SSH: readonly string[] = ['snippets', 'backup'];

/** `initialization` attributes that name a snippet (`<datastore>:snippets/<file>`). */
const CLOUD_INIT_FILES: readonly string[] = ['user_data_file_id', 'vendor_data_file_id', 'meta_data_file_id', 'network_data_file_id'];

/** Storage resources of the provider (both names), whose `id` and `content` describe a datastore. */
const STORAGES: readonly string[] = ['directory', 'nfs', 'cifs', 'lvm', 'lvmthin', 'zfspool', 'pbs'].flatMap((t) => [
  `proxmox_virtual_environment_storage_${t}`,
  `proxmox_storage_${t}`,
]);

/**
 * Datastores the Proxmox VE installer creates that are block storages: LVM-thin and ZFS pools
 * hold disk images and container volumes only (Proxmox VE admin guide, "Storage Types").
 */
const INSTALLER_BLOCK_STORAGES: Readonly<Record<string, string>> = { 'local-lvm': 'LVM-thin', 'local-zfs': 'ZFS pool' };

/**
 * The content type of a file resource: `content_type` when literal; else inferred as the
 * provider does from the name (`source_file.path` or `source_raw.file_name`: `.yaml`/`.yml`
 * is `snippets`). Undefined when it is an expression or cannot be told.
 */
export function contentType(body: Body, module: TerraformModule): string | undefined {
  if (body.content_type !== undefined) return literalString(body.content_type, module);
  const name = literalString(first(body.source_file)?.path, module) ?? literalString(first(body.source_raw)?.file_name, module);
  return name && /\.ya?ml$/i.test(name) ? 'snippets' : undefined;
}

/**
 * Why a datastore cannot hold snippets, from the configuration alone: a storage resource of the
 * module with that `id` whose literal `content` lacks `snippets`, or an installer block storage.
 */
export function snippetsRefused(datastore: string, module: TerraformModule): string | undefined {
  const declared = moduleResources(module, STORAGES).find((s) => literalString(s.body.id, module) === datastore);
  if (declared) {
    const content = literal(declared.body.content, module);
    if (!Array.isArray(content) || content.includes('snippets')) return undefined;
    return `${declared.type}.${declared.name} gives it content ${content.length ? content.join(', ') : '(none)'}, not snippets`;
  }
  const kind = INSTALLER_BLOCK_STORAGES[datastore];
  return kind ? `'${datastore}' is the installer's ${kind} storage, which holds disk images and container volumes only` : undefined;
}

/** `tf-snippets-datastore`: snippets uploaded to, or read from, a datastore without that content type. */
export const tfSnippetsDatastore: RuleLogic = {
  fileTypes: ['terraform'],
  async check(file, context) {
    const tf = await file.terraform();
    if (!tf) return [];
    const module = await context.terraformModule(path.dirname(file.absPath));
    const found: Finding[] = [];
    const report = (datastore: string | undefined, at: Array<string | number>): void => {
      const why = datastore === undefined ? undefined : snippetsRefused(datastore, module);
      if (why) found.push({ line: tf.lineOf(at), message: `snippets on datastore '${datastore}', which has no snippets content type: ${why}` });
    };
    for (const r of resourcesOf(tf, [FILE])) {
      if (contentType(r.body, module) === 'snippets') report(literalString(r.body.datastore_id, module), [...r.path, 'datastore_id']);
    }
    for (const g of resourcesOf(tf, GUESTS)) {
      const refs: Array<[unknown, Array<string | number>]> = [[g.body.hook_script_file_id, [...g.path, 'hook_script_file_id']]];
      bodies(g.body.initialization).forEach((init, i) => {
        for (const key of CLOUD_INIT_FILES) refs.push([init[key], [...g.path, 'initialization', i, key]]);
      });
      for (const [value, at] of refs) report(/^([^:/]+):snippets\//.exec(literalString(value, module) ?? '')?.[1], at);
    }
    return found;
  },
};

/** The provider block a resource uses: its `provider = proxmox.<alias>`, else the one without alias. */
function providerOf(r: Resource, module: TerraformModule): { body: Body; file: string } | undefined {
  const alias = typeof r.body.provider === 'string' ? /^\$\{proxmox\.([\w-]+)\}$/.exec(r.body.provider)?.[1] : undefined;
  for (const tf of module.files) {
    for (const [name, value] of labelled(tf.json, 'provider')) {
      if (name !== 'proxmox') continue;
      const body = bodies(value).find((b) => (alias ? b.alias === alias : b.alias === undefined));
      if (body) return { body, file: path.basename(tf.absPath) };
    }
  }
  return undefined;
}

/** True when a provider block can reach the node over SSH: an `ssh` block, or a password to fall back on. */
function hasSsh(provider: Body): boolean {
  const dynamic = bodies(provider.dynamic).some((d) => d.ssh !== undefined);
  return bodies(provider.ssh).length > 0 || dynamic || provider.password !== undefined;
}

/** `tf-snippets-no-ssh`: a file the provider uploads over SSH, with no `ssh` block in the folder's provider. */
export const tfSnippetsNoSsh: RuleLogic = {
  fileTypes: ['terraform'],
  async check(file, context) {
    const tf = await file.terraform();
    if (!tf) return [];
    const module = await context.terraformModule(path.dirname(file.absPath));
    return resourcesOf(tf, [FILE]).flatMap((r) => {
      const type = contentType(r.body, module);
      const provider = type && OVER_SSH.includes(type) ? providerOf(r, module) : undefined;
      if (!provider || hasSsh(provider.body)) return [];
      const at = r.body.content_type === undefined ? r.path : [...r.path, 'content_type'];
      return [{
        line: tf.lineOf(at),
        message: `${type} files are uploaded over SSH, and provider "proxmox" (${provider.file}) has no ssh block nor password to fall back on: add ssh { agent = true, username = "root" }, or set PROXMOX_VE_SSH_USERNAME with PROXMOX_VE_SSH_AGENT or PROXMOX_VE_SSH_PRIVATE_KEY`,
      }];
    });
  },
};
