/**
 * Which Compose generation a resolved `compose-config` invocation runs: `docker compose` is
 * always v2 (the plugin exists only for v2); `docker-compose` is v1 (Python, docker-compose
 * 1.x: `docker-compose version 1.29.2, build unknown`) or v2 (Debian 13's package, Docker's
 * `docker-compose` binary: `Docker Compose version v2.26.1`), told apart by `--version`.
 */
import { execa } from 'execa';
import { versionIn } from '../../probe.js';

/** A Compose generation and the version it printed. */
export interface ComposeGeneration {
  major: 1 | 2;
  version?: string;
}

const known = new Map<string, Promise<ComposeGeneration>>();

async function ask(executable: string, versionArgs: readonly string[]): Promise<ComposeGeneration> {
  const result = await execa(executable, [...versionArgs], { reject: false, stdin: 'ignore', timeout: 30_000, env: { NO_COLOR: '1' } });
  const version = versionIn(`${String(result.stdout ?? '')}\n${String(result.stderr ?? '')}`);
  // Unknown output: v2's flags and messages are the ones to expect from anything current.
  return { major: version?.startsWith('1.') ? 1 : 2, ...(version ? { version } : {}) };
}

/**
 * The generation of an invocation (asked once per executable and process).
 * @param invocation `command` and `path` (absolute, when resolved) of the call, and its `versionArgs`
 */
export function composeGeneration(invocation: { command: string; path?: string; versionArgs?: readonly string[] }): Promise<ComposeGeneration> {
  const executable = invocation.path ?? invocation.command;
  const args = invocation.versionArgs ?? (invocation.command === 'docker' ? ['compose', 'version'] : ['--version']);
  const id = `${executable}\0${args.join(' ')}`;
  let generation = known.get(id);
  if (!generation) {
    generation = ask(executable, args);
    known.set(id, generation);
  }
  return generation;
}
