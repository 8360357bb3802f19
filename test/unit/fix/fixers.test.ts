/**
 * The fixer list as a contract: ids unique, each iacgen key a real rule with logic, file types
 * within the rule's, and on every good fixture of a fixed rule the fixer has nothing to do.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { classify } from '../../../src/classify/classify.js';
import { fixerFor, TEXT_FIXERS } from '../../../src/fix/fixers.js';
import { ruleById } from '../../../src/policy/registry.js';
import { REPO_ROOT } from '../../helpers.js';
import { listFiles } from '../policy/helpers.js';
import { CONTEXT, fileOf } from './helpers.js';

const RULE_KEYS = TEXT_FIXERS.flatMap((fixer) => fixer.handles.filter((k) => k.startsWith('iacgen:')).map((k) => [k.slice(7), fixer] as const));

describe('TEXT_FIXERS', () => {
  it('has unique ids and keys, each found by fixerFor', () => {
    expect(new Set(TEXT_FIXERS.map((f) => f.id)).size).toBe(TEXT_FIXERS.length);
    const keys = TEXT_FIXERS.flatMap((f) => f.handles);
    expect(new Set(keys).size).toBe(keys.length);
    for (const fixer of TEXT_FIXERS) for (const key of fixer.handles) expect(fixerFor(key)).toBe(fixer);
    expect(keys).toEqual(expect.arrayContaining(['yamllint:document-start', 'yamllint:trailing-spaces', 'yamllint:new-line-at-end-of-file']));
  });

  it('runs trailing-spaces (which reads its findings\' lines) before any fixer that adds or removes lines', () => {
    expect(TEXT_FIXERS[0]?.id).toBe('yamllint:trailing-spaces');
  });

  it.each(RULE_KEYS)('%s: a rule with logic, file types within the rule\'s', (id, fixer) => {
    const rule = ruleById(id);
    expect(rule?.logic).toBeTruthy();
    for (const type of fixer.fileTypes) expect(rule?.logic?.fileTypes).toContain(type);
  });

  it.each(RULE_KEYS)('%s: nothing to do on the good fixtures', (id, fixer) => {
    const dir = `fixtures/rules/${id}/good`;
    const files = listFiles(path.join(REPO_ROOT, dir));
    expect(files.length).toBeGreaterThan(0);
    for (const name of files) {
      const relPath = `${dir}/${name}`;
      const text = readFileSync(path.join(REPO_ROOT, relPath), 'utf8');
      expect(fixer.apply(fileOf(relPath, classify(relPath, text), text), [], { ...CONTEXT, purpose: 'x' }), relPath).toBeUndefined();
    }
  });
});
