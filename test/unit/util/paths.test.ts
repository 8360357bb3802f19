import { describe, expect, it } from 'vitest';
import type { FileResult } from '../../../src/check/types.js';
import { folderReplacer } from '../../../src/util/paths.js';
import { relocateFile } from '../../../src/validate/relocate.js';

describe('folderReplacer', () => {
  const move = folderReplacer('/tmp/iacgen-staged-Ab.1', '/home/me/lab');

  it('replaces the folder where a path starts with it, and only there', () => {
    expect(move("included file `/tmp/iacgen-staged-Ab.1/tasks/x.yml` cannot be found")).toBe('included file `/home/me/lab/tasks/x.yml` cannot be found');
    expect(move("The error appears to be in '/tmp/iacgen-staged-Ab.1/site.yml': line 3")).toBe("The error appears to be in '/home/me/lab/site.yml': line 3");
    expect(move('/tmp/iacgen-staged-Ab.1')).toBe('/home/me/lab');
    expect(move('a /tmp/iacgen-staged-Ab.1: b /tmp/iacgen-staged-Ab.1/c')).toBe('a /home/me/lab: b /home/me/lab/c');
  });

  it('leaves a longer name that starts with the same letters, and the folder name as a regular expression', () => {
    expect(move('/tmp/iacgen-staged-Ab.10/x /tmp/iacgen-staged-Ab-1/y /tmp/iacgen-staged-AbX1/z')).toBe('/tmp/iacgen-staged-Ab.10/x /tmp/iacgen-staged-Ab-1/y /tmp/iacgen-staged-AbX1/z');
  });
});

describe('relocateFile', () => {
  it("moves the path, the messages, the reasons and the outputs, and nothing else", () => {
    const file: FileResult = {
      absPath: '/tmp/s/ansible/site.yml',
      type: 'ansible-playbook',
      diagnostics: [{ line: 3, column: 1, severity: 'warning', rule: 'x', message: 'file `/tmp/s/ansible/missing.yml` not found', source: 'ansible-lint' }],
      checks: [
        { checker: 'ansible-lint', status: 'skipped', durationMs: 5, reason: 'missing /tmp/s/a.yml' },
        { checker: 'ansible-syntax-check', status: 'error', durationMs: 7, reason: 'crashed', output: "in '/tmp/s/ansible/site.yml'" },
        { checker: 'yamllint', status: 'pass', durationMs: 1 },
      ],
    };
    const moved = relocateFile(file, '/tmp/s', '/repo');
    expect(moved).toEqual({
      ...file,
      absPath: '/repo/ansible/site.yml',
      diagnostics: [{ ...file.diagnostics[0], message: 'file `/repo/ansible/missing.yml` not found' }],
      checks: [
        { checker: 'ansible-lint', status: 'skipped', durationMs: 5, reason: 'missing /repo/a.yml' },
        { checker: 'ansible-syntax-check', status: 'error', durationMs: 7, reason: 'crashed', output: "in '/repo/ansible/site.yml'" },
        { checker: 'yamllint', status: 'pass', durationMs: 1 },
      ],
    });
    expect(file.absPath).toBe('/tmp/s/ansible/site.yml');
  });
});
