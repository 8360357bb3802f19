/**
 * ansible-lint's parser on real Code Climate outputs of 6.13.1 (Debian 12), 25.2.1 (Debian 13) and
 * 26.4.0 (Debian testing), captured in `fixtures/checkers/ansible-lint/codeclimate/` (see its
 * README), and `callUngated`'s re-runs (gates by base name, a whole-call failure split per file).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { CallResult } from '../../../src/check/call.js';
import { EXIT_CODES, LINTED_EXIT_CODES } from '../../../src/check/checkers/ansible-lint-data.js';
import { ANSIBLE_LINT_PROVEN, callUngated } from '../../../src/check/checkers/ansible-lint-batch.js';
import { ansibleLint, baseRule } from '../../../src/check/checkers/ansible-lint.js';
import type { CommandCall } from '../../../src/check/checkers/python-worker.js';
import type { ParsedDiagnostic, ParsedOutput } from '../../../src/check/types.js';
import { GITIGNORE_ENTRIES } from '../../../src/commands/init.js';
import { REPO_ROOT } from '../../helpers.js';

const CAPTURED = path.join(REPO_ROOT, 'fixtures', 'checkers', 'ansible-lint', 'codeclimate');
const captureSchema = z.object({ ansibleLint: z.string(), args: z.array(z.string()), exitCode: z.number(), stdout: z.string() });

function captured(name: string): z.infer<typeof captureSchema> {
  return captureSchema.parse(JSON.parse(readFileSync(path.join(CAPTURED, name), 'utf8')));
}

function parse(stdout: string, files: string[], exitCode: number): ParsedOutput {
  return ansibleLint.parse({ stdout, stderr: '', exitCode, files, cwd: '/repo' });
}

function brief(parsed: ParsedOutput): string[] {
  return parsed.diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.severity} ${baseRule(d.rule)}`);
}

const VERSIONS = ['6.13.1', '25.2.1', '26.4.0'];

describe('ansible-lint parser on real outputs of each version', () => {
  it('has a capture of both cases for every version', () => {
    expect(readdirSync(CAPTURED).filter((f) => f.endsWith('.json')).sort()).toEqual(
      VERSIONS.flatMap((v) => [`${v}-load-failure.json`, `${v}-syntax-check-and-truthy.json`]).sort(),
    );
  });

  it.each(VERSIONS)('%s: a load failure is an error at the parser position, the call exits 2', (version) => {
    const c = captured(`${version}-load-failure.json`);
    expect(c.ansibleLint).toContain(version);
    expect(c.exitCode).toBe(2);
    const parsed = parse(c.stdout, c.args, c.exitCode);
    expect(parsed.failure).toBeUndefined();
    // 6.13.1 and 25.2.1: line 1 in the location, the position in the body; 26.4.0: in `positions`.
    expect(brief(parsed)).toEqual(['badyaml.yml:5:6 error load-failure']);
    // 25+ print "minor" for it (an unloadable rule) yet exit 2: still an error, full id kept.
    expect(parsed.diagnostics[0]?.rule).toMatch(version === '6.13.1' ? /^load-failure$/ : /^load-failure\[(runtimeerror|yaml)\]$/);
  });

  it.each(VERSIONS)('%s: an unknown module is a syntax-check error; 25+ also lint the clean files', (version) => {
    const c = captured(`${version}-syntax-check-and-truthy.json`);
    expect(c.exitCode).toBe(2);
    const parsed = parse(c.stdout, c.args, c.exitCode);
    expect(parsed.failure).toBeUndefined();
    const want = ['unknown.yml:5:7 error syntax-check'];
    // 6.13.1 stops phase 2 for the whole call (so `callUngated` lints truthy.yml again); 25+ do not.
    if (version !== '6.13.1') want.push('truthy.yml:4:1 error yaml');
    expect(brief(parsed).sort()).toEqual(want.sort());
    expect(parsed.diagnostics.find((d) => d.file === 'unknown.yml')?.rule).toBe(version === '25.2.1' || version === '26.4.0' ? 'syntax-check[unknown-module]' : 'syntax-check[specific]');
  });

  it('exit 0 with an unloadable rule (named in the warn list) makes it a warning', () => {
    // The 25.2.1 capture, as ansible-lint prints it when `warn_list: [load-failure]`: same list, exit 0.
    const c = captured('25.2.1-load-failure.json');
    expect(brief(parse(c.stdout, c.args, 0))).toEqual(['badyaml.yml:5:6 warning load-failure']);
  });

  it('exit 2 with only warnings (strict) makes them errors', () => {
    const stdout = JSON.stringify([{ check_name: 'jinja[spacing]', description: 'd', severity: 'minor', location: { path: 'a.yml', lines: { begin: 3 } } }]);
    expect(brief(parse(stdout, ['a.yml'], 2))).toEqual(['a.yml:3:1 error jinja']);
    expect(brief(parse(stdout, ['a.yml'], 0))).toEqual(['a.yml:3:1 warning jinja']);
  });

  it('exit 5 (25+: no file analysed) skips the files; other documented codes fail, named', () => {
    expect(parse('', ['a.yml', 'b.yml'], 5)).toEqual({ diagnostics: [], skipped: { 'a.yml': expect.stringContaining('NO_FILES_MATCHED'), 'b.yml': expect.stringContaining('NO_FILES_MATCHED') } });
    expect(parse('', ['a.yml'], 3).failure).toMatch(/INVALID_CONFIG/);
    expect(parse('', ['a.yml'], 4).failure).toMatch(/LOCK_TIMEOUT/);
    expect(parse('', ['a.yml'], 1).failure).toMatch(/unknown exit code \(exit code 1\)/);
    expect(parse('usage: ansible-lint', ['a.yml'], 2).failure).toMatch(/unreadable ansible-lint output/);
    expect(LINTED_EXIT_CODES).toEqual([0, 2, 5]);
    // 1 reaches the parser (a configuration ansible-lint refuses), which fails the call otherwise.
    expect(ansibleLint.okExitCodes).toEqual([0, 1, 2, 5]);
    expect(EXIT_CODES.map((r) => r.majors)).toEqual([[6, 6], [25, 26]]);
  });

  it('exit 1 refusing the repository configuration skips every file with the cause; an unknown traceback still fails', () => {
    const refused = "Rule 'load-failure' is unskippable, you cannot use it in 'skip_list' or 'warn_list'. Still, you could exclude the file.";
    const got = parse(refused, ['a.yml', 'b.yml'], 1);
    expect(got.failure).toBeUndefined();
    expect(Object.keys(got.skipped ?? {})).toEqual(['a.yml', 'b.yml']);
    expect(got.skipped?.['a.yml']).toMatch(/^ansible-lint refuses the repository's configuration: rule `load-failure`/);
    const crash = 'Traceback (most recent call last):\n  File "/usr/bin/ansible-lint", line 8, in <module>\nKeyError: x';
    expect(parse(crash, ['a.yml'], 1).failure).toMatch(/unknown exit code \(exit code 1\)/);
  });

  it('an internal-error wrapping a syntax check that could not run gives ansible\'s own error (a missing vault password)', () => {
    // The structure ansible-lint 6.13.1 printed for a playbook of a repository whose ansible.cfg names a missing vault password file.
    const body = '[WARNING]: Error getting vault password file (default): The vault password file\n/home/x/.vault_pass was not found\nERROR! The vault password file /home/x/.vault_pass was not found\n';
    const stdout = JSON.stringify([{ check_name: 'internal-error', severity: 'blocker', level: 'error', description: 'Unexpected error code 1 from execution of: ansible-playbook -i localhost, --syntax-check site.yml', location: { path: 'site.yml', lines: { begin: 1 } }, content: { body } }]);
    const parsed = parse(stdout, ['site.yml'], 2);
    expect(parsed.diagnostics.map((d) => [d.rule, d.message])).toEqual([['internal-error', 'The vault password file /home/x/.vault_pass was not found']]);
    const other = JSON.stringify([{ check_name: 'internal-error', severity: 'blocker', level: 'error', description: 'Unexpected exception in rule x', location: { path: 'site.yml', lines: { begin: 1 } }, content: { body: 'Traceback ...' } }]);
    expect(parse(other, ['site.yml'], 2).diagnostics[0]?.message).toBe('Unexpected exception in rule x Traceback ...');
  });

  it('compares rule ids by base name', () => {
    expect(['load-failure[yaml]', 'syntax-check[unknown-module]', 'yaml', 'fqcn[action-core]'].map(baseRule)).toEqual(['load-failure', 'syntax-check', 'yaml', 'fqcn']);
    expect(ANSIBLE_LINT_PROVEN).toEqual({ distribution: 'ansible-lint', from: '6.13', through: '26.4' });
  });

  it("iacgen init's .gitignore lists the cache ansible-lint 25+ may leave", () => {
    expect(GITIGNORE_ENTRIES).toContain('.ansible/');
  });
});

/** One finding for `callUngated`'s attempts. */
function finding(file: string, rule: string): ParsedDiagnostic {
  return { file, line: 1, column: 1, severity: 'error', rule, message: rule, source: 'ansible-lint' };
}

function call(files: string[]): CommandCall {
  return { files, cwd: '/repo', invocation: { command: 'ansible-lint', args: [] }, timeoutMs: 60_000 };
}

describe('callUngated', () => {
  it('lints the others again without a file gated by a subtagged rule, keeping its findings', async () => {
    const calls: string[][] = [];
    const result = await callUngated(call(['a.yml', 'b.yml', 'c.yml']), async (c): Promise<CallResult> => {
      calls.push(c.files);
      if (c.files.includes('b.yml')) return { durationMs: 1, parsed: { diagnostics: [finding('b.yml', 'load-failure[yaml]')] } };
      return { durationMs: 1, parsed: { diagnostics: [finding('a.yml', 'yaml[truthy]')] } };
    });
    expect(calls).toEqual([['a.yml', 'b.yml', 'c.yml'], ['a.yml', 'c.yml']]);
    expect(result.parsed.diagnostics.map((d) => `${d.file} ${d.rule}`)).toEqual(['b.yml load-failure[yaml]', 'a.yml yaml[truthy]']);
  });

  it('splits a call that failed as a whole: the crashing file gets its error, the others their verdicts', async () => {
    const result = await callUngated(call(['a.yml', 'crash.yml', 'c.yml']), async (c): Promise<CallResult> => {
      if (c.files.includes('crash.yml')) return { durationMs: 1, raw: 'Traceback', parsed: { diagnostics: [], failure: 'ansible-lint failed: unknown exit code (exit code 1)' } };
      return { durationMs: 1, parsed: { diagnostics: c.files.includes('c.yml') ? [finding('c.yml', 'name[missing]')] : [] } };
    });
    expect(result.parsed.failure).toBeUndefined();
    expect(result.parsed.errors).toEqual({ 'crash.yml': { reason: 'ansible-lint failed: unknown exit code (exit code 1)', output: 'Traceback' } });
    expect(result.parsed.diagnostics.map((d) => `${d.file} ${d.rule}`)).toEqual(['c.yml name[missing]']);
  });

  it('an invalid configuration or a time-out fails the whole call, without re-runs', async () => {
    let count = 0;
    const result = await callUngated(call(['a.yml', 'b.yml']), async (): Promise<CallResult> => {
      count += 1;
      return { durationMs: 1, parsed: { diagnostics: [], failure: 'ansible-lint failed: RC.INVALID_CONFIG (exit code 3)' } };
    });
    expect(count).toBe(1);
    expect(result.parsed.failure).toMatch(/INVALID_CONFIG/);
  });
});
