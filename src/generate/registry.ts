/** The generators iacgen has, listed explicitly (no directory scanning). */
import { UsageError } from '../errors.js';
import { loadGeneratorManifest, type GeneratorManifest } from './manifest.js';

/** Ids of the built-in generators; each has `templates/<id>/generator.yaml`. */
export const GENERATORS = ['playbook'] as const;

/** A built-in generator id. */
export type GeneratorId = (typeof GENERATORS)[number];

/**
 * Loads a built-in generator's manifest.
 * @throws UsageError (exit 2) for an unknown id
 */
export function getGenerator(id: string): GeneratorManifest {
  if (!(GENERATORS as readonly string[]).includes(id)) {
    throw new UsageError(`unknown generator '${id}'`, `choose one of: ${GENERATORS.join(', ')}`);
  }
  return loadGeneratorManifest(id);
}
