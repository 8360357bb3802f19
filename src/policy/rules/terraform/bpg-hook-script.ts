/**
 * `tf-hook-script-not-executable`: a VM or container whose `hook_script_file_id` references a
 * `proxmox_virtual_environment_file` of the folder uploaded without an executable `file_mode`.
 * Proxmox VE refuses a hook script that is not executable (HTTP 500), and the changes of that
 * apply are not saved to the state (bpg/terraform-provider-proxmox#1478, which added
 * `file_mode`; docs/resources/virtual_environment_file.md, "Snippets").
 */
import path from 'node:path';
import type { RuleLogic } from '../../types.js';
import { literalString, moduleResources, referencedName, resourcesOf } from './bpg-common.js';

const FILE = 'proxmox_virtual_environment_file';
const GUESTS = ['proxmox_virtual_environment_vm', 'proxmox_virtual_environment_container'];

/**
 * True when an octal mode (`0700`, `755`) has an execute bit (root, which runs hook scripts,
 * can then execute it); undefined when it is not an octal mode.
 */
export function executable(mode: string): boolean | undefined {
  if (!/^[0-7]{3,4}$/.test(mode)) return undefined;
  return (Number.parseInt(mode, 8) & 0o111) !== 0;
}

/** `tf-hook-script-not-executable`. */
export const tfHookScriptNotExecutable: RuleLogic = {
  fileTypes: ['terraform'],
  async check(file, context) {
    const tf = await file.terraform();
    if (!tf) return [];
    const module = await context.terraformModule(path.dirname(file.absPath));
    return resourcesOf(tf, GUESTS).flatMap((guest) => {
      const name = referencedName(guest.body.hook_script_file_id, FILE);
      const script = name ? moduleResources(module, [FILE]).find((f) => f.name === name) : undefined;
      if (!script) return [];
      const at = [...guest.path, 'hook_script_file_id'];
      if (script.body.file_mode === undefined) {
        return [{ line: tf.lineOf(at), message: `hook script ${FILE}.${name} sets no file_mode, so it is uploaded without the executable bit` }];
      }
      const mode = literalString(script.body.file_mode, module);
      if (mode === undefined || executable(mode) !== false) return [];
      return [{ line: tf.lineOf(at), message: `hook script ${FILE}.${name} has file_mode "${mode}", which has no execute bit` }];
    });
  },
};
