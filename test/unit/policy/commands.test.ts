/**
 * `iacgen rules` and `iacgen explain`, the SARIF rule metadata and the checker manifest, all
 * read from the one registry.
 */
import { describe, expect, it } from 'vitest';
import { FILE_TYPES } from '../../../src/classify/tables.js';
import { runExplain, runRules } from '../../../src/commands/rules.js';
import type { Context } from '../../../src/context.js';
import { UsageError } from '../../../src/errors.js';
import { createPolicyChecker } from '../../../src/policy/checker.js';
import { rulesSettingsSchema } from '../../../src/policy/config.js';
import { sarifRuleDescriptor } from '../../../src/policy/describe.js';
import { RULE_DOCS } from '../../../src/policy/docs.js';
import { RULES } from '../../../src/policy/registry.js';
import { TEXT_FIXERS } from '../../../src/fix/fixers.js';
import { INVENTORY } from './helpers.js';

function fakeContext(): { context: Context; out: () => string } {
  let text = '';
  const context: Context = {
    cwd: process.cwd(),
    env: {},
    stdout: { write: (chunk: string) => (text += chunk) },
    stderr: { write: () => true },
    interactive: false,
    now: () => new Date('2025-01-15T00:00:00Z'),
  };
  return { context, out: () => text };
}

describe('the registry', () => {
  it('binds every documented rule, ids in kebab-case with a family prefix', () => {
    expect(RULES.map((r) => r.id)).toEqual(Object.keys(RULE_DOCS));
    for (const rule of RULES) {
      expect(rule.id).toMatch(/^(header|secret|destructive|env|ansible|compose|tf|py|sh|suppression)-[a-z0-9-]+$/);
      expect(rule.summary.length).toBeGreaterThan(5);
      expect(rule.why.length).toBeGreaterThan(20);
      expect(rule.fix.length).toBeGreaterThan(10);
      expect(rule.logic === null).toBe(rule.family === 'suppression');
    }
  });
});

describe('iacgen rules', () => {
  it('lists every rule with its set and default severity', async () => {
    const { context, out } = fakeContext();
    expect(await runRules(context, { json: false })).toBe(0);
    for (const rule of RULES) expect(out()).toMatch(new RegExp(`^  ${rule.id} +${rule.set} +${rule.severity} +\\S`, 'm'));
    expect(out()).toMatch(/^  tf-node-unknown +defects +warning +.*\(with an inventory in iacgen\.yaml\)$/m);
    expect(out()).toContain(`${RULES.length} rules`);
  });

  it('--json gives every field', async () => {
    const { context, out } = fakeContext();
    await runRules(context, { json: true });
    const parsed = JSON.parse(out()) as { rules: Array<Record<string, unknown>> };
    expect(parsed.rules).toHaveLength(RULES.length);
    expect(parsed.rules.find((r) => r.id === 'compose-restart-invalid')).toEqual({
      id: 'compose-restart-invalid',
      family: 'compose',
      set: 'defects',
      inventory: false,
      severity: 'error',
      summary: RULE_DOCS['compose-restart-invalid'].summary,
      fileTypes: ['compose'],
      why: RULE_DOCS['compose-restart-invalid'].why,
      fix: RULE_DOCS['compose-restart-invalid'].fix,
      fixable: null,
    });
    expect(parsed.rules.find((r) => r.id === 'compose-version-obsolete')?.fixable).toBe('safe');
    expect(parsed.rules.find((r) => r.id === 'sh-no-strict-mode')?.fixable).toBe('unsafe');
  });

  it('marks the rules a fixer repairs, from the fixer list', async () => {
    const { context, out } = fakeContext();
    await runRules(context, { json: false });
    const fixable = TEXT_FIXERS.flatMap((f) => f.handles.filter((h) => h.startsWith('iacgen:')).map((h) => [h.slice('iacgen:'.length), f.safety] as const));
    expect(fixable.length).toBeGreaterThanOrEqual(6);
    for (const [id, safety] of fixable) expect(out()).toMatch(new RegExp(`^  ${id} +.*\\(fixable: ${safety}\\)$`, 'm'));
    expect(out()).toMatch(/^  compose-privileged +defects +warning +`privileged: true`$/m);
  });
});

describe('iacgen explain', () => {
  it('prints why and how to fix, and how to suppress', async () => {
    const { context, out } = fakeContext();
    expect(await runExplain(context, 'tf-sensitive-default')).toBe(0);
    expect(out()).toContain('tf-sensitive-default (terraform, set: defects, default severity: error)');
    expect(out()).toContain('Set defects: on in every repository.');
    expect(out()).toContain(`Why: ${RULE_DOCS['tf-sensitive-default'].why}`);
    expect(out()).toContain(`How to fix: ${RULE_DOCS['tf-sensitive-default'].fix}`);
    expect(out()).toContain('# iacgen-ignore: tf-sensitive-default <reason>');
    expect(out()).not.toContain('Fixable');
  });

  it('says whether iacgen fix repairs the rule, and whether only with --unsafe', async () => {
    const safe = fakeContext();
    await runExplain(safe.context, 'compose-version-obsolete');
    expect(safe.out()).toContain('Fixable: `iacgen fix` repairs the findings it can repair mechanically (safe');
    const unsafe = fakeContext();
    await runExplain(unsafe.context, 'sh-no-strict-mode');
    expect(unsafe.out()).toContain('Fixable with `iacgen fix --unsafe`');
  });

  it('rejects an unknown id with a usage error naming close ids', async () => {
    const { context } = fakeContext();
    const error = await runExplain(context, 'compose-healthcheck').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).message).toBe("unknown rule 'compose-healthcheck'");
    expect((error as UsageError).hint).toContain('compose-no-healthcheck');
  });
});

describe('SARIF rule metadata', () => {
  it('describes a policy rule from the registry', () => {
    expect(sarifRuleDescriptor('secret-literal')).toEqual({
      id: 'secret-literal',
      name: 'SecretLiteral',
      shortDescription: { text: RULE_DOCS['secret-literal'].summary },
      fullDescription: { text: RULE_DOCS['secret-literal'].why },
      help: expect.objectContaining({ text: expect.stringContaining('TF_VAR_name') }),
      defaultConfiguration: { level: 'error' },
      properties: { tags: ['general', 'defects'] },
    });
    expect(sarifRuleDescriptor('header-missing')?.defaultConfiguration?.level).toBe('warning');
  });

  it('knows nothing of other ids', () => {
    expect(sarifRuleDescriptor('checker-missing')).toBeUndefined();
    expect(sarifRuleDescriptor('SC2086')).toBeUndefined();
  });
});

describe('the policy checker manifest', () => {
  it('is the built-in checker iacgen, for every file type but unknown, templates and vaults, in batches', () => {
    const checker = createPolicyChecker({ inventory: INVENTORY, rules: rulesSettingsSchema.parse({}), root: process.cwd() });
    expect(checker).toMatchObject({ kind: 'builtin', id: 'iacgen', mode: 'files', version: expect.stringMatching(/^iacgen \d/) });
    expect(checker.fileTypes).toEqual(FILE_TYPES.filter((t) => !['unknown', 'helm-template', 'jinja-template', 'ansible-vault'].includes(t)));
  });
});
