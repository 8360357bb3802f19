/**
 * Which variables file `compose-config` should use for a compose file: Compose itself reads
 * `.env` from the project directory (the compose file's folder); a repository that follows the
 * house rules commits only `.env.example`, so without `.env` that one stands in, and the file
 * validates without secrets.
 * Used as `compose-config`'s `callOptions`, expanded at `{options}`.
 */
import { access } from 'node:fs/promises';
import path from 'node:path';

/** The example file that stands in for a missing `.env`. */
export const ENV_EXAMPLE = '.env.example';

/** True when the path exists (any kind of file). */
export async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}

/**
 * Extra global options for `docker-compose` / `docker compose` (both accept `--env-file`:
 * docker-compose 1.25+, confirmed in 1.29.2's `--help`) for one compose file: none when `.env`
 * is beside it (Compose reads it anyway), `--env-file <abs>/.env.example` when only that exists.
 * @param file compose file, relative to `cwd`
 * @param cwd absolute working directory of the call
 */
export async function composeEnvArgs(file: string, cwd: string): Promise<string[]> {
  const dir = path.dirname(path.resolve(cwd, file));
  if (await exists(path.join(dir, '.env'))) return [];
  const example = path.join(dir, ENV_EXAMPLE);
  return (await exists(example)) ? ['--env-file', example] : [];
}
