#!/usr/bin/env node
// Does the staged check's export plan (src/validate/stage-plan.ts: only the staged files and what
// checking them reads) give the same verdicts as exporting the whole index? For each sampled
// file of each repository (a clone, never the original), the file is staged as added (removed in
// a commit, added back), and `iacgen validate --staged --format json --no-cache` runs twice: with
// the plan and with IACGEN_STAGED_EXPORT=all. Prints the files whose results differ (checks and
// diagnostics), the files exported, and a summary. Not a test; see README.md.
//
//   node test/real/staged-export.mjs [--cli BIN] [--sample N] [--out FILE] REPO...
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { run, takeOption } from './lib.mjs';

const args = process.argv.slice(2);
const cli = path.resolve(takeOption(args, '--cli') ?? fileURLToPath(new URL('../../bin/iacgen.js', import.meta.url)));
const sample = Number(takeOption(args, '--sample') ?? 40);
const out = takeOption(args, '--out');

/** Messages may name the temporary copy of the index (`/tmp/iacgen-staged-XXXXXX`): one name for all. */
const STAGE = /\/[^\s'"`]*iacgen-staged-[A-Za-z0-9]+/g;

/** What a file's result is, for comparing: check statuses and diagnostics, in order. */
function digest(report) {
  return report.files.map((f) => ({
    path: f.path,
    type: f.type,
    checks: f.checks.map((c) => `${c.checker}:${c.status}:${(c.reason ?? '').replace(STAGE, '<stage>')}`).sort(),
    diagnostics: f.diagnostics.map((d) => `${d.line}:${d.column} ${d.severity} ${d.source}/${d.rule} ${d.message.replace(STAGE, '<stage>')}`).sort(),
  }));
}

/** Every n-th of the checked files of a cold report, up to `count`, spread over the list. */
function pick(files, count) {
  if (files.length <= count) return files;
  const step = files.length / count;
  return Array.from({ length: count }, (_, i) => files[Math.floor(i * step)]);
}

const summary = [];
for (const repo of args) {
  const work = mkdtempSync(path.join(os.tmpdir(), 'iacgen-staged-export-'));
  const clone = path.join(work, 'repo');
  await run('git', ['clone', '-q', '--local', '--no-hardlinks', path.resolve(repo), clone], work);
  for (const [k, v] of [['user.name', 'staged-export'], ['user.email', 'se@example.test'], ['commit.gpgsign', 'false']]) await run('git', ['config', k, v], clone);
  const listing = await run(process.execPath, [cli, 'validate', '--format', 'json', '--no-cache'], clone);
  const checked = JSON.parse(listing.stdout).files.filter((f) => f.type !== 'unknown' && !f.notChecked).map((f) => f.path);
  const files = pick(checked, sample);
  const differ = [];
  const exportedCounts = [];
  for (const file of files) {
    await run('git', ['rm', '-q', '--cached', '--', file], clone);
    await run('git', ['commit', '-q', '--no-verify', '-m', 'staged-export'], clone);
    await run('git', ['add', '--force', '--', file], clone);
    const plan = await run(process.execPath, [cli, 'validate', '--staged', '--format', 'json', '--no-cache'], clone, { IACGEN_DEBUG: '1' });
    const all = await run(process.execPath, [cli, 'validate', '--staged', '--format', 'json', '--no-cache'], clone, { IACGEN_STAGED_EXPORT: 'all' });
    await run('git', ['reset', '-q', 'HEAD~1'], clone);
    const exported = /exported (the whole index|\d+ files)/.exec(plan.stderr)?.[1] ?? '?';
    exportedCounts.push(exported);
    let same;
    try {
      same = JSON.stringify(digest(JSON.parse(plan.stdout))) === JSON.stringify(digest(JSON.parse(all.stdout)));
    } catch {
      same = false;
    }
    if (!same) differ.push({ file, plan: plan.stdout.slice(0, 4000) || plan.stderr.slice(0, 2000), all: all.stdout.slice(0, 4000) || all.stderr.slice(0, 2000) });
    console.error(`${path.basename(repo)}: ${file}: ${same ? 'same' : 'DIFFERENT'} (exported ${exported})`);
  }
  const whole = exportedCounts.filter((e) => e === 'the whole index').length;
  const counts = exportedCounts.map((e) => Number.parseInt(e, 10)).filter(Number.isFinite);
  summary.push({ repo: path.basename(repo), indexFiles: checked.length, sampled: files.length, different: differ.length, wholeIndex: whole, medianExported: counts.sort((a, b) => a - b)[counts.length >> 1] ?? null, differ });
  rmSync(work, { recursive: true, force: true });
}
for (const s of summary) console.log(`${s.repo}: ${s.sampled} files staged one at a time, ${s.different} with other verdicts than the whole index's; whole index exported ${s.wholeIndex} times; median export ${s.medianExported} files (repository: ${s.indexFiles} checked files)`);
if (out) writeFileSync(out, `${JSON.stringify(summary, null, 2)}\n`);
