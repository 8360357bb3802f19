/**
 * Configuration from the repository only, within limits, with clear errors: a battery of bad or
 * misplaced `iacgen.yaml` files, run through the built CLI in real temporary git repositories.
 * An `iacgen.yaml` in the temporary folder (TMPDIR is set for the child to a fresh folder holding
 * one, which is what a file in /tmp does to a default run) or above the git top must change
 * nothing; `--staged` reads the staged iacgen.yaml; `new` validates with the repository's rules
 * and inventory; an alias bomb, a 50 MB file, an empty file, an unknown key and a wrong type give
 * exit 2 (or the defaults) with the file, the line and a sentence, never a stack trace.
 */
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execaSync } from 'execa';
import { describe, expect, it } from 'vitest';
import { haveTools, runCli, tempDir, tempRepo, writeTree } from '../helpers.js';

const ready = haveTools('bash');
const BROKEN = '#!/usr/bin/env bash\nset -euo pipefail\nif true; then\n  echo "open"\n';
const EXCLUDE_ALL = 'exclude: ["**"]\n';
const STACK = /\n\s+at /;

const git = (cwd: string, ...args: string[]) => execaSync('git', args, { cwd });

/** A fresh folder to be the child's TMPDIR, holding an iacgen.yaml that excludes everything. */
function hostileTmp(): string {
  const tmp = tempDir('iacgen-tmpdir-');
  writeTree(tmp, { 'iacgen.yaml': EXCLUDE_ALL });
  return tmp;
}

/** The inventory of the user's own homelab, not the embedded reference one (node serviceslab). */
const OWN_INVENTORY = `proxmox:
  node: homepve
  api: https://10.0.0.2:8006/
guests:
  - id: 200
    type: ct
    name: grafana-mon
    address: 10.0.0.20
    role: monitoring
    services: [{name: grafana, port: 3000}]
    groups: [monitoring]
`;

describe.skipIf(!ready)('iacgen.yaml from outside the repository', () => {
  it('one in the temporary folder changes neither validate --staged nor new', async () => {
    const tmp = hostileTmp();
    const repo = tempRepo({ 'bad.sh': BROKEN });
    git(repo, 'add', 'bad.sh');
    const staged = await runCli(['validate', '--staged', '--only', 'bash-syntax'], repo, { TMPDIR: tmp });
    expect(staged.exitCode, staged.stdout + staged.stderr).toBe(1);
    expect(staged.stdout).toMatch(/^failed: 1 file checked/m);

    const made = await runCli(['new', 'shell', '--variant', 'generic', '--name', 'hello', '--yes'], repo, { TMPDIR: tmp });
    expect(made.exitCode, made.stdout + made.stderr).toBe(0);
    expect(made.stdout).toMatch(/validation: (passed|incomplete) \(.*bash-syntax pass/);
    expect(made.stdout).not.toContain('not checked');
  });

  it('a .yamllint in the temporary folder changes neither validate --staged nor new', async () => {
    const tmp = tempDir('iacgen-tmpdir-');
    // Five columns at most: every line of a real file would be an error if it were read.
    writeTree(tmp, { '.yamllint': 'extends: default\nrules:\n  line-length: {max: 5, level: error}\n' });
    const repo = tempRepo({ 'vars.yml': '---\nsome_long_variable_name: a value longer than five\n' });
    git(repo, 'add', 'vars.yml');
    const staged = await runCli(['validate', '--staged', '--only', 'yamllint'], repo, { TMPDIR: tmp });
    expect(staged.exitCode, staged.stdout + staged.stderr).toBe(0);
    expect(staged.stdout).not.toContain('line-length');

    const made = await runCli(['new', 'compose', '--service', 'redis', '--yes', '--json'], repo, { TMPDIR: tmp });
    expect(made.exitCode, made.stdout + made.stderr).toBe(0);
    expect(made.stdout).not.toContain('line-length');
  });

  it('one above the git top is ignored, and outside git one above the working folder too', async () => {
    const parent = tempDir();
    writeTree(parent, { 'iacgen.yaml': EXCLUDE_ALL, 'repo/bad.sh': BROKEN, 'plain/bad.sh': BROKEN });
    const repo = path.join(parent, 'repo');
    git(repo, 'init', '-q', '-b', 'main');
    for (const cwd of [repo, path.join(parent, 'plain')]) {
      const run = await runCli(['validate', '--only', 'bash-syntax'], cwd);
      expect(run.exitCode, `${cwd}: ${run.stdout}${run.stderr}`).toBe(1);
      expect(run.stdout).toMatch(/^failed: 1 file checked/m);
    }
    // Inside the repository, a subfolder still sees the iacgen.yaml at the top.
    writeTree(repo, { 'iacgen.yaml': 'exclude: ["sub/**"]\n', 'sub/bad.sh': BROKEN });
    const sub = await runCli(['validate', '--only', 'bash-syntax', '.'], path.join(repo, 'sub'));
    expect(sub.stdout).toMatch(/^passed: 0 files checked/m);
  });
});

describe.skipIf(!ready)('validate --staged reads the staged iacgen.yaml', () => {
  it('the staged version wins over the working copy, both ways', async () => {
    const repo = tempRepo({ 'bad.sh': BROKEN, 'iacgen.yaml': 'exclude: ["bad.sh"]\n' });
    git(repo, 'add', 'bad.sh', 'iacgen.yaml');
    writeFileSync(path.join(repo, 'iacgen.yaml'), 'exclude: []\n');
    const excluded = await runCli(['validate', '--staged', '--only', 'bash-syntax'], repo);
    expect(excluded.exitCode, excluded.stdout + excluded.stderr).toBe(0);

    git(repo, 'add', 'iacgen.yaml');
    writeFileSync(path.join(repo, 'iacgen.yaml'), 'exclude: ["bad.sh"]\n');
    const checked = await runCli(['validate', '--staged', '--only', 'bash-syntax'], repo);
    expect(checked.exitCode, checked.stdout + checked.stderr).toBe(1);
  });

  it('an invalid staged iacgen.yaml is exit 2 with its line, and the hint says to stage the fix', async () => {
    const repo = tempRepo({ 'bad.sh': BROKEN, 'iacgen.yaml': 'exclude: []\nfailon: warning\n' });
    git(repo, 'add', 'bad.sh', 'iacgen.yaml');
    writeFileSync(path.join(repo, 'iacgen.yaml'), 'exclude: []\n');
    const run = await runCli(['validate', '--staged'], repo);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/^iacgen: iacgen\.yaml:2:1: failon: unknown key 'failon' at the top level; did you mean 'failOn'\?$/m);
    expect(run.stderr).toContain('git add iacgen.yaml');
    expect(run.stderr).not.toMatch(STACK);
  });
});

describe('iacgen new validates with the repository’s settings and inventory', () => {
  it('honours rules turned off in iacgen.yaml', async () => {
    const args = ['new', 'compose', '--variant', 'redis', '--bind-address', '0.0.0.0', '--target', 'grafana-mon', '--yes'];
    const warned = await runCli(args, tempRepo({ 'iacgen.yaml': OWN_INVENTORY }));
    expect(warned.stdout + warned.stderr).toContain('compose-db-port-public');
    const quiet = await runCli(args, tempRepo({ 'iacgen.yaml': `${OWN_INVENTORY}rules:\n  compose-db-port-public: off\n` }));
    expect(quiet.exitCode, quiet.stdout + quiet.stderr).toBe(0);
    expect(quiet.stdout).toContain('compose/redis/compose.yaml (created)');
    expect(quiet.stdout + quiet.stderr).not.toContain('compose-db-port-public');
  });

  it('holds generated files to failOn: warning', async () => {
    const repo = tempRepo({ 'iacgen.yaml': `${OWN_INVENTORY}failOn: warning\n` });
    const run = await runCli(['new', 'compose', '--variant', 'redis', '--bind-address', '0.0.0.0', '--target', 'grafana-mon', '--yes'], repo);
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain('Validation found errors or warnings (failOn: warning in iacgen.yaml): nothing was written.');
  });

  it("checks generated Terraform against the repository's node, not the embedded one", async () => {
    const repo = tempRepo({ 'iacgen.yaml': OWN_INVENTORY });
    const run = await runCli(
      ['new', 'terraform', '--variant', 'lxc', '--vm-id', '210', '--hostname', 'web1', '--ipv4', '10.0.0.21/24', '--gateway', '10.0.0.1', '--yes'],
      repo,
    );
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).not.toContain('serviceslab');
    expect(run.stdout).not.toContain('tf-node-unknown');
  });
});

describe('bad iacgen.yaml files: exit 2, the file, the line and a sentence', () => {
  async function validateWith(config: string | Buffer): Promise<{ exitCode: number; stderr: string; ms: number }> {
    const repo = tempRepo({ 'a.yaml': 'a: 1\n' });
    writeFileSync(path.join(repo, 'iacgen.yaml'), config);
    const started = performance.now();
    const run = await runCli(['validate', '--only', 'yaml-parse'], repo);
    expect(run.stderr).not.toMatch(STACK);
    expect(run.stderr).not.toContain('internal error');
    return { exitCode: run.exitCode, stderr: run.stderr, ms: performance.now() - started };
  }

  it('an alias bomb', async () => {
    // Each level is nine of the one before: 9^9 strings, were they all expanded.
    const names = 'abcdefghi';
    const levels = [...names].map((name, i) => `${name}: &${name} [${Array(9).fill(i === 0 ? '"x"' : `*${names[i - 1]}`).join(',')}]`);
    const run = await validateWith(`${levels.join('\n')}\n`);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/^iacgen: iacgen\.yaml: its YAML aliases \(\*name\) expand to too much data/);
  });

  it('a 50 MB file, refused quickly by its size', async () => {
    const line = '  - "vendor/some/long/folder/name/**/*.tmp"\n';
    const run = await validateWith(Buffer.from(`exclude:\n${line.repeat(Math.ceil((50 * 1024 * 1024) / line.length))}`));
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/^iacgen: iacgen\.yaml: is too large \(50\.0 MiB\): iacgen reads configuration files of at most 1 MiB$/m);
    expect(run.ms).toBeLessThan(20_000);
  });

  it('an exclude list of over 1000 globs', async () => {
    const globs = Array.from({ length: 1500 }, (_, i) => `  - "vendor/dir${i}/**"\n`).join('');
    const run = await validateWith(`exclude:\n${globs}`);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/^iacgen: iacgen\.yaml:2:3: exclude: must hold at most 1000 globs.*, found a list of 1500 items$/m);
  });

  it('a .iacgenignore of over 1000 patterns, or one that is a FIFO, is exit 2 naming it (never a hang)', async () => {
    const repo = tempRepo({ 'ok.sh': '#!/bin/sh\necho ok\n', '.iacgenignore': Array.from({ length: 1001 }, (_, i) => `vendor/dir${i}/\n`).join('') });
    const many = await runCli(['validate'], repo);
    expect(many.exitCode, many.stderr).toBe(2);
    expect(many.stderr).toMatch(/^iacgen: \.iacgenignore: holds 1001 patterns: at most 1000/m);
    rmSync(path.join(repo, '.iacgenignore'));
    execaSync('mkfifo', [path.join(repo, '.iacgenignore')]);
    const fifo = await runCli(['validate'], repo);
    expect(fifo.exitCode, fifo.stderr).toBe(2);
    expect(fifo.stderr).toMatch(/^iacgen: \.iacgenignore: is not a regular file$/m);
    expect(fifo.stderr).not.toMatch(STACK);
  });

  it('an empty file, or one of comments only, means the defaults', async () => {
    for (const text of ['', '# settings come later\n']) {
      const run = await validateWith(text);
      expect(run.exitCode, run.stderr).toBe(0);
    }
  });

  it('a list at the top level', async () => {
    const run = await validateWith('- exclude\n');
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/^iacgen: iacgen\.yaml: expected a mapping of keys \(key: value\) at the top level, found a list$/m);
  });

  it('unknown keys, at their own line, with a suggestion', async () => {
    const run = await validateWith('failOn: error\n\nexlude: ["a"]\nrules:\n  compose-db-port-publik: off\n');
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/^iacgen: iacgen\.yaml:3:1: exlude: unknown key 'exlude' at the top level; did you mean 'exclude'\?$/m);
    expect(run.stderr).toMatch(/^iacgen\.yaml:5:3: rules\.compose-db-port-publik: unknown rule 'compose-db-port-publik'; did you mean 'compose-db-port-public'\?$/m);
  });

  it('wrong types, at their line, as a sentence', async () => {
    const run = await validateWith('strict: yes\ntimeoutMs: 1.5\ncheckers:\n  shellcheck: maybe\n');
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/^iacgen: iacgen\.yaml:1:9: strict: expected true or false, found the string "yes"$/m);
    expect(run.stderr).toMatch(/^iacgen\.yaml:2:12: timeoutMs: expected a whole number, found 1\.5$/m);
    expect(run.stderr).toMatch(/^iacgen\.yaml:4:15: checkers\.shellcheck: expected one of required, optional, off or a mapping \(key: value\), found the string "maybe"$/m);
    expect(run.stderr).toMatch(/^ {2}fix the settings in the file/m);
  });

  it('an inventory error in new names its line and path', async () => {
    const repo = tempRepo({ 'iacgen.yaml': OWN_INVENTORY.replace('type: ct', 'type: lxc') });
    const run = await runCli(['new', 'playbook', '--service', 'nginx', '--yes'], repo);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/^iacgen: iacgen\.yaml:6:11: guests\[0\]\.type: expected one of vm, ct, template, found the string "lxc"$/m);
    expect(run.stderr).not.toMatch(STACK);
  });
});
