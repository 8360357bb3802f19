/** The tested-version table, version comparison, and the fast path's route per version. */
import { describe, expect, it } from 'vitest';
import { ansibleSyntaxBatch } from '../../../src/check/checkers/ansible-syntax-batch.js';
import { compareVersions, untestedVersion, versionParts } from '../../../src/check/versions.js';
import { fastPathRoute } from '../../../src/commands/doctor.js';

describe('versions', () => {
  it('reads the numeric parts, the running one of a Debian "really" version, and a beta', () => {
    expect(versionParts('2.22.0b2')).toEqual([2, 22, 0]);
    expect(versionParts('25.6.1+really25.2.1')).toEqual([25, 2, 1]);
    expect(versionParts('v2.40.3')).toEqual([2, 40, 3]);
    expect(versionParts('2.26.1-4')).toEqual([2, 26, 1]);
  });

  it('compares by as many parts as asked', () => {
    expect(compareVersions('2.19.11', '2.19.2')).toBeGreaterThan(0);
    expect(compareVersions('2.19.11', '2.19.2', 2)).toBe(0);
    expect(compareVersions('6.13.1', '25.2')).toBeLessThan(0);
  });

  it('names a version outside the tested range, by major.minor, and only then', () => {
    expect(untestedVersion('ansible-syntax-check', '2.19.11')).toBeUndefined();
    expect(untestedVersion('ansible-syntax-check', '2.22.3')).toBeUndefined();
    expect(untestedVersion('ansible-syntax-check', '2.23.0')).toMatch(/^ansible-core 2\.23\.0 is outside the versions iacgen is tested with \(2\.14\.18 to 2\.22\.0\)/);
    expect(untestedVersion('ansible-lint', '6.12.0')).toMatch(/outside/);
    expect(untestedVersion('ansible-lint', '25.6.1+really25.2.1')).toBeUndefined();
    expect(untestedVersion('yaml-parse', '99.0')).toBeUndefined();
    expect(untestedVersion('yamllint', undefined)).toBeUndefined();
  });

  it('the syntax check takes its fast path only on the ansible-core versions it was proven on', () => {
    expect(fastPathRoute(ansibleSyntaxBatch, '2.14.18')?.fast).toBe(true);
    expect(fastPathRoute(ansibleSyntaxBatch, '2.22.0b2')?.fast).toBe(true);
    expect(fastPathRoute(ansibleSyntaxBatch, '2.13.9')).toEqual({ fast: false, why: expect.stringMatching(/^2\.13\.9 is outside ansible-core 2\.14-2\.22/) });
    expect(fastPathRoute(ansibleSyntaxBatch, '2.23.0')?.fast).toBe(false);
    expect(fastPathRoute(ansibleSyntaxBatch, undefined)?.fast).toBe(false);
  });
});
