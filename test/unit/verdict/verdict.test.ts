/**
 * The verdict layer on fake results (our own logic): severity by consequence, named causes,
 * check statuses, one copy of a finding, and what fails a run.
 */
import { describe, expect, it } from 'vitest';
import type { CheckRecord, Diagnostic, FileResult, ValidationResult } from '../../../src/check/types.js';
import { applyVerdict, mapSeverity } from '../../../src/verdict/apply.js';
import { nameCause } from '../../../src/verdict/causes.js';
import { dedupe } from '../../../src/verdict/dedupe.js';
import { fails, failsRun } from '../../../src/verdict/fail-on.js';
import { CONSEQUENCES, consequenceOf, ENVIRONMENT_RULES } from '../../../src/verdict/table.js';

function diag(source: string, rule: string, severity: Diagnostic['severity'], line = 1, message = `${rule} message`): Diagnostic {
  return { line, column: 1, severity, rule, message, source };
}

function file(checks: CheckRecord[], diagnostics: Diagnostic[]): FileResult {
  return { absPath: '/repo/site.yml', type: 'ansible-playbook', checks, diagnostics };
}

const none = { own: new Set<string>() };

describe('the consequence table', () => {
  it.each([
    ['yamllint', 'syntax', 'defect'],
    ['yamllint', 'key-duplicates', 'defect'],
    ['yamllint', 'line-length', 'style'],
    ['yamllint', 'trailing-spaces', 'style'],
    ['ansible-lint', 'syntax-check[specific]', 'defect'],
    ['ansible-lint', 'syntax-check[unknown-module]', 'defect'],
    ['ansible-lint', 'load-failure', 'defect'],
    ['ansible-lint', 'load-failure[yaml]', 'defect'],
    ['ansible-lint', 'parser-error', 'defect'],
    ['ansible-lint', 'internal-error', 'defect'],
    ['ansible-lint', 'schema[playbook]', 'defect'],
    ['ansible-lint', 'fqcn[action-core]', 'style'],
    ['ansible-lint', 'name[play]', 'style'],
    ['ansible-lint', 'no-free-form', 'style'],
    ['ansible-lint', 'yaml[line-length]', 'style'],
    ['ansible-lint', 'risky-file-permissions', 'style'],
    ['ansible-lint', 'no-changed-when', 'style'],
    ['ansible-lint', 'ansible-missing-role', 'environment'],
    ['ansible-syntax-check', 'syntax-check', 'defect'],
    ['ansible-syntax-check', 'ansible-missing-collection', 'environment'],
    ['ansible-syntax-check', 'ansible-module-unavailable', 'environment'],
    ['compose-config', 'compose-missing-env-file', 'environment'],
    ['compose-config', 'config', undefined],
    ['shellcheck', 'SC2086', 'defect'],
    ['shfmt', 'format', 'style'],
    ['shfmt', 'parse', 'defect'],
    ['terraform-fmt', 'fmt', 'style'],
    ['terraform-fmt', 'syntax', 'defect'],
    ['yamllint', 'checker-failed', 'defect'],
    ['iacgen', 'header-missing', undefined],
  ])('%s %s -> %s', (checker, rule, consequence) => {
    expect(consequenceOf(checker, rule)).toBe(consequence);
  });

  it('takes ansible-lint 6.x schema findings for style (its bundled schemas reject valid plays), later ones for defects', () => {
    expect(consequenceOf('ansible-lint', 'schema[playbook]', '6.13.1')).toBe('style');
    expect(consequenceOf('ansible-lint', 'schema[playbook]', '25.2.1')).toBe('defect');
    expect(consequenceOf('ansible-lint', 'schema[playbook]', '26.4.0')).toBe('defect');
    // Version unknown: the row about older versions does not apply.
    expect(consequenceOf('ansible-lint', 'schema[playbook]')).toBe('defect');
    expect(mapSeverity(diag('ansible-lint', 'schema[playbook]', 'error'), { ...none, versions: { 'ansible-lint': '6.13.1' } }).severity).toBe('warning');
    expect(mapSeverity(diag('ansible-lint', 'schema[playbook]', 'error'), { ...none, versions: { 'ansible-lint': '26.4.0' } }).severity).toBe('error');
  });

  it('names the source of every fact', () => {
    for (const row of CONSEQUENCES) expect(row.source.length).toBeGreaterThan(10);
  });
});

describe('severity by consequence', () => {
  it('makes a style error a warning and keeps the checker severity beside it', () => {
    expect(mapSeverity(diag('yamllint', 'line-length', 'error'), none)).toEqual({ ...diag('yamllint', 'line-length', 'error'), severity: 'warning', checkerSeverity: 'error' });
    expect(mapSeverity(diag('ansible-lint', 'fqcn[action-core]', 'error'), none).severity).toBe('warning');
    expect(mapSeverity(diag('terraform-fmt', 'fmt', 'error'), none).severity).toBe('warning');
  });

  it("keeps the checker's severity when the repository configures that checker", () => {
    expect(mapSeverity(diag('yamllint', 'line-length', 'error'), { own: new Set(['yamllint']) }).severity).toBe('error');
    expect(mapSeverity(diag('ansible-lint', 'fqcn[action-core]', 'error'), { own: new Set(['ansible-lint']) }).severity).toBe('error');
    // Another checker's configuration changes nothing.
    expect(mapSeverity(diag('ansible-lint', 'fqcn[action-core]', 'error'), { own: new Set(['yamllint']) }).severity).toBe('warning');
  });

  it('never lowers a defect, whatever the configuration', () => {
    for (const d of [diag('yamllint', 'syntax', 'error'), diag('yamllint', 'key-duplicates', 'error'), diag('ansible-lint', 'load-failure[yaml]', 'error'), diag('shellcheck', 'SC1009', 'error'), diag('yamllint', 'checker-failed', 'error')]) {
      expect(mapSeverity(d, none)).toBe(d);
    }
  });

  it('makes a missing environment a warning, and an error under --strict', () => {
    const missing = diag('ansible-syntax-check', 'ansible-missing-role', 'error');
    expect(mapSeverity(missing, none).severity).toBe('warning');
    expect(mapSeverity(missing, { ...none, strict: true })).toBe(missing);
  });
});

describe('named causes', () => {
  it("gives ansible-lint's syntax-check on a missing role the rule and fix of ansible-playbook's", () => {
    const d = diag('ansible-lint', 'syntax-check[specific]', 'error', 5, "the role 'geerlingguy.docker' was not found in /repo/roles:/root/.ansible/roles");
    expect(nameCause(d)).toMatchObject({ rule: 'ansible-missing-role', message: expect.stringContaining('ansible-galaxy role install geerlingguy.docker'), source: 'ansible-lint', line: 5 });
  });

  it("names a missing vault password in ansible-lint's internal-error (its wrapped syntax check)", () => {
    const d = diag('ansible-lint', 'internal-error', 'error', 1, 'The vault password file /home/x/.vault_pass was not found');
    expect(nameCause(d)).toMatchObject({ rule: 'ansible-vault-password-missing', message: expect.stringContaining('point ANSIBLE_VAULT_PASSWORD_FILE at') });
    // Another internal error stays one.
    expect(nameCause(diag('ansible-lint', 'internal-error', 'error', 1, 'Unexpected exception in rule x')).rule).toBe('internal-error');
  });

  it("names an included file ansible-lint 25 cannot find (load-failure[filenotfounderror]) as a missing file", () => {
    const d = diag('ansible-lint', 'load-failure[filenotfounderror]', 'error', 1, "[Errno 2] No such file or directory: '/r/roles/a/roles/common/tasks/notify.yml'");
    expect(nameCause(d)).toMatchObject({ rule: 'ansible-missing-file', message: expect.stringContaining('`/r/roles/a/roles/common/tasks/notify.yml` cannot be found') });
  });

  it('names a missing collection for a module (ansible-lint 25+ syntax-check[unknown-module])', () => {
    const d = diag('ansible-lint', 'syntax-check[unknown-module]', 'error', 5, "couldn't resolve module/action 'community.docker.docker_container'. This often indicates a misspelling, missing collection, or incorrect module path.");
    expect(nameCause(d)).toMatchObject({ rule: 'ansible-missing-collection', message: expect.stringContaining('ansible-galaxy collection install community.docker') });
  });

  it('names a builtin module that this ansible-core does not have, with the installed version', () => {
    const d = diag('ansible-lint', 'syntax-check[specific]', 'error', 5, "couldn't resolve module/action 'ansible.builtin.deb822_repository'. This often indicates a misspelling, missing collection, or incorrect module path.");
    const named = nameCause(d, '2.14.18');
    expect(named.rule).toBe('ansible-module-unavailable');
    expect(named.message).toContain('is not in ansible-core 2.14.18, the installed one; it came in ansible-core 2.15: upgrade ansible-core');
    // A short name of a builtin module too; an unknown builtin name stays a syntax error (a typo).
    expect(nameCause({ ...d, message: "couldn't resolve module/action 'deb822_repository'." }).rule).toBe('ansible-module-unavailable');
    expect(nameCause({ ...d, message: "couldn't resolve module/action 'ansible.builtin.aptt'." }).rule).toBe('syntax-check[specific]');
  });

  it('leaves every other diagnostic alone', () => {
    const d = diag('ansible-lint', 'syntax-check[specific]', 'error', 3, "conflicting action statements: ansible.builtin.debug, ansible.builtin.ping");
    expect(nameCause(d)).toBe(d);
    const y = diag('yamllint', 'syntax', 'error', 3, "the role 'x' was not found in /r");
    expect(nameCause(y)).toBe(y);
  });

  it('lists every environment rule once', () => {
    expect(new Set(ENVIRONMENT_RULES).size).toBe(ENVIRONMENT_RULES.length);
  });
});

describe('check status from the mapped findings', () => {
  it('passes (with warnings) a check whose only errors became warnings, keeping the checker verdict', () => {
    const result = applyVerdict(file([{ checker: 'ansible-lint', status: 'fail', durationMs: 5 }], [diag('ansible-lint', 'fqcn[action-core]', 'error', 5)]), none);
    expect(result.checks).toEqual([{ checker: 'ansible-lint', status: 'pass', durationMs: 5, checkerStatus: 'fail' }]);
    expect(result.diagnostics[0]?.severity).toBe('warning');
  });

  it('skips a check stopped by a missing environment, with the cause as the reason; fails it under --strict', () => {
    const input = file([{ checker: 'ansible-syntax-check', status: 'fail', durationMs: 5 }], [diag('ansible-syntax-check', 'ansible-missing-role', 'error', 5, 'role `x` is not installed: run `ansible-galaxy role install x`')]);
    const lenient = applyVerdict(input, none);
    expect(lenient.checks[0]).toEqual({ checker: 'ansible-syntax-check', status: 'skipped', durationMs: 5, reason: 'ansible-missing-role: role `x` is not installed: run `ansible-galaxy role install x`', checkerStatus: 'fail' });
    const strict = applyVerdict(input, { ...none, strict: true });
    expect(strict.checks[0]).toEqual({ checker: 'ansible-syntax-check', status: 'fail', durationMs: 5 });
    expect(strict.diagnostics[0]?.severity).toBe('error');
  });

  it('keeps fail when a defect remains beside a style finding, and leaves skipped and error checks alone', () => {
    const result = applyVerdict(
      file(
        [
          { checker: 'yamllint', status: 'fail', durationMs: 1 },
          { checker: 'shellcheck', status: 'skipped', durationMs: 0, reason: 'not installed' },
          { checker: 'ansible-lint', status: 'error', durationMs: 1, reason: 'crashed' },
        ],
        [diag('yamllint', 'line-length', 'error', 2), diag('yamllint', 'syntax', 'error', 9), diag('ansible-lint', 'checker-failed', 'error')],
      ),
      none,
    );
    expect(result.checks.map((c) => c.status)).toEqual(['fail', 'skipped', 'error']);
    expect(result.checks[0]?.checkerStatus).toBeUndefined();
  });

  it('leaves a failure it cannot explain as the checker said', () => {
    const check: CheckRecord = { checker: 'compose-config', status: 'fail', durationMs: 1 };
    expect(applyVerdict(file([check], []), none).checks[0]).toBe(check);
  });
});

describe('one copy of a finding', () => {
  it("merges ansible-lint's yaml[rule] into yamllint's rule on the same line, naming both", () => {
    const out = dedupe([diag('yamllint', 'trailing-spaces', 'warning', 7), diag('ansible-lint', 'yaml[trailing-spaces]', 'error', 7), diag('ansible-lint', 'yaml[trailing-spaces]', 'error', 8)]);
    expect(out).toEqual([
      { ...diag('yamllint', 'trailing-spaces', 'error', 7), agreed: ['yamllint', 'ansible-lint'] },
      diag('ansible-lint', 'yaml[trailing-spaces]', 'error', 8),
    ]);
  });

  it("merges iacgen's YAML parse error into yamllint's syntax error of the same file, even on another line", () => {
    const out = dedupe([diag('yaml-parse', 'syntax', 'error', 216), diag('yamllint', 'syntax', 'error', 217)]);
    expect(out).toEqual([{ ...diag('yamllint', 'syntax', 'error', 217), agreed: ['yamllint', 'yaml-parse'] }]);
    // A yaml-parse warning is not a load failure: kept apart.
    const warning = [diag('yaml-parse', 'syntax', 'warning', 3), diag('yamllint', 'syntax', 'error', 9)];
    expect(dedupe(warning)).toEqual(warning);
  });

  it('keeps different rules and different lines apart', () => {
    const input = [diag('yamllint', 'line-length', 'warning', 7), diag('ansible-lint', 'yaml[trailing-spaces]', 'warning', 7), diag('ansible-lint', 'yaml[line-length]', 'warning', 6)];
    expect(dedupe(input)).toEqual(input);
  });

  it("merges ansible-lint's load failure into ansible-playbook's on the same file, the named cause kept", () => {
    const syntax = diag('ansible-syntax-check', 'ansible-missing-role', 'warning', 5);
    const lint = diag('ansible-lint', 'ansible-missing-role', 'warning', 5);
    expect(dedupe([lint, syntax])).toEqual([{ ...syntax, agreed: ['ansible-syntax-check', 'ansible-lint'] }]);
    expect(dedupe([syntax, diag('ansible-lint', 'syntax-check[specific]', 'error', 1)])).toEqual([{ ...syntax, severity: 'error', agreed: ['ansible-syntax-check', 'ansible-lint'] }]);
  });

  it('merges a YAML syntax error reported by yamllint, ansible-playbook and ansible-lint on one line', () => {
    const out = dedupe([diag('yamllint', 'syntax', 'error', 8), diag('ansible-syntax-check', 'syntax-check', 'error', 8), diag('ansible-lint', 'load-failure[yaml]', 'error', 8)]);
    expect(out).toEqual([{ ...diag('ansible-syntax-check', 'syntax-check', 'error', 8), agreed: ['ansible-syntax-check', 'yamllint', 'ansible-lint'] }]);
  });

  it("never merges one checker's findings with each other, nor other checkers'", () => {
    const input = [diag('ansible-lint', 'load-failure', 'error', 3), diag('ansible-lint', 'syntax-check[specific]', 'error', 4), diag('shellcheck', 'SC1009', 'error', 3), diag('iacgen', 'header-missing', 'warning', 3)];
    expect(dedupe(input)).toEqual(input);
  });
});

describe('--fail-on', () => {
  const result = (severities: Diagnostic['severity'][]): ValidationResult => ({
    cwd: '/repo',
    checkers: [],
    durationMs: 1,
    files: [file([], severities.map((s, i) => diag('yamllint', 'x', s, i + 1)))],
  });

  it('fails on errors by default, and on warnings too with warning', () => {
    expect(failsRun(result(['warning', 'info']))).toBe(false);
    expect(failsRun(result(['warning', 'info']), 'warning')).toBe(true);
    expect(failsRun(result(['info']), 'warning')).toBe(false);
    expect(failsRun(result(['error']), 'error')).toBe(true);
    expect(fails('info', 'warning')).toBe(false);
  });
});

describe('one copy of a duplicated key', () => {
  it("keeps yamllint's key-duplicates when ansible (2.19+) warns on the same line, with the highest severity", () => {
    const out = dedupe([diag('ansible-syntax-check', 'duplicate-key', 'warning', 19), diag('yamllint', 'key-duplicates', 'error', 19), diag('ansible-lint', 'yaml[key-duplicates]', 'warning', 19)]);
    expect(out).toEqual([{ ...diag('yamllint', 'key-duplicates', 'error', 19), agreed: ['yamllint', 'ansible-syntax-check', 'ansible-lint'] }]);
  });
});
