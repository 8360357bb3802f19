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

/** How many units of each kind the repository gets, generated first, hand-written for the rest. */
export const QUOTAS = {
  playbook: 24, // generated playbooks (plus 6 hand-written role-based ones and the ansible/ tree)
  compose: 22, // compose projects (compose.yaml + .env.example)
  terraform: 8, // Terraform directories (4 files each)
  shell: 30, // shell scripts
  python: 24, // Python tools
  config: 40, // YAML, JSON and TOML data files
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
 * Builds the repository in `dir` (created empty by the caller).
 * @returns {{ generated: string[], handWritten: string[], broken: string[], generators: object[], editTarget: string, files: number }}
 */
export async function buildRepo({ dir, bin, env, log = () => undefined, date = '2026-01-15' }) {
  const iacgen = (args, opts = {}) => run(process.execPath, [bin, ...args], { cwd: dir, env, maxBuffer: 64 << 20, ...opts });
  await run('git', ['init', '-q', '-b', 'main'], { cwd: dir });
  await run('git', ['config', 'user.name', 'iacgen bench'], { cwd: dir });
  await run('git', ['config', 'user.email', 'bench@example.test'], { cwd: dir });
  await run('git', ['config', 'commit.gpgsign', 'false'], { cwd: dir });
  await iacgen(['init']);

  const { generators } = JSON.parse((await iacgen(['list', '--json'])).stdout);
  const counts = Object.fromEntries(Object.keys(QUOTAS).map((k) => [k, 0]));
  const before = new Set(listTree(dir));
  const failures = [];
  for (const generator of generators) {
    const kind = KIND_OF_GENERATOR[generator.name];
    const variants = generator.variants?.length ? generator.variants.map((v) => v.name) : [undefined];
    const total = kind ? Math.max(QUOTAS[kind], variants.length) : variants.length * 2;
    const perVariant = Math.ceil(total / variants.length);
    const cmds = [];
    for (let i = 0; i < perVariant; i++) {
      for (const variant of variants) {
        if (cmds.length >= total) break;
        const n = cmds.length;
        const name = `${variant ?? generator.name}-${i + 1}`.replace(/[^a-z0-9_-]/g, '-').slice(0, 48);
        const base = ['new', generator.name, ...(variant ? ['--variant', variant] : []), '--name', name, '--yes', '--date', date, '--json'];
        const withTarget = generator.target && generator.target !== 'none' ? [...base, '--target', TARGETS[n % TARGETS.length]] : base;
        cmds.push(async () => {
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
        });
      }
    }
    // The first alone (it may create shared files, such as the inventory), the rest two at a time.
    const first = cmds.length ? [await cmds[0]()] : [];
    const rest = await pool(cmds.slice(1), 2);
    const made = [...first, ...rest].filter(Boolean).length;
    if (kind) counts[kind] += made;
    log(`  generated ${made} x iacgen new ${generator.name}${variants[0] ? ` (${variants.length} variants)` : ''}`);
  }
  const generated = listTree(dir).filter((f) => !before.has(f));

  // Hand-written files: the Ansible tree, then top up every kind to its quota.
  const hand = { ...ansible(), ...docs() };
  for (let i = counts.compose; i < QUOTAS.compose; i++) Object.assign(hand, composeProject(i));
  for (let i = counts.terraform; i < QUOTAS.terraform; i++) Object.assign(hand, terraformDir(i));
  for (let i = counts.shell; i < QUOTAS.shell; i++) Object.assign(hand, shellScript(i));
  for (let i = counts.python; i < QUOTAS.python; i++) Object.assign(hand, pythonTool(i));
  const configLeft = Math.max(0, QUOTAS.config - counts.config);
  Object.assign(hand, configFiles(Math.round(configLeft * 0.4), Math.round(configLeft * 0.35), configLeft - Math.round(configLeft * 0.4) - Math.round(configLeft * 0.35)));
  for (const rel of Object.keys(hand)) if (generated.includes(rel)) delete hand[rel];
  write(dir, hand);

  // Invalid on purpose, two of them made from a generated playbook.
  const playbooks = generated.filter((f) => /^ansible\/playbooks\/[^/]+\.ya?ml$/.test(f));
  const sample = playbooks[0] ? readFileSync(path.join(dir, playbooks[0]), 'utf8') : undefined;
  const bad = broken(sample);
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
