import { describe, expect, it } from 'vitest';
import { yamlScalar } from '../../../src/generate/escape.js';
import { HEADER_WIDTH, renderHeader } from '../../../src/generate/header.js';
import { parse } from 'yaml';

describe('renderHeader', () => {
  it('writes the house-rule fields as comment lines within the width', () => {
    const text = renderHeader({
      file: 'ansible/playbooks/nginx-config.yml',
      purpose: 'A very long purpose that keeps going and going until it must wrap onto another comment line',
      author: 'Test Operator',
      date: '2026-11-21',
      generator: 'iacgen 0.1.0 new playbook --variant nginx',
    });
    const lines = text.split('\n');
    expect(lines[0]).toBe('# File: ansible/playbooks/nginx-config.yml');
    expect(lines.some((l) => l.startsWith('# Purpose: A very long'))).toBe(true);
    expect(lines).toContain('# Date: 2026-11-21');
    expect(lines.every((l) => l.startsWith('#') && l.length <= HEADER_WIDTH)).toBe(true);
  });

  it('folds newlines in values so nothing escapes the comment', () => {
    const text = renderHeader({ file: 'x', purpose: 'a\nhosts: all', author: 'b', date: 'c', generator: 'd' });
    expect(text.split('\n').every((l) => l.startsWith('#'))).toBe(true);
  });
});

describe('yamlScalar', () => {
  it.each(['plain', 'with: colon', "quote's \"both\"", '# comment', '{{ jinja }}', '${VAR}', 'multi\nline', '-', '@at', 'a #b', 'yes', '0755', '', ' lead', '- dash', 'trail '])(
    'round-trips %j through YAML',
    (value) => {
      expect(parse(`key: ${yamlScalar(value)}\n`)).toEqual({ key: value });
    },
  );

  it('writes numbers and booleans as themselves', () => {
    expect(yamlScalar(8080)).toBe('8080');
    expect(yamlScalar(true)).toBe('true');
  });
});

describe('hclLiteral', () => {
  it('escapes template sequences so they read back literally', async () => {
    const { hclLiteral } = await import('../../../src/generate/escape.js');
    expect(hclLiteral('a${b}%{c}"d"\n')).toBe('"a$${b}%%{c}\\"d\\"\\n"');
    expect(hclLiteral(3)).toBe('3');
  });
});

describe('control characters', () => {
  it('escapes DEL and C1 controls in every quoted literal, and folds them in comments', async () => {
    const { yamlScalar, tomlValue, commentText } = await import('../../../src/generate/escape.js');
    const nasty = 'a\u007fb\u0085c';
    expect(yamlScalar(nasty)).toBe('"a\\u007fb\\u0085c"');
    expect(parse(`k: ${yamlScalar(nasty)}\n`)).toEqual({ k: nasty });
    expect(tomlValue(nasty)).toBe('"a\\u007fb\\u0085c"');
    expect(commentText(nasty)).toBe('a b c');
  });
});
