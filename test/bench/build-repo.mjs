// Builds the benchmark's synthetic homelab repository (about 300 files) in a new git repository:
// `iacgen init`, then every generator that `iacgen list --json` shows at run time (playbooks,
// and compose, terraform, python, shell, config when they exist), then hand-written files for
// the rest (content.mjs), some invalid on purpose, all committed.
import { execFile } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { ansible, broken, composeProject, configFiles, docs, pythonTool, shellScript, terraformDir } from './content.mjs';

const run = promisify(execFile);

/**
 * How many files of each kind the repository gets: generated first (in waves of two `iacgen new`
 * calls until the kind has its share), hand-written (content.mjs) for the rest.
 */
export const QUOTAS = {
  playbook: 25, // generated playbooks and the inventory (plus 6 hand-written role-based playbooks and the ansible/ tree)
  compose: 44, // compose projects (compose.yaml, .env.example, ...)
  terraform: 32, // Terraform directories
  shell: 30, // shell scripts
  python: 24, // Python tools
  config: 40, // YAML, JSON and TOML data files
};

/**
 * The repository sizes the bench builds (`buildRepo`'s `scale`):
 * - quotas: files per kind (see QUOTAS);
 * - others: `iacgen new` calls per generator without a quota kind (role, inventory, ...);
 *   undefined: 2 per variant;
 * - roles: hand-written Ansible roles (content.mjs `ansible`, at most 10);
 * - broken: which files invalid on purpose (content.mjs `broken`) are written; undefined: all.
 */
export const SCALES = {
  /** About 390 files, 296 of them checked: the repository of the main table. */
  medium: { quotas: QUOTAS, others: undefined, roles: 10, broken: undefined },
  /** About 30 checked files: mostly `iacgen new`, a few hand-written, three invalid on purpose. */
  small: {
    quotas: { playbook: 4, compose: 4, terraform: 4, shell: 3, python: 2, config: 3 },
    others: 1,
    roles: 1,
    broken: ['ansible/playbooks/edited-by-hand.yml', 'scripts/unquoted.sh', 'config/broken.json'],
  },
};

/** Generator name -> quota kind. A generator not named here gets 2 instances per variant. */
const KIND_OF_GENERATOR = { playbook: 'playbook', compose: 'compose', terraform: 'terraform', python: 'python', shell: 'shell', config: 'config' };

/** Targets cycled through for generators that take one (guests of the embedded reference homelab). */
const TARGETS = ['ct102', 'vm101', '109', '110', '111', '113', '106'];

/** Every file under `dir` (relative, `/`), but .git. */
export function listTree(dir) {
  const out = [];
  for (const rel of readdirSync(dir, { recursive: true })) {
    const posix = String(rel).split(path.sep).join('/');
    if (posix === '.git' || posix.startsWith('.git/')) continue;
    if (statSync(path.join(dir, rel)).isFile()) out.push(posix);
  }
  return out.sort();
}

function write(dir, files) {
  for (const [rel, content] of Object.entries(files)) {
    const abs = path.join(dir, rel);
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileSync(abs, content, { mode: rel.startsWith('bin/') || rel.endsWith('.sh') ? 0o755 : 0o644 });
  }
}

/** Runs `cmds` (functions returning promises) `width` at a time. */
async function pool(cmds, width) {
  const results = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < cmds.length) {
        const i = next++;
        results[i] = await cmds[i]();
      }
    }),
  );
  return results;
}

/**
 * Builds the repository in `dir` (created empty by the caller), of size `scale` (SCALES).
 * @returns {{ generated: string[], handWritten: string[], broken: string[], generators: object[], editTarget: string, files: number }}
 */
export async function buildRepo({ dir, bin, env, log = () => undefined, date = '2026-01-15', scale = SCALES.medium }) {
  const quotas = scale.quotas;
  const iacgen = (args, opts = {}) => run(process.execPath, [bin, ...args], { cwd: dir, env, maxBuffer: 64 << 20, ...opts });
  await run('git', ['init', '-q', '-b', 'main'], { cwd: dir });
  await run('git', ['config', 'user.name', 'iacgen bench'], { cwd: dir });
  await run('git', ['config', 'user.email', 'bench@example.test'], { cwd: dir });
  await run('git', ['config', 'commit.gpgsign', 'false'], { cwd: dir });
  await iacgen(['init']);

  const { generators } = JSON.parse((await iacgen(['list', '--json'])).stdout);
  const counts = Object.fromEntries(Object.keys(quotas).map((k) => [k, 0]));
  const before = new Set(listTree(dir));
  const failures = [];
  for (const generator of generators) {
    const kind = KIND_OF_GENERATOR[generator.name];
    const variants = generator.variants?.length ? generator.variants.map((v) => v.name) : [undefined];
    const start = new Set(listTree(dir));
    const made = () => listTree(dir).filter((f) => !start.has(f)).length;
    let n = 0;
    const one = async () => {
      const i = n++;
      const variant = variants[i % variants.length];
      // Prefixed by the generator (but for playbooks): a role generator also writes a playbook.
      const stem = generator.name === 'playbook' ? (variant ?? 'playbook') : `${generator.name}-${variant ?? 'default'}`;
      const name = `${stem}-${Math.floor(i / variants.length) + 1}`.replace(/[^a-z0-9_-]/g, '-').slice(0, 48);
      const base = ['new', generator.name, ...(variant ? ['--variant', variant] : []), '--name', name, '--yes', '--date', date, '--json'];
      const withTarget = generator.target === 'required' ? [...base, '--target', TARGETS[i % TARGETS.length]] : base;
      // An invalid target for a variant is not the point: retry with the default one.
      for (const args of withTarget === base ? [base] : [withTarget, base]) {
        try {
          await iacgen(args);
          return true;
        } catch (err) {
          if (args === base) failures.push(`iacgen ${args.join(' ')}: exit ${err.code}: ${String(err.stderr || err.stdout).trim().split('\n')[0]}`);
        }
      }
      return false;
    };
    // The first alone (it may create shared files, such as the inventory), then waves of two
    // until the kind has its share (an unknown generator: each variant twice).
    let ok = (await one()) ? 1 : 0;
    const enough = () => (kind ? made() >= quotas[kind] : n >= (scale.others ?? variants.length * 2));
    while (!enough() && n < 200 && (ok > 0 || n < 3)) {
      ok += (await Promise.all([one(), enough() ? false : one()])).filter(Boolean).length;
    }
    if (kind) counts[kind] += made();
    log(`  iacgen new ${generator.name}: ${ok} artifacts, ${made()} files`);
  }
  const generated = listTree(dir).filter((f) => !before.has(f));

  // Hand-written files: the Ansible tree, then top up every kind to its quota.
  const hand = { ...ansible(scale.roles), ...docs() };
  const topUp = (kind, unit) => {
    for (let i = 0, have = counts[kind]; have < quotas[kind]; i++) {
      const files = unit(i);
      Object.assign(hand, files);
      have += Object.keys(files).length;
    }
  };
  topUp('compose', composeProject);
  topUp('terraform', terraformDir);
  topUp('shell', shellScript);
  topUp('python', pythonTool);
  const configLeft = Math.max(0, quotas.config - counts.config);
  Object.assign(hand, configFiles(Math.round(configLeft * 0.4), Math.round(configLeft * 0.35), configLeft - Math.round(configLeft * 0.4) - Math.round(configLeft * 0.35)));
  for (const rel of Object.keys(hand)) if (generated.includes(rel)) delete hand[rel];
  write(dir, hand);

  // Invalid on purpose, two of them made from a generated playbook.
  const playbooks = generated.filter((f) => /^ansible\/playbooks\/[^/]+\.ya?ml$/.test(f));
  const sample = playbooks[0] ? readFileSync(path.join(dir, playbooks[0]), 'utf8') : undefined;
  const bad = Object.fromEntries(Object.entries(broken(sample)).filter(([rel]) => !scale.broken || scale.broken.includes(rel)));
  write(dir, bad);

  await run('git', ['add', '-A'], { cwd: dir });
  await run('git', ['commit', '-q', '--no-verify', '-m', 'Synthetic homelab for the iacgen benchmark'], { cwd: dir });
  const files = (await run('git', ['ls-files'], { cwd: dir })).stdout.split('\n').filter(Boolean);
  return {
    files: files.length,
    generated: generated.filter((f) => files.includes(f)),
    handWritten: Object.keys(hand).filter((f) => files.includes(f)),
    broken: Object.keys(bad),
    generators: generators.map((g) => g.name),
    generatorFailures: failures,
    // The file edited for the "one file changed" figure: a generated playbook, else a hand-written one.
    editTarget: playbooks.find((f) => !Object.keys(bad).includes(f)) ?? 'ansible/playbooks/site.yml',
  };
}
