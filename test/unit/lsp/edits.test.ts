/** A fix as the smallest LSP text edits; applied, they give the fixed text. */
import { describe, expect, it } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { textEdits } from '../../../src/lsp/edits.js';

const apply = (original: string, fixed: string) => TextDocument.applyEdits(TextDocument.create('file:///x', 'yaml', 1, original), textEdits(original, fixed));

describe('textEdits', () => {
  it('is empty for equal texts', () => {
    expect(textEdits('a\n', 'a\n')).toEqual([]);
  });

  it('edits only what differs inside a changed line', () => {
    expect(textEdits('a: 1\nname: x   \nb: 2\n', 'a: 1\nname: x\nb: 2\n')).toEqual([{ range: { start: { line: 1, character: 7 }, end: { line: 1, character: 10 } }, newText: '' }]);
  });

  it('gives one edit per changed place, in order, and they rebuild the fixed text', () => {
    const original = 'version: "3"\nservices:\n  web:\n    image: x  \n';
    const fixed = 'services:\n  web:\n    image: x\n    restart: unless-stopped\n';
    const edits = textEdits(original, fixed);
    expect(edits).toHaveLength(2);
    expect(edits[0]).toEqual({ range: { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } }, newText: '' });
    expect(apply(original, fixed)).toBe(fixed);
  });

  it('handles a missing final line break, CRLF and characters outside the BMP', () => {
    for (const [original, fixed] of [
      ['a: 1', 'a: 1\n'],
      ['---\r\nk: 🚀 \r\n', '---\r\nk: 🚀\r\n'],
      ['k: 🚀🚀', 'k: 🚀😀'],
      ['', 'x\n'],
      ['x\n', ''],
    ]) {
      expect(apply(original as string, fixed as string)).toBe(fixed);
    }
  });
});
