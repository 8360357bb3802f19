/**
 * The result cache (`src/check/cache.ts`) through the real pipeline (`runChecks`) with fake
 * checkers (`sh -c` scripts that log each file they check), so every hit and miss is observable:
 * each input of the key makes the check run again; corrupt, foreign and other-format entries are
 * ignored and rewritten; an unwritable cache only misses.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cacheDirectory, ResultCache } from '../../../src/check/cache.js';
import { ansibleRefs } from '../../../src/check/cache/deps.js';
import { builtinCheckerManifestSchema, checkerManifestSchema } from '../../../src/check/manifest.js';
import { runChecks, type CheckTarget } from '../../../src/check/runner.js';
import type { BuiltinChecker, Checker, CheckRecord, CommandChecker, OutputParser } from '../../../src/check/types.js';
import type { FileType } from '../../../src/classify/tables.js';
import { tempDir, tempRepo, writeTree } from '../../helpers.js';

/** `file:line:message` lines on stdout become error diagnostics. */
const parse: OutputParser = ({ stdout }) => ({
  diagnostics: stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [file = '', lineNo = '1', ...message] = line.split(':');
      return { file, line: Number(lineNo), column: 1, severity: 'error' as const, rule: 'fake', message: message.join(':'), source: 'fake' };
    }),
});

/** A fake checker under a real id (only known ids are cached): logs each file to `log`, then runs `script`. */
function fake(id: string, log: string, script: string, extra: Record<string, unknown> = {}): CommandChecker {
  const manifest = checkerManifestSchema.parse({
    id,
    command: 'sh',
    args: ['-c', `for f in "$@"; do echo "$f" >> '${log}'; done; ${script}`, 'sh', '{files}'],
    fileTypes: ['shell'],
    mode: 'files',
    versionArgs: ['-c', 'echo 1.0'],
    timeoutMs: 10_000,
    okExitCodes: [0, 1],
    installHint: 'none',
    ...extra,
  });
  return { ...manifest, parse };
}

/** Lines logged so far (files checked, in order). */
function logged(log: string): string[] {
  return existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean) : [];
}

/** A workspace: a git repository, a cache folder outside it and a call log. */
function workspace(files: Record<string, string>) {
  const repo = tempRepo(files);
  const cacheDir = path.join(tempDir('iacgen-cache-'), 'cache');
  const log = path.join(tempDir('iacgen-log-'), 'calls.log');
  return { repo, cacheDir, log };
}

interface RunOptions {
  cacheDir: string;
  env?: NodeJS.ProcessEnv;
  salt?: Record<string, string>;
  cwd?: string;
}

/** One run of `checkers` on `files` (relative to `repo`) with the cache; records by relative path. */
async function run(repo: string, files: Array<[string, FileType]>, checkers: Checker[], options: RunOptions) {
  const cache = await ResultCache.open({ root: repo, dir: options.cacheDir, ...(options.env ? { env: options.env } : {}), ...(options.salt ? { salt: options.salt } : {}) });
  const targets: CheckTarget[] = files.map(([f, type]) => ({ absPath: path.join(repo, f), type }));
  const result = await runChecks(targets, { cwd: options.cwd ?? repo, checkers, cache });
  const byPath = new Map([...result.byFile].map(([abs, v]) => [path.relative(repo, abs), v]));
  return { byPath, checkers: result.checkers };
}

const cachedOf = (checks: CheckRecord[] | undefined) => checks?.map((c) => Boolean(c.cached));

describe('result cache', () => {
  it('reuses an unchanged result: same records and diagnostics, the original duration, marked cached', async () => {
    const ws = workspace({ 'a.sh': 'echo a\n', 'b.sh': 'echo b\n' });
    // Its version output names the repository (as ansible-playbook's names its config file).
    const checker = fake('shellcheck', ws.log, 'sleep 0.2; echo "b.sh:3:broken"; exit 1', { versionArgs: ['-c', 'echo "tool 1.0, config file = $PWD/tool.cfg"'] });
    const files: Array<[string, FileType]> = [['a.sh', 'shell'], ['b.sh', 'shell']];
    const first = await run(ws.repo, files, [checker], ws);
    const second = await run(ws.repo, files, [checker], ws);
    expect(logged(ws.log)).toEqual(['a.sh', 'b.sh']);
    for (const f of ['a.sh', 'b.sh']) {
      const cold = first.byPath.get(f);
      const warm = second.byPath.get(f);
      expect(cachedOf(cold?.checks)).toEqual([false]);
      expect(cachedOf(warm?.checks)).toEqual([true]);
      expect(warm?.checks.map(({ cached: _c, ...rest }) => rest)).toEqual(cold?.checks);
      expect(warm?.diagnostics).toEqual(cold?.diagnostics);
      expect(warm?.checks[0]?.durationMs).toBeGreaterThanOrEqual(200);
    }
    expect(second.byPath.get('b.sh')?.checks[0]?.status).toBe('fail');
    expect(second.checkers[0]?.version).toBe('1.0');
    // A third run still hits (the stored version had the repository's path replaced, and matches).
    const third = await run(ws.repo, files, [checker], ws);
    expect(cachedOf(third.byPath.get('a.sh')?.checks)).toEqual([true]);
    expect(logged(ws.log)).toEqual(['a.sh', 'b.sh']);
  });

  it('runs a check again when any input of its key changes, and reuses it after', async () => {
    const ws = workspace({ 'src/a.sh': 'echo a\n', 'src/other.sh': 'echo other\n' });
    const versionFile = path.join(tempDir(), 'version');
    writeFileSync(versionFile, 'tool 1.0\n');
    const base = { versionArgs: ['-c', `cat '${versionFile}'`] };
    let checker = fake('shellcheck', ws.log, 'exit 0', base);
    let files: Array<[string, FileType]> = [['src/a.sh', 'shell']];
    let options: RunOptions = { cacheDir: ws.cacheDir };
    const check = async (): Promise<boolean> => {
      const before = logged(ws.log).length;
      const cold = await run(ws.repo, files, [checker], options);
      const ran = logged(ws.log).length > before;
      // Whatever changed, the next identical run is a hit.
      const warm = await run(ws.repo, files, [checker], options);
      expect(cachedOf(warm.byPath.get(files[0]?.[0] ?? '')?.checks)).toEqual([true]);
      expect(cachedOf(cold.byPath.get(files[0]?.[0] ?? '')?.checks)).toEqual([!ran]);
      return ran;
    };
    const steps: Array<[string, () => void]> = [
      ['the file is edited', () => writeFileSync(path.join(ws.repo, 'src/a.sh'), 'echo changed\n')],
      ['the file is renamed', () => {
        renameSync(path.join(ws.repo, 'src/a.sh'), path.join(ws.repo, 'src/b.sh'));
        files = [['src/b.sh', 'shell']];
      }],
      ['the checker is upgraded (its version output changes)', () => writeFileSync(versionFile, 'tool 1.1\n')],
      ['a config file appears in a folder above the file', () => writeFileSync(path.join(ws.repo, '.shellcheckrc'), 'disable=SC2086\n')],
      ['that config file is edited', () => writeFileSync(path.join(ws.repo, '.shellcheckrc'), 'disable=SC2034\n')],
      ['iacgen.yaml appears', () => writeFileSync(path.join(ws.repo, 'iacgen.yaml'), 'exclude: []\n')],
      ['iacgen.yaml is edited', () => writeFileSync(path.join(ws.repo, 'iacgen.yaml'), 'exclude: ["x/**"]\n')],
      ['an environment variable it reads is set', () => {
        options = { ...options, env: { ...process.env, SHELLCHECK_OPTS: '-e SC1000' } };
      }],
      ['its arguments change', () => {
        checker = fake('shellcheck', ws.log, 'exit 0 # other arguments', base);
      }],
      ['its manifest environment changes', () => {
        checker = fake('shellcheck', ws.log, 'exit 0 # other arguments', { ...base, env: { X: '1' } });
      }],
      ['the working directory changes', () => {
        options = { ...options, cwd: path.join(ws.repo, 'src') };
      }],
    ];
    expect(await check()).toBe(true);
    for (const [what, change] of steps) {
      change();
      expect(await check(), what).toBe(true);
    }
    // Nothing changed: no run at all.
    expect(await check()).toBe(false);
    // A file the checker does not read changes: still a hit.
    writeFileSync(path.join(ws.repo, 'src/other.sh'), 'echo edited\n');
    expect(await check()).toBe(false);
  });

  it('keys a built-in checker on its version and a checker on its salt (the policy inputs)', async () => {
    const ws = workspace({ 'x.json': '{}\n' });
    const builtin = (version: string): BuiltinChecker => ({
      ...builtinCheckerManifestSchema.parse({ kind: 'builtin', id: 'json-parse', fileTypes: ['json'], mode: 'files', timeoutMs: 5000, version }),
      check: async (call) => {
        writeFileSync(ws.log, `${readFileSync(ws.log, 'utf8')}${call.files.join('\n')}\n`);
        return { diagnostics: [] };
      },
    });
    writeFileSync(ws.log, '');
    const files: Array<[string, FileType]> = [['x.json', 'json']];
    await run(ws.repo, files, [builtin('lib 1')], ws);
    await run(ws.repo, files, [builtin('lib 1')], ws);
    expect(logged(ws.log)).toHaveLength(1);
    await run(ws.repo, files, [builtin('lib 2')], ws);
    expect(logged(ws.log)).toHaveLength(2);

    const policy = (): BuiltinChecker => ({ ...builtin('iacgen 0'), id: 'iacgen' });
    await run(ws.repo, files, [policy()], { ...ws, salt: { iacgen: 'inventory A' } });
    await run(ws.repo, files, [policy()], { ...ws, salt: { iacgen: 'inventory A' } });
    expect(logged(ws.log)).toHaveLength(3);
    await run(ws.repo, files, [policy()], { ...ws, salt: { iacgen: 'inventory B' } });
    expect(logged(ws.log)).toHaveLength(4);
  });

  it('re-runs only the edited file of a per-file checker, and never caches an unknown checker', async () => {
    const ws = workspace({ 'a.sh': 'echo a\n', 'b.sh': 'echo b\n', 'c.sh': 'echo c\n' });
    const files: Array<[string, FileType]> = [['a.sh', 'shell'], ['b.sh', 'shell'], ['c.sh', 'shell']];
    const checker = fake('shellcheck', ws.log, 'exit 0');
    await run(ws.repo, files, [checker], ws);
    writeFileSync(path.join(ws.repo, 'b.sh'), 'echo B\n');
    const second = await run(ws.repo, files, [checker], ws);
    expect(logged(ws.log)).toEqual(['a.sh', 'b.sh', 'c.sh', 'b.sh']);
    expect(files.map(([f]) => second.byPath.get(f)?.checks[0]?.cached ?? false)).toEqual([true, false, true]);

    const unknown = fake('my-own-linter', ws.log, 'exit 0');
    await run(ws.repo, files, [unknown], ws);
    await run(ws.repo, files, [unknown], ws);
    expect(logged(ws.log)).toHaveLength(4 + 6);
  });

  it('never caches a failed call', async () => {
    const ws = workspace({ 'a.sh': 'echo a\n' });
    const files: Array<[string, FileType]> = [['a.sh', 'shell']];
    const checker = fake('shellcheck', ws.log, 'echo boom >&2; exit 70');
    const first = await run(ws.repo, files, [checker], ws);
    const second = await run(ws.repo, files, [checker], ws);
    expect(first.byPath.get('a.sh')?.checks[0]?.status).toBe('error');
    expect(second.byPath.get('a.sh')?.checks[0]).toMatchObject({ status: 'error' });
    expect(second.byPath.get('a.sh')?.checks[0]?.cached).toBeUndefined();
    expect(logged(ws.log)).toHaveLength(2);
  });

  it('does not store a result when the file changed while its checker ran', async () => {
    const ws = workspace({ 'a.sh': 'echo a\n' });
    const files: Array<[string, FileType]> = [['a.sh', 'shell']];
    // The first call edits its own file (as an editor saving mid-run would).
    const marker = path.join(tempDir(), 'edited');
    const checker = fake('shellcheck', ws.log, `[ -e '${marker}' ] || { touch '${marker}'; echo 'echo edited' > a.sh; }; exit 0`);
    await run(ws.repo, files, [checker], ws);
    writeFileSync(path.join(ws.repo, 'a.sh'), 'echo a\n');
    const second = await run(ws.repo, files, [checker], ws);
    expect(second.byPath.get('a.sh')?.checks[0]?.cached).toBeUndefined();
    expect(logged(ws.log)).toHaveLength(2);
  });

  it('ignores a corrupt, foreign or other-format entry, and rewrites it', async () => {
    const ws = workspace({ 'a.sh': 'echo a\n', 'b.sh': 'echo b\n' });
    const files: Array<[string, FileType]> = [['a.sh', 'shell'], ['b.sh', 'shell']];
    const checker = fake('shellcheck', ws.log, 'for f in "$@"; do [ "$f" != a.sh ] || echo "a.sh:1:bad"; done; exit 1');
    await run(ws.repo, files, [checker], ws);
    const entries = () =>
      readdirSync(ws.cacheDir, { recursive: true })
        .map(String)
        .filter((f) => f.endsWith('.json'))
        .map((f) => path.join(ws.cacheDir, f))
        .sort();
    const [first, second] = entries();
    expect(entries()).toHaveLength(2);
    const original = [readFileSync(first!, 'utf8'), readFileSync(second!, 'utf8')] as const;
    const tamper: Array<[string, () => void]> = [
      ['garbage', () => writeFileSync(first!, 'not json {')],
      ['truncated', () => writeFileSync(first!, original[0].slice(0, 40))],
      ['schema', () => writeFileSync(first!, JSON.stringify({ ...JSON.parse(original[0]), diagnostics: 'none' }))],
      ['foreign (another key)', () => writeFileSync(first!, original[1])],
      ['foreign (another checker)', () => writeFileSync(first!, JSON.stringify({ ...JSON.parse(original[0]), checker: 'yamllint' }))],
      ['other format', () => writeFileSync(first!, JSON.stringify({ ...JSON.parse(original[0]), format: 99 }))],
      ['a forged pass (diagnostics removed, other version)', () => writeFileSync(first!, JSON.stringify({ ...JSON.parse(original[0]), diagnostics: [], version: '0.1' }))],
    ];
    for (const [what, change] of tamper) {
      change();
      const before = logged(ws.log).length;
      const result = await run(ws.repo, files, [checker], ws);
      expect(logged(ws.log).length - before, what).toBe(1);
      // The right verdict, and the entry rewritten whole.
      const a = result.byPath.get('a.sh');
      expect(a?.checks[0]?.status, what).toBe('fail');
      expect(a?.diagnostics).toMatchObject([{ message: 'bad' }]);
      const { durationMs: _now, ...rewritten } = JSON.parse(readFileSync(first!, 'utf8')) as Record<string, unknown>;
      const { durationMs: _then, ...expected } = JSON.parse(original[0]) as Record<string, unknown>;
      expect(rewritten, what).toEqual(expected);
    }
  });

  it('only misses when the cache cannot be written, and never fails the run', async () => {
    const ws = workspace({ 'a.sh': 'echo a\n' });
    const blocker = path.join(tempDir(), 'a-file');
    writeFileSync(blocker, '');
    const files: Array<[string, FileType]> = [['a.sh', 'shell']];
    const checker = fake('shellcheck', ws.log, 'echo "a.sh:2:bad"; exit 1');
    const options = { cacheDir: path.join(blocker, 'cache') };
    const first = await run(ws.repo, files, [checker], options);
    const second = await run(ws.repo, files, [checker], options);
    expect(logged(ws.log)).toHaveLength(2);
    for (const result of [first, second]) {
      expect(result.byPath.get('a.sh')?.checks).toMatchObject([{ status: 'fail' }]);
      expect(result.byPath.get('a.sh')?.checks[0]?.cached).toBeUndefined();
    }
  });

  it('keeps entries valid when the repository moves, with paths pointing at the new place', async () => {
    const ws = workspace({ 'a.sh': 'echo a\n' });
    const files: Array<[string, FileType]> = [['a.sh', 'shell']];
    // The message names the file by its absolute path, as some checkers do.
    const checker = fake('shellcheck', ws.log, 'echo "a.sh:1:see $PWD/a.sh"; exit 1');
    const first = await run(ws.repo, files, [checker], ws);
    expect(first.byPath.get('a.sh')?.diagnostics[0]?.message).toBe(`see ${ws.repo}/a.sh`);
    const moved = path.join(tempDir(), 'moved');
    cpSync(ws.repo, moved, { recursive: true });
    const second = await run(moved, files, [checker], ws);
    expect(logged(ws.log)).toHaveLength(1);
    expect(second.byPath.get('a.sh')?.checks[0]?.cached).toBe(true);
    expect(second.byPath.get('a.sh')?.diagnostics[0]?.message).toBe(`see ${moved}/a.sh`);
  });
});

describe('result cache dependencies', () => {
  /** A fake file-mode checker under `id` for `type` files. */
  const fileChecker = (id: string, log: string, type: FileType, extra: Record<string, unknown> = {}) =>
    fake(id, log, 'exit 0', { fileTypes: [type], mode: 'file', args: ['-c', `echo "$1" >> '${log}'`, 'sh', '{file}'], ...extra });

  it('re-runs a playbook check when a role, an included tasks file or a vars file it uses changes', async () => {
    const ws = workspace({
      'ansible/playbooks/site.yml': [
        '- hosts: all',
        '  vars_files: [vars/main.yml]',
        '  roles:',
        '    - web',
        '    - role: db',
        '  tasks:',
        '    - ansible.builtin.include_tasks: tasks/extra.yml',
        '    - ansible.builtin.include_role:',
        '        name: cache',
        '',
      ].join('\n'),
      'ansible/playbooks/vars/main.yml': 'a: 1\n',
      'ansible/playbooks/tasks/extra.yml': '- ansible.builtin.debug: {msg: x}\n',
      'ansible/playbooks/roles/web/tasks/main.yml': '- ansible.builtin.import_tasks: setup.yml\n',
      'ansible/playbooks/roles/web/tasks/setup.yml': '- ansible.builtin.debug: {msg: web}\n',
      'ansible/roles/db/tasks/main.yml': '- ansible.builtin.debug: {msg: db}\n',
      'ansible/roles/db/meta/main.yml': 'dependencies: [common]\n',
      'ansible/roles/common/defaults/main.yml': 'x: 1\n',
      'ansible/roles/cache/templates/a.j2': '{{ x }}\n',
      'ansible/group_vars/all.yml': 'y: 2\n',
      'ansible/playbooks/other.yml': '- hosts: all\n',
      'ansible/roles/unused/tasks/main.yml': '- ansible.builtin.debug: {msg: unused}\n',
    });
    const checker = fileChecker('ansible-syntax-check', ws.log, 'ansible-playbook');
    const files: Array<[string, FileType]> = [['ansible/playbooks/site.yml', 'ansible-playbook']];
    const runs = async () => {
      await run(ws.repo, files, [checker], ws);
      return logged(ws.log).length;
    };
    expect(await runs()).toBe(1);
    expect(await runs()).toBe(1);
    const edits: Array<[string, string]> = [
      ['ansible/playbooks/roles/web/tasks/main.yml', '- ansible.builtin.import_tasks: setup.yml\n- ansible.builtin.debug: {}\n'],
      ['ansible/playbooks/roles/web/tasks/setup.yml', '- ansible.builtin.debug: {msg: web2}\n'],
      ['ansible/roles/db/tasks/main.yml', '- ansible.builtin.debug: {msg: db2}\n'],
      ['ansible/roles/common/defaults/main.yml', 'x: 2\n'],
      ['ansible/roles/cache/templates/a.j2', '{{ y }}\n'],
      ['ansible/playbooks/tasks/extra.yml', '- ansible.builtin.debug: {msg: y}\n'],
      ['ansible/playbooks/vars/main.yml', 'a: 2\n'],
      ['ansible/group_vars/all.yml', 'y: 3\n'],
      // A role that was missing appears.
      ['ansible/playbooks/roles/db/tasks/main.yml', '- ansible.builtin.debug: {msg: shadow}\n'],
      ['ansible.cfg', '[defaults]\nroles_path = elsewhere\n'],
    ];
    let expected = 1;
    for (const [file, text] of edits) {
      writeTree(ws.repo, { [file]: text });
      expect(await runs(), file).toBe(++expected);
      expect(await runs(), file).toBe(expected);
    }
    writeTree(ws.repo, { 'ansible/playbooks/other.yml': '- hosts: none\n', 'ansible/roles/unused/tasks/main.yml': '- ansible.builtin.debug: {}\n' });
    expect(await runs()).toBe(expected);
  });

  it('caches ansible-lint by groups of linked files: a playbook with the checked files it pulls in', async () => {
    const ws = workspace({
      'pb/site.yml': '- hosts: all\n  roles: [web]\n',
      'pb/roles/web/tasks/main.yml': '- ansible.builtin.import_tasks: more.yml\n',
      'pb/roles/web/tasks/more.yml': '- ansible.builtin.debug: {}\n',
      'pb/other.yml': '- hosts: all\n  tasks: []\n',
      'pb/group_vars/all.yml': 'x: 1\n',
    });
    // Logs each call's files on one line; reports a finding on the role's tasks file when it is checked.
    const checker = fake('ansible-lint', ws.log, 'exit 0', {
      fileTypes: ['ansible-playbook', 'ansible-tasks', 'ansible-vars'],
      args: ['-c', `echo "$*" >> '${ws.log}'; for f in "$@"; do case "$f" in *more.yml) echo "$f:1:found";; esac; done; exit 0`, 'sh', '{files}'],
    });
    const files: Array<[string, FileType]> = [
      ['pb/site.yml', 'ansible-playbook'],
      ['pb/roles/web/tasks/main.yml', 'ansible-tasks'],
      ['pb/roles/web/tasks/more.yml', 'ansible-tasks'],
      ['pb/other.yml', 'ansible-playbook'],
      ['pb/group_vars/all.yml', 'ansible-vars'],
    ];
    const calls = async () => {
      const before = logged(ws.log).length;
      const result = await run(ws.repo, files, [checker], ws);
      return { calls: logged(ws.log).slice(before), result };
    };
    expect((await calls()).calls).toEqual(['pb/site.yml pb/roles/web/tasks/main.yml pb/roles/web/tasks/more.yml pb/other.yml pb/group_vars/all.yml']);
    const warm = await calls();
    expect(warm.calls).toEqual([]);
    expect(warm.result.byPath.get('pb/roles/web/tasks/more.yml')).toMatchObject({ checks: [{ status: 'fail', cached: true }], diagnostics: [{ message: 'found' }] });
    // An independent playbook re-runs alone.
    writeTree(ws.repo, { 'pb/other.yml': '- hosts: all\n  tasks: [] # edited\n' });
    expect((await calls()).calls).toEqual(['pb/other.yml']);
    // A role's file re-runs with everything linked to it, in one call.
    writeTree(ws.repo, { 'pb/roles/web/tasks/more.yml': '- ansible.builtin.debug: {msg: x}\n' });
    expect((await calls()).calls).toEqual(['pb/site.yml pb/roles/web/tasks/main.yml pb/roles/web/tasks/more.yml']);
    // Vars the playbook reads re-run it (and only what is linked to it).
    writeTree(ws.repo, { 'pb/group_vars/all.yml': 'x: 2\n' });
    const vars = (await calls()).calls;
    expect(vars).toHaveLength(1);
    expect(vars[0]?.split(' ').sort()).toEqual(['pb/group_vars/all.yml', 'pb/other.yml', 'pb/roles/web/tasks/main.yml', 'pb/roles/web/tasks/more.yml', 'pb/site.yml']);
  });

  it("keeps ansible-lint's findings on a pulled-in file of another type with the unit that pulls it in", async () => {
    const ws = workspace({
      'pb/site.yml': '- hosts: all\n  roles: [web]\n',
      'pb/roles/web/tasks/main.yml': '- ansible.builtin.debug: {}\n',
      'pb/roles/web/meta/main.yml': 'galaxy_info: {}\n',
      'pb/other.yml': '- hosts: all\n',
    });
    // Linting the playbook reports on the role's meta file, which is checked as plain YAML (not in the call).
    const checker = fake('ansible-lint', ws.log, 'exit 0', {
      fileTypes: ['ansible-playbook', 'ansible-tasks'],
      args: ['-c', `echo "$*" >> '${ws.log}'; for f in "$@"; do [ "$f" != pb/site.yml ] || echo "pb/roles/web/meta/main.yml:1:meta-no-info"; done; exit 0`, 'sh', '{files}'],
    });
    const files: Array<[string, FileType]> = [
      ['pb/site.yml', 'ansible-playbook'],
      ['pb/roles/web/tasks/main.yml', 'ansible-tasks'],
      ['pb/roles/web/meta/main.yml', 'yaml'],
      ['pb/other.yml', 'ansible-playbook'],
    ];
    const cold = await run(ws.repo, files, [checker], ws);
    const warm = await run(ws.repo, files, [checker], ws);
    expect(logged(ws.log)).toHaveLength(1);
    for (const result of [cold, warm]) expect(result.byPath.get('pb/roles/web/meta/main.yml')?.diagnostics).toMatchObject([{ message: 'meta-no-info', source: 'fake' }]);
    expect(cachedOf(warm.byPath.get('pb/site.yml')?.checks)).toEqual([true]);
    // The meta file is part of the role the playbook pulls in: editing it re-runs that unit only.
    writeTree(ws.repo, { 'pb/roles/web/meta/main.yml': 'galaxy_info: {author: me}\n' });
    await run(ws.repo, files, [checker], ws);
    expect(logged(ws.log).at(-1)).toBe('pb/site.yml pb/roles/web/tasks/main.yml');
  });

  it('reads Ansible references: roles, includes, FQCN keys, free-form files; a template makes them dynamic', () => {
    const refs = ansibleRefs(
      [
        '- hosts: all',
        '  roles: [a, {role: b}, {name: c}]',
        '  vars_files: [v1.yml, [v2.yml, v3.yml]]',
        '  tasks:',
        '    - include_tasks: file=t1.yml',
        '    - ansible.builtin.import_tasks: {file: t2.yml}',
        '    - ansible.builtin.include_vars: {dir: vars}',
        '    - ansible.builtin.import_role: {name: d}',
        '- ansible.builtin.import_playbook: other.yml',
        '',
      ].join('\n'),
    );
    expect(refs.roles.sort()).toEqual(['a', 'b', 'c', 'd']);
    expect(refs.files.sort()).toEqual(['other.yml', 't1.yml', 't2.yml', 'v1.yml', 'v2.yml', 'v3.yml']);
    expect(refs.dirs).toEqual(['vars']);
    expect(refs.dynamic).toBe(false);
    expect(ansibleRefs('- include_tasks: "{{ item }}.yml"\n').dynamic).toBe(true);
    expect(ansibleRefs('- include_tasks: [unclosed\n').dynamic).toBe(true);
    expect(ansibleRefs('- name: no references\n  ansible.builtin.debug: {msg: [unclosed\n').dynamic).toBe(false);
  });

  it('re-runs terraform validate when any file of the folder or a local module changes, not only the checked ones', async () => {
    const ws = workspace({
      'infra/main.tf': 'module "m" {\n  source = "../modules/m"\n}\n',
      'infra/other.tf': 'variable "x" {}\n',
      'modules/m/main.tf': 'variable "y" {}\n',
    });
    const checker = fake('terraform-validate', ws.log, 'exit 0', { fileTypes: ['terraform'], mode: 'project', args: ['-c', `echo "$1" >> '${ws.log}'`, 'sh', '{dir}'] });
    const files: Array<[string, FileType]> = [['infra/main.tf', 'terraform']];
    const runs = async () => {
      await run(ws.repo, files, [checker], ws);
      return logged(ws.log).length;
    };
    expect(await runs()).toBe(1);
    expect(await runs()).toBe(1);
    let expected = 1;
    for (const [file, text] of [
      ['infra/other.tf', 'variable "x" { default = 1 }\n'],
      ['modules/m/main.tf', 'variable "y" { default = 1 }\n'],
      ['infra/.terraform.lock.hcl', '# lock\n'],
      ['infra/extra.tf.json', '{}\n'],
    ] as const) {
      writeTree(ws.repo, { [file]: text });
      expect(await runs(), file).toBe(++expected);
    }
  });

  it('re-runs terraform-schema when another file of the folder or its lock file changes (required_providers, versions), not for other folders', async () => {
    const ws = workspace({
      'infra/main.tf': 'resource "proxmox_virtual_environment_vm" "a" {}\n',
      'infra/versions.tf': 'terraform {}\n',
      'modules/m/main.tf': 'variable "y" {}\n',
    });
    const checker = fake('terraform-schema', ws.log, 'exit 0', { fileTypes: ['terraform'] });
    const files: Array<[string, FileType]> = [['infra/main.tf', 'terraform']];
    const runs = async () => {
      await run(ws.repo, files, [checker], ws);
      return logged(ws.log).length;
    };
    expect(await runs()).toBe(1);
    expect(await runs()).toBe(1);
    writeTree(ws.repo, { 'modules/m/main.tf': 'variable "y" { default = 1 }\n' });
    expect(await runs()).toBe(1);
    let expected = 1;
    for (const [file, text] of [
      ['infra/versions.tf', 'terraform {\n  required_providers {}\n}\n'],
      ['infra/.terraform.lock.hcl', '# lock\n'],
    ] as const) {
      writeTree(ws.repo, { [file]: text });
      expect(await runs(), file).toBe(++expected);
    }
  });

  it('re-runs shellcheck when a file the script sources changes (next to it, or on a source-path)', async () => {
    const ws = workspace({
      'bin/run.sh': '#!/usr/bin/env bash\n. ./lib/common.sh\nsource helpers.sh\n',
      'bin/lib/common.sh': 'x=1\n',
      'shared/helpers.sh': 'y=1\n',
      '.shellcheckrc': 'external-sources=true\nsource-path=SCRIPTDIR/../shared\n',
      'bin/unrelated.sh': 'z=1\n',
    });
    const checker = fake('shellcheck', ws.log, 'exit 0');
    const files: Array<[string, FileType]> = [['bin/run.sh', 'shell']];
    const runs = async () => {
      await run(ws.repo, files, [checker], ws);
      return logged(ws.log).length;
    };
    expect(await runs()).toBe(1);
    expect(await runs()).toBe(1);
    writeTree(ws.repo, { 'bin/lib/common.sh': 'x=2\n' });
    expect(await runs()).toBe(2);
    writeTree(ws.repo, { 'shared/helpers.sh': 'y=2\n' });
    expect(await runs()).toBe(3);
    writeTree(ws.repo, { 'bin/unrelated.sh': 'z=2\n' });
    expect(await runs()).toBe(3);
  });

  it('re-runs compose config when its env files or the variables it uses change', async () => {
    const ws = workspace({
      'app/compose.yaml': 'services:\n  web:\n    image: nginx:${TAG}\n    env_file: [web.env]\n',
      'app/web.env': 'A=1\n',
    });
    const checker = fileChecker('compose-config', ws.log, 'compose');
    const files: Array<[string, FileType]> = [['app/compose.yaml', 'compose']];
    let env: NodeJS.ProcessEnv = { ...process.env, TAG: '1' };
    const runs = async () => {
      await run(ws.repo, files, [checker], { ...ws, env });
      return logged(ws.log).length;
    };
    expect(await runs()).toBe(1);
    expect(await runs()).toBe(1);
    writeTree(ws.repo, { 'app/web.env': 'A=2\n' });
    expect(await runs()).toBe(2);
    writeTree(ws.repo, { 'app/.env.example': 'TAG=2\n' });
    expect(await runs()).toBe(3);
    env = { ...env, TAG: '2' };
    expect(await runs()).toBe(4);
    env = { ...env, UNRELATED: 'x' };
    expect(await runs()).toBe(4);
  });
});

describe('cache location', () => {
  it('is the repository .iacgen/cache when git ignores it, else the user cache', async () => {
    const xdg = tempDir('iacgen-xdg-');
    const ignored = tempRepo({ '.gitignore': '.iacgen/\n' });
    expect(await cacheDirectory(ignored, { XDG_CACHE_HOME: xdg })).toBe(path.join(ignored, '.iacgen', 'cache'));
    const plain = tempRepo({});
    const dir = await cacheDirectory(plain, { XDG_CACHE_HOME: xdg });
    expect(path.dirname(dir)).toBe(path.join(xdg, 'iacgen'));
    expect(existsSync(path.join(plain, '.iacgen'))).toBe(false);
    // Not a repository at all: the user cache too.
    const loose = tempDir();
    mkdirSync(path.join(loose, 'x'));
    expect(path.dirname(await cacheDirectory(loose, { XDG_CACHE_HOME: xdg }))).toBe(path.join(xdg, 'iacgen'));
  });
});
