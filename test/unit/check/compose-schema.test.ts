/**
 * compose-schema: validation against the vendored Compose Specification schema with ajv, and
 * the mapping of each error's instance path back to its line in the YAML.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { ErrorObject } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LineCounter, parseDocument } from 'yaml';
import { composeSchema, schemaDiagnostics } from '../../../src/check/checkers/compose-schema.js';
import { schemaProblems } from '../../../src/check/checkers/compose/schema-errors.js';
import { dottedPath, locate, pointerSegments } from '../../../src/check/checkers/compose/yaml-path.js';
import { YAML_OPTIONS } from '../../../src/check/checkers/yaml-parse.js';

function check(text: string): string[] {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { ...YAML_OPTIONS, lineCounter });
  return schemaDiagnostics(doc, lineCounter, 'compose.yaml').map((d) => `${d.line}:${d.column} ${d.rule} ${d.message}`);
}

describe('instance paths', () => {
  it('splits and unescapes JSON pointers (RFC 6901) and shows them as dotted paths', () => {
    expect(pointerSegments('')).toEqual([]);
    expect(pointerSegments('/services/web/ports/0')).toEqual(['services', 'web', 'ports', '0']);
    expect(pointerSegments('/labels/a~1b~0c')).toEqual(['labels', 'a/b~c']);
    expect(dottedPath([])).toBe('top level');
    expect(dottedPath(['services', 'web', 'ports', '0', 'target'])).toBe('services.web.ports[0].target');
  });

  it('locates keys, sequence items, aliases and merged keys', () => {
    const text = 'x-base: &base\n  restart: always\nservices:\n  web: *base\n  db:\n    <<: *base\n    ports:\n      - "1:1"\n      - "2:2"\n';
    const lineCounter = new LineCounter();
    const doc = parseDocument(text, { ...YAML_OPTIONS, lineCounter });
    const line = (pointer: string) => lineCounter.linePos(locate(doc, pointerSegments(pointer)).offset).line;
    expect(line('')).toBe(1);
    expect(line('/services/web/restart')).toBe(2);
    expect(line('/services/db/restart')).toBe(2);
    expect(line('/services/db/ports/1')).toBe(9);
    expect(line('/services/db/nothing/here')).toBe(5);
  });
});

describe('schemaProblems', () => {
  const error = (instancePath: string, keyword: string, params: Record<string, unknown>, data?: unknown): ErrorObject =>
    ({ instancePath, keyword, params, schemaPath: '#', data, message: `${keyword} failed` }) as ErrorObject;

  it('keeps the branch of a oneOf that fits the value, and drops the oneOf itself', () => {
    const problems = schemaProblems([
      error('/services/web/build', 'type', { type: 'string' }, { contxt: '.' }),
      error('/services/web/build', 'additionalProperties', { additionalProperty: 'contxt' }),
      error('/services/web/build', 'oneOf', { passingSchemas: null }),
    ]);
    expect(problems.map((p) => [p.keyword, p.key])).toEqual([['additionalProperties', 'contxt']]);
  });

  it('drops a type error when errors under the same place say more', () => {
    const problems = schemaProblems([
      error('/a', 'type', { type: 'array' }, {}),
      error('/a/b/condition', 'enum', { allowedValues: ['x'] }, 'y'),
      error('/a', 'oneOf', {}),
    ]);
    expect(problems.map((p) => p.message)).toEqual(['a.b.condition: must be one of "x", not "y"']);
  });

  it('merges the type errors of one place and drops exact duplicates', () => {
    const problems = schemaProblems([
      error('/e', 'type', { type: 'object' }, 5),
      error('/e', 'type', { type: 'array' }, 5),
      error('/e', 'oneOf', {}),
      error('/r', 'required', { missingProperty: 'condition' }),
      error('/r', 'required', { missingProperty: 'condition' }),
    ]);
    expect(problems.map((p) => p.message)).toEqual(['e: must be a mapping or a list, not an integer (5)', "r: missing required key 'condition'"]);
  });

  it('keeps a oneOf that no branch explains', () => {
    expect(schemaProblems([error('/x', 'oneOf', {})]).map((p) => p.message)).toEqual(['x: oneOf failed']);
  });
});

describe('schemaDiagnostics', () => {
  it('accepts a modern Compose file', () => {
    const text = [
      'name: lab',
      'x-env: &env {TZ: UTC}',
      'services:',
      '  web:',
      '    image: "nginx:${TAG:-1}"',
      '    environment: *env',
      '    ports: ["80:80", {target: 443, published: "8443"}]',
      '    depends_on: {db: {condition: service_healthy, restart: true}}',
      '    develop: {watch: [{path: ./src, action: sync, target: /app}]}',
      '  db: {image: postgres, healthcheck: {test: [CMD, "true"]}}',
      'volumes: {data: }',
      '',
    ].join('\n');
    expect(check(text)).toEqual([]);
  });

  it('names unknown keys, suggests the nearest known one, and points at the key', () => {
    expect(check('services:\n  web:\n    imagee: nginx\n')).toEqual(["3:5 additionalProperties services.web: unknown key 'imagee' (did you mean 'image'?)"]);
    expect(check('servics:\n  web: {image: x}\n')).toEqual(["1:1 additionalProperties top level: unknown key 'servics' (did you mean 'services'?)"]);
    expect(check('services:\n  web:\n    image: x\n    frobnicate: 1\n')).toEqual(["4:5 additionalProperties services.web: unknown key 'frobnicate'"]);
  });

  it('reports the one fitting branch of a oneOf (build as a mapping)', () => {
    expect(check('services:\n  web:\n    build:\n      contxt: .\n')).toEqual([
      "4:7 additionalProperties services.web.build: unknown key 'contxt' (did you mean 'context'?)",
    ]);
  });

  it('reports types, enums, required keys, duplicates and names', () => {
    expect(check('services:\n  web:\n    image: x\n    ports: "80"\n')).toEqual(['4:5 type services.web.ports: must be a list, not a string ("80")']);
    expect(check('services:\n  web: {image: x, depends_on: {db: {}}}\n  db: {image: y}\n')).toEqual([
      "2:32 required services.web.depends_on.db: missing required key 'condition'",
    ]);
    expect(check('services:\n  web:\n    image: x\n    cap_add: [NET_ADMIN, NET_ADMIN]\n')).toEqual([
      '4:5 uniqueItems services.web.cap_add: items 1 and 2 are the same (duplicates are not allowed)',
    ]);
    expect(check('services:\n  "my web": {image: x}\n')).toEqual([
      "2:3 additionalProperties services: invalid name 'my web' (letters, digits, '.', '_' and '-' only)",
    ]);
  });

  it('points into sequences and into the anchor a key was merged from', () => {
    expect(check('services:\n  web:\n    image: x\n    ports:\n      - target: 80\n        protocl: tcp\n')).toEqual([
      "6:9 additionalProperties services.web.ports[0]: unknown key 'protocl' (did you mean 'protocol'?)",
    ]);
    expect(check('x-d: &d\n  restrat: always\nservices:\n  web:\n    <<: *d\n    image: x\n')).toEqual([
      "2:3 additionalProperties services.web: unknown key 'restrat' (did you mean 'restart'?)",
    ]);
  });

  it('reports an empty file as not a mapping', () => {
    expect(check('')).toEqual(['1:1 type top level: must be a mapping, not empty']);
  });

  it('refuses alias bombs instead of expanding them', () => {
    const ten = (alias: string) => `[${Array(10).fill(alias).join(', ')}]`;
    const text = `a: &a ${ten('x')}\nb: &b ${ten('*a')}\nc: &c ${ten('*b')}\nd: &d ${ten('*c')}\nservices: {}\n`;
    expect(check(text)).toEqual([expect.stringMatching(/^1:1 syntax .*alias/i)]);
  });
});

describe('composeSchema checker', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'iacgen-compose-schema-'));
    await writeFile(path.join(dir, 'broken.yaml'), 'services:\n  web:\n    image: "x\n');
    await writeFile(path.join(dir, 'compose.yaml'), 'services:\n  web:\n    image: x\n    ports: 80\n');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('has a builtin manifest for Compose files', () => {
    expect(composeSchema).toMatchObject({ kind: 'builtin', id: 'compose-schema', fileTypes: ['compose'], mode: 'files' });
    expect(composeSchema.version).toMatch(/^ajv \d+\.\d+\.\d+, compose-spec/);
  });

  it('reports YAML syntax errors itself (and then no schema errors)', async () => {
    const parsed = await composeSchema.check({ files: ['broken.yaml', 'compose.yaml'], cwd: dir });
    expect(parsed.diagnostics.map((d) => `${d.file}:${d.line} ${d.rule} ${d.source}`)).toEqual([
      'broken.yaml:3 syntax compose-schema',
      'compose.yaml:4 type compose-schema',
    ]);
  });
});
