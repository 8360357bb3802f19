/**
 * The options of `iacgen new <generator>`: the common ones (data) plus one per question of the
 * generator's manifest. Used by the CLI to register flags and by `iacgen list` to show them.
 */
import { questionFlag } from './answers.js';
import type { GeneratorManifest } from './manifest.js';
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
