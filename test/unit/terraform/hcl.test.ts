/**
 * parseHcl: hcl2json's JSON shape from tree-sitter. The expected values were captured from
 * @cdktn/hcl2json 0.24.0 on the same text; the last block compares both on every HCL fixture.
 */
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseHcl } from '../../../src/terraform/hcl.js';

const json = async (text: string) => {
  const r = await parseHcl(text);
  expect(r.errors).toEqual([]);
  return JSON.stringify(r.json);
};

describe('parseHcl values (as hcl2json writes them)', () => {
  it('literals are JSON values, type constraints and references `${...}`', async () => {
    expect(await json('variable "a" {\n  type    = list(string)\n  default = ["x", 1, true, null]\n}\n')).toBe(
      '{"variable":{"a":[{"default":["x",1,true,null],"type":"${list(string)}"}]}}',
    );
  });

  it('templates: `${x}` alone is x, conditionals become %{if}, escapes decoded, $${ kept', async () => {
    const text = 'locals {\n  a = "x-${var.a ? "y" : ""}"\n  b = "${1}"\n  c = "hi ${var.b} é \\u00e9 $${raw}"\n  d = -1\n  e = !true\n  f = -var.x\n}\n';
    expect(await json(text)).toBe('{"locals":[{"a":"x-%{if var.a}y%{endif}","b":1,"c":"hi ${var.b} é é $${raw}","d":-1,"e":false,"f":"${-var.x}"}]}');
  });

  it('heredocs: <<- drops the common indentation, ~ strips the next literal', async () => {
    const text = 'locals {\n  a = <<-EOT\n    one ${var.x}\n      two\n    %{ for k, v in var.m ~}\n    ${k}=${v}\n    %{ endfor ~}\n  EOT\n}\n';
    expect(await json(text)).toBe('{"locals":[{"a":"one ${var.x}\\n  two\\n%{for k, v in var.m}    ${k}=${v}\\n%{endfor}"}]}');
  });

  it('blocks nest by labels into lists of bodies, keys sorted', async () => {
    const text = 'resource "b" "y" {\n  n { a = 1 }\n  n { a = 2 }\n}\nresource "a" "x" {\n  k = { z = 1, "q" = 2, x.y = 3 }\n}\n';
    expect(await json(text)).toBe('{"resource":{"a":{"x":[{"k":{"q":2,"x.y":3,"z":1}}]},"b":{"y":[{"n":[{"a":1},{"a":2}]}]}}}');
  });
});

describe('parseHcl syntax errors', () => {
  it('places an unclosed block at its opening brace', async () => {
    const r = await parseHcl('variable "a" {\n  type = string\n\noutput "b" {\n  value = 1\n}\n');
    expect(r.json).toBeUndefined();
    expect(r.errors[0]).toEqual({ line: 1, column: 14, message: expect.stringMatching(/^Unclosed configuration block/) });
  });

  it('places an unexpected token at its line and column', async () => {
    const r = await parseHcl('resource "a" "b" {}}\n');
    expect(r.errors).toEqual([{ line: 1, column: 20, message: 'unexpected "}"' }]);
  });
});

describe('parseHcl agrees with @cdktn/hcl2json on every HCL fixture', async () => {
  const root = path.resolve(import.meta.dirname, '../../..');
  const files = execFileSync('git', ['ls-files', 'fixtures', 'test'], { cwd: root, encoding: 'utf8' })
    .split('\n')
    .filter((f) => /\.(tf|tofu|tfvars)$/.test(f));
  const { parse } = await import('@cdktn/hcl2json');
  it('has fixtures', () => expect(files.length).toBeGreaterThan(100));
  it.each(files)('%s', async (file) => {
    const text = await readFile(path.join(root, file), 'utf8');
    const ref: unknown = await parse('x.tf', text).catch(() => undefined);
    const ours = await parseHcl(text);
    expect(JSON.stringify(ours.json)).toBe(JSON.stringify(ref));
  });
});
