import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { resolveAnswers } from '../../../src/generate/answers.js';
import type { Prompter } from '../../../src/generate/prompter.js';
import { answersToRecord, formatRecord, overRecorded, recordSchema, recordToGiven, templateDigest, type AnswerRecord } from '../../../src/generate/recorded.js';
import { getGenerator } from '../../../src/generate/registry.js';
import { loadInventory } from '../../../src/inventory/load.js';
import { tempDir, writeTree } from '../../helpers.js';

const silent: Prompter = {
  select: () => Promise.reject(new Error('prompted')),
  input: () => Promise.reject(new Error('prompted')),
  confirm: () => Promise.reject(new Error('prompted')),
};

function record(files: AnswerRecord['files']): AnswerRecord {
  return {
    version: 1,
    generator: 'compose',
    variant: 'generic',
    target: null,
    name: 'kuma',
    author: 'Test Operator',
    date: '2026-12-06',
    iacgen: '0.1.0',
    templates: `sha256:${'a'.repeat(64)}`,
    answers: { port: '3001' },
    unrecorded: [],
    files,
    excluded: [],
  };
}

describe('formatRecord', () => {
  // The rendering is the next merge's base: it must come back byte for byte.
  const awkward = [
    '---\n# File: x\nkey: value\n',
    'no final newline',
    'trailing spaces   \n\ttab line\n\n\n',
    '  leading indent\nthen: "quotes" and \'apostrophes\' # and a comment\n',
    '#!/usr/bin/env bash\r\nset -euo pipefail\r\n',
    '',
    '|\n>-\n...\n---\n',
  ];
  it.each(awkward.map((text, i) => [i, text]))('keeps rendering %i exactly through YAML', (_i, text) => {
    const written = formatRecord(record([{ path: 'compose/kuma/compose.yaml', rendered: text as string }]));
    const back = recordSchema.parse(parse(written));
    expect(back.files[0]?.rendered).toBe(text);
  });

  it('starts with a comment that names the artifact and the update command', () => {
    const written = formatRecord(record([]));
    expect(written.split('\n')[0]).toBe('# Answers of `iacgen new compose` for compose/kuma, recorded by iacgen 0.1.0.');
    expect(written).toContain('`iacgen update compose/kuma`');
  });
});

describe('answers in a record', () => {
  const generator = getGenerator('terraform', process.cwd());
  const inventory = () => loadInventory(tempDir()).inventory;

  it('records every question of the variant and each --set item as text (the last of a key)', async () => {
    const set = ['memory=2048', 'memory=4096'];
    const answers = await resolveAnswers(generator, inventory(), { variant: 'lxc', set }, { interactive: false, prompter: silent });
    const { answers: recorded } = answersToRecord(generator, answers, set);
    expect(recorded.memory).toBe('4096');
    expect(recorded.vm_id).toMatch(/^\d+$/);
    // Questions of another variant are not recorded.
    const vmOnly = generator.questions.filter((q) => q.variants && !q.variants.includes('lxc')).map((q) => q.key);
    for (const key of vmOnly) expect(recorded).not.toHaveProperty(key);
  });

  it('never records a secret-looking key', async () => {
    const config = getGenerator('config', process.cwd());
    const set = ['db_password=s3cret', 'api_token=t0ken', 'site_name=home'];
    const answers = await resolveAnswers(config, inventory(), { variant: 'kv-yaml', set }, { interactive: false, prompter: silent });
    const { answers: recorded, unrecorded } = answersToRecord(config, answers, set);
    expect(recorded.site_name).toBe('home');
    expect(unrecorded).toEqual(['api_token', 'db_password']);
    expect(JSON.stringify(recorded)).not.toMatch(/s3cret|t0ken/);
  });

  it('splits recorded answers into question flags and --set items, and what is given now wins', () => {
    const question = generator.questions[0]?.key as string;
    const given = recordToGiven(generator, { [question]: '7', extra_var: 'x' });
    expect(given).toEqual({ options: { [question]: '7' }, set: ['extra_var=x'] });
    const merged = overRecorded(given, { options: {}, set: [`${question}=9`, 'extra_var=y'] });
    expect(merged.options).toEqual({});
    expect(merged.set).toEqual([`${question}=9`, 'extra_var=y']);
    const kept = overRecorded(given, { options: {}, set: ['other=1'] });
    expect(kept).toEqual({ options: { [question]: '7' }, set: ['extra_var=x', 'other=1'] });
  });
});

describe('templateDigest', () => {
  it('changes when any file of the generator folder changes, and only then', () => {
    const dir = tempDir();
    writeTree(dir, { 'generator.yaml': 'id: x\n', 'variants/a.ejs': 'one\n' });
    const first = templateDigest(dir);
    expect(templateDigest(dir)).toBe(first);
    writeTree(dir, { 'variants/a.ejs': 'two\n' });
    expect(templateDigest(dir)).not.toBe(first);
    expect(first).toMatch(/^sha256:[0-9a-f]{64}$/);
  });
});
