/** Finding a checker's command and asking it for its version (used by validate and doctor). */
import { execa } from 'execa';
import which from 'which';
import type { CommandChecker } from './types.js';

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

/**
 * Runs `command ...versionArgs` and returns the version it prints, or undefined when it fails
 * (within 30 s).
 */
export async function readVersion(checker: CommandChecker, command: string): Promise<string | undefined> {
  const result = await execa(command, checker.versionArgs, {
    reject: false,
    stdin: 'ignore',
    timeout: 30_000,
    env: { ...checker.env, NO_COLOR: '1' },
  });
  if (result.exitCode !== 0) return undefined;
  return versionIn(`${String(result.stdout)}\n${String(result.stderr)}`);
}
