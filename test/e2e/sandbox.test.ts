/**
 * The sandbox (`src/check/sandbox.ts`): a repository's code that ansible runs while iacgen checks
 * it (a pipe lookup in `hosts:`, a pipe lookup in `vars_files`, an `ansible.cfg`
 * `vault_password_file` script) cannot write outside the sandbox's private temporary folder, in
 * `iacgen validate` and in `iacgen validate --staged`. Each payload touches three markers: one in
 * the host's real temporary folder, one in the repository, one in the real HOME; none may exist
 * afterwards. The same payloads with `--no-sandbox` write them (so these tests can fail).
 */
import { chmodSync, existsSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import { execa, execaSync } from 'execa';
import { describe, expect, it, onTestFinished } from 'vitest';
import { probeSandbox, sandboxCommand } from '../../src/check/sandbox.js';
import { BIN, haveTools, runCli, tempRepo, writeTree } from '../helpers.js';

const ready = haveTools('ansible-playbook', 'ansible-lint', 'bwrap');

/** Three marker paths for one test (absolute), removed when it finishes. */
function markers(): string[] {
  const id = `${process.pid}-${Math.random().toString(36).slice(2)}`;
  const found = [path.join(os.tmpdir(), `iacgen-sandbox-marker-${id}`), path.join(os.homedir(), `.iacgen-sandbox-marker-${id}`)];
  onTestFinished(() => {
    for (const marker of found) rmSync(marker, { force: true });
  });
  return found;
}

/** The ways a playbook's repository runs code during a syntax check or a lint, by name. */
const PAYLOADS: Record<string, (touch: string) => Record<string, string>> = {
  'a pipe lookup in hosts:': (touch) => ({
    'site.yml': `- name: Site\n  hosts: "{{ lookup('pipe', '${touch}') or 'localhost' }}"\n  gather_facts: false\n  tasks:\n    - name: Ping\n      ansible.builtin.ping:\n`,
  }),
  'a pipe lookup in vars_files': (touch) => ({
    'site.yml': `- name: Site\n  hosts: localhost\n  gather_facts: false\n  vars_files:\n    - "{{ lookup('pipe', '${touch}') }}vars.yml"\n  tasks:\n    - name: Ping\n      ansible.builtin.ping:\n`,
    'vars.yml': 'answer: 42\n',
  }),
  'a vault_password_file script in ansible.cfg': (touch) => ({
    'ansible.cfg': '[defaults]\nvault_password_file = ./vault-pass.sh\n',
    'vault-pass.sh': `#!/bin/sh\n${touch}\necho not-a-secret\n`,
    'site.yml': '- name: Site\n  hosts: localhost\n  gather_facts: false\n  tasks:\n    - name: Ping\n      ansible.builtin.ping:\n',
  }),
};

/** A repository holding `payload`, staged, whose code would touch the markers (and one inside it). */
function hostileRepo(payload: string): { repo: string; written: string[] } {
  const [inTmp = '', inHome = ''] = markers();
  const repo = tempRepo();
  const inRepo = path.join(repo, 'marker-in-repository');
  const written = [inTmp, inRepo, inHome];
  // `touch` goes on after a file it cannot create: every marker it may write, it writes.
  const files = PAYLOADS[payload]?.(`touch ${written.join(' ')}`) ?? {};
  writeTree(repo, files);
  if (files['vault-pass.sh']) chmodSync(path.join(repo, 'vault-pass.sh'), 0o755);
  execaSync('git', ['add', '-A'], { cwd: repo });
  return { repo, written };
}

const MODES: Array<[string, string[]]> = [
  ['validate', ['validate', '--no-cache']],
  ['validate --staged', ['validate', '--staged', '--no-cache']],
];

describe.skipIf(!ready)('the sandbox', () => {
  describe.each(Object.keys(PAYLOADS))('%s', (payload) => {
    it.each(MODES)('writes nothing outside the sandbox in iacgen %s', async (_mode, args) => {
      const { repo, written } = hostileRepo(payload);
      const run = await runCli([...args, '--format', 'json'], repo);
      expect(run.stderr).toBe('');
      const report = JSON.parse(run.stdout) as { sandbox?: { status: string }; checkers: Array<{ id: string; sandboxed?: boolean }> };
      expect(report.sandbox?.status).toBe('on');
      expect(report.checkers.filter((c) => c.id.startsWith('ansible')).map((c) => [c.id, c.sandboxed])).toEqual([
        ['ansible-syntax-check', true],
        ['ansible-lint', true],
      ]);
      for (const marker of written) expect(existsSync(marker), marker).toBe(false);
    }, 120_000);

    it('does write them with --no-sandbox (the control)', async () => {
      const { repo, written } = hostileRepo(payload);
      const run = await runCli(['validate', '--no-cache', '--no-sandbox', '--format', 'json'], repo);
      const report = JSON.parse(run.stdout) as { sandbox?: { status: string; why?: string } };
      expect(report.sandbox).toEqual({ status: 'off', why: '--no-sandbox' });
      for (const marker of written) expect(existsSync(marker), marker).toBe(true);
    }, 120_000);
  });

  it('IACGEN_SANDBOX=off switches it off; an iacgen.yaml cannot', async () => {
    const { repo, written } = hostileRepo('a pipe lookup in hosts:');
    // A hostile repository's configuration: `sandbox` is not a setting, so it is refused, not obeyed.
    writeTree(repo, { 'iacgen.yaml': 'sandbox: false\n' });
    const refused = await runCli(['validate', '--no-cache'], repo);
    expect(refused.exitCode).toBe(2);
    for (const marker of written) expect(existsSync(marker), marker).toBe(false);
    rmSync(path.join(repo, 'iacgen.yaml'));
    const run = await runCli(['validate', '--no-cache', '--format', 'json'], repo, { IACGEN_SANDBOX: 'off' });
    expect((JSON.parse(run.stdout) as { sandbox?: unknown }).sandbox).toEqual({ status: 'off', why: 'IACGEN_SANDBOX=off' });
    expect(existsSync(written[0] ?? '')).toBe(true);
  }, 120_000);

  it('no process of a timed-out sandboxed call survives iacgen', async () => {
    const tag = String(900_000 + Math.floor(Math.random() * 99_999));
    const repo = tempRepo({
      'iacgen.yaml': 'timeoutMs: 4000\n',
      'site.yml': `- name: Site\n  hosts: "{{ lookup('pipe', 'sleep ${tag}') or 'localhost' }}"\n  gather_facts: false\n  tasks: []\n`,
    });
    const run = await runCli(['validate', '--no-cache', '--only', 'ansible-syntax-check', '--format', 'json'], repo);
    expect(run.stdout).toContain('timed out after 4000 ms');
    expect(await pgrep(`sleep ${tag}`)).toBe('');
  }, 120_000);

  it('no process of a sandboxed call survives iacgen killed with SIGKILL (bwrap --die-with-parent)', async () => {
    const tag = String(900_000 + Math.floor(Math.random() * 99_999));
    const repo = tempRepo({ 'site.yml': `- name: Site\n  hosts: "{{ lookup('pipe', 'sleep ${tag}') or 'localhost' }}"\n  gather_facts: false\n  tasks: []\n` });
    const iacgen = execa('node', [BIN, 'validate', '--no-cache', '--only', 'ansible-syntax-check'], { cwd: repo, reject: false, stdin: 'ignore' });
    const started = Date.now();
    while (await pgrep(`sleep ${tag}`) === '' && Date.now() - started < 60_000) await new Promise((r) => setTimeout(r, 200));
    expect(await pgrep(`sleep ${tag}`)).not.toBe('');
    iacgen.kill('SIGKILL');
    await iacgen;
    await new Promise((r) => setTimeout(r, 1000));
    expect(await pgrep(`sleep ${tag}`)).toBe('');
  }, 120_000);
});

/**
 * The processes whose command line contains `pattern` (`pgrep -af`), one a line, '' for none.
 * @throws when pgrep itself cannot run (procps missing): a missing pgrep must fail the test, never
 *   look like "no process left"
 */
async function pgrep(pattern: string): Promise<string> {
  const r = await execa('pgrep', ['-af', pattern], { reject: false });
  if (r.exitCode !== 0 && r.exitCode !== 1) throw new Error(`pgrep could not run (exit ${String(r.exitCode)}): ${r.stderr || String(r.message)}; install procps`);
  return r.stdout;
}

/** True when this user can make a socket in /run (root, as in CI). */
const runWritable = (() => {
  try {
    execaSync('sh', ['-c', 'test -w /run']);
    return true;
  } catch {
    return false;
  }
})();

describe.skipIf(!haveTools('bwrap', 'python3') || !runWritable)('sockets', () => {
  it('a Unix socket the host listens on in /run (the Docker daemon, D-Bus, agents) is out of reach', async () => {
    const socket = `/run/iacgen-sandbox-test-${process.pid}.sock`;
    let connected = false;
    const server = net.createServer((c) => {
      connected = true;
      c.destroy();
    });
    await new Promise<void>((resolve) => server.listen(socket, resolve));
    onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const connect = `import socket\ns = socket.socket(socket.AF_UNIX)\ntry:\n    s.connect('${socket}')\n    print('connected')\nexcept OSError as e:\n    print(e.strerror)\n`;
    const probe = await probeSandbox();
    if (probe.status !== 'on') throw new Error(`no sandbox here: ${probe.why}`);
    const line = sandboxCommand(probe, { command: 'python3', args: ['-c', connect], cwd: '/' });
    const run = await execa(line.command, line.args, { reject: false });
    expect(run.stdout.trim()).toBe('No such file or directory');
    expect(connected).toBe(false);
    // Unsandboxed, the same connection succeeds (the control).
    expect((await execa('python3', ['-c', connect])).stdout.trim()).toBe('connected');
  });
});

describe.skipIf(!haveTools('ansible-playbook', 'bwrap'))('the result cache', () => {
  it('keeps sandboxed and unsandboxed results apart (a verdict can differ)', async () => {
    const repo = tempRepo({ 'site.yml': '- name: Site\n  hosts: localhost\n  gather_facts: false\n  tasks: []\n' });
    execaSync('git', ['add', '-A'], { cwd: repo });
    const cached = async (...flags: string[]): Promise<boolean | undefined> => {
      const run = await runCli(['validate', '--only', 'ansible-syntax-check', '--format', 'json', ...flags], repo);
      return (JSON.parse(run.stdout) as { files: Array<{ checks: Array<{ cached?: boolean }> }> }).files[0]?.checks[0]?.cached;
    };
    expect(await cached()).toBeUndefined();
    expect(await cached()).toBe(true);
    expect(await cached('--no-sandbox')).toBeUndefined();
    expect(await cached('--no-sandbox')).toBe(true);
    expect(await cached()).toBe(true);
  }, 120_000);
});

describe.skipIf(!haveTools('ansible-playbook'))('without a sandbox (IACGEN_BWRAP at a missing path)', () => {
  const env = { IACGEN_BWRAP: '/nonexistent/bwrap' };
  const files = { 'site.yml': '- name: Site\n  hosts: localhost\n  gather_facts: false\n  tasks: []\n' };

  it('warns once on stderr, notes it in the reports and runs the checkers unsandboxed', async () => {
    const repo = tempRepo(files);
    const run = await runCli(['validate', '--no-cache', '--only', 'ansible-syntax-check', '--format', 'json'], repo, env);
    expect(run.exitCode).toBe(0);
    expect(run.stderr.trim().split('\n')).toEqual([
      "iacgen: warning: no sandbox (/nonexistent/bwrap does not exist (IACGEN_BWRAP)): checkers that can run the repository's code run unsandboxed; to fix: install bubblewrap: apt-get install bubblewrap",
    ]);
    const report = JSON.parse(run.stdout) as { sandbox?: Record<string, string>; checkers: Array<{ id: string; sandboxed?: boolean }>; files: Array<{ checks: Array<{ status: string }> }> };
    expect(report.sandbox).toMatchObject({ status: 'unavailable', fix: 'install bubblewrap: apt-get install bubblewrap' });
    expect(report.checkers.find((c) => c.id === 'ansible-syntax-check')?.sandboxed).toBe(false);
    expect(report.files[0]?.checks[0]?.status).toBe('pass');

    // No checker that runs the repository's code ran: nothing to warn about.
    const quiet = await runCli(['validate', '--no-cache', '--only', 'yamllint', '--format', 'json'], repo, env);
    expect(quiet.stderr).toBe('');
    expect((JSON.parse(quiet.stdout) as { sandbox?: { status: string } }).sandbox?.status).toBe('unavailable');
    const pretty = await runCli(['validate', '--no-cache', '--only', 'ansible-syntax-check'], repo, env);
    expect(pretty.stdout).toContain("warning: no sandbox (/nonexistent/bwrap does not exist (IACGEN_BWRAP); to fix: install bubblewrap: apt-get install bubblewrap): ansible-syntax-check ran with the repository's code unsandboxed");
    const sarif = await runCli(['validate', '--no-cache', '--only', 'ansible-syntax-check', '--format', 'sarif'], repo, env);
    const log = JSON.parse(sarif.stdout) as { runs: Array<{ tool: { driver: { name: string } }; invocations: Array<{ toolConfigurationNotifications?: Array<{ level: string; descriptor: { id: string } }> }> }> };
    const syntax = log.runs.find((r) => r.tool.driver.name === 'ansible-syntax-check');
    expect(syntax?.invocations[0]?.toolConfigurationNotifications).toMatchObject([{ level: 'warning', descriptor: { id: 'sandbox' } }]);
  }, 120_000);

  it('--strict refuses to run (exit 2), in validate and validate --staged', async () => {
    const repo = tempRepo(files);
    execaSync('git', ['add', '-A'], { cwd: repo });
    for (const args of [['validate'], ['validate', '--staged']]) {
      const run = await runCli([...args, '--strict'], repo, env);
      expect(run.exitCode).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toBe(
        'iacgen: --strict: refusing to check without the sandbox: /nonexistent/bwrap does not exist (IACGEN_BWRAP)\n' +
          '  install bubblewrap: apt-get install bubblewrap; or check without the sandbox on purpose: --no-sandbox',
      );
    }
    // An explicit opt-out is the user's choice, even with --strict.
    expect((await runCli(['validate', '--strict', '--no-sandbox'], repo, env)).exitCode).toBe(0);
  }, 120_000);

  it('IACGEN_SANDBOX takes on or off only', async () => {
    const run = await runCli(['validate'], tempRepo(files), { IACGEN_SANDBOX: 'no' });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('IACGEN_SANDBOX=no: expected on or off');
  });
});

/**
 * A provider that `terraform init` can install offline: this machine's filesystem mirror (not a
 * checker; absent on most machines). Without it the folder has no provider at all, which
 * `terraform init` also sets up offline, so the test runs everywhere.
 */
const MIRROR = '/opt/tf-plugins';
const haveMirror = existsSync(path.join(MIRROR, 'registry.terraform.io/hashicorp/aws'));
const WITH_PROVIDER = {
  tf: 'terraform {\n  required_providers {\n    aws = { source = "hashicorp/aws" }\n  }\n}\n\nresource "aws_instance" "x" {\n  ami           = "ami-1"\n  instance_type = "t3.micro"\n  bogus         = 1\n}\n',
  diagnostic: ['unsupported-argument', 10],
};
const WITHOUT_PROVIDER = {
  tf: 'variable "name" {\n  type = string\n}\n\noutput "greeting" {\n  value = "hello ${var.nme}"\n}\n',
  diagnostic: ['reference-to-undeclared-input-variable', 6],
};

describe.skipIf(!haveTools('terraform', 'bwrap'))('terraform validate in the sandbox', () => {
  it(`gives the same verdict on an initialised folder, and writes nothing into it (${haveMirror ? 'aws provider from the mirror' : 'no provider'})`, async () => {
    const example = haveMirror ? WITH_PROVIDER : WITHOUT_PROVIDER;
    const repo = tempRepo({ 'main.tf': example.tf });
    const rc = path.join(repo, '..', `${path.basename(repo)}.tfrc`);
    writeTree(path.dirname(rc), { [path.basename(rc)]: haveMirror ? `provider_installation {\n  filesystem_mirror {\n    path = "${MIRROR}"\n  }\n}\n` : '' });
    onTestFinished(() => rmSync(rc, { force: true }));
    const env = { TF_CLI_CONFIG_FILE: rc };
    await execa('terraform', ['init', '-no-color', '-input=false', '-backend=false'], { cwd: repo, env });
    execaSync('git', ['add', '-A'], { cwd: repo });
    const before = readdirSync(repo, { recursive: true }).map(String).sort();
    const verdict = async (...flags: string[]): Promise<unknown> => {
      const run = await runCli(['validate', '--no-cache', '--only', 'terraform-validate', '--format', 'json', ...flags], repo, env);
      const report = JSON.parse(run.stdout) as { sandbox?: { status: string }; files: Array<{ path: string; checks: Array<{ status: string }>; diagnostics: Array<{ rule: string; line: number }> }> };
      // main.tf only: `terraform init` leaves .terraform.lock.hcl beside it when it installs a provider.
      const checked = report.files.filter((f) => f.path === 'main.tf');
      return { sandbox: report.sandbox?.status, files: checked.map((f) => ({ checks: f.checks.map((c) => c.status), diagnostics: f.diagnostics.map((d) => [d.rule, d.line]) })) };
    };
    const sandboxed = await verdict();
    expect(sandboxed).toEqual({ sandbox: 'on', files: [{ checks: ['fail'], diagnostics: [example.diagnostic] }] });
    expect(readdirSync(repo, { recursive: true }).map(String).sort()).toEqual(before);
    expect({ ...(await verdict('--no-sandbox')) as object, sandbox: 'on' }).toEqual(sandboxed);
  }, 180_000);
});

describe.skipIf(!ready)('iacgen new', () => {
  it("checks generated files with the sandbox too: a kept ansible.cfg's vault password script writes nothing", async () => {
    const repo = tempRepo();
    const outside = path.join(os.tmpdir(), `iacgen-new-marker-${process.pid}-${Date.now()}`);
    const inside = path.join(repo, 'marker-in-repo');
    onTestFinished(() => rmSync(outside, { force: true }));
    // An ansible.cfg of the repository's own, kept by `new role` ("exists; left alone") and staged
    // beside the generated files, whose vault password script the syntax check runs.
    writeTree(repo, {
      'pw.sh': `#!/bin/sh\ntouch ${outside} ${inside}\necho secret\n`,
      'ansible.cfg': `[defaults]\nroles_path = ansible/roles\nvault_password_file = ${path.join(repo, 'pw.sh')}\n`,
    });
    chmodSync(path.join(repo, 'pw.sh'), 0o755);
    const args = ['new', 'role', '--service', 'postgres', '--target', 'vm111', '--yes'];
    const sandboxed = await runCli(args, repo);
    expect(sandboxed.exitCode, sandboxed.stderr).toBe(0);
    expect(sandboxed.stdout).toContain('ansible.cfg (skipped: exists; left alone)');
    expect(existsSync(outside) || existsSync(inside)).toBe(false);
    // The control: the same check unsandboxed runs the script (so the probe above could fail).
    rmSync(path.join(repo, 'ansible'), { recursive: true, force: true });
    const open = await runCli(args, repo, { IACGEN_SANDBOX: 'off' });
    expect(open.exitCode, open.stderr).toBe(0);
    expect(existsSync(outside) && existsSync(inside)).toBe(true);
  }, 240_000);
});

describe.skipIf(!ready)('what the user keeps in HOME', () => {
  it('a vault password file in HOME is found under the sandbox, as without it', async () => {
    const home = tempRepo();
    writeTree(home, { '.ansible/vault/pass': 'not-a-secret\n' });
    const repo = tempRepo({
      'ansible.cfg': '[defaults]\nvault_password_file = ~/.ansible/vault/pass\n',
      'site.yml': '---\n- name: Site\n  hosts: localhost\n  gather_facts: false\n  tasks:\n    - name: Say hello\n      ansible.builtin.debug:\n        msg: hello\n',
    });
    const statuses = async (...flags: string[]) => {
      const run = await runCli(['validate', '--no-cache', '--only', 'ansible-syntax-check', '--format', 'json', ...flags, 'site.yml'], repo, { HOME: home });
      const report = JSON.parse(run.stdout) as { sandbox?: { status: string }; files: Array<{ checks: Array<{ status: string; reason?: string }> }> };
      return { sandbox: report.sandbox?.status, checks: report.files.flatMap((f) => f.checks.map((c) => `${c.status}${c.reason ? `: ${c.reason}` : ''}`)) };
    };
    expect(await statuses()).toEqual({ sandbox: 'on', checks: ['pass'] });
    expect((await statuses('--no-sandbox')).checks).toEqual(['pass']);
    // Without the file, both name it by the user's own path, never the sandbox's private HOME.
    rmSync(path.join(home, '.ansible/vault/pass'));
    const missing = await statuses();
    expect(missing.checks[0]).toContain(`the vault password file \`${path.join(home, '.ansible/vault/pass')}\``);
  }, 120_000);
});
