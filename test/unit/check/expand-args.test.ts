import { describe, expect, it } from 'vitest';
import { expandArgs } from '../../../src/check/call.js';

describe('expandArgs', () => {
  it('expands each placeholder once, even when a file name holds another placeholder', () => {
    expect(expandArgs(['-f', '{file}', '-chdir={dir}'], ['a{dir}.yml'], 'terraform/x')).toEqual(['-f', 'a{dir}.yml', '-chdir=terraform/x']);
    expect(expandArgs(['{files}', '{options}'], ['a.sh', 'b.sh'], '.', ['--x'])).toEqual(['a.sh', 'b.sh', '--x']);
  });
});
