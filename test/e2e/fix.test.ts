/**
 * `iacgen fix` end to end: the built CLI in real git repositories with the real checkers and
 * formatters (terraform fmt, shfmt). A stand-in `shfmt` first on PATH (it hands every call but the
 * formatting of one named file to the real shfmt) plays a formatter that breaks a file or drops a
 * comment, so the guards are seen refusing a real tool's output.
 */
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execaSync } from 'execa';
import { describe, expect, it } from 'vitest';
import { BIN, haveTools, runCli, tempDir, tempRepo, terminal } from '../helpers.js';

const ready = haveTools('terraform', 'shfmt', 'bash');

const EDITORCONFIG = 'root = true\n\n[*.sh]\nindent_style = space\nindent_size = 2\n';
const SCRIPT = '#!/bin/bash\n# Back up the configuration.\nif true; then\n\techo hi   # say hi\nfi\n';
const SCRIPT_FIXED = '#!/bin/bash\n# Back up the configuration.\nif true; then\n  echo hi # say hi\nfi\n';
const MAIN_TF = 'resource "null_resource" "x" {\n  triggers = {\n      a = "1" # one\n    bb = "2" // two\n  }\n  /* three */\n}\n';
const MAIN_TF_FIXED = 'resource "null_resource" "x" {\n  triggers = {\n    a  = "1" # one\n    bb = "2" // two\n  }\n  /* three */\n}\n';

function repo(extra: Record<string, string> = {}): string {
  return tempRepo({ '.editorconfig': EDITORCONFIG, 'scripts/backup.sh': SCRIPT, 'terraform/main.tf': MAIN_TF, ...extra });
}

const read = (root: string, rel: string) => readFileSync(path.join(root, rel), 'utf8');

/** A folder holding a stand-in `shfmt`: `script` runs for `--filename` calls on `name`, the real shfmt for the rest. */
function fakeShfmt(name: string, script: string): string {
  const real = execaSync('sh', ['-c', 'command -v shfmt']).stdout.trim();
  const dir = tempDir('iacgen-fake-');
  const file = path.join(dir, 'shfmt');
  writeFileSync(file, `#!/bin/sh\ncase "$*" in\n  *--filename*${name}*) ${script} ;;\nesac\nexec ${real} "$@"\n`);
  chmodSync(file, 0o755);
  return dir;
}

describe.skipIf(!ready)('iacgen fix', () => {
  it('applies terraform fmt and shfmt (with the .editorconfig), keeps every comment, and the tree then validates clean', async () => {
    const root = repo();
    const run = await runCli(['fix'], root);
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('  fix   scripts/backup.sh  shfmt: 1 finding; 0 left\n');
    expect(run.stdout).toContain('  fix   terraform/main.tf  terraform fmt: 1 finding; 0 left\n');
    expect(run.stdout).toContain('fixed 2 findings in 2 files; 0 left');
    expect(read(root, 'scripts/backup.sh')).toBe(SCRIPT_FIXED);
    expect(read(root, 'terraform/main.tf')).toBe(MAIN_TF_FIXED);
    const after = await runCli(['validate'], root);
    expect(after.exitCode).toBe(0);
    expect(after.stdout).not.toMatch(/\((shfmt|terraform-fmt)\)/);
    expect(after.stdout).not.toContain('fixable');
  });

  it('--dry-run prints the plan and unified diffs and leaves every byte as it was', async () => {
    const root = repo();
    const run = await runCli(['fix', '--dry-run'], root);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/^Fix plan \(dry run: nothing was written\):\n/);
    expect(run.stdout).toContain('--- a/scripts/backup.sh\ton disk\n+++ b/scripts/backup.sh\tiacgen fix\n');
    expect(run.stdout).toContain('-\techo hi   # say hi\n+  echo hi # say hi\n');
    expect(run.stdout).toContain('-      a = "1" # one\n+    a  = "1" # one\n');
    expect(run.stdout).toContain('would fix 2 findings in 2 files; 0 left');
    expect(read(root, 'scripts/backup.sh')).toBe(SCRIPT);
    expect(read(root, 'terraform/main.tf')).toBe(MAIN_TF);
    expect(execaSync('git', ['status', '--porcelain', '--untracked-files=all'], { cwd: root }).stdout.split('\n').sort()).toEqual(['?? .editorconfig', '?? scripts/backup.sh', '?? terraform/main.tf']);
  });

  it('follows the .editorconfig of the file: tabs without one', async () => {
    const root = tempRepo({ 'scripts/backup.sh': '#!/bin/bash\nif true; then\n    echo hi\nfi\n' });
    const run = await runCli(['fix', 'scripts'], root);
    expect(run.exitCode).toBe(0);
    expect(read(root, 'scripts/backup.sh')).toBe('#!/bin/bash\nif true; then\n\techo hi\nfi\n');
  });

  it('leaves a file whose formatting would break it unchanged, saying which formatter and why, and still fixes the others', async () => {
    const root = repo();
    const fake = fakeShfmt('backup.sh', "cat; printf 'if then\\n'; exit 0");
    const run = await runCli(['fix'], root, { PATH: `${fake}:${process.env.PATH ?? ''}` });
    expect(run.stdout).toMatch(/ {2}keep {2}scripts\/backup\.sh {2}1 left\n {8}shfmt dropped: the file would not be valid afterwards: bash-syntax reports /);
    expect(run.stdout).toContain('  fix   terraform/main.tf  terraform fmt: 1 finding; 0 left\n');
    expect(read(root, 'scripts/backup.sh')).toBe(SCRIPT);
    expect(read(root, 'terraform/main.tf')).toBe(MAIN_TF_FIXED);
    // What is left is a warning (style): below the default --fail-on error.
    expect(run.exitCode).toBe(0);
  });

  it('refuses a formatting that drops a comment', async () => {
    const root = repo();
    const fake = fakeShfmt('backup.sh', "grep -v '^# Back up'; exit 0");
    const run = await runCli(['fix', 'scripts'], root, { PATH: `${fake}:${process.env.PATH ?? ''}` });
    expect(run.stdout).toContain('  keep  scripts/backup.sh  1 left\n        shfmt refused: it would drop the comment "Back up the configuration."\n');
    expect(read(root, 'scripts/backup.sh')).toBe(SCRIPT);
  });

  it('exits 1 when findings at the fail-on severity are left, and 0 with nothing to fix', async () => {
    const broken = tempRepo({ 'scripts/broken.sh': '#!/bin/bash\nif true; then\n    echo hi\n' });
    const run = await runCli(['fix'], broken);
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toMatch(/keep {2}scripts\/broken\.sh {2}\d+ left/);
    const warnOnly = await runCli(['fix', '--dry-run', '--fail-on', 'warning'], repo());
    expect(warnOnly.exitCode).toBe(0);
    const clean = tempRepo({ 'scripts/ok.sh': '#!/bin/bash\necho hi\n' });
    const nothing = await runCli(['fix'], clean);
    expect([nothing.exitCode, nothing.stdout]).toEqual([0, 'nothing to fix: no findings']);
  });

  it('validate counts the fixable findings, marks them in JSON, and validate --fix fixes then reports the fixed tree', async () => {
    const root = repo();
    const before = await runCli(['validate'], root);
    expect(before.stdout).toMatch(/, 2 fixable by `iacgen fix`$/);
    const json = JSON.parse((await runCli(['validate', '--format', 'json'], root)).stdout) as { files: { path: string; diagnostics: { source: string; fixable?: boolean }[] }[] };
    const flagged = json.files.flatMap((f) => f.diagnostics.filter((d) => d.fixable).map((d) => `${f.path} ${d.source}`));
    expect(flagged.sort()).toEqual(['scripts/backup.sh shfmt', 'terraform/main.tf terraform-fmt']);
    const fixed = await runCli(['validate', '--fix'], root);
    expect(fixed.exitCode).toBe(0);
    expect(fixed.stdout).toMatch(/^Fix plan:\n/);
    expect(fixed.stdout).toMatch(/\npassed: 2 files checked, 0 errors, 0 warnings, \d+ skipped checks?$/);
    expect(read(root, 'scripts/backup.sh')).toBe(SCRIPT_FIXED);
  });
  it.skipIf(!haveTools('tmux', 'bash'))('asks at a terminal for the Purpose of a header the file names none for; without one, says why it is left', async () => {
    const root = tempRepo({
      'iacgen.yaml': 'rules:\n  sets: [defects, house]\n',
      'scripts/hello.sh': '#!/usr/bin/env bash\nset -euo pipefail\necho hi\n',
    });
    const unattended = await runCli(['fix', '--dry-run'], root);
    expect(unattended.stdout).toContain('header-missing not applied: no Purpose to write');
    const term = await terminal(root, `node ${BIN} fix`);
    // Files in report order: iacgen.yaml first; an empty answer leaves its header out.
    await term.waitFor('Purpose of iacgen.yaml');
    await term.keys('Enter');
    await term.waitFor('Purpose of scripts/hello.sh');
    await term.keys('Say hello to the operator', 'Enter');
    const screen = await term.waitFor('IACGEN_EXIT=');
    expect(screen).toMatch(/fix {3}scripts\/hello\.sh {2}header-missing: 1 finding/);
    expect(read(root, 'iacgen.yaml')).toBe('rules:\n  sets: [defects, house]\n');
    const text = read(root, 'scripts/hello.sh');
    expect(text.split('\n')[0]).toBe('#!/usr/bin/env bash');
    expect(text).toMatch(/^# Purpose: +Say hello to the operator$/m);
    const after = JSON.parse((await runCli(['validate', '--format', 'json'], root)).stdout) as { files: { path: string; diagnostics: { rule: string }[] }[] };
    expect(after.files.find((f) => f.path === 'scripts/hello.sh')?.diagnostics.map((d) => d.rule)).not.toContain('header-missing');
  });
});
