/**
 * Every reporter of the registry on the one shared fixture: a file snapshot per format, and the
 * contract (pure, deterministic, newline-terminated).
 */
import { describe, expect, it } from 'vitest';
import { FORMATS, isFormat, loadReporter, type Format } from '../../../src/report/index.js';
import { fixtureResult } from './fixture.js';

/** Snapshot file extension of each format, so editors and viewers open them as what they are. */
const EXTENSION: Record<Format, string> = { pretty: 'txt', json: 'json', sarif: 'sarif', junit: 'xml', github: 'txt', codeclimate: 'json' };

describe.each(FORMATS)('reporter %s', (format) => {
  it('matches its snapshot on the shared fixture', async () => {
    const reporter = await loadReporter(format);
    await expect(reporter(fixtureResult())).toMatchFileSnapshot(`__snapshots__/${format}.${EXTENSION[format]}`);
  });

  it('is pure: same text twice, the result untouched, one trailing newline', async () => {
    const reporter = await loadReporter(format);
    const result = fixtureResult();
    const first = reporter(result);
    expect(reporter(result)).toBe(first);
    expect(result).toEqual(fixtureResult());
    expect(first.endsWith('\n')).toBe(true);
    expect(first.endsWith('\n\n')).toBe(false);
  });

  it('renders an empty run', async () => {
    const reporter = await loadReporter(format);
    const text = reporter({ cwd: '/r', files: [], checkers: [], durationMs: 0 });
    expect(text.length).toBeGreaterThan(0);
  });
});

describe('registry', () => {
  it('knows exactly its formats', () => {
    expect(FORMATS[0]).toBe('pretty');
    expect(FORMATS.every(isFormat)).toBe(true);
    expect(isFormat('xml')).toBe(false);
  });
});
