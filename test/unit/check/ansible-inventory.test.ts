/**
 * The ansible-inventory parser on the real output of `ansible-inventory -i FILE --graph` for each
 * bad fixture, captured with the checker's environment from ansible-core 2.14.18 (Debian 12),
 * 2.19.11 (Debian 13) and 2.22.0b2 (Debian testing) in `fixtures/checkers/ansible-inventory/captured/`
 * (see its `capture.sh`): every generation must give the findings `expected.json` lists, on the
 * same line. Plus the parts of our own logic: format, plugin configurations, locating a problem.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { explainingFailure, plainReason, readInventoryReport } from '../../../src/check/checkers/ansible-inventory-output.js';
import { ansibleInventory, inventoryFormat, isPluginConfig, parseInventoryOutput } from '../../../src/check/checkers/ansible-inventory.js';
import { locateInventoryProblem } from '../../../src/check/checkers/inventory-locate.js';

const FIXTURES = fileURLToPath(new URL('../../../fixtures/checkers/ansible-inventory/', import.meta.url));
const CAPTURED = path.join(FIXTURES, 'captured');
const VERSIONS = readdirSync(CAPTURED).filter((v) => /^\d/.test(v));

interface Expected {
  file: string;
  line: number;
  rule: string;
  severity: string;
}
const EXPECTED = JSON.parse(readFileSync(path.join(FIXTURES, 'expected.json'), 'utf8')) as Expected[];

/** The captured stderr of one fixture and the exit code on its last line. */
function captured(version: string, name: string): { stderr: string; exitCode: number } {
  const text = readFileSync(path.join(CAPTURED, version, `${name}.stderr`), 'utf8');
  const exit = /exit (\d+)\n?$/.exec(text);
  return { stderr: text.slice(0, exit?.index ?? text.length), exitCode: Number(exit?.[1] ?? -1) };
}

function parseCaptured(version: string, name: string) {
  const text = readFileSync(path.join(FIXTURES, 'bad', name), 'utf8');
  const { stderr, exitCode } = captured(version, name);
  return parseInventoryOutput({ stdout: '', stderr, exitCode, files: [name], cwd: '/tmp/p' }, text, inventoryFormat(name, text));
}

describe('captured from three ansible-core generations', () => {
  it('covers the three generations', () => {
    expect(VERSIONS.map((v) => v.split('.').slice(0, 2).join('.')).sort()).toEqual(['2.14', '2.19', '2.22']);
  });

  describe.each(VERSIONS)('ansible-core %s', (version) => {
    it.each(EXPECTED.map((e) => [e.file, e] as const))('%s', (file, expected) => {
      const name = path.basename(file);
      const parsed = parseCaptured(version, name);
      expect(parsed.failure).toBeUndefined();
      expect(parsed.diagnostics.map((d) => `${d.line} ${d.severity} ${d.rule}`)).toEqual([`${expected.line} ${expected.severity} ${expected.rule}`]);
      const message = parsed.diagnostics[0]?.message ?? '';
      // The plugin's own reason, in the field's words: not the final "Completely failed", no Python class.
      expect(message).not.toMatch(/Completely failed|<class|Failed to parse|\/tmp\/p/);
    });
  });

  it('gives the same reason in every generation where ansible words it the same', () => {
    const hosts = VERSIONS.map((v) => parseCaptured(v, 'hosts-list.yml').diagnostics[0]?.message);
    expect(new Set(hosts).size).toBe(1);
    expect(hosts[0]).toBe(
      'ansible cannot load this inventory (yaml plugin): Invalid "hosts" entry for "web" group, requires a dictionary, found a list instead: write `hosts:` as a mapping with one `name:` key per host, not a list',
    );
    const ini = VERSIONS.map((v) => parseCaptured(v, 'host-without-value.ini').diagnostics[0]?.message);
    expect(new Set(ini)).toEqual(new Set(['ansible cannot load this inventory (ini plugin): Expected key=value host variable assignment, got: ansible_port: write each host variable as `key=value`']));
  });

  it('takes the column of a YAML syntax error from ansible (2.19+: the auto plugin)', () => {
    for (const version of VERSIONS) expect(parseCaptured(version, 'syntax.yml').diagnostics[0]?.column).toBe(10);
  });
});

describe('readInventoryReport', () => {
  it('reads each plugin failure of 2.19+ with the origin that follows its cause chain', () => {
    const report = readInventoryReport(captured(VERSIONS.find((v) => v.startsWith('2.19')) ?? '', 'syntax.yml').stderr);
    expect(report.failures.map((f) => [f.plugin, f.where?.line])).toEqual([
      ['auto', 5],
      ['yaml', undefined],
      ['ini', undefined],
    ]);
    expect(report.errors).toEqual(['Completely failed to parse inventory source /tmp/p/syntax.yml']);
    const own = explainingFailure(report.failures, 'yaml');
    expect([own?.plugin, own?.where?.line, own?.where?.column]).toEqual(['yaml', 5, 10]);
  });

  it("prefers the format's plugin, whatever the order", () => {
    const failures = [
      { plugin: 'ini', reason: "Invalid host pattern '---' supplied" },
      { plugin: 'yaml', reason: 'YAML inventory has invalid structure' },
    ];
    expect(explainingFailure(failures, 'yaml')?.plugin).toBe('yaml');
    expect(explainingFailure(failures, 'ini')?.plugin).toBe('ini');
    expect(explainingFailure([{ plugin: 'auto', reason: 'x' }, { plugin: 'toml', reason: 'y' }], 'ini')?.plugin).toBe('toml');
  });
});

describe('parseInventoryOutput', () => {
  const output = (exitCode: number, stderr: string) => ({ stdout: '@all:\n  |--@ungrouped:\n', stderr, exitCode, files: ['hosts.yml'], cwd: '/tmp/p' });

  it('passes a parsed inventory', () => {
    expect(parseInventoryOutput(output(0, ''), 'all:\n', 'yaml')).toEqual({ diagnostics: [] });
  });

  it('is the checker failing, not the file, on a crash or an unexplained exit', () => {
    expect(parseInventoryOutput(output(250, 'ERROR! Unexpected Exception, this is probably a bug: boom\n'), '', 'yaml').failure).toMatch(/crashed \(exit code 250\)/);
    expect(parseInventoryOutput(output(1, ''), '', 'yaml').failure).toMatch(/without an error message/);
  });

  it('reports another error as is when no plugin said why', () => {
    const parsed = parseInventoryOutput(output(1, '[ERROR]: Some other problem\n'), '', 'yaml');
    expect(parsed.diagnostics.map((d) => [d.rule, d.severity, d.message])).toEqual([['inventory-parse', 'error', 'ansible cannot load this inventory: Some other problem']]);
  });

  it('runs ansible-inventory --graph on one file with the unparsed-is-failed settings', () => {
    expect(ansibleInventory.args).toEqual(['-i', '{file}', '--graph']);
    expect(ansibleInventory.mode).toBe('file');
    expect(ansibleInventory.env).toMatchObject({ ANSIBLE_INVENTORY_ANY_UNPARSED_IS_FAILED: 'True', ANSIBLE_INVENTORY_UNPARSED_FAILED: 'True' });
    expect(ansibleInventory.env.ANSIBLE_INVENTORY_ENABLED?.split(',')).not.toContain('script');
  });
});

describe('inventory format and plugin configurations', () => {
  it('tells YAML from INI by extension, else by the first meaningful line', () => {
    expect(inventoryFormat('inventory/hosts.yml', '[web]\n')).toBe('yaml');
    expect(inventoryFormat('inventory/hosts.ini', 'all:\n')).toBe('ini');
    expect(inventoryFormat('hosts', '# lab\n---\nall:\n')).toBe('yaml');
    expect(inventoryFormat('hosts', '# lab\nall:\n  hosts:\n')).toBe('yaml');
    expect(inventoryFormat('hosts', '[web]\nweb01\n')).toBe('ini');
    expect(inventoryFormat('inventory', 'web01:2222 ansible_user=ops\n')).toBe('ini');
    expect(inventoryFormat('inventory', 'web01:2222\n')).toBe('ini');
  });

  it('knows a plugin configuration by its top-level plugin key only', () => {
    expect(isPluginConfig('plugin: community.general.proxmox\nurl: https://pve:8006\n')).toBe(true);
    expect(isPluginConfig('---\n"plugin": community.general.proxmox\n')).toBe(true);
    expect(isPluginConfig('all:\n  vars:\n    plugin: x\n')).toBe(false);
    expect(isPluginConfig('[web]\nweb01 plugin=x\n')).toBe(false);
  });
});

describe('locateInventoryProblem', () => {
  const yaml = 'all:\n  children:\n    web:\n      vars: {a: 1}\n      hosts:\n        - web01\n    db:\n      host:\n        db01:\n';

  it("finds the group's key the yaml plugin names", () => {
    expect(locateInventoryProblem(yaml, 'Invalid "hosts" entry for "web" group, requires a dictionary')).toEqual({ line: 5, column: 7 });
    expect(locateInventoryProblem(yaml, 'Skipping unexpected key (host) in group (db), only "vars", "children" and "hosts" are valid')).toEqual({ line: 8, column: 7 });
    expect(locateInventoryProblem(yaml, "Skipping 'db' as this is not a valid group definition")).toEqual({ line: 7, column: 5 });
    expect(locateInventoryProblem(yaml, 'Invalid "hosts" entry for "nowhere" group')).toBeUndefined();
  });

  it('finds the INI line the ini plugin quotes, skipping comments', () => {
    const ini = '# web01 ansible_port\n[web]\nweb01 ansible_port\n[web:unknown]\n';
    expect(locateInventoryProblem(ini, 'Expected key=value host variable assignment, got: ansible_port')?.line).toBe(3);
    expect(locateInventoryProblem(ini, 'Section [web:unknown] has unknown type: unknown')?.line).toBe(4);
    expect(locateInventoryProblem(ini, 'Something unrelated')).toBeUndefined();
  });
});

describe('plainReason', () => {
  it("names Python's types in the field's words", () => {
    expect(plainReason(`found "<class 'ansible.parsing.yaml.objects.AnsibleSequence'>" instead.`)).toBe('found a list instead.');
    expect(plainReason(`it is a <class 'ansible.module_utils._internal._datatag._AnsibleTaggedStr'>`)).toBe('it is a string');
  });
});
