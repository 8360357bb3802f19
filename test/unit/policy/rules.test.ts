/**
 * The registry-driven contract test of the policy rules: every rule has
 * `fixtures/rules/<id>/{good,bad}` and `expected.json`; the bad files give exactly the expected
 * findings of that rule (file and line); the good files give no finding of any rule.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../../src/policy/registry.js';
import { REPO_ROOT } from '../../helpers.js';
import { listFiles, runPolicy } from './helpers.js';

const FIXTURES = path.join(REPO_ROOT, 'fixtures', 'rules');

interface Expected {
  file: string;
  line: number;
}

describe.each(RULES.map((rule) => [rule.id, rule] as const))('%s', (id) => {
  const dir = path.join(FIXTURES, id);

  it('has good and bad fixtures and expected.json', () => {
    expect(existsSync(path.join(dir, 'good'))).toBe(true);
    expect(existsSync(path.join(dir, 'bad'))).toBe(true);
    expect(existsSync(path.join(dir, 'expected.json'))).toBe(true);
  });

  it('bad: reports the expected findings, at the expected lines', async () => {
    const expected = (JSON.parse(readFileSync(path.join(dir, 'expected.json'), 'utf8')) as Expected[]).map((e) => `${e.file}:${e.line}`).sort();
    expect(expected.length).toBeGreaterThan(0);
    const files = listFiles(dir, 'bad').map((f) => f);
    const found = await runPolicy(dir, files, { root: REPO_ROOT });
    const mine = found.filter((d) => d.rule === id);
    expect(mine.map((d) => `${d.file}:${d.line}`).sort()).toEqual(expected);
    for (const d of mine) {
      expect(d.source).toBe('iacgen');
      expect(d.message.length).toBeGreaterThan(10);
    }
  });

  it('good: no finding of any rule', async () => {
    const found = await runPolicy(dir, listFiles(dir, 'good'), { root: REPO_ROOT });
    expect(found.map((d) => `${d.file}:${d.line} ${d.rule}: ${d.message}`)).toEqual([]);
  });
});

it('every fixture folder belongs to a rule', () => {
  const ids = new Set(RULES.map((r) => r.id));
  const folders = listFiles(FIXTURES).map((f) => f.split('/')[0] as string);
  expect([...new Set(folders)].filter((f) => !ids.has(f as never))).toEqual([]);
});
