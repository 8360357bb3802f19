// Part "hook" of the bench: what the pre-commit hook costs. In the medium repository, one shell
// script and one playbook are edited and staged; `iacgen validate --staged` cold (caches
// deleted) and warm, against `pre-commit run` (no --all-files: the staged files only) with the
// same generated configuration. Interleaved rounds, medians; the files are restored afterwards.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expectExit, median, round, row, timeChild } from './lib.mjs';

/** Targets of the hook (issue 18). */
export const HOOK_TARGETS = { cold: 0.6, warm: 0.3 };

/** pre-commit's result lines (`id....Passed`, `...(no files to check)Skipped`): hook -> result. */
function hookResults(stdout) {
  return Object.fromEntries([...stdout.matchAll(/^(\S[^\n]*?)\.{3,}(\(no files to check\))?(Passed|Failed|Skipped)$/gm)].map((m) => [m[1].trim(), m[2] ? 'no files' : m[3]]));
}

/**
 * Measures the hook on `repo` (the medium repository) with its pre-commit peer `peerOf`
 * (coldReportAndPeer's result).
 * @returns {Promise<{ rows: object[], lines: string[], results: object }>}
 */
export async function measureHook(ctx, repo, peerOf) {
  const { report, precommit } = peerOf;
  const broken = new Set(repo.build.broken ?? []);
  // A script of scripts/ that passes its checks (else any shell file not broken on purpose).
  const shell = report.files.filter((f) => f.type === 'shell' && !broken.has(f.path));
  const passes = (f) => !f.checks.some((c) => c.status === 'fail' || c.status === 'error');
  const script = (shell.find((f) => f.path.startsWith('scripts/') && f.path.endsWith('.sh') && passes(f)) ?? shell.find(passes) ?? shell[0])?.path;
  const staged = [script, repo.build.editTarget].filter(Boolean);
  if (staged.length !== 2) throw new Error(`hook: no shell script or playbook to stage in ${repo.dir}`);
  const originals = staged.map((rel) => readFileSync(path.join(repo.dir, rel), 'utf8'));
  const git = async (...args) => expectExit(await timeChild(['git', ...args], { cwd: repo.dir, env: ctx.env }), [0], `git ${args[0]}`);
  const samples = { cold: [], warm: [], precommit: [] };
  let checks;
  let hooks;
  try {
    for (let i = 1; i <= ctx.runs; i++) {
      staged.forEach((rel, k) => writeFileSync(path.join(repo.dir, rel), `${originals[k]}# staged edit ${i}\n`));
      await git('add', '--', ...staged);
      ctx.clearCaches(repo.dir);
      samples.cold.push(expectExit(await ctx.iacgen(['validate', '--staged'], { cwd: repo.dir }), [0, 1], 'iacgen validate --staged (cold)').ms);
      samples.warm.push(expectExit(await ctx.iacgen(['validate', '--staged'], { cwd: repo.dir }), [0, 1], 'iacgen validate --staged (warm)').ms);
      const pc = expectExit(await precommit([]), [0, 1], 'pre-commit run (staged)');
      samples.precommit.push(pc.ms);
      hooks ??= hookResults(pc.stdout);
      ctx.log(`  hook round ${i}/${ctx.runs}: cold ${round(samples.cold.at(-1))}, warm ${round(samples.warm.at(-1))}, pre-commit ${round(samples.precommit.at(-1))} ms`);
    }
    // Untimed: which checkers iacgen ran on the staged files.
    const json = expectExit(await ctx.iacgen(['validate', '--staged', '--format', 'json'], { cwd: repo.dir }), [0, 1], 'iacgen validate --staged --format json');
    checks = Object.fromEntries(JSON.parse(json.stdout).files.map((f) => [f.path, f.checks.map((c) => `${c.checker}:${c.status}`)]));
  } finally {
    staged.forEach((rel, k) => writeFileSync(path.join(repo.dir, rel), originals[k]));
    await git('reset', '-q', '--', ...staged);
  }
  const m = { cold: median(samples.cold), warm: median(samples.warm), precommit: median(samples.precommit) };
  const rows = [
    row('hook: validate --staged cold / pre-commit run (staged)', m.cold, m.precommit, HOOK_TARGETS.cold),
    row('hook: validate --staged warm / pre-commit run (staged)', m.warm, m.precommit, HOOK_TARGETS.warm),
  ];
  const ran = Object.entries(hooks ?? {}).filter(([, r]) => r !== 'no files').map(([h, r]) => `${h} ${r}`);
  const lines = [
    `hook: staged ${staged.join(' and ')} (a comment appended); iacgen ran ${Object.entries(checks ?? {}).map(([f, c]) => `${f}: ${c.join(', ')}`).join('; ')}`,
    `hook: pre-commit ran ${ran.join(', ') || 'no hook'}`,
  ];
  const results = {
    staged,
    medians: Object.fromEntries(Object.entries(m).map(([k, v]) => [k, round(v, 1)])),
    samples: Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, v.map((x) => round(x, 1))])),
    iacgenChecks: checks,
    precommitHooks: hooks,
  };
  return { rows, lines, results };
}
