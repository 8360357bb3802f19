/**
 * The generators iacgen has: the built-in ones, listed explicitly (no directory scanning of
 * code), plus a repository's own under `.iacgen/templates/<generator>/`, which override a
 * built-in generator of the same name or add new ones.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../errors.js';
import { TEMPLATES_DIR } from '../util/paths.js';
import { loadGeneratorManifest, type GeneratorManifest } from './manifest.js';

/** Ids of the built-in generators; each has `templates/<id>/generator.yaml`. */
export const GENERATORS = ['playbook', 'terraform', 'compose', 'python', 'shell', 'config', 'role', 'inventory'] as const;

/** Where a repository keeps its own generators, relative to its root. */
export const USER_TEMPLATES_DIR = path.join('.iacgen', 'templates');

/** Ids of the repository's own generators (folders holding a generator.yaml). */
export function userGenerators(root: string): string[] {
  const dir = path.join(root, USER_TEMPLATES_DIR);
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(path.join(dir, e.name, 'generator.yaml')))
    .map((e) => e.name)
    .sort();
}

/** Every generator id available in `root`: built-in first, then the repository's own new ones. */
export function generatorIds(root: string): string[] {
  const builtin: string[] = [...GENERATORS];
  return [...builtin, ...userGenerators(root).filter((id) => !builtin.includes(id))];
}

/**
 * Loads a generator: the repository's own when it has one of that name, else the built-in.
 * @throws UsageError (exit 2) for an unknown id; ConfigError (exit 2) for an invalid user manifest
 */
export function getGenerator(id: string, root: string): GeneratorManifest {
  const own = path.join(root, USER_TEMPLATES_DIR, id);
  if (existsSync(path.join(own, 'generator.yaml'))) {
    return loadGeneratorManifest(own, false, path.join(USER_TEMPLATES_DIR, id, 'generator.yaml'));
  }
  if ((GENERATORS as readonly string[]).includes(id)) {
    return loadGeneratorManifest(path.join(TEMPLATES_DIR, id), true, path.join('templates', id, 'generator.yaml'));
  }
  throw new UsageError(`unknown generator '${id}'`, `choose one of: ${generatorIds(root).join(', ')}`);
}
