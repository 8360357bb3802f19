/**
 * The header fixers: each runs on a rule's bad fixture (or a small inline file), then the rule
 * itself runs on the result and finds nothing; the other header rules find nothing either; only
 * the header lines are added or changed, every comment line is kept, and the file loads as before.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { headerIncompleteFix, headerMissingFix, headerPathMismatchFix, toIsoDate } from '../../../src/policy/rules/header.js';
import { badFixture, CONTEXT, expectCommentsKept, fileOf, fixAndRecheck, lineDiff, ruleDiagnostics } from './helpers.js';

const data = (text: string): unknown => parseAllDocuments(text).map((d) => d.toJS());

async function noHeaderFindings(file: Parameters<typeof ruleDiagnostics>[1]): Promise<void> {
  for (const id of ['header-missing', 'header-incomplete', 'header-path-mismatch']) expect(await ruleDiagnostics(id, file)).toEqual([]);
}

describe('header-missing', () => {
  it('playbook: the header after ---, its Purpose from the play name', async () => {
    const file = badFixture('header-missing', 'playbook.yml', 'ansible-playbook');
    const fixed = await fixAndRecheck(headerMissingFix, 'header-missing', file);
    expect(fixed.split('\n').slice(0, 7)).toEqual([
      '---',
      '# File: fixtures/rules/header-missing/bad/playbook.yml',
      '# Purpose: Configure the web servers',
      '# Author: Ada Lovelace',
      '# Date: 2026-12-06',
      '',
      '- name: Configure the web servers',
    ]);
    expect(lineDiff(file.text, fixed)).toEqual({ removed: [], added: [...fixed.split('\n').slice(1, 6).map((l) => `${l}\n`)] });
    expect(data(fixed)).toEqual(data(file.text));
    await noHeaderFindings({ ...file, text: fixed });
  });

  it('shell: after the shebang, with the given purpose; bash -n still passes', async () => {
    const file = badFixture('header-missing', 'backup.sh', 'shell');
    const fixed = await fixAndRecheck(headerMissingFix, 'header-missing', file, { ...CONTEXT, purpose: 'Back up the database' });
    expect(fixed).toBe(
      '#!/usr/bin/env bash\n# File: fixtures/rules/header-missing/bad/backup.sh\n# Purpose: Back up the database\n# Author: Ada Lovelace\n# Date: 2026-12-06\n\nset -euo pipefail\necho "no header"\n',
    );
    expect(lineDiff(file.text, fixed).removed).toEqual([]);
    execFileSync('bash', ['-n'], { input: fixed });
    await noHeaderFindings({ ...file, text: fixed });
  });

  it('YAML: Purpose from the leading comment, which stays', async () => {
    const file = badFixture('header-missing', 'notes.yml', 'yaml');
    const fixed = await fixAndRecheck(headerMissingFix, 'header-missing', file);
    expect(fixed).toContain('# Purpose: Just a comment, not a header.\n');
    expectCommentsKept(file.text, fixed);
    expect(lineDiff(file.text, fixed).removed).toEqual([]);
    expect(data(fixed)).toEqual(data(file.text));
  });

  it('.tf.json: a "//" property, and the JSON is the same otherwise', async () => {
    const file = badFixture('header-missing', 'terraform/outputs.tf.json', 'terraform');
    const fixed = await fixAndRecheck(headerMissingFix, 'header-missing', file, { ...CONTEXT, purpose: 'Outputs' });
    const parsed = JSON.parse(fixed) as Record<string, unknown>;
    expect(parsed['//']).toEqual(['File: fixtures/rules/header-missing/bad/terraform/outputs.tf.json', 'Purpose: Outputs', 'Author: Ada Lovelace', 'Date: 2026-12-06']);
    delete parsed['//'];
    expect(parsed).toEqual(JSON.parse(file.text));
    expect(lineDiff(file.text, fixed).removed).toEqual([]);
    await noHeaderFindings({ ...file, text: fixed });
  });

  it('.tofu: # comments as in a .tf; .tofu.json: a "//" property', async () => {
    const tofu = fileOf('tofu/web/main.tofu', 'terraform', 'variable "node" {\n  type = string\n}\n');
    const fixed = await fixAndRecheck(headerMissingFix, 'header-missing', tofu, { ...CONTEXT, purpose: 'The web guest' });
    expect(fixed).toBe('# File: tofu/web/main.tofu\n# Purpose: The web guest\n# Author: Ada Lovelace\n# Date: 2026-12-06\n\nvariable "node" {\n  type = string\n}\n');
    await noHeaderFindings({ ...tofu, text: fixed });
    const json = fileOf('tofu/web/out.tofu.json', 'terraform', '{\n  "output": {"o": {"value": 1}}\n}\n');
    const fixedJson = await fixAndRecheck(headerMissingFix, 'header-missing', json, { ...CONTEXT, purpose: 'Outputs' });
    expect((JSON.parse(fixedJson) as Record<string, unknown>)['//']).toEqual(['File: tofu/web/out.tofu.json', 'Purpose: Outputs', 'Author: Ada Lovelace', 'Date: 2026-12-06']);
  });

  it('keeps the lines that must stay first: a Python coding line, Dockerfile directives, #cloud-config', async () => {
    const py = fileOf('tools/check.py', 'python', '#!/usr/bin/env python3\n# -*- coding: utf-8 -*-\n"""Check the backups.\n\nMore text.\n"""\nimport sys\n');
    const fixedPy = await fixAndRecheck(headerMissingFix, 'header-missing', py);
    expect(fixedPy.split('\n').slice(0, 4)).toEqual(['#!/usr/bin/env python3', '# -*- coding: utf-8 -*-', '# File: tools/check.py', '# Purpose: Check the backups.']);
    execFileSync('python3', ['-c', 'import sys; compile(sys.stdin.read(), "x", "exec")'], { input: fixedPy });

    const docker = fileOf('app/Dockerfile', 'dockerfile', '# syntax=docker/dockerfile:1\nFROM debian:12.8-slim\n');
    const fixedDocker = await fixAndRecheck(headerMissingFix, 'header-missing', docker, { ...CONTEXT, purpose: 'App image' });
    expect(fixedDocker.split('\n').slice(0, 2)).toEqual(['# syntax=docker/dockerfile:1', '# File: app/Dockerfile']);

    const cloud = fileOf('cloud/user-data.yml', 'cloud-init', '#cloud-config\npackages: [curl]\n');
    const fixedCloud = await fixAndRecheck(headerMissingFix, 'header-missing', cloud, { ...CONTEXT, purpose: 'Guest set-up' });
    expect(fixedCloud.split('\n').slice(0, 2)).toEqual(['#cloud-config', '# File: cloud/user-data.yml']);
    expect(data(fixedCloud)).toEqual(data(cloud.text));
  });

  it('a role meta description is the Purpose; CRLF files stay CRLF', async () => {
    const meta = fileOf('roles/web/meta/main.yml', 'yaml', '---\r\ngalaxy_info:\r\n  description: Install and configure nginx\r\n  author: x\r\n');
    const fixed = await fixAndRecheck(headerMissingFix, 'header-missing', meta);
    expect(fixed).toContain('# Purpose: Install and configure nginx\r\n');
    expect(fixed.replace(/\r\n/g, '')).not.toContain('\n');
  });

  it('no purpose given and none in the file: not fixed', async () => {
    const file = fileOf('vars/x.yml', 'yaml', 'key: value\n');
    const findings = await ruleDiagnostics('header-missing', file);
    expect(findings).toHaveLength(1);
    expect(headerMissingFix.apply(file, findings, CONTEXT)).toBeUndefined();
    expect(headerMissingFix.apply(file, findings, { ...CONTEXT, purpose: 'Variables' })).toContain('# Purpose: Variables\n');
  });
});

describe('header-incomplete', () => {
  it('adds the missing Author: in its place, in the block\'s prefix', async () => {
    const file = badFixture('header-incomplete', 'settings.toml', 'toml');
    const fixed = await fixAndRecheck(headerIncompleteFix, 'header-incomplete', file);
    expect(lineDiff(file.text, fixed)).toEqual({ removed: [], added: ['# Author: Ada Lovelace\n'] });
    expect(fixed.split('\n')[2]).toBe('# Author: Ada Lovelace');
    expectCommentsKept(file.text, fixed);
    await noHeaderFindings({ ...file, text: fixed });
  });

  it('rewrites an unambiguous date as YYYY-MM-DD; an ambiguous one is not fixed', async () => {
    const file = badFixture('header-incomplete', 'Dockerfile', 'dockerfile');
    const fixed = await fixAndRecheck(headerIncompleteFix, 'header-incomplete', file);
    expect(lineDiff(file.text, fixed)).toEqual({ removed: ['# Date: 15/01/2025\n'], added: ['# Date: 2025-01-15\n'] });
    const ambiguous = { ...file, text: file.text.replace('15/01/2025', '03/04/2025') };
    expect(headerIncompleteFix.apply(ambiguous, await ruleDiagnostics('header-incomplete', ambiguous), CONTEXT)).toBeUndefined();
    expect([toIsoDate('2025/1/5'), toIsoDate('01/15/2025'), toIsoDate('2025-02-30'), toIsoDate('2025-01-15T10:00:00Z')]).toEqual(['2025-01-05', '2025-01-15', undefined, '2025-01-15']);
  });

  it('adds several fields in order, fills an empty one; no Purpose known: not fixed', async () => {
    const file = fileOf('scripts/x.sh', 'shell', '#!/usr/bin/env bash\n# Purpose:\n# Author: Bob\necho hi\n');
    expect(headerIncompleteFix.apply(file, await ruleDiagnostics('header-incomplete', file), CONTEXT)).toBeUndefined();
    const fixed = await fixAndRecheck(headerIncompleteFix, 'header-incomplete', file, { ...CONTEXT, purpose: 'Say hi' });
    expect(fixed).toBe('#!/usr/bin/env bash\n# File: scripts/x.sh\n# Purpose: Say hi\n# Author: Bob\n# Date: 2026-12-06\necho hi\n');
  });
});

describe('header-path-mismatch', () => {
  it('sets File: to the path from the repository root, nothing else', async () => {
    const file = badFixture('header-path-mismatch', 'vars.yml', 'ansible-vars');
    const fixed = await fixAndRecheck(headerPathMismatchFix, 'header-path-mismatch', file);
    expect(lineDiff(file.text, fixed)).toEqual({
      removed: ['# File: roles/app/vars/main.yml\n'],
      added: ['# File: fixtures/rules/header-path-mismatch/bad/vars.yml\n'],
    });
    expect(data(fixed)).toEqual(data(file.text));
  });

  it('in a Python docstring, keeps the closing quotes', async () => {
    const file = fileOf('tools/a.py', 'python', '"""File: tools/b.py\nPurpose: x\nAuthor: y\nDate: 2025-01-15"""\n');
    const moved = { ...file, text: '"""Purpose: x\nAuthor: y\nDate: 2025-01-15\nFile: tools/b.py"""\n' };
    const fixed = await fixAndRecheck(headerPathMismatchFix, 'header-path-mismatch', moved);
    expect(fixed).toBe('"""Purpose: x\nAuthor: y\nDate: 2025-01-15\nFile: tools/a.py"""\n');
    expect(await fixAndRecheck(headerPathMismatchFix, 'header-path-mismatch', file)).toBe('"""File: tools/a.py\nPurpose: x\nAuthor: y\nDate: 2025-01-15"""\n');
  });
});
