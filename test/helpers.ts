/**
 * Test helpers: temporary folders and git repositories removed after each test, running the
 * built CLI, and the rule for tests that need a real checker (skip on a laptop, fail in CI).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa, execaSync } from 'execa';
import { onTestFinished } from 'vitest';

/** Absolute path of the repository under test. */
export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
/** The CLI shim, as `npx iacgen` runs it. */
export const BIN = path.join(REPO_ROOT, 'bin', 'iacgen.js');

/** True in CI: a missing checker must fail the test, never skip it. */
export const IN_CI = Boolean(process.env.CI);

/**
 * True when every command is on PATH. In CI a missing one throws, so the test fails loudly;
 * elsewhere the caller skips (visibly, with `it.skipIf`).
 */
export function haveTools(...commands: string[]): boolean {
  const missing = commands.filter((c) => execaSync('sh', ['-c', `command -v ${c}`], { reject: false }).exitCode !== 0);
  if (missing.length > 0 && IN_CI) throw new Error(`checkers required in CI are missing: ${missing.join(', ')} (see .ci/run)`);
  return missing.length === 0;
}

/**
 * The Compose v2 command: `docker compose` (the CLI plugin), else a `docker-compose` that is v2
 * (Debian 13's package, as in the trixie and forky chroots); undefined when there is neither,
 * which in CI is an error (as {@link haveTools}).
 */
export function composeV2(): string[] | undefined {
  const version = (command: string, args: string[]) => {
    const result = execaSync(command, args, { reject: false, stdin: 'ignore' });
    return result.exitCode === 0 ? String(result.stdout).trim() : undefined;
  };
  const found = version('docker', ['compose', 'version', '--short'])
    ? ['docker', 'compose']
    : /^v?[2-9]\./.test(version('docker-compose', ['version', '--short']) ?? '')
      ? ['docker-compose']
      : undefined;
  if (!found && IN_CI) throw new Error('Compose v2 is required in CI and missing: neither `docker compose` nor a v2 `docker-compose` (see .ci/run)');
  return found;
}

/** A temporary folder removed when the current test finishes. */
export function tempDir(prefix = 'iacgen-test-'): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A temporary git repository (with a committer identity), removed after the test. */
export function tempRepo(files: Record<string, string> = {}): string {
  const dir = tempDir('iacgen-repo-');
  execaSync('git', ['init', '-q', '-b', 'main'], { cwd: dir });
  execaSync('git', ['config', 'user.name', 'Test Operator'], { cwd: dir });
  execaSync('git', ['config', 'user.email', 'operator@example.test'], { cwd: dir });
  writeTree(dir, files);
  return dir;
}

/** Writes `files` (relative path -> content) under `dir`. */
export function writeTree(dir: string, files: Record<string, string>): void {
  for (const [rel, content] of Object.entries(files)) {
    const abs = path.join(dir, rel);
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileSync(abs, content);
  }
}

/** Result of one CLI run. */
export interface CliRun {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI (`node bin/iacgen.js ...args`) in `cwd`, without a terminal. */
export async function runCli(args: string[], cwd: string, env: Record<string, string> = {}): Promise<CliRun> {
  const result = await execa('node', [BIN, ...args], { cwd, env: { NO_COLOR: '1', ...env }, reject: false, stdin: 'ignore' });
  return { exitCode: result.exitCode ?? -1, stdout: String(result.stdout), stderr: String(result.stderr) };
}

/** A person at a real terminal: keys in, screen out. */
export interface Terminal {
  keys(...keys: string[]): Promise<void>;
  /**
   * Polls the screen (with its scrollback) until it contains `text`, after the last `after` when
   * given; gives up after 60 s, showing the last screen.
   */
  waitFor(text: string, after?: string): Promise<string>;
}

/**
 * Runs `command` in a real terminal (a pane of a private tmux server, 150x50), removed when the
 * test finishes. The pane stays open after the command and shows `IACGEN_EXIT=<code>`.
 */
export async function terminal(cwd: string, command: string): Promise<Terminal> {
  const socket = `iacgen-test-${process.pid}-${Math.random().toString(36).slice(2)}`;
  const tmux = (...args: string[]) => execa('tmux', ['-L', socket, ...args], { reject: false });
  await tmux('new-session', '-d', '-x', '150', '-y', '50', '-c', cwd, '-e', 'CI=', '-e', 'NO_COLOR=1', `${command}; echo IACGEN_EXIT=$?; sleep 600`);
  onTestFinished(async () => {
    await tmux('kill-server');
  });
  const screen = async () => String((await tmux('capture-pane', '-p', '-J', '-S', '-200')).stdout);
  return {
    keys: async (...keys: string[]) => {
      await tmux('send-keys', ...keys);
    },
    waitFor: async (text: string, after?: string) => {
      const deadline = Date.now() + 60_000;
      let last = '';
      while (Date.now() < deadline) {
        last = await screen();
        const from = after === undefined ? 0 : last.lastIndexOf(after);
        if (from >= 0 && last.indexOf(text, from) >= 0) return last;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error(`'${text}' never appeared; the screen was:\n${last}`);
    },
  };
}
