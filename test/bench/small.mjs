// Part "small" of the bench: a small repository (about 30 checked files, SCALES.small), cold
// validate against `pre-commit run --all-files` and against the ideal (replayed calls), warm
// validate against pre-commit. Interleaved rounds, medians.
import { idealOf, replayCalls } from './ideal.mjs';
import { expectExit, median, round, row } from './lib.mjs';
import { coldReportAndPeer, ensureRepo, typesOf } from './repos.mjs';

/** Targets of the small repository (issue 18). */
export const SMALL_TARGETS = { coldVsPrecommit: 0.8, coldVsIdeal: 1.15, warmVsPrecommit: undefined };

/**
 * Measures the small repository.
 * @param {object} ctx the bench's context (runs, cores, iacgen, clearCaches, log, ...)
 * @returns {Promise<{ rows: object[], lines: string[], results: object }>}
 */
export async function measureSmall(ctx) {
  const repo = await ensureRepo(ctx, 'small');
  const { report, precommit, peer } = await coldReportAndPeer(ctx, repo, 'small');
  const samples = { cold: [], warm: [], precommit: [] };
  for (let i = 1; i <= ctx.runs; i++) {
    ctx.clearCaches(repo.dir);
    samples.cold.push(expectExit(await ctx.iacgen(['validate'], { cwd: repo.dir }), [0, 1], 'iacgen validate (small, cold)').ms);
    samples.warm.push(expectExit(await ctx.iacgen(['validate'], { cwd: repo.dir }), [0, 1], 'iacgen validate (small, warm)').ms);
    samples.precommit.push(expectExit(await precommit(['--all-files']), [0, 1], 'pre-commit run --all-files (small)').ms);
    ctx.log(`  small round ${i}/${ctx.runs}: cold ${round(samples.cold.at(-1))}, warm ${round(samples.warm.at(-1))}, pre-commit ${round(samples.precommit.at(-1))} ms`);
  }
  ctx.log('small: replaying every checker call, one at a time, for the ideal ...');
  const replay = await replayCalls({ root: ctx.root, report, cwd: repo.dir, env: ctx.env });
  const ideal = idealOf(replay.calls, ctx.cores);
  const m = { cold: median(samples.cold), warm: median(samples.warm), precommit: median(samples.precommit) };
  const n = report.summary.files;
  const rows = [
    row(`small (${n} files): cold validate / pre-commit`, m.cold, m.precommit, SMALL_TARGETS.coldVsPrecommit),
    row(`small (${n} files): cold validate / ideal`, m.cold, ideal.idealMs, SMALL_TARGETS.coldVsIdeal),
    row(`small (${n} files): warm validate / pre-commit`, m.warm, m.precommit, SMALL_TARGETS.warmVsPrecommit),
  ];
  const lines = [
    `small: ${n} checked files (${repo.build.files} in git), ideal = max(longest call ${round(ideal.longestMs)} ms (${ideal.longestChecker}), checker CPU ${round(ideal.cpuMs)} ms / ${ctx.cores} cores): bound by the ${ideal.bound}`,
  ];
  const results = {
    files: n,
    filesInGit: repo.build.files,
    byType: typesOf(report),
    summary: report.summary,
    brokenOnPurpose: repo.build.broken,
    medians: Object.fromEntries(Object.entries(m).map(([k, v]) => [k, round(v, 1)])),
    samples: Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, v.map((x) => round(x, 1))])),
    ideal: { idealMs: round(ideal.idealMs, 1), cpuMs: round(ideal.cpuMs, 1), longestMs: round(ideal.longestMs, 1), longestChecker: ideal.longestChecker, bound: ideal.bound },
    checkers: Object.fromEntries(report.checkers.map((c) => [c.id, c.status === 'ran' ? (c.version ?? '?') : c.status])),
    precommitHooks: peer.hooks.length,
    notes: [...peer.notes, ...replay.notes],
  };
  return { rows, lines, results };
}
