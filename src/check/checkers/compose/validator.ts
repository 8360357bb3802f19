/**
 * The Compose specification schema's validator (ajv, draft-07). Compiling it takes about 0.15 s
 * of CPU on the main thread, which would hold back every checker process planned meanwhile, so
 * the build writes ajv's standalone code for it beside this module ({@link PRECOMPILED}, by
 * `build-validator.ts`): the same code ajv would generate at run time, with the schema's digest.
 * When that file is missing (running from `src/`) or was made from another schema, the schema is
 * compiled at run time instead, with the same options.
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Ajv as AjvClass, ValidateFunction } from 'ajv';
import composeSpec from './compose-spec.schema.json' with { type: 'json' };

/** ajv's options for the Compose schema (`verbose`: errors carry the failing schema and data). */
export const AJV_OPTIONS = { allErrors: true, verbose: true, strict: false } as const;

/** File name of the precompiled validator (CommonJS), beside this module in `dist/`. */
export const PRECOMPILED = 'compose-spec.validate.cjs';

/** ajv itself, a CommonJS package (~25 ms of CPU to load), required on first use only. */
const require = createRequire(import.meta.url);

/**
 * The schema as compiled: its `$schema` names draft-07 by an `https` URL that ajv does not know,
 * so it is dropped (ajv's default is draft-07).
 */
function schema(): Record<string, unknown> {
  const { $schema: _draft, ...rest } = composeSpec;
  return rest;
}

/** sha256 of the schema as compiled (hex). */
export function schemaDigest(): string {
  return createHash('sha256').update(JSON.stringify(schema())).digest('hex');
}

/** The validator compiled now. */
export function compileValidator(): ValidateFunction {
  const { Ajv } = require('ajv') as { Ajv: typeof AjvClass };
  return new Ajv(AJV_OPTIONS).compile(schema());
}

/** ajv's standalone code of the validator (a CommonJS module), with `schemaDigest` exported. */
export function validatorSource(): string {
  const { Ajv } = require('ajv') as { Ajv: typeof AjvClass };
  const standalone = (require('ajv/dist/standalone') as { default: (ajv: AjvClass, validate: ValidateFunction) => string }).default;
  const ajv = new Ajv({ ...AJV_OPTIONS, code: { source: true, esm: false } });
  return `${standalone(ajv, ajv.compile(schema()))}\nmodule.exports.schemaDigest = ${JSON.stringify(schemaDigest())};\n`;
}

/** The precompiled validator when it was made from this schema, else one compiled now. */
export function loadValidator(): ValidateFunction {
  try {
    const found = require(fileURLToPath(new URL(`./${PRECOMPILED}`, import.meta.url))) as ValidateFunction & { schemaDigest?: string };
    if (typeof found === 'function' && found.schemaDigest === schemaDigest()) return found;
  } catch {
    // Not built (running from src/): compiled below.
  }
  return compileValidator();
}
