/**
 * The policy checker inside the validate engine: its findings land on the right files with
 * source `iacgen`, and its check record is `fail`/`pass` like any checker's.
 */
import { describe, expect, it } from 'vitest';
import { createPolicyChecker } from '../../../src/policy/checker.js';
import { rulesSettingsSchema } from '../../../src/policy/config.js';
import { validate } from '../../../src/validate/engine.js';
import { tempRepo } from '../../helpers.js';
import { INVENTORY } from './helpers.js';

describe('validate with the policy checker', () => {
  it('reports rule findings per file, and passes clean files', async () => {
    const root = tempRepo({
      'scripts/clean.sh': '#!/usr/bin/env bash\n# File: scripts/clean.sh\n# Purpose: test\n# Author: test\n# Date: 2025-01-15\nset -euo pipefail\necho ok\n',
      'scripts/sloppy.sh': '#!/bin/bash\necho "$1"\n',
      'README.md': '# not checked\n',
    });
    const checker = createPolicyChecker({ inventory: INVENTORY, rules: rulesSettingsSchema.parse({ 'sh-no-usage': 'error' }), root });
    const result = await validate({ cwd: root, checkers: [checker] });
    const byName = new Map(result.files.map((f) => [f.absPath.slice(root.length + 1), f]));
    expect(byName.get('scripts/clean.sh')?.checks).toEqual([expect.objectContaining({ checker: 'iacgen', status: 'pass' })]);
    const sloppy = byName.get('scripts/sloppy.sh');
    expect(sloppy?.checks).toEqual([expect.objectContaining({ checker: 'iacgen', status: 'fail' })]);
    expect(sloppy?.diagnostics.map((d) => `${d.line} ${d.source} ${d.rule} ${d.severity}`)).toEqual([
      '1 iacgen sh-shebang warning',
      '2 iacgen header-missing warning',
      '2 iacgen sh-no-strict-mode warning',
      '2 iacgen sh-no-usage error',
    ]);
    expect(result.checkers).toEqual([expect.objectContaining({ id: 'iacgen', status: 'ran', path: 'builtin' })]);
  });
});
