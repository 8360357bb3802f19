/**
 * pyflakes: its parser on output captured from pyflakes 2.5.0 (Python 3.11.2), the severity
 * table against every message of `pyflakes/messages.py`, and, where installed, a real run that
 * must not execute the checked code.
 */
import { mkdtemp, readdir, realpath, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import which from 'which';
import { describe, expect, it } from 'vitest';
import { pyflakes } from '../../../src/check/checkers/pyflakes.js';
import { runChecks } from '../../../src/check/runner.js';
import type { CheckerOutput, ParsedOutput } from '../../../src/check/types.js';

const CWD = '/tmp/repo';

function run(output: Partial<CheckerOutput> & Pick<CheckerOutput, 'files'>): ParsedOutput {
  return pyflakes.parse({ stdout: '', stderr: '', exitCode: 0, cwd: CWD, ...output });
}

function brief(parsed: ParsedOutput): string[] {
  return parsed.diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.severity} ${d.rule}`);
}

/** Captured: `pyflakes3 good/inventory.py bad/undefined.py bad/syntax.py` in the fixtures. */
const STDOUT =
  "bad/undefined.py:1:1: 'os' imported but unused\n" +
  "bad/undefined.py:6:15: undefined name 'HOSTS'\n" +
  "bad/undefined.py:6:5: local variable 'address' is assigned to but never used\n" +
  "bad/undefined.py:7:5: local variable 'unused' is assigned to but never used\n" +
  "bad/undefined.py:8:40: undefined name 'adress'\n";
const STDERR = "bad/syntax.py:2:12: '{' was never closed\n    return {\"lab\": [\"web\", \"db\"]\n           ^\n";

describe('pyflakes parser', () => {
  it('parses findings from stdout; a file with a syntax error is skipped, not reported twice', () => {
    const files = ['good/inventory.py', 'bad/undefined.py', 'bad/syntax.py'];
    const parsed = run({ files, stdout: STDOUT, stderr: STDERR, exitCode: 1 });
    expect(parsed.failure).toBeUndefined();
    expect(brief(parsed)).toEqual([
      'bad/undefined.py:1:1 warning unused-import',
      'bad/undefined.py:6:15 error undefined-name',
      'bad/undefined.py:6:5 warning unused-variable',
      'bad/undefined.py:7:5 warning unused-variable',
      'bad/undefined.py:8:40 error undefined-name',
    ]);
    expect(parsed.skipped).toEqual({ 'bad/syntax.py': 'not analysed: syntax error at line 2 (reported by python-compile)' });
    expect(parsed.diagnostics[1]).toEqual({
      file: 'bad/undefined.py',
      line: 6,
      column: 15,
      severity: 'error',
      rule: 'undefined-name',
      message: "undefined name 'HOSTS'",
      source: 'pyflakes',
    });
  });

  it('reads paths with colons, lines without a column, and undecodable files', () => {
    const files = ['odd:name.py', 'nul.py', './-dash.py'];
    const parsed = run({
      files,
      stdout: "odd:name.py:3:1: 'sys' imported but unused\n./-dash.py:1:1: 'os' imported but unused\n",
      stderr: 'odd:name.py:9: unexpected EOF while parsing\nnul.py: problem decoding source\n',
      exitCode: 1,
    });
    expect(brief(parsed)).toEqual([
      'odd:name.py:3:1 warning unused-import',
      './-dash.py:1:1 warning unused-import',
      'nul.py:1:1 error unreadable',
    ]);
    expect(parsed.skipped).toEqual({ 'odd:name.py': 'not analysed: syntax error at line 9 (reported by python-compile)' });
  });

  it('fails on exit 1 with nothing it can read', () => {
    expect(run({ files: ['a.py'], stderr: 'Traceback (most recent call last):\n', exitCode: 1 }).failure).toMatch(/printed none/);
    expect(run({ files: ['a.py'] })).toEqual({ diagnostics: [] });
  });

  it('maps every pyflakes 2.5.0 message to a severity', () => {
    const cases: Array<[string, 'error' | 'warning', string]> = [
      ["'os' imported but unused", 'warning', 'unused-import'],
      ["redefinition of unused 'f' from line 1", 'warning', 'redefined-while-unused'],
      ["import 'x' from line 1 shadowed by loop variable", 'warning', 'import-shadowed-by-loop-var'],
      ["'from typing import *' used; unable to detect undefined names", 'warning', 'import-star-used'],
      ["'x' may be undefined, or defined from star imports: typing", 'warning', 'import-star-usage'],
      ["dictionary key 'a' repeated with different values", 'warning', 'multi-value-repeated-key'],
      ["local variable 'y' is assigned to but never used", 'warning', 'unused-variable'],
      ["local variable 'y' is annotated but never used", 'warning', 'unused-annotation'],
      ["'if tuple literal' is always true, perhaps remove accidental comma?", 'warning', 'if-tuple'],
      ['assertion is always true, perhaps remove parentheses?', 'warning', 'assert-tuple'],
      ['use ==/!= to compare constant literals (str, bytes, int, float, tuple)', 'warning', 'is-literal'],
      ['f-string is missing placeholders', 'warning', 'f-string-missing-placeholders'],
      ["'...'.format(...) has unused arguments at position(s): 1", 'warning', 'string-format-unused-arguments'],
      ["'...' % ... has unused named argument(s): b", 'warning', 'percent-format-extra-named-arguments'],
      ["undefined name 'x'", 'error', 'undefined-name'],
      ["undefined name 'x' in __all__", 'error', 'undefined-export'],
      ["local variable 'x' defined in enclosing scope on line 1 referenced before assignment", 'error', 'undefined-local'],
      ["duplicate argument 'a' in function definition", 'error', 'duplicate-argument'],
      ["'from os import *' only allowed at module level", 'error', 'import-star-not-permitted'],
      ['from __future__ imports must occur at the beginning of the file', 'error', 'late-future-import'],
      ['future feature nope is not defined', 'error', 'future-feature-not-defined'],
      ["'return' outside function", 'error', 'outside-function'],
      ["'break' outside loop", 'error', 'outside-loop'],
      ["'continue' not supported inside 'finally' clause", 'error', 'continue-in-finally'],
      ["default 'except:' must be last", 'error', 'default-except-not-last'],
      ['two starred expressions in assignment', 'error', 'starred-assignment'],
      ["syntax error in forward annotation 'List['", 'error', 'annotation-syntax-error'],
      ["'raise NotImplemented' should be 'raise NotImplementedError'", 'error', 'raise-not-implemented'],
      ['use of >> is invalid with print function', 'error', 'invalid-print-syntax'],
      ["'...'.format(...) is missing argument(s) for placeholder(s): 1", 'error', 'string-format'],
      ["'...' % ... has 2 placeholder(s) but 1 substitution(s)", 'error', 'percent-format'],
      ['some message from a newer pyflakes', 'warning', 'pyflakes'],
    ];
    const stdout = cases.map(([message], i) => `a.py:${i + 1}:1: ${message}\n`).join('');
    const parsed = run({ files: ['a.py'], stdout, exitCode: 1 });
    expect(parsed.diagnostics.map((d) => [d.message, d.severity, d.rule])).toEqual(cases);
  });
});

const installed = which.sync('pyflakes3', { nothrow: true }) !== null;

describe.skipIf(!installed)('pyflakes never executes the code it checks (real pyflakes3)', () => {
  it('checks a script that writes a marker when run, and no marker or bytecode appears', async () => {
    const dir = await realpath(await mkdtemp(path.join(os.tmpdir(), 'iacgen-pyflakes-')));
    try {
      await writeFile(path.join(dir, 'evil.py'), "import pathlib\npathlib.Path('pwned').write_text('ran')\nprint(undefined_name)\n");
      const target = { absPath: path.join(dir, 'evil.py'), type: 'python' as const };
      const { byFile } = await runChecks([target], { cwd: dir, checkers: [pyflakes], versions: false });
      expect(byFile.get(target.absPath)?.diagnostics).toEqual([
        expect.objectContaining({ line: 3, severity: 'error', rule: 'undefined-name', source: 'pyflakes' }),
      ]);
      expect(await readdir(dir)).toEqual(['evil.py']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
