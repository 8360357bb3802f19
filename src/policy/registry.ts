/**
 * The policy rules, as an explicit list: each rule id (documented in `docs.ts`) bound to its
 * logic. Adding a rule means a doc entry, its logic under `rules/`, one line here, and
 * `fixtures/rules/<id>/{good,bad}` with `expected.json`.
 */
import { RULE_DOCS, RULE_IDS, type RuleId } from './docs.js';
import { ansibleHandlerUndefined, ansibleHandlerUnused } from './rules/ansible/handlers.js';
import { ansibleHostsUnknown } from './rules/ansible/hosts.js';
import { ansibleInventoryOutOfStep } from './rules/ansible/inventory-step.js';
import {
  ansibleConditionalNotBoolean, ansibleConditionalTemplated, ansibleTemplateBuildsLiteral, ansibleTemplateInExpression,
} from './rules/ansible/readiness.js';
import { ansibleCommandNotIdempotent, ansibleRestartInTask } from './rules/ansible/tasks.js';
import {
  composeBindMountData, composeDbPortPublic, composeEnvSecret, composeImageUnpinned, composeVersionObsolete,
} from './rules/compose/exposure.js';
import {
  composeDependsOnUnhealthy, composeNoHealthcheck, composeNoResourceLimits, composePrivileged, composeRestartInvalid, composeRestartPolicy,
} from './rules/compose/runtime.js';
import { destructiveUnmarked } from './rules/destructive.js';
import { envFileTracked } from './rules/env-file.js';
import { headerIncomplete, headerMissing, headerPathMismatch } from './rules/header.js';
import { pyBareExcept, pyHttpNoTimeout, pyNoMainGuard } from './rules/python.js';
import { secretLiteral } from './rules/secrets.js';
import { shNoStrictMode, shNoUsage, shShebang } from './rules/shell.js';
import { tfCloudInitInterfaceTaken } from './rules/terraform/bpg-cloud-init.js';
import { tfHookScriptNotExecutable } from './rules/terraform/bpg-hook-script.js';
import { tfSnippetsDatastore, tfSnippetsNoSsh } from './rules/terraform/bpg-snippets.js';
import { tfNodeUnknown, tfVmIdCollision, tfVmIdUnknown } from './rules/terraform/guests.js';
import { tfProviderInlineToken, tfProviderUnpinned, tfRequiredVersionMissing } from './rules/terraform/providers.js';
import { tfSensitiveDefault, tfVariableNotSensitive, tfVariableUndocumented, tfVariableUntyped } from './rules/terraform/variables.js';
import type { RuleDoc, RuleLogic } from './types.js';

/** Each rule's logic; `null` for the rules the engine itself reports (suppressions). */
const LOGIC = {
  'header-missing': headerMissing,
  'header-incomplete': headerIncomplete,
  'header-path-mismatch': headerPathMismatch,
  'secret-literal': secretLiteral,
  'destructive-unmarked': destructiveUnmarked,
  'env-file-tracked': envFileTracked,
  'ansible-command-not-idempotent': ansibleCommandNotIdempotent,
  'ansible-restart-in-task': ansibleRestartInTask,
  'ansible-handler-undefined': ansibleHandlerUndefined,
  'ansible-handler-unused': ansibleHandlerUnused,
  'ansible-hosts-unknown': ansibleHostsUnknown,
  'ansible-inventory-out-of-step': ansibleInventoryOutOfStep,
  'ansible-conditional-not-boolean': ansibleConditionalNotBoolean,
  'ansible-conditional-templated': ansibleConditionalTemplated,
  'ansible-template-in-expression': ansibleTemplateInExpression,
  'ansible-template-builds-literal': ansibleTemplateBuildsLiteral,
  'compose-version-obsolete': composeVersionObsolete,
  'compose-no-healthcheck': composeNoHealthcheck,
  'compose-depends-on-unhealthy': composeDependsOnUnhealthy,
  'compose-bind-mount-data': composeBindMountData,
  'compose-no-resource-limits': composeNoResourceLimits,
  'compose-restart-policy': composeRestartPolicy,
  'compose-restart-invalid': composeRestartInvalid,
  'compose-image-unpinned': composeImageUnpinned,
  'compose-db-port-public': composeDbPortPublic,
  'compose-privileged': composePrivileged,
  'compose-env-secret': composeEnvSecret,
  'tf-variable-untyped': tfVariableUntyped,
  'tf-variable-undocumented': tfVariableUndocumented,
  'tf-variable-not-sensitive': tfVariableNotSensitive,
  'tf-sensitive-default': tfSensitiveDefault,
  'tf-provider-unpinned': tfProviderUnpinned,
  'tf-required-version-missing': tfRequiredVersionMissing,
  'tf-vm-id-collision': tfVmIdCollision,
  'tf-vm-id-unknown': tfVmIdUnknown,
  'tf-node-unknown': tfNodeUnknown,
  'tf-provider-inline-token': tfProviderInlineToken,
  'tf-snippets-datastore': tfSnippetsDatastore,
  'tf-snippets-no-ssh': tfSnippetsNoSsh,
  'tf-cloud-init-interface-taken': tfCloudInitInterfaceTaken,
  'tf-hook-script-not-executable': tfHookScriptNotExecutable,
  'py-no-main-guard': pyNoMainGuard,
  'py-http-no-timeout': pyHttpNoTimeout,
  'py-bare-except': pyBareExcept,
  'sh-shebang': shShebang,
  'sh-no-strict-mode': shNoStrictMode,
  'sh-no-usage': shNoUsage,
  'suppression-unused': null,
  'suppression-invalid': null,
} as const satisfies Record<RuleId, RuleLogic | null>;

/** A rule: its id, its documentation and its logic (null: reported by the engine). */
export interface PolicyRule extends RuleDoc {
  id: RuleId;
  logic: RuleLogic | null;
}

/** Every policy rule, in documentation order. */
export const RULES: readonly PolicyRule[] = RULE_IDS.map((id) => ({ id, ...RULE_DOCS[id], logic: LOGIC[id] }));

/** The rule with this id, or undefined. */
export function ruleById(id: string): PolicyRule | undefined {
  return RULES.find((rule) => rule.id === id);
}
