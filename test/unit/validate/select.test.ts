/** `--shard`'s value (`validate/select.ts`). */
import { describe, expect, it } from 'vitest';
import { parseShard } from '../../../src/validate/select.js';

describe('parseShard', () => {
  it('reads i/n with 1 <= i <= n', () => {
    expect(parseShard('1/3')).toEqual({ index: 1, count: 3 });
    expect(parseShard(' 3 / 3 ')).toEqual({ index: 3, count: 3 });
    expect(parseShard('1/1')).toEqual({ index: 1, count: 1 });
  });
  it('refuses anything else', () => {
    for (const bad of ['0/3', '4/3', '1/0', '1', '1/3/4', 'a/b', '-1/3', '1.5/3', '', '1/1001']) expect(parseShard(bad), bad).toBeUndefined();
  });
});
