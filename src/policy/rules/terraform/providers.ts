/**
 * Terraform provider rules, across the module (all `.tf`/`.tf.json` files of the folder):
 * providers pinned in `required_providers`, `required_version` set, no literal credential in a
 * `provider` block.
 */
import path from 'node:path';
import { isSecretKey, isSecretValue } from '../../secrets/detect.js';
import { bodies, isBody, labelled, type Body, type TerraformFile, type TerraformModule } from '../../terraform/module.js';
import type { Finding, RuleLogic } from '../../types.js';

/** Providers built into Terraform (`terraform_data`, `terraform_remote_state`). */
const BUILTIN = new Set(['terraform']);

/** A `required_providers` entry: its name, its version constraint and the path to it. */
interface Requirement {
  name: string;
  version: string | undefined;
  path: Array<string | number>;
}

function requirements(tf: TerraformFile): Requirement[] {
  return bodies(tf.json.terraform).flatMap((block, t) =>
    bodies(block.required_providers).flatMap((req, r) =>
      Object.entries(req).map(([name, value]) => ({
        name,
        version: typeof value === 'string' ? value : isBody(value) && typeof value.version === 'string' ? value.version : undefined,
        path: ['terraform', t, 'required_providers', r, name],
      })),
    ),
  );
}

/** True when a constraint has an upper bound (`~>`, `=`, `<`, or a bare version). */
export function hasUpperBound(constraint: string): boolean {
  return constraint.split(',').some((part) => /^\s*(?:~>|=|<|v?\d)/.test(part) && !/^\s*!=/.test(part));
}

/** The providers a file uses (provider blocks, resource and data source types), first line of each. */
function usedProviders(tf: TerraformFile): Map<string, number> {
  const used = new Map<string, number>();
  const add = (name: string, at: Array<string | number>): void => {
    if (!used.has(name)) used.set(name, tf.lineOf(at));
  };
  for (const [name] of labelled(tf.json, 'provider')) add(name, ['provider', name]);
  for (const kind of ['resource', 'data']) {
    for (const [type] of labelled(tf.json, kind)) add(type.split('_')[0] ?? type, [kind, type]);
  }
  return used;
}

/** `tf-provider-unpinned`. */
export const tfProviderUnpinned: RuleLogic = {
  fileTypes: ['terraform'],
  async check(file, context) {
    const tf = await file.terraform();
    if (!tf) return [];
    const found: Finding[] = [];
    for (const req of requirements(tf)) {
      if (req.version && hasUpperBound(req.version)) continue;
      const why = req.version ? `version "${req.version}" has no upper bound` : 'no version';
      found.push({ line: tf.lineOf(req.path), message: `provider '${req.name}' in required_providers has ${why}` });
    }
    const module = await context.terraformModule(path.dirname(file.absPath));
    const declared = new Set(module.files.flatMap(requirements).map((r) => r.name));
    for (const [name, line] of usedProviders(tf)) {
      if (!BUILTIN.has(name) && !declared.has(name)) found.push({ line, message: `provider '${name}' is used but not declared (with a version) in required_providers` });
    }
    return found;
  },
};

/** The file that module-wide findings go to: the first with a `terraform` block, else the first. */
function designated(module: TerraformModule): TerraformFile | undefined {
  return module.files.find((f) => bodies(f.json.terraform).length > 0) ?? module.files[0];
}

/** `tf-required-version-missing`: reported once a module, on its `terraform` block. */
export const tfRequiredVersionMissing: RuleLogic = {
  fileTypes: ['terraform'],
  async check(file, context) {
    if (!(await file.terraform())) return [];
    const module = await context.terraformModule(path.dirname(file.absPath));
    const target = designated(module);
    if (target?.absPath !== file.absPath) return [];
    const set = module.files.some((f) => bodies(f.json.terraform).some((b) => typeof b.required_version === 'string'));
    return set ? [] : [{ line: target.lineOf(['terraform']), message: 'the module does not set required_version in a terraform block' }];
  },
};

/** Literal credentials among a body's attributes (one nested level: bpg's `ssh { password }`). */
function inlineSecrets(body: Body, at: Array<string | number>): Array<{ key: string; path: Array<string | number> }> {
  return Object.entries(body).flatMap(([key, value]) => {
    if (typeof value === 'string') return isSecretKey(key) && isSecretValue(key, value) ? [{ key, path: [...at, key] }] : [];
    return bodies(value).flatMap((nested, i) => inlineSecrets(nested, [...at, key, i]).filter((s) => s.path.length <= at.length + 3));
  });
}

/** `tf-provider-inline-token`. */
export const tfProviderInlineToken: RuleLogic = {
  fileTypes: ['terraform'],
  supersedes: ['secret-literal'],
  async check(file) {
    const tf = await file.terraform();
    if (!tf) return [];
    return labelled(tf.json, 'provider').flatMap(([name, value]) =>
      bodies(value).flatMap((body, i) =>
        inlineSecrets(body, ['provider', name, i]).map((s) => ({ line: tf.lineOf(s.path), message: `provider "${name}" holds ${s.key} literally: use a sensitive variable fed by TF_VAR_` })),
      ),
    );
  },
};
