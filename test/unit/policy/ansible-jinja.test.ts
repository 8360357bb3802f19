/**
 * The Jinja expression reader of the ansible-core 2.19 readiness rules: the kinds an expression
 * yields at its top level (operator precedence as Jinja's parser has it), and templates nested in
 * expressions. Cases from the 2.19 porting guide's "Broken Conditionals" and "Multi-pass Templating".
 */
import { describe, expect, it } from 'vitest';
import { type Known, nonBoolKinds, valueOf } from '../../../src/policy/rules/ansible/jinja.js';
import { delimitersIn, isAllTemplate, literalBuiltByTemplate, singleBlock, templateBlocks, templatesInLookupArgs } from '../../../src/policy/rules/ansible/templates.js';

const kinds = (expression: string, names: Record<string, Known> = {}) => {
  const value = valueOf(expression, (n) => names[n]);
  return value ? nonBoolKinds(value) : 'unread';
};

describe('valueOf', () => {
  it.each([
    ['x is defined', []],
    ['x | length > 0', []],
    ['not x | length', []],
    ['x', []],
    ['x.y.z', []],
    ['x | bool', []],
    ["x == 'a' and y in ['b', 'c']", []],
    ['x is contains("a" ~ "b")', []],
    ["x | default(false)", []],
    ["'a' and x", []],
    ["x | d({'a': {'b': 1}}) | length > 0", []],
    ['x | length', ['int']],
    ['x | count', ['int']],
    ["inventory_hostname is defined and 'inventory_hostname | length > 0'", ['str']],
    ['inventory_hostname is contains "local" ~ "host"', ['str']],
    ["'yes'", ['str']],
    ['[1]', ['list']],
    ['x | selectattr("a") | list', ['list']],
    ['x and y | length', ['int']],
    ['x or y | length', ['int']],
    ["x | default('')", ['str']],
    ['none', ['none']],
    ['x if y else 0', ['int']],
    ['lst', ['list']],
    ['empty and x', ['str']],
    ['out and out != "a"', []],
    ['x | length and y', []],
    ["'' and x", ['str']],
    ['r.stdout', ['str']],
    ['r.stdout.strip()', []],
    ['r.stdout | length > 0', []],
    ['h[item].facts', ['dict']],
    ['h[item].facts is defined', []],
    ['lst[0]', []],
  ] as const)('%s -> %j', (expression, expected) => {
    expect(kinds(expression, { lst: { kind: 'list' }, empty: { kind: 'str', falsy: true }, out: { kind: 'str' }, 'r.stdout': { kind: 'str' }, 'h[].facts': { kind: 'dict' } })).toEqual(expected);
  });

  it('reads no expression with template delimiters, and no broken syntax', () => {
    expect(valueOf('1 + {{ value }} == 2')).toBeUndefined();
    expect(valueOf("x == 'a")).toBeUndefined();
    expect(valueOf('x ==')).toBeUndefined();
  });
});

describe('templates', () => {
  it('tells whole templates from expressions', () => {
    expect(isAllTemplate(' {{ x }} ')).toBe(true);
    expect(isAllTemplate('{% if x %}true{% endif %}')).toBe(true);
    expect(isAllTemplate('{{ x }} == 1')).toBe(false);
    expect(singleBlock('{{ x | bool }}')).toBe(' x | bool ');
    expect(singleBlock('{{ a }} and {{ b }}')).toBeUndefined();
  });

  it('finds delimiters bare or in string literals', () => {
    expect(delimitersIn('1 + {{ value }} == 2')).toEqual({ bare: true, quoted: false });
    expect(delimitersIn("'{{ x }}' == 'a'")).toEqual({ bare: false, quoted: true });
    expect(delimitersIn("x == {'a': {'b': 1}}")).toEqual({ bare: false, quoted: false });
  });

  it('finds templates in lookup arguments only', () => {
    expect(templateBlocks("a {{ lookup('env', '{{ v }}') }} b {{ c }}")).toEqual([" lookup('env', '{{ v }}') ", ' c ']);
    expect(templatesInLookupArgs(" lookup('env', '{{ v }}') ")).toEqual(['{{ v }}']);
    expect(templatesInLookupArgs(" query('x', ['{{ a }}'] | map('upper')) ")).toEqual(['{{ a }}']);
    expect(templatesInLookupArgs(" '{{ word }}' | upper ")).toEqual([]);
    expect(templatesInLookupArgs(" x.lookup('{{ a }}') ")).toEqual([]);
  });
});

describe('literalBuiltByTemplate', () => {
  it.each([
    ['["{{ a }}", "{{ b }}",\n{% if c is defined %}"{{ c }}"{% endif %}]', 'list'],
    [`{"k": "{{ a }}", 'n': 1}`, 'dict'],
    ["['{{ a | default(\"x\") }}']", 'list'],
    ['[{{ a }}]', undefined],
    ['[ -f {{ a }} ]', undefined],
    ['{{ [a, b] }}', undefined],
    ['["a", "b"]', undefined],
    ['[x, "{{ a }}"]', undefined],
  ] as const)('%s -> %s', (text, expected) => {
    expect(literalBuiltByTemplate(text)).toBe(expected);
  });
});
