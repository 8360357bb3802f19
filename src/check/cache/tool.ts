/**
 * What identifies a checker's tool for the result cache: the files it runs from (executable,
 * interpreter, package folders), its version text, and iacgen's own code.
 */
import { execa } from 'execa';
import { readdir, readFile, realpath } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { VERSION } from '../../version.js';
import { shebangOf } from '../shebang.js';
import type { Invocation } from '../manifest.js';
import type { ResolvedInvocation } from '../probe.js';
import { outOfSandbox, sandboxCommand, sandboxOf } from '../sandbox.js';
import type { CommandChecker } from '../types.js';
import { sha256, type Digests } from './digest.js';
import { versionTextOf } from '../version-text.js';

/** What identifies a tool besides its version: the files it runs from. */
export interface Tool {
  /** Key material (executable and interpreter identity). */
  identity: Promise<unknown>;
  /**
   * Full output of its version command (a built-in's version), or undefined when it fails.
   * Started on first use: a cold run reads it when a slot is free (see the runner), a run with
   * entries at once.
   */
  readonly version: Promise<string | undefined>;
  /** True once {@link version} was asked for or given. */
  readonly known: boolean;
  /** Gives the version text read on the way (a worker's version job), unless it was asked for already. */
  provide(text: string): void;
}

/**
 * A tool whose version is read on first use, or given before (never rejects).
 * @param keep called with a text given by {@link Tool.provide} (to remember it as a read one would be)
 */
export function lazyTool(identity: Promise<unknown>, readVersion: () => Promise<string | undefined>, keep?: (text: string) => Promise<void>): Tool {
  let version: Promise<string | undefined> | undefined;
  return {
    identity: identity.catch(() => ({ unknown: true })),
    get version() {
      version ??= readVersion().catch(() => undefined);
      return version;
    },
    get known() {
      return version !== undefined;
    },
    provide(text: string) {
      if (version !== undefined) return;
      version = Promise.resolve(text);
      void keep?.(text).catch(() => undefined);
    },
  };
}

/**
 * The whole output of the invocation's version command, or undefined when it fails (30 s). It runs
 * in `cwd` (ansible prints the `ansible.cfg` it would use), so a checker that can run the
 * repository's code runs it in the run's sandbox, if any: ansible-lint 25+ writes `.ansible/`
 * into its working folder even for `--version`, and must not write into the repository.
 */
export async function versionText(checker: CommandChecker, invocation: ResolvedInvocation, cwd: string): Promise<string | undefined> {
  const sandbox = sandboxOf(checker);
  const line = sandbox ? sandboxCommand(sandbox, { command: invocation.path, args: invocation.versionArgs, cwd }) : { command: invocation.path, args: invocation.versionArgs };
  const result = await execa(line.command, line.args, {
    cwd,
    reject: false,
    stdin: 'ignore',
    timeout: 30_000,
    env: { ...checker.env, NO_COLOR: '1' },
  });
  if (result.exitCode !== 0) return undefined;
  // As a checker call's output: the sandbox's private HOME read back as the user's own (the same
  // text as the version job of a Python worker, whose whole output is read back so).
  const read = (text: unknown): string => (sandbox ? outOfSandbox(String(text ?? '')) : String(text ?? ''));
  return versionTextOf(read(result.stdout), read(result.stderr));
}

/**
 * The files a command runs from: the executable (resolved) and, for a script, its interpreter,
 * that interpreter's package folders and the package database (an upgrade of a library changes
 * their times even when the tool's own version string stays).
 */
export async function executableIdentity(invocation: Invocation & { path: string }, digests: Digests, env: NodeJS.ProcessEnv): Promise<unknown> {
  const exe = await realpath(invocation.path).catch(() => invocation.path);
  const identity: Record<string, unknown> = {
    command: invocation.command,
    path: invocation.path,
    args: invocation.args,
    versionArgs: invocation.versionArgs,
    exe: [exe, await digests.statDigest(exe)],
  };
  const interpreter = (await shebangOf(exe))?.[0];
  if (interpreter) {
    const real = await realpath(interpreter).catch(() => interpreter);
    identity.interpreter = [interpreter, real, await digests.statDigest(real)];
    if (/python/.test(path.basename(real))) {
      const folders = await pythonPackageFolders(interpreter, env);
      identity.packages = await Promise.all(folders.map(async (f) => [f, await digests.statDigest(f)]));
      identity.dpkg = await digests.statDigest('/var/lib/dpkg/status');
    }
  }
  return identity;
}

/** `site-packages`/`dist-packages` folders a Python interpreter may import from. */
async function pythonPackageFolders(interpreter: string, env: NodeJS.ProcessEnv): Promise<string[]> {
  const prefixes = new Set([path.dirname(path.dirname(interpreter)), '/usr', '/usr/local', path.join(env.HOME || os.homedir(), '.local')]);
  const out = new Set<string>(['/usr/lib/python3/dist-packages']);
  for (const prefix of prefixes) {
    const lib = path.join(prefix, 'lib');
    for (const name of await readdir(lib).catch(() => [] as string[])) {
      if (!/^python3/.test(name)) continue;
      for (const sub of ['site-packages', 'dist-packages']) out.add(path.join(lib, name, sub));
    }
  }
  return [...out].sort();
}

let fingerprint: Promise<string> | undefined;

/**
 * iacgen's own identity: its version, the Node version, and the bytes of every script of the code
 * that is running, so a changed parser never reuses old verdicts, while a rebuild that changes
 * nothing keeps them. From the bundle (`dist/bundle/`), the digest of its files written by
 * `scripts/bundle.mjs` (`code-digest.txt`); from `dist/` or `src/`, every script's bytes.
 */
export function buildFingerprint(): Promise<string> {
  fingerprint ??= (async () => {
    const parts: string[] = [VERSION, process.version];
    const here = fileURLToPath(new URL('.', import.meta.url));
    const bundled = await readFile(path.join(here, 'code-digest.txt'), 'utf8').catch(() => undefined);
    if (bundled !== undefined) return sha256([...parts, `bundle:${bundled.trim()}`].join('\n'));
    // This file is `<code>/check/cache/tool.js` (or `.ts`): `<code>` is `dist` or `src`.
    const code = fileURLToPath(new URL('../..', import.meta.url));
    const names = await readdir(code, { recursive: true }).catch(() => [] as string[]);
    for (const name of names.filter((n) => /\.[cm]?[jt]s$/.test(n)).sort()) {
      const bytes = await readFile(path.join(code, name)).catch(() => undefined);
      if (bytes) parts.push(`${name}:${sha256(bytes)}`);
    }
    return sha256(parts.join('\n'));
  })();
  return fingerprint;
}
