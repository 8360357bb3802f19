/**
 * Hostile answers: values with quotes, `#`, `:`, `{{ }}`, `${}`, `$(...)`, unicode and 2,000
 * characters either are rejected with exit 2 or land safely: the real checkers still pass and
 * the value reads back unchanged from the generated file. Nothing is executed on the way.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { haveTools, runCli, tempRepo } from '../helpers.js';

const ready = haveTools('ansible-playbook', 'ansible-lint', 'yamllint');

/** Values that must land safely, unchanged. */
const HOSTILE = [
  ['quotes and a comment', `it's "quoted" # not a comment: really`],
  ['Jinja that would run a command on the control node', "{{ lookup('pipe', 'touch /tmp/iacgen-pwned') }}"],
  ['shell expansion', '$(touch /tmp/iacgen-pwned) `id` ${HOME}'],
  ['unicode', 'ünïcødé ✓ 日本語'],
  ['2,000 characters', 'x'.repeat(2000)],
] as const;

/** Values that must be refused with exit 2, naming the flag. */
const REFUSED = [
  ['a newline', 'line one\nhosts: all'],
  ['2,001 characters', 'y'.repeat(2001)],
] as const;

/** The value of a play variable, reading `!unsafe` as the plain string it marks. */
function playVar(file: string, key: string): unknown {
  const doc = parseDocument(readFileSync(file, 'utf8'), {
    customTags: [{ tag: '!unsafe', resolve: (value: string) => value }],
  });
  const plays = doc.toJS() as Array<{ vars: Record<string, unknown> }>;
  return plays[0]?.vars[key];
}

describe.skipIf(!ready)('hostile answers', () => {
  it.each(HOSTILE)('playbook: %s lands safely and reads back unchanged', async (_label, value) => {
    const repo = tempRepo();
    const run = await runCli(['new', 'playbook', '--service', 'docker', '--yes', '--set', `docker_log_max_size=${value}`], repo);
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    const playbook = path.join(repo, 'ansible/playbooks/docker-host.yml');
    expect(playVar(playbook, 'docker_log_max_size')).toBe(value);
    expect(existsSync('/tmp/iacgen-pwned')).toBe(false);
  });

  it.each(REFUSED)('playbook: %s is refused with exit 2', async (_label, value) => {
    const repo = tempRepo();
    const run = await runCli(['new', 'playbook', '--service', 'docker', '--yes', '--set', `docker_log_max_size=${value}`], repo);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/^iacgen: invalid value '.*' for --set docker_log_max_size: it must be .*\n {2}give docker_log_max_size .*$/);
    expect(existsSync(path.join(repo, 'ansible'))).toBe(false);
  });

  it('refuses a typed value that would inject into a config file', async () => {
    const repo = tempRepo();
    const run = await runCli(['new', 'playbook', '--service', 'nginx', '--yes', '--set', 'nginx_upstream=http://x; include /etc/shadow'], repo);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain("for --set nginx_upstream: it must be an http:// or https:// URL");
  });

  it('refuses an unknown variable and a malformed --set', async () => {
    const repo = tempRepo();
    const unknown = await runCli(['new', 'playbook', '--service', 'nginx', '--yes', '--set', 'no_such_var=1'], repo);
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toMatch(/^iacgen: unknown variable 'no_such_var' \(--set no_such_var=\.\.\.\) for playbook nginx/);
    const malformed = await runCli(['new', 'playbook', '--service', 'nginx', '--yes', '--set', 'Bad-Key=1'], repo);
    expect(malformed.exitCode).toBe(2);
    expect(malformed.stderr).toMatch(/^iacgen: invalid --set 'Bad-Key=1'/);
  });
});
