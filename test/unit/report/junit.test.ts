/** The JUnit reporter, read back with an independent XML parser (fast-xml-parser). */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { formatJunit } from '../../../src/report/junit.js';
import { fixtureResult, NASTY_MESSAGE, ODD_PATH } from './fixture.js';

interface Case {
  '@_name': string;
  '@_classname': string;
  '@_time': string;
  failure?: { '#text'?: string; '@_message': string; '@_type': string };
  skipped?: { '@_message': string };
  'system-out'?: string;
  'system-err'?: string;
}
interface Suite {
  '@_name': string;
  '@_tests': string;
  '@_failures': string;
  '@_skipped': string;
  '@_time': string;
  testcase: Case[];
}
interface Report {
  testsuites: { '@_tests': string; '@_failures': string; '@_skipped': string; '@_time': string; testsuite: Suite[] };
}

function parse(xml: string): Report {
  const parser = new XMLParser({
    ignoreAttributes: false,
    parseAttributeValue: false,
    parseTagValue: false,
    trimValues: false,
    isArray: (name) => name === 'testsuite' || name === 'testcase',
  });
  return parser.parse(xml) as Report;
}

describe('formatJunit', () => {
  const xml = formatJunit(fixtureResult());
  const report = parse(xml);
  const suites = new Map(report.testsuites.testsuite.map((s) => [s['@_name'], s]));
  const testcase = (suite: string, file: string) => suites.get(suite)?.testcase.find((c) => c['@_name'] === file);

  it('is well-formed XML', () => {
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n')).toBe(true);
  });

  it('has one suite per checker that applied, then iacgen', () => {
    expect([...suites.keys()]).toEqual(['yamllint', 'ansible-syntax-check', 'ansible-lint', 'bash-syntax', 'shellcheck', 'shfmt', 'python-compile', 'iacgen']);
  });

  it('has one test case per file x checker', () => {
    const records = fixtureResult().files.reduce((n, f) => n + f.checks.length, 0);
    const checkerCases = report.testsuites.testsuite.filter((s) => s['@_name'] !== 'iacgen').reduce((n, s) => n + s.testcase.length, 0);
    expect(checkerCases).toBe(records);
    for (const suite of report.testsuites.testsuite) {
      expect(suite['@_tests']).toBe(String(suite.testcase.length));
      for (const c of suite.testcase) expect(c['@_classname']).toBe(suite['@_name']);
    }
    expect(report.testsuites['@_tests']).toBe('16');
    expect(report.testsuites['@_failures']).toBe('7');
    expect(report.testsuites['@_skipped']).toBe('3');
    expect(report.testsuites['@_time']).toBe('3.581');
  });

  it('keeps every character of paths and messages through escaping', () => {
    const jinja = testcase('ansible-lint', ODD_PATH)?.failure;
    expect(jinja?.['@_type']).toBe('fail');
    // Terminal escapes cannot be in XML 1.0: they become U+FFFD; everything else comes back.
    expect(jinja?.['#text']).toContain(`${ODD_PATH}:8:3: error jinja[invalid] ${NASTY_MESSAGE.replaceAll('\u001b', '\uFFFD')}`);
  });

  it('marks errored checks as failures with the reason, and skipped ones with theirs', () => {
    const crashed = testcase('shellcheck', 'scripts/deploy.sh');
    expect(crashed?.failure?.['@_type']).toBe('error');
    expect(crashed?.failure?.['@_message']).toBe('shellcheck failed: exited with code 2: hGetContents: invalid argument (invalid byte sequence)');
    expect(crashed?.['system-err']).toBe('shellcheck: scripts/deploy.sh: hGetContents: invalid argument (invalid byte sequence)\nCallStack (from HasCallStack): <internal> & more');
    expect(testcase('shfmt', 'scripts/backup.sh')?.skipped?.['@_message']).toBe('shfmt not installed (apt-get install shfmt)');
    expect(testcase('iacgen', 'data/big inventory.yml')?.skipped?.['@_message']).toContain('larger than');
    expect(testcase('iacgen', 'scripts/deploy.sh')?.failure?.['#text']).toContain('checker-missing');
  });

  it('keeps warnings of passing checks in system-out', () => {
    const yamllint = testcase('yamllint', 'ansible/playbooks/site.yml');
    expect(yamllint?.failure).toBeUndefined();
    expect(yamllint?.['system-out']).toContain('warning line-length');
  });

  it('times a batch once: the suite time is the call, each file its share', () => {
    expect(suites.get('yamllint')?.['@_time']).toBe('0.212');
    expect(testcase('yamllint', 'compose.yaml')?.['@_time']).toBe('0.071');
    expect(suites.get('shellcheck')?.['@_time']).toBe('2.495');
  });

  it('writes line breaks in attributes as spaces', () => {
    const result = fixtureResult();
    const check = result.files[7]?.checks[1];
    if (!check) throw new Error('fixture changed');
    check.reason = 'exited with code 2:\nsegmentation fault';
    const c = parse(formatJunit(result)).testsuites.testsuite.find((s) => s['@_name'] === 'shellcheck')?.testcase[1];
    expect(c?.failure?.['@_message']).toBe('shellcheck failed: exited with code 2: segmentation fault');
  });
});
