/** Who a generated file's header names as its Author. */
import { execa } from 'execa';

/** `git config user.name` in the repository, else $USER, else `iacgen`. */
export async function authorName(root: string, env: NodeJS.ProcessEnv): Promise<string> {
  const git = await execa('git', ['config', 'user.name'], { cwd: root, reject: false, stdin: 'ignore' });
  const name = git.exitCode === 0 ? String(git.stdout).trim() : '';
  return name || env.USER || 'iacgen';
}
