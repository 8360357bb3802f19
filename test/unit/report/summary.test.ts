/** Counting and grouping a result: files not checked by reason, skipped checks by checker and reason. */
import { describe, expect, it } from 'vitest';
import type { FileResult, ValidationResult } from '../../../src/check/types.js';
import { notCheckedGroups, noteworthy, skippedChecks, summarize } from '../../../src/report/summary.js';
import { fixtureResult } from './fixture.js';

const file = (rel: string, extra: Partial<FileResult> = {}): FileResult => ({ absPath: `/r/${rel}`, type: 'unknown', checks: [], diagnostics: [], ...extra });

describe('summarize', () => {
  it('counts files not checked at all, apart from files no checker reads', () => {
    expect(summarize(fixtureResult())).toEqual({ files: 7, errors: 7, warnings: 3, skipped: 2, notChecked: 2 });
  });
});

describe('notCheckedGroups', () => {
  it('groups by reason in a fixed order (problems first, binary files and in-repository symlinks last), files in report order', () => {
    const result: ValidationResult = {
      cwd: '/r',
      durationMs: 1,
      checkers: [],
      files: [
        file('a.png', { note: 'binary file', notChecked: 'binary' }),
        file('fifo', { note: 'special file: FIFO', notChecked: 'special-file' }),
        file('link.yml', { note: 'symlink to real.yml: checked there', notChecked: 'symlink' }),
        file('loop', { note: 'symlink loop: b never leads to a file', notChecked: 'symlink-loop' }),
        file('README.md'),
        file('b.png', { note: 'binary file', notChecked: 'binary' }),
        file('secret', { note: 'cannot be read (EACCES)', notChecked: 'unreadable' }),
      ],
    };
    expect(notCheckedGroups(result).map((g) => [g.reason, g.files.map((f) => f.absPath)])).toEqual([
      ['unreadable', ['/r/secret']],
      ['special-file', ['/r/fifo']],
      ['symlink-loop', ['/r/loop']],
      ['binary', ['/r/a.png', '/r/b.png']],
      ['symlink', ['/r/link.yml']],
    ]);
    expect(result.files.filter(noteworthy).map((f) => f.absPath)).toEqual(['/r/fifo', '/r/loop', '/r/secret']);
  });
});

describe('skippedChecks', () => {
  it('groups skipped checks by checker (in the order of the checkers) and the first line of the reason, leaving out missing checkers', () => {
    const skipped = (checker: string, reason?: string) => ({ checker, status: 'skipped' as const, durationMs: 0, ...(reason !== undefined ? { reason } : {}) });
    const result: ValidationResult = {
      cwd: '/r',
      durationMs: 1,
      checkers: [
        { id: 'ansible-lint', policy: 'optional', status: 'ran' },
        { id: 'shfmt', policy: 'optional', status: 'missing' },
        { id: 'terraform-validate', policy: 'optional', status: 'ran' },
      ],
      files: [
        file('a.tf', { type: 'terraform', checks: [skipped('terraform-validate', 'not initialised: run terraform init\n(more)')] }),
        file('b.tf', { type: 'terraform', checks: [skipped('terraform-validate', 'not initialised: run terraform init')] }),
        file('x.sh', { type: 'shell', checks: [skipped('shfmt', 'shfmt not installed')] }),
        file('p.yml', { type: 'ansible-playbook', checks: [skipped('ansible-lint', 'missing collection community.general')] }),
        file('q.yml', { type: 'ansible-playbook', checks: [skipped('ansible-lint', 'outside the repository'), { checker: 'yamllint', status: 'pass', durationMs: 3 }] }),
        file('r.yml', { type: 'ansible-playbook', checks: [skipped('ansible-lint')] }),
      ],
    };
    expect(skippedChecks(result).map((g) => [g.checker, g.reason, g.files.map((f) => f.absPath)])).toEqual([
      ['ansible-lint', 'missing collection community.general', ['/r/p.yml']],
      ['ansible-lint', 'outside the repository', ['/r/q.yml']],
      ['ansible-lint', 'no reason given', ['/r/r.yml']],
      ['terraform-validate', 'not initialised: run terraform init', ['/r/a.tf', '/r/b.tf']],
    ]);
  });
});
