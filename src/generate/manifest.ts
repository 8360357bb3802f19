/**
 * The generator manifest schema (`templates/<generator>/generator.yaml`): variants, defaults and
 * the files a generator renders. Validated with zod when loaded; unknown keys are errors.
 */
import path from 'node:path';
import { z } from 'zod';
import { parseWith, readYamlSource } from '../config/load.js';
import { IacgenError, EXIT } from '../errors.js';
import { ANSWER_TYPE_NAMES } from './answer-types.js';

const idSchema = z.string().regex(/^[a-z0-9][a-z0-9-]*$/);

/**
 * Target syntaxes of generated files; each has its escaper for `<%= %>` (see escape.ts).
 * `ansible` and `compose` are YAML read by Ansible (Jinja) and Compose (`${}` interpolation).
 */
export const SYNTAXES = ['yaml', 'ansible', 'compose', 'hcl', 'shell', 'python', 'json', 'toml', 'text'] as const;

/**
 * A question beyond variant, target and name: asked at a terminal, else taken from its flag
 * (`--<flag>`), `--set <key>=...` or the default (the variant's `vars[key]`, else `default`).
 */
export const questionSchema = z
  .object({
    /** Template variable it fills (`vars.<key>`); snake_case. */
    key: z.string().regex(/^[a-z][a-z0-9_]*$/),
    /** Flag name without dashes; default: the key with `_` as `-`. */
    flag: z.string().regex(/^[a-z][a-z0-9-]*$/).optional(),
    message: z.string().min(1),
    type: z.enum(ANSWER_TYPE_NAMES),
    /** Default when the variant's vars have none; EJS strings are rendered (`<%= nextGuestId() %>`). */
    default: z.union([z.string(), z.number(), z.boolean()]).optional(),
    /** For `guest-id`: the ID must not belong to a guest of the inventory (a new guest). */
    free: z.boolean().default(false),
    /** Only these variants ask it (default: every variant). */
    variants: z.array(idSchema).optional(),
    /** How `list` and `--help` describe a computed (EJS) default: `the next free guest ID`. */
    defaultText: z.string().min(1).optional(),
  })
  .strict();

/** One variant (service type) of a generator. */
export const variantSchema = z
  .object({
    id: idSchema,
    /** Shown in the prompt. */
    label: z.string().min(1),
    /** Other names accepted by `--service`/`--variant`. */
    aliases: z.array(z.string()).default([]),
    /** One line for the header's Purpose. */
    purpose: z.string().min(1),
    /** Guest roles whose guests are the default target, in order of preference. */
    roles: z.array(z.string()).default([]),
    /** Default artifact name. */
    defaultName: idSchema,
    /** Template variables with their defaults. */
    vars: z.record(z.string(), z.unknown()).default({}),
    /** How `list` and `--help` describe a computed (EJS) default of a variable, by key. */
    defaultText: z.record(z.string(), z.string().min(1)).default({}),
    /** Answer types of variables that `--set` may change (`nginx_upstream: url`); others are one-line text. */
    types: z.record(z.string(), z.enum(ANSWER_TYPE_NAMES)).default({}),
    /** Pre-requisites and next steps printed after writing. */
    notes: z.array(z.string()).default([]),
    /** `--set` may add variables the variant does not declare (generic key/values). */
    freeVars: z.boolean().default(false),
    /**
     * The variant taken when none is given and nobody can be asked (`--yes`, no terminal), and the
     * one the prompt starts on. At most one per manifest; without one, the first variant.
     */
    default: z.boolean().default(false),
  })
  .strict();

/** One file a generator writes. `template` and `to` are EJS strings rendered with the answers. */
export const generatorFileSchema = z
  .object({
    /** Key of the file in `paths` of the template data (`playbook`, `inventory`). */
    key: idSchema,
    template: z.string().min(1),
    to: z.string().min(1),
    /** The header's Purpose (EJS); default: the variant's purpose on the target. */
    purpose: z.string().min(1).optional(),
    syntax: z.enum(SYNTAXES),
    /** `keep`: an existing file is left alone (not a conflict). `error`: refuse unless --force. */
    ifExists: z.enum(['keep', 'error']).default('error'),
    /** File mode for a new file, octal string (`0644`, `0755`). */
    mode: z.string().regex(/^0[0-7]{3}$/).default('0644'),
    /** Only these variants write it (default: every variant). */
    variants: z.array(idSchema).optional(),
  })
  .strict();

/** What `iacgen new` prints after writing; EJS strings rendered with the template data. */
export const handoffSchema = z
  .object({
    artifact: z.string().min(1),
    prerequisites: z.array(z.string()).default([]),
    rollback: z.string().min(1),
  })
  .strict();

/** A generator manifest. */
export const generatorManifestSchema = z
  .object({
    id: idSchema,
    description: z.string().min(1),
    /** Whether the artifact is for one guest: `required`, `optional` (may be for none), `none`. */
    target: z.enum(['required', 'optional', 'none']).default('required'),
    questions: z.array(questionSchema).default([]),
    /** Operator commands by name (`check`, `deploy`); EJS strings, run from the repository root. */
    commands: z.record(z.string(), z.string()),
    handoff: handoffSchema,
    variants: z.array(variantSchema).min(1),
    files: z.array(generatorFileSchema).min(1),
  })
  .strict()
  .superRefine((manifest, ctx) => {
    const ids = new Set(manifest.variants.map((v) => v.id));
    const defaults = manifest.variants.flatMap((v, i) => (v.default ? [i] : []));
    for (const i of defaults.slice(1)) {
      ctx.addIssue({ code: 'custom', path: ['variants', i, 'default'], message: `only one variant may be the default (${manifest.variants[defaults[0] as number]?.id} is already)` });
    }
    manifest.questions.forEach((question, i) => {
      (question.variants ?? []).forEach((id, j) => {
        if (!ids.has(id)) ctx.addIssue({ code: 'custom', path: ['questions', i, 'variants', j], message: `no variant '${id}' (variants: ${[...ids].join(', ')})` });
      });
    });
  });

/** A validated generator manifest, with the folder it came from. */
export type GeneratorManifest = z.infer<typeof generatorManifestSchema> & { dir: string };
/** A validated variant. */
export type Variant = z.infer<typeof variantSchema>;
/** A validated question. */
export type Question = z.infer<typeof questionSchema>;
/** A validated file entry. */
export type GeneratorFile = z.infer<typeof generatorFileSchema>;

/**
 * The variant of a generator taken when none is given: the one marked `default: true`, else the
 * first (a manifest has at least one variant).
 */
export function defaultVariant(generator: Pick<GeneratorManifest, 'variants'>): Variant {
  return generator.variants.find((v) => v.default) ?? (generator.variants[0] as Variant);
}

/**
 * Loads and validates `<dir>/generator.yaml`.
 * @param builtin a built-in manifest that fails validation is a bug in iacgen (exit 3); a user's
 *   (`.iacgen/templates/<id>/`) is a configuration error (exit 2) naming the file, line and key
 */
export function loadGeneratorManifest(dir: string, builtin: boolean, shown: string): GeneratorManifest {
  const source = readYamlSource(path.join(dir, 'generator.yaml'), shown);
  try {
    return { ...parseWith(generatorManifestSchema, source, 'fix the generator manifest (schema: src/generate/manifest.ts)'), dir };
  } catch (err) {
    if (builtin && err instanceof IacgenError) throw new IacgenError(`built-in generator manifest is invalid: ${err.message}`, EXIT.internal);
    throw err;
  }
}
