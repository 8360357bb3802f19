/**
 * The checker probes `iacgen new` starts early: a checker whose probe already passed runs
 * without probing again, and only when its own first invocation is the one that was probed.
 */
import { describe, expect, it } from 'vitest';
import { CHECKERS } from '../../../src/check/registry.js';
import type { Checker } from '../../../src/check/types.js';
import { settingsSchema } from '../../../src/config/schema.js';
import { unprobed, warmProbes, WARM_PROBES } from '../../../src/generate/warm.js';

const probeOf = (checkers: readonly Checker[], id: string): boolean | undefined => {
  const checker = checkers.find((c) => c.id === id);
  return checker?.kind === 'command' ? checker.probe : undefined;
};

describe('unprobed', () => {
  it('names, for compose, the invocation the compose-config checker probes first', () => {
    const checker = CHECKERS.find((c) => c.id === 'compose-config');
    const probe = WARM_PROBES.compose?.[0];
    expect(checker?.kind).toBe('command');
    if (checker?.kind !== 'command') return;
    expect(probe).toEqual({ checker: 'compose-config', command: checker.command, versionArgs: checker.versionArgs });
  });

  it('turns off the probe of a checker whose probe passed, and keeps the rest as they are', () => {
    const out = unprobed(CHECKERS, new Set(['compose-config']));
    expect(probeOf(CHECKERS, 'compose-config')).toBe(true);
    expect(probeOf(out, 'compose-config')).toBe(false);
    expect(out.filter((c) => c.id !== 'compose-config')).toEqual(CHECKERS.filter((c) => c.id !== 'compose-config'));
    // The checker keeps its own way of running (a self-running checker's `run`).
    const before = CHECKERS.find((c) => c.id === 'compose-config') as unknown as Record<string, unknown>;
    const after = out.find((c) => c.id === 'compose-config') as unknown as Record<string, unknown>;
    expect(after.run).toBe(before.run);
  });

  it('keeps the probe when none passed', () => {
    expect(probeOf(unprobed(CHECKERS, new Set()), 'compose-config')).toBe(true);
  });

  it('keeps the probe when the checker first runs another command than the one probed', () => {
    const base = CHECKERS.find((c) => c.id === 'compose-config');
    if (base?.kind !== 'command') throw new Error('compose-config is a command checker');
    const other: Checker = { ...base, command: 'docker-compose', versionArgs: ['--version'] };
    expect(probeOf(unprobed([other], new Set(['compose-config'])), 'compose-config')).toBe(true);
  });
});

describe('warmProbes', () => {
  it('probes nothing for a generator without probed checkers, nor for a checker iacgen.yaml turns off', async () => {
    expect([...(await warmProbes('shell', settingsSchema.parse({})))]).toEqual([]);
    expect([...(await warmProbes('compose', settingsSchema.parse({ checkers: { 'compose-config': 'off' } })))]).toEqual([]);
  });
});
