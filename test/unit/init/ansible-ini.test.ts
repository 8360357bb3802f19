/**
 * The INI inventory reader: hosts before any section, groups, `:children` (also declared
 * later), `:vars`, host ranges, ports, quoting and comments, and the errors ansible gives too,
 * each with file:line.
 */
import { describe, expect, it } from 'vitest';
import { parseIniInventory, shellSplit, literal } from '../../../src/init/ansible-ini.js';
import { resolveHosts } from '../../../src/init/inventory-model.js';
import { ConfigError } from '../../../src/errors.js';

const read = (text: string) => parseIniInventory(text, '/r/hosts.ini', 'hosts.ini');
const hosts = (text: string) => resolveHosts(read(text)).map((h) => ({ name: h.name, line: h.line, groups: h.groups, ansibleHost: h.ansibleHost }));

function errorOf(text: string): string {
  try {
    read(text);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).message;
  }
  throw new Error('no error');
}

describe('INI inventory', () => {
  it('reads ungrouped hosts, groups and ansible_host (and the older ansible_ssh_host)', () => {
    const text = 'lab ansible_ssh_host=10.123.0.2 ansible_ssh_user=ak\nlocalhost ansible_connection=local\n\n[prod]\nlab\nweb ansible_host=10.0.0.5\n';
    expect(hosts(text)).toEqual([
      { name: 'lab', line: 1, groups: ['prod'], ansibleHost: '10.123.0.2' },
      { name: 'localhost', line: 2, groups: [], ansibleHost: undefined },
      { name: 'web', line: 6, groups: ['prod'], ansibleHost: '10.0.0.5' },
    ]);
    const inv = read(text);
    expect([...(inv.groups.get('ungrouped')?.hosts ?? [])]).toEqual(['localhost']);
    expect([...(inv.groups.get('all')?.children ?? [])].sort()).toEqual(['prod', 'ungrouped']);
  });

  it('expands ranges (zero-padded, letters, steps) and takes a port off', () => {
    const inv = read('[web]\nweb[01:03].lab ansible_user=x\ndb-[a:c]\nnode[1:7:3]:2222\n');
    expect([...inv.hosts.keys()]).toEqual(['web01.lab', 'web02.lab', 'web03.lab', 'db-a', 'db-b', 'db-c', 'node1', 'node4', 'node7']);
    expect(inv.hosts.get('node4')?.vars).toEqual({ ansible_port: 2222 });
    expect(inv.hosts.get('web02.lab')?.line).toBe(2);
  });

  it('resolves children declared before their group, transitively, and :vars by precedence', () => {
    const text = [
      '[homelab:children]',
      'servers',
      '[servers:children]',
      'web',
      '[web]',
      'w1',
      'w2 ansible_host=10.0.0.2',
      '[homelab:vars]',
      'ansible_host = 10.9.9.9',
      '[web:vars]',
      'ansible_host="10.0.0.1"  ',
      '[all:vars]',
      'ansible_host=10.1.1.1',
    ].join('\n');
    expect(hosts(text)).toEqual([
      { name: 'w1', line: 6, groups: ['homelab', 'servers', 'web'], ansibleHost: '10.0.0.1' },
      { name: 'w2', line: 7, groups: ['homelab', 'servers', 'web'], ansibleHost: '10.0.0.2' },
    ]);
  });

  it('ignores comments (# and ; lines, # after a host definition) and quotes values', () => {
    const inv = read('# a comment\n; another\n[g]  # trailing\nh1 ansible_host="10.0.0.1" # here\nh2 note=\'a b\' x=1#c\n');
    expect(inv.hosts.get('h1')?.vars).toEqual({ ansible_host: '10.0.0.1' });
    expect(inv.hosts.get('h2')?.vars).toEqual({ note: 'a b', x: 1 });
  });

  it('refuses what ansible refuses, naming file:line', () => {
    expect(errorOf('[g]\nh1\n[g:weird]\n')).toBe('hosts.ini:3: Section [g:weird] has unknown type: weird');
    expect(errorOf('[g]\nh1 novalue\n')).toBe('hosts.ini:2: Expected key=value host variable assignment, got: novalue');
    expect(errorOf('[g:vars]\nx=1\n')).toBe('hosts.ini:1: Section [g:vars] not valid for undefined group: g');
    expect(errorOf('[p:children]\nmissing\n')).toBe('hosts.ini:2: Section [p:children] includes undefined group: missing');
    expect(errorOf('[g]\nh1 a="open\n')).toBe("hosts.ini:2: Error parsing host definition 'h1 a=\"open': No closing quotation");
    expect(errorOf('[bad group]\n')).toMatch(/^hosts\.ini:1: Invalid section entry: '\[bad group\]'/);
    expect(errorOf('[g]\nweb[03:1]\n')).toBe('hosts.ini:2: host range must specify equal-length begin and end formats');
    expect(errorOf('[g]\nweb:\n')).toMatch(/^hosts\.ini:2: Invalid host pattern 'web:' supplied, ending in ':' is not allowed/);
  });

  it('splits like shlex and reads literals like ast.literal_eval', () => {
    expect(shellSplit(`a b="c d" 'e"f' g\\ h #x`)).toEqual(['a', 'b=c d', 'e"f', 'g h']);
    expect([literal('22'), literal('True'), literal('None'), literal("'x'"), literal('10.0.0.1')]).toEqual([22, true, null, 'x', '10.0.0.1']);
  });
});
