/**
 * The strict-mode fixer: on the rule's bad fixtures, then the rule itself finds nothing; the
 * header stays first, `bash -n` (and ShellCheck, where installed) still pass, one line changes.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { shNoStrictModeFix } from '../../../src/policy/rules/shell.js';
import { haveTools } from '../../helpers.js';
import { badFixture, expectCommentsKept, fileOf, fixAndRecheck, lineDiff } from './helpers.js';

describe('sh-no-strict-mode', () => {
  it('is unsafe: it changes what runs', () => {
    expect(shNoStrictModeFix.safety).toBe('unsafe');
  });

  it('rewrites a first `set -e` in place', async () => {
    const file = badFixture('sh-no-strict-mode', 'backup.sh', 'shell');
    const fixed = await fixAndRecheck(shNoStrictModeFix, 'sh-no-strict-mode', file);
    expect(lineDiff(file.text, fixed)).toEqual({ removed: ['set -e\n'], added: ['set -euo pipefail\n'] });
    expectCommentsKept(file.text, fixed);
    execFileSync('bash', ['-n'], { input: fixed });
  });

  it('POSIX sh: set -eu after the header block, blank lines kept below it', async () => {
    const file = badFixture('sh-no-strict-mode', 'posix.sh', 'shell');
    const fixed = await fixAndRecheck(shNoStrictModeFix, 'sh-no-strict-mode', file);
    expect(lineDiff(file.text, fixed)).toEqual({ removed: [], added: ['set -eu\n'] });
    expect(fixed.split('\n').slice(4, 8)).toEqual(['# Date: 2025-01-15', 'set -eu', '', '']);
    execFileSync('sh', ['-n'], { input: fixed });
  });

  it('keeps a trailing comment of the set line; leaves a comment above a function where it is', async () => {
    const inline = fileOf('a.sh', 'shell', '#!/usr/bin/env bash\nset -u  # strict-ish\necho "$HOME"\n');
    expect(await fixAndRecheck(shNoStrictModeFix, 'sh-no-strict-mode', inline)).toBe('#!/usr/bin/env bash\nset -euo pipefail  # strict-ish\necho "$HOME"\n');
    const text = '#!/usr/bin/env bash\n# Header line\n\n# Prints usage.\nusage() {\n  echo "usage"\n}\nset -x\nusage\n';
    const fixed = await fixAndRecheck(shNoStrictModeFix, 'sh-no-strict-mode', fileOf('b.sh', 'shell', text));
    expect(fixed).toBe('#!/usr/bin/env bash\n# Header line\nset -euo pipefail\n\n# Prints usage.\nusage() {\n  echo "usage"\n}\nset -x\nusage\n');
  });

  it.skipIf(!haveTools('shellcheck'))('ShellCheck finds nothing new', async () => {
    const file = badFixture('sh-no-strict-mode', 'backup.sh', 'shell');
    const fixed = await fixAndRecheck(shNoStrictModeFix, 'sh-no-strict-mode', file);
    execFileSync('shellcheck', ['-'], { input: fixed });
  });
});
