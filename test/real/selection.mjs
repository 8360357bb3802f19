// Measures `validate --shard` + `iacgen merge` and `validate --changed-since` on real repositories
// (issue 19). Not a test; see README.md. Nothing is committed from the repositories.
//
//   node test/real/selection.mjs [--shards 3] [--windows 5] [--step 3] [--out FILE] [--cli bin/iacgen.js] REPO...
//
// Shards: the whole repository unsharded and as shards 1..n, every run without the cache (so each
// shard's verdicts are its own), then `iacgen merge`; counts files checked twice or never, and
// files whose verdict differs from the unsharded run's.
// Changed since: in a clone, for windows C = HEAD~(k*step), P = HEAD~((k+1)*step), a whole run
// at P and at C (no cache) and `--changed-since P` at C; a file whose verdict differs between P
// and C (or that is new) and is not selected is missed. Also the share of files selected.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { run } from './lib.mjs';

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  if (i < 0) return fallback;
  const [value] = args.splice(i, 2).slice(1);
  return value;
};
const shards = Number(opt('--shards', '3'));
const windows = Number(opt('--windows', '5'));
const step = Number(opt('--step', '3'));
const out = opt('--out', undefined);
const cli = path.resolve(opt('--cli', path.join(import.meta.dirname, '..', '..', 'bin', 'iacgen.js')));
const repos = args;

/** A file's verdict: its check statuses and its findings, without times or cache marks. */
function verdicts(report) {
  const map = new Map();
  for (const f of report.files) {
    const checks = f.checks.map((c) => `${c.checker}=${c.status}`).sort();
    const found = f.diagnostics.map((d) => `${d.source}/${d.rule}/${d.severity}/${d.line}:${d.column}/${d.message}`).sort();
    map.set(f.path, JSON.stringify([checks, found]));
  }
  return map;
}

async function validate(repo, extra) {
  const res = await run('node', [cli, 'validate', '--format', 'json', ...extra], repo, {}, 1_800_000);
  if (![0, 1].includes(res.code)) throw new Error(`validate ${extra.join(' ')} in ${repo}: exit ${res.code}: ${res.stderr.slice(0, 500)}`);
  return JSON.parse(res.stdout);
}

async function measureShards(repo) {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'iacgen-shards-'));
  const started = Date.now();
  const whole = await validate(repo, ['--no-cache']);
  const wholeMs = Date.now() - started;
  const parts = [];
  for (let i = 1; i <= shards; i++) {
    const t = Date.now();
    const report = await validate(repo, ['--no-cache', '--shard', `${i}/${shards}`]);
    writeFileSync(path.join(tmp, `${i}.json`), JSON.stringify(report));
    parts.push({ report, ms: Date.now() - t });
  }
  const merged = await run('node', [cli, 'merge', ...parts.map((_, i) => path.join(tmp, `${i + 1}.json`))], repo);
  rmSync(tmp, { recursive: true, force: true });
  if (![0, 1].includes(merged.code)) throw new Error(`merge in ${repo}: exit ${merged.code}: ${merged.stderr}`);
  const mergedReport = JSON.parse(merged.stdout);
  const seen = new Map();
  for (const { report } of parts) for (const f of report.files) seen.set(f.path, (seen.get(f.path) ?? 0) + 1);
  const a = verdicts(whole);
  const b = verdicts(mergedReport);
  const differ = [...a.keys()].filter((p) => a.get(p) !== b.get(p));
  return {
    files: whole.files.length,
    checked: whole.summary.files,
    twice: [...seen.values()].filter((n) => n > 1).length,
    never: [...a.keys()].filter((p) => !seen.has(p)).length,
    differ: differ.length,
    differExamples: differ.slice(0, 5).map((p) => ({ path: p, whole: a.get(p), merged: b.get(p) })),
    summaryEqual: JSON.stringify(whole.summary) === JSON.stringify(mergedReport.summary),
    wholeMs,
    shardFiles: parts.map((p) => p.report.files.length),
    shardMs: parts.map((p) => p.ms),
  };
}

async function measureChanged(source) {
  const clone = mkdtempSync(path.join(os.tmpdir(), 'iacgen-changed-'));
  await run('git', ['clone', '-q', source, clone], os.tmpdir());
  const git = (...a) => run('git', a, clone);
  const head = (await git('rev-parse', 'HEAD')).stdout.trim();
  const commits = [];
  for (let k = 0; k <= windows; k++) {
    const sha = (await git('rev-parse', '--verify', '-q', `${head}~${k * step}`)).stdout.trim();
    if (!sha) break;
    commits.push(sha);
  }
  const whole = new Map();
  const at = async (sha) => {
    if (!whole.has(sha)) {
      await git('checkout', '-q', '--force', sha);
      await git('clean', '-qfdx');
      whole.set(sha, verdicts(await validate(clone, ['--no-cache'])));
    }
    return whole.get(sha);
  };
  const results = [];
  for (let k = 0; k + 1 < commits.length; k++) {
    const c = commits[k];
    const p = commits[k + 1];
    const before = await at(p);
    const after = await at(c);
    await git('checkout', '-q', '--force', c);
    await git('clean', '-qfdx');
    const selected = await validate(clone, ['--changed-since', p]);
    const chosen = new Set(selected.files.map((f) => f.path));
    const changedVerdict = [...after.keys()].filter((f) => after.get(f) !== before.get(f));
    const missed = changedVerdict.filter((f) => !chosen.has(f));
    const mine = verdicts(selected);
    const disagree = [...mine.keys()].filter((f) => mine.get(f) !== after.get(f));
    results.push({ from: p.slice(0, 10), to: c.slice(0, 10), files: after.size, changedPaths: selected.selection?.changedSince?.changed ?? 0, selected: chosen.size, verdictChanged: changedVerdict.length, missed: missed.length, missedExamples: missed.slice(0, 5), disagree: disagree.length, disagreeExamples: disagree.slice(0, 3) });
  }
  rmSync(clone, { recursive: true, force: true });
  return results;
}

const report = {};
for (const repo of repos) {
  const name = path.basename(repo);
  process.stderr.write(`${name}: shards\n`);
  const sharding = await measureShards(path.resolve(repo)).catch((e) => ({ failed: String(e.message ?? e) }));
  process.stderr.write(`${name}: ${JSON.stringify(sharding)}\n${name}: changed-since\n`);
  const changed = await measureChanged(path.resolve(repo)).catch((e) => ({ failed: String(e.message ?? e) }));
  process.stderr.write(`${name}: ${JSON.stringify(changed)}\n`);
  report[name] = { sharding, changed };
}
const text = `${JSON.stringify(report, null, 2)}\n`;
if (out) writeFileSync(out, text);
else process.stdout.write(text);
