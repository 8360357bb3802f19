/**
 * `iacgen validate` on Compose files and projects, against the Compose of this machine run
 * directly: a misspelt key, `ports` not a list, a bad `develop.watch` action, a valid v2-only
 * file, a base+override pair with an error in the override, a clean pair, and a clean file.
 * Each file's compose-config verdict must be the one Compose gives on the file alone (on a
 * project: on the project's files, the finding on the file that holds the mistake), with no
 * `status: error`. Under Compose v1 alone, a file the Compose Specification allows but v1
 * rejects is a `compose-needs-v2` warning, never an error.
 *
 * Runs with every Compose generation found here: whatever iacgen picks on PATH (the v2 plugin
 * first), and, when `docker-compose` is v1 (Debian 12), again with a PATH without `docker`.
 */
import { mkdirSync, readdirSync, statSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { execa, execaSync } from 'execa';
import { describe, expect, it } from 'vitest';
import { IN_CI, runCli, tempDir, tempRepo } from '../helpers.js';

const FILES: Record<string, string> = {
  'misspelt/compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n    enviroment:\n      A: b\n',
  'ports/compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n    ports: "8080:80"\n',
  'watch/compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n    develop:\n      watch:\n        - action: teleport\n          path: ./src\n',
  'v2only/compose.yaml':
    'name: demo\ninclude:\n  - inc/compose.yaml\nservices:\n  web:\n    image: nginx:1.27\n    develop:\n      watch:\n        - action: sync\n          path: ./src\n          target: /app\n',
  'v2only/inc/compose.yaml': 'services:\n  db:\n    image: redis:7\n',
  'pairbad/compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n',
  'pairbad/compose.override.yaml': 'services:\n  web:\n    restrat: always\n',
  'pairgood/docker-compose.yml': 'services:\n  web:\n    image: nginx:1.27\n',
  'pairgood/docker-compose.override.yml': 'services:\n  web:\n    ports:\n      - "8080:80"\n',
  'clean/compose.yml': 'services:\n  cache:\n    image: redis:7\n    restart: unless-stopped\n',
};

/** The projects Compose loads, as `-f` lists; every other compose file goes alone. */
const PROJECTS = [
  ['pairbad/compose.yaml', 'pairbad/compose.override.yaml'],
  ['pairgood/docker-compose.yml', 'pairgood/docker-compose.override.yml'],
];

/** Where each error must be found (file, line), on whichever Compose. */
const MISTAKES: Record<string, number> = {
  'misspelt/compose.yaml': 4,
  'ports/compose.yaml': 4,
  'pairbad/compose.override.yaml': 3,
};

/** A folder of links to everything on PATH but `docker`: the same machine with Compose v1 alone. */
function pathWithoutDocker(): string {
  const dir = tempDir('iacgen-nodocker-');
  for (const from of (process.env.PATH ?? '').split(':')) {
    let names: string[] = [];
    try {
      names = readdirSync(from);
    } catch {
      continue;
    }
    for (const name of names) {
      if (name === 'docker') continue;
      try {
        if (!statSync(path.join(from, name)).isFile()) continue;
        symlinkSync(path.join(from, name), path.join(dir, name));
      } catch {
        // Already linked from an earlier folder (PATH order wins), or unreadable.
      }
    }
  }
  return dir;
}

function composeVersion(env: NodeJS.ProcessEnv, command: string, args: string[]): string | undefined {
  const run = execaSync(command, args, { env, reject: false, stdin: 'ignore' });
  return run.exitCode === 0 ? /(\d+\.\d+\.\d+)/.exec(String(run.stdout))?.[1] : undefined;
}

/** The Compose setups of this machine: the default PATH, and v1 alone when there is one. */
function setups(): Array<{ name: string; env: NodeJS.ProcessEnv }> {
  const out: Array<{ name: string; env: NodeJS.ProcessEnv }> = [];
  const plugin = composeVersion(process.env, 'docker', ['compose', 'version']);
  const standalone = composeVersion(process.env, 'docker-compose', ['--version']);
  if (plugin || standalone) out.push({ name: `PATH as is (${plugin ? `docker compose ${plugin}` : `docker-compose ${standalone}`})`, env: process.env });
  if (plugin && standalone?.startsWith('1.')) out.push({ name: `docker-compose ${standalone} alone (PATH without docker)`, env: { ...process.env, PATH: '' } });
  if (out.length === 0 && IN_CI) throw new Error('no Compose on PATH: CI needs docker-compose or docker compose (see .ci/run)');
  return out;
}

const found = setups();

interface Report {
  checkers: Array<{ id: string; path?: string; version?: string }>;
  files: Array<{ path: string; checks: Array<{ checker: string; status: string; reason?: string }>; diagnostics: Array<{ line: number; severity: string; rule: string; source: string; message: string }> }>;
}

describe.skipIf(found.length === 0)('iacgen validate: Compose files and projects, as Compose itself judges them', () => {
  it.each(found)('$name', async ({ env }) => {
    const runEnv: Record<string, string> = Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
    if (runEnv.PATH === '') runEnv.PATH = pathWithoutDocker();
    const repo = tempRepo(FILES);
    mkdirSync(path.join(repo, 'v2only', 'src'));
    const cli = await runCli(['validate', '--no-cache', '--format', 'json', '--only', 'compose-config'], repo, runEnv);
    const report = JSON.parse(cli.stdout) as Report;
    const checker = report.checkers.find((c) => c.id === 'compose-config');
    expect(checker?.path, cli.stderr).toBeTruthy();
    const compose = checker?.path ?? '';
    const v1 = (checker?.version ?? '').startsWith('1.');
    const direct = async (files: string[]): Promise<number> => {
      const args = [...(path.basename(compose) === 'docker' ? ['compose'] : []), ...files.flatMap((f) => ['-f', f]), 'config', '-q'];
      const result = await execa(compose, args, { cwd: repo, env: runEnv, reject: false, stdin: 'ignore' });
      return result.exitCode ?? -1;
    };
    const byPath = new Map(report.files.map((f) => [f.path, f]));
    const status = (file: string): string | undefined => byPath.get(file)?.checks.find((c) => c.checker === 'compose-config')?.status;
    const errors = (file: string) => (byPath.get(file)?.diagnostics ?? []).filter((d) => d.source === 'compose-config' && d.severity === 'error');
    // Every compose file was checked, none with `error`.
    expect([...byPath.keys()].sort()).toEqual(Object.keys(FILES).sort());
    for (const f of report.files) expect(f.checks.map((c) => `${f.path}: ${c.status} ${c.reason ?? ''}`)).not.toContainEqual(expect.stringMatching(/: error /));
    const inProject = new Set(PROJECTS.flat());
    for (const file of Object.keys(FILES).filter((f) => !inProject.has(f))) {
      const exit = await direct([file]);
      const needsV2 = v1 && file === 'v2only/compose.yaml';
      if (needsV2) {
        // v1 rejects `name:`/`include:`/`develop:`; iacgen says it needs v2, as a warning.
        expect(exit, file).not.toBe(0);
        expect(status(file), file).toBe('pass');
        expect(byPath.get(file)?.diagnostics.map((d) => `${d.severity} ${d.rule}`)).toContain('warning compose-needs-v2');
        continue;
      }
      expect(status(file), `${file}: Compose exits ${exit}`).toBe(exit === 0 ? 'pass' : 'fail');
    }
    for (const files of PROJECTS) {
      const exit = await direct(files);
      const failing = files.filter((f) => status(f) === 'fail');
      expect(failing.length > 0, `${files.join(' + ')}: Compose exits ${exit}`).toBe(exit !== 0);
      expect(files.map((f) => status(f))).not.toContain(undefined);
    }
    // The mistakes are where they are, whichever Compose found them.
    for (const [file, line] of Object.entries(MISTAKES)) expect(errors(file).map((d) => d.line), file).toContain(line);
    expect(errors('pairbad/compose.yaml')).toEqual([]);
    // A v2-only file is clean wherever v2 runs.
    if (!v1) expect(status('v2only/compose.yaml')).toBe('pass');
    expect(errors('v2only/compose.yaml')).toEqual([]);
  }, 120_000);
});
