/**
 * The ansible-syntax-check parser on output captured from both generations of ansible-core's
 * display: 2.14.18 (Debian 12) prints `ERROR! ...`, 2.19.11 (Debian 13) and 2.22.0b2 (Debian
 * testing) print `[ERROR]: ...` with `Origin: path:line:col`. Captured with
 * `ansible-playbook --syntax-check FILE` in /tmp/p (the scratch repository of the probe).
 */
import { describe, expect, it } from 'vitest';
import { ansibleMessages } from '../../../src/check/checkers/ansible-output.js';
import { ansibleSyntaxCheck } from '../../../src/check/checkers/ansible-syntax-check.js';
import type { ParsedOutput } from '../../../src/check/types.js';

const CWD = '/tmp/p';

function parse(file: string, exitCode: number, stderr: string, stdout = ''): ParsedOutput {
  return ansibleSyntaxCheck.parse({ stdout, stderr, exitCode, files: [file], cwd: CWD });
}

function brief(parsed: ParsedOutput): string[] {
  return parsed.diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.severity} ${d.rule}`);
}

/** 2.19.11: a YAML error, with the annotated source ansible prints after `Origin:`. */
const YAML_219 =
  "[ERROR]: YAML parsing failed: While parsing a block collection did not find expected '-' indicator.\n" +
  'Origin: /tmp/p/broken-indentation.yml:9:6\n\n' +
  '7       ansible.builtin.debug:\n8         msg: hello\n9      - name: Second task\n       ^ column 6\n\n';

describe('ansible output, both generations', () => {
  it('reads a 2.19 error with its Origin line', () => {
    expect(ansibleMessages(YAML_219)).toEqual([
      {
        level: 'error',
        text: "YAML parsing failed: While parsing a block collection did not find expected '-' indicator.",
        where: { path: '/tmp/p/broken-indentation.yml', line: 9, column: 6 },
      },
    ]);
    const parsed = parse('broken-indentation.yml', 4, YAML_219);
    expect(parsed.failure).toBeUndefined();
    expect(brief(parsed)).toEqual(['broken-indentation.yml:9:6 error syntax-check']);
  });

  it('reads a 2.14 error with "The error appears to be in"', () => {
    const stderr =
      'ERROR! conflicting action statements: ansible.builtin.debug, ansible.builtin.ping\n\n' +
      "The error appears to be in '/tmp/p/two-actions.yml': line 4, column 7, but may\n" +
      'be elsewhere in the file depending on the exact syntax problem.\n\nThe offending line appears to be:\n\n  tasks:\n    - name: Both\n      ^ here\n';
    const parsed = parse('two-actions.yml', 4, stderr);
    expect(brief(parsed)).toEqual(['two-actions.yml:4:7 error syntax-check']);
    expect(parsed.diagnostics[0]?.message).toBe('conflicting action statements: ansible.builtin.debug, ansible.builtin.ping');
  });

  it('keeps the error when a warning comes first (2.19: an unknown collection module)', () => {
    const stderr =
      "[WARNING]: Error loading plugin 'foo.bar.baz': No module named 'ansible_collections.foo'\n" +
      "[ERROR]: couldn't resolve module/action 'foo.bar.baz'. This often indicates a misspelling, missing collection, or incorrect module path.\n" +
      'Origin: /tmp/p/unknown-module.yml:6:7\n\n4   gather_facts: false\n5   tasks:\n6     - name: Call an unknown module\n        ^ column 7\n\n';
    const parsed = parse('unknown-module.yml', 4, stderr);
    expect(brief(parsed)).toEqual(['unknown-module.yml:6:7 error ansible-missing-collection']);
  });

  it('reads the duplicate mapping key warning of 2.19+ (line of the second key, exit 0)', () => {
    const stderr =
      "[WARNING]: Found duplicate mapping key 'name'.\nOrigin: /tmp/p/duplicate-key.yml:7:7\n\n" +
      '5   tasks:\n6     - name: Print a message\n7       name: Print another message\n        ^ column 7\n\nUsing last defined value only.\n\n';
    const parsed = parse('duplicate-key.yml', 0, stderr, '\nplaybook: duplicate-key.yml\n');
    expect(parsed.failure).toBeUndefined();
    expect(brief(parsed)).toEqual(['duplicate-key.yml:7:7 warning duplicate-key']);
    expect(parsed.diagnostics[0]?.message).toBe("found a duplicate mapping key 'name'; using last defined value only");
  });

  it('names a missing role in the 2.19 and the 2.22 wording alike', () => {
    const origin = 'Origin: /tmp/p/missing-role.yml:5:7\n\n3   hosts: all\n4   roles:\n5     - geerlingguy.docker\n        ^ column 7\n\n';
    const v219 = parse('missing-role.yml', 1, "[ERROR]: the role 'geerlingguy.docker' was not found in /tmp/p/roles:/root/.ansible/roles:/tmp/p\n" + origin);
    const v222 = parse('missing-role.yml', 1, "[ERROR]: The role 'geerlingguy.docker' was not found in: /tmp/p/roles:/root/.ansible/roles:/tmp/p\n" + origin);
    expect(brief(v219)).toEqual(['missing-role.yml:5:7 error ansible-missing-role']);
    expect(v222.diagnostics).toEqual(v219.diagnostics);
  });

  it('names a collection role that is not installed as a missing collection', () => {
    const parsed = parse(
      'role-missing-collection.yml',
      1,
      "[ERROR]: The role 'community.foo.bar' was not found in: /tmp/p/roles:/tmp/p\nOrigin: /tmp/p/role-missing-collection.yml:4:7\n\n",
    );
    expect(brief(parsed)).toEqual(['role-missing-collection.yml:4:7 error ansible-missing-collection']);
    expect(parsed.diagnostics[0]?.message).toMatch(/collection `community\.foo` is not installed/);
  });

  it('names a missing included file in the 2.14, 2.19 and 2.22 wordings', () => {
    const v214 =
      'ERROR! Unable to retrieve file contents\nCould not find or access \'/tmp/p/nothere.yml\' on the Ansible Controller.\n' +
      'If you are using a module and expect the file to exist on the remote, see the remote_src option\n';
    const v219 =
      "[ERROR]: Unable to retrieve file contents.\nCould not find or access '/tmp/p/nothere.yml' on the Ansible Controller.\n" +
      "If you are using a module and expect the file to exist on the remote, see the remote_src option: [Errno 2] No such file or directory: '/tmp/p/nothere.yml'\n\n";
    const v222 =
      "[ERROR]: Unable to retrieve file contents. Could not find or access '/tmp/p/nothere.yml' on the Ansible Controller: [Errno 2] No such file or directory: " +
      "'/tmp/p/nothere.yml' If you are using a module and expect the file to exist on the remote, see the remote_src option.\n";
    for (const stderr of [v214, v219, v222]) {
      const parsed = parse('missing-include.yml', 1, stderr);
      expect(brief(parsed)).toEqual(['missing-include.yml:1:1 error ansible-missing-file']);
      expect(parsed.diagnostics[0]?.message).toBe('included file `/tmp/p/nothere.yml` does not exist: create it, or fix the path that names it');
    }
  });

  it('names a missing vault password file in the 2.14 and 2.19+ wordings (the same words in 2.22)', () => {
    const v214 = '[WARNING]: Error getting vault password file (default): The vault password file\n/nonexistent/pass was not found\nERROR! The vault password file /nonexistent/pass was not found\n';
    const v219 = '[WARNING]: Error getting vault password file (default): The vault password file /nonexistent/pass was not found\n[ERROR]: The vault password file /nonexistent/pass was not found\n';
    for (const stderr of [v214, v219]) {
      const parsed = parse('site.yml', 1, stderr);
      expect(brief(parsed)).toEqual(['site.yml:1:1 error ansible-vault-password-missing']);
      expect(parsed.diagnostics[0]?.message).toMatch(/^the vault password file `\/nonexistent\/pass` \(ansible.cfg's vault_password_file\) is not there/);
    }
  });

  it('names a vault password script that fails (2.14 and 2.19+ wordings, the client script too)', () => {
    const v214 = '[WARNING]: Error in vault password file loading (default): Vault password\nscript /tmp/vs/pass.sh returned non-zero (3): None\nERROR! Vault password script /tmp/vs/pass.sh returned non-zero (3): None\n';
    const v222 = '[WARNING]: Error in vault password file loading (default): Vault password script /tmp/vs/pass.sh returned non-zero (3): None\n[ERROR]: Vault password script /tmp/vs/pass.sh returned non-zero (3): None\n';
    for (const stderr of [v214, v222]) {
      const parsed = parse('site.yml', 1, stderr);
      expect(brief(parsed)).toEqual(['site.yml:1:1 error ansible-vault-password-missing']);
      expect(parsed.diagnostics[0]?.message).toMatch(/^the vault password script `\/tmp\/vs\/pass\.sh` .* failed with exit code 3 on this machine/);
    }
    const client = "ERROR! Vault password client script /r/vault-client.sh returned non-zero (1) when getting secret for vault-id=prod: b''\n";
    expect(parse('site.yml', 1, client).diagnostics[0]?.message).toMatch(/^the vault password client script `\/r\/vault-client\.sh`/);
  });

  it('an Origin without a column, or with a description, still gives the line', () => {
    expect(ansibleMessages('[ERROR]: bad\nOrigin: /tmp/p/x.yml:3\n')[0]?.where).toEqual({ path: '/tmp/p/x.yml', line: 3, column: undefined });
    expect(ansibleMessages('[ERROR]: bad\nOrigin: /tmp/p/x.yml:3:2 (a task)\n')[0]?.where).toEqual({ path: '/tmp/p/x.yml', line: 3, column: 2 });
    expect(ansibleMessages('[ERROR]: bad\nOrigin: <unknown>\n')[0]?.where).toEqual({ path: '<unknown>', line: undefined, column: undefined });
  });

  it('an exit code with no message it can read is the checker failure, with the output kept', () => {
    const parsed = parse('x.yml', 4, 'Traceback (most recent call last):\n  File "x", line 1\nKeyError: 1\n');
    expect(parsed.failure).toMatch(/^ansible-playbook failed without an error message it could read \(exit code 4\): Traceback/);
  });
});
