/**
 * Where recorded answers live (see recorded.ts): a module of its own, without dependencies, so
 * that validate's discovery can exclude the folder without loading the generators.
 */

/** Where records live, relative to the repository root. */
export const RECORDS_DIR = '.iacgen/answers';

/** The artifact id of a record: `<generator>/<name>` (`compose/uptime-kuma`). */
export function artifactId(generator: string, name: string): string {
  return `${generator}/${name}`;
}

/** Repository-relative path of an artifact's record: `.iacgen/answers/compose/uptime-kuma.yaml`. */
export function recordPath(generator: string, name: string): string {
  return `${RECORDS_DIR}/${generator}/${name}.yaml`;
}
