/**
 * `iacgen new` records its answers, and `iacgen update` brings template changes into generated
 * files while keeping the user's edits: the built CLI in real temporary git repositories, with a
 * test template set (a copy of the shell generator under .iacgen/templates/) changed between
 * runs, and the real checkers run directly on the results.
 */
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { BIN, composeV2, haveTools, REPO_ROOT, runCli, tempRepo, terminal } from '../helpers.js';

const composeCommand = composeV2();
const ready = Boolean(composeCommand) && haveTools('bash', 'shellcheck', 'git', 'terraform');
const SCRIPT = 'scripts/shell/job.sh';
const RECORD = '.iacgen/answers/shell/job.yaml';
const TEMPLATE = '.iacgen/templates/shell/variants/generic.sh.ejs';

/** Replaces `from` (which must be there) with `to` in a file of `repo`. */
function edit(repo: string, rel: string, from: string, to: string): void {
  const file = path.join(repo, rel);
  const text = readFileSync(file, 'utf8');
  expect(text, `${rel} holds ${from}`).toContain(from);
  writeFileSync(file, text.replace(from, to));
}

async function shellChecks(repo: string): Promise<void> {
  const syntax = await execa('bash', ['-n', SCRIPT], { cwd: repo, reject: false });
  expect(syntax.exitCode, syntax.stderr).toBe(0);
  const lint = await execa('shellcheck', [SCRIPT], { cwd: repo, reject: false });
  expect(lint.exitCode, lint.stdout).toBe(0);
}

/** A repository with its own copy of the shell generator and one generated script. */
async function generated(): Promise<string> {
  const repo = tempRepo();
  cpSync(path.join(REPO_ROOT, 'templates', 'shell'), path.join(repo, '.iacgen', 'templates', 'shell'), { recursive: true });
  const run = await runCli(['new', 'shell', '--variant', 'generic', '--name', 'job', '--yes'], repo);
  expect(run.exitCode, run.stdout + run.stderr).toBe(0);
  return repo;
}

describe.skipIf(!ready)('iacgen update (real checkers)', () => {
  it('records the answers, and the header points to the record', async () => {
    const repo = await generated();
    const record = parse(readFileSync(path.join(repo, RECORD), 'utf8'));
    expect(record).toMatchObject({ version: 1, generator: 'shell', variant: 'generic', name: 'job', target: null, iacgen: expect.any(String) });
    expect(record.files.map((f: { path: string }) => f.path)).toEqual([SCRIPT]);
    expect(record.files[0].rendered).toBe(readFileSync(path.join(repo, SCRIPT), 'utf8'));
    expect(readFileSync(path.join(repo, SCRIPT), 'utf8')).toMatch(/# Generator: .*answers:\n#\s+\.iacgen\/answers\/shell\/job\.yaml\n/);
    // The record is iacgen's data: validate does not check it.
    const validate = await runCli(['validate', '--format', 'json'], repo);
    expect(validate.exitCode, validate.stdout).toBe(0);
    expect(JSON.parse(validate.stdout).files.map((f: { path: string }) => f.path)).not.toContain(RECORD);
  });

  it('keeps a hand edit and brings a template change; the merged script passes bash -n and shellcheck', async () => {
    const repo = await generated();
    edit(repo, SCRIPT, 'VERBOSE=false\n', 'VERBOSE=true # mine\n');
    edit(repo, TEMPLATE, 'info() { log INFO "$@"; }', 'info() { log INFO "$@"; } # v2');
    const dry = await runCli(['update', 'shell/job', '--dry-run'], repo);
    expect(dry.exitCode, dry.stdout + dry.stderr).toBe(0);
    expect(dry.stdout).toContain('+info() { log INFO "$@"; } # v2');
    expect(readFileSync(path.join(repo, SCRIPT), 'utf8')).not.toContain('# v2');

    const run = await runCli(['update', 'job', '--yes'], repo);
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain(`${SCRIPT} (updated: merged: template changes brought in, your edits kept)`);
    const script = readFileSync(path.join(repo, SCRIPT), 'utf8');
    expect(script).toContain('VERBOSE=true # mine\n');
    expect(script).toContain('info() { log INFO "$@"; } # v2\n');
    await shellChecks(repo);
    expect((await runCli(['validate'], repo)).exitCode).toBe(0);
    // The record's base is now today's rendering: a second update changes nothing.
    const again = await runCli(['update', '--all', '--yes'], repo);
    expect(again.exitCode, again.stdout).toBe(0);
    expect(again.stdout).toContain(`${SCRIPT} (unchanged)`);
    expect(readFileSync(path.join(repo, SCRIPT), 'utf8')).toBe(script);
  });

  it('marks a line both changed as a conflict (exit 1) and leaves the rest merged', async () => {
    const repo = await generated();
    edit(repo, SCRIPT, 'info() { log INFO "$@"; }', 'info() { log NOTE "$@"; }');
    edit(repo, SCRIPT, 'VERBOSE=false\n', 'VERBOSE=true # mine\n');
    edit(repo, TEMPLATE, 'info() { log INFO "$@"; }', 'info() { log INFO "$@"; } # v3');
    const run = await runCli(['update', 'shell/job', '--yes'], repo);
    expect(run.exitCode, run.stdout + run.stderr).toBe(1);
    expect(run.stdout).toContain(`${SCRIPT} (CONFLICT: 1 conflict marked`);
    const script = readFileSync(path.join(repo, SCRIPT), 'utf8');
    expect(script).toMatch(/<<<<<<< yours \(on disk\)\ninfo\(\) \{ log NOTE "\$@"; \}\n=======\ninfo\(\) \{ log INFO "\$@"; \} # v3\n>>>>>>> iacgen \S+ \(update\)\n/);
    expect(script).toContain('VERBOSE=true # mine\n');
    // What the markers leave is not valid Bash: the user finishes the merge.
    expect((await execa('bash', ['-n', SCRIPT], { cwd: repo, reject: false })).exitCode).not.toBe(0);
  });

  it('updates a Terraform guest after iacgen import recorded it: its recorded ID is its own, not taken', async () => {
    const repo = tempRepo();
    const made = await runCli(['new', 'terraform', '--variant', 'lxc', '--name', 'pihole', '--vm-id', '230', '--hostname', 'pihole', '--yes'], repo);
    expect(made.exitCode, made.stdout + made.stderr).toBe(0);
    expect(made.stdout).toContain('iacgen import /tmp/state.json');
    const imported = await runCli(['import', path.join(REPO_ROOT, 'fixtures/import/terraform-show.json'), '--yes'], repo);
    expect(imported.exitCode, imported.stdout + imported.stderr).toBe(0);
    expect(readFileSync(path.join(repo, 'iacgen.yaml'), 'utf8')).toMatch(/id: 230/);
    // A new artifact may not take 230 any more ...
    const clash = await runCli(['new', 'terraform', '--variant', 'lxc', '--name', 'other', '--vm-id', '230', '--yes'], repo);
    expect(clash.exitCode).toBe(2);
    expect(clash.stderr).toContain('must be a free guest ID, but 230 is CT 230 pihole');
    // ... but the artifact that created it still updates, and terraform fmt accepts the result.
    const run = await runCli(['update', 'terraform/pihole', '--yes'], repo);
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    const fmt = await execa('terraform', ['fmt', '-check', '-recursive', 'terraform/pihole'], { cwd: repo, reject: false });
    expect(fmt.exitCode, fmt.stdout + fmt.stderr).toBe(0);
    expect(readFileSync(path.join(repo, 'terraform/pihole/variables.tf'), 'utf8')).toMatch(/230/);
  });

  it('refuses an unknown artifact with exit 2 and writes nothing', async () => {
    const repo = await generated();
    const before = readFileSync(path.join(repo, RECORD), 'utf8');
    const run = await runCli(['update', 'compose/nope', '--yes'], repo);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain("no recorded artifact 'compose/nope'");
    expect(run.stderr).toContain('recorded: shell/job');
    expect(readFileSync(path.join(repo, RECORD), 'utf8')).toBe(before);
  });

  it('a second `new` of the same artifact keeps the earlier --set values it is not given again', async () => {
    const repo = tempRepo();
    const first = await runCli(['new', 'compose', '--service', 'generic', '--name', 'kuma', '--set', 'image=louislam/uptime-kuma:1', '--container-port', '3001', '--data-path', '/app/data', '--set', 'port=3002', '--yes'], repo);
    expect(first.exitCode, first.stdout + first.stderr).toBe(0);
    const second = await runCli(['new', 'compose', '--service', 'generic', '--name', 'kuma', '--set', 'memory_mb=512', '--force', '--yes'], repo);
    expect(second.exitCode, second.stdout + second.stderr).toBe(0);
    // Without the record this run would stop: the image's container port has no default.
    expect(second.stderr).toContain('reused answers recorded in .iacgen/answers/compose/kuma.yaml: container_port=3001, data_path=/app/data, image=louislam/uptime-kuma:1, port=3002');
    const compose = readFileSync(path.join(repo, 'compose/kuma/compose.yaml'), 'utf8');
    expect(compose).toContain('louislam/uptime-kuma:1');
    expect(compose).toContain('"3002:3001"');
    expect(compose).toContain('target: /app/data');
    expect(compose).toMatch(/512/);
    const config = await execa(composeCommand![0]!, [...composeCommand!.slice(1), '-f', 'compose/kuma/compose.yaml', 'config', '-q'], { cwd: repo, reject: false });
    expect(config.exitCode, config.stderr).toBe(0);
    expect(existsSync(path.join(repo, '.iacgen/answers/compose/kuma.yaml'))).toBe(true);
  });

  it('at a terminal asks each question again with its recorded answer as the default; --skip-answered asks none', async () => {
    const repo = tempRepo();
    const args = ['new', 'compose', '--service', 'generic', '--name', 'kuma', '--set', 'image=louislam/uptime-kuma:1', '--container-port', '3001', '--data-path', '/app/data', '--yes'];
    expect((await runCli(args, repo)).exitCode).toBe(0);
    const term = await terminal(repo, `node ${BIN} update compose/kuma`);
    await term.waitFor('(louislam/uptime-kuma:1)');
    await term.keys('Enter');
    await term.waitFor('inside the container (3001)');
    await term.keys('Enter');
    await term.waitFor('(/app/data)');
    await term.keys('Enter');
    await term.waitFor('Host port the main service is published on (3001)');
    await term.keys('C-u');
    await term.keys('-l', '3005');
    await term.keys('Enter');
    for (const message of ['Memory limit', 'CPU limit', 'Host address']) {
      await term.waitFor(message);
      await term.keys('Enter');
    }
    const done = await term.waitFor('IACGEN_EXIT=');
    expect(done).toContain('IACGEN_EXIT=0');
    expect(readFileSync(path.join(repo, 'compose/kuma/compose.yaml'), 'utf8')).toContain('- "3005:3001"');
    expect(parse(readFileSync(path.join(repo, '.iacgen/answers/compose/kuma.yaml'), 'utf8')).answers.port).toBe('3005');

    const skip = await terminal(repo, `node ${BIN} update compose/kuma --skip-answered`);
    const quiet = await skip.waitFor('IACGEN_EXIT=');
    expect(quiet).toContain('IACGEN_EXIT=0');
    expect(quiet).not.toContain('Image of the main service');
    expect(quiet).toContain('compose/kuma/compose.yaml (unchanged)');
  });
});
