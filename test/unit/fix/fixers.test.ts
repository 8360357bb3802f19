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
import { CONTEXT, expectCommentsKept, fileOf, ruleDiagnostics } from './helpers.js';

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

describe('the fixers chained in list order (as the engine applies them)', () => {
  it.each([
    ['compose.yml', 'compose', '# The app stack.\nversion: "3"\nservices:\n  app:\n    image: x:1.0\n'],
    ['scripts/run.sh', 'shell', '#!/usr/bin/env bash\n# Runs the nightly job.\n\necho run\n'],
  ] as const)('%s: every fixed rule is clean afterwards, comments kept', async (relPath, type, text) => {
    let file = fileOf(relPath, type, text);
    const applied: string[] = [];
    for (const fixer of TEXT_FIXERS) {
      if (!fixer.fileTypes.includes(type)) continue;
      const ids = fixer.handles.filter((k) => k.startsWith('iacgen:')).map((k) => k.slice(7));
      const findings = (await Promise.all(ids.map((id) => ruleDiagnostics(id, file)))).flat();
      if (findings.length === 0) continue;
      const fixed = fixer.apply(file, findings, CONTEXT);
      if (fixed === undefined) continue;
      applied.push(fixer.id);
      file = { ...file, text: fixed };
    }
    for (const [id] of RULE_KEYS) if (ruleById(id)?.logic?.fileTypes.includes(type)) expect(await ruleDiagnostics(id, file), id).toEqual([]);
    expect(applied.length).toBeGreaterThanOrEqual(2);
    expectCommentsKept(text, file.text);
    if (type === 'shell') {
      expect(file.text).toBe('#!/usr/bin/env bash\n# File: scripts/run.sh\n# Purpose: Runs the nightly job.\n# Author: Ada Lovelace\n# Date: 2026-12-06\nset -euo pipefail\n\n# Runs the nightly job.\n\necho run\n');
    } else {
      expect(file.text).toBe('# File: compose.yml\n# Purpose: The app stack.\n# Author: Ada Lovelace\n# Date: 2026-12-06\n\n# The app stack.\nservices:\n  app:\n    image: x:1.0\n    restart: unless-stopped\n');
    }
  });
});
