import { describe, expect, it } from 'vitest';
import { hasJinjaStructure, isCloudConfig, isIniInventory } from '../../../src/classify/content.js';

describe('hasJinjaStructure', () => {
  it.each([
    ['{% if x %}\na: 1\n{% endif %}\n', true],
    ['a:\n  - {{ item }}\n', true],
    ['a: [{{ x }}]\n', true],
    ['{# a Jinja comment #}\na: 1\n', true],
    // a block scalar holds Jinja as text; the tag after it, back at its key's indentation, is structure
    ['a: |\n  {% if x %}\n  {{ y }}\nb: 1\n{% if z %}\n', true],
  ])('%j: structure', (text, expected) => {
    expect(hasJinjaStructure(text)).toBe(expected);
  });

  it.each([
    ['a: "{{ x }}"\n', false],
    ["a: '{% raw %}'\n", false],
    ['a: echo {{ x }} and {% y %}\n', false],
    ['a: x-{{ y }}\n', false],
    ['a: 1 # {{ commented }}\n# {% also %}\n', false],
    ['a: |\n  {% if x %}\n  {{ y }}\n  {% endif %}\n', false],
    ['a: >-\n    {{ y }}\n\n    {% z %}\n', false],
  ])('%j: no structure', (text, expected) => {
    expect(hasJinjaStructure(text)).toBe(expected);
  });
});

describe('isIniInventory', () => {
  it('reads sections, host lines with variables, :vars and :children', () => {
    expect(isIniInventory('# comment\n; comment\n[web]\nweb[01:03].example.test ansible_user=deploy\ndb:2222\n[web:vars]\nport = 80\n[prod:children]\nweb\n')).toBe(true);
  });
  it('rejects /etc/hosts, YAML, PHP ini, and empty files', () => {
    expect(isIniInventory('127.0.0.1 localhost\n')).toBe(false);
    expect(isIniInventory('all:\n  hosts:\n    web1:\n')).toBe(false);
    expect(isIniInventory('[PHP]\nmemory_limit = 256M\n')).toBe(false);
    expect(isIniInventory('[web:vars]\nnot a variable\n')).toBe(false);
    expect(isIniInventory('# nothing\n\n')).toBe(false);
  });
});

describe('isCloudConfig', () => {
  it('needs #cloud-config as the first line', () => {
    expect(isCloudConfig('#cloud-config\r\na: 1\n')).toBe(true);
    expect(isCloudConfig('#cloud-config  \n')).toBe(true);
    expect(isCloudConfig('\n#cloud-config\n')).toBe(false);
    expect(isCloudConfig('# cloud-config\n')).toBe(false);
    expect(isCloudConfig('#cloud-configuration\n')).toBe(false);
  });
});
