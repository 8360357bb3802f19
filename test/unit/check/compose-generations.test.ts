/**
 * compose-config's reading of both Compose generations, on output captured from the real tools
 * (`-f FILES config -q` in a scratch folder): docker-compose 1.29.2 (Debian 12, v1), Compose
 * 2.26.1 (Debian 13's package and the plugin; exit codes 14/15) and Compose 2.40.3 (Debian
 * forky; exit code 1). Then projects: which files go together, and where findings land.
 */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readComposeOutput, type ComposeFinding } from '../../../src/check/checkers/compose/config-output.js';
import { missingLocalPaths } from '../../../src/check/checkers/compose/local-paths.js';
import { placeFindings } from '../../../src/check/checkers/compose/place.js';
import { composeProjects, loadProject } from '../../../src/check/checkers/compose/project.js';

const CWD = '/s';

function read(stderr: string, exitCode: number): { findings: Partial<ComposeFinding>[]; failure?: string } {
  const reading = readComposeOutput({ stdout: '', stderr, exitCode, files: ['x/compose.yaml'], cwd: CWD });
  return { findings: reading.findings.map(({ severity, rule, file, path: p, key, missing, schema }) => ({ severity, rule, file, path: p, key, missing, schema })), ...(reading.failure ? { failure: reading.failure } : {}) };
}

const strip = (o: Partial<ComposeFinding>): Partial<ComposeFinding> => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

describe('a misspelt key, in each generation', () => {
  const want = { severity: 'error', rule: 'config', file: '/s/misspelt/compose.yaml', path: ['services', 'web'], key: 'enviroment' };
  it('v1 1.29.2 (exit 1)', () => {
    const out = "The Compose file '/s/misspelt/compose.yaml' is invalid because:\nUnsupported config option for services.web: 'enviroment'\n";
    expect(read(out, 1).findings.map(strip)).toEqual([{ ...want, schema: true }]);
  });
  it('v2 2.26.1 (exit 15)', () => {
    const out = 'validating /s/misspelt/compose.yaml: services.web Additional property enviroment is not allowed\n';
    expect(read(out, 15).findings.map(strip)).toEqual([want]);
  });
  it('v2 2.40.3 (exit 1)', () => {
    const out = "validating /s/misspelt/compose.yaml: services.web additional properties 'enviroment' not allowed\n";
    expect(read(out, 1).findings.map(strip)).toEqual([want]);
  });
});

describe('other messages, each generation', () => {
  it('ports not a list', () => {
    const v1 = "The Compose file './ports/compose.yaml' is invalid because:\nservices.web.ports contains an invalid type, it should be an array\n";
    const v226 = 'validating /s/ports/compose.yaml: services.web.ports must be a list\n';
    const v240 = 'validating /s/ports/compose.yaml: services.web.ports must be a array\n';
    for (const [out, code] of [[v1, 1], [v226, 15], [v240, 1]] as const) {
      expect(read(out, code).findings.map((f) => [f.severity, f.rule, f.path?.join('.')])).toEqual([['error', 'config', 'services.web.ports']]);
    }
  });

  it('a bad develop.watch action (v2), and v1 rejecting develop', () => {
    const v226 =
      'validating /s/watch/compose.yaml: services.web.develop.watch.0.action services.web.develop.watch.0.action must be one of the following: "rebuild", "sync", "restart", "sync+restart", "sync+exec"\n';
    const v240 = "validating /s/watch/compose.yaml: services.web.develop.watch.0.action value must be one of 'rebuild', 'sync', 'restart', 'sync+restart', 'sync+exec'\n";
    for (const [out, code] of [[v226, 15], [v240, 1]] as const) expect(read(out, code).findings.map((f) => f.path?.join('.'))).toEqual(['services.web.develop.watch.0.action']);
    const v1 = "The Compose file './watch/compose.yaml' is invalid because:\nUnsupported config option for services.web: 'develop'\n";
    expect(read(v1, 1).findings.map(strip)).toEqual([{ severity: 'error', rule: 'config', file: './watch/compose.yaml', path: ['services', 'web'], key: 'develop', schema: true }]);
  });

  it("v1's top-level keys and its version explanation", () => {
    const out =
      "The Compose file './v2only/compose.yaml' is invalid because:\nUnsupported config option for services.web: 'develop'\n'include', 'name' do not match any of the regexes: '^x-'\n\n" +
      "You might be seeing this error because you're using the wrong Compose file version. Either specify a supported version (e.g \"2.2\" or \"3.3\") and place your service definitions under the `services` key, or omit the `version` key and place your service definitions at the root of the file to use version 1.\n" +
      'For more on the Compose file format versions, see https://docs.docker.com/compose/compose-file/\n';
    expect(read(out, 1).findings.map((f) => [f.key, f.schema])).toEqual([['develop', true], ['include', true]]);
  });

  it('missing env files, include files and build folders', () => {
    expect(read("Couldn't find env file: /s/envfile/missing.env\n", 1).findings.map(strip)).toEqual([{ severity: 'error', rule: 'compose-missing-env-file', missing: '/s/envfile/missing.env' }]);
    const v2 = 'env file /s/envfile/missing.env not found: stat /s/envfile/missing.env: no such file or directory\n';
    expect(read(v2, 14).findings.map(strip)).toEqual([{ severity: 'error', rule: 'compose-missing-env-file', missing: '/s/envfile/missing.env' }]);
    expect(read('open /s/inc/nothere/compose.yaml: no such file or directory\n', 14).findings.map((f) => [f.rule, f.missing])).toEqual([['compose-missing-file', '/s/inc/nothere/compose.yaml']]);
    expect(read(".FileNotFoundError: [Errno 2] No such file or directory: '/s/nothere.yaml'\n", 1).findings.map((f) => [f.rule, f.missing])).toEqual([['compose-missing-file', '/s/nothere.yaml']]);
    const build = 'build path /s/build/nothere either does not exist, is not accessible, or is not a valid URL.\n';
    expect(read(build, 1).findings.map((f) => [f.rule, f.missing])).toEqual([['compose-missing-build-context', '/s/build/nothere']]);
  });

  it('YAML errors: PyYAML marks (v1), go-yaml without a file (v2)', () => {
    const v1 =
      'yaml.parser.ParserError: while parsing a block mapping\n  in "./yamlerr/compose.yaml", line 2, column 3\n' + "expected <block end>, but found '<block mapping start>'\n  in \"./yamlerr/compose.yaml\", line 4, column 4\n";
    const got = readComposeOutput({ stdout: '', stderr: v1, exitCode: 1, files: ['yamlerr/compose.yaml'], cwd: CWD }).findings;
    expect(got.map((f) => [f.file, f.line, f.column])).toEqual([['./yamlerr/compose.yaml', 4, 4]]);
    expect(read('yaml: line 1: did not find expected key\n', 15).findings.map((f) => [f.rule, f.severity])).toEqual([['config', 'error']]);
  });

  it('interpolation: a required variable (v2 names the data path), an unset one (a warning)', () => {
    const out = 'time="2026-12-06T04:14:50Z" level=warning msg="The \\"TAG\\" variable is not set. Defaulting to a blank string."\nerror while interpolating services.web.image: required variable TAG is missing a value: set the tag\n';
    expect(read(out, 15).findings.map((f) => [f.severity, f.rule, f.path?.join('.')])).toEqual([
      ['warning', 'compose-unset-variable', undefined],
      ['error', 'compose-missing-variable', 'services.web.image'],
    ]);
  });

  it('a crash or an empty failure cannot be read: failure', () => {
    expect(read('panic: runtime error: invalid memory address\n\ngoroutine 1 [running]:\n', 2).failure).toBe('compose crashed');
    expect(read('', 15).failure).toMatch(/without an error message/);
  });
});

describe('projects', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'iacgen-compose-project-'));
    const files: Record<string, string> = {
      'pair/compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n',
      'pair/compose.override.yaml': 'services:\n  web:\n    restrat: always\n',
      'mix/docker-compose.yml': 'services:\n  web:\n    image: nginx:1.27\n',
      'mix/compose.override.yml': 'services:\n  web:\n    ports: ["80"]\n',
      'lone/compose.override.yaml': 'services:\n  web:\n    image: nginx:1.27\n',
      'ext/compose.yaml': 'services:\n  web:\n    extends:\n      file: common.yaml\n      service: base\n',
      'ext/common.yaml': 'services:\n  base:\n    image: nginx:1.27\n    restrat: always\n',
      'paths/compose.yaml': 'services:\n  a:\n    build: ./nothere\n    env_file:\n      - path: ./opt.env\n        required: false\n      - ./need.env\n  b:\n    build: https://github.com/x/y.git\n    env_file: ${E}.env\n',
    };
    for (const [name, text] of Object.entries(files)) {
      await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
      await writeFile(path.join(dir, name), text);
    }
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('pairs a base file with its override (any .yaml/.yml mix), never an override alone when its base exists', async () => {
    const projects = await composeProjects(['pair/compose.override.yaml', 'pair/compose.yaml', 'mix/compose.override.yml', 'lone/compose.override.yaml', 'ext/compose.yaml'], dir);
    expect(projects.map((p) => [p.files, p.members])).toEqual([
      [['pair/compose.yaml', 'pair/compose.override.yaml'], ['pair/compose.override.yaml', 'pair/compose.yaml']],
      [['mix/docker-compose.yml', 'mix/compose.override.yml'], ['mix/compose.override.yml']],
      [['lone/compose.override.yaml'], ['lone/compose.override.yaml']],
      [['ext/compose.yaml'], ['ext/compose.yaml']],
    ]);
  });

  it("puts an override's finding on the override, and leaves it to the override's own call when only the base is checked", async () => {
    const [project] = await composeProjects(['pair/compose.yaml', 'pair/compose.override.yaml'], dir);
    if (!project) throw new Error('no project');
    const sources = await loadProject(project.files.map((f) => path.join(dir, f)));
    const finding: ComposeFinding = { severity: 'error', rule: 'config', message: 'services.web Additional property restrat is not allowed', file: path.join(dir, 'pair/compose.override.yaml'), path: ['services', 'web'], key: 'restrat' };
    expect(placeFindings([finding], project, sources, dir).map((d) => [d.file, d.line, d.column])).toEqual([['pair/compose.override.yaml', 3, 5]]);
    const alone = { ...project, key: 'pair/compose.yaml', members: ['pair/compose.yaml'] };
    expect(placeFindings([finding], alone, sources, dir)).toEqual([]);
  });

  it('follows extends to the file that holds the key (v2 names the extending file)', async () => {
    const [project] = await composeProjects(['ext/compose.yaml', 'ext/common.yaml'], dir);
    const [, common] = await composeProjects(['ext/compose.yaml', 'ext/common.yaml'], dir);
    if (!project || !common) throw new Error('no project');
    const sources = await loadProject([path.join(dir, 'ext/compose.yaml')]);
    const finding: ComposeFinding = { severity: 'error', rule: 'config', message: 'services.web Additional property restrat is not allowed', file: path.join(dir, 'ext/compose.yaml'), path: ['services', 'web'], key: 'restrat' };
    // Only the extending file in the call: at its extends entry, naming the other file.
    expect(placeFindings([finding], project, sources, dir).map((d) => [d.file, d.line, d.message.startsWith('in common.yaml: ')])).toEqual([['ext/compose.yaml', 4, true]]);
  });

  it("checks build folders and env_files itself: required ones, not URLs nor interpolated values", async () => {
    const [source] = (await loadProject([path.join(dir, 'paths/compose.yaml')])).values();
    if (!source) throw new Error('not loaded');
    const found = await missingLocalPaths(source.doc, source.abs);
    expect(found.map((f) => [f.rule, path.relative(dir, f.missing), source.lineCounter.linePos(f.offset).line])).toEqual([
      ['compose-missing-build-context', 'paths/nothere', 3],
      ['compose-missing-env-file', 'paths/need.env', 7],
    ]);
  });
});
