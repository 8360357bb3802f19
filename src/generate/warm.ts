/**
 * Checker probes of `iacgen new`, started ahead of the verification (while the answers are
 * resolved and the files rendered) so that they are not on its critical path.
 *
 * A probed command checker (manifest `probe: true`) is only used once its version command exits
 * with a version; Compose's `docker compose version` costs ~0.15 s (a Go binary that starts the
 * plugin twice), and the compose-config checker asks it twice more in a row (the probe, then
 * the Compose generation). Here it runs once, early, through `composeGeneration` (memoised per
 * executable and process, so the checker's own call reuses it); when it answered with a version,
 * the verification runs the checker with its probe turned off (see {@link unprobed}).
 */
import { composeGeneration } from '../check/checkers/compose/generation.js';
import { configuredPolicy } from '../check/policy.js';
import { findOnPath } from '../check/probe.js';
import type { Checker } from '../check/types.js';
import type { Settings } from '../config/schema.js';

/** A probe to start early: the checker's first invocation and its version command. */
export interface WarmProbe {
  /** Checker id (`compose-config`). */
  checker: string;
  /** Command of the checker's first invocation, looked up on PATH. */
  command: string;
  /** Its version command's arguments (the manifest's `versionArgs`). */
  versionArgs: readonly string[];
}

/**
 * The probed checkers that each built-in generator's files meet (data). Only compose-config is
 * probed today (`probe: true` in `check/checkers/compose-config-batch.ts`).
 */
export const WARM_PROBES: Readonly<Record<string, readonly WarmProbe[]>> = {
  compose: [{ checker: 'compose-config', command: 'docker', versionArgs: ['compose', 'version'] }],
};

/** The probes started for a generator: resolves to the ids of the checkers whose probe passed. */
export type Warmed = Promise<ReadonlySet<string>>;

/**
 * Starts the probes of `generatorId`'s checkers (none for a generator not in {@link WARM_PROBES},
 * nor for a checker `iacgen.yaml` turns off). Never rejects: a probe that fails only leaves its
 * checker to probe itself as usual.
 */
export function warmProbes(generatorId: string, settings: Settings): Warmed {
  const probes = (WARM_PROBES[generatorId] ?? []).filter((probe) => configuredPolicy(settings, probe.checker) !== 'off');
  return Promise.all(
    probes.map(async (probe) => {
      const found = await findOnPath(probe.command);
      if (!found) return undefined;
      const generation = await composeGeneration({ command: probe.command, path: found, versionArgs: probe.versionArgs });
      return generation.version === undefined ? undefined : probe.checker;
    }),
  )
    .then((ids) => new Set(ids.filter((id): id is string => id !== undefined)))
    .catch(() => new Set<string>());
}

/**
 * `checkers` with the probe of each checker in `passed` turned off, where its own first
 * invocation is the one probed (same command and version arguments): its version command
 * already answered in this process.
 */
export function unprobed(checkers: readonly Checker[], passed: ReadonlySet<string>): Checker[] {
  return checkers.map((checker) => {
    if (checker.kind !== 'command' || !checker.probe || !passed.has(checker.id)) return checker;
    const probe = Object.values(WARM_PROBES)
      .flat()
      .find((p) => p.checker === checker.id);
    const same = probe !== undefined && probe.command === checker.command && probe.versionArgs.join('\0') === checker.versionArgs.join('\0');
    return same ? { ...checker, probe: false } : checker;
  });
}
