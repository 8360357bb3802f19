// The version job of a Python worker (`python-worker.ts`, CommandCall.versionArgs): the text it
// brings is the very text of the tool's own version command (the result cache compares the two
// byte for byte), with and without the sandbox, and asking for it changes no verdict.
import { afterEach, describe, expect, it } from 'vitest';
import { versionText } from '../../src/check/cache/tool.js';
import { ansibleLintBatch } from '../../src/check/checkers/ansible-lint-batch.js';
import { ansibleSyntaxBatch } from '../../src/check/checkers/ansible-syntax-batch.js';
import { resolveInvocation } from '../../src/check/probe.js';
import { probeSandbox, useSandbox } from '../../src/check/sandbox.js';
import type { CallResult, CommandChecker } from '../../src/check/types.js';
import { haveTools, tempDir, writeTree } from '../helpers.js';

const PLAYBOOKS = {
  'good.yml': '- name: Good\n  hosts: localhost\n  gather_facts: false\n  tasks:\n    - name: Ping\n      ansible.builtin.ping:\n',
  'bad.yml': '- name: Bad\n  hosts: localhost\n  tasks:\n    - name: Unknown\n      no_such_module_here:\n',
};

/** A call's verdicts without its timing or its route. */
function verdicts(result: CallResult) {
  return { diagnostics: result.parsed.diagnostics, failure: result.parsed.failure, errors: result.parsed.errors };
}

afterEach(() => useSandbox(undefined));

describe.skipIf(!haveTools('ansible-playbook', 'ansible-lint'))('a Python worker brings its tool\'s version', () => {
  for (const [name, checker] of [
    ['ansible-playbook (syntax check)', ansibleSyntaxBatch],
    ['ansible-lint', ansibleLintBatch],
  ] as Array<[string, CommandChecker]>) {
    for (const sandboxed of [false, true]) {
      it(`${name}${sandboxed ? ', in the sandbox' : ''}: the same text as its version command, the same verdicts`, async () => {
        if (sandboxed) {
          const probe = await probeSandbox(process.env, { remembered: false });
          expect(probe.status).toBe('on');
          if (probe.status === 'on') useSandbox({ bwrap: probe.bwrap });
        }
        const cwd = tempDir('iacgen-worker-version-');
        writeTree(cwd, PLAYBOOKS);
        const invocation = await resolveInvocation(checker);
        expect(invocation).toBeDefined();
        if (!invocation || !checker.run) return;
        const call = { files: ['bad.yml', 'good.yml'], cwd, invocation, timeoutMs: 180_000 };
        const expected = await versionText(checker, invocation, cwd);
        expect(expected).toMatch(/\d+\.\d+/);
        const asked = await checker.run({ ...call, versionArgs: invocation.versionArgs });
        expect(asked.versionText).toBe(expected);
        const plain = await checker.run(call);
        expect(plain.versionText).toBeUndefined();
        expect(verdicts(asked)).toEqual(verdicts(plain));
        expect(asked.parsed.diagnostics.some((d) => d.file === 'bad.yml')).toBe(true);
      }, 240_000);
    }
  }
});
