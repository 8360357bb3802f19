import { checkerManifestSchema } from '../manifest.js';
import type { CommandChecker } from '../types.js';
import { parseComposeConfig } from './compose/config-output.js';
import { composeEnvArgs } from './compose/env-file.js';

/**
 * Compose's own validation: `docker-compose -f {file} config -q`, else `docker compose -f {file}
 * config -q` (the v2 plugin, probed with `docker compose version` since a docker client without
 * the plugin fails). It loads the file as `up` would (interpolation, `extends`, `env_file`,
 * build paths) but needs no Docker engine, starts nothing and pulls nothing.
 *
 * Project directory and variables: with `-f` and no `--project-directory`, Compose takes the
 * compose file's folder as the project directory (docker-compose(1) 1.29 `--help`: "default:
 * the path of the Compose file"; Compose v2 docs: "the path of the, first specified, Compose
 * file") and reads `.env` from there, whatever the working directory: confirmed with 1.29.2.
 * See `compose/config-output.ts` for the messages and their rule ids.
 *
 * Exit codes (observed with docker-compose 1.29.2; v2 exits 1 on any error too): 0 the file
 * is valid (warnings such as unset variables may still be printed on stderr), 1 any problem
 * (invalid file, YAML error, missing required variable or build folder, missing file).
 */
export const composeConfig: CommandChecker = {
  ...checkerManifestSchema.parse({
    id: 'compose-config',
    cost: { call: 300, file: 20 },
    command: 'docker-compose',
    args: ['-f', '{file}', '{options}', 'config', '-q'],
    fileTypes: ['compose'],
    mode: 'file',
    versionArgs: ['--version'],
    timeoutMs: 60_000,
    okExitCodes: [0, 1],
    installHint: 'apt-get install docker-compose (or the Docker Compose plugin, docker-compose-plugin)',
    alternatives: [
      { command: 'docker', args: ['compose', '-f', '{file}', '{options}', 'config', '-q'], versionArgs: ['compose', 'version'], probe: true },
    ],
  }),
  parse: parseComposeConfig,
  // Without a `.env`, the committed `.env.example` supplies the variables.
  callOptions: (files, cwd) => composeEnvArgs(files[0] ?? '', cwd),
};
