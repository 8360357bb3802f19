/** Documentation addresses of checkers' rules, given only where they are certain (SARIF `helpUri`, LSP `codeDescription`). */

/**
 * A documentation address known to be right for a checker's rule, or undefined. Only ShellCheck
 * has one page per code at a fixed address (https://www.shellcheck.net/wiki/SC2086).
 */
export function ruleAddress(checker: string, rule: string): string | undefined {
  return checker === 'shellcheck' && /^SC\d+$/.test(rule) ? `https://www.shellcheck.net/wiki/${rule}` : undefined;
}
