/**
 * shfmt: its parser on output captured from shfmt 3.6.0 (`shfmt -d` on the fixtures and on
 * scratch files), the unified-diff reader, and, where installed, a real run honouring
 * `.editorconfig`.
 */
import { mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import which from 'which';
import { describe, expect, it } from 'vitest';
import { shfmt } from '../../../src/check/checkers/shfmt.js';
import { diffSections } from '../../../src/check/checkers/unified-diff.js';
import { runChecks } from '../../../src/check/runner.js';
import type { CheckerOutput, ParsedOutput } from '../../../src/check/types.js';

const CWD = '/tmp/repo';

function run(output: Partial<CheckerOutput> & Pick<CheckerOutput, 'files'>): ParsedOutput {
  return shfmt.parse({ stdout: '', stderr: '', exitCode: 0, cwd: CWD, ...output });
}

function brief(parsed: ParsedOutput): string[] {
  return parsed.diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.severity} ${d.rule}`);
}

/** Captured: `shfmt -d good/backup.sh bad/unformatted.sh bad/parse-error.sh`. */
const STDOUT =
  '--- bad/unformatted.sh.orig\n+++ bad/unformatted.sh\n@@ -2,7 +2,7 @@\n set -euo pipefail\n \n backup() {\n' +
  '-    local dest="$1"\n-    cp -- /etc/pve/qemu-server/*.conf "$dest/"\n+\tlocal dest="$1"\n' +
  '+\tcp -- /etc/pve/qemu-server/*.conf "$dest/"\n }\n-backup   "$1"\n+backup "$1"\n';
const STDERR = 'bad/parse-error.sh:10:1: for statement must end with "done"\n';

describe('shfmt parser', () => {
  it('reports a diff as a warning at its first change and a parse error as an error', () => {
    const files = ['good/backup.sh', 'bad/unformatted.sh', 'bad/parse-error.sh'];
    const parsed = run({ files, stdout: STDOUT, stderr: STDERR, exitCode: 1 });
    expect(parsed.failure).toBeUndefined();
    expect(brief(parsed)).toEqual(['bad/unformatted.sh:5:1 warning format', 'bad/parse-error.sh:10:1 error parse']);
    expect(parsed.diagnostics[0]?.message).toBe('not formatted as shfmt would format it (first change at line 5); run `shfmt -w`');
    expect(parsed.diagnostics[1]?.message).toBe('for statement must end with "done"');
  });

  it('reports header-only diffs (CRLF, no final newline) at line 1, and newer `diff` lines', () => {
    const crlf = '--- crlf.sh.orig\n+++ crlf.sh\n';
    expect(brief(run({ files: ['crlf.sh'], stdout: crlf, exitCode: 1 }))).toEqual(['crlf.sh:1:1 warning format']);
    const newer = 'diff a.sh.orig a.sh\n--- a.sh.orig\n+++ a.sh\n@@ -1 +1 @@\n-echo  hi\n+echo hi\n';
    expect(brief(run({ files: ['a.sh'], stdout: newer, exitCode: 1 }))).toEqual(['a.sh:1:1 warning format']);
  });

  it('reads a parse error with a column, and fails on a file it could not open', () => {
    const posix = run({ files: ['arrsh.sh'], stderr: 'arrsh.sh:2:3: arrays are a bash/mksh feature (parsed as posix via -ln=auto)\n', exitCode: 1 });
    expect(brief(posix)).toEqual(['arrsh.sh:2:3 error parse']);
    const gone = run({ files: ['gone.sh'], stderr: 'lstat gone.sh: no such file or directory\n', exitCode: 1 });
    expect(gone.failure).toMatch(/could not read a file: lstat gone\.sh/);
    expect(run({ files: ['a.sh'], exitCode: 1 }).failure).toMatch(/without a diff or an error/);
  });
});

describe('diffSections', () => {
  it('does not take a changed line reading `--- x` for a file header', () => {
    const text =
      '--- a.sh.orig\n+++ a.sh\n@@ -1,3 +1,3 @@\n echo start\n--- x\n+++ y\n echo end\n' +
      '--- b.sh.orig\n+++ b.sh\n@@ -7,2 +7,3 @@\n keep\n+added\n keep\n';
    expect(diffSections(text)).toEqual([
      { oldName: 'a.sh.orig', newName: 'a.sh', firstChange: 2 },
      { oldName: 'b.sh.orig', newName: 'b.sh', firstChange: 8 },
    ]);
  });

  it('reads terraform fmt -diff labels and timestamps', () => {
    expect(diffSections('--- old/x.tf\t2024-01-01\n+++ new/x.tf\t2024-01-01\n@@ -0,0 +1 @@\n+a = 1\n')).toEqual([
      { oldName: 'old/x.tf', newName: 'new/x.tf', firstChange: 1 },
    ]);
  });
});

const installed = which.sync('shfmt', { nothrow: true }) !== null;

describe.skipIf(!installed)('shfmt honours .editorconfig (real shfmt)', () => {
  it('accepts two-space indentation only where .editorconfig asks for it', async () => {
    const dir = await realpath(await mkdtemp(path.join(os.tmpdir(), 'iacgen-shfmt-')));
    try {
      const script = '#!/bin/sh\nif true; then\n  echo hi\nfi\n';
      await writeFile(path.join(dir, 'a.sh'), script);
      const target = [{ absPath: path.join(dir, 'a.sh'), type: 'shell' as const }];
      const check = async () => (await runChecks(target, { cwd: dir, checkers: [shfmt], versions: false })).byFile.get(path.join(dir, 'a.sh'));

      expect((await check())?.diagnostics).toEqual([expect.objectContaining({ line: 3, severity: 'warning', rule: 'format' })]);
      await writeFile(path.join(dir, '.editorconfig'), 'root = true\n\n[*.sh]\nindent_style = space\nindent_size = 2\n');
      expect(await check()).toEqual({ checks: [expect.objectContaining({ checker: 'shfmt', status: 'pass' })], diagnostics: [] });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
