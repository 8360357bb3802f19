/** Which yamllint and ansible-lint configurations apply: found as the checkers find them. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RELAXED_YAMLLINT_CONFIG, yamllintConfig } from '../../../src/check/checkers/yamllint-config.js';
import { ansibleLintConfig, ownConfigs } from '../../../src/verdict/configs.js';
import { tempDir, writeTree } from '../../helpers.js';

describe('the yamllint configuration of a run', () => {
  it("is iacgen's relaxed one, with -c, when the repository and the user have none", () => {
    const home = tempDir();
    const repo = path.join(home, 'repo');
    writeTree(repo, { 'a.yml': 'a: 1\n' });
    expect(yamllintConfig(repo, { HOME: home })).toEqual({ kind: 'relaxed', file: RELAXED_YAMLLINT_CONFIG, args: ['-c', RELAXED_YAMLLINT_CONFIG] });
    expect(ownConfigs(repo, { HOME: home }).has('yamllint')).toBe(false);
  });

  it('is the project one in the working directory (no argument: yamllint finds it), or above it (passed with -c)', () => {
    const home = tempDir();
    const repo = path.join(home, 'repo');
    writeTree(repo, { '.yamllint.yml': 'extends: default\n', 'sub/a.yml': 'a: 1\n' });
    expect(yamllintConfig(repo, { HOME: home })).toEqual({ kind: 'project', file: path.join(repo, '.yamllint.yml'), args: [] });
    expect(yamllintConfig(path.join(repo, 'sub'), { HOME: home })).toEqual({ kind: 'project', file: path.join(repo, '.yamllint.yml'), args: ['-c', path.join(repo, '.yamllint.yml')] });
    expect(ownConfigs(path.join(repo, 'sub'), { HOME: home }).has('yamllint')).toBe(true);
  });

  it('takes .yamllint before .yamllint.yaml before .yamllint.yml, and stops at the home folder (which counts)', () => {
    const root = tempDir();
    const home = path.join(root, 'home');
    writeTree(root, { '.yamllint': 'extends: default\n', 'home/.yamllint.yaml': 'extends: default\n', 'home/.yamllint.yml': 'extends: default\n', 'home/repo/a.yml': 'a: 1\n' });
    expect(yamllintConfig(path.join(home, 'repo'), { HOME: home }).file).toBe(path.join(home, '.yamllint.yaml'));
    writeTree(root, { 'home2/repo/a.yml': 'a: 1\n' });
    // Above the home folder nothing is looked for.
    expect(yamllintConfig(path.join(root, 'home2', 'repo'), { HOME: path.join(root, 'home2') }).kind).toBe('relaxed');
  });

  it('inside a git work tree, never comes from above its top (a .yamllint in the temporary folder above a staging folder)', () => {
    const root = tempDir();
    writeTree(root, { '.yamllint': 'rules: {line-length: {max: 5}}\n', 'stage/.git/HEAD': 'ref: refs/heads/main\n', 'stage/sub/a.yml': 'a: 1\n' });
    const stage = path.join(root, 'stage');
    expect(yamllintConfig(path.join(stage, 'sub'), { HOME: root }).kind).toBe('relaxed');
    expect(yamllintConfig(stage, { HOME: root }).kind).toBe('relaxed');
    // Outside git, as yamllint 1.37+: up to the home folder.
    writeTree(root, { 'plain/a.yml': 'a: 1\n' });
    expect(yamllintConfig(path.join(root, 'plain'), { HOME: root }).file).toBe(path.join(root, '.yamllint'));
  });

  it('is the user config ($YAMLLINT_CONFIG_FILE, else $XDG_CONFIG_HOME/yamllint/config) when the project has none', () => {
    const home = tempDir();
    writeTree(home, { 'mine.yaml': 'extends: relaxed\n', 'xdg/yamllint/config': 'extends: relaxed\n', 'repo/a.yml': 'a: 1\n' });
    const repo = path.join(home, 'repo');
    expect(yamllintConfig(repo, { HOME: home, YAMLLINT_CONFIG_FILE: path.join(home, 'mine.yaml') })).toEqual({ kind: 'user', file: path.join(home, 'mine.yaml'), args: ['-c', path.join(home, 'mine.yaml')] });
    expect(yamllintConfig(repo, { HOME: home, XDG_CONFIG_HOME: path.join(home, 'xdg') }).kind).toBe('user');
    // As yamllint: a set YAMLLINT_CONFIG_FILE naming nothing hides the XDG one.
    expect(yamllintConfig(repo, { HOME: home, XDG_CONFIG_HOME: path.join(home, 'xdg'), YAMLLINT_CONFIG_FILE: path.join(home, 'none.yaml') }).kind).toBe('relaxed');
  });
});

describe('the ansible-lint configuration of a run', () => {
  it('is found from the working directory up to the folder holding .git, never above it', () => {
    const root = tempDir();
    writeTree(root, { '.ansible-lint': 'profile: min\n', 'repo/.git/HEAD': 'ref: refs/heads/main\n', 'repo/sub/site.yml': '---\n' });
    expect(ansibleLintConfig(path.join(root, 'repo', 'sub'))).toBeUndefined();
    writeTree(root, { 'repo/.config/ansible-lint.yml': 'profile: min\n' });
    expect(ansibleLintConfig(path.join(root, 'repo', 'sub'))).toBe(path.join(root, 'repo', '.config', 'ansible-lint.yml'));
    expect(ownConfigs(path.join(root, 'repo', 'sub'), { HOME: root }).has('ansible-lint')).toBe(true);
  });
});

describe("the yamllint result's cache key", () => {
  it("depends on iacgen's relaxed configuration file as well as on the project and user ones", async () => {
    const { collectInputs } = await import('../../../src/check/cache/deps.js');
    const { Digests, Inputs } = await import('../../../src/check/cache/digest.js');
    const added: string[] = [];
    const inputs = new Inputs(new Digests());
    const add = inputs.add.bind(inputs);
    inputs.add = (file, kind) => {
      added.push(file);
      add(file, kind);
    };
    const repo = tempDir();
    await collectInputs('yamllint', [{ absPath: path.join(repo, 'a.yml'), type: 'yaml' }], { cwd: repo, root: repo, env: { HOME: repo }, digests: new Digests() }, inputs);
    expect(added).toContain(RELAXED_YAMLLINT_CONFIG);
    expect(added).toContain(path.join(repo, '.yamllint'));
    expect(added).toContain(path.join(repo, '.config', 'yamllint', 'config'));
  });
});
