/**
 * Unit tests of each checker's output parser, on outputs captured from real runs
 * (yamllint 1.29.0, ansible-core 2.14.18, ansible-lint 6.13.1, bash 5.2.15, ShellCheck 0.9.0,
 * Python 3.11.7) in a scratch repository at /tmp/repo, plus edge cases.
 */
import { describe, expect, it } from 'vitest';
import { ansibleLint } from '../../../src/check/checkers/ansible-lint.js';
import { ansibleSyntaxCheck } from '../../../src/check/checkers/ansible-syntax-check.js';
import { bashSyntax } from '../../../src/check/checkers/bash-syntax.js';
import { PYTHON_COMPILE_SCRIPT, pythonCompile } from '../../../src/check/checkers/python-compile.js';
import { shellcheck } from '../../../src/check/checkers/shellcheck.js';
import { yamllint } from '../../../src/check/checkers/yamllint.js';
import { CHECKERS, checkersFor } from '../../../src/check/registry.js';
import type { CommandChecker, CheckerOutput, ParsedOutput } from '../../../src/check/types.js';

const CWD = '/tmp/repo';

function run(checker: CommandChecker, output: Partial<CheckerOutput> & Pick<CheckerOutput, 'files'>): ParsedOutput {
  return checker.parse({ stdout: '', stderr: '', exitCode: 0, cwd: CWD, ...output });
}

/** Shorthand for the fields the contract test compares. */
function brief(parsed: ParsedOutput): string[] {
  return parsed.diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.severity} ${d.rule}`);
}

describe('registry', () => {
  it('lists each checker once, with its id as the diagnostic source', () => {
    const ids = CHECKERS.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual([
      'yaml-parse', 'yamllint', 'ansible-syntax-check', 'ansible-lint', 'ansible-inventory', 'compose-schema', 'compose-config',
      'dockerfile-utils', 'bash-syntax', 'shellcheck', 'shfmt', 'python-compile', 'pyflakes',
      'terraform-fmt', 'terraform-validate', 'hcl-parse', 'terraform-schema', 'json-parse', 'toml-parse',
    ]);
  });

  it('selects checkers by file type', () => {
    expect(checkersFor('ansible-playbook').map((c) => c.id)).toEqual(['yamllint', 'ansible-syntax-check', 'ansible-lint']);
    expect(checkersFor('ansible-inventory').map((c) => c.id)).toEqual(['yamllint', 'ansible-inventory']);
    expect(checkersFor('ansible-inventory-ini').map((c) => c.id)).toEqual(['ansible-inventory']);
    expect(checkersFor('dockerfile').map((c) => c.id)).toEqual(['dockerfile-utils']);
    expect(checkersFor('yaml').map((c) => c.id)).toEqual(['yaml-parse', 'yamllint']);
    expect(checkersFor('compose').map((c) => c.id)).toEqual(['yamllint', 'compose-schema', 'compose-config']);
    expect(checkersFor('shell').map((c) => c.id)).toEqual(['bash-syntax', 'shellcheck', 'shfmt']);
    expect(checkersFor('python').map((c) => c.id)).toEqual(['python-compile', 'pyflakes']);
    expect(checkersFor('terraform').map((c) => c.id)).toEqual(['terraform-fmt', 'terraform-validate', 'hcl-parse', 'terraform-schema']);
    expect(checkersFor('json').map((c) => c.id)).toEqual(['json-parse']);
    expect(checkersFor('toml').map((c) => c.id)).toEqual(['toml-parse']);
    expect(checkersFor('env')).toEqual([]);
  });
});

describe('yamllint parser', () => {
  const files = ['yamllint/bad/duplicate-key.yml', 'yamllint/bad/syntax.yml', 'yamllint/bad/warnings.yml'];
  const stdout =
    'yamllint/bad/duplicate-key.yml:5:5: [error] duplication of key "image" in mapping (key-duplicates)\n' +
    "yamllint/bad/syntax.yml:3:5: [error] syntax error: expected ',' or ']', but got ':' (syntax)\n" +
    'yamllint/bad/warnings.yml:1:1: [warning] missing document start "---" (document-start)\n' +
    'yamllint/bad/warnings.yml:1:10: [warning] truthy value should be one of [false, true] (truthy)\n';

  it('parses errors, syntax errors and warnings', () => {
    const parsed = run(yamllint, { files, stdout, exitCode: 1 });
    expect(parsed.failure).toBeUndefined();
    expect(brief(parsed)).toEqual([
      'yamllint/bad/duplicate-key.yml:5:5 error key-duplicates',
      'yamllint/bad/syntax.yml:3:5 error syntax',
      'yamllint/bad/warnings.yml:1:1 warning document-start',
      'yamllint/bad/warnings.yml:1:10 warning truthy',
    ]);
    expect(parsed.diagnostics[0]).toEqual({
      file: 'yamllint/bad/duplicate-key.yml',
      line: 5,
      column: 5,
      severity: 'error',
      rule: 'key-duplicates',
      message: 'duplication of key "image" in mapping',
      source: 'yamllint',
    });
    expect(parsed.diagnostics[3]?.message).toBe('truthy value should be one of [false, true]');
  });

  it('accepts empty output on exit 0', () => {
    expect(run(yamllint, { files: ['yamllint/good/compose.yml'] })).toEqual({ diagnostics: [] });
  });

  it('maps an absolute path back to the file argument', () => {
    const parsed = run(yamllint, { files: ['a.yml'], stdout: '/tmp/repo/a.yml:2:1: [error] x (indentation)\n', exitCode: 1 });
    expect(parsed.diagnostics[0]?.file).toBe('a.yml');
  });

  it('fails on garbage output', () => {
    expect(run(yamllint, { files, stdout: 'Traceback (most recent call last):\n', exitCode: 1 }).failure).toMatch(/unreadable/);
  });

  it('fails on exit 1 without findings', () => {
    expect(run(yamllint, { files, exitCode: 1 }).failure).toBeDefined();
  });

  it('leaves an unexpected exit code (255, missing file) to the ok-exit-code check', () => {
    const parsed = run(yamllint, {
      files: ['yamllint/missing.yml'],
      stderr: "[Errno 2] No such file or directory: 'yamllint/missing.yml'\n",
      exitCode: 255,
    });
    expect(parsed.diagnostics).toEqual([]);
    expect(yamllint.okExitCodes).not.toContain(255);
  });
});

describe('ansible-syntax-check parser', () => {
  it('parses an unknown module, located on the checked playbook', () => {
    const parsed = run(ansibleSyntaxCheck, {
      files: ['ansible-syntax-check/bad/unknown-module.yml'],
      exitCode: 4,
      stderr:
        "ERROR! couldn't resolve module/action 'foo.bar.baz'. This often indicates a misspelling, missing collection, or incorrect module path.\n" +
        '\n' +
        "The error appears to be in '/tmp/repo/ansible-syntax-check/bad/unknown-module.yml': line 6, column 7, but may\n" +
        'be elsewhere in the file depending on the exact syntax problem.\n' +
        '\n' +
        'The offending line appears to be:\n' +
        '\n' +
        '  tasks:\n' +
        '    - name: Call an unknown module\n' +
        '      ^ here\n',
    });
    expect(parsed).toEqual({
      diagnostics: [
        {
          file: 'ansible-syntax-check/bad/unknown-module.yml',
          line: 6,
          column: 7,
          severity: 'error',
          rule: 'ansible-missing-collection',
          message:
            'module `foo.bar.baz` cannot be resolved: collection `foo.bar` is not installed (run `ansible-galaxy collection install -r requirements.yml` or `ansible-galaxy collection install foo.bar`), or the module name is misspelled',
          source: 'ansible-syntax-check',
        },
      ],
    });
  });

  it('names a missing role and the fix; keeps a misspelled builtin module as syntax-check', () => {
    const role = run(ansibleSyntaxCheck, {
      files: ['site.yml'],
      exitCode: 1,
      stderr:
        "ERROR! the role 'geerlingguy.docker' was not found in /tmp/exp/roles:/root/.ansible/roles:/usr/share/ansible/roles:/etc/ansible/roles:/tmp/exp\n\n" +
        "The error appears to be in '/tmp/exp/site.yml': line 5, column 7, but may\nbe elsewhere in the file depending on the exact syntax problem.\n",
    });
    expect(role.diagnostics).toEqual([
      expect.objectContaining({ line: 5, rule: 'ansible-missing-role', message: expect.stringMatching(/^role `geerlingguy\.docker` is not installed: run `ansible-galaxy install -r requirements\.yml`/) }),
    ]);
    const typo = run(ansibleSyntaxCheck, {
      files: ['site.yml'],
      exitCode: 4,
      stderr: "ERROR! couldn't resolve module/action 'ansible.builtin.packagee'. This often indicates a misspelling, missing collection, or incorrect module path.\n",
    });
    expect(typo.diagnostics).toEqual([expect.objectContaining({ rule: 'syntax-check' })]);
  });

  it('uses the YAML part of a "neither JSON nor YAML" error', () => {
    const parsed = run(ansibleSyntaxCheck, {
      files: ['ansible-syntax-check/bad/broken-indentation.yml'],
      exitCode: 4,
      stderr:
        'ERROR! We were unable to read either as JSON nor YAML, these are the errors we got from each:\n' +
        'JSON: Expecting value: line 1 column 1 (char 0)\n' +
        '\n' +
        'Syntax Error while loading YAML.\n' +
        "  did not find expected '-' indicator\n" +
        '\n' +
        "The error appears to be in '/tmp/repo/ansible-syntax-check/bad/broken-indentation.yml': line 9, column 6, but may\n" +
        'be elsewhere in the file depending on the exact syntax problem.\n' +
        '\n' +
        'The offending line appears to be:\n' +
        '\n' +
        '        msg: hello\n' +
        '     - name: Second task\n' +
        '     ^ here\n',
    });
    expect(brief(parsed)).toEqual(['ansible-syntax-check/bad/broken-indentation.yml:9:6 error syntax-check']);
    expect(parsed.diagnostics[0]?.message).toBe("Syntax Error while loading YAML. did not find expected '-' indicator");
  });

  it('turns a wrapped duplicate-key warning into a warning (exit 0)', () => {
    const parsed = run(ansibleSyntaxCheck, {
      files: ['ansible-syntax-check/bad/duplicate-key.yml'],
      exitCode: 0,
      stdout: '\nplaybook: ansible-syntax-check/bad/duplicate-key.yml\n',
      stderr:
        '[WARNING]: While constructing a mapping from /tmp/repo/ansible-syntax-\n' +
        'check/bad/duplicate-key.yml, line 6, column 7, found a duplicate dict key\n' +
        '(name). Using last defined value only.\n',
    });
    expect(parsed.failure).toBeUndefined();
    expect(brief(parsed)).toEqual(['ansible-syntax-check/bad/duplicate-key.yml:6:7 warning duplicate-key']);
    expect(parsed.diagnostics[0]?.message).toBe("found a duplicate mapping key 'name'; using last defined value only");
  });

  it('finds the duplicate-key warning wherever ansible wrapped it', () => {
    const cwd = '/tmp/iacgen-contract-ansible-syntax-check-tYF4yS';
    const parsed = ansibleSyntaxCheck.parse({
      files: ['bad/duplicate-key.yml'],
      cwd,
      exitCode: 0,
      stdout: '\nplaybook: bad/duplicate-key.yml\n',
      stderr:
        '[WARNING]: While constructing a mapping from /tmp/iacgen-contract-ansible-\n' +
        'syntax-check-tYF4yS/bad/duplicate-key.yml, line 6, column 7, found a duplicate\n' +
        'dict key (name). Using last defined value only.\n',
    });
    expect(brief(parsed)).toEqual(['bad/duplicate-key.yml:6:7 warning duplicate-key']);
    expect(parsed.diagnostics[0]?.message).not.toContain('(in ');
  });

  it('names the other file when ansible located the problem elsewhere', () => {
    const parsed = run(ansibleSyntaxCheck, {
      files: ['site.yml'],
      exitCode: 4,
      stderr: "ERROR! oops\n\nThe error appears to be in '/tmp/repo/roles/web/tasks/main.yml': line 3, column 3, but may\n",
    });
    expect(brief(parsed)).toEqual(['site.yml:3:3 error syntax-check']);
    expect(parsed.diagnostics[0]?.message).toBe('oops (in /tmp/repo/roles/web/tasks/main.yml)');
  });

  it('reports an ERROR! without a location at line 1 (exit 1)', () => {
    const parsed = run(ansibleSyntaxCheck, {
      files: ['ansible-syntax-check/missing.yml'],
      exitCode: 1,
      stderr: 'ERROR! the playbook: ansible-syntax-check/missing.yml could not be found\n',
    });
    expect(brief(parsed)).toEqual(['ansible-syntax-check/missing.yml:1:1 error syntax-check']);
    expect(parsed.diagnostics[0]?.message).toBe('the playbook: ansible-syntax-check/missing.yml could not be found');
  });

  it('accepts a clean playbook', () => {
    const stdout = '\nplaybook: ansible-syntax-check/good/site.yml\n';
    expect(run(ansibleSyntaxCheck, { files: ['ansible-syntax-check/good/site.yml'], stdout })).toEqual({ diagnostics: [] });
  });

  it('fails on exit 1 or 4 without an ERROR! line (empty or garbage output)', () => {
    const files = ['site.yml'];
    expect(run(ansibleSyntaxCheck, { files, exitCode: 4 }).failure).toBeDefined();
    expect(run(ansibleSyntaxCheck, { files, exitCode: 1, stderr: 'Traceback (most recent call last):\n' }).failure).toBeDefined();
  });

  it('does not accept exit 5 (bad options) or 250 (crash)', () => {
    expect(ansibleSyntaxCheck.okExitCodes).toEqual([0, 1, 4]);
  });
});

describe('ansible-lint parser', () => {
  const files = ['ansible-lint/bad/command.yml', 'ansible-lint/bad/truthy.yml'];
  const stdout =
    '[{"type": "issue", "check_name": "fqcn[action-core]", "categories": ["formatting"], "url": "https://ansible-lint.readthedocs.io/rules/fqcn/", "severity": "major", "level": "error", "description": "Use FQCN for builtin module actions (command).", "fingerprint": "d322bcdc86729ddf425b51d6087c454c88ed38bd0b88f0dd83a0b2c3bee446ec", "location": {"path": "ansible-lint/bad/command.yml", "lines": {"begin": 6}}, "content": {"body": "Use `ansible.builtin.command` or `ansible.legacy.command` instead."}}, ' +
    '{"type": "issue", "check_name": "no-changed-when", "categories": ["command-shell", "idempotency"], "url": "https://ansible-lint.readthedocs.io/rules/no-changed-when/", "severity": "critical", "level": "error", "description": "Commands should not change things if nothing needs doing.", "fingerprint": "ae12e18b5c000dd991c478e23c18aedb3c7ba471f3c66e6985a3896a01d98276", "location": {"path": "ansible-lint/bad/command.yml", "lines": {"begin": 6}}, "content": {"body": "Task/Handler: Print the date"}}, ' +
    '{"type": "issue", "check_name": "yaml[truthy]", "categories": ["formatting", "yaml"], "url": "https://ansible-lint.readthedocs.io/rules/yaml/", "severity": "info", "level": "error", "description": "Truthy value should be one of \\\\[false, true]", "fingerprint": "d8826c82dbb1bd9c0ecbd432f96067b92e331ec0b65c6a1a3ddc5681d9e362d1", "location": {"path": "ansible-lint/bad/truthy.yml", "lines": {"begin": 4}}}]\n';

  it('parses Code Climate issues; level wins over severity', () => {
    const parsed = run(ansibleLint, { files, stdout, exitCode: 2 });
    expect(parsed.failure).toBeUndefined();
    expect(brief(parsed)).toEqual([
      'ansible-lint/bad/command.yml:6:1 error fqcn[action-core]',
      'ansible-lint/bad/command.yml:6:1 error no-changed-when',
      'ansible-lint/bad/truthy.yml:4:1 error yaml[truthy]',
    ]);
    expect(parsed.diagnostics.map((d) => d.message)).toEqual([
      'Use FQCN for builtin module actions (command). Use `ansible.builtin.command` or `ansible.legacy.command` instead.',
      'Commands should not change things if nothing needs doing. Task/Handler: Print the date',
      'Truthy value should be one of [false, true]',
    ]);
    expect(parsed.diagnostics.every((d) => d.source === 'ansible-lint')).toBe(true);
  });

  it('maps level warning and, without level, the Code Climate severity', () => {
    const out =
      '[{"type": "issue", "check_name": "jinja[spacing]", "categories": ["formatting"], "url": "https://ansible-lint.readthedocs.io/rules/jinja/", "severity": "minor", "level": "warning", "description": "Jinja2 spacing could be improved: echo {{foo}} | cat -> echo {{ foo }} | cat", "fingerprint": "92dc91ac8cc4b660a666ffc14c4e80a770964660e5f1dcced172435aacf04b4e", "location": {"path": "yamlish.yml", "lines": {"begin": 8}}, "content": {"body": "Jinja2 template rewrite recommendation: `echo {{ foo }} | cat`."}}]\n';
    expect(brief(run(ansibleLint, { files: ['yamlish.yml'], stdout: out }))).toEqual(['yamlish.yml:8:1 warning jinja[spacing]']);
    const noLevel = (severity: string): string =>
      `[{"check_name": "x", "description": "d", "severity": "${severity}", "location": {"path": "a.yml", "lines": {"begin": 2}}}]`;
    const severities = ['blocker', 'critical', 'major', 'minor', 'info'].map(
      // Exit 0: the mapping alone (exit 2 with no error finding would make them errors: strict).
      (s) => run(ansibleLint, { files: ['a.yml'], stdout: noLevel(s), exitCode: 0 }).diagnostics[0]?.severity,
    );
    expect(severities).toEqual(['error', 'error', 'error', 'warning', 'info']);
  });

  it('reads positions (line and column) and the first line of a multi-line body', () => {
    const positions =
      '[{"type": "issue", "check_name": "syntax-check[specific]", "categories": ["core", "unskippable"], "url": "https://ansible-lint.readthedocs.io/rules/syntax-check/", "severity": "blocker", "level": "error", "description": "couldn\'t resolve module/action \'foo.bar.baz\'. This often indicates a misspelling, missing collection, or incorrect module path.", "fingerprint": "0c7ad47d2d218951a6833b9d3c2d2a785636a1e12998acb240700d75894518ff", "location": {"path": "ansible-lint/unknown.yml", "positions": {"begin": {"line": 6, "column": 7}}}}]\n';
    const p = run(ansibleLint, { files: ['ansible-lint/unknown.yml'], stdout: positions, exitCode: 2 });
    expect(brief(p)).toEqual(['ansible-lint/unknown.yml:6:7 error syntax-check[specific]']);
    const loadFailure =
      '[{"type": "issue", "check_name": "load-failure", "categories": ["core", "unskippable"], "url": "https://ansible-lint.readthedocs.io/rules/load-failure/", "severity": "blocker", "level": "error", "description": "Failed to load YAML file", "fingerprint": "331bcef0c090bfbd9fc85006ee22b1edb9bac8db425264eea4cda40ef083218e", "location": {"path": "broken.yml", "lines": {"begin": 1}}, "content": {"body": "while parsing a block collection\\n  in \\"<unicode string>\\", line 5, column 5\\ndid not find expected \'-\' indicator\\n  in \\"<unicode string>\\", line 8, column 6"}}]\n';
    const l = run(ansibleLint, { files: ['broken.yml'], stdout: loadFailure, exitCode: 2 });
    expect(l.diagnostics[0]?.message).toBe('Failed to load YAML file while parsing a block collection');
    // The position is where the YAML parser stopped, not the line 1 of the location.
    expect(brief(l)).toEqual(['broken.yml:8:6 error load-failure']);
  });

  it('accepts an empty list on exit 0', () => {
    expect(run(ansibleLint, { files: ['ansible-lint/good/site.yml'], stdout: '[]\n' })).toEqual({ diagnostics: [] });
  });

  it('fails on empty output, garbage, or exit 2 without issues', () => {
    expect(run(ansibleLint, { files, stdout: '' }).failure).toMatch(/unreadable/);
    expect(run(ansibleLint, { files, stdout: 'WARNING  Listing 1 violation(s)\n', exitCode: 2 }).failure).toMatch(/unreadable/);
    expect(run(ansibleLint, { files, stdout: '[{"check_name": 1}]' }).failure).toMatch(/unreadable/);
    expect(run(ansibleLint, { files, stdout: '[]\n', exitCode: 2 }).failure).toBeDefined();
  });

  it('fails on a usage error (exit 2, usage on stderr) and rejects exit 3 (invalid config)', () => {
    const stderr = 'usage: ansible-lint [-h] [-P | -L | -T]\nansible-lint: error: unrecognized arguments: --bogus\n';
    expect(run(ansibleLint, { files, stderr, exitCode: 2 }).failure).toMatch(/usage: ansible-lint/);
    expect(ansibleLint.okExitCodes).not.toContain(3);
  });
});

describe('bash-syntax parser', () => {
  it('parses an unclosed if (exit 2)', () => {
    const parsed = run(bashSyntax, {
      files: ['bash-syntax/bad/unclosed-if.sh'],
      exitCode: 2,
      stderr: 'bash-syntax/bad/unclosed-if.sh: line 8: syntax error: unexpected end of file\n',
    });
    expect(parsed).toEqual({
      diagnostics: [
        {
          file: 'bash-syntax/bad/unclosed-if.sh',
          line: 8,
          column: 1,
          severity: 'error',
          rule: 'syntax',
          message: 'syntax error: unexpected end of file',
          source: 'bash-syntax',
        },
      ],
    });
  });

  it('folds the echoed source line into the previous message', () => {
    const parsed = run(bashSyntax, {
      files: ['bash-syntax/bad/unexpected-token.sh'],
      exitCode: 2,
      stderr:
        "bash-syntax/bad/unexpected-token.sh: line 3: syntax error near unexpected token `)'\n" +
        "bash-syntax/bad/unexpected-token.sh: line 3: `restart )'\n",
    });
    expect(brief(parsed)).toEqual(['bash-syntax/bad/unexpected-token.sh:3:1 error syntax']);
    expect(parsed.diagnostics[0]?.message).toBe("syntax error near unexpected token `)' in `restart )'");
  });

  it('turns a bash warning into a warning (exit 0)', () => {
    const parsed = run(bashSyntax, {
      files: ['bash-syntax/bad/heredoc.sh'],
      stderr:
        "bash-syntax/bad/heredoc.sh: line 2: warning: here-document at line 1 delimited by end-of-file (wanted `EOF')\n",
    });
    expect(brief(parsed)).toEqual(['bash-syntax/bad/heredoc.sh:2:1 warning syntax']);
  });

  it('accepts empty output on exit 0', () => {
    expect(run(bashSyntax, { files: ['ok.sh'] })).toEqual({ diagnostics: [] });
  });

  it('fails on a missing file (exit 127) and on garbage with exit 2', () => {
    const missing = run(bashSyntax, {
      files: ['bash-syntax/missing.sh'],
      exitCode: 127,
      stderr: 'bash: bash-syntax/missing.sh: No such file or directory\n',
    });
    expect(missing.failure).toMatch(/No such file/);
    expect(run(bashSyntax, { files: ['x.sh'], exitCode: 2, stderr: 'garbage\n' }).failure).toBeDefined();
  });
});

describe('shellcheck parser', () => {
  const files = ['shellcheck/bad/unclosed-if.sh', 'shellcheck/bad/unquoted.sh'];
  const stdout =
    '{"comments":[{"file":"shellcheck/bad/unquoted.sh","line":5,"endLine":5,"column":4,"endColumn":6,"level":"info","code":2086,"message":"Double quote to prevent globbing and word splitting.","fix":{"replacements":[{"column":4,"endColumn":4,"endLine":5,"insertionPoint":"afterEnd","line":5,"precedence":7,"replacement":"\\""},{"column":6,"endColumn":6,"endLine":5,"insertionPoint":"beforeStart","line":5,"precedence":7,"replacement":"\\""}]}},' +
    '{"file":"shellcheck/bad/unclosed-if.sh","line":4,"endLine":4,"column":1,"endColumn":1,"level":"error","code":1046,"message":"Couldn\'t find \'fi\' for this \'if\'.","fix":null},' +
    '{"file":"shellcheck/bad/unclosed-if.sh","line":4,"endLine":4,"column":1,"endColumn":1,"level":"error","code":1073,"message":"Couldn\'t parse this if expression. Fix to allow more checks.","fix":null},' +
    '{"file":"shellcheck/bad/unclosed-if.sh","line":8,"endLine":8,"column":1,"endColumn":1,"level":"error","code":1047,"message":"Expected \'fi\' matching previously mentioned \'if\'.","fix":null},' +
    '{"file":"shellcheck/bad/unclosed-if.sh","line":8,"endLine":8,"column":1,"endColumn":1,"level":"error","code":1072,"message":"Expected \'fi\'. Fix any mentioned problems and try again.","fix":null}]}\n';

  it('parses json1 comments', () => {
    const parsed = run(shellcheck, { files, stdout, exitCode: 1 });
    expect(parsed.failure).toBeUndefined();
    expect(brief(parsed)).toEqual([
      'shellcheck/bad/unquoted.sh:5:4 info SC2086',
      'shellcheck/bad/unclosed-if.sh:4:1 error SC1046',
      'shellcheck/bad/unclosed-if.sh:4:1 error SC1073',
      'shellcheck/bad/unclosed-if.sh:8:1 error SC1047',
      'shellcheck/bad/unclosed-if.sh:8:1 error SC1072',
    ]);
    expect(parsed.diagnostics[0]?.message).toBe('Double quote to prevent globbing and word splitting.');
  });

  it('maps style to info', () => {
    const style =
      '{"comments":[{"file":"style.sh","line":2,"endLine":2,"column":5,"endColumn":11,"level":"style","code":2006,"message":"Use $(...) notation instead of legacy backticks `...`.","fix":{"replacements":[{"column":5,"endColumn":6,"endLine":2,"insertionPoint":"afterEnd","line":2,"precedence":8,"replacement":"$("},{"column":10,"endColumn":11,"endLine":2,"insertionPoint":"beforeStart","line":2,"precedence":8,"replacement":")"}]}}]}';
    expect(brief(run(shellcheck, { files: ['style.sh'], stdout: style, exitCode: 1 }))).toEqual(['style.sh:2:5 info SC2006']);
  });

  it('accepts no comments on exit 0', () => {
    expect(run(shellcheck, { files: ['ok.sh'], stdout: '{"comments":[]}' })).toEqual({ diagnostics: [] });
  });

  it('still parses the JSON on exit 2 (a file could not be read), which is not an ok exit code', () => {
    const parsed = run(shellcheck, {
      files: ['shellcheck/good/deploy.sh', 'shellcheck/missing.sh'],
      exitCode: 2,
      stdout: '{"comments":[]}\n',
      stderr: 'shellcheck/missing.sh: shellcheck/missing.sh: openBinaryFile: does not exist (No such file or directory)\n',
    });
    expect(parsed).toEqual({ diagnostics: [] });
    expect(shellcheck.okExitCodes).toEqual([0, 1]);
  });

  it('fails on empty output, garbage, or exit 1 without comments', () => {
    expect(run(shellcheck, { files, stdout: '' }).failure).toMatch(/unreadable/);
    expect(run(shellcheck, { files, stdout: 'In x.sh line 1:', exitCode: 1 }).failure).toMatch(/unreadable/);
    expect(run(shellcheck, { files, stdout: '{"comments":[]}', exitCode: 1 }).failure).toBeDefined();
  });
});

describe('python-compile parser', () => {
  const files = [
    'python-compile/bad/syntax_error.py',
    'python-compile/bad/null_bytes.py',
    'python-compile/missing.py',
    'python-compile/good/app.py',
  ];
  const stdout =
    '[{"file": "python-compile/bad/syntax_error.py", "line": 7, "column": 12, "message": "SyntaxError: invalid syntax"}, ' +
    '{"file": "python-compile/bad/null_bytes.py", "line": 1, "column": 1, "message": "SyntaxError: source code string cannot contain null bytes"}, ' +
    '{"file": "python-compile/missing.py", "line": 1, "column": 1, "message": "cannot read file: No such file or directory"}]\n';

  it('parses syntax errors, null bytes and unreadable files', () => {
    const parsed = run(pythonCompile, { files, stdout });
    expect(parsed.failure).toBeUndefined();
    expect(brief(parsed)).toEqual([
      'python-compile/bad/syntax_error.py:7:12 error syntax-error',
      'python-compile/bad/null_bytes.py:1:1 error syntax-error',
      'python-compile/missing.py:1:1 error syntax-error',
    ]);
    expect(parsed.diagnostics[2]?.message).toBe('cannot read file: No such file or directory');
  });

  it('accepts an empty list', () => {
    expect(run(pythonCompile, { files: ['python-compile/good/app.py'], stdout: '[]\n' })).toEqual({ diagnostics: [] });
  });

  it('fails on empty output, garbage and a traceback (exit 1)', () => {
    expect(run(pythonCompile, { files, stdout: '' }).failure).toMatch(/unreadable/);
    expect(run(pythonCompile, { files, stdout: '{"file": "x"}' }).failure).toMatch(/unreadable/);
    const crash = run(pythonCompile, { files, exitCode: 1, stderr: 'Traceback (most recent call last):\n  File "<string>", line 2\n' });
    expect(crash.failure).toMatch(/Traceback/);
    expect(pythonCompile.okExitCodes).toEqual([0]);
  });

  it('never runs the files: compile only, isolated, no bytecode', () => {
    expect(pythonCompile.args.slice(0, 3)).toEqual(['-B', '-I', '-c']);
    expect(PYTHON_COMPILE_SCRIPT).toContain("compile(source, path, 'exec', dont_inherit=True)");
    expect(PYTHON_COMPILE_SCRIPT).not.toMatch(/\b(exec|eval|runpy|import_module|__import__)\(/);
  });
});
