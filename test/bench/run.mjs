#!/usr/bin/env node
// `npm run bench`: builds a synthetic homelab repository, then measures the built iacgen CLI
// against pre-commit 3 running the same checkers, against the ideal schedule of its own checker
// calls, and against `node -e 0`; prints a table of ratios and writes test/bench/results.json.
// Not a test (nothing here is named *.test.ts). See README.md beside this file.
//
//   node test/bench/run.mjs [--runs N] [--keep] [--reuse DIR] [--out FILE]
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildRepo } from './build-repo.mjs';
import { byCheckerSummary, callsFromReport, idealOf, replayCalls, timed } from './ideal.mjs';
import { writePrecommitConfig } from './precommit-config.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = path.join(ROOT, 'bin', 'iacgen.js');
const HOOK = path.join(ROOT, 'test', 'bench', 'usage-hook.mjs');
const NODE = process.execPath;

const { values: opts } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    keep: { type: 'boolean', default: false },
    reuse: { type: 'string' },
    out: { type: 'string', default: path.join(ROOT, 'test', 'bench', 'results.json') },
    help: { type: 'boolean', default: false },
  },
});
if (opts.help) {
  console.log('usage: node test/bench/run.mjs [--runs N] [--keep] [--reuse DIR] [--out FILE]\n' +
    '  --runs N     runs per figure (median; default 5; the fast start-up figures take 4N)\n' +
    '  --keep       keep the work folder (repository, hooks, caches) and print its path\n' +
    '  --reuse DIR  reuse the repository of a kept work folder instead of building one\n' +
    '  --out FILE   where to write the results (default test/bench/results.json)');
  process.exit(0);
}
const RUNS = Math.max(1, Number.parseInt(opts.runs, 10) || 5);
const FAST_RUNS = 4 * RUNS;
const CORES = os.availableParallelism();

const log = (...a) => console.error(...a);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const round = (x, d = 0) => (x === undefined || x === null || Number.isNaN(x) ? undefined : Math.round(x * 10 ** d) / 10 ** d);

/** Spawns argv, returns { ms, code, stdout, stderr }; wall time by process.hrtime around the child. */
function timeChild(argv, { cwd, env, input }) {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(argv[0], argv.slice(1), { cwd, env, stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    const out = [];
    const err = [];
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => err.push(d));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      resolve({ ms, code: code ?? signal, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() });
    });
    if (input !== undefined) child.stdin.end(input);
  });
}

function expectExit(result, allowed, what) {
  if (!allowed.includes(result.code)) {
    throw new Error(`${what} exited with ${result.code} (expected ${allowed.join(' or ')}):\n${(result.stderr || result.stdout).slice(0, 2000)}`);
  }
  return result;
}

function machine(versions) {
  const osRelease = existsSync('/etc/os-release') ? readFileSync('/etc/os-release', 'utf8') : '';
  const debian = existsSync('/etc/debian_version') ? readFileSync('/etc/debian_version', 'utf8').trim() : undefined;
  return {
    os: /PRETTY_NAME="([^"]*)"/.exec(osRelease)?.[1] ?? `${os.type()} ${os.release()}`,
    debianVersion: debian,
    kernel: os.release(),
    cpu: os.cpus()[0]?.model,
    cores: CORES,
    memoryGiB: round(os.totalmem() / 2 ** 30, 1),
    node: process.version,
    checkers: versions,
  };
}

async function main() {
  if (!existsSync(path.join(ROOT, 'dist', 'main.js'))) throw new Error('dist/ is missing: run `npm run build` (npm run bench does)');
  for (const [tool, args] of [['pre-commit', ['--version']], ['git', ['--version']], ['bash', ['--version']]]) {
    const r = await timeChild([tool, ...args], { cwd: ROOT, env: process.env }).catch(() => ({ code: 127 }));
    if (r.code !== 0) throw new Error(`${tool} is not installed (the benchmark needs it: apt-get install ${tool})`);
  }
  const gitOut = async (...args) => {
    const r = await timeChild(['git', ...args], { cwd: ROOT, env: process.env });
    return r.code === 0 ? r.stdout.trim() : undefined;
  };
  // IACGEN_BENCH_REVISION names the source of a copy of the checkout that has no .git.
  const head = await gitOut('rev-parse', '--short', 'HEAD');
  const iacgenRev = head
    ? { commit: head, dirty: (await gitOut('status', '--porcelain', '--', 'src', 'templates', 'bin')) !== '' }
    : { commit: process.env.IACGEN_BENCH_REVISION ?? 'unknown', dirty: undefined };
  const loadBefore = os.loadavg()[0];
  if (loadBefore > CORES / 2) log(`warning: load average ${loadBefore.toFixed(1)} on ${CORES} cores: other work will distort the figures`);
  const work = opts.reuse ? path.resolve(opts.reuse) : mkdtempSync(path.join(os.tmpdir(), 'iacgen-bench-'));
  const repo = path.join(work, 'repo');
  const xdg = path.join(work, 'xdg-cache');
  mkdirSync(xdg, { recursive: true });
  // One environment for every process: iacgen, pre-commit and the checkers (ansible-lint keeps
  // its own cache under XDG_CACHE_HOME, for both sides alike).
  const env = { ...process.env, XDG_CACHE_HOME: xdg, PRE_COMMIT_HOME: path.join(work, 'pre-commit-home'), NO_COLOR: '1', FORCE_COLOR: '0' };
  delete env.CI;
  delete env.IACGEN_DEBUG;
  const iacgen = (args, o = {}) => timeChild([NODE, BIN, ...args], { cwd: repo, env, ...o });
  /** Cold: every result cache iacgen may keep (in the repository or under XDG_CACHE_HOME) is deleted. */
  const clearCaches = (dir = repo) => {
    rmSync(path.join(dir, '.iacgen', 'cache'), { recursive: true, force: true });
    rmSync(path.join(xdg, 'iacgen'), { recursive: true, force: true });
  };

  // 1. The repository.
  let build;
  const buildFile = path.join(work, 'build.json');
  if (opts.reuse) {
    build = JSON.parse(readFileSync(buildFile, 'utf8'));
    log(`reusing ${repo} (${build.files} files)`);
  } else {
    log(`building the synthetic homelab in ${repo} ...`);
    mkdirSync(repo);
    const t0 = Date.now();
    build = await buildRepo({ dir: repo, bin: BIN, env, log });
    build.buildSeconds = round((Date.now() - t0) / 1000, 1);
    writeFileSync(buildFile, JSON.stringify(build, null, 2));
    log(`  ${build.files} files (${build.generated.length} generated by iacgen, ${build.handWritten.length} hand-written, ${build.broken.length} invalid on purpose) in ${build.buildSeconds} s`);
    for (const f of build.generatorFailures) log(`  warning: ${f}`);
  }

  // 2. A cold JSON report: which checker ran on which file, and the checkers' versions.
  clearCaches();
  const first = expectExit(await iacgen(['validate', '--format', 'json']), [0, 1], 'iacgen validate --format json');
  const report = JSON.parse(first.stdout);
  writeFileSync(path.join(work, 'cold-report.json'), first.stdout);
  const types = {};
  for (const f of report.files) types[f.type] = (types[f.type] ?? 0) + 1;
  const failedChecks = report.files.flatMap((f) => f.checks.filter((c) => c.status === 'error').map((c) => `${f.path}: ${c.checker}: ${c.reason}`));
  const versions = Object.fromEntries(report.checkers.map((c) => [c.id, c.status === 'ran' ? (c.version ?? '?') : c.status]));
  log(`iacgen validate: ${report.summary.files} files, ${report.summary.errors} errors, ${report.summary.warnings} warnings (cold, ${round(first.ms)} ms)`);
  for (const f of failedChecks) log(`  warning: checker failed: ${f}`);

  // 3. The peer: pre-commit with the same checkers on the same files.
  const precommitConfig = path.join(work, 'pre-commit-config.yaml');
  const peer = await writePrecommitConfig({ root: ROOT, report, hooksDir: path.join(work, 'hooks'), configPath: precommitConfig });
  for (const n of peer.notes) log(`  note: ${n}`);
  const precommit = (extra = []) => timeChild(['pre-commit', 'run', '--all-files', '--config', precommitConfig, ...extra], { cwd: repo, env });
  const warmup = expectExit(await precommit(['--verbose']), [0, 1], 'pre-commit run --all-files');
  const hookResults = [...warmup.stdout.matchAll(/^(\S[^\n]*?)\.{3,}(?:\(no files to check\))?(Passed|Failed|Skipped)\n- hook id: [^\n]*\n(?:- duration: ([\d.]+)s)?/gm)].map((m) => ({
    hook: m[1].trim(),
    result: m[2],
    seconds: m[3] ? Number(m[3]) : undefined,
  }));
  const skippedHooks = hookResults.filter((h) => h.result === 'Skipped');
  for (const h of skippedHooks) log(`  warning: pre-commit hook ${h.hook} was skipped`);
  log(`pre-commit: ${peer.hooks.length} hooks (warm-up ${round(warmup.ms)} ms)`);

  // 4. Rounds: cold, warm, one file changed, pre-commit; interleaved so drift hits all alike.
  const editFile = path.join(repo, build.editTarget);
  const original = readFileSync(editFile, 'utf8');
  const samples = { cold: [], warm: [], changed: [], precommit: [] };
  for (let i = 1; i <= RUNS; i++) {
    clearCaches();
    samples.cold.push(expectExit(await iacgen(['validate']), [0, 1], 'iacgen validate (cold)').ms);
    samples.warm.push(expectExit(await iacgen(['validate']), [0, 1], 'iacgen validate (warm)').ms);
    writeFileSync(editFile, `${original}# bench edit ${i}\n`);
    samples.changed.push(expectExit(await iacgen(['validate']), [0, 1], 'iacgen validate (one file changed)').ms);
    writeFileSync(editFile, original);
    samples.precommit.push(expectExit(await precommit(), [0, 1], 'pre-commit run --all-files').ms);
    log(`  round ${i}/${RUNS}: cold ${round(samples.cold.at(-1))}, warm ${round(samples.warm.at(-1))}, changed ${round(samples.changed.at(-1))}, pre-commit ${round(samples.precommit.at(-1))} ms`);
  }

  // 5. Start-up: `iacgen --version` and `iacgen new compose --service redis --yes` against `node -e 0`.
  samples.node = [];
  samples.version = [];
  for (let i = 0; i < FAST_RUNS; i++) {
    samples.node.push(expectExit(await timeChild([NODE, '-e', '0'], { cwd: repo, env }), [0], 'node -e 0').ms);
    samples.version.push(expectExit(await iacgen(['--version']), [0], 'iacgen --version').ms);
  }
  let newArgs = ['new', 'compose', '--service', 'redis', '--yes'];
  const scratch = async () => {
    const dir = mkdtempSync(path.join(work, 'new-'));
    await timeChild(['git', 'init', '-q', '-b', 'main'], { cwd: dir, env });
    expectExit(await timeChild([NODE, BIN, 'init'], { cwd: dir, env }), [0], 'iacgen init');
    clearCaches(dir);
    return dir;
  };
  let newNote;
  {
    const probe = await iacgen(newArgs, { cwd: await scratch() });
    if (probe.code === 2) {
      const alt = ['new', 'compose', '--variant', 'redis', '--yes'];
      const retry = await iacgen(alt, { cwd: await scratch() });
      if (retry.code === 0) {
        newNote = `\`iacgen ${newArgs.join(' ')}\` exited 2 (${probe.stderr.trim().split('\n')[0]}); measured \`iacgen ${alt.join(' ')}\``;
        newArgs = alt;
      } else newNote = `\`iacgen ${newArgs.join(' ')}\` exited 2: ${probe.stderr.trim().split('\n')[0]}`;
    }
  }
  samples.newCompose = [];
  samples.newCode = [];
  for (let i = 0; i < RUNS && !(newNote && newArgs[2] === '--service'); i++) {
    const dir = await scratch();
    const r = await iacgen(newArgs, { cwd: dir });
    samples.newCompose.push(r.ms);
    samples.newCode.push(r.code);
    if (r.code !== 0) newNote = `exit ${r.code}: ${(r.stderr || r.stdout).trim().split('\n').slice(-3).join(' ')}`;
  }
  if (newNote) log(`  note: new compose: ${newNote}`);

  // 6. Memory and CPU of iacgen's own process (usage-hook.mjs), and CPU of its whole process tree
  //    (bash time) for a cold run; peak RSS also for warm, changed, new and --version.
  const usageFile = path.join(work, 'usage.json');
  const hooked = async (args, cwd = repo) => {
    rmSync(usageFile, { force: true });
    const t = await timed([NODE, '--import', HOOK, BIN, ...args], { cwd, env: { ...env, IACGEN_BENCH_USAGE_FILE: usageFile } });
    const own = existsSync(usageFile) ? JSON.parse(readFileSync(usageFile, 'utf8')) : undefined;
    return { ...t, own };
  };
  clearCaches();
  const memory = {};
  memory.cold = await hooked(['validate']);
  memory.warm = await hooked(['validate']);
  writeFileSync(editFile, `${original}# bench edit memory\n`);
  memory.changed = await hooked(['validate']);
  writeFileSync(editFile, original);
  memory.version = await hooked(['--version']);
  if (samples.newCompose.length) memory.newCompose = await hooked(newArgs, await scratch());
  const peakKiB = Math.max(...Object.values(memory).map((m) => m.own?.maxRssKiB ?? 0));
  const peakOf = Object.entries(memory).reduce((a, [k, m]) => ((m.own?.maxRssKiB ?? 0) > (memory[a]?.own?.maxRssKiB ?? 0) ? k : a), 'cold');

  // 7. The ideal: every checker call of a cold run, replayed one at a time.
  log('replaying every checker call, one at a time, for the ideal ...');
  const replay = await replayCalls({ root: ROOT, report, cwd: repo, env });
  for (const n of replay.notes) log(`  note: ${n}`);
  const ideal = idealOf(replay.calls, CORES);
  const registryIds = new Set(replay.reportCalls.map((c) => c.checker));
  const { CHECKERS } = await import(new URL(`file://${path.join(ROOT, 'dist', 'check', 'registry.js')}`).href);
  const inRegistry = new Set(CHECKERS.map((c) => c.id));
  const reportCalls = replay.reportCalls.filter((c) => inRegistry.has(c.checker));
  const reportIdeal = idealOf(reportCalls, CORES);
  const policyCalls = replay.reportCalls.filter((c) => !inRegistry.has(c.checker));
  void registryIds;

  // 8. The table.
  const m = {
    cold: median(samples.cold),
    warm: median(samples.warm),
    changed: median(samples.changed),
    precommit: median(samples.precommit),
    node: median(samples.node),
    version: median(samples.version),
    newCompose: samples.newCompose.length ? median(samples.newCompose) : undefined,
  };
  const rows = [
    { figure: 'cold validate / pre-commit', iacgen: m.cold, peer: m.precommit, target: 0.8 },
    { figure: 'warm validate / pre-commit', iacgen: m.warm, peer: m.precommit, target: 0.05 },
    { figure: 'one file changed / pre-commit', iacgen: m.changed, peer: m.precommit, target: 0.2 },
    { figure: 'cold validate / ideal', iacgen: m.cold, peer: ideal.idealMs, target: 1.3 },
    { figure: 'iacgen --version / node -e 0', iacgen: m.version, peer: m.node, target: 1.5 },
    { figure: `iacgen ${newArgs.slice(0, 4).join(' ')} ${newArgs.slice(4).join(' ')} / node -e 0`.replace(/\s+/g, ' '), iacgen: m.newCompose, peer: m.node, target: 12 },
  ].map((r) => {
    const ratio = r.iacgen !== undefined && r.peer ? r.iacgen / r.peer : undefined;
    return { ...r, ratio, met: ratio === undefined ? undefined : ratio <= r.target };
  });
  const peakMB = peakKiB / 1024;
  rows.push({ figure: 'peak memory of iacgen (MB)', iacgen: peakMB, peer: undefined, ratio: undefined, target: 200, met: peakMB <= 200, unit: 'MB' });

  const table = [
    ['figure', 'iacgen (ms)', 'peer (ms)', 'ratio', 'target', 'met?'],
    ...rows.map((r) =>
      r.unit === 'MB'
        ? [r.figure, `${round(r.iacgen, 1)} MB`, '-', '-', `<= ${r.target} MB`, r.met ? 'yes' : 'NO']
        : [r.figure, r.iacgen === undefined ? 'n/a' : String(round(r.iacgen)), String(round(r.peer)), r.ratio === undefined ? 'n/a' : round(r.ratio, 3).toFixed(3), `<= ${r.target}`, r.met === undefined ? 'n/a' : r.met ? 'yes' : 'NO'],
    ),
  ];
  const widths = table[0].map((_, i) => Math.max(...table.map((row) => row[i].length)));
  const line = (row) => `| ${row.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
  const sep = `|${widths.map((w, i) => (i === 0 ? `:${'-'.repeat(w + 1)}` : `${'-'.repeat(w + 1)}:`)).join('|')}|`;
  const summary = byCheckerSummary(replay.calls);
  const out = [];
  out.push('');
  out.push(`iacgen benchmark: ${report.summary.files} files, medians of ${RUNS} runs (${FAST_RUNS} for the start-up figures), ${CORES} cores, load average ${loadBefore.toFixed(2)} before, ${os.loadavg()[0].toFixed(2)} after`);
  out.push('');
  out.push(line(table[0]));
  out.push(sep);
  for (const row of table.slice(1)) out.push(line(row));
  out.push('');
  out.push(`ideal = max(longest call ${round(ideal.longestMs)} ms (${ideal.longestChecker}), checker CPU ${round(ideal.cpuMs)} ms / ${CORES} cores = ${round(ideal.cpuMs / CORES)} ms): bound by the ${ideal.bound}`);
  out.push(`  (from the cold report's wall times instead: longest ${round(reportIdeal.longestMs)} ms, sum ${round(reportIdeal.cpuMs)} ms / ${CORES} = ${round(reportIdeal.cpuMs / CORES)} ms)`);
  if (policyCalls.length) out.push(`  iacgen's own policy rules (not a checker, no pre-commit peer): ${policyCalls.map((c) => `${c.checker} ${round(c.wallMs)} ms`).join(', ')} in the cold report`);
  if (memory.cold.own) {
    const tree = memory.cold.userMs + memory.cold.sysMs;
    const own = memory.cold.own.userMs + memory.cold.own.systemMs;
    out.push(`cold validate CPU: ${round(tree)} ms for the whole process tree, ${round(own)} ms in iacgen's own process, ${round(tree - own)} ms in checker processes (wall ${round(memory.cold.wallMs)} ms)`);
  }
  out.push(`peak RSS of iacgen's own process: ${Object.entries(memory).map(([k, v]) => `${k} ${round((v.own?.maxRssKiB ?? 0) / 1024, 1)} MB`).join(', ')}`);
  out.push('');
  out.push('checker calls of a cold run, replayed one at a time (sorted by CPU):');
  out.push('| checker | calls | files | wall (ms) | CPU (ms) | longest call (ms) |');
  out.push('|:--|--:|--:|--:|--:|--:|');
  for (const s of summary) out.push(`| ${s.checker} | ${s.calls} | ${s.files} | ${round(s.wallMs)} | ${round(s.cpuMs)} | ${round(s.longestMs)} |`);
  if (hookResults.some((h) => h.seconds !== undefined)) {
    out.push('');
    out.push(`pre-commit hooks (warm-up run, --verbose): ${hookResults.map((h) => `${h.hook} ${h.seconds ?? '?'} s ${h.result}`).join(', ')}`);
  }
  out.push('');
  out.push(`iacgen ${iacgenRev.commit}${iacgenRev.dirty ? ' (with uncommitted changes in src/, templates/ or bin/)' : ''}; node ${process.version}`);
  out.push(`checkers: ${Object.entries(versions).map(([k, v]) => `${k} ${v}`).join(', ')}; pre-commit ${(await timeChild(['pre-commit', '--version'], { cwd: repo, env })).stdout.trim().replace(/^pre-commit /, '')}`);
  if (newNote) out.push(`note: ${newNote}`);
  for (const n of [...peer.notes, ...replay.notes]) out.push(`note: ${n}`);
  for (const f of failedChecks) out.push(`warning: checker failed in the cold run: ${f}`);
  console.log(out.join('\n'));

  const results = {
    date: new Date().toISOString(),
    runs: RUNS,
    fastRuns: FAST_RUNS,
    iacgen: iacgenRev,
    machine: machine(versions),
    loadAverage: { before: round(loadBefore, 2), after: round(os.loadavg()[0], 2) },
    precommitVersion: (await timeChild(['pre-commit', '--version'], { cwd: repo, env })).stdout.trim(),
    repository: {
      files: report.summary.files,
      byType: types,
      generated: build.generated.length,
      handWritten: build.handWritten.length,
      brokenOnPurpose: build.broken,
      generators: build.generators,
      editTarget: build.editTarget,
      summary: report.summary,
    },
    table: rows.map((r) => ({ figure: r.figure, iacgen: round(r.iacgen, 1), peer: round(r.peer, 1), ratio: round(r.ratio, 4), target: r.target, met: r.met })),
    medians: Object.fromEntries(Object.entries(m).map(([k, v]) => [k, round(v, 1)])),
    samples: Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, v.map((x) => round(x, 1))])),
    ideal: { ...ideal, idealMs: round(ideal.idealMs, 1), cpuMs: round(ideal.cpuMs, 1), longestMs: round(ideal.longestMs, 1), byChecker: summary.map((s) => Object.fromEntries(Object.entries(s).map(([k, v]) => [k, typeof v === 'number' ? round(v, 1) : v]))) },
    idealFromReport: { ...reportIdeal, idealMs: round(reportIdeal.idealMs, 1), cpuMs: round(reportIdeal.cpuMs, 1) },
    memory: Object.fromEntries(Object.entries(memory).map(([k, v]) => [k, { ownMaxRssMB: round((v.own?.maxRssKiB ?? 0) / 1024, 1), ownCpuMs: round((v.own?.userMs ?? 0) + (v.own?.systemMs ?? 0)), treeCpuMs: round(v.userMs + v.sysMs), wallMs: round(v.wallMs) }])),
    peakMemory: { mb: round(peakMB, 1), during: peakOf },
    precommit: { hooks: peer.hooks.map(({ entry: _e, ...h }) => h), warmup: hookResults },
    notes: [...(newNote ? [`new compose: ${newNote}`] : []), ...peer.notes, ...replay.notes, ...failedChecks.map((f) => `checker failed: ${f}`)],
  };
  writeFileSync(opts.out, `${JSON.stringify(results, null, 2)}\n`);
  log(`results written to ${path.relative(process.cwd(), opts.out) || opts.out}`);
  if (opts.keep || opts.reuse) log(`work folder kept: ${work}`);
  else rmSync(work, { recursive: true, force: true });
}

main().catch((err) => {
  console.error(`bench failed: ${err.stack ?? err}`);
  process.exit(1);
});
