/** Finding a checker's command and asking it for its version (used by validate and doctor). */
import path from 'node:path';
import { execa } from 'execa';
import which from 'which';
import type { Invocation } from './manifest.js';
import type { CommandChecker } from './types.js';
import { makeTempDir, removeTempDir } from '../process/shutdown.js';

/** Looks a command up on PATH; undefined when it is not there. */
export async function findOnPath(command: string): Promise<string | undefined> {
  return (await which(command, { nothrow: true })) ?? undefined;
}

/** The first version-like token (`1.29.0`, `v0.9.0`) in a text, without a leading `v`. */
export function versionIn(text: string): string | undefined {
  // Strip ANSI colours first: some tools colour their version even when told not to.
  const plain = text.replace(/\u001b\[[0-9;]*m/g, '');
  return /\bv?(\d+\.\d+(?:\.\d+)?(?:[-+.][0-9A-Za-z.]+)?)\b/.exec(plain)?.[1];
}

/** An invocation resolved to an executable path. */
export interface ResolvedInvocation extends Invocation {
  /** Absolute path of the executable. */
  path: string;
}

/**
 * The first way to run `checker` that works here: its own command, else each alternative, where
 * "works" means found on PATH and, for a probed one, its version command exits 0.
 * @param resolve PATH look-up (injectable for tests)
 */
export async function resolveInvocation(
  checker: CommandChecker,
  resolve: (command: string) => Promise<string | undefined> = findOnPath,
): Promise<ResolvedInvocation | undefined> {
  const candidates: Invocation[] = [
    { command: checker.command, args: checker.args, versionArgs: checker.versionArgs, probe: checker.probe, skips: checker.skips },
    ...checker.alternatives,
  ];
  for (const candidate of candidates) {
    const found = await resolve(candidate.command);
    if (!found) continue;
    if (candidate.probe && (await readVersion(checker, { ...candidate, path: found })) === undefined) continue;
    return { ...candidate, path: found };
  }
  return undefined;
}

/**
 * Runs the invocation's version command and returns the version it prints, or undefined when
 * it fails (within 30 s). It runs in a private temporary folder, removed afterwards: ansible-lint
 * 25.2.1 and 26.4.0 write their project cache (`.ansible/`) into the working folder even for
 * `--version`, which must never land in the user's repository.
 */
export async function readVersion(checker: CommandChecker, invocation: ResolvedInvocation): Promise<string | undefined> {
  const cwd = await makeTempDir('iacgen-version-');
  const result = await execa(invocation.path, invocation.versionArgs, {
    reject: false,
    stdin: 'ignore',
    timeout: 30_000,
    cwd,
    env: { ...checker.env, NO_COLOR: '1' },
  }).finally(() => removeTempDir(cwd));
  if (result.exitCode !== 0) return undefined;
  return versionIn(`${String(result.stdout)}\n${String(result.stderr)}`);
}
