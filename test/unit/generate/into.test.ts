/**
 * `--into` insertions on text: the inserted block is the only change (every other byte stays),
 * names that clash are refused with file:line, and the result equals the Document-API insertion.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { diffLines } from 'diff';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/errors.js';
import { insertCompose } from '../../../src/generate/into/compose.js';
import { interpolatedNames, mergeEnvExample } from '../../../src/generate/into/env.js';
import { insertRole } from '../../../src/generate/into/playbook.js';
import { REPO_ROOT } from '../../helpers.js';

const APP = readFileSync(path.join(REPO_ROOT, 'fixtures/into/app/compose.yaml'), 'utf8');
const SITE = readFileSync(path.join(REPO_ROOT, 'fixtures/into/site.yml'), 'utf8');
const REDIS = readFileSync(path.join(REPO_ROOT, 'fixtures/generators/compose/redis/expected/compose/redis/compose.yaml'), 'utf8');
const REDIS_ENV = readFileSync(path.join(REPO_ROOT, 'fixtures/generators/compose/redis/expected/compose/redis/.env.example'), 'utf8');
const N8N = readFileSync(path.join(REPO_ROOT, 'fixtures/generators/compose/n8n/expected/compose/n8n/compose.yaml'), 'utf8');
const MARK = 'redis: added by iacgen new compose --service redis (2026-12-06)';

/** The parts of `after` that are not in `before`; fails the test when anything was removed. */
function onlyAdded(before: string, after: string): string[] {
  const parts = diffLines(before, after);
  expect(parts.filter((p) => p.removed)).toEqual([]);
  return parts.filter((p) => p.added).map((p) => p.value);
}

function usageError(run: () => unknown): UsageError {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    return err as UsageError;
  }
  throw new Error('expected a UsageError');
}

describe('insertCompose', () => {
  it('adds the service, its volume (prefixed), its network and keeps every other byte', () => {
    const { content } = insertCompose('compose/app/compose.yaml', APP, { rendered: REDIS, serviceName: 'redis', mark: MARK });
    const added = onlyAdded(APP, content).join('');
    expect(added).toContain(`  # ${MARK}\n  redis:\n    image: "redis:8.8.0-alpine"\n`);
    expect(added).toContain('  redis-data:\n');
    expect(added).toContain('\nnetworks:\n  redis:\n');
    // Removing the added text gives back the original exactly.
    const parts = diffLines(APP, content);
    expect(parts.filter((p) => !p.added).map((p) => p.value).join('')).toBe(APP);
    const data = parse(content);
    expect(data.services.redis.volumes).toEqual(['redis-data:/data']);
    // The project's services use the default network: the new one joins it too.
    expect(data.services.redis.networks).toEqual(['default', 'redis']);
    expect(Object.keys(data.services)).toEqual(['web', 'api', 'redis']);
    expect(data.volumes).toEqual({ 'api-data': {}, 'redis-data': null });
    // Anchors and their aliases stay as they were.
    expect(content).toContain('x-logging: &default-logging');
    expect(data.services.api.logging).toEqual({ driver: 'json-file', options: { 'max-size': '10m', 'max-file': '3' } });
    // Flow sequences without spaces inside the brackets (yamllint's brackets rule).
    expect(content).toContain('test: ["CMD-SHELL", "redis-cli ping | grep -q PONG"]');
  });

  it('names the main service after --name (and its volumes after it)', () => {
    const { content } = insertCompose('c.yaml', APP, { rendered: REDIS, serviceName: 'cache', mark: MARK });
    const data = parse(content);
    expect(Object.keys(data.services)).toEqual(['web', 'api', 'cache']);
    expect(data.services.cache.volumes).toEqual(['cache-data:/data']);
    expect(Object.keys(data.volumes)).toEqual(['api-data', 'cache-data']);
  });

  it('refuses a service that exists, naming file and line and --name', () => {
    const err = usageError(() => insertCompose('compose/app/compose.yaml', APP, { rendered: REDIS, serviceName: 'api', mark: MARK }));
    expect(err.message).toContain('service api already exists (compose/app/compose.yaml:23)');
    expect(err.hint).toContain('--name');
  });

  it('refuses a volume of the same name, and shares a network of the same content', () => {
    const withVolume = `${APP}  redis-data:\n`;
    expect(usageError(() => insertCompose('c.yaml', withVolume, { rendered: REDIS, serviceName: 'redis', mark: MARK })).message).toMatch(/volume redis-data already exists \(a volume holds data: the new service does not share it\) \(c\.yaml:36\)/);
    const sameNetwork = `${APP}\nnetworks:\n  redis:\n    name: redis\n`;
    const shared = insertCompose('c.yaml', sameNetwork, { rendered: REDIS, serviceName: 'redis', mark: MARK }).content;
    expect(shared.match(/^ {2}redis:$/gm)).toHaveLength(2); // the service and the one network, not a second network
    const otherNetwork = `${APP}\nnetworks:\n  redis:\n    external: true\n`;
    expect(usageError(() => insertCompose('c.yaml', otherNetwork, { rendered: REDIS, serviceName: 'redis', mark: MARK })).message).toMatch(/network redis already exists with other content \(c\.yaml:38\)/);
  });

  it('refuses a file that is not a Compose file, or whose services: is a flow mapping', () => {
    expect(usageError(() => insertCompose('x.yaml', 'name: x\nvolumes: {}\n', { rendered: REDIS, serviceName: 'redis', mark: MARK })).message).toContain('not a Compose file');
    expect(usageError(() => insertCompose('x.yaml', 'services: {a: {image: x}}\n', { rendered: REDIS, serviceName: 'redis', mark: MARK })).message).toContain('not a Compose file');
    expect(usageError(() => insertCompose('x.yaml', 'services:\n  a: [\n', { rendered: REDIS, serviceName: 'redis', mark: MARK })).message).toMatch(/x\.yaml:\d+: not valid YAML/);
  });

  it('follows a 4-space file (sequences as the yaml library indents them there); fills an empty volumes:', () => {
    const four = 'services:\n    app:\n        image: x:1\n        ports:\n        - "80:80"\nvolumes:\n';
    const { content } = insertCompose('f.yaml', four, { rendered: REDIS, serviceName: 'redis', mark: MARK });
    onlyAdded(four, content);
    expect(content).toContain('\n    redis:\n        image: "redis:8.8.0-alpine"\n        command:\n          - redis-server\n');
    expect(content).toContain('\n        healthcheck:\n            test: ');
    expect(parse(content).volumes).toEqual({ 'redis-data': null });
  });

  it('inserts several services (n8n and its db) with their volumes', () => {
    const { content } = insertCompose('c.yaml', APP, { rendered: N8N, serviceName: 'n8n', mark: 'n8n: added' });
    const data = parse(content);
    expect(Object.keys(data.services)).toEqual(['web', 'api', 'n8n', 'db']);
    expect(Object.keys(data.volumes)).toEqual(['api-data', 'n8n-data', 'n8n-db-data']);
    expect(data.services.db.volumes).toEqual(['n8n-db-data:/var/lib/postgresql']);
    expect(data.services.n8n.depends_on).toEqual({ db: { condition: 'service_healthy' } });
  });
});

describe('mergeEnvExample', () => {
  it('appends only the used variables that are missing, with their comments', () => {
    const used = interpolatedNames('a: ${REDIS_PASSWORD:?x}\nb: $$NOT\nc: $TZ\n');
    expect([...used].sort()).toEqual(['REDIS_PASSWORD', 'TZ']);
    const current = '# mine\nDATABASE_URL=x\n';
    const merged = mergeEnvExample(current, REDIS_ENV, used, MARK, 'intro') as string;
    expect(merged.startsWith(current)).toBe(true);
    expect(merged.slice(current.length)).toBe(`\n# ${MARK}\n# Password clients authenticate with (AUTH).\nREDIS_PASSWORD=changeme\n`);
    expect(mergeEnvExample('REDIS_PASSWORD=mine\n', REDIS_ENV, used, MARK, 'intro')).toBeUndefined();
    expect(mergeEnvExample(undefined, REDIS_ENV, used, MARK, 'Variables of c.yaml')).toMatch(/^# Variables of c\.yaml\n\n# redis: added/);
  });
});

describe('insertRole', () => {
  const mark = 'nginx: added by iacgen new role --service nginx (2026-12-06)';

  it("adds the role to the play of the target guest, keeping every other byte", () => {
    const content = insertRole('site.yml', SITE, { role: 'nginx', host: 'db-01', mark });
    const added = onlyAdded(SITE, content);
    expect(added).toEqual([`    # ${mark}\n    - role: nginx\n`]);
    expect(parse(content)[1].roles).toEqual([{ role: 'node-exporter' }, { role: 'nginx' }]);
  });

  it('creates roles: in the first play when no play is for the guest and it has none', () => {
    const content = insertRole('site.yml', SITE, { role: 'nginx', host: 'elsewhere', mark });
    onlyAdded(SITE, content);
    const plays = parse(content);
    expect(plays[0].roles).toEqual([{ role: 'nginx' }]);
    expect(plays[0].tasks).toHaveLength(1);
    expect(plays[1].roles).toEqual([{ role: 'node-exporter' }]);
  });

  it('fills an empty roles: and appends to a file without a final newline', () => {
    const empty = '- name: Web\n  hosts: web-01\n  roles:\n  tags: [web]\n';
    const filled = insertRole('p.yml', empty, { role: 'nginx', host: 'web-01', mark });
    onlyAdded(empty, filled);
    expect(parse(filled)[0]).toEqual({ name: 'Web', hosts: 'web-01', roles: [{ role: 'nginx' }], tags: ['web'] });
    const bare = '- hosts: web-01\n  roles:\n    - common';
    const appended = insertRole('p.yml', bare, { role: 'nginx', host: 'web-01', mark });
    expect(appended).toBe(`${bare}\n    # ${mark}\n    - role: nginx\n`);
  });

  it('refuses a role the play lists already, and a file that is no playbook', () => {
    expect(usageError(() => insertRole('site.yml', SITE, { role: 'node-exporter', host: 'db-01', mark })).message).toBe('--into site.yml: the play already lists role node-exporter (site.yml:15)');
    expect(usageError(() => insertRole('x.yml', 'services:\n  a: {}\n', { role: 'nginx', host: 'db-01', mark })).message).toContain('not an Ansible playbook');
  });
});
