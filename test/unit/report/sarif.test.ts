/**
 * The SARIF reporter, validated against the SARIF 2.1.0 JSON schema (draft-04, as published;
 * the copy shipped by Microsoft's @microsoft/jest-sarif) with ajv and its formats, so
 * `uri-reference`, `uri` and the rest are really checked.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import ajvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';
import type * as Sarif from 'sarif';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatSarif, SARIF_SCHEMA_URI, uriOf } from '../../../src/report/sarif.js';
import { fixtureResult, NASTY_MESSAGE } from './fixture.js';

const require = createRequire(import.meta.url);
const SCHEMA_FILE = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');

type Validate = ((data: unknown) => boolean) & { errors?: unknown };
let validate: Validate;

beforeAll(() => {
  // Both packages are CommonJS whose export is also its own `default`: `.default` works both
  // under TypeScript's NodeNext view and at run time.
  // unicodeRegExp off: the schema's `language` pattern has a stray `]` (`...{2}]?$`), an error
  // under the `u` flag that ajv uses by default, and a literal `]` without it, as JavaScript and
  // other validators read it.
  const ajv = new ajvDraft04.default({ allErrors: true, strict: false, unicodeRegExp: false });
  ajvFormats.default(ajv);
  const schema = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as { $schema: string };
  expect(schema.$schema).toBe('http://json-schema.org/draft-04/schema#');
  validate = ajv.compile(schema);
});

function render(): Sarif.Log {
  return JSON.parse(formatSarif(fixtureResult())) as Sarif.Log;
}

describe('formatSarif', () => {
  it('is valid SARIF 2.1.0 per the schema', () => {
    const log = render();
    expect(validate(log), JSON.stringify(validate.errors, null, 2)).toBe(true);
    expect(log.version).toBe('2.1.0');
    expect(log.$schema).toBe(SARIF_SCHEMA_URI);
  });

  it('validation catches what it should (the check is not vacuous)', () => {
    const bad = render();
    const location = bad.runs[2]?.results?.[0]?.locations?.[0]?.physicalLocation?.artifactLocation;
    if (!location) throw new Error('fixture changed: ansible-lint has no located result');
    location.uri = 'ansible/roles/wéb server/tasks/main.yml';
    expect(validate(bad)).toBe(false);
    const badLevel = render() as unknown as { runs: Array<{ results: Array<{ level: string }> }> };
    const first = badLevel.runs[0]?.results[0];
    if (first) first.level = 'info';
    expect(validate(badLevel)).toBe(false);
  });

  it('gives every result a baselineState with a baseline in use (still valid SARIF)', () => {
    const result = fixtureResult();
    const file = result.files.find((f) => f.diagnostics.some((d) => d.source === 'shellcheck'));
    const known = file?.diagnostics.find((d) => d.source === 'shellcheck');
    if (!known) throw new Error('fixture changed: no shellcheck finding');
    known.baseline = true;
    result.baseline = { file: '.iacgen-baseline.json', matched: 1, new: 9, stale: 0 };
    const log = JSON.parse(formatSarif(result)) as Sarif.Log;
    expect(validate(log), JSON.stringify(validate.errors, null, 2)).toBe(true);
    const results = log.runs.flatMap((r) => r.results ?? []);
    expect(results.filter((r) => r.baselineState === 'unchanged').map((r) => r.ruleId)).toEqual([known.rule]);
    expect(results.filter((r) => r.baselineState === 'new')).toHaveLength(results.length - 1);
    const bad = log as unknown as { runs: Array<{ results: Array<{ baselineState: string }> }> };
    const first = bad.runs[0]?.results[0];
    if (first) first.baselineState = 'known';
    expect(validate(bad)).toBe(false);
  });

  it('keeps which checkers agreed on a finding, and the checker severity, in the property bag (still valid SARIF)', () => {
    const result = fixtureResult();
    const first = result.files.find((f) => f.diagnostics.some((d) => d.source === 'yamllint'));
    const d = first?.diagnostics.find((x) => x.source === 'yamllint');
    if (!d) throw new Error('fixture changed: no yamllint diagnostic');
    Object.assign(d, { severity: 'warning', checkerSeverity: 'error', agreed: ['yamllint', 'ansible-lint'] });
    const log = JSON.parse(formatSarif(result)) as Sarif.Log;
    expect(validate(log), JSON.stringify(validate.errors, null, 2)).toBe(true);
    const results = log.runs.find((r) => r.tool.driver.name === 'yamllint')?.results ?? [];
    expect(results.filter((r) => r.properties)).toEqual([expect.objectContaining({ level: 'warning', properties: { agreed: ['yamllint', 'ansible-lint'], checkerSeverity: 'error' } })]);
  });

  it('has one run per checker that applied, then iacgen', () => {
    const names = render().runs.map((r) => r.tool.driver.name);
    expect(names).toEqual(['yamllint', 'ansible-syntax-check', 'ansible-lint', 'bash-syntax', 'shellcheck', 'shfmt', 'python-compile', 'iacgen']);
  });

  it('turns every diagnostic into a result with rule, level, message and region', () => {
    const log = render();
    const total = fixtureResult().files.reduce((n, f) => n + f.diagnostics.length, 0);
    expect(log.runs.flatMap((r) => r.results ?? [])).toHaveLength(total);
    const lint = log.runs.find((r) => r.tool.driver.name === 'ansible-lint');
    expect(lint?.tool.driver.version).toBe('6.13.1');
    expect(lint?.tool.driver.rules?.map((r) => r.id)).toEqual(['fqcn[action-core]', 'jinja[invalid]', 'no-changed-when', 'yaml[document-start]']);
    const jinja = lint?.results?.find((r) => r.ruleId === 'jinja[invalid]');
    expect(jinja?.level).toBe('error');
    expect(jinja?.message.text).toBe(NASTY_MESSAGE);
    expect(jinja?.locations?.[0]?.physicalLocation).toEqual({
      artifactLocation: { uri: 'ansible/roles/w%C3%A9b%20server/tasks/main.yml' },
      region: { startLine: 8, startColumn: 3 },
    });
    expect(lint?.tool.driver.rules?.[jinja?.ruleIndex ?? -1]?.id).toBe('jinja[invalid]');
    expect(lint?.results?.find((r) => r.ruleId === 'yaml[document-start]')?.level).toBe('note');
  });

  it('links rules to their documentation only where the address is known', () => {
    const rules = render().runs.flatMap((r) => r.tool.driver.rules ?? []);
    expect(rules.filter((r) => r.helpUri).map((r) => r.helpUri)).toEqual([
      'https://www.shellcheck.net/wiki/SC2068',
      'https://www.shellcheck.net/wiki/SC2086',
      'https://www.shellcheck.net/wiki/SC2164',
    ]);
  });

  it('reports missing and failed checkers as tool execution notifications', () => {
    const runs = new Map(render().runs.map((r) => [r.tool.driver.name, r]));
    const shfmt = runs.get('shfmt')?.invocations?.[0];
    expect(shfmt?.executionSuccessful).toBe(false);
    expect(shfmt?.toolExecutionNotifications?.[0]?.level).toBe('error');
    expect(shfmt?.toolExecutionNotifications?.[0]?.message.text).toContain('apt-get install shfmt');
    expect(shfmt?.toolExecutionNotifications?.[0]?.locations).toHaveLength(2);
    const shellcheck = runs.get('shellcheck')?.invocations?.[0];
    expect(shellcheck?.executionSuccessful).toBe(false);
    expect(shellcheck?.toolExecutionNotifications?.[0]?.message.text).toBe('shellcheck failed: exited with code 2: hGetContents: invalid argument (invalid byte sequence)');
    expect(runs.get('yamllint')?.invocations?.[0]).toEqual({ executionSuccessful: true });
    const iacgen = runs.get('iacgen')?.invocations?.[0]?.toolExecutionNotifications?.[0];
    expect(iacgen?.locations?.[0]?.physicalLocation?.artifactLocation?.uri).toBe('data/big%20inventory.yml');
  });
});

describe('uriOf', () => {
  it('percent-encodes each segment, keeping the slashes', () => {
    expect(uriOf('a b/ü/c#d?e%f:g')).toBe('a%20b/%C3%BC/c%23d%3Fe%25f%3Ag');
    expect(uriOf('../outside.yml')).toBe('../outside.yml');
  });
});
