/** The baseline file: stable text, round trip, and clear errors for a file iacgen cannot use. */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/errors.js';
import { parseBaseline, readBaseline, serialiseBaseline, writeBaseline, type BaselineEntry } from '../../../src/baseline/file.js';
import { tempDir } from '../../helpers.js';

const A: BaselineEntry = { file: 'b.sh', source: 'shellcheck', rule: 'SC2086', fingerprint: 'aa', lineFingerprint: 'a1', message: 'quote it' };
const B: BaselineEntry = { file: 'a.yml', source: 'yamllint', rule: 'truthy', fingerprint: 'bb', lineFingerprint: 'b1', count: 2 };
const C: BaselineEntry = { file: 'a.yml', source: 'ansible-lint', rule: 'fqcn', fingerprint: 'cc', lineFingerprint: 'c1' };

function thrown(fn: () => unknown): UsageError {
  try {
    fn();
  } catch (err) {
    if (err instanceof UsageError) return err;
    throw err;
  }
  throw new Error('expected a UsageError');
}

describe('serialiseBaseline', () => {
  it('sorts by file, source, rule, fingerprint, one entry a line, whatever the input order', () => {
    const text = serialiseBaseline([A, B, C]);
    expect(text).toBe(serialiseBaseline([C, A, B]));
    const lines = text.split('\n');
    expect(lines[0]).toBe('{');
    expect(lines[1]).toBe('  "version": 1,');
    expect(lines.slice(3, 6).map((l) => (JSON.parse(l.replace(/,$/, '')) as BaselineEntry).file + ' ' + (JSON.parse(l.replace(/,$/, '')) as BaselineEntry).source)).toEqual([
      'a.yml ansible-lint',
      'a.yml yamllint',
      'b.sh shellcheck',
    ]);
  });

  it('round-trips through parseBaseline', () => {
    expect(parseBaseline(serialiseBaseline([A, B, C]))).toEqual([C, B, A]);
    expect(parseBaseline(serialiseBaseline([]))).toEqual([]);
  });
});

describe('parseBaseline', () => {
  it('names the file and says what to do for text that is not JSON', () => {
    const err = thrown(() => parseBaseline('{ "version": 1, ', 'the baseline .iacgen-baseline.json'));
    expect(err.message).toMatch(/^the baseline \.iacgen-baseline\.json is not valid JSON/);
    expect(err.hint).toMatch(/iacgen baseline.*--no-baseline/);
    expect(err.exitCode).toBe(2);
  });

  it('says which version it is and which one iacgen reads', () => {
    expect(thrown(() => parseBaseline('{"version": 2, "findings": []}')).message).toMatch(/is version 2; this iacgen reads version 1/);
    expect(thrown(() => parseBaseline('[]')).message).toMatch(/has no "version"/);
  });

  it('names the entry and key that do not match the schema', () => {
    const err = thrown(() => parseBaseline('{"version": 1, "findings": [{"file": "a", "source": "x", "rule": "r", "fingerprint": "ZZ", "lineFingerprint": "a1"}]}'));
    expect(err.message).toMatch(/not a valid baseline file at findings\.0\.fingerprint/);
  });
});

describe('readBaseline / writeBaseline', () => {
  it('is undefined without a file, and reads back what it wrote', async () => {
    const dir = tempDir();
    const file = path.join(dir, '.iacgen-baseline.json');
    expect(await readBaseline(file, '.iacgen-baseline.json')).toBeUndefined();
    await writeBaseline(file, '.iacgen-baseline.json', [A]);
    expect(await readBaseline(file, '.iacgen-baseline.json')).toEqual({ file: '.iacgen-baseline.json', entries: [A] });
    writeFileSync(file, readFileSync(file, 'utf8').replace('"version": 1', '"version": 7'));
    await expect(readBaseline(file, 'x.json', 'the staged baseline')).rejects.toThrow(/^the staged baseline x\.json is version 7/);
  });
});
