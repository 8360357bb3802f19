/**
 * zod issues as sentences (key path, what was expected, what was found) located at their own
 * line:column, unknown keys with the nearest known key, and the look-up and limits of iacgen.yaml.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execaSync } from 'execa';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { describeIssue, keysAt } from '../../../src/config/issues.js';
import { CONFIG_FILE, findConfigFile, loadConfig, MAX_CONFIG_BYTES, parseWith, readYamlSource } from '../../../src/config/load.js';
import { configFileSchema } from '../../../src/config/schema.js';
import { ConfigError } from '../../../src/errors.js';
import { inventorySchema } from '../../../src/inventory/schema.js';
import { closest, editDistance } from '../../../src/util/closest.js';
import { tempDir, writeTree } from '../../helpers.js';

/** The sentences zod's issues become for `data` under `schema`. */
function sentences(schema: z.ZodType, data: unknown): string[] {
  const result = schema.safeParse(data);
  if (result.success) return [];
  return result.error.issues.flatMap((issue) => describeIssue(issue, data, schema).map((s) => s.text));
}

/** The message of the ConfigError that loading `text` as iacgen.yaml throws. */
function configError(text: string): string {
  const dir = tempDir();
  writeTree(dir, { [CONFIG_FILE]: text });
  try {
    loadConfig(dir);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).message;
  }
  throw new Error('no error');
}

describe('describeIssue', () => {
  it('says what was expected and what was found, by type', () => {
    expect(sentences(configFileSchema, { strict: 'yes' })).toEqual(['strict: expected true or false, found the string "yes"']);
    expect(sentences(configFileSchema, { timeoutMs: 1.5 })).toEqual(['timeoutMs: expected a whole number, found 1.5']);
    expect(sentences(configFileSchema, { timeoutMs: 0 })).toEqual(['timeoutMs: expected a number of more than 0, found 0']);
    expect(sentences(configFileSchema, { exclude: 'vendor/' })).toEqual(['exclude: expected a list, found the string "vendor/"']);
    expect(sentences(configFileSchema, { exclude: [''] })).toEqual(['exclude[0]: expected a non-empty string, found the string ""']);
    expect(sentences(configFileSchema, { failOn: 'warn' })).toEqual(['failOn: expected one of error, warning, found the string "warn"']);
    expect(sentences(configFileSchema, { paths: null })).toEqual(['paths: expected a mapping (key: value), found nothing (an empty value)']);
    expect(sentences(configFileSchema, { checkers: { shellcheck: ['off'] } })).toEqual([
      'checkers.shellcheck: expected one of required, optional, off or a mapping (key: value), found a list of 1 item',
    ]);
  });

  it('describes what is wrong inside the branch of a union the value took', () => {
    expect(sentences(configFileSchema, { checkers: { shellcheck: { policy: 'of' } } })).toEqual([
      'checkers.shellcheck.policy: expected one of required, optional, off, found the string "of"',
    ]);
  });

  it('names a missing key and what it should be', () => {
    expect(sentences(inventorySchema, { proxmox: { node: 'pve' }, guests: [{ id: 200, type: 'ct', name: 'a' }] })).toEqual([
      'proxmox.api: missing; expected a string',
    ]);
  });

  it('keeps the sentences the schemas word themselves, with what was found', () => {
    expect(sentences(inventorySchema, { proxmox: { node: 'Pve', api: 'https://x/' }, guests: [{ id: 200, type: 'ct', name: 'a' }] })).toEqual([
      'proxmox.node: must be a DNS label: lowercase letters, digits and inner hyphens, at most 63 characters, found the string "Pve"',
    ]);
    expect(sentences(configFileSchema, { rules: { sets: ['houses'] } })).toEqual(['rules.sets[0]: unknown rule set "houses": the sets are defects and house']);
  });

  it('gives each unknown key a sentence of its own, with the nearest known key', () => {
    const found = configFileSchema.safeParse({ exlude: [], FailOn: 'error', zzz: 1 });
    const described = found.success ? [] : found.error.issues.flatMap((i) => describeIssue(i, { exlude: [], FailOn: 'error', zzz: 1 }, configFileSchema));
    expect(described.map((s) => [s.path, s.atKey, s.text])).toEqual([
      [['exlude'], true, "exlude: unknown key 'exlude' at the top level; did you mean 'exclude'?"],
      [['FailOn'], true, "FailOn: unknown key 'FailOn' at the top level; did you mean 'failOn'?"],
      [['zzz'], true, expect.stringMatching(/^zzz: unknown key 'zzz' at the top level; the keys here are exclude, maxFileBytes, /)],
    ]);
    expect(sentences(inventorySchema, { proxmox: { node: 'pve', api: 'https://x/', verison: '8' }, guests: [{ id: 200, type: 'ct', name: 'a' }] })).toEqual([
      "proxmox.verison: unknown key 'verison' in proxmox; did you mean 'version'?",
    ]);
  });

  it('finds the keys of a schema at a path, through defaults, lists and unions', () => {
    expect(keysAt(configFileSchema, ['paths'])).toEqual(['ansible', 'terraform', 'compose', 'scripts', 'config']);
    expect(keysAt(configFileSchema, ['checkers', 'shellcheck'])).toEqual(['policy', 'timeoutMs']);
    expect(keysAt(inventorySchema, ['guests', 0, 'services', 1])).toEqual(['name', 'port', 'protocol']);
    expect(keysAt(configFileSchema, ['exclude'])).toEqual([]);
  });
});

describe('closest', () => {
  it('suggests a likely typo and nothing for an unrelated word', () => {
    expect(editDistance('exlude', 'exclude')).toBe(1);
    expect(editDistance('stirct', 'strict')).toBe(1);
    expect(closest('exlude', ['exclude', 'strict'])).toBe('exclude');
    expect(closest('failon', ['failOn'])).toBe('failOn');
    expect(closest('guest', ['guests', 'proxmox'])).toBe('guests');
    expect(closest('banana', ['exclude', 'strict'])).toBeUndefined();
    expect(closest('x'.repeat(100), ['x'.repeat(100)])).toBeUndefined();
  });
});

describe('loading iacgen.yaml: where, how much, and how errors read', () => {
  it('looks from the start folder up to the git top, never above; outside git only in the start folder', () => {
    const parent = tempDir();
    writeTree(parent, { [CONFIG_FILE]: 'strict: true\n' });
    const repo = path.join(parent, 'repo');
    mkdirSync(path.join(repo, '.git'), { recursive: true });
    mkdirSync(path.join(repo, 'a', 'b'), { recursive: true });
    expect(findConfigFile(path.join(repo, 'a', 'b'))).toBeUndefined();
    writeFileSync(path.join(repo, CONFIG_FILE), 'strict: false\n');
    expect(findConfigFile(path.join(repo, 'a', 'b'))).toBe(path.join(repo, CONFIG_FILE));
    // A linked worktree or a submodule has a .git file: its top is a top too.
    const linked = path.join(parent, 'linked');
    mkdirSync(path.join(linked, 'sub'), { recursive: true });
    writeFileSync(path.join(linked, '.git'), 'gitdir: /elsewhere\n');
    expect(findConfigFile(path.join(linked, 'sub'))).toBeUndefined();
    const plain = path.join(parent, 'plain');
    mkdirSync(plain);
    expect(findConfigFile(plain)).toBeUndefined();
    expect(findConfigFile(parent)).toBe(path.join(parent, CONFIG_FILE));
  });

  it('reads an empty or comments-only file as the defaults', () => {
    for (const text of ['', '\n', '# later\n', '---\n']) {
      const dir = tempDir();
      writeTree(dir, { [CONFIG_FILE]: text });
      expect(loadConfig(dir).settings.failOn).toBe('error');
    }
  });

  it('refuses a file over 1 MiB before parsing it, and one of too many aliases', () => {
    const dir = tempDir();
    const file = path.join(dir, CONFIG_FILE);
    writeFileSync(file, `# ${'x'.repeat(MAX_CONFIG_BYTES)}\n`);
    expect(() => readYamlSource(file, CONFIG_FILE)).toThrow(/^iacgen\.yaml: is too large \(1\.0 MiB\): iacgen reads configuration files of at most 1 MiB$/);
    writeFileSync(file, `a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [${Array(10).fill('*a').join(', ')}]\nc: [${Array(10).fill('*b').join(', ')}]\n`);
    expect(() => readYamlSource(file, CONFIG_FILE)).toThrow(/^iacgen\.yaml: its YAML aliases/);
  });

  it('refuses a folder or a FIFO named iacgen.yaml without waiting on it', () => {
    const dir = tempDir();
    const file = path.join(dir, CONFIG_FILE);
    execaSync('mkfifo', [file]);
    expect(() => readYamlSource(file, CONFIG_FILE)).toThrow('iacgen.yaml: is not a regular file');
    const other = tempDir();
    mkdirSync(path.join(other, CONFIG_FILE));
    expect(() => loadConfig(other)).toThrow('iacgen.yaml: is not a regular file');
  });

  it('puts the issues in file order, each at the line:column of its node, the first as the headline', () => {
    expect(configError('failOn: error\nstrict: 3\nexlude: []\n')).toBe(
      "iacgen.yaml:2:9: strict: expected true or false, found 3\niacgen.yaml:3:1: exlude: unknown key 'exlude' at the top level; did you mean 'exclude'?",
    );
    expect(configError('paths:\n  ansible: ansible\n  scrips: s\n')).toBe("iacgen.yaml:3:3: paths.scrips: unknown key 'scrips' in paths; did you mean 'scripts'?");
    expect(configError('42\n')).toBe('iacgen.yaml: expected a mapping of keys (key: value) at the top level, found a single value (42)');
  });

  it('parseWith names the file alone when the data has no node to point at', () => {
    const dir = tempDir();
    writeTree(dir, { 'x.yaml': 'a: 1\n' });
    const source = readYamlSource(path.join(dir, 'x.yaml'), 'x.yaml');
    expect(() => parseWith(z.object({ a: z.string() }).strict(), source, 'hint')).toThrow('x.yaml:1:4: a: expected a string, found 1');
  });
});
