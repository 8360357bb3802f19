/**
 * The yamllint configuration's ignore patterns, found as yamllint finds them (cwd, then the
 * folders above it, then the user's), on real files in a temporary folder; and yaml-parse
 * honouring them.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { yamlParse } from '../../../src/check/checkers/yaml-parse.js';
import { findConfig, yamllintIgnored } from '../../../src/check/checkers/yamllint-ignore.js';

/** A temporary folder, removed after the test; also the HOME, so nothing outside it is read. */
async function tree(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'iacgen-yamllint-ignore-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  for (const [rel, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, rel)), { recursive: true });
    await writeFile(path.join(dir, rel), text);
  }
  return dir;
}

describe('yamllintIgnored', () => {
  it('reads ignore: as a list or a multi-line string, gitignore patterns relative to the working directory', async () => {
    const list = await tree({ '.yamllint': 'extends: default\nignore:\n  - charts/*/templates/\n  - "*.generated.yaml"\n' });
    const ignored = yamllintIgnored(list, { HOME: list });
    expect(ignored('charts/app/templates/deploy.yaml')).toBe(true);
    expect(ignored('./x/out.generated.yaml')).toBe(true);
    expect(ignored('charts/app/values.yaml')).toBe(false);

    const block = await tree({ '.yamllint.yaml': 'ignore: |\n  vendor/\n  !vendor/keep.yaml\n' });
    const blockIgnored = yamllintIgnored(block, { HOME: block });
    expect(blockIgnored('vendor/a.yaml')).toBe(true);
    expect(blockIgnored('vendor/keep.yaml')).toBe(false);
  });

  it('reads ignore-from-file relative to the working directory, and the extended configuration', async () => {
    const dir = await tree({
      '.yamllint.yml': 'ignore-from-file: [.gitignore, .yamlignore]\n',
      '.gitignore': 'build/\n',
      '.yamlignore': 'secret.yml\n',
      'sub/.yamllint': 'extends: ../base.yaml\nrules: {}\n',
      'base.yaml': 'ignore: ["old/"]\n',
    });
    const ignored = yamllintIgnored(dir, { HOME: dir });
    expect(ignored('build/x.yaml')).toBe(true);
    expect(ignored('a/secret.yml')).toBe(true);
    expect(ignored('a/other.yml')).toBe(false);
    const sub = path.join(dir, 'sub');
    expect(yamllintIgnored(sub, { HOME: dir })('old/a.yaml')).toBe(true);
  });

  it('ignores nothing for rule-level ignore: only, no configuration, or a broken one', async () => {
    const rules = await tree({ '.yamllint': 'rules:\n  line-length:\n    ignore: ["*.yaml"]\n' });
    expect(yamllintIgnored(rules, { HOME: rules })('a.yaml')).toBe(false);
    const none = await tree({});
    expect(yamllintIgnored(none, { HOME: none })('a.yaml')).toBe(false);
    const broken = await tree({ '.yamllint': 'ignore: [unclosed\n' });
    expect(yamllintIgnored(broken, { HOME: broken })('a.yaml')).toBe(false);
  });

  it('finds the configuration in a folder above the working directory, stopping at HOME; else the user one', async () => {
    const dir = await tree({ 'repo/.yamllint': 'ignore: ["x.yaml"]\n', 'repo/a/b/.keep': '', '.config/yamllint/config': 'ignore: ["y.yaml"]\n' });
    expect(findConfig(path.join(dir, 'repo/a/b'), { HOME: dir })).toBe(path.join(dir, 'repo/.yamllint'));
    // HOME is the repository: the search stops there.
    expect(findConfig(path.join(dir, 'repo/a/b'), { HOME: path.join(dir, 'repo/a') })).toBeUndefined();
    // Outside the repository, the user's configuration applies.
    expect(findConfig(dir, { HOME: dir })).toBe(path.join(dir, '.config/yamllint/config'));
    expect(findConfig(dir, { HOME: dir, XDG_CONFIG_HOME: path.join(dir, 'none') })).toBeUndefined();
    expect(findConfig(dir, { HOME: dir, YAMLLINT_CONFIG_FILE: 'repo/.yamllint' })).toBe(path.join(dir, 'repo/.yamllint'));
  });
});

describe('yaml-parse and the yamllint configuration', () => {
  it('reports nothing on a file yamllint ignores, and the syntax error of the same file when not ignored', async () => {
    const broken = 'a: [unclosed\n';
    const dir = await tree({ '.yamllint': 'ignore: |\n  legacy/\n', 'legacy/x.yaml': broken, 'current/x.yaml': broken });
    const result = await yamlParse.check({ cwd: dir, files: ['legacy/x.yaml', 'current/x.yaml'] });
    expect(result.diagnostics.map((d) => d.file)).toEqual(['current/x.yaml']);
  });
});
