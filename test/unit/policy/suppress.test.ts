/**
 * Suppressions in the file (`# iacgen-ignore: <rule-id> <reason>`) and the `rules:` settings
 * of iacgen.yaml (severity, `off`, per-path overrides), through the policy checker.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { rulesSettingsSchema } from '../../../src/policy/config.js';
import { tempDir, writeTree } from '../../helpers.js';
import { runPolicy } from './helpers.js';

/** A Compose file with a full header and one finding (`privileged: true`) at line `7 + extra lines`. */
function composeFile(rel: string, privilegedLines: string): string {
  return `---
# File: ${rel}
# Purpose: test
# Author: test
# Date: 2025-01-15
services:
  app:
    image: nginx:1.27.3
    restart: unless-stopped
    healthcheck:
      test: ["CMD", "true"]
    mem_limit: 128m
    cpus: 0.5
${privilegedLines}
`;
}

async function findings(rel: string, privilegedLines: string, rules?: unknown): Promise<string[]> {
  const dir = tempDir();
  writeTree(dir, { [rel]: composeFile(rel, privilegedLines) });
  const found = await runPolicy(dir, [rel], { root: dir, rules });
  return found.map((d) => `${d.line} ${d.rule} ${d.severity}`);
}

describe('suppressions', () => {
  it('without one, the finding is reported', async () => {
    expect(await findings('compose.yml', '    privileged: true')).toEqual(['14 compose-privileged warning']);
  });

  it('on the line above, with a reason, suppress it', async () => {
    expect(await findings('compose.yml', '    # iacgen-ignore: compose-privileged needs /dev/kvm\n    privileged: true')).toEqual([]);
  });

  it('on the line itself, with a reason, suppress it', async () => {
    expect(await findings('compose.yml', '    privileged: true  # iacgen-ignore: compose-privileged needs /dev/kvm')).toEqual([]);
  });

  it('two lines above do not', async () => {
    expect(await findings('compose.yml', '    # iacgen-ignore: compose-privileged needs /dev/kvm\n    init: true\n    privileged: true')).toEqual([
      '14 suppression-unused warning',
      '16 compose-privileged warning',
    ]);
  });

  it('name several rules separated by commas', async () => {
    expect(await findings('compose.yml', '    # iacgen-ignore: compose-privileged,compose-image-unpinned legacy host\n    privileged: true')).toEqual([
      '14 suppression-unused warning',
    ]);
  });

  it('need a reason: without one the finding stays and the comment is reported', async () => {
    expect(await findings('compose.yml', '    # iacgen-ignore: compose-privileged\n    privileged: true')).toEqual([
      '14 suppression-invalid warning',
      '15 compose-privileged warning',
    ]);
  });

  it('of an unknown rule are reported', async () => {
    expect(await findings('compose.yml', '    # iacgen-ignore: compose-priviledged typo\n    privileged: true')).toEqual([
      '14 suppression-invalid warning',
      '15 compose-privileged warning',
    ]);
  });

  it('of a rule turned off are not reported as unused', async () => {
    expect(await findings('compose.yml', '    # iacgen-ignore: compose-privileged needs /dev/kvm\n    privileged: true', { 'compose-privileged': 'off' })).toEqual([]);
  });

  it('inside a YAML string are not suppressions', async () => {
    expect(await findings('compose.yml', '    privileged: true\n    labels: ["# iacgen-ignore: compose-privileged in a string"]')).toEqual(['14 compose-privileged warning']);
  });
});

describe('rules: settings', () => {
  it('change a severity', async () => {
    expect(await findings('compose.yml', '    privileged: true', { 'compose-privileged': 'error' })).toEqual(['14 compose-privileged error']);
  });

  it('turn a rule off', async () => {
    expect(await findings('compose.yml', '    privileged: true', { 'compose-privileged': 'off' })).toEqual([]);
  });

  it('apply overrides to matching paths only, later overrides winning', async () => {
    const rules = {
      'compose-privileged': 'info',
      overrides: [
        { paths: ['legacy/**'], rules: { 'compose-privileged': 'off' } },
        { paths: ['legacy/kvm/'], rules: { 'compose-privileged': 'error' } },
      ],
    };
    expect(await findings('compose.yml', '    privileged: true', rules)).toEqual(['14 compose-privileged info']);
    expect(await findings('legacy/old/compose.yml', '    privileged: true', rules)).toEqual([]);
    expect(await findings('legacy/kvm/compose.yml', '    privileged: true', rules)).toEqual(['14 compose-privileged error']);
  });

  it('set the severity of suppression findings too', async () => {
    expect(await findings('compose.yml', '    # iacgen-ignore: compose-privileged\n    privileged: true', { 'suppression-invalid': 'error' })).toEqual([
      '14 suppression-invalid error',
      '15 compose-privileged warning',
    ]);
  });

  it('default to no settings when iacgen.yaml has no rules: key (as settingsSchema uses it)', () => {
    expect(z.object({ rules: rulesSettingsSchema.prefault({}) }).parse({})).toEqual({ rules: { overrides: [] } });
  });

  it('reject unknown rule ids and severities, at the top and in overrides', () => {
    const issues = (value: unknown): string[] =>
      rulesSettingsSchema.safeParse(value).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? [];
    expect(issues({ 'compose-privileged': 'off', overrides: [{ paths: ['a/**'], rules: { 'header-missing': 'info' } }] })).toEqual([]);
    expect(issues({ 'no-such-rule': 'off' })).toEqual(["no-such-rule: unknown rule 'no-such-rule' (iacgen rules lists them)"]);
    expect(issues({ overrides: [{ paths: ['a/**'], rules: { 'no-such-rule': 'off' } }] })).toEqual([
      "overrides.0.rules.no-such-rule: unknown rule 'no-such-rule' (iacgen rules lists them)",
    ]);
    expect(issues({ 'header-missing': 'sometimes' })).toHaveLength(1);
    expect(issues({ overrides: [{ paths: [], rules: {} }] })).toHaveLength(1);
    expect(issues({ overrides: [{ paths: ['a'], rules: {}, severity: 'off' }] })).toHaveLength(1);
  });
});
