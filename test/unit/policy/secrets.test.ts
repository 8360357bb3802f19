/**
 * The secret detector, measured on `fixtures/secrets`: recall on the true secrets and the
 * false-positive rate on the look-alikes, with the known misses and false alarms named.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { classify } from '../../../src/classify/classify.js';
import type { FileType } from '../../../src/classify/tables.js';
import { detectSecrets, isLiteralSecret, isSecretKey, isSecretValue, isStandInFile } from '../../../src/policy/secrets/detect.js';
import { REPO_ROOT } from '../../helpers.js';
import { listFiles } from './helpers.js';

const DIR = path.join(REPO_ROOT, 'fixtures', 'secrets');

/** The type validate would give the case (`*.env` cases are named so only for the set). */
function typeOf(name: string, text: string): FileType {
  const type = classify(name, text);
  return type === 'unknown' && name.endsWith('.env') ? 'env' : type;
}

/** Names of the cases of a folder that the detector flags. */
function flagged(folder: string): { all: string[]; hits: string[] } {
  const all = listFiles(path.join(DIR, folder));
  const hits = all.filter((name) => {
    const text = readFileSync(path.join(DIR, folder, name), 'utf8');
    return detectSecrets(text, typeOf(name, text)).length > 0;
  });
  return { all, hits };
}

describe('secret detector measurement', () => {
  const secrets = flagged('secrets');
  const lookalikes = flagged('lookalikes');
  const recall = secrets.hits.length / secrets.all.length;
  const falsePositiveRate = lookalikes.hits.length / lookalikes.all.length;

  it('has at least 30 true secrets and 30 look-alikes', () => {
    expect(secrets.all.length).toBeGreaterThanOrEqual(30);
    expect(lookalikes.all.length).toBeGreaterThanOrEqual(30);
  });

  it(`recall is at least 0.94 (measured ${recall.toFixed(3)})`, () => {
    expect(recall).toBeGreaterThanOrEqual(0.94);
    // Known miss: a passphrase of plain words (read as prose to keep comments and descriptions quiet).
    expect(secrets.all.filter((n) => !secrets.hits.includes(n))).toEqual(['38-passphrase.yml']);
  });

  it(`false-positive rate is at most 0.025 (measured ${falsePositiveRate.toFixed(3)})`, () => {
    expect(falsePositiveRate).toBeLessThanOrEqual(0.025);
    expect(lookalikes.hits).toEqual([]);
  });
});

describe('secret detector details', () => {
  it('names what it found, with the position of the secret', () => {
    expect(detectSecrets('a: 1\ndb_password: Tr0ub4dor&3\n', 'yaml')).toEqual([{ line: 2, column: 14, kind: 'literal value of db_password' }]);
    expect(detectSecrets('x = "postgres://u:S3cr3t-pw@db/app"\n', 'python')[0]?.kind).toBe('credentials in a URL');
  });

  it('reads keys that name secrets', () => {
    for (const key of ['db_password', 'PROXMOX_API_TOKEN', 'clientSecret', 'X-Api-Key', 'PGPASSWORD', 'ssh_private_key', 'ansible_become_pass']) {
      expect(isSecretKey(key), key).toBe(true);
    }
    for (const key of ['password_file', 'token_id', 'password_hash', 'pwd', 'PWD', 'api_key_header', 'token_url', 'ssh_public_key', 'secret_name']) {
      expect(isSecretKey(key), key).toBe(false);
    }
  });

  it('allows placeholders, references and hashes', () => {
    for (const value of ['changeme', 'CHANGE_ME', '<your-token>', '${VAR}', '$VAR', "{{ lookup('env', 'X') }}", 'var.x', '!vault |', '/run/secrets/x', 'xxxxxxxx', '***', '$6$salt$hash', '']) {
      expect(isLiteralSecret(value), value).toBe(false);
    }
    for (const value of ['Tr0ub4dor&3', 'hunter2-Lab', '3f2504e0-4f89-41d3-9a0c-0305e82c3301']) expect(isLiteralSecret(value), value).toBe(true);
  });

  it('checks only code for key/value secrets, but formats everywhere', () => {
    expect(detectSecrets('# password: Tr0ub4dor&3\n', 'yaml')).toEqual([]);
    expect(detectSecrets('# ghp_R8kTq2ZbX4nW7vLm9PcY3sD6fH1jA5gE0uQi\n', 'yaml')).toHaveLength(1);
  });

  it('reads a Terraform variable default under the variable name', () => {
    expect(detectSecrets('variable "db_password" {\n  default = "Pg-Pass-4711"\n}\n', 'terraform')).toEqual([
      { line: 2, column: 14, kind: 'literal value of db_password' },
    ]);
  });

  it('tells keys that name a secret kept elsewhere from keys that hold one', () => {
    for (const key of ['existingSecret', 'usersExistingSecret', 'envFromSecret', 'TS_KUBE_SECRET', 'existing_secret_password_key', 'NOPASSWD', 'proxy_pass', 'secretName', 'POSTGRES_PASSWORD_FILE']) {
      expect(isSecretKey(key), key).toBe(false);
    }
    for (const key of ['passwordSecret', 'client_secret', 'access_key', 'aws_secret_access_key', 'oauth_token_secret']) expect(isSecretKey(key), key).toBe(true);
  });

  it('reads a Secret name under a *Secret key, an identifier under access_key, and a URL only under *_url', () => {
    expect(isSecretValue('passwordSecret', 'keycloak-db')).toBe(false);
    expect(isSecretValue('passwordSecret', 'Kx8vN2pQ7mL4tR9w')).toBe(true);
    expect(isSecretValue('client_secret', '3f2504e0-4f89-41d3-9a0c-0305e82c3301')).toBe(true);
    expect(isSecretValue('access_key', 'arq-backup')).toBe(false);
    expect(isSecretValue('access_key', 'kX9pQ2vL7mZ4tR8wB3nY6cF1hJ5sD0gA')).toBe(true);
    expect(isSecretValue('aws_secret_access_key', 'backup-user')).toBe(true);
    expect(isSecretValue('api_key', 'https://api.example.net/v1')).toBe(false);
    expect(isSecretValue('webhook_url', 'https://hooks.chat.lan/services/T4K2/B9Q7/a8Kq2ZpX')).toBe(true);
  });

  it('looks only for token formats and URL credentials in example and test files', () => {
    const text = 'db_password: Tr0ub4dor&3\ngithub_token: ghp_R8kTq2ZbX4nW7vLm9PcY3sD6fH1jA5gE0uQi\n';
    expect(detectSecrets(text, 'yaml', { path: 'group_vars/all.yml' }).map((h) => h.line)).toEqual([1, 2]);
    for (const rel of ['example.config.yml', 'config.sample.yml', '.env.example', 'tests/vars.yml', 'roles/x/test/vars.yml']) {
      expect(detectSecrets(text, 'yaml', { path: rel }).map((h) => h.line), rel).toEqual([2]);
    }
    for (const rel of ['unit_tests/test_detect.py', 'app_test.py', 'conftest.py', '.env.dist']) expect(isStandInFile(rel), rel).toBe(true);
    for (const rel of ['group_vars/test.yml', 'inventories/testing/hosts.yml', 'latest/compose.yml', 'contest.py']) expect(isStandInFile(rel), rel).toBe(false);
  });

  it('reads the value of a Kubernetes name/value pair under the name, at the right indentation only', () => {
    expect(detectSecrets('env:\n  - name: DB_PASSWORD\n    value: hunter2-Lab\n', 'yaml')).toEqual([{ line: 3, column: 12, kind: 'literal value of DB_PASSWORD' }]);
    expect(detectSecrets('env:\n  - name: DB_PASSWORD\n    valueFrom:\n      value: hunter2-Lab\n', 'yaml')).toEqual([]);
    expect(detectSecrets('env:\n  - name: LOG_LEVEL\n    value: debug-Lab9\n', 'yaml')).toEqual([]);
  });

  it('reads a YAML value after its anchor, and takes an alias for a reference', () => {
    expect(detectSecrets('db_password: &pw Tr0ub4dor-77\n', 'yaml')).toEqual([{ line: 1, column: 14, kind: 'literal value of db_password' }]);
    expect(detectSecrets('db_password: *pw\nsecretKey: &key tls.crt\n', 'yaml')).toEqual([]);
  });

  it('decodes Basic credentials and judges their password', () => {
    expect(detectSecrets('h = {"Authorization": "Basic dXNlcjpzZWNyZXQ="}\n', 'python')).toEqual([]);
    expect(detectSecrets('h = {"Authorization": "Basic YmFja3VwOkh1bnRlcjItTGFiLTk="}\n', 'python')).toHaveLength(1);
  });
});
