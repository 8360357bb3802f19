/**
 * The generator manifest schema (`templates/<generator>/generator.yaml`): variants, defaults and
 * the files a generator renders. Validated with zod when loaded; unknown keys are errors.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { IacgenError, EXIT } from '../errors.js';
import { TEMPLATES_DIR } from '../util/paths.js';

const idSchema = z.string().regex(/^[a-z0-9][a-z0-9-]*$/);

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
    /** Pre-requisites and next steps printed after writing. */
    notes: z.array(z.string()).default([]),
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
    syntax: z.enum(['yaml', 'text']),
    /** `keep`: an existing file is left alone (not a conflict). `error`: refuse unless --force. */
    ifExists: z.enum(['keep', 'error']).default('error'),
    /** File mode for a new file, octal string (`0644`, `0755`). */
    mode: z.string().regex(/^0[0-7]{3}$/).default('0644'),
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
    /** Operator commands by name (`check`, `deploy`); EJS strings, run from the repository root. */
    commands: z.record(z.string(), z.string()),
    handoff: handoffSchema,
    variants: z.array(variantSchema).min(1),
    files: z.array(generatorFileSchema).min(1),
  })
  .strict();

/** A validated generator manifest, with the folder it came from. */
export type GeneratorManifest = z.infer<typeof generatorManifestSchema> & { dir: string };
/** A validated variant. */
export type Variant = z.infer<typeof variantSchema>;
/** A validated file entry. */
export type GeneratorFile = z.infer<typeof generatorFileSchema>;

/**
 * Loads and validates `templates/<id>/generator.yaml`.
 * @throws IacgenError (exit 3) when a built-in manifest is invalid: that is a bug in iacgen.
 */
export function loadGeneratorManifest(id: string): GeneratorManifest {
  const dir = path.join(TEMPLATES_DIR, id);
  const file = path.join(dir, 'generator.yaml');
  const result = generatorManifestSchema.safeParse(parse(readFileSync(file, 'utf8')));
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new IacgenError(`built-in generator manifest ${file} is invalid: ${issue?.path.join('.')}: ${issue?.message}`, EXIT.internal);
  }
  return { ...result.data, dir };
}
