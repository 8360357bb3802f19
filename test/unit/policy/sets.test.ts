/**
 * The rule sets (`defects`, `house`): which rules run where `iacgen.yaml` says nothing, says
 * `sets:`, gives a rule a severity or overrides a path; the `sets` setting's errors; and the
 * inventory rules, which run only against the repository's own inventory.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load.js';
import { ConfigError } from '../../../src/errors.js';
import { defaultRuleSets, rulesSettingsSchema, severities } from '../../../src/policy/config.js';
import { RULES } from '../../../src/policy/registry.js';
import { validate } from '../../../src/validate/engine.js';
import { REPO_ROOT, tempDir, tempRepo, writeTree } from '../../helpers.js';
import { listFiles, runPolicy } from './helpers.js';

/** A Compose file without a header, healthcheck or limits (house findings), privileged (a defect). */
const COMPOSE = 'services:\n  app:\n    image: nginx:1.27.3\n    restart: unless-stopped\n    privileged: true\n';

async function rulesFound(options: { rules?: unknown; sets?: readonly ('defects' | 'house')[]; rel?: string }): Promise<string[]> {
  const dir = tempDir();
  const rel = options.rel ?? 'compose.yml';
  writeTree(dir, { [rel]: COMPOSE });
  const found = await runPolicy(dir, [rel], { root: dir, rules: options.rules, ...(options.sets ? { sets: options.sets } : {}) });
  return [...new Set(found.map((d) => `${d.rule} ${d.severity}`))].sort();
}

describe('rule sets', () => {
  it('every rule belongs to one of the two sets', () => {
    expect(new Set(RULES.map((r) => r.set))).toEqual(new Set(['defects', 'house']));
  });

  it("the README's rules table lists every rule with its set and severity, in registry order", () => {
    const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
    const rows = [...readme.matchAll(/^\| `([a-z0-9-]+)` \| (defects|house) \| (error|warning|info) \| /gm)].map((m) => `${m[1]} ${m[2]} ${m[3]}`);
    expect(rows).toEqual(RULES.map((r) => `${r.id} ${r.set} ${r.severity}`));
  });

  it('without iacgen.yaml only defects are on; with one (no sets:) both', () => {
    expect(defaultRuleSets(false)).toEqual(['defects']);
    expect(defaultRuleSets(true)).toEqual(['defects', 'house']);
  });

  it('defects only: the house rules are off, the defect rules keep their severity', async () => {
    expect(await rulesFound({ sets: ['defects'] })).toEqual(['compose-privileged warning']);
  });

  it('both sets: the house rules report too', async () => {
    expect(await rulesFound({ sets: ['defects', 'house'] })).toEqual([
      'compose-no-healthcheck warning',
      'compose-no-resource-limits warning',
      'compose-privileged warning',
      'header-missing warning',
    ]);
  });

  it('rules.sets wins over the default sets', async () => {
    expect(await rulesFound({ sets: ['defects'], rules: { sets: ['defects', 'house'] } })).toContain('header-missing warning');
    expect(await rulesFound({ rules: { sets: ['defects'] } })).toEqual(['compose-privileged warning']);
  });

  it('a rule given a severity is on whatever its set; `off` turns a defect rule off', async () => {
    expect(await rulesFound({ sets: ['defects'], rules: { 'header-missing': 'error', 'compose-privileged': 'off' } })).toEqual(['header-missing error']);
    expect(await rulesFound({ rules: { sets: [], 'compose-no-healthcheck': 'info' } })).toEqual(['compose-no-healthcheck info']);
  });

  it('an override can change the sets of matching paths, and its severities still win', async () => {
    const rules = { sets: ['defects', 'house'], overrides: [{ paths: ['vendor/**'], sets: ['defects'] }, { paths: ['vendor/keep/**'], rules: { 'header-missing': 'info' } }] };
    expect(await rulesFound({ rules, rel: 'compose.yml' })).toContain('compose-no-healthcheck warning');
    expect(await rulesFound({ rules, rel: 'vendor/x/compose.yml' })).toEqual(['compose-privileged warning']);
    expect(await rulesFound({ rules, rel: 'vendor/keep/compose.yml' })).toEqual(['compose-privileged warning', 'header-missing info']);
  });

  it('severities() reads the sets per path', () => {
    const settings = rulesSettingsSchema.parse({ overrides: [{ paths: ['third_party/**'], sets: ['defects'] }] });
    const severityFor = severities(settings, ['defects', 'house']);
    expect(severityFor('compose.yml')('sh-no-strict-mode')).toBe('warning');
    expect(severityFor('third_party/a.sh')('sh-no-strict-mode')).toBe('off');
    expect(severityFor('third_party/a.sh')('secret-literal')).toBe('error');
  });
});

describe('the sets setting', () => {
  const issues = (value: unknown): string[] => rulesSettingsSchema.safeParse(value).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? [];

  it('accepts lists of known sets, at the top and in overrides', () => {
    expect(issues({ sets: ['defects', 'house'], overrides: [{ paths: ['a/**'], sets: ['defects'] }] })).toEqual([]);
    expect(issues({ sets: [] })).toEqual([]);
  });

  it('rejects an unknown set and a set that is not in a list, naming the key', () => {
    expect(issues({ sets: ['defects', 'houses'] })).toEqual(['sets.1: unknown rule set "houses": the sets are defects and house']);
    expect(issues({ sets: 'house' })).toEqual(['sets: must be a list of rule sets, such as [defects, house]']);
    expect(issues({ overrides: [{ paths: ['a'], sets: ['style'] }] })).toEqual(['overrides.0.sets.0: unknown rule set "style": the sets are defects and house']);
  });

  it('a bad sets value in iacgen.yaml is a config error (exit 2) naming the file, line and key', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'iacgen.yaml'), 'exclude: []\nrules:\n  sets: [defects, style]\n');
    let error: unknown;
    try {
      loadConfig(dir);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).exitCode).toBe(2);
    expect((error as ConfigError).message).toBe('iacgen.yaml:3:19: rules.sets[1]: unknown rule set "style": the sets are defects and house');
  });

  it('the iacgen.yaml that iacgen init writes turns both sets on', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'iacgen.yaml'), readFileSync(path.join(REPO_ROOT, 'templates', 'init', 'iacgen-rules.yaml'), 'utf8'));
    expect(loadConfig(dir).settings.rules.sets).toEqual(['defects', 'house']);
  });
});

describe('inventory rules', () => {
  const inventoryRules = RULES.filter((r) => r.inventory);

  it('are the rules that cross-check targets against the inventory', () => {
    expect(inventoryRules.map((r) => r.id).sort()).toEqual(['ansible-hosts-unknown', 'ansible-inventory-out-of-step', 'tf-node-unknown', 'tf-vm-id-collision', 'tf-vm-id-unknown']);
  });

  it.each(inventoryRules.map((r) => r.id))('%s reports nothing on its bad fixtures without an inventory', async (id) => {
    const dir = path.join(REPO_ROOT, 'fixtures', 'rules', id);
    const files = listFiles(dir, 'bad');
    expect((await runPolicy(dir, files, { root: REPO_ROOT })).filter((d) => d.rule === id)).not.toEqual([]);
    expect((await runPolicy(dir, files, { root: REPO_ROOT, inventory: null })).filter((d) => d.rule === id)).toEqual([]);
  });
});

describe('validate, by what iacgen.yaml the repository has', () => {
  const files = {
    'compose.yml': COMPOSE,
    'site.yml': '---\n- name: Configure\n  hosts: nosuchgroup\n  tasks:\n    - name: Ping\n      ansible.builtin.ping:\n',
  };
  const INVENTORY_YAML = 'proxmox:\n  node: pve\n  api: https://10.0.0.2:8006/\nguests:\n  - {id: 300, type: ct, name: edge, groups: [web]}\n';

  async function rules(config: string | undefined): Promise<string[]> {
    const repo = tempRepo(config === undefined ? files : { ...files, 'iacgen.yaml': config });
    const settings = loadConfig(repo).settings;
    const result = await validate({ cwd: repo, paths: ['compose.yml', 'site.yml'], settings, only: ['iacgen'], cache: false, versions: false });
    return [...new Set(result.files.flatMap((f) => f.diagnostics.map((d) => d.rule)))].sort();
  }

  it('none: defects only, and no inventory cross-check against the embedded homelab', async () => {
    expect(await rules(undefined)).toEqual(['compose-privileged']);
  });

  it('one without sets: or an inventory: both sets, still no inventory cross-check', async () => {
    expect(await rules('exclude: []\n')).toEqual(['compose-no-healthcheck', 'compose-no-resource-limits', 'compose-privileged', 'header-missing']);
  });

  it('one with an inventory: the inventory cross-checks run against it', async () => {
    expect(await rules(`${INVENTORY_YAML}rules:\n  sets: [defects]\n`)).toEqual(['ansible-hosts-unknown', 'compose-privileged']);
  });
});
