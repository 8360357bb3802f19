/**
 * The Python worker (`src/check/checkers/python-worker.ts`) against the real command lines: on
 * every playbook of the fixtures, the generated playbooks and edge cases built to catch state
 * leaking from one playbook to the next (a module or a collection beside one playbook, used by the
 * next one too), the worker must give each file exactly what `ansible-playbook --syntax-check FILE`
 * gives: the same exit status, the same first `ERROR!` line and position, the same output byte for
 * byte, and so the same diagnostics once parsed. Likewise for `docker-compose -f FILE config -q`.
 * Also: a worker that cannot start falls back to the CLI; a crash or a time-out fails the call.
 */
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execaSync } from 'execa';
import { callChecker } from '../../src/check/call.js';
import { ANSIBLE_LINT_WORKER, ansibleLintBatch } from '../../src/check/checkers/ansible-lint-batch.js';
import { ansibleLint } from '../../src/check/checkers/ansible-lint.js';
import { ANSIBLE_PLAYBOOK_WORKER, callAnsibleSyntaxBatch } from '../../src/check/checkers/ansible-syntax-batch.js';
import { ansibleSyntaxCheck } from '../../src/check/checkers/ansible-syntax-check.js';
import { callComposeConfigBatch, DOCKER_COMPOSE_WORKER } from '../../src/check/checkers/compose-config-batch.js';
import { composeConfig } from '../../src/check/checkers/compose-config.js';
import { callInPythonWorker, pythonOf, runPythonWorker, type CommandCall, type WorkerPlan, type WorkerResult } from '../../src/check/checkers/python-worker.js';
import { findOnPath } from '../../src/check/probe.js';
import type { CommandChecker, ParsedDiagnostic } from '../../src/check/types.js';
import { haveTools, REPO_ROOT, runCli, tempDir, writeTree } from '../helpers.js';

const TIMEOUT = 600_000;

/** Every file under `dir` (relative, `/` separators, sorted) whose name matches `pattern`. */
function filesUnder(dir: string, pattern: RegExp): string[] {
  return (readdirSync(dir, { recursive: true }) as string[])
    .map((f) => f.split(path.sep).join('/'))
    .filter((f) => pattern.test(f) && statSync(path.join(dir, f)).isFile())
    .sort();
}

/** Copies `fixtures/<from>` to `<dir>/<from>` for each folder; returns the YAML files copied, relative to `dir`. */
function copyFixtures(dir: string, folders: string[]): string[] {
  const files: string[] = [];
  for (const from of folders) {
    const source = path.join(REPO_ROOT, 'fixtures', from);
    cpSync(source, path.join(dir, from), { recursive: true });
    files.push(...filesUnder(source, /\.ya?ml$/).map((f) => `${from}/${f}`));
  }
  return files;
}

/** The fixture folders `fixtures/rules/<prefix>*\/{good,bad}`. */
function ruleFolders(prefix: string): string[] {
  return readdirSync(path.join(REPO_ROOT, 'fixtures', 'rules'))
    .filter((d) => d.startsWith(prefix))
    .flatMap((d) => ['good', 'bad'].map((kind) => `rules/${d}/${kind}`));
}

/** A file argument as the runner passes it (`./-x.yml` so that no name reads as an option). */
function arg(file: string): string {
  return file.startsWith('-') ? `./${file}` : file;
}

/** What the CLI gave for one file: its raw result and the verdict `callChecker` made of it. */
interface CliRun {
  raw: WorkerResult;
  diagnostics: ParsedDiagnostic[];
  failure?: string;
}

/**
 * Runs the checker's own command line on each file, one call per file as the runner does without
 * the worker (`callChecker`: its args, options, environment, parser), keeping the raw output too.
 */
async function cliRuns(checker: CommandChecker, files: string[], cwd: string): Promise<Map<string, CliRun>> {
  const runs = new Map<string, CliRun>();
  for (const file of files) {
    let raw: WorkerResult | undefined;
    const capturing: CommandChecker = {
      ...checker,
      parse: (output) => {
        raw = { exitCode: output.exitCode, stdout: output.stdout, stderr: output.stderr };
        return checker.parse(output);
      },
    };
    const result = await callChecker(capturing, [file], cwd);
    if (!raw) throw new Error(`${file}: the CLI call produced no output (${result.parsed.failure ?? ''})`);
    runs.set(file, { raw, diagnostics: result.parsed.diagnostics, ...(result.parsed.failure ? { failure: result.parsed.failure } : {}) });
  }
  return runs;
}

function call(checker: CommandChecker, files: string[], cwd: string, extra: Partial<CommandCall> = {}): CommandCall {
  return { files, cwd, invocation: { command: checker.command, args: checker.args }, timeoutMs: 300_000, ...extra };
}

/** The first `ERROR!` line and the "line N, column M" after it, as the parser reads them. */
function firstError(result: WorkerResult): { error: string; at: string } {
  const text = `${result.stderr}\n${result.stdout}`;
  const start = text.search(/^ERROR! /m);
  if (start < 0) return { error: '', at: '' };
  const error = text.slice(start).split('\n')[0] ?? '';
  const at = /line\s+(\d+),\s+column\s+(\d+)/.exec(text.slice(start));
  return { error, at: at ? `${at[1]}:${at[2]}` : '' };
}

/**
 * Runs the worker on all the files in one call, twice (in order and reversed, so that any state
 * one file could leave behind is seen by the others), and expects for every file the CLI's exit
 * status, first `ERROR!` line and position, and output byte for byte.
 */
async function expectSameOutput(checker: CommandChecker, plan: WorkerPlan, files: string[], cwd: string, cli: Map<string, CliRun>): Promise<void> {
  for (const order of [files, [...files].reverse()]) {
    const run = await runPythonWorker(checker, plan, call(checker, order, cwd));
    expect(run.unusable).toBeUndefined();
    expect(run.failure).toBeUndefined();
    expect(run.results).toHaveLength(order.length);
    order.forEach((file, i) => {
      const want = cli.get(file)?.raw;
      const got = run.results[i];
      expect(got?.exitCode, `${file}: exit status`).toBe(want?.exitCode);
      if (!want || !got) return;
      expect(firstError(got), `${file}: first ERROR line and position`).toEqual(firstError(want));
      expect(got, `${file}: output`).toEqual(want);
    });
  }
}

/** The CLI calls' diagnostics in file order, and their failures (`file: why`). */
function verdicts(cli: Map<string, CliRun>, files: string[]): { diagnostics: ParsedDiagnostic[]; failures: string[] } {
  const runs = files.map((f) => [f, cli.get(f)] as const);
  return {
    diagnostics: runs.flatMap(([, r]) => r?.diagnostics ?? []),
    failures: runs.flatMap(([f, r]) => (r?.failure ? [`${f}: ${r.failure}`] : [])),
  };
}

/**
 * Generates one artifact per variant of `new <kind>` in `dir`, written even if it fails
 * validation. No checker is on PATH meanwhile (only `node`), so the generator's own validation
 * is quick: the files are checked here, against the CLI, instead.
 */
async function generateAll(kind: string, dir: string, bin: string): Promise<void> {
  mkdirSync(bin, { recursive: true });
  symlinkSync(process.execPath, path.join(bin, 'node'));
  const env = { PATH: bin };
  const help = await runCli(['new', kind, '--help'], dir, env);
  const variants = /Variants: (.*)/.exec(help.stdout)?.[1]?.split(/,\s*/) ?? [];
  expect(variants.length, help.stderr).toBeGreaterThan(0);
  for (const variant of variants) {
    const run = await runCli(['new', kind, '--variant', variant, '--yes', '--write-anyway'], dir, env);
    expect(run.stderr, `new ${kind} --variant ${variant}`).toBe('');
  }
  rmSync(bin, { recursive: true, force: true });
}

/** A Python script standing in for a tool, run by the interpreter `python` (argv prefix). */
function fakeTool(dir: string, name: string, python: string[], body: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, `#!${python.join(' ')}\n${body}`);
  chmodSync(file, 0o755);
  return file;
}

/** Edge cases: state that could leak between playbooks of one worker, odd names, odd contents. */
const EDGE_PLAYBOOKS: Record<string, string> = {
  'a/library/my_mod.py': '#!/usr/bin/python\nfrom ansible.module_utils.basic import AnsibleModule\nAnsibleModule(argument_spec={}).exit_json(changed=False)\n',
  'a/uses-local-module.yml': '- name: Local module\n  hosts: localhost\n  gather_facts: false\n  tasks:\n    - name: Call it\n      my_mod:\n',
  'b/uses-local-module.yml': '- name: Local module\n  hosts: localhost\n  gather_facts: false\n  tasks:\n    - name: Call it\n      my_mod:\n',
  'c/collections/ansible_collections/myns/mycol/galaxy.yml': 'namespace: myns\nname: mycol\nversion: 1.0.0\n',
  'c/collections/ansible_collections/myns/mycol/plugins/modules/thing.py': "#!/usr/bin/python\nDOCUMENTATION = ''\n",
  'c/uses-collection.yml': '- name: Adjacent collection\n  hosts: localhost\n  gather_facts: false\n  tasks:\n    - name: Call it\n      myns.mycol.thing:\n',
  'd/uses-collection.yml': '- name: Adjacent collection\n  hosts: localhost\n  gather_facts: false\n  tasks:\n    - name: Call it\n      myns.mycol.thing:\n',
  'e/roles/localrole/tasks/main.yml': '- name: Ping\n  ansible.builtin.ping:\n',
  'e/uses-role.yml': '- hosts: all\n  roles:\n    - localrole\n',
  'f/uses-role.yml': '- hosts: all\n  roles:\n    - localrole\n',
  '-dash/-x.yml': '- name: Dash\n  hosts: all\n  tasks:\n    - name: Ping\n      ansible.builtin.ping:\n',
  'ünï/plé.yml': '- name: Unicode\n  hosts: all\n  tasks:\n    - name: Ping\n      ansible.builtin.ping:\n',
  'g/mapping.yml': 'not: a list\n',
  'g/empty.yml': '',
  'g/two-actions.yml': '- hosts: all\n  tasks:\n    - name: x\n      ansible.builtin.debug: msg=hi\n      ansible.builtin.ping:\n',
  'g/import.yml': '- import_playbook: ../a/uses-local-module.yml\n',
  'g/vars-missing.yml': '- hosts: all\n  vars_files:\n    - nope.yml\n  tasks:\n    - ansible.builtin.ping:\n',
  'g/jinja.yml': '- hosts: all\n  tasks:\n    - ansible.builtin.debug:\n        msg: "{{ unclosed"\n',
  'g/duplicate.yml': '- hosts: all\n  tasks:\n    - name: one\n      name: two\n      ansible.builtin.ping:\n',
  'g/tab.yml': '- hosts: all\n\ttasks: []\n',
};

const haveAnsible = haveTools('ansible-playbook');

describe.skipIf(!haveAnsible)('ansible-syntax-check: the worker gives the CLI verdicts', () => {
  let dir = '';
  let playbooks: string[] = [];
  let cli = new Map<string, CliRun>();

  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'iacgen-ansible-batch-'));
    playbooks = copyFixtures(dir, [
      'checkers/ansible-syntax-check/good',
      'checkers/ansible-syntax-check/bad',
      'checkers/ansible-lint/good',
      'checkers/ansible-lint/bad',
      ...ruleFolders('ansible-'),
    ]);
    writeTree(path.join(dir, 'edge'), EDGE_PLAYBOOKS);
    writeFileSync(path.join(dir, 'edge/g/binary.yml'), Buffer.from([0xff, 0xfe, 0x2d, 0x20, 0x68, 0x6f, 0x73, 0x74, 0x73, 0x3a, 0x0a]));
    playbooks.push(...filesUnder(path.join(dir, 'edge'), /\.yml$/).map((f) => `edge/${f}`));
    // The playbooks iacgen generates, one per service (`new playbook --service` is `--variant`).
    const generated = path.join(dir, 'generated');
    mkdirSync(generated);
    await generateAll('playbook', generated, path.join(dir, 'bin'));
    const made = filesUnder(generated, /(^|\/)playbooks\/.*\.ya?ml$/);
    expect(made.length).toBeGreaterThanOrEqual(5);
    playbooks.push(...made.map((f) => `generated/${f}`));
    playbooks = playbooks.map(arg);
    cli = await cliRuns(ansibleSyntaxCheck, playbooks, dir);
  }, TIMEOUT);

  it('runs under the interpreter of the ansible-playbook shebang', async () => {
    const tool = await findOnPath('ansible-playbook');
    expect(tool).toBeDefined();
    const python = await pythonOf(tool ?? '');
    expect(python?.[0]).toMatch(/python/);
  });

  it('same exit status, first ERROR line, position and output for every playbook', async () => {
    expect(playbooks.length).toBeGreaterThan(30);
    await expectSameOutput(ansibleSyntaxCheck, ANSIBLE_PLAYBOOK_WORKER, playbooks, dir, cli);
  }, TIMEOUT);

  it('same diagnostics as per-file CLI calls, once parsed', async () => {
    const want = verdicts(cli, playbooks);
    // Where the CLI itself breaks on a file (2.14 exits 250 on a non-UTF-8 one), the batch marks
    // that file only, with the CLI's reason; every other file keeps the CLI's verdict.
    const got = await callAnsibleSyntaxBatch(call(ansibleSyntaxCheck, playbooks, dir));
    expect(got.parsed.failure).toBeUndefined();
    expect(Object.entries(got.parsed.errors ?? {}).map(([f, e]) => `${f}: ${e.reason}`)).toEqual(want.failures);
    expect(got.parsed.diagnostics).toEqual(want.diagnostics);
    expect(got.route?.fast).toBe(true);
    const clean = playbooks.filter((f) => !f.endsWith('binary.yml'));
    const batch = await callAnsibleSyntaxBatch(call(ansibleSyntaxCheck, clean, dir));
    expect(batch.parsed.failure).toBeUndefined();
    expect(batch.parsed.diagnostics).toEqual(verdicts(cli, clean).diagnostics);
    expect(batch.parsed.diagnostics.filter((d) => d.severity === 'error').length).toBeGreaterThan(10);
  }, TIMEOUT);

  it('leaves the checked folder as it was', async () => {
    const before = filesUnder(dir, /./);
    await callAnsibleSyntaxBatch(call(ansibleSyntaxCheck, playbooks, dir));
    expect(filesUnder(dir, /./)).toEqual(before);
  }, TIMEOUT);
});

/** What the CLI gave for one call of all `files` (one process, as the runner calls ansible-lint). */
async function cliCall(checker: CommandChecker, files: string[], cwd: string, env: Record<string, string> = {}): Promise<WorkerResult> {
  let raw: WorkerResult | undefined;
  const capturing: CommandChecker = {
    ...checker,
    env: { ...checker.env, ...env },
    parse: (output) => {
      raw = { exitCode: output.exitCode, stdout: output.stdout, stderr: output.stderr };
      return checker.parse(output);
    },
  };
  const result = await callChecker(capturing, files, cwd);
  if (!raw) throw new Error(`the CLI call produced no output (${result.parsed.failure ?? ''})`);
  return raw;
}

describe.skipIf(!haveTools('ansible-playbook', 'ansible-lint'))('ansible-lint: the worker gives the CLI verdicts', () => {
  let dir = '';
  const groups: Record<string, string[]> = {};

  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'iacgen-ansible-lint-batch-'));
    groups.lint = copyFixtures(dir, ['checkers/ansible-lint/good', 'checkers/ansible-lint/bad']);
    groups.syntax = copyFixtures(dir, ['checkers/ansible-syntax-check/good', 'checkers/ansible-syntax-check/bad']);
    groups.rules = copyFixtures(dir, ruleFolders('ansible-'));
    writeTree(path.join(dir, 'edge'), EDGE_PLAYBOOKS);
    groups.edge = filesUnder(path.join(dir, 'edge'), /\.yml$/).map((f) => `edge/${f}`);
    const generated = path.join(dir, 'generated');
    mkdirSync(generated);
    await generateAll('playbook', generated, path.join(dir, 'bin'));
    groups.generated = filesUnder(generated, /\.ya?ml$/).map((f) => `generated/${f}`);
    expect(groups.generated.length).toBeGreaterThanOrEqual(5);
    for (const name of Object.keys(groups)) groups[name] = (groups[name] ?? []).map(arg);
    groups.all = Object.values(groups).flat();
  }, TIMEOUT);

  it('same exit status and output, byte for byte, for each group of files in one call', async () => {
    // ansible-lint 25+ print module-argument failures in an order that follows Python's string
    // hashing (random per process): one seed for both sides, so that the order is the same.
    const seed = { PYTHONHASHSEED: '0' };
    const seeded: CommandChecker = { ...ansibleLint, env: { ...ansibleLint.env, ...seed } };
    for (const [name, files] of Object.entries(groups)) {
      // The CLI leaves `.ansible/` (25+); the worker then uses it as the CLI would, so that the
      // cache path in messages (roles searched in `<dir>/.ansible/roles`) is the same on both sides.
      const want = await cliCall(ansibleLint, files, dir, seed);
      const run = await runPythonWorker(seeded, ANSIBLE_LINT_WORKER, call(seeded, files, dir));
      expect(run.unusable, name).toBeUndefined();
      expect(run.failure, name).toBeUndefined();
      expect(run.results?.map(withoutCompileWarnings), name).toEqual([withoutCompileWarnings(want)]);
    }
  }, TIMEOUT);

  it("runs ansible-lint's syntax checks in one ansible-playbook worker, with the same result", async () => {
    // A stand-in ansible-playbook first on PATH, under ansible-playbook's own interpreter, logs
    // whether ansible was imported before it ran: never in a fresh process, always in the worker.
    const real = (await findOnPath('ansible-playbook')) ?? '';
    const python = await pythonOf(real);
    expect(python).toBeDefined();
    const bin = path.join(dir, 'stand-in');
    mkdirSync(bin, { recursive: true });
    const log = path.join(dir, 'stand-in.log');
    fakeTool(bin, 'ansible-playbook', python ?? [], [
      'import os, runpy, sys',
      "with open(os.environ['STAND_IN_LOG'], 'a') as f:",
      "    f.write(('preloaded' if 'ansible.cli.playbook' in sys.modules else 'fresh') + ' ' + sys.argv[-1] + '\\n')",
      `sys.argv[0] = ${JSON.stringify(real)}`,
      `runpy.run_path(${JSON.stringify(real)}, run_name='__main__')`,
      '',
    ].join('\n'));
    const env = { PATH: `${bin}:${process.env.PATH ?? ''}`, STAND_IN_LOG: log };
    const files = [...(groups.lint ?? []), ...(groups.generated ?? [])];
    const want = await cliCall(ansibleLint, files, dir, env);
    const cliLog = readFileSync(log, 'utf8').trim().split('\n');
    rmSync(log);
    const worker: CommandChecker = { ...ansibleLint, env: { ...ansibleLint.env, ...env } };
    const run = await runPythonWorker(worker, ANSIBLE_LINT_WORKER, call(worker, files, dir));
    const workerLog = readFileSync(log, 'utf8').trim().split('\n');
    expect(cliLog.length).toBeGreaterThan(5);
    expect(cliLog.every((l) => l.startsWith('fresh '))).toBe(true);
    expect(workerLog.map((l) => l.replace(/^\S+ /, '')).sort()).toEqual(cliLog.map((l) => l.replace(/^\S+ /, '')).sort());
    expect(workerLog.every((l) => l.startsWith('preloaded '))).toBe(true);
    expect(run.results).toEqual([want]);
  }, TIMEOUT);
});

/** Playbooks side by side: broken ones (load failure, unknown module, two actions) and clean ones. */
const BROKEN_AND_CLEAN: Record<string, string> = {
  'clean.yml': '---\n- name: Clean\n  hosts: all\n  tasks:\n    - name: Ping\n      ansible.builtin.ping:\n',
  'indent.yml': '---\n- name: Bad indentation\n  hosts: all\n  tasks:\n    - name: X\n     ansible.builtin.ping:\n',
  'unknown.yml': '---\n- name: Unknown module\n  hosts: all\n  tasks:\n    - name: Foo\n      foo.bar.baz:\n',
  'two.yml': '---\n- name: Two actions\n  hosts: all\n  tasks:\n    - name: X\n      ansible.builtin.debug: msg=hi\n      ansible.builtin.ping:\n',
  'truthy.yml': '---\n- name: Truthy\n  hosts: all\n  gather_facts: yes\n  tasks:\n    - name: Ping\n      ansible.builtin.ping:\n',
  'tasks/main.yml': '---\n- name: Ping\n  ansible.builtin.ping:\n',
};

describe.skipIf(!haveTools('ansible-playbook', 'ansible-lint'))('ansible-lint: one broken file keeps its verdict to itself', () => {
  it('each file gets what ansible-lint run directly on it alone says, and nothing is left in the tree', async () => {
    const dir = tempDir('iacgen-ansible-lint-broken-');
    writeTree(dir, BROKEN_AND_CLEAN);
    const files = Object.keys(BROKEN_AND_CLEAN);
    const before = filesUnder(dir, /./);
    const got = await ansibleLintBatch.run(call(ansibleLint, files, dir));
    expect(got.parsed.failure).toBeUndefined();
    expect(got.parsed.errors ?? {}).toEqual({});
    // Nothing ansible-lint writes stays: `.ansible/` (25+) went to a scratch folder.
    expect(filesUnder(dir, /./)).toEqual(before);
    expect(readdirSync(dir)).not.toContain('.ansible');
    for (const file of files) {
      // ansible-lint on this file alone, its exit code as the verdict (then its .ansible removed).
      const alone = await cliCall(ansibleLint, [file], dir);
      rmSync(path.join(dir, '.ansible'), { recursive: true, force: true });
      const mine = got.parsed.diagnostics.filter((d) => d.file === file);
      expect(mine.some((d) => d.severity === 'error'), `${file}: fails as ansible-lint exits ${alone.exitCode}`).toBe(alone.exitCode !== 0);
      const direct = ansibleLint.parse({ stdout: alone.stdout, stderr: alone.stderr, exitCode: alone.exitCode ?? -1, files: [file], cwd: dir });
      expect(mine, file).toEqual(direct.diagnostics);
    }
    const rules = (file: string): string[] => got.parsed.diagnostics.filter((d) => d.file === file).map((d) => d.rule.replace(/\[.*/, ''));
    expect(rules('indent.yml')).toEqual(['load-failure']);
    expect(rules('unknown.yml')).toEqual(['syntax-check']);
    expect(rules('two.yml')).toEqual(['syntax-check']);
    expect(rules('truthy.yml')).toContain('yaml');
    expect(rules('clean.yml')).toEqual([]);
  }, TIMEOUT);
});

describe.skipIf(!haveAnsible)('the worker when things go wrong', () => {
  // Stand-in tools that need no ansible: nothing preloaded (so a killed worker leaves no ansible temp dir behind).
  const BARE: WorkerPlan = { preload: [] };
  const PLAYBOOK = { 'site.yml': '- hosts: all\n  tasks:\n    - name: Ping\n      ansible.builtin.ping:\n', 'bad.yml': '- hosts: all\n  tasks:\n    - foo.bar.baz:\n' };

  async function python(): Promise<string[]> {
    const found = await pythonOf((await findOnPath('ansible-playbook')) ?? '');
    if (!found) throw new Error('ansible-playbook is not a Python script');
    return found;
  }

  it('falls back to the CLI when the shebang interpreter cannot import ansible', async () => {
    const dir = tempDir();
    writeTree(dir, PLAYBOOK);
    const real = (await findOnPath('ansible-playbook')) ?? '';
    // A stand-in run by `python3 -S` (no site-packages: no ansible) that execs the real tool.
    const stand = fakeTool(dir, 'ansible-playbook', [...(await python()), '-S'].slice(0, 2), `import os, sys\nos.execv(${JSON.stringify(real)}, [${JSON.stringify(real)}] + sys.argv[1:])\n`);
    const why: string[] = [];
    const result = await callAnsibleSyntaxBatch(call(ansibleSyntaxCheck, ['site.yml', 'bad.yml'], dir, { invocation: { command: stand, args: ansibleSyntaxCheck.args, path: stand } }), {
      onFallback: (w) => why.push(w),
    });
    // The proven-range check reads ansible-core's version first, and cannot without site-packages.
    expect(why.join('\n')).toMatch(/the version of ansible-core cannot be read|No module named/);
    expect(result.route).toEqual({ fast: false, why: why[0] });
    expect(result.parsed.failure).toBeUndefined();
    expect(result.parsed.diagnostics).toEqual([expect.objectContaining({ file: 'bad.yml', rule: 'ansible-missing-collection', line: 3 })]);
  }, TIMEOUT);

  it('falls back to the CLI when the tool is not a Python script', async () => {
    const dir = tempDir();
    writeTree(dir, PLAYBOOK);
    const real = (await findOnPath('ansible-playbook')) ?? '';
    const stand = path.join(dir, 'ansible-playbook');
    writeFileSync(stand, `#!/bin/sh\nexec ${JSON.stringify(real)} "$@"\n`);
    chmodSync(stand, 0o755);
    const why: string[] = [];
    const result = await callAnsibleSyntaxBatch(call(ansibleSyntaxCheck, ['bad.yml', 'site.yml'], dir, { invocation: { command: stand, args: ansibleSyntaxCheck.args, path: stand } }), {
      onFallback: (w) => why.push(w),
    });
    expect(why).toEqual([expect.stringContaining('is not a Python script')]);
    expect(result.parsed.diagnostics).toEqual([expect.objectContaining({ file: 'bad.yml', rule: 'ansible-missing-collection' })]);
  }, TIMEOUT);

  /** The per-file errors of a call, as `file: reason` lines. */
  const errorsOf = (result: { parsed: { errors?: Record<string, { reason: string }> } }): string[] =>
    Object.entries(result.parsed.errors ?? {}).map(([f, e]) => `${f}: ${e.reason}`);

  it('a file whose check is killed marks itself only; the others keep their verdicts', async () => {
    const dir = tempDir();
    writeTree(dir, { ...PLAYBOOK, 'crash.yml': '' });
    const stand = fakeTool(dir, 'fake-tool', await python(), "import os, sys\nif sys.argv[-1] == 'crash.yml':\n    os.kill(os.getpid(), 9)\nif sys.argv[-1] == 'bad.yml':\n    sys.exit('ERROR! bad playbook')\nprint('ok')\n");
    const result = await callInPythonWorker(ansibleSyntaxCheck, BARE, call(ansibleSyntaxCheck, ['site.yml', 'crash.yml', 'bad.yml'], dir, { invocation: { command: stand, args: ansibleSyntaxCheck.args, path: stand } }));
    expect(result.parsed.failure).toBeUndefined();
    expect(errorsOf(result)).toEqual(['crash.yml: killed by SIGKILL']);
    expect(result.parsed.diagnostics).toEqual([expect.objectContaining({ file: 'bad.yml', severity: 'error', message: 'bad playbook' })]);
  }, TIMEOUT);

  it('a worker that dies part-way marks the file it was on; a new worker checks the rest', async () => {
    const dir = tempDir();
    writeTree(dir, { ...PLAYBOOK, 'die.yml': '' });
    const stand = fakeTool(dir, 'fake-tool', await python(), "import os, sys\nif sys.argv[-1] == 'die.yml':\n    os.kill(os.getppid(), 9)\nif sys.argv[-1] == 'bad.yml':\n    sys.exit('ERROR! bad playbook')\n");
    const result = await callInPythonWorker(ansibleSyntaxCheck, BARE, call(ansibleSyntaxCheck, ['site.yml', 'die.yml', 'bad.yml'], dir, { invocation: { command: stand, args: ansibleSyntaxCheck.args, path: stand } }));
    expect(result.parsed.failure).toBeUndefined();
    expect(errorsOf(result)).toEqual(['die.yml: ansible-syntax-check worker failed at die.yml: killed by SIGKILL']);
    expect(result.parsed.diagnostics).toEqual([expect.objectContaining({ file: 'bad.yml', severity: 'error' })]);
  }, TIMEOUT);

  it('a worker past its time-out is killed and every unfinished file is an error (never a pass)', async () => {
    const dir = tempDir();
    writeTree(dir, PLAYBOOK);
    const stand = fakeTool(dir, 'fake-tool', await python(), 'import time\ntime.sleep(60)\n');
    const started = Date.now();
    const result = await callInPythonWorker(ansibleSyntaxCheck, BARE, call(ansibleSyntaxCheck, ['site.yml', 'bad.yml'], dir, { invocation: { command: stand, args: ansibleSyntaxCheck.args, path: stand }, timeoutMs: 1500 }));
    expect(Object.keys(result.parsed.errors ?? {})).toEqual(['site.yml', 'bad.yml']);
    expect(errorsOf(result)).toEqual(['site.yml', 'bad.yml'].map((f) => `${f}: ansible-syntax-check worker failed: timed out after 1500 ms`));
    expect(Date.now() - started).toBeLessThan(20_000);
  }, TIMEOUT);

  it('output the parser rejects marks that file only, with the output kept', async () => {
    const dir = tempDir();
    writeTree(dir, PLAYBOOK);
    const stand = fakeTool(dir, 'fake-tool', await python(), "import sys\nif sys.argv[-1] == 'bad.yml':\n    sys.exit('broken tool')\n");
    const result = await callInPythonWorker(ansibleSyntaxCheck, BARE, call(ansibleSyntaxCheck, ['site.yml', 'bad.yml'], dir, { invocation: { command: stand, args: ansibleSyntaxCheck.args, path: stand } }));
    expect(result.parsed.failure).toBeUndefined();
    expect(errorsOf(result)).toEqual([expect.stringMatching(/^bad\.yml: ansible-playbook failed without an error message it could read \(exit code 1\): broken tool/)]);
    expect(result.parsed.errors?.['bad.yml']?.output).toBe('broken tool');
  });
});

/** Each diagnostic as `file severity rule source`, sorted: what a verdict is made of, without the wording. */
function verdictKeys(diagnostics: readonly { file: string; severity: string; rule: string; source: string }[]): string[] {
  return diagnostics.map((d) => `${d.file} ${d.severity} ${d.rule} ${d.source}`).sort();
}

/**
 * A result without Python's compile-time SyntaxWarnings (`<unknown>:1: SyntaxWarning: invalid
 * decimal literal`, from an expression ansible compiles): Python prints each once per process and
 * code location, so whether one shows depends on what that process compiled before (the worker's
 * parent has already loaded ansible-lint), never on the file. ansible-lint's verdict is its exit
 * code and stdout; the rest of stderr is still compared byte for byte.
 */
function withoutCompileWarnings<T extends { stderr: string }>(result: T): T {
  return { ...result, stderr: result.stderr.replace(/^<[^>\n]+>:\d+: SyntaxWarning: [^\n]*\n/gm, '') };
}

/** True when `docker-compose` on PATH is Compose v1 (Python: the worker's case); v2 is a Go binary. */
function composeV1(): boolean {
  if (!haveTools('docker-compose')) return false;
  return /version 1\./.test(String(execaSync('docker-compose', ['--version'], { reject: false }).stdout));
}

describe.skipIf(!haveTools('docker-compose'))('compose-config: the worker gives the CLI verdicts (Compose v1), and runs only there', () => {
  it('under v2 (a Go binary) no worker runs, and the verdicts are the plain path\'s', async () => {
    const dir = tempDir('iacgen-compose-v2-');
    const files = copyFixtures(dir, ['checkers/compose-config/good', 'checkers/compose-config/bad', 'checkers/compose-schema/good', 'checkers/compose-schema/bad']);
    const got = await callComposeConfigBatch(call(composeConfig, files, dir));
    if (composeV1()) {
      // Debian 12: the worker runs, on the docker-compose it was proven on.
      expect(got.route).toEqual({ fast: true, why: expect.stringMatching(/docker-compose 1\.29\.\d+; proven on 1\.29-1\.29/) });
      return;
    }
    expect(got.route).toEqual({ fast: false, why: expect.stringMatching(/^Compose v2: one CLI call per project/) });
    const plain = await callComposeConfigBatch(call(composeConfig, files, dir), { worker: false });
    // Compose v2 stops at the first schema error it meets, and which one it meets first varies from
    // run to run (wrong-type.yml has two); so the two runs are compared by verdict: file, severity, rule, source.
    expect(verdictKeys(got.parsed.diagnostics)).toEqual(verdictKeys(plain.parsed.diagnostics));
    expect(got.parsed.failure).toEqual(plain.parsed.failure);
    expect(got.parsed.diagnostics.filter((d) => d.severity === 'error').length).toBeGreaterThan(3);
  }, TIMEOUT);

  it('same exit status and output for every compose file, and the same diagnostics', async () => {
    // Only Compose v1 is a Python script with a worker; under v2 the test above covers the path.
    if (!composeV1()) {
      expect(String(execaSync('docker-compose', ['version'], { reject: false }).stdout)).toMatch(/version v?2\./);
      return;
    }
    const dir = tempDir('iacgen-compose-batch-');
    const files = copyFixtures(dir, ['checkers/compose-config/good', 'checkers/compose-config/bad', 'checkers/compose-schema/good', 'checkers/compose-schema/bad', ...ruleFolders('compose-')]);
    // `.env.example` stands in for `.env` (per-file `--env-file`), and a real `.env` wins.
    const needsTag = 'services:\n  app:\n    image: "redis:${TAG:?TAG is required}"\n';
    writeTree(path.join(dir, 'env'), {
      'example/compose.yml': needsTag,
      'example/.env.example': 'TAG=7\n',
      'none/compose.yml': needsTag,
      'real/compose.yml': needsTag,
      'real/.env': 'TAG=7\n',
      'real/.env.example': 'TAG=no such tag\n',
    });
    files.push('env/example/compose.yml', 'env/none/compose.yml', 'env/real/compose.yml');
    const generated = path.join(dir, 'generated');
    mkdirSync(generated);
    await generateAll('compose', generated, path.join(dir, 'bin'));
    const made = filesUnder(generated, /compose\.ya?ml$/);
    expect(made.length).toBeGreaterThanOrEqual(5);
    files.push(...made.map((f) => `generated/${f}`));
    const cli = await cliRuns(composeConfig, files, dir);
    await expectSameOutput(composeConfig, DOCKER_COMPOSE_WORKER, files, dir, cli);
    const want = verdicts(cli, files);
    expect(want.failures).toEqual([]);
    expect(want.diagnostics.filter((d) => d.file.startsWith('env/'))).toEqual([expect.objectContaining({ file: 'env/none/compose.yml', rule: 'compose-missing-variable' })]);
    // The runner's flavour (projects, iacgen's own path checks, findings on their lines): the
    // same diagnostics through the worker as with each project through the CLI.
    const got = await callComposeConfigBatch(call(composeConfig, files, dir));
    const plain = await callComposeConfigBatch(call(composeConfig, files, dir), { worker: false });
    expect(got.parsed.failure).toBeUndefined();
    expect(got.parsed.errors).toBeUndefined();
    expect(got.parsed.diagnostics).toEqual(plain.parsed.diagnostics);
    // Same failing files as the plain CLI, but for what v1 rejects and the Compose Specification
    // allows: a compose-needs-v2 warning instead.
    const failing = (ds: ParsedDiagnostic[]): Set<string> => new Set(ds.filter((d) => d.severity === 'error').map((d) => d.file));
    const needsV2 = new Set(got.parsed.diagnostics.filter((d) => d.rule === 'compose-needs-v2').map((d) => d.file));
    expect(needsV2.size).toBeGreaterThan(0);
    expect([...failing(want.diagnostics)].filter((f) => !failing(got.parsed.diagnostics).has(f) && !needsV2.has(f))).toEqual([]);
    expect([...failing(got.parsed.diagnostics)].filter((f) => !failing(want.diagnostics).has(f))).toEqual([]);
  }, TIMEOUT);
});
