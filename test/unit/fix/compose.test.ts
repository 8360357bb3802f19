/**
 * The Compose fixers: on the rules' bad fixtures, then the rule itself finds nothing (or only
 * what is deliberately left), comment lines survive, and the file loads to the same data but
 * for the repaired key.
 */
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { composeVersionObsoleteFix } from '../../../src/policy/rules/compose/exposure.js';
import { composeRestartPolicyFix } from '../../../src/policy/rules/compose/runtime.js';
import { badFixture, CONTEXT, expectCommentsKept, fileOf, fixAndRecheck, lineDiff, ruleDiagnostics } from './helpers.js';

type Services = Record<string, Record<string, unknown>>;

describe('compose-version-obsolete', () => {
  it('deletes the version: line and nothing else', async () => {
    const file = badFixture('compose-version-obsolete', 'compose.yml', 'compose');
    const fixed = await fixAndRecheck(composeVersionObsoleteFix, 'compose-version-obsolete', file);
    expect(lineDiff(file.text, fixed)).toEqual({ removed: ['version: "3.8"\n'], added: [] });
    expectCommentsKept(file.text, fixed);
    const { version, ...rest } = parse(file.text) as Record<string, unknown>;
    expect(version).toBe('3.8');
    expect(parse(fixed)).toEqual(rest);
  });

  it('keeps the comment lines around it, in every document; a flow mapping is not fixed', async () => {
    const text = '# top\nversion: \'3\'  # old format\n# services follow\nservices:\n  a:\n    image: x:1\n---\nversion:\n  "2.4"\nservices: {}\n';
    const fixed = await fixAndRecheck(composeVersionObsoleteFix, 'compose-version-obsolete', fileOf('compose.yml', 'compose', text));
    expect(fixed).toBe('# top\n# services follow\nservices:\n  a:\n    image: x:1\n---\nservices: {}\n');
    const flow = fileOf('compose.yml', 'compose', '{version: "3", services: {}}\n');
    expect(composeVersionObsoleteFix.apply(flow, await ruleDiagnostics('compose-version-obsolete', flow), CONTEXT)).toBeUndefined();
  });
});

describe('compose-restart-policy', () => {
  it('is unsafe: a service meant to stay down comes back up', () => {
    expect(composeRestartPolicyFix.safety).toBe('unsafe');
  });

  it('adds restart: unless-stopped after image:, indented like the siblings; leaves a deliberate on-failure alone', async () => {
    const file = badFixture('compose-restart-policy', 'compose.yml', 'compose');
    const before = await ruleDiagnostics('compose-restart-policy', file);
    expect(before.map((d) => d.line)).toEqual([7, 15]);
    const fixed = composeRestartPolicyFix.apply(file, before, CONTEXT) as string;
    expect(lineDiff(file.text, fixed)).toEqual({ removed: [], added: ['    restart: unless-stopped\n'] });
    expect(fixed.split('\n').slice(6, 9)).toEqual(['  app:', '    image: ghcr.io/homelab/app:1.4.2', '    restart: unless-stopped']);
    const after = await ruleDiagnostics('compose-restart-policy', { ...file, text: fixed });
    expect(after.map((d) => d.message)).toEqual(["service 'web' has restart: on-failure:3: use unless-stopped or always"]);
    const services = (parse(fixed) as { services: Services }).services;
    const original = (parse(file.text) as { services: Services }).services;
    expect(services).toEqual({ ...original, app: { ...original.app, restart: 'unless-stopped' } });
    expectCommentsKept(file.text, fixed);
  });

  it('without image: right under the service name; comments and 4-space indents kept', async () => {
    const text = 'services:\n    # the builder\n    app:\n        # built here\n        build: .\n        healthcheck: {test: ["CMD", "true"]}\n    db:\n        image: postgres:16.4\n        restart: always\n';
    const file = fileOf('compose.yml', 'compose', text);
    const fixed = await fixAndRecheck(composeRestartPolicyFix, 'compose-restart-policy', file);
    expect(fixed).toBe(text.replace('    app:\n', '    app:\n        restart: unless-stopped\n'));
    expect(parseAllDocuments(fixed).every((d) => d.errors.length === 0)).toBe(true);
  });
});
