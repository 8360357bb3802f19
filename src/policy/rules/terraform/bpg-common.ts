/**
 * What the bpg/proxmox pitfall rules share: the resources of one type in a file or a module,
 * literal values (a module variable's literal default counts; any other expression is never
 * guessed at), and references between resources (`proxmox_virtual_environment_file.x.id`).
 */
import { bodies, isBody, labelled, type Body, type TerraformFile, type TerraformModule } from '../../terraform/module.js';

/** One resource block: its type and name, its body, and its hcl2json path in its file. */
export interface Resource {
  type: string;
  name: string;
  body: Body;
  path: Array<string | number>;
  file: TerraformFile;
}

/** The resources of the given types in one file. */
export function resourcesOf(tf: TerraformFile, types: readonly string[]): Resource[] {
  return labelled(tf.json, 'resource')
    .filter(([type]) => types.includes(type))
    .flatMap(([type, named]) =>
      (isBody(named) ? Object.entries(named) : []).flatMap(([name, value]) =>
        bodies(value).map((body, i) => ({ type, name, body, path: ['resource', type, name, i], file: tf })),
      ),
    );
}

/** The resources of the given types across a module (every file of the folder). */
export function moduleResources(module: TerraformModule, types: readonly string[]): Resource[] {
  return module.files.flatMap((tf) => resourcesOf(tf, types));
}

/**
 * A literal string, number or list of them; a module variable reference (`var.x`) gives its
 * literal default. Undefined for any other expression (hcl2json writes those as `${...}`).
 */
export function literal(value: unknown, module: TerraformModule): unknown {
  const ref = typeof value === 'string' ? /^\$\{var\.([A-Za-z_][\w-]*)\}$/.exec(value)?.[1] : undefined;
  if (ref) {
    for (const f of module.files) {
      for (const body of bodies((f.json.variable as Body | undefined)?.[ref])) if ('default' in body) return literal(body.default, module);
    }
    return undefined;
  }
  if (typeof value === 'string') return value.includes('${') || value.includes('%{') ? undefined : value;
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) {
    const items = value.map((v) => literal(v, module));
    return items.every((v) => v !== undefined) ? items : undefined;
  }
  return undefined;
}

/** A literal string, or undefined. */
export function literalString(value: unknown, module: TerraformModule): string | undefined {
  const v = literal(value, module);
  return typeof v === 'string' ? v : undefined;
}

/**
 * The name of the resource of `type` that an expression references as a whole
 * (`"${proxmox_virtual_environment_file.hook.id}"` gives `hook`, an index such as `x[0]` too), or undefined.
 */
export function referencedName(value: unknown, type: string): string | undefined {
  if (typeof value !== 'string') return undefined;
  const m = new RegExp(`^\\$\\{${type}\\.([A-Za-z_][\\w-]*)(?:\\[[^\\]]*\\])?\\.[A-Za-z_]\\w*\\}$`).exec(value);
  return m?.[1];
}

/** The first body of a nested block (`initialization { ... }`), or undefined. */
export function first(value: unknown): Body | undefined {
  return bodies(value)[0];
}
