/**
 * The schema of `iacgen.yaml`: the inventory (`proxmox:`, `guests:`) plus validate settings.
 * Unknown top-level keys are errors, so a typo never silently does nothing.
 */
import { z } from 'zod';
import { checkerIdSchema } from '../check/manifest.js';
import { DEFAULT_MAX_FILE_BYTES } from '../classify/tables.js';
import { rulesSettingsSchema } from '../policy/config.js';

/** The most globs `exclude:` may hold. */
export const MAX_EXCLUDE_GLOBS = 1000;

/** Policy of one checker: `required`, `optional` (the default) or `off`. */
export const checkerPolicySchema = z.enum(['required', 'optional', 'off']);

/** Settings of one checker in `checkers:`: a policy, or an object with a policy and a time-out. */
export const checkerSettingSchema = z.union([
  checkerPolicySchema,
  z
    .object({
      policy: checkerPolicySchema.default('optional'),
      /** Time-out of one call, in ms. */
      timeoutMs: z.number().int().positive().optional(),
    })
    .strict(),
]);

/** A folder relative to the repository root, inside it. */
const relativeDir = z
  .string()
  .regex(/^(?!\/)(?!.*(^|\/)\.\.(\/|$))[A-Za-z0-9._\/-]+$/, 'must be a folder inside the repository, such as ansible or infra/ansible');

/** Everything in `iacgen.yaml` besides the inventory. */
export const settingsSchema = z
  .object({
    /**
     * Globs (gitignore syntax, relative to the repository root) of files never validated; at most
     * {@link MAX_EXCLUDE_GLOBS} (every glob is tested against every file and its folders).
     */
    exclude: z
      .array(z.string().min(1))
      .max(MAX_EXCLUDE_GLOBS, `must hold at most ${MAX_EXCLUDE_GLOBS} globs, as each is tested against every file: use fewer, wider globs such as "vendor/**"`)
      .default([]),
    /** Files larger than this many bytes are reported, not checked. */
    maxFileBytes: z.number().int().positive().default(DEFAULT_MAX_FILE_BYTES),
    /** Time-out of one call of any checker, in ms (default: each checker's own, 60 s for most). */
    timeoutMs: z.number().int().positive().optional(),
    checkers: z.record(checkerIdSchema, checkerSettingSchema).default({}),
    /** `iacgen validate --strict` always (the flag can only turn it on). */
    strict: z.boolean().default(false),
    /** The lowest severity that makes `iacgen validate` exit 1, unless `--fail-on` says (`error` by default). */
    failOn: z.enum(['error', 'warning']).default('error'),
    /** Where generators write, by kind, relative to the repository root. */
    paths: z
      .object({
        ansible: relativeDir.default('ansible'),
        terraform: relativeDir.default('terraform'),
        compose: relativeDir.default('compose'),
        scripts: relativeDir.default('scripts'),
        config: relativeDir.default('config'),
      })
      .strict()
      .default({ ansible: 'ansible', terraform: 'terraform', compose: 'compose', scripts: 'scripts', config: 'config' }),
    /** iacgen's own rules: per-rule severity or `off`, with per-path overrides. */
    rules: rulesSettingsSchema.prefault({}),
    /** The `Author:` of generated headers (default: git's user.name). */
    author: z.string().min(1).max(200).regex(/^[^\r\n]*$/, 'must be one line').optional(),
  })
  .strict();

/** The whole file; `proxmox`/`guests` are validated by the inventory schema when present. */
export const configFileSchema = settingsSchema.extend({
  proxmox: z.unknown().optional(),
  guests: z.unknown().optional(),
});

/** Validated settings, defaults applied. */
export type Settings = z.infer<typeof settingsSchema>;
