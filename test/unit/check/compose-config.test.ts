/**
 * compose-config: its parser on `config -q` output captured from docker-compose 1.29.2 (Debian)
 * in a scratch folder, plus Compose v2 messages (compose-go `template/template.go`); the choice
 * of variables file; and, where docker-compose is installed, real runs from another folder.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import which from 'which';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { expandArgs } from '../../../src/check/call.js';
import { composeConfig } from '../../../src/check/checkers/compose-config.js';
import { composeEnvArgs } from '../../../src/check/checkers/compose/env-file.js';
import { runChecks } from '../../../src/check/runner.js';
import type { CheckerOutput, ParsedOutput } from '../../../src/check/types.js';

const CWD = '/tmp/repo';
const FILE = 'stack/compose.yaml';

function run(stderr: string, exitCode = 1, stdout = ''): ParsedOutput {
  const output: CheckerOutput = { stdout, stderr, exitCode, files: [FILE], cwd: CWD };
  return composeConfig.parse(output);
}

function brief(parsed: ParsedOutput): string[] {
  return parsed.diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.severity} ${d.rule} ${d.message}`);
}

describe('manifest', () => {
  it('passes .env.example as the variables file when there is no .env', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'iacgen-compose-args-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    await mkdir(path.join(dir, 'app'));
    await writeFile(path.join(dir, 'app', '.env.example'), 'A=x\n');
    const files = ['app/compose.yaml'];
    const options = await composeConfig.callOptions?.(files, dir);
    expect(expandArgs(composeConfig.args, files, '.', options)).toEqual(['-f', 'app/compose.yaml', '--env-file', path.join(dir, 'app', '.env.example'), 'config', '-q']);
    const plugin = composeConfig.alternatives[0];
    expect(plugin && expandArgs(plugin.args, files, '.', options)).toEqual(['compose', '-f', 'app/compose.yaml', '--env-file', path.join(dir, 'app', '.env.example'), 'config', '-q']);
  });
});

describe('compose-config parser (docker-compose 1.29.2)', () => {
  it('passes a valid file', () => {
    expect(run('', 0)).toEqual({ diagnostics: [] });
  });

  it('names the missing required variable and the fix', () => {
    const stderr =
      'Missing mandatory value for "environment" option interpolating {\'PASSWORD\': \'${DB_PASSWORD:?DB_PASSWORD must be set}\'} in service "web": DB_PASSWORD must be set\n';
    expect(brief(run(stderr))).toEqual([
      `${FILE}:1:1 error compose-missing-variable DB_PASSWORD is required but not set (service "web", environment: DB_PASSWORD must be set): set DB_PASSWORD in .env, or add it to .env.example`,
    ]);
  });

  it('finds the variable whose message was printed, or the only one, when the message is its name', () => {
    const list = 'Missing mandatory value for "environment" option interpolating [\'A=${A:?need A}\', \'B=${B:?need B}\'] in service "web": need B\n';
    expect(run(list).diagnostics[0]?.message).toMatch(/^B is required but not set \(service "web", environment: need B\)/);
    const bare = 'Missing mandatory value for "image" option interpolating nginx:${TAG:?} in service "web": TAG\n';
    expect(run(bare).diagnostics[0]?.message).toBe('TAG is required but not set (service "web", image): set TAG in .env, or add it to .env.example');
    const volume = 'Missing mandatory value for "driver" option interpolating ${DRV:?need driver} in volume "d": need driver\n';
    expect(run(volume).diagnostics[0]?.message).toMatch(/^DRV is required but not set \(volume "d", driver: need driver\)/);
  });

  it('reports a missing build folder relative to the compose file', () => {
    const stderr = 'build path /tmp/repo/stack/app either does not exist, is not accessible, or is not a valid URL.\n';
    expect(brief(run(stderr))).toEqual([
      `${FILE}:1:1 error compose-missing-build-context build context ./app does not exist: create the folder, or fix the build: path`,
    ]);
    const outside = run('build path /tmp/other either does not exist, is not accessible, or is not a valid URL.\n');
    expect(outside.diagnostics[0]?.message).toMatch(/^build context \.\.\/\.\.\/other does not exist/);
  });

  it('reports each schema error of an invalid file', () => {
    const stderr =
      "The Compose file './stack/compose.yaml' is invalid because:\n" +
      "Unsupported config option for services.web: 'imagee'\n" +
      'services.web.ports contains an invalid type, it should be an array\n';
    expect(brief(run(stderr))).toEqual([
      `${FILE}:1:1 error config Unsupported config option for services.web: 'imagee'`,
      `${FILE}:1:1 error config services.web.ports contains an invalid type, it should be an array`,
    ]);
  });

  it('reports a YAML error once, at the problem mark', () => {
    const stderr =
      'yaml.parser.ParserError: while parsing a flow sequence\n' +
      '  in "./stack/compose.yaml", line 4, column 12\n' +
      "expected ',' or ']', but got '<stream end>'\n" +
      '  in "./stack/compose.yaml", line 5, column 1\n';
    expect(brief(run(stderr))).toEqual([
      `${FILE}:5:1 error config YAML syntax: while parsing a flow sequence; expected ',' or ']', but got '<stream end>'`,
    ]);
  });

  it('turns unset-variable warnings into warnings, with or without an error', () => {
    const warning = 'The TAG variable is not set. Defaulting to a blank string.\n';
    expect(brief(run(warning, 0))).toEqual([
      `${FILE}:1:1 warning compose-unset-variable TAG is not set and has no default, so it is empty: set TAG in .env, or add it to .env.example, or give a default (\${TAG:-value})`,
    ]);
    const both = `${warning}Service 'web' depends on service 'db' which is undefined.\n`;
    expect(brief(run(both)).map((l) => l.split(' ').slice(1, 3).join(' '))).toEqual(['warning compose-unset-variable', 'error config']);
  });

  it('reports a missing env_file with its own rule, other messages as config errors', () => {
    expect(brief(run("Couldn't find env file: /tmp/repo/stack/nope.env\n"))).toEqual([
      `${FILE}:1:1 error compose-missing-env-file env_file ./nope.env does not exist: create it, fix the path, or mark it required: false (Compose v2)`,
    ]);
    expect(brief(run("Service 'web' depends on service 'db' which is undefined.\n"))).toEqual([`${FILE}:1:1 error config Service 'web' depends on service 'db' which is undefined.`]);
  });

  it('fails on a crash or a silent non-zero exit', () => {
    expect(run('Traceback (most recent call last):\n  File "x", line 1\nKeyError: 1\n').failure).toMatch(/^compose crashed \(exit code 1\)/);
    expect(run('', 1).failure).toMatch(/without an error message/);
  });
});

describe('compose-config parser (Compose v2 messages)', () => {
  it('reads required and unset variables from logrus lines', () => {
    const stderr =
      'WARN[0000] The "TAG" variable is not set. Defaulting to a blank string.\n' +
      'error while interpolating services.web.environment.PASSWORD: required variable DB_PASSWORD is missing a value: DB_PASSWORD must be set\n';
    expect(brief(run(stderr))).toEqual([
      expect.stringContaining('warning compose-unset-variable TAG is not set'),
      `${FILE}:1:1 error compose-missing-variable DB_PASSWORD is required but not set (services.web.environment.PASSWORD: DB_PASSWORD must be set): set DB_PASSWORD in .env, or add it to .env.example`,
    ]);
    const logfmt = 'time="2024-01-01T00:00:00Z" level=warning msg="The \\"X\\" variable is not set. Defaulting to a blank string."\n';
    expect(brief(run(logfmt, 0))[0]).toContain('warning compose-unset-variable X is not set');
  });

  it('takes the line from a YAML error and drops the validating prefix', () => {
    expect(brief(run("yaml: line 4: did not find expected ',' or ']'\n"))).toEqual([`${FILE}:4:1 error config YAML syntax: did not find expected ',' or ']'`]);
    expect(brief(run("validating /tmp/repo/stack/compose.yaml: services.web additional properties 'imagee' not allowed\n"))).toEqual([
      `${FILE}:1:1 error config services.web additional properties 'imagee' not allowed`,
    ]);
    expect(brief(run('WARN[0000] /tmp/repo/stack/compose.yaml: the attribute `version` is obsolete\n', 0))[0]).toMatch(/warning config .*obsolete$/);
  });
});

describe('composeEnvArgs', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'iacgen-compose-env-'));
    for (const sub of ['both', 'example', 'none']) await mkdir(path.join(dir, sub));
    await writeFile(path.join(dir, 'both', '.env'), 'A=1\n');
    await writeFile(path.join(dir, 'both', '.env.example'), 'A=\n');
    await writeFile(path.join(dir, 'example', '.env.example'), 'A=x\n');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('leaves .env to Compose, falls back to .env.example, else adds nothing', async () => {
    expect(await composeEnvArgs('both/compose.yaml', dir)).toEqual([]);
    expect(await composeEnvArgs('example/compose.yaml', dir)).toEqual(['--env-file', path.join(dir, 'example', '.env.example')]);
    expect(await composeEnvArgs('none/compose.yaml', dir)).toEqual([]);
  });
});

describe.skipIf(!which.sync('docker-compose', { nothrow: true }))('compose-config with docker-compose', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'iacgen-compose-config-'));
    const compose = 'services:\n  db:\n    image: postgres:16\n    environment:\n      P: "${DB_PASSWORD:?DB_PASSWORD must be set}"\n';
    for (const sub of ['with-env', 'without-env']) {
      await mkdir(path.join(dir, 'repo', sub), { recursive: true });
      await writeFile(path.join(dir, 'repo', sub, 'compose.yaml'), compose);
    }
    await writeFile(path.join(dir, 'repo', 'with-env', '.env'), 'DB_PASSWORD=secret\n');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("reads the .env beside the compose file, not the working directory's", async () => {
    const targets = ['with-env', 'without-env'].map((sub) => ({ absPath: path.join(dir, 'repo', sub, 'compose.yaml'), type: 'compose' as const }));
    const result = await runChecks(targets, { cwd: dir, checkers: [composeConfig], versions: false });
    const rules = [...result.byFile.values()].map((r) => r.diagnostics.map((d) => d.rule));
    expect(rules).toEqual([[], ['compose-missing-variable']]);
  }, 60_000);
});
