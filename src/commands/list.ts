/** `iacgen list`: the generators, their variants and options (`--json` for tools). */
import type { Context } from '../context.js';
import { EXIT } from '../errors.js';
import { defaultVariant } from '../generate/manifest.js';
import { generatorOptions, variantVariables, type GeneratorOption, type VariantVariable } from '../generate/options.js';
import { generatorIds, getGenerator } from '../generate/registry.js';

/** One generator as `iacgen list --json` shows it. */
export interface ListedGenerator {
  name: string;
  description: string;
  target: 'required' | 'optional' | 'none';
  /** `default`: the variant taken without --variant when nobody is asked; `variables`: what `--set` takes. */
  variants: Array<{ name: string; description: string; defaultName: string; default: boolean; variables: VariantVariable[] }>;
  options: GeneratorOption[];
}

/** Every generator available in `root` (built-in and the repository's own). */
export function listGenerators(root: string): ListedGenerator[] {
  return generatorIds(root).map((id) => {
    const manifest = getGenerator(id, root);
    const fallback = defaultVariant(manifest);
    return {
      name: manifest.id,
      description: manifest.description,
      target: manifest.target,
      variants: manifest.variants.map((v) => ({
        name: v.id,
        description: v.label,
        defaultName: v.defaultName,
        default: v.id === fallback.id,
        variables: variantVariables(manifest, v),
      })),
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
    for (const variant of generator.variants) {
      context.stdout.write(`  --variant ${variant.name.padEnd(18)} ${variant.description}${variant.default ? ' [default]' : ''}\n`);
    }
    const own = generator.options.filter((o) => o.question || o.flag.includes('--target') || o.flag.includes('--service'));
    if (own.length > 0) context.stdout.write(`  options: ${own.map((o) => o.flag.replace(/^-\w, /, '')).join(', ')}\n`);
    context.stdout.write('  --set variables (type, default):\n');
    for (const variant of generator.variants) {
      const items = variant.variables.map((v) => `${v.name} (${v.type}, ${v.default ?? 'no default: give it'})`);
      for (const line of wrapItems(`    ${variant.name}: `, '      ', items.length > 0 ? items : ['none'])) context.stdout.write(`${line}\n`);
    }
  }
  context.stdout.write('\nEvery generator also takes: --name, --set key=value, --yes, --dir, --date, --dry-run, --force, --skip-existing, --write-anyway, --json\n');
  return EXIT.ok;
}

/** Semicolon-separated items wrapped at 100 columns: the first line starts with `first`, the others with `next`. */
function wrapItems(first: string, next: string, items: readonly string[]): string[] {
  const lines: string[] = [];
  let line = first;
  items.forEach((item, i) => {
    const text = i < items.length - 1 ? `${item};` : item;
    if (line.length + text.length + 1 > 100 && line.trim().length > 0 && line !== first) {
      lines.push(line.trimEnd());
      line = next;
    }
    line += `${line === first || line === next ? '' : ' '}${text}`;
  });
  lines.push(line.trimEnd());
  return lines;
}
