/**
 * The file names Compose looks for on its own (data only). Sources:
 * - Compose v2: compose-spec/compose-go `cli/options.go`, `DefaultFileNames` and
 *   `DefaultOverrideFileNames` (in order of preference); with no `-f`, Compose takes the first
 *   base file found (walking up from the working directory) and the first override file found
 *   beside it, whatever the base file's name (so `compose.yaml` + `docker-compose.override.yml`
 *   is a project too).
 * - Compose v1 (docker-compose 1.29.2, `compose/config/config.py`): `SUPPORTED_FILENAMES`
 *   (`docker-compose.yml` first) and `DEFAULT_OVERRIDE_FILENAMES`; more than one override file
 *   beside the base is an error there (`DuplicateOverrideFileFound`).
 */

/** Base file names, Compose v2's order of preference. */
export const BASE_FILE_NAMES: readonly string[] = ['compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml'];

/** Override file names, Compose v2's order of preference. */
export const OVERRIDE_FILE_NAMES: readonly string[] = ['compose.override.yml', 'compose.override.yaml', 'docker-compose.override.yml', 'docker-compose.override.yaml'];
