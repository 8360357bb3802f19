/** Code actions and hovers built from published diagnostics: which findings get a fix, the explain command, the hover. */
import { describe, expect, it } from 'vitest';
import { documentEdit, explainAction, fixableKeys, fixAction, fixTitle, hoverAt, ownRuleIds } from '../../../src/lsp/actions.js';
import { toLspDiagnostic } from '../../../src/lsp/convert.js';
import { explainText } from '../../../src/policy/describe.js';
import { ruleById } from '../../../src/policy/registry.js';

const lines = ['- hosts: all', '  tasks:', '    - name: x   ', '      ansible.builtin.command: echo hi'];
const spaces = toLspDiagnostic({ line: 3, column: 14, severity: 'warning', rule: 'trailing-spaces', message: 'trailing spaces', source: 'yamllint' }, lines);
const syntax = toLspDiagnostic({ line: 4, column: 7, severity: 'error', rule: 'syntax', message: 'broken', source: 'yamllint' }, lines);
const command = toLspDiagnostic({ line: 3, column: 5, severity: 'warning', rule: 'ansible-command-not-idempotent', message: 'command', source: 'iacgen' }, lines);

describe('fixableKeys', () => {
  it('keeps the findings a safe fix repairs for the file type', () => {
    expect(fixableKeys([spaces, syntax], lines, 'ansible-playbook').map((f) => f.key.rule)).toEqual(['trailing-spaces']);
    expect(fixableKeys([spaces], lines, undefined)).toEqual([]);
    expect(fixableKeys([{ ...spaces, source: 'other-server' }], lines, 'ansible-playbook')).toEqual([]);
  });
});

describe('fix actions', () => {
  it('names the finding, or counts them, and carries the edit or the data to resolve it', () => {
    const key = { checker: 'yamllint', rule: 'trailing-spaces', line: 3, column: 14 };
    expect(fixTitle([key])).toBe('iacgen: fix yamllint/trailing-spaces');
    expect(fixTitle([key, key])).toBe('iacgen: fix 2 findings');
    const edit = documentEdit('file:///x.yml', 3, [], false);
    expect(edit).toEqual({ changes: { 'file:///x.yml': [] } });
    expect(documentEdit('file:///x.yml', 3, [], true)).toEqual({ documentChanges: [{ textDocument: { uri: 'file:///x.yml', version: 3 }, edits: [] }] });
    expect(fixAction([spaces], [key], edit)).toMatchObject({ kind: 'quickfix', edit, diagnostics: [spaces] });
    const data = { uri: 'file:///x.yml', version: 3, keys: [key] };
    const lazy = fixAction([spaces], [key], data);
    expect(lazy.data).toEqual(data);
    expect(lazy.edit).toBeUndefined();
  });
});

describe('explain', () => {
  it("offers the command for iacgen's own rules only", () => {
    expect(ownRuleIds([spaces, command, command], lines)).toEqual(['ansible-command-not-idempotent']);
    expect(explainAction('ansible-command-not-idempotent').command).toEqual({ title: 'iacgen explain ansible-command-not-idempotent', command: 'iacgen.explain', arguments: ['ansible-command-not-idempotent'] });
  });

  it('hovers with the rule explanation inside the finding range, in markdown or plain text', () => {
    const text = explainText(ruleById('ansible-command-not-idempotent')!);
    const plain = hoverAt({ line: 2, character: 14 }, [spaces, command], false);
    expect(plain).toEqual({ contents: { kind: 'plaintext', value: text }, range: command.range });
    expect(hoverAt({ line: 2, character: 10 }, [command], true)?.contents).toEqual({ kind: 'markdown', value: `**iacgen explain**\n\n${text}` });
    expect(hoverAt({ line: 2, character: 2 }, [command], true)).toBeUndefined();
    expect(hoverAt({ line: 2, character: 14 }, [spaces], true)).toBeUndefined();
  });
});
