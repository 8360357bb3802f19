/**
 * The yamllint fixers, against the real yamllint: its findings (parsed by iacgen's own yamllint
 * parser) go into the fixer, yamllint runs again on the result and reports none of that rule
 * (but the trailing spaces inside a block scalar, which are content and stay); the data is the
 * same and every comment line survives.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import type { Diagnostic } from '../../../src/check/types.js';
import { yamllint } from '../../../src/check/checkers/yamllint.js';
import type { FileType } from '../../../src/classify/tables.js';
import { documentStartFix, newLineAtEndOfFileFix, trailingSpacesFix } from '../../../src/fix/yamllint.js';
import { haveTools, REPO_ROOT, tempDir } from '../../helpers.js';
import { CONTEXT, expectCommentsKept, fileOf, lineDiff } from './helpers.js';

/** The three rules on, nothing else (yamllint's own defaults for each). */
const CONFIG = '{rules: {document-start: {present: true}, trailing-spaces: enable, new-line-at-end-of-file: enable}}';

/** yamllint's diagnostics of `text`, through iacgen's parser of its output. */
function lint(text: string): Diagnostic[] {
  const dir = tempDir();
  writeFileSync(path.join(dir, 'x.yml'), text);
  const run = spawnSync('yamllint', ['-f', 'parsable', '-d', CONFIG, 'x.yml'], { cwd: dir, encoding: 'utf8' });
  const parsed = yamllint.parse({ stdout: run.stdout, stderr: run.stderr, exitCode: run.status ?? -1, files: ['x.yml'], cwd: dir });
  if (parsed.failure) throw new Error(parsed.failure);
  return parsed.diagnostics;
}

const data = (text: string): unknown => parseAllDocuments(text).map((d) => d.toJS());
const of = (rule: string, text: string): Diagnostic[] => lint(text).filter((d) => d.rule === rule);
const yamlFile = (text: string, type: FileType = 'yaml') => fileOf('x.yml', type, text);

describe.skipIf(!haveTools('yamllint'))('yamllint fixers (real yamllint)', () => {
  it('document-start: --- first, comments after it kept', () => {
    const text = readFileSync(path.join(REPO_ROOT, 'fixtures/rules/header-missing/bad/notes.yml'), 'utf8');
    const findings = of('document-start', text);
    expect(findings).toHaveLength(1);
    const fixed = documentStartFix.apply(yamlFile(text), findings, CONTEXT) as string;
    expect(lineDiff(text, fixed)).toEqual({ removed: [], added: ['---\n'] });
    expect(fixed.startsWith('---\n')).toBe(true);
    expect(of('document-start', fixed)).toEqual([]);
    expect(data(fixed)).toEqual(data(text));
    expectCommentsKept(text, fixed);
  });

  it('document-start: cloud-init keeps #cloud-config first; "forbidden" is not this fixer\'s', () => {
    const text = '#cloud-config\npackages: [curl]\n';
    const fixed = documentStartFix.apply(yamlFile(text, 'cloud-init'), of('document-start', text), CONTEXT) as string;
    expect(fixed).toBe('#cloud-config\n---\npackages: [curl]\n');
    expect(of('document-start', fixed)).toEqual([]);
    const forbidden: Diagnostic = { line: 1, column: 1, severity: 'warning', rule: 'document-start', message: 'found forbidden document start "---"', source: 'yamllint' };
    expect(documentStartFix.apply(yamlFile('---\na: 1\n'), [forbidden], CONTEXT)).toBeUndefined();
  });

  it('trailing-spaces: strips the reported lines, not a block scalar\'s content', () => {
    const text = '---\n# note   \nkey: value \t\ntext: |\n  keep   \n  this\nlist:\n  - a  \n';
    const findings = of('trailing-spaces', text);
    expect(findings.map((d) => d.line)).toEqual([2, 3, 5, 8]);
    const fixed = trailingSpacesFix.apply(yamlFile(text), findings, CONTEXT) as string;
    expect(fixed).toBe('---\n# note\nkey: value\ntext: |\n  keep   \n  this\nlist:\n  - a\n');
    expect(of('trailing-spaces', fixed).map((d) => d.line)).toEqual([5]);
    expect(data(fixed)).toEqual(data(text));
    expect(lineDiff(text, fixed).removed).toEqual(['# note   \n', 'key: value \t\n', '  - a  \n']);
  });

  it('trailing-spaces: only the lines reported; a file that does not parse is not fixed', () => {
    const text = 'a: 1  \nb: 2  \n';
    const fixed = trailingSpacesFix.apply(yamlFile(text), of('trailing-spaces', text).slice(0, 1), CONTEXT);
    expect(fixed).toBe('a: 1\nb: 2  \n');
    expect(trailingSpacesFix.apply(yamlFile('a: [1  \n'), of('trailing-spaces', 'a: [1  \n'), CONTEXT)).toBeUndefined();
  });

  it('new-line-at-end-of-file: adds the file\'s own terminator; a block scalar that would change is not fixed', () => {
    const text = '---\r\n# c\r\na: 1';
    const findings = of('new-line-at-end-of-file', text);
    expect(findings).toHaveLength(1);
    const fixed = newLineAtEndOfFileFix.apply(yamlFile(text), findings, CONTEXT) as string;
    expect(fixed).toBe(`${text}\r\n`);
    expect(of('new-line-at-end-of-file', fixed)).toEqual([]);
    expect(data(fixed)).toEqual(data(text));
    for (const block of ['---\na: |+\n  x', '---\na: |\n  x', '---\na: >\n  x\n  y']) {
      expect(newLineAtEndOfFileFix.apply(yamlFile(block), of('new-line-at-end-of-file', block), CONTEXT)).toBeUndefined();
    }
    expect(newLineAtEndOfFileFix.apply(yamlFile('a: |-\n  x\nb: 1'), [], CONTEXT)).toBe('a: |-\n  x\nb: 1\n');
  });
});
