/**
 * The options of `iacgen new <generator>`: the common ones (data) plus one per question of the
 * generator's manifest. Used by the CLI to register flags and by `iacgen list` to show them.
 */
import { isComputed, questionFlag } from './answers.js';
import { defaultVariant, type GeneratorManifest, type Variant } from './manifest.js';
import { INTO_GENERATORS } from './into/generators.js';

/** One option as commander declares it and `iacgen list --json` shows it. */
export interface GeneratorOption {
  /** `--target <guest>` (with its short form, if any: `-t, --target <guest>`). */
  flag: string;
  description: string;
  /** Default, when it has one (as text). */
  default?: string;
  /** Repeatable (`--set`). */
  repeatable?: boolean;
  /** A question's flag: its default is shown, never passed to commander (so it can be asked). */
  question?: boolean;
}

/** Options every generator has, in the order help lists them. */
export const COMMON_OPTIONS: readonly GeneratorOption[] = [
  { flag: '-v, --variant <variant>', description: 'variant (service type) of the generator' },
  { flag: '-n, --name <name>', description: 'artifact name: 1-48 of a-z 0-9 - _ (the file or folder name)' },
  { flag: '--set <key=value>', description: 'set any template variable (repeatable)', repeatable: true },
  { flag: '-y, --yes', description: 'take defaults for everything not given; never prompt' },
  { flag: '-d, --dir <path>', description: 'repository root to write into', default: '.' },
  { flag: '--date <YYYY-MM-DD>', description: 'date for the headers (default: today)' },
  { flag: '--dry-run', description: 'print the plan and the diff of every conflict; write nothing' },
  { flag: '--force', description: 'overwrite files that exist with other content' },
  { flag: '--skip-existing', description: 'leave files that exist with other content as they are' },
  { flag: '--write-anyway', description: 'write even when validation finds errors' },
  { flag: '--json', description: 'print the result as JSON (never prompts)' },
];

/** The target option, for generators that have a target. */
const TARGET_OPTION: GeneratorOption = { flag: '-t, --target <guest>', description: 'target guest: ct102, vm101, 102 or its name' };

/** `new inventory --update`: merge iacgen.yaml into the existing file (src/generate/inventory-sync). */
const UPDATE_OPTION: GeneratorOption = { flag: '--update', description: 'merge iacgen.yaml into the existing inventory: add hosts and groups, update addresses and VMIDs, keep the rest' };

/** Generators whose variants are service types: `--service` is another name for their `--variant`. */
export const SERVICE_GENERATORS: ReadonlySet<string> = new Set(['playbook', 'role', 'compose']);

/** Every option of one generator: target (if any), `--service` alias for service generators, common, `--into` where taken, questions. */
export function generatorOptions(generator: GeneratorManifest): GeneratorOption[] {
  const options: GeneratorOption[] = [];
  if (generator.target !== 'none') {
    options.push(generator.target === 'optional' ? { ...TARGET_OPTION, description: `${TARGET_OPTION.description}, or none` } : TARGET_OPTION);
  }
  if (SERVICE_GENERATORS.has(generator.id)) {
    options.push({ flag: '-s, --service <service>', description: `service type (same as --variant): ${generator.variants.map((v) => v.id).join(', ')}` });
  }
  options.push(...COMMON_OPTIONS);
  if (generator.id === 'inventory') options.push(UPDATE_OPTION);
  const into = INTO_GENERATORS[generator.id];
  if (into) options.push({ flag: '--into <file>', description: `insert into ${into}` });
  for (const question of generator.questions) {
    const fallback = question.default;
    options.push({
      flag: `--${questionFlag(question)} <${question.type}>`,
      description: question.variants ? `${question.message} (${question.variants.join(', ')} only)` : question.message,
      question: true,
      ...(fallback !== undefined && !String(fallback).includes('<%') ? { default: String(fallback) } : {}),
    });
  }
  return options;
}

/** One variable of a variant that `--set key=value` may change, as `list` and `--help` show it. */
export interface VariantVariable {
  /** The `--set` key (`nginx_listen_port`). */
  name: string;
  /** Answer type (`port`, `count`, `string`, see answer-types.ts); `list of <type>` for a list. */
  type: string;
  /**
   * The default as text: a list comma-separated, `(empty)` for an empty list or text, a computed (EJS) default
   * as the manifest's `defaultText` or `computed`; absent when there is none (it must be given).
   */
  default?: string;
  /** The question's own flag when the variable is a question of this variant (`--port`). */
  flag?: string;
}

/** The variables a variant's `--set` takes: its questions first (in asking order), then its other variables. */
export function variantVariables(generator: GeneratorManifest, variant: Variant): VariantVariable[] {
  const out: VariantVariable[] = [];
  const asked = generator.questions.filter((q) => !q.variants || q.variants.includes(variant.id));
  for (const question of asked) {
    const own = question.key in variant.vars;
    const value = own ? variant.vars[question.key] : question.default;
    const text = defaultText(value, own ? variant.defaultText[question.key] : question.defaultText);
    out.push({ name: question.key, type: question.type, ...(text !== undefined ? { default: text } : {}), flag: `--${questionFlag(question)}` });
  }
  for (const [key, value] of Object.entries(variant.vars)) {
    if (asked.some((q) => q.key === key)) continue;
    const text = defaultText(value, variant.defaultText[key]);
    out.push({ name: key, type: variableType(value, variant.types[key]), ...(text !== undefined ? { default: text } : {}) });
  }
  return out;
}

/** The type `--set` checks a variable against (as answers.ts coerces it). */
function variableType(value: unknown, declared: string | undefined): string {
  if (Array.isArray(value)) return `list of ${declared ?? 'string'}`;
  if (declared) return declared;
  if (typeof value === 'number') return 'count';
  if (typeof value === 'boolean') return 'bool';
  return 'string';
}

function defaultText(value: unknown, explained: string | undefined): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (isComputed(value)) return explained ?? 'computed';
  if (Array.isArray(value)) return value.length > 0 ? value.map(String).join(',') : '(empty)';
  if (value === '') return '(empty)';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/**
 * The `--set` variables of every variant as help text: per variant, one variable a line with
 * its type and default. For `iacgen new <generator> --help`.
 */
export function variablesHelp(generator: GeneratorManifest): string {
  const fallback = defaultVariant(generator);
  const lines = ['Variables (--set key=value, a list comma-separated; a question also has its own flag), by variant:'];
  for (const variant of generator.variants) {
    lines.push(`  ${variant.id}${variant.id === fallback.id ? ' (default variant)' : ''}:${variant.freeVars ? ' any key=value besides these' : ''}`);
    const vars = variantVariables(generator, variant);
    const width = Math.max(0, ...vars.map((v) => v.name.length));
    const typeWidth = Math.max(0, ...vars.map((v) => v.type.length));
    for (const v of vars) {
      lines.push(`    ${v.name.padEnd(width)}  ${v.type.padEnd(typeWidth)}  ${v.default !== undefined ? `default ${v.default}` : 'no default: give it'}${v.flag ? ` (${v.flag})` : ''}`.trimEnd());
    }
    if (vars.length === 0) lines.push('    none');
  }
  return lines.join('\n');
}
