/** `iacgen hook install|uninstall`: the git pre-commit hook. */
import type { Context } from '../context.js';
import { EXIT } from '../errors.js';
import { installHook, uninstallHook, type HookResult } from '../hook/install.js';
import { displayPath } from '../util/paths.js';

const SAID: Record<HookResult['action'], string> = {
  installed: 'installed the pre-commit hook',
  'installed-chained': 'installed the pre-commit hook; the hook that was there runs first',
  'already-installed': 'the pre-commit hook is already installed; nothing changed',
  uninstalled: 'removed the pre-commit hook',
  'restored-previous': 'removed the pre-commit hook and put the previous hook back',
  'not-installed': "iacgen's pre-commit hook is not installed; nothing changed",
};

/** Runs `iacgen hook install` or `iacgen hook uninstall`; returns 0. */
export async function runHook(context: Context, action: 'install' | 'uninstall'): Promise<number> {
  const result = action === 'install' ? await installHook(context.cwd) : await uninstallHook(context.cwd);
  context.stdout.write(`${SAID[result.action]}: ${displayPath(result.hookPath, context.cwd)}\n`);
  return EXIT.ok;
}
