import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/errors.js';
import { resolveAnswers, type AnswerSources } from '../../../src/generate/answers.js';
import type { Prompter } from '../../../src/generate/prompter.js';
import { getGenerator } from '../../../src/generate/registry.js';
import { loadInventory } from '../../../src/inventory/load.js';
import { tempDir } from '../../helpers.js';

const generator = getGenerator('playbook', process.cwd());
const inventory = () => loadInventory(tempDir()).inventory;

/** A prompter that must not be asked. */
const silent: Prompter = {
  select: () => Promise.reject(new Error('prompted')),
  input: () => Promise.reject(new Error('prompted')),
  confirm: () => Promise.reject(new Error('prompted')),
};
const nonInteractive: AnswerSources = { interactive: false, prompter: silent };

describe('resolveAnswers', () => {
  it('takes every answer from flags without prompting', async () => {
    const answers = await resolveAnswers(generator, inventory(), { variant: 'nginx', target: 'ct102', name: 'edge' }, { interactive: true, prompter: silent });
    expect([answers.variant.id, answers.target?.id, answers.name]).toEqual(['nginx', 102, 'edge']);
  });

  it('fills the target and name from defaults when not interactive', async () => {
    const answers = await resolveAnswers(generator, inventory(), { variant: 'node_exporter' }, nonInteractive);
    expect([answers.variant.id, answers.target?.name, answers.name]).toEqual(['node-exporter', 'monitoring-01', 'node-exporter']);
  });

  it('prefers a default target that has an address', async () => {
    const answers = await resolveAnswers(generator, inventory(), { variant: 'docker' }, nonInteractive);
    expect(answers.target?.id).toBe(113);
  });

  it.each([
    [{ variant: 'apache' }, /unknown variant 'apache' \(--variant\) of playbook/],
    [{ variant: 'nginx', target: 'ct999' }, /unknown target 'ct999' \(--target\)/],
    [{ variant: 'nginx', name: '../etc/x' }, /invalid name '\.\.\/etc\/x' \(--name\)/],
    [{ variant: 'nginx', name: 'a/b' }, /invalid name 'a\/b' \(--name\)/],
  ])('rejects %j', async (given, message) => {
    const promise = resolveAnswers(generator, inventory(), given, nonInteractive);
    await expect(promise).rejects.toBeInstanceOf(UsageError);
    await expect(promise).rejects.toThrow(message);
  });

  it('asks only for what is missing, offering the role-matched guest first', async () => {
    const asked: string[] = [];
    const prompter: Prompter = {
      select: async (message, choices, defaultValue) => {
        asked.push(`${message}:${defaultValue}:${choices[0]?.name}`);
        return 'ct113';
      },
      input: async (message, defaultValue, validate) => {
        asked.push(`${message}:${defaultValue}`);
        expect(validate('bad name')).toMatch(/lowercase/);
        return 'my-proxy';
      },
      confirm: () => Promise.reject(new Error('not asked')),
    };
    const answers = await resolveAnswers(generator, inventory(), { variant: 'nginx' }, { interactive: true, prompter });
    expect(asked).toEqual(['Target guest:ct102:VM 100 vm-100 (address unknown)', 'Name:nginx-config']);
    expect([answers.target?.id, answers.name]).toEqual([113, 'my-proxy']);
  });
});
