/**
 * Named causes of a missing environment, whichever checker met them: ansible-lint's own forms of
 * what `ansible-playbook --syntax-check` reports (its `syntax-check[...]` and `load-failure`
 * findings repeat ansible's message: 6.13.1 `syntax-check[specific]`, 25.2.1 and 26.4.0
 * `syntax-check[unknown-module]` for a module and `syntax-check[specific]` for a role; an
 * `internal-error` wrapping a syntax check that could not run, such as a missing vault password) get the
 * rule and fix of `check/checkers/ansible-errors.ts`, and a module missing from ansible-core names
 * the installed version.
 */
import { baseRule } from '../check/checkers/ansible-lint.js';
import { explainAnsibleError, INSTALLED_ANSIBLE_CORE } from '../check/checkers/ansible-errors.js';
import type { Diagnostic } from '../check/types.js';

/** ansible-lint's rules whose message is ansible's own error message. */
const ANSIBLE_MESSAGE_RULES = ['syntax-check', 'load-failure', 'internal-error'];

/**
 * The diagnostic with its named cause, when it has one; else the diagnostic itself. Pure.
 * @param ansibleCore the installed ansible-core's version, when the run read it
 */
export function nameCause(d: Diagnostic, ansibleCore?: string): Diagnostic {
  let named = d;
  if (d.source === 'ansible-lint' && ANSIBLE_MESSAGE_RULES.includes(baseRule(d.rule))) {
    const explained = explainAnsibleError(d.message);
    if (explained.rule !== 'syntax-check') named = { ...d, rule: explained.rule, message: explained.message };
  }
  if (named.rule === 'ansible-module-unavailable' && ansibleCore) {
    named = { ...named, message: named.message.replace(INSTALLED_ANSIBLE_CORE, `ansible-core ${ansibleCore}, the installed one`) };
  }
  return named;
}
