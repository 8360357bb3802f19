// Shared by the real-repository scripts (score.mjs, noise.mjs): child processes, the checkout's
// git status, the Compose project of a file, and the syntax mutations. Not a test; see README.md.
import { spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';

/** Runs a command to its end (SIGKILL after `timeoutMs`); never rejects. */
export function run(command, args, cwd, env = {}, timeoutMs = 180_000) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      resolve({ code: -1, stdout, stderr: `${stderr}${e.message}`, text: `${stdout}\n${stderr}${e.message}` });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal ? 128 : -1), stdout, stderr, text: `${stdout}\n${stderr}` });
    });
  });
}

/** One at a time (ansible-lint 25+ writes the project's `.ansible/`; parallel runs would race). */
let lintQueue = Promise.resolve();
export function serial(fn) {
  const next = lintQueue.then(fn, fn);
  lintQueue = next.catch(() => {});
  return next;
}


const COMPOSE_DEFAULTS = ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml'];
const COMPOSE_OVERRIDES = ['compose.override.yaml', 'compose.override.yml', 'docker-compose.override.yaml', 'docker-compose.override.yml'];

/**
 * The Compose files Compose itself loads for this file: an override with its base (the first
 * default name of its folder), a default-named base with its override, any other file alone.
 */
export function composeProject(repo, file) {
  const dir = path.dirname(path.join(repo, file));
  const name = path.basename(file);
  const first = (names) => names.find((n) => existsSync(path.join(dir, n)));
  if (COMPOSE_OVERRIDES.includes(name)) {
    const base = first(COMPOSE_DEFAULTS);
    return base ? [base, name] : [name];
  }
  if (COMPOSE_DEFAULTS.includes(name) && first(COMPOSE_DEFAULTS) === name) {
    const override = first(COMPOSE_OVERRIDES);
    return override ? [name, override] : [name];
  }
  return [name];
}


export function pool(items, n, fn) {
  let i = 0;
  const workers = Array.from({ length: Math.min(n, items.length) }, async () => {
    while (i < items.length) {
      const item = items[i++];
      await fn(item);
    }
  });
  return Promise.all(workers);
}

export async function gitStatus(repo) {
  const r = await run('git', ['status', '--porcelain', '--ignored', '--untracked-files=all'], repo);
  return new Set(r.stdout.split('\n').filter(Boolean));
}

/** Removes what appeared in the tree since `before` (what the checkers run directly left there). */
export async function restore(repo, before) {
  for (const line of await gitStatus(repo)) {
    if (before.has(line) || !/^(\?\?|!!) /.test(line)) continue;
    rmSync(path.join(repo, line.slice(3)), { recursive: true, force: true });
  }
}

/** Removes `name VALUE` from `args` (a script's argv, changed in place); returns VALUE, or `fallback` when absent. */
export function takeOption(args, name, fallback) {
  const at = args.indexOf(name);
  if (at < 0) return fallback;
  const [value] = args.splice(at, 2).slice(1);
  return value;
}

export const short = (s, n = 600) => (s.length > n ? `${s.slice(0, n)}...` : s).trim();

/** One syntax mutation per kind of file; each returns the mutated text or undefined when it does not apply. */
export const MUTATIONS = {
  yaml: [
    ['drop-colon', (t) => t.replace(/^(\s*-?\s*[A-Za-z_][\w.-]*):(\s)/m, '$1$2')],
    ['bad-indent', (t) => { const l = t.split('\n'); const i = l.findIndex((x, k) => k > 0 && /^\s{2,}\S/.test(x) && /:\s*\S/.test(x)); if (i < 0) return undefined; l[i] = ` ${l[i]}`; return l.join('\n'); }],
    ['unclosed-quote', (t) => t.replace(/^(\s*-?\s*[A-Za-z_][\w.-]*:\s+)([A-Za-z/])/m, '$1"$2')],
  ],
  shell: [
    ['unclosed-if', (t) => `${t}\nif true; then\n  echo mutant\n`],
    ['unclosed-quote', (t) => `${t}\necho "mutant\n`],
  ],
  python: [
    ['drop-colon', (t) => t.replace(/^(\s*(def|if|for|while|class)\b[^\n#]*):\s*$/m, '$1')],
    ['unclosed-paren', (t) => `${t}\nprint((1, 2)\n`],
  ],
};

/** Mutations that need the file's own kind: a play's `hosts:` misspelt, a Terraform block left open. */
export const KIND_MUTATIONS = {
  playbook: [['host-typo', (t) => (/^(\s*-?\s*)hosts:/m.test(t) ? t.replace(/^(\s*-?\s*)hosts:/m, '$1host:') : undefined)]],
  terraform: [
    ['unclosed-block', (t) => (/\{\s*$/m.test(t) ? `${t}\nlocals {\n  mutant = 1\n` : undefined)],
    ['drop-equals', (t) => t.replace(/^(\s+[a-z_][\w-]*)\s*=\s*(")/m, '$1 $2')],
  ],
};
