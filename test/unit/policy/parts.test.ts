/**
 * Pieces of the policy engine: comment splitting, the HCL locator, `hosts:` patterns, and the
 * `.env` rule's question to git.
 */
import { execaSync } from 'execa';
import { describe, expect, it } from 'vitest';
import { createPolicyChecker } from '../../../src/policy/checker.js';
import { rulesSettingsSchema } from '../../../src/policy/config.js';
import { unknownTerms } from '../../../src/policy/rules/ansible/hosts.js';
import { hasUpperBound } from '../../../src/policy/rules/terraform/providers.js';
import { hclLine, scanHcl } from '../../../src/policy/terraform/locate.js';
import { splitComment } from '../../../src/policy/text.js';
import { tempRepo } from '../../helpers.js';
import { INVENTORY } from './helpers.js';

describe('splitComment', () => {
  it.each([
    ['yaml', 'key: value # note', 'key: value ', ' note'],
    ['yaml', 'url: http://x/#anchor', 'url: http://x/#anchor', undefined],
    ['yaml', 'msg: "a # b" # c', 'msg: "a # b" ', ' c'],
    ['yaml', "name: it's # c", "name: it's ", ' c'],
    ['shell', 'echo "$#" # count', 'echo "$#" ', ' count'],
    ['shell', 'n=${#list[@]}', 'n=${#list[@]}', undefined],
    ['python', 'x = "#"  # real', 'x = "#"  ', ' real'],
    ['terraform', 'a = "b" // c', 'a = "b" ', ' c'],
    ['dockerfile', 'RUN echo # not a comment', 'RUN echo # not a comment', undefined],
    ['json', '{"a": "#"}', '{"a": "#"}', undefined],
  ] as const)('%s: %s', (type, line, code, comment) => {
    expect(splitComment(line, type)).toEqual({ code, comment });
  });
});

describe('the HCL locator', () => {
  const text = [
    'terraform {', //                                1
    '  required_providers {', //                     2
    '    proxmox = {', //                            3
    '      source  = "bpg/proxmox"', //              4
    '      version = "~> 0.66"', //                  5
    '    }', //                                      6
    '  }', //                                        7
    '}', //                                          8
    'variable "a" {', //                             9
    '  description = "braces { in } ${var.x}"', //   10
    '  default = <<EOT', //                          11
    'not = "a block" {', //                          12
    'EOT', //                                        13
    '  type = string', //                            14
    '}', //                                          15
    '# resource "x" "y" {', //                       16
    'resource "proxmox_virtual_environment_vm" "b" {', // 17
    '  tags = merge(var.t, { a = 1 })', //           18
    '  vm_id = 1', //                                19
    '}', //                                          20
  ].join('\n');
  const root = scanHcl(text);

  it.each([
    [['terraform', 0, 'required_providers', 0, 'proxmox', 'version'], 5],
    [['variable', 'a', 0, 'type'], 14],
    [['variable', 'a', 0, 'missing'], 9],
    [['resource', 'proxmox_virtual_environment_vm', 'b', 0, 'vm_id'], 19],
    [['resource', 'nope'], 1],
  ] as const)('%j is on line %i', (p, line) => {
    expect(hclLine(root, p)).toBe(line);
  });
});

describe('hosts: patterns', () => {
  it.each([
    ['web', []],
    ['all', []],
    ['localhost', []],
    ['ungrouped', []],
    ['web:!web-02', []],
    ['web:&monitoring', []],
    ['web-0*', []],
    ['~web-0[12]', []],
    ['web[0]', []],
    ['{{ target }}', []],
    ['192.168.2.101', []],
    ['webservers', ['webservers']],
    ['web,dbs', ['dbs']],
    ['db:!db-02', ['db-02']],
    ['prod-*', ['prod-*']],
  ] as const)('%s', (pattern, unknown) => {
    expect(unknownTerms(pattern, INVENTORY)).toEqual(unknown);
  });
});

describe('provider version constraints', () => {
  it.each([
    ['~> 0.66', true],
    ['0.66.1', true],
    ['>= 0.60, < 1.0', true],
    ['= 2.5.1', true],
    ['>= 0.60', false],
    ['> 1.0, != 1.2', false],
  ] as const)('%s', (constraint, pinned) => {
    expect(hasUpperBound(constraint)).toBe(pinned);
  });
});

describe('env-file-tracked asks git', () => {
  const check = async (root: string): Promise<string[]> => {
    const checker = createPolicyChecker({ inventory: INVENTORY, rules: rulesSettingsSchema.parse({}), root });
    const out = await checker.check({ files: ['.env', 'app/.env.local', 'app/.env.example'], cwd: root });
    return out.diagnostics.filter((d) => d.rule === 'env-file-tracked').map((d) => d.file);
  };

  it('flags .env files that git does not ignore, never .env.example', async () => {
    const root = tempRepo({ '.env': 'A=1\n', 'app/.env.local': 'B=2\n', 'app/.env.example': '# File: app/.env.example\nB=\n' });
    expect(await check(root)).toEqual(['.env', 'app/.env.local']);
  });

  it('leaves git-ignored ones alone, but not when they are tracked anyway', async () => {
    const root = tempRepo({ '.gitignore': '.env\n.env.*\n!.env.example\n', '.env': 'A=1\n', 'app/.env.local': 'B=2\n', 'app/.env.example': 'B=\n' });
    expect(await check(root)).toEqual([]);
    execaSync('git', ['add', '-f', '.env'], { cwd: root });
    expect(await check(root)).toEqual(['.env']);
  });
});
