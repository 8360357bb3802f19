/**
 * The built-in checkers, as an explicit list (no directory scanning): adding a checker means
 * adding its file under `checkers/` and one line here.
 */
import type { FileType } from '../classify/tables.js';
import { ansibleInventory } from './checkers/ansible-inventory.js';
import { ansibleLintBatch } from './checkers/ansible-lint-batch.js';
import { ansibleSyntaxBatch } from './checkers/ansible-syntax-batch.js';
import { bashSyntax } from './checkers/bash-syntax.js';
import { composeConfigBatch } from './checkers/compose-config-batch.js';
import { composeSchema } from './checkers/compose-schema.js';
import { dockerfileUtils } from './checkers/dockerfile-utils.js';
import { hclParse } from './checkers/hcl-parse.js';
import { jsonParse } from './checkers/json-parse.js';
import { pyflakes } from './checkers/pyflakes.js';
import { pythonCompile } from './checkers/python-compile.js';
import { shellcheck } from './checkers/shellcheck.js';
import { shfmt } from './checkers/shfmt.js';
import { terraformFmt } from './checkers/terraform-fmt.js';
import { terraformSchema } from './checkers/terraform-schema.js';
import { terraformValidate } from './checkers/terraform-validate.js';
import { tomlParse } from './checkers/toml-parse.js';
import { yamllint } from './checkers/yamllint.js';
import { yamlParse } from './checkers/yaml-parse.js';
import type { Checker } from './types.js';

/** Every built-in checker, in the order their results are reported. */
export const CHECKERS: readonly Checker[] = [
  // YAML, Ansible, Compose
  yamlParse,
  yamllint,
  ansibleSyntaxBatch,
  ansibleLintBatch,
  ansibleInventory,
  composeSchema,
  composeConfigBatch,
  dockerfileUtils,
  // shell, Python
  bashSyntax,
  shellcheck,
  shfmt,
  pythonCompile,
  pyflakes,
  // Terraform
  terraformFmt,
  terraformValidate,
  hclParse,
  terraformSchema,
  // other data formats
  jsonParse,
  tomlParse,
];

/** The checkers that apply to a file type, in {@link CHECKERS} order. */
export function checkersFor(type: FileType): Checker[] {
  return CHECKERS.filter((checker) => checker.fileTypes.includes(type));
}
