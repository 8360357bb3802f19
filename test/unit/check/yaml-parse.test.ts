/**
 * yaml-parse: the in-process YAML syntax check (yaml 2.9), on texts written here and, through
 * the checker itself, on files in a temporary folder (missing files, byte order marks).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LineCounter, parseAllDocuments } from 'yaml';
import { YAML_OPTIONS, yamlDiagnostics, yamlParse } from '../../../src/check/checkers/yaml-parse.js';

function check(text: string): string[] {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { ...YAML_OPTIONS, lineCounter });
  return yamlDiagnostics(Array.isArray(docs) ? docs : [], lineCounter, 'f.yml', 'yaml-parse').map(
    (d) => `${d.line}:${d.column} ${d.severity} ${d.rule} ${d.message}`,
  );
}

describe('yamlDiagnostics', () => {
  it('finds nothing wrong in valid YAML: anchors, merge keys, block scalars, several documents', () => {
    expect(check('a: &x {q: 1}\nb:\n  <<: *x\n  r: 2\nc: |\n  text\n---\nd: [1, 2]\n')).toEqual([]);
    expect(check('')).toEqual([]);
    expect(check('# only a comment\n')).toEqual([]);
  });

  it('reports a duplicate key at the second occurrence', () => {
    expect(check('server:\n  host: a\n  port: 22\n  host: b\n')).toEqual(['4:3 error syntax Map keys must be unique']);
  });

  it('reports an unclosed quote or bracket where it opens, not at the end of the file', () => {
    expect(check('name: web\ndescription: "never closed\nport: 80\n')).toEqual([
      '2:14 error syntax Missing closing "quote (opened here, still open at line 4)',
    ]);
    expect(check("a: 'x\nb: 1\n")[0]).toMatch(/^1:4 error syntax Missing closing 'quote/);
    expect(check('a:\n  ports: ["80:80"\n')[0]).toMatch(/^2:10 error syntax Flow sequence .* \(opened here, still open at line 3\)$/);
  });

  it("reports a document's first error only: one unclosed bracket is one finding, not the parser's cascade", () => {
    const text = 'a: 1\nb:\n  - x\nprobe: [unclosed\nc: {d: 1\n';
    const lineCounter = new LineCounter();
    const [doc] = parseAllDocuments(text, { ...YAML_OPTIONS, lineCounter }) as ReturnType<typeof parseAllDocuments> & unknown[];
    // Control: the parser itself reports more than one error here.
    expect((doc as { errors: unknown[] }).errors.length).toBeGreaterThan(1);
    expect(check(text)).toHaveLength(1);
    expect(check(text)[0]).toMatch(/^4:8 error syntax /);
  });

  it('reports tabs used as indentation', () => {
    expect(check('server:\n\thost: a\n')).toEqual(['2:1 error syntax Tabs are not allowed as indentation']);
  });

  it('reports an alias to an anchor that is not defined before it', () => {
    expect(check('web:\n  <<: *base\nbase: &base {a: 1}\n')).toEqual(['2:7 error syntax Unknown anchor *base: no &base before it']);
    expect(check('a: &x 1\nb: *x\n')).toEqual([]);
  });

  it('checks every document of a stream', () => {
    expect(check('a: 1\na: 2\n---\nb: [1\n')).toEqual([
      '2:1 error syntax Map keys must be unique',
      expect.stringMatching(/^4:4 error syntax Flow sequence/),
    ]);
  });

  it('keeps one message per position', () => {
    expect(check('a: 1\n b: 2\n')).toHaveLength(1);
  });

  it('ignores unresolved application tags but reports other warnings', () => {
    expect(check('Name: !Sub "${AWS::StackName}"\nRef: !Ref Bucket\n')).toEqual([]);
    expect(check('%FOO bar\n---\na: 1\n')).toEqual(['1:1 warning syntax Unknown directive %FOO']);
  });
});

describe('yamlParse checker', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'iacgen-yaml-parse-'));
    await writeFile(path.join(dir, 'bom.yml'), '\uFEFFa: 1\na: 2\n');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('has a builtin manifest for plain YAML files, with the library version', () => {
    expect(yamlParse).toMatchObject({ kind: 'builtin', id: 'yaml-parse', fileTypes: ['yaml', 'helm-chart', 'kubernetes', 'ci-workflow', 'cloud-init', 'ansible-inventory-plugin'], mode: 'files' });
    expect(yamlParse.version).toMatch(/^yaml \d+\.\d+\.\d+/);
  });

  it('reads files relative to cwd and counts columns without the byte order mark', async () => {
    const parsed = await yamlParse.check({ files: ['bom.yml'], cwd: dir });
    expect(parsed.diagnostics).toEqual([
      { file: 'bom.yml', line: 2, column: 1, severity: 'error', rule: 'syntax', message: 'Map keys must be unique', source: 'yaml-parse' },
    ]);
  });

  it('skips a file it cannot read instead of passing it or throwing', async () => {
    const parsed = await yamlParse.check({ files: ['missing.yml'], cwd: dir });
    expect(parsed.diagnostics).toEqual([]);
    expect(parsed.skipped?.['missing.yml']).toMatch(/^cannot read file: ENOENT/);
  });
});
