/** The plan of `iacgen fix` as printed: rows, refusals, totals and the summary line. */
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../../src/check/types.js';
import type { FileFix } from '../../../src/fix/engine.js';
import { fixDiff, fixSummary, fixTotals, formatFixPlan } from '../../../src/fix/plan.js';

const warning: Diagnostic = { line: 2, column: 1, severity: 'warning', rule: 'SC2086', message: 'quote it', source: 'shellcheck' };
const error: Diagnostic = { ...warning, severity: 'error', rule: 'syntax', source: 'bash-syntax' };

function fix(over: Partial<FileFix>): FileFix {
  return { absPath: '/r/x', relPath: 'x', type: 'shell', original: 'a\n', fixed: 'a\n', steps: [], refused: [], left: [], handled: [], repaired: 0, needUnsafe: 0, ...over };
}

const FIXES = [
  fix({ relPath: 'scripts/a.sh', fixed: 'b\n', steps: [{ id: 'shfmt', findings: 1, keys: ['shfmt:format'] }], repaired: 1, left: [warning], needUnsafe: 1 }),
  fix({ relPath: 'scripts/b.sh', refused: [{ fixer: 'shfmt', reason: 'not applied: shfmt could not format it: 3:1: oops' }], left: [error] }),
];

describe('the fix plan', () => {
  it('shows fix or keep per file, the steps, what is left and the refusals under the file', () => {
    expect(formatFixPlan(FIXES)).toBe(
      '  fix   scripts/a.sh  shfmt: 1 finding; 1 left (1 more with --unsafe)\n' +
        '  keep  scripts/b.sh  1 left\n' +
        '        shfmt not applied: shfmt could not format it: 3:1: oops',
    );
  });

  it('adds up what is fixed and left, and what is left at the fail-on severity', () => {
    expect(fixTotals(FIXES, 'error')).toEqual({ files: 1, repaired: 1, left: 2, failing: 1, needUnsafe: 1 });
    expect(fixTotals(FIXES, 'warning').failing).toBe(2);
    expect(fixSummary(fixTotals(FIXES, 'error'), 'error', false)).toBe('fixed 1 finding in 1 file; 2 left (1 at --fail-on error); 1 more fixable with --unsafe');
    expect(fixSummary(fixTotals([], 'error'), 'error', true)).toBe('would fix 0 findings in 0 files; 0 left');
  });

  it('diffs the text on disk against the fixed text', () => {
    expect(fixDiff(FIXES[0] as FileFix)).toContain('--- a/scripts/a.sh\ton disk\n+++ b/scripts/a.sh\tiacgen fix\n@@ -1,1 +1,1 @@\n-a\n+b\n');
  });
});
