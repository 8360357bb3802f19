/**
 * Every file `iacgen new` emits passes every policy rule: each built-in generator (those whose
 * templates exist), each variant, each guest of the reference homelab that can be a target
 * (or no guest, for generators without one), rendered in memory and checked in a temporary git
 * repository, so that header paths are checked from the repository root.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { settingsSchema } from '../../../src/config/schema.js';
import { resolveAnswers } from '../../../src/generate/answers.js';
import type { Prompter } from '../../../src/generate/prompter.js';
import { GENERATORS, getGenerator } from '../../../src/generate/registry.js';
import { renderGenerator } from '../../../src/generate/render.js';
import { runnableGuests } from '../../../src/inventory/guests.js';
import { TEMPLATES_DIR } from '../../../src/util/paths.js';
import { tempRepo, writeTree } from '../../helpers.js';
import { INVENTORY, runPolicy } from './helpers.js';

const silent: Prompter = {
  select: () => Promise.reject(new Error('prompted')),
  input: () => Promise.reject(new Error('prompted')),
  confirm: () => Promise.reject(new Error('prompted')),
};

/** A root without `.iacgen/templates`: only built-in generators. */
const NO_USER_TEMPLATES = path.join(path.sep, 'nonexistent-iacgen-root');

/** Built-in generators whose templates are in place (others are still being written). */
const ready = GENERATORS.filter((id) => existsSync(path.join(TEMPLATES_DIR, id, 'generator.yaml')));

const cases = ready.flatMap((id) => {
  const generator = getGenerator(id, NO_USER_TEMPLATES);
  const targets = generator.target === 'none' ? [undefined] : runnableGuests(INVENTORY).map((g) => g.name);
  return generator.variants.flatMap((variant) => targets.map((target) => ({ generator, variant: variant.id, target })));
});

describe('generated files pass every rule', () => {
  it('covers the playbook generator, every variant and every guest', () => {
    expect(ready).toContain('playbook');
    expect(cases.length).toBeGreaterThanOrEqual(4 * runnableGuests(INVENTORY).length);
  });

  it.each(cases.map((c) => [`${c.generator.id} ${c.variant} -> ${c.target ?? 'no target'}`, c] as const))('%s', async (_label, c) => {
    const given = { variant: c.variant, ...(c.target ? { target: c.target } : {}) };
    const answers = await resolveAnswers(c.generator, INVENTORY, given, { interactive: false, prompter: silent });
    const root = tempRepo();
    const dirs = settingsSchema.parse({}).paths;
    const rendering = renderGenerator(c.generator, answers, { inventory: INVENTORY, root, author: 'Test Operator', date: '2025-01-15', dirs });
    writeTree(root, Object.fromEntries(rendering.files.map((f) => [f.relPath, f.content])));
    const found = await runPolicy(root, rendering.files.map((f) => f.relPath), { root });
    expect(found.map((d) => `${d.file}:${d.line} ${d.rule}: ${d.message}`)).toEqual([]);
  });
});
