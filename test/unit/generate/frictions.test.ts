/**
 * The smaller frictions of `iacgen new` (issue 16): a default variant for every generator,
 * per-variant questions only, the generic Compose variant's container port and data path, the
 * `--set` variables shown per variant, and notes worded from the inventory in use.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { listGenerators } from '../../../src/commands/list.js';
import { settingsSchema } from '../../../src/config/schema.js';
import { UsageError } from '../../../src/errors.js';
import { resolveAnswers, type AnswerSources, type GivenAnswers } from '../../../src/generate/answers.js';
import { defaultVariant, generatorManifestSchema } from '../../../src/generate/manifest.js';
import { variablesHelp, variantVariables } from '../../../src/generate/options.js';
import type { Prompter } from '../../../src/generate/prompter.js';
import { GENERATORS, getGenerator } from '../../../src/generate/registry.js';
import { renderGenerator } from '../../../src/generate/render.js';
import { inventorySchema } from '../../../src/inventory/schema.js';
import { loadInventory } from '../../../src/inventory/load.js';
import { TEMPLATES_DIR } from '../../../src/util/paths.js';
import { tempDir, tempRepo } from '../../helpers.js';

const NO_USER_TEMPLATES = path.join(path.sep, 'nonexistent-iacgen-root');
const reference = () => loadInventory(tempDir()).inventory;
const silent: Prompter = {
  select: () => Promise.reject(new Error('prompted')),
  input: () => Promise.reject(new Error('prompted')),
  confirm: () => Promise.reject(new Error('prompted')),
};
const nonInteractive: AnswerSources = { interactive: false, prompter: silent };

/** A prompter that takes every default and records the messages it was asked. */
function recording(): { asked: string[]; sources: AnswerSources } {
  const asked: string[] = [];
  const prompter: Prompter = {
    select: async (message, choices, fallback) => {
      asked.push(message);
      return fallback ?? (choices[0]?.value as string);
    },
    input: async (message, fallback) => {
      asked.push(message);
      return fallback;
    },
    confirm: async () => true,
  };
  return { asked, sources: { interactive: true, prompter } };
}

describe('every built-in generator has a default variant', () => {
  it.each([...GENERATORS])('%s marks exactly one variant default: true, and --yes alone takes it', async (id) => {
    const raw = parse(readFileSync(path.join(TEMPLATES_DIR, id, 'generator.yaml'), 'utf8')) as { variants: Array<{ id: string; default?: boolean }> };
    const marked = raw.variants.filter((v) => v.default === true).map((v) => v.id);
    expect(marked).toHaveLength(1);
    const generator = getGenerator(id, NO_USER_TEMPLATES);
    expect(defaultVariant(generator).id).toBe(marked[0]);
    const answers = await resolveAnswers(generator, reference(), { name: 'x' }, nonInteractive);
    expect(answers.variant.id).toBe(marked[0]);
  });

  it('takes shell generic for `new shell --name x --yes`', async () => {
    const answers = await resolveAnswers(getGenerator('shell', NO_USER_TEMPLATES), reference(), { name: 'x' }, nonInteractive);
    expect(answers.variant.id).toBe('generic');
  });

  it('starts the variant prompt on the default variant', async () => {
    let started: string | undefined;
    const prompter: Prompter = { ...silent, select: async (_m, _c, fallback) => (started = fallback) as string, input: async (_m, d) => d };
    await resolveAnswers(getGenerator('compose', NO_USER_TEMPLATES), reference(), { target: 'none', name: 'x' }, { interactive: true, prompter });
    expect(started).toBe('generic');
  });

  it('refuses a manifest with two default variants or a question for a variant it lacks', () => {
    const manifest = parse(readFileSync(path.join(TEMPLATES_DIR, 'shell', 'generator.yaml'), 'utf8')) as Record<string, unknown> & { variants: Array<Record<string, unknown>>; questions: Array<Record<string, unknown>> };
    expect(generatorManifestSchema.safeParse(manifest).success).toBe(true);
    const twoDefaults = { ...manifest, variants: manifest.variants.map((v) => ({ ...v, default: true })) };
    expect(JSON.stringify(generatorManifestSchema.safeParse(twoDefaults).error?.issues)).toMatch(/only one variant may be the default/);
    const badQuestion = { ...manifest, questions: [{ ...manifest.questions[0], variants: ['nope'] }] };
    expect(JSON.stringify(generatorManifestSchema.safeParse(badQuestion).error?.issues)).toMatch(/no variant 'nope'/);
  });
});

describe('per-variant questions are asked only of their variants', () => {
  const terraform = getGenerator('terraform', NO_USER_TEMPLATES);

  it('does not ask the LXC variant for a VM template, nor vm-clone for an OS template', async () => {
    const lxc = recording();
    await resolveAnswers(terraform, reference(), { variant: 'lxc', name: 'ct' }, lxc.sources);
    expect(lxc.asked.some((m) => /template to clone/i.test(m))).toBe(false);
    expect(lxc.asked.some((m) => /OS template/.test(m))).toBe(true);
    const vm = recording();
    const answers = await resolveAnswers(terraform, reference(), { variant: 'vm-clone', name: 'vm' }, vm.sources);
    expect(vm.asked.some((m) => /template to clone/i.test(m))).toBe(true);
    expect(vm.asked.some((m) => /OS template/.test(m))).toBe(false);
    expect(typeof answers.vars.template_vm_id).toBe('number');
  });

  it('does not ask shell generic for the backup retention', async () => {
    const run = recording();
    await resolveAnswers(getGenerator('shell', NO_USER_TEMPLATES), reference(), { variant: 'generic', name: 'x' }, run.sources);
    expect(run.asked.some((m) => /backups/.test(m))).toBe(false);
  });
});

describe('the generic Compose variant asks for the container port and data path', () => {
  const compose = getGenerator('compose', NO_USER_TEMPLATES);
  const given = (extra: Partial<GivenAnswers>): GivenAnswers => ({ variant: 'generic', target: 'none', name: 'kuma', ...extra });

  it('asks image, container port, data path, then the host port', async () => {
    const run = recording();
    await resolveAnswers(compose, reference(), given({}), run.sources);
    expect(run.asked.slice(0, 4)).toEqual([
      expect.stringMatching(/^Image/),
      'Port the image listens on inside the container',
      expect.stringMatching(/^Path inside the container/),
      'Host port the main service is published on',
    ]);
  });

  it('keeps the httpd defaults (8080:80, htdocs) when nothing is given', async () => {
    const answers = await resolveAnswers(compose, reference(), given({}), nonInteractive);
    expect([answers.vars.port, answers.vars.container_port, answers.vars.data_path]).toEqual([8080, 80, '/usr/local/apache2/htdocs']);
  });

  it('publishes the container port on the same host port by default (3001:3001, not 3001:80)', async () => {
    const answers = await resolveAnswers(compose, reference(), given({ options: { image: 'louislam/uptime-kuma:1.23.16', container_port: '3001', data_path: '/app/data' } }), nonInteractive);
    expect([answers.vars.port, answers.vars.container_port, answers.vars.data_path]).toEqual([3001, 3001, '/app/data']);
    const viaSet = await resolveAnswers(compose, reference(), given({ set: ['image=louislam/uptime-kuma:1.23.16', 'container_port=3001', 'data_path=/app/data', 'port=3002'] }), nonInteractive);
    expect([viaSet.vars.port, viaSet.vars.container_port]).toEqual([3002, 3001]);
  });

  it('refuses another image without its container port or data path when nobody can be asked', async () => {
    const noPort = resolveAnswers(compose, reference(), given({ options: { image: 'louislam/uptime-kuma:1.23.16', data_path: '/app/data' } }), nonInteractive);
    await expect(noPort).rejects.toBeInstanceOf(UsageError);
    await expect(noPort).rejects.toThrow(/missing --container-port/);
    const noPath = resolveAnswers(compose, reference(), given({ options: { image: 'louislam/uptime-kuma:1.23.16', container_port: '3001' } }), nonInteractive);
    await expect(noPath).rejects.toThrow(/missing --data-path/);
    const relative = resolveAnswers(compose, reference(), given({ options: { data_path: 'app/data' } }), nonInteractive);
    await expect(relative).rejects.toThrow(/invalid value 'app\/data' for --data-path: it must be an absolute path/);
  });

  it('refuses --container-port for another variant', async () => {
    await expect(resolveAnswers(compose, reference(), { variant: 'redis', target: 'none', options: { container_port: '80' } }, nonInteractive)).rejects.toThrow(/--container-port applies to generic, not to compose redis/);
  });
});

describe('the --set variables of every variant are shown', () => {
  it('lists each variant with its variables, types and defaults (list --json)', () => {
    const generators = listGenerators(NO_USER_TEMPLATES);
    for (const generator of generators) {
      expect(generator.variants.filter((v) => v.default)).toHaveLength(1);
    }
    const generic = generators.find((g) => g.name === 'compose')?.variants.find((v) => v.name === 'generic');
    expect(generic?.variables).toEqual(expect.arrayContaining([
      { name: 'container_port', type: 'port', default: expect.stringMatching(/^80 for httpd images/), flag: '--container-port' },
      { name: 'data_path', type: 'abs-path', default: expect.stringMatching(/^\/usr\/local\/apache2\/htdocs for httpd images/), flag: '--data-path' },
      { name: 'healthcheck_cmd', type: 'string', default: '(empty)' },
    ]));
    const nginx = generators.find((g) => g.name === 'playbook')?.variants.find((v) => v.name === 'nginx');
    expect(nginx?.variables).toContainEqual({ name: 'nginx_server_names', type: 'list of dns-label', default: '(empty)' });
    const lxc = generators.find((g) => g.name === 'terraform')?.variants.find((v) => v.name === 'lxc');
    expect(lxc?.variables.map((v) => v.name)).not.toContain('template_vm_id');
  });

  it('gives help text per variant, one variable a line', () => {
    const compose = getGenerator('compose', NO_USER_TEMPLATES);
    const help = variablesHelp(compose);
    expect(help).toMatch(/^ {2}redis:$/m);
    expect(help).toMatch(/^ {2}generic \(default variant\):$/m);
    expect(help).toMatch(/^ {4}container_port +port +default 80 for httpd images.* \(--container-port\)$/m);
    expect(help).toMatch(/^ {4}retention_days +count +default 15$/m);
    expect(variantVariables(compose, compose.variants[0]!).every((v) => help.includes(v.name))).toBe(true);
  });
});

describe('notes and hand-off follow the inventory in use and the tested versions', () => {
  const own = inventorySchema.parse({
    proxmox: { node: 'pve', api: 'https://10.0.0.2:8006/' },
    guests: [
      { id: 300, type: 'ct', name: 'edge', address: '10.0.0.30', role: 'proxy', services: [{ name: 'caddy', port: 80 }] },
      { id: 310, type: 'vm', name: 'prom', address: '10.0.0.31', role: 'monitoring' },
      { id: 9000, type: 'template', name: 'debian-tpl' },
    ],
  });
  const dirs = settingsSchema.parse({}).paths;
  const render = async (id: string, given: GivenAnswers, inventory = own, source?: 'reference' | 'user') => {
    const generator = getGenerator(id, NO_USER_TEMPLATES);
    const answers = await resolveAnswers(generator, inventory, given, nonInteractive);
    return renderGenerator(generator, answers, { inventory, root: tempRepo(), author: 'T', date: '2026-01-01', dirs, ...(source ? { inventorySource: source } : {}) });
  };

  it('never says "reference homelab" with the user\'s inventory', async () => {
    const cases: Array<[string, GivenAnswers]> = [
      ['terraform', { variant: 'lxc' }],
      ['terraform', { variant: 'vm-clone' }],
      ['playbook', { variant: 'nginx', target: 'edge' }],
      ['playbook', { variant: 'node-exporter', target: 'edge' }],
      ['role', { variant: 'nginx', target: 'edge' }],
      ['role', { variant: 'node-exporter', target: 'edge' }],
    ];
    for (const [id, given] of cases) {
      const rendering = await render(id, given, own, 'user');
      const text = [...rendering.notes, ...rendering.handoff.prerequisites].join('\n');
      expect(text, `${id} ${given.variant}`).not.toMatch(/reference homelab|VM 101|CT 102/);
    }
  });

  it('names the actual guests: the monitoring guest, the service on the port, the marked template', async () => {
    const exporter = await render('playbook', { variant: 'node-exporter', target: 'edge' }, own, 'user');
    expect(exporter.notes.join('\n')).toContain('scrape job of Prometheus (VM 310 prom (10.0.0.31) in your inventory (iacgen.yaml))');
    const proxy = await render('role', { variant: 'nginx', target: 'edge' }, own, 'user');
    expect(proxy.notes.join('\n')).toContain('Your inventory (iacgen.yaml) lists caddy on port 80 of CT 300 edge (10.0.0.30)');
    const clone = await render('terraform', { variant: 'vm-clone' }, own, 'user');
    expect(clone.notes.join('\n')).toContain('VM 9000 debian-tpl is typed template in your inventory (iacgen.yaml)');
    const referenceRun = await render('playbook', { variant: 'node-exporter' }, reference(), 'reference');
    expect(referenceRun.notes.join('\n')).toContain('(VM 101 monitoring-01 (192.168.2.114) in the reference homelab)');
  });

  it('states the ansible-core minimum iacgen validates with, not 2.15', async () => {
    for (const id of ['playbook', 'role']) {
      const rendering = await render(id, { variant: 'hardening', target: 'edge' });
      expect(rendering.handoff.prerequisites[0]).toMatch(/^ansible-core 2\.14 or newer on the control node \(.*ansible-core 2\.14\.18 to \d+\.\d+\.\d+\)$/);
    }
    const inventory = await render('inventory', {});
    expect(inventory.handoff.prerequisites.join('\n')).not.toMatch(/2\.15/);
  });
});
