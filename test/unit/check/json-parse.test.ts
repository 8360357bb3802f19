/** json-parse: strict JSON and JSONC syntax checks with jsonc-parser 3.3, on texts written here. */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isJsonc, jsonDiagnostics, jsonParse } from '../../../src/check/checkers/json-parse.js';

function strict(text: string): string[] {
  return jsonDiagnostics(text, 'f.json', false).map((d) => `${d.line}:${d.column} ${d.severity} ${d.rule} ${d.message}`);
}

function jsonc(text: string): string[] {
  return jsonDiagnostics(text, 'tsconfig.json', true).map((d) => `${d.line}:${d.column} ${d.severity} ${d.rule} ${d.message}`);
}

describe('isJsonc', () => {
  it.each([
    'tsconfig.json',
    'packages/api/tsconfig.build.json',
    'jsconfig.json',
    '.devcontainer/devcontainer.json',
    '.devcontainer/python/devcontainer.json',
    '.devcontainer.json',
    '.vscode/settings.json',
    'app/.vscode/launch.json',
    '.eslintrc.json',
    'x.jsonc',
    'TSCONFIG.JSON',
  ])('treats %s as JSONC', (file) => expect(isJsonc(file)).toBe(true));

  it.each(['package.json', 'tsconfig.json.bak', 'mytsconfig.json', 'settings.json', '.vscode/sub/settings.json', 'x.json5', 'composer.json'])(
    'treats %s as strict JSON',
    (file) => expect(isJsonc(file)).toBe(false),
  );
});

describe('strict JSON', () => {
  it('accepts valid JSON, with the same key in sibling objects', () => {
    expect(strict('{"a": {"x": 1}, "b": {"x": 2}, "c": [{"x": 1}, {"x": 2}], "d": "caf\\u00e9"}')).toEqual([]);
    expect(strict('[]')).toEqual([]);
    expect(strict('42')).toEqual([]);
  });

  it('reports the first syntax error only, with its line and column', () => {
    expect(strict('{\n  "a": 1\n  "b": 2\n}')).toEqual(["3:3 error syntax expected ',' between items"]);
    expect(strict('{"a": [1, 2}')).toEqual(["1:12 error syntax expected ',' between items"]);
    expect(strict('{\n  "a": 1')).toEqual(["2:9 error syntax expected '}' to close the object"]);
  });

  it('reports a trailing comma at the comma', () => {
    expect(strict('{\n  "a": [\n    1,\n    2,\n  ]\n}')).toEqual(['4:6 error syntax trailing comma: JSON allows none after the last item']);
    expect(strict('{"a": 1,}')).toEqual(['1:8 error syntax trailing comma: JSON allows none after the last item']);
  });

  it('reports comments, single quotes, bare words, NaN, leading zeros and control characters', () => {
    expect(strict('{\n  // no\n  "a": 1\n}')).toEqual(['2:3 error syntax comments are not allowed in JSON (only in JSONC files such as tsconfig.json)']);
    expect(strict("{'a': 1}")[0]).toMatch(/^1:2 error syntax unexpected character/);
    expect(strict('{a: 1}')[0]).toMatch(/^1:2 error syntax unexpected character/);
    expect(strict('{"a": NaN}')[0]).toMatch(/^1:7 error syntax unexpected character/);
    expect(strict('{"a": 01}')).toHaveLength(1);
    expect(strict('{"a": "x\ty"}')[0]).toMatch(/^1:7 error syntax control character in string/);
    expect(strict('{"a": "\\q"}')[0]).toMatch(/^1:7 error syntax invalid escape sequence/);
  });

  it('reports an empty file and a second value', () => {
    expect(strict('')).toEqual(['1:1 error syntax expected a value']);
    expect(strict('  \n')).toEqual(['2:1 error syntax expected a value']);
    expect(strict('{}\n{}')).toEqual(['2:1 error syntax expected the end of the file after the value']);
  });

  it('warns about duplicate keys at the second one, per object', () => {
    expect(strict('{\n  "a": 1,\n  "b": {"a": 2},\n  "a": 3\n}')).toEqual([
      '4:3 warning duplicate-key duplicate key "a" (first at line 2): only the last value is kept',
    ]);
  });
});

describe('JSONC', () => {
  it('allows comments and trailing commas', () => {
    expect(jsonc('{\n  // c\n  "a": [1, 2,],\n  /* d */ "b": {"c": 1,},\n}')).toEqual([]);
    expect(jsonc('')).toEqual([]);
  });

  it('still reports real syntax errors and duplicate keys', () => {
    expect(jsonc('{\n  // c\n  "a": 1\n')).toEqual(["4:1 error syntax expected '}' to close the object"]);
    expect(jsonc('{"a": 1, "a": 2}')).toEqual(['1:10 warning duplicate-key duplicate key "a" (first at line 1): only the last value is kept']);
  });
});

describe('jsonParse checker', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'iacgen-json-parse-'));
    await mkdir(path.join(dir, '.vscode'));
    await writeFile(path.join(dir, '.vscode', 'settings.json'), '{\n  // editor\n  "a": 1,\n}\n');
    await writeFile(path.join(dir, 'data.json'), '{\n  // editor\n  "a": 1\n}\n');
    await writeFile(path.join(dir, 'bom.json'), '\uFEFF{"a": 1}\n');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('has a builtin manifest for JSON files, with the library version', () => {
    expect(jsonParse).toMatchObject({ kind: 'builtin', id: 'json-parse', fileTypes: ['json'], mode: 'files' });
    expect(jsonParse.version).toMatch(/^jsonc-parser \d+\.\d+\.\d+/);
  });

  it('parses JSONC files as JSONC and others strictly; tolerates a byte order mark', async () => {
    const parsed = await jsonParse.check({ files: ['.vscode/settings.json', 'data.json', 'bom.json'], cwd: dir });
    expect(parsed.diagnostics.map((d) => `${d.file}:${d.line} ${d.rule}`)).toEqual(['data.json:2 syntax']);
  });
});
