/** toml-parse: the in-process TOML syntax check (@iarna/toml 2.2), on texts written here. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tomlDiagnostics, tomlMessage, tomlParse } from '../../../src/check/checkers/toml-parse.js';

function check(text: string): string[] {
  return tomlDiagnostics(text, 'f.toml').map((d) => `${d.line}:${d.column} ${d.severity} ${d.rule} ${d.message}`);
}

describe('tomlMessage', () => {
  it('drops the position suffix and the source excerpt', () => {
    expect(tomlMessage("Can't redefine existing key at row 2, col 6, pos 12:\n1: a = 1\n2> a = 2\n        ^\n")).toBe("Can't redefine existing key");
  });

  it('shows character codes as characters', () => {
    expect(tomlMessage('Unknown escape character: 113 at row 1, col 8, pos 7:\n1> a = "\\q"\n')).toBe('Unknown escape character: "q"');
    expect(tomlMessage('Unknown character "65279" at row 1, col 2, pos 1:\n')).toBe('Unknown character "\uFEFF"');
  });
});

describe('tomlDiagnostics', () => {
  it('finds nothing wrong in valid TOML', () => {
    expect(check('title = "lab"\n[owner]\nname = "ops"\n[[hosts]]\nname = "a"\n[[hosts]]\nname = "b"\n')).toEqual([]);
    expect(check('')).toEqual([]);
  });

  it('reports the error with its 1-based line and column', () => {
    expect(check('a = 1\nb = \n')).toEqual([
      '2:5 error syntax Unexpected character, expecting string, number, datetime, boolean, inline array or inline table',
    ]);
    expect(check('a = 1\na = 2\n')).toEqual(["2:6 error syntax Can't redefine existing key"]);
    expect(check('[t]\nx = 1\n[t]\n')).toEqual([expect.stringMatching(/^3:\d+ error syntax /)]);
    expect(check('y = "unterminated\n')).toEqual(['1:18 error syntax Unterminated string']);
  });
});

describe('tomlParse checker', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'iacgen-toml-parse-'));
    await writeFile(path.join(dir, 'bom.toml'), '\uFEFFa = 1\n');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('has a builtin manifest for TOML files, with the library version', () => {
    expect(tomlParse).toMatchObject({ kind: 'builtin', id: 'toml-parse', fileTypes: ['toml'], mode: 'files' });
    expect(tomlParse.version).toMatch(/^@iarna\/toml \d+\.\d+\.\d+/);
  });

  it('tolerates a byte order mark (which the library alone rejects) and skips missing files', async () => {
    const parsed = await tomlParse.check({ files: ['bom.toml', 'gone.toml'], cwd: dir });
    expect(parsed.diagnostics).toEqual([]);
    expect(Object.keys(parsed.skipped ?? {})).toEqual(['gone.toml']);
  });
});
