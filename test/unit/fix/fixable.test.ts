/** The cheap "fixable" predicate behind validate's summary count and the JSON report's flag. */
import { describe, expect, it } from 'vitest';
import type { ValidationResult } from '../../../src/check/types.js';
import { countFixable, isFixable } from '../../../src/fix/fixable.js';

describe('isFixable', () => {
  it('is true for a finding a formatter repairs, on a file of its type only', () => {
    expect(isFixable({ source: 'shfmt', rule: 'format' }, 'shell')).toBe(true);
    expect(isFixable({ source: 'terraform-fmt', rule: 'fmt' }, 'terraform')).toBe(true);
    expect(isFixable({ source: 'terraform-fmt', rule: 'syntax' }, 'terraform')).toBe(false);
    expect(isFixable({ source: 'shfmt', rule: 'parse' }, 'shell')).toBe(false);
    expect(isFixable({ source: 'shfmt', rule: 'format' }, 'yaml')).toBe(false);
  });

  it('counts the fixable findings of a result', () => {
    const d = (source: string, rule: string) => ({ line: 1, column: 1, severity: 'warning' as const, source, rule, message: 'm' });
    const result: ValidationResult = {
      cwd: '/r',
      durationMs: 1,
      checkers: [],
      files: [
        { absPath: '/r/a.sh', type: 'shell', checks: [], diagnostics: [d('shfmt', 'format'), d('shellcheck', 'SC2086')] },
        { absPath: '/r/main.tf', type: 'terraform', checks: [], diagnostics: [d('terraform-fmt', 'fmt')] },
      ],
    };
    expect(countFixable(result)).toBe(2);
  });
});
