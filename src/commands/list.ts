/** `iacgen list`: the generators, their variants and options (`--json` for tools). */
import type { Context } from '../context.js';
import { EXIT } from '../errors.js';
import { generatorOptions, type GeneratorOption } from '../generate/options.js';
import { generatorIds, getGenerator } from '../generate/registry.js';

/** One generator as `iacgen list --json` shows it. */
export interface ListedGenerator {
  name: string;
  description: string;
  target: 'required' | 'optional' | 'none';
  variants: Array<{ name: string; description: string; defaultName: string }>;
  options: GeneratorOption[];
}

/** Every generator available in `root` (built-in and the repository's own). */
export function listGenerators(root: string): ListedGenerator[] {
  return generatorIds(root).map((id) => {
    const manifest = getGenerator(id, root);
    return {
      name: manifest.id,
      description: manifest.description,
      target: manifest.target,
      variants: manifest.variants.map((v) => ({ name: v.id, description: v.label, defaultName: v.defaultName })),
      options: generatorOptions(manifest),
    };
  });
}

/** Runs `iacgen list`; returns 0. */
export async function runList(context: Context, flags: { json: boolean }): Promise<number> {
  const generators = listGenerators(context.cwd);
  if (flags.json) {
    context.stdout.write(`${JSON.stringify({ generators }, null, 2)}\n`);
    return EXIT.ok;
  }
  for (const generator of generators) {
    context.stdout.write(`${generator.name}: ${generator.description}\n`);
    for (const variant of generator.variants) context.stdout.write(`  --variant ${variant.name.padEnd(18)} ${variant.description}\n`);
    const own = generator.options.filter((o) => o.question || o.flag.includes('--target') || o.flag.includes('--service'));
    if (own.length > 0) context.stdout.write(`  options: ${own.map((o) => o.flag.replace(/^-\w, /, '')).join(', ')}\n`);
  }
  context.stdout.write('\nEvery generator also takes: --name, --set key=value, --yes, --dir, --date, --dry-run, --force, --skip-existing, --write-anyway, --json\n');
  return EXIT.ok;
}
