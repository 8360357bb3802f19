// Shared by the catalog test and `npm run golden:update`: generates one variant of one generator
// into a fresh git repository with the built CLI, the way a user would, and reads the tree back.
// Plain ESM so the update command needs no TypeScript runner.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const BIN = path.join(REPO_ROOT, 'bin', 'iacgen.js');
export const GOLDEN_DIR = path.join(REPO_ROOT, 'fixtures', 'generators');
/** The date every golden run uses, so headers are stable. */
export const GOLDEN_DATE = '2026-11-21';

/** Every generator and variant, as `iacgen list --json` reports them. */
export function catalog() {
  const out = execFileSync('node', [BIN, 'list', '--json'], { cwd: REPO_ROOT, encoding: 'utf8' });
  return JSON.parse(out).generators;
}

/** The args of a golden case: `fixtures/generators/<g>/<v>/answers.json` `{ "args": [...] }`, else the defaults. */
export function caseArgs(generator, variant) {
  const file = path.join(GOLDEN_DIR, generator, variant, 'answers.json');
  let extra = [];
  try {
    extra = JSON.parse(readFileSync(file, 'utf8')).args ?? [];
  } catch {
    // No answers file: defaults only.
  }
  return ['new', generator, '--variant', variant, '--yes', '--date', GOLDEN_DATE, ...extra];
}

/** A new git repository (author "Golden Test"), after `iacgen init`. */
export function freshRepo() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'iacgen-golden-'));
  execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: dir });
  execFileSync('git', ['config', 'user.name', 'Golden Test'], { cwd: dir });
  execFileSync('git', ['config', 'user.email', 'golden@example.test'], { cwd: dir });
  execFileSync('node', [BIN, 'init'], { cwd: dir, stdio: 'ignore' });
  return dir;
}

/** Files `iacgen init` writes; they are not part of a generator's golden output. */
export const INIT_FILES = new Set(['iacgen.yaml', '.yamllint', '.ansible-lint', '.gitignore']);

/** Runs `iacgen ...args` in `cwd`; returns { status, stdout, stderr }. */
export function runIacgen(args, cwd) {
  try {
    const stdout = execFileSync('node', [BIN, ...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1', CI: '1' } });
    return { status: 0, stdout, stderr: '' };
  } catch (err) {
    return { status: err.status ?? -1, stdout: String(err.stdout ?? ''), stderr: String(err.stderr ?? '') };
  }
}

/** Relative path -> { content, mode } of every file under `dir` (but .git and the init files). */
export function readTree(dir) {
  const tree = {};
  for (const rel of readdirSync(dir, { recursive: true })) {
    const posix = rel.split(path.sep).join('/');
    if (posix === '.git' || posix.startsWith('.git/') || INIT_FILES.has(posix)) continue;
    const abs = path.join(dir, rel);
    const stat = statSync(abs);
    if (stat.isDirectory()) continue;
    tree[posix] = { content: readFileSync(abs, 'utf8'), mode: (stat.mode & 0o777).toString(8) };
  }
  return tree;
}
