/**
 * Installing and uninstalling the git pre-commit hook. The hooks folder honours
 * `core.hooksPath` (`git rev-parse --git-path hooks`). An existing hook is kept beside ours and
 * chained, never overwritten; uninstall restores exactly what was there; installing twice
 * changes nothing.
 */
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import writeFileAtomic from 'write-file-atomic';
import { UsageError } from '../errors.js';
import { CHAINED_SUFFIX, HOOK_MARKER, hookScript } from './script.js';

/** What install or uninstall did, for the CLI to print. */
export interface HookResult {
  /** Absolute path of the pre-commit hook. */
  hookPath: string;
  action: 'installed' | 'installed-chained' | 'already-installed' | 'uninstalled' | 'restored-previous' | 'not-installed';
}

/**
 * The absolute path of the pre-commit hook of the repository holding `cwd`.
 * @throws UsageError (exit 2) outside a git repository
 */
export async function hookPath(cwd: string): Promise<string> {
  const result = await execa('git', ['rev-parse', '--path-format=absolute', '--git-path', 'hooks/pre-commit'], { cwd, reject: false, stdin: 'ignore' });
  if (result.exitCode !== 0) throw new UsageError('not a git repository: there is no hook to install', 'run it inside the repository (git init first)');
  return String(result.stdout).trim();
}

async function isOurs(file: string): Promise<boolean> {
  return existsSync(file) && (await readFile(file, 'utf8')).includes(HOOK_MARKER);
}

/** Installs the hook, chaining a previous one. */
export async function installHook(cwd: string): Promise<HookResult> {
  const hook = await hookPath(cwd);
  if (await isOurs(hook)) return { hookPath: hook, action: 'already-installed' };
  await mkdir(path.dirname(hook), { recursive: true });
  const chained = `${path.basename(hook)}${CHAINED_SUFFIX}`;
  const hasPrevious = existsSync(hook);
  if (hasPrevious) await rename(hook, path.join(path.dirname(hook), chained));
  await writeFileAtomic(hook, hookScript(hasPrevious ? chained : undefined), { mode: 0o755 });
  await chmod(hook, 0o755);
  return { hookPath: hook, action: hasPrevious ? 'installed-chained' : 'installed' };
}

/** Removes iacgen's hook and puts a chained previous hook back where it was. */
export async function uninstallHook(cwd: string): Promise<HookResult> {
  const hook = await hookPath(cwd);
  if (!(await isOurs(hook))) return { hookPath: hook, action: 'not-installed' };
  const chained = path.join(path.dirname(hook), `${path.basename(hook)}${CHAINED_SUFFIX}`);
  await rm(hook);
  if (existsSync(chained) && (await stat(chained)).isFile()) {
    await rename(chained, hook);
    return { hookPath: hook, action: 'restored-previous' };
  }
  return { hookPath: hook, action: 'uninstalled' };
}
