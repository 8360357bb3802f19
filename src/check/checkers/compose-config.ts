import { checkerManifestSchema } from '../manifest.js';
import type { CommandChecker } from '../types.js';
import { parseComposeConfig } from './compose/config-output.js';
import { composeEnvArgs } from './compose/env-file.js';

/**
 * Compose's own validation of one file, the plain CLI flavour: `docker-compose -f {file} config
 * -q`, else `docker compose -f {file} config -q` (the v2 plugin, probed with `docker compose
 * version` since a docker client without the plugin fails). It loads the file as `up` would
 * (interpolation, `extends`, `env_file`, build paths) but needs no Docker engine, starts
 * nothing and pulls nothing. The runner uses `compose-config-batch.ts` instead, which prefers
 * Compose v2, checks base and override files together and adds iacgen's own path checks; this
 * one is its building block and the tests' reference for "the CLI on one file".
 *
 * Project directory and variables: with `-f` and no `--project-directory`, Compose takes the
 * compose file's folder as the project directory (docker-compose(1) 1.29 `--help`: "default:
 * the path of the Compose file"; Compose v2 docs: "the path of the, first specified, Compose
 * file") and reads `.env` from there, whatever the working directory: confirmed with 1.29.2.
 * See `compose/config-output.ts` for the messages and their rule ids.
 *
 * Exit codes that mean "ran and reported" (`COMPOSE_OK_EXIT_CODES` in the batch): 0 valid
 * (warnings may still be printed), 1 any problem (v1; v2 2.33.0 and later), 14 a file not found
 * and 15 a project that does not load (v2 before 2.33.0, docker/compose
 * `pkg/compose/metrics.go`). 16 (v2: a command-line syntax error) and anything else is a failure.
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
    okExitCodes: [0, 1, 14, 15],
    installHint: 'apt-get install docker-compose (or the Docker Compose plugin, docker-compose-plugin)',
    alternatives: [
      { command: 'docker', args: ['compose', '-f', '{file}', '{options}', 'config', '-q'], versionArgs: ['compose', 'version'], probe: true },
    ],
  }),
  parse: parseComposeConfig,
  // Without a `.env`, the committed `.env.example` supplies the variables.
  callOptions: (files, cwd) => composeEnvArgs(files[0] ?? '', cwd),
};
