/** The comment guard: comments read per syntax, compared as multisets of their trimmed texts. */
import { describe, expect, it } from 'vitest';
import { commentTexts, lostComments } from '../../../src/fix/comments.js';

describe('commentTexts', () => {
  it('reads HCL #, // and /* */ comments, not a "/*" or "#" inside a string', () => {
    const hcl = 'a = "x # y /* z */" # one\nb = 2 // two\n/* three\n   four */\nc = 3\n';
    expect(commentTexts(hcl, 'terraform').sort()).toEqual(['four', 'one', 'three', 'two']);
  });

  it('reads shell comments after a blank only (not ${#x} or a#b)', () => {
    expect(commentTexts('#!/bin/bash\necho ${#x} a#b # real\n', 'shell')).toEqual(['!/bin/bash', 'real']);
  });

  it('reads YAML and Python comments', () => {
    expect(commentTexts('# top\nkey: "a # b" # end\n', 'yaml')).toEqual(['top', 'end']);
    expect(commentTexts('x = "#no"  # yes\n', 'python')).toEqual(['yes']);
  });
});

describe('lostComments', () => {
  it('lets a comment move and its blanks change', () => {
    expect(lostComments('if x; then\n\techo hi   # say hi\nfi\n', 'if x; then\n  echo hi # say hi\nfi\n', 'shell')).toEqual([]);
  });

  it('finds a dropped comment, counting duplicates, and a rewritten one', () => {
    expect(lostComments('# a\n# a\nk: 1\n', '# a\nk: 1\n', 'yaml')).toEqual(['a']);
    expect(lostComments('k: 1 # TODO fix\n', 'k: 1 # todo fix\n', 'yaml')).toEqual(['TODO fix']);
    expect(lostComments('/* gone */\nx = 1\n', 'x = 1\n', 'terraform')).toEqual(['gone']);
  });
});
