/** Discovery on a real temporary tree: what each kind of path becomes, without opening any. */
import { mkdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { execaSync } from 'execa';
import { describe, expect, it } from 'vitest';
import { discover } from '../../../src/validate/discover.js';
import { UsageError } from '../../../src/errors.js';
import { tempDir, tempRepo } from '../../helpers.js';

/** `[relative path, reason or 'check' or 'outside']` per discovered path. */
async function kinds(cwd: string, paths: string[] = [], options: { exclude?: string[]; listed?: boolean } = {}): Promise<Array<[string, string]>> {
  const found = await discover(cwd, paths, { root: cwd, ...options });
  return found.map((f) => [path.relative(cwd, f.absPath), f.skip ? `${f.skip.reason}: ${f.skip.note}` : f.outside ? 'outside' : 'check']);
}

describe('discover', () => {
  it('walks a git tree: regular files to check, everything else with its reason', async () => {
    const outside = tempDir('iacgen-outside-');
    const repo = tempRepo({ 'a.yml': 'a: 1\n', 'real/b.yml': 'b: 2\n', 'vendor/v.yml': 'v: 1\n', [`${'x'}/.keep`]: '' });
    execaSync('mkfifo', [path.join(repo, 'x/pipe')]);
    symlinkSync('loop2', path.join(repo, 'loop1'));
    symlinkSync('loop1', path.join(repo, 'loop2'));
    symlinkSync('real/b.yml', path.join(repo, 'link.yml'));
    symlinkSync(outside, path.join(repo, 'out'));
    symlinkSync('real', path.join(repo, 'dir'));
    symlinkSync('vendor/v.yml', path.join(repo, 'vlink.yml'));
    expect(await kinds(repo, [], { exclude: ['vendor/'] })).toEqual([
      ['a.yml', 'check'],
      ['dir', 'symlink: symlink to the folder real/: not followed (its files are checked at their own paths)'],
      ['link.yml', 'symlink: symlink to real/b.yml: checked there'],
      ['loop1', 'symlink-loop: symlink loop: loop2 never leads to a file'],
      ['loop2', 'symlink-loop: symlink loop: loop1 never leads to a file'],
      ['out', `outside-repository: symlink to a folder outside the repository (${outside}): not followed`],
      ['real/b.yml', 'check'],
      ['vlink.yml', 'symlink: symlink to vendor/v.yml, which is excluded'],
      ['x/.keep', 'check'],
      ['x/pipe', 'special-file: special file: FIFO'],
    ]);
  });

  it('checks a folder outside the repository named on purpose (marked outside), but not when the paths are a listing', async () => {
    const outside = tempDir('iacgen-outside-');
    mkdirSync(path.join(outside, 'sub'));
    execaSync('cp', ['/dev/null', path.join(outside, 'sub/site.yml')]);
    const repo = tempRepo({ 'a.yml': 'a: 1\n' });
    symlinkSync(outside, path.join(repo, 'shared'));
    expect(await kinds(repo, ['shared'])).toEqual([['shared/sub/site.yml', 'outside']]);
    expect(await kinds(repo, ['shared/sub/site.yml'])).toEqual([['shared/sub/site.yml', 'outside']]);
    expect(await kinds(repo, ['shared'], { listed: true })).toEqual([['shared', `outside-repository: symlink to a folder outside the repository (${outside}): not followed`]]);
  });

  it('adds the target of a named symlink to the run; refuses a named path that cannot be read', async () => {
    const repo = tempRepo({ 'real/b.yml': 'b: 2\n' });
    symlinkSync('real/b.yml', path.join(repo, 'link.yml'));
    symlinkSync('self', path.join(repo, 'self'));
    expect(await kinds(repo, ['link.yml'])).toEqual([
      ['link.yml', 'symlink: symlink to real/b.yml: checked there'],
      ['real/b.yml', 'check'],
    ]);
    await expect(discover(repo, ['self'], { root: repo })).rejects.toThrow(UsageError);
    await expect(discover(repo, ['self'], { root: repo })).rejects.toThrow("cannot read 'self': symlink loop");
    await expect(discover(repo, ['missing.yml'], { root: repo })).rejects.toThrow(/no such file or directory/);
  });
});
