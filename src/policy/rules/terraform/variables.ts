/** Terraform variable rules: type, description, sensitivity, and no default for secrets. */
import { isSecretKey } from '../../secrets/detect.js';
import { bodies, labelled, type Body, type TerraformFile } from '../../terraform/module.js';
import type { Finding, PolicyFile, RuleLogic } from '../../types.js';

/** A variable block: name, body, index among blocks of that name. */
interface Variable {
  name: string;
  body: Body;
  index: number;
}

function variables(tf: TerraformFile): Variable[] {
  return labelled(tf.json, 'variable').flatMap(([name, value]) => bodies(value).map((body, index) => ({ name, body, index })));
}

/** A rule that looks at each variable block of a Terraform file. */
function perVariable(visit: (v: Variable, tf: TerraformFile) => Finding | undefined): RuleLogic {
  return {
    fileTypes: ['terraform'],
    async check(file: PolicyFile) {
      const tf = await file.terraform();
      return tf ? variables(tf).flatMap((v) => visit(v, tf) ?? []) : [];
    },
  };
}

/** True for `sensitive = true`. */
export function isSensitive(body: Body): boolean {
  return body.sensitive === true || body.sensitive === 'true';
}

/** `tf-variable-untyped`. */
export const tfVariableUntyped = perVariable((v, tf) =>
  'type' in v.body ? undefined : { line: tf.lineOf(['variable', v.name, v.index]), message: `variable "${v.name}" has no type` },
);

/** `tf-variable-undocumented`. */
export const tfVariableUndocumented = perVariable((v, tf) =>
  typeof v.body.description === 'string' && v.body.description.trim() !== ''
    ? undefined
    : { line: tf.lineOf(['variable', v.name, v.index]), message: `variable "${v.name}" has no description` },
);

/** `tf-variable-not-sensitive`: a secret's name without `sensitive = true`. */
export const tfVariableNotSensitive = perVariable((v, tf) =>
  !isSecretKey(v.name) || isSensitive(v.body)
    ? undefined
    : { line: tf.lineOf(['variable', v.name, v.index]), message: `variable "${v.name}" looks like a secret but is not sensitive = true` },
);

/**
 * True for `default = {}` or `default = []`: an empty map or list holds no secret, and is how an
 * optional map of secrets says "none" (`""` is still a finding: it is deployed as an empty password).
 */
function isEmptyCollection(value: unknown): boolean {
  if (Array.isArray(value)) return value.length === 0;
  return typeof value === 'object' && value !== null && Object.keys(value).length === 0;
}

/** `tf-sensitive-default`: a sensitive variable with a default that is not null or an empty map or list. */
export const tfSensitiveDefault = perVariable((v, tf) =>
  !isSensitive(v.body) || !('default' in v.body) || v.body.default === null || isEmptyCollection(v.body.default)
    ? undefined
    : { line: tf.lineOf(['variable', v.name, v.index, 'default']), message: `sensitive variable "${v.name}" has a default: pass it with TF_VAR_${v.name}` },
);
