/**
 * hcl-parse: the reader of hcl2json's error text (captured from @cdktn/hcl2json 0.24.0 on the
 * fixtures), the JSON check, a real in-process run, and its `onlyWithout: terraform-fmt` switch.
 */
import { chmod, mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hclErrors, hclParse, jsonErrors } from '../../../src/check/checkers/hcl-parse.js';
import { terraformFmt } from '../../../src/check/checkers/terraform-fmt.js';
import { runChecks } from '../../../src/check/runner.js';

const UNCLOSED =
  'parse config: [iacgen-input.tf:1,21-22: Unclosed configuration block; There is no closing brace for this block before the end of the file. This may be caused by incorrect brace nesting elsewhere in this file.]';
const THREE =
  'parse config: [iacgen-input.tf:7,29-8,1: Invalid multi-line string; Quoted strings may not be split over multiple lines. ' +
  'iacgen-input.tf:8,2-9,1: Invalid multi-line string; Quoted strings may not be split over multiple lines. ' +
  'iacgen-input.tf:7,12-16: Unclosed template interpolation sequence; There is no closing brace for this interpolation sequence.]';

describe('hclErrors', () => {
  it('reads one diagnostic with line and column', () => {
    expect(hclErrors(UNCLOSED, 'infra/main.tf')).toEqual([
      {
        file: 'infra/main.tf',
        line: 1,
        column: 21,
        severity: 'error',
        rule: 'syntax',
        message:
          'Unclosed configuration block: There is no closing brace for this block before the end of the file. This may be caused by incorrect brace nesting elsewhere in this file.',
        source: 'hcl-parse',
      },
    ]);
  });

  it('splits several diagnostics, multi-line ranges included', () => {
    const found = hclErrors(THREE, 'main.tf');
    expect(found.map((d) => [d.line, d.column, d.message.split(':')[0]])).toEqual([
      [7, 29, 'Invalid multi-line string'],
      [8, 2, 'Invalid multi-line string'],
      [7, 12, 'Unclosed template interpolation sequence'],
    ]);
    expect(found[2]?.message).toBe('Unclosed template interpolation sequence: There is no closing brace for this interpolation sequence.');
  });

  it('keeps an unpositioned message whole, at line 1', () => {
    expect(hclErrors('parse config: [<nil>: Oops; no range]', 'a.tf')).toEqual([
      expect.objectContaining({ line: 1, column: 1, message: '<nil>: Oops; no range' }),
    ]);
  });
});

describe('jsonErrors', () => {
  it('places JSON errors at their line and column', () => {
    expect(jsonErrors('{\n  "a": 1,\n}\n', 'x.tf.json')).toEqual([
      expect.objectContaining({ line: 2, column: 9, rule: 'syntax', source: 'hcl-parse', message: expect.stringMatching(/^invalid JSON: trailing comma/) }),
    ]);
    expect(jsonErrors('{"a": }', 'x.tf.json')).toEqual([expect.objectContaining({ line: 1, column: 7, message: 'invalid JSON: expected a value' })]);
  });

  it('wants an object (or an array of objects) at the root', () => {
    expect(jsonErrors('{"output": {}}', 'x.tf.json')).toEqual([]);
    expect(jsonErrors('[{"output": {}}, {"locals": {}}]', 'x.tf.json')).toEqual([]);
    expect(jsonErrors('[1]', 'x.tf.json')).toEqual([expect.objectContaining({ line: 1, message: expect.stringContaining('root') })]);
  });
});

describe('hcl-parse check (in process)', () => {
  let dir = '';
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('parses .tf, .tfvars and .tf.json relative to cwd, and skips unreadable files', async () => {
    dir = await realpath(await mkdtemp(path.join(os.tmpdir(), 'iacgen-hcl-')));
    await writeFile(path.join(dir, 'ok.tf'), 'variable "a" {\n  default = "x"\n}\n');
    await writeFile(path.join(dir, 'bad.tfvars'), 'a = "x"\nb =\n');
    await writeFile(path.join(dir, 'ok.tf.json'), '{"variable": {"a": {}}}');
    await writeFile(path.join(dir, 'locked.tf'), 'a = 1\n');
    await chmod(path.join(dir, 'locked.tf'), 0o000);
    const files = ['ok.tf', 'bad.tfvars', 'ok.tf.json', 'locked.tf'];
    const result = await hclParse.check({ files, cwd: dir });
    expect(result.diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.rule}`)).toEqual(['bad.tfvars:2:4 syntax']);
    // root reads anything: only expect the skip where the permission bits are honoured.
    if (process.getuid?.() !== 0) expect(result.skipped).toEqual({ 'locked.tf': expect.stringMatching(/^cannot read file/) });
  });
});

describe('hcl-parse stands in for terraform only', () => {
  const run = async (terraformFound: boolean) => {
    const dir = await realpath(await mkdtemp(path.join(os.tmpdir(), 'iacgen-hcl-only-')));
    try {
      await writeFile(path.join(dir, 'main.tf'), 'locals {\n  a = 1\n}\n');
      const { checkers, byFile } = await runChecks([{ absPath: path.join(dir, 'main.tf'), type: 'terraform' }], {
        cwd: dir,
        checkers: [terraformFmt, hclParse],
        versions: false,
        resolveCommand: async (c) => (terraformFound && c === 'terraform' ? '/usr/local/bin/terraform' : undefined),
      });
      return { infos: checkers.map((c) => [c.id, c.status]), checks: byFile.get(path.join(dir, 'main.tf'))?.checks ?? [] };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  };

  it('runs when terraform (and tofu) are missing', async () => {
    const { infos, checks } = await run(false);
    expect(infos).toEqual([
      ['terraform-fmt', 'missing'],
      ['hcl-parse', 'ran'],
    ]);
    expect(checks.map((c) => [c.checker, c.status])).toEqual([
      ['terraform-fmt', 'skipped'],
      ['hcl-parse', 'pass'],
    ]);
  });

  it('is off when terraform-fmt resolves', async () => {
    const { infos } = await run(true);
    expect(infos).toContainEqual(['hcl-parse', 'off']);
  });
});
