// Part "scale" of the bench: cold and warm `iacgen validate` time per checked file for the small
// (about 30), medium (about 300) and large (about 3,000: ten copies of the medium one in
// subfolders) repositories; the time per file must not grow with the repository. Also checks
// that each copy in the large repository gets the same findings as the medium one.
import { expectExit, median, round, row } from './lib.mjs';
import { ensureRepo } from './repos.mjs';

/** Target of every ratio of time per file (larger repository / smaller one). */
export const SCALE_TARGET = 1.0;

/**
 * Findings of a JSON report as `path|source|rule|line|severity` strings, each once: in the large
 * repository every copy's playbooks may resolve their roles in site-01 (repos.mjs), so ansible-lint
 * can report a finding of site-01's roles twice.
 */
function findingsOf(report, strip = (p) => p) {
  return [...new Set(report.files.flatMap((f) => (f.diagnostics ?? []).map((d) => `${strip(f.path)}|${d.source}|${d.rule ?? ''}|${d.line ?? ''}|${d.severity}`)))];
}

/** Counts of each string. */
function countsOf(list) {
  const m = new Map();
  for (const x of list) m.set(x, (m.get(x) ?? 0) + 1);
  return m;
}

/**
 * Compares each copy of the large repository with the medium one (its folders): files checked
 * and findings (path, source, rule, line, severity).
 * @returns {{ same: boolean, copies: object[], examples: string[] }} examples: each difference, with
 *   the number of copies that have it
 */
export function compareCopies(mediumReport, large, copies) {
  // A copy holds the medium repository's folders, not its root files nor its .iacgen/ (repos.mjs).
  const medium = { ...mediumReport, files: mediumReport.files.filter((f) => f.path.includes('/') && !f.path.startsWith('.iacgen/')) };
  const want = countsOf(findingsOf(medium));
  const wantFiles = new Set(medium.files.map((f) => f.path));
  const out = [];
  const diffs = new Map();
  const note = (what) => diffs.set(what, (diffs.get(what) ?? 0) + 1);
  for (const copy of copies) {
    const prefix = `${copy}/`;
    const mine = { ...large, files: large.files.filter((f) => f.path.startsWith(prefix)) };
    const got = countsOf(findingsOf(mine, (p) => p.slice(prefix.length)));
    const missing = [...want.keys()].filter((k) => !got.has(k));
    const extra = [...got.keys()].filter((k) => !want.has(k));
    const files = mine.files.length;
    out.push({ copy, files, findings: got.size, missing: missing.length, extra: extra.length });
    for (const k of missing) note(`missing ${k}`);
    for (const k of extra) note(`extra ${k}`);
    if (files !== wantFiles.size) note(`${files} checked files instead of ${wantFiles.size}`);
  }
  // Each difference once, with the number of copies that have it.
  const examples = [...diffs].map(([what, n]) => `${what} (${n} of ${copies.length} copies)`);
  return { same: diffs.size === 0, copies: out, examples };
}

/**
 * Measures the curve. Runs: ctx.runs for the small and medium repositories, ctx.largeRuns for
 * the large one (fewer: a cold run of it takes minutes). Cold and warm runs use `--format json`
 * (the report gives the files and findings; its cost is the same at every size).
 * @returns {Promise<{ rows: object[], lines: string[], results: object }>}
 */
export async function measureScale(ctx) {
  const sizes = ctx.quick ? ['small', 'medium'] : ['small', 'medium', 'large'];
  const points = [];
  const reports = {};
  for (const name of sizes) {
    const repo = await ensureRepo(ctx, name);
    const runs = name === 'large' ? ctx.largeRuns : ctx.runs;
    const cold = [];
    const warm = [];
    for (let i = 1; i <= runs; i++) {
      ctx.clearCaches(repo.dir);
      const c = expectExit(await ctx.iacgen(['validate', '--format', 'json'], { cwd: repo.dir }), [0, 1], `iacgen validate (${name}, cold)`);
      cold.push(c.ms);
      if (i === 1) reports[name] = JSON.parse(c.stdout);
      warm.push(expectExit(await ctx.iacgen(['validate', '--format', 'json'], { cwd: repo.dir }), [0, 1], `iacgen validate (${name}, warm)`).ms);
      ctx.log(`  scale ${name} round ${i}/${runs}: cold ${round(cold.at(-1))}, warm ${round(warm.at(-1))} ms`);
    }
    const files = reports[name].summary.files;
    points.push({ name, files, filesInGit: repo.build.files, runs, coldMs: median(cold), warmMs: median(warm), coldPerFileMs: median(cold) / files, warmPerFileMs: median(warm) / files, samples: { cold: cold.map((x) => round(x, 1)), warm: warm.map((x) => round(x, 1)) }, summary: reports[name].summary });
  }
  const rows = [];
  for (let i = 1; i < points.length; i++) {
    const [a, b] = [points[i - 1], points[i]];
    rows.push(row(`scale: cold ms/file, ${b.files} files / ${a.files} files`, b.coldPerFileMs, a.coldPerFileMs, SCALE_TARGET, undefined, 1));
    rows.push(row(`scale: warm ms/file, ${b.files} files / ${a.files} files`, b.warmPerFileMs, a.warmPerFileMs, SCALE_TARGET, undefined, 2));
  }
  const lines = ['scale curve (the scale rows compare ms per checked file: iacgen = the larger repository, peer = the smaller):', '| repository | checked files | runs | cold (ms) | cold ms/file | warm (ms) | warm ms/file |', '|:--|--:|--:|--:|--:|--:|--:|'];
  for (const p of points) lines.push(`| ${p.name} | ${p.files} | ${p.runs} | ${round(p.coldMs)} | ${round(p.coldPerFileMs, 1)} | ${round(p.warmMs)} | ${round(p.warmPerFileMs, 2)} |`);
  let copies;
  if (reports.large && reports.medium) {
    const large = await ensureRepo(ctx, 'large');
    copies = compareCopies(reports.medium, reports.large, large.build.copies);
    const rootOnly = reports.large.files.filter((f) => !large.build.copies.some((c) => f.path.startsWith(`${c}/`))).length;
    lines.push(copies.same
      ? `scale: each of the ${copies.copies.length} copies in the large repository has the medium one's checked files and findings (${copies.copies[0].findings} findings each; ${rootOnly} checked files at its root)`
      : `scale: WARNING: copies in the large repository differ from the medium one (path|source|rule|line|severity): ${copies.examples.slice(0, 12).join('; ')}${copies.examples.length > 12 ? `; and ${copies.examples.length - 12} more (results.json)` : ''}`);
  }
  if (points.some((p) => p.runs < ctx.runs)) lines.push(`scale: the large repository is measured with ${ctx.largeRuns} run(s), the others with ${ctx.runs}`);
  const results = { points: points.map((p) => ({ ...p, coldMs: round(p.coldMs, 1), warmMs: round(p.warmMs, 1), coldPerFileMs: round(p.coldPerFileMs, 2), warmPerFileMs: round(p.warmPerFileMs, 3) })), copies };
  return { rows, lines, results };
}
