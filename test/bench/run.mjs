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
import { measureHook } from './hook.mjs';
import { byCheckerSummary, idealOf, replayCalls, timed } from './ideal.mjs';
import { expectExit, formatTable, median, round, row, storedRows, timeChild } from './lib.mjs';
import { coldReportAndPeer, ensureRepo, typesOf } from './repos.mjs';
import { measureScale } from './scale.mjs';
import { measureSmall } from './small.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = path.join(ROOT, 'bin', 'iacgen.js');
const HOOK = path.join(ROOT, 'test', 'bench', 'usage-hook.mjs');
const NODE = process.execPath;
/** The parts of the bench, in the order they run (`--only`). */
const PARTS = ['main', 'small', 'hook', 'scale'];

const { values: opts } = parseArgs({
  options: {
    runs: { type: 'string' },
    'large-runs': { type: 'string' },
    only: { type: 'string', default: PARTS.join(',') },
    quick: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    reuse: { type: 'string' },
    out: { type: 'string', default: path.join(ROOT, 'test', 'bench', 'results.json') },
    chroot: { type: 'string' },
    'no-host': { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (opts.help) {
  console.log('usage: node test/bench/run.mjs [--runs N] [--only PARTS] [--quick] [--keep] [--reuse DIR] [--out FILE] [--chroot SUITE [--no-host]]\n' +
    '  --runs N        runs per figure (median; default 5, --quick 1; the start-up figures take 4N)\n' +
    '  --large-runs N  runs of the 3,000-file repository (default ceil(N / 3))\n' +
    `  --only PARTS    comma-separated, of ${PARTS.join(', ')} (default all)\n` +
    '                  main: the medium repository (about 300 files) against pre-commit and the ideal,\n' +
    '                  start-up, `new compose`, memory; small: a 30-file repository; hook: validate\n' +
    '                  --staged against pre-commit run; scale: time per file at 30, 300, 3,000 files\n' +
    '  --quick         1 run per figure, and no 3,000-file repository (a check that the bench works)\n' +
    '  --keep          keep the work folder (repositories, hooks, caches) and print its path\n' +
    '  --reuse DIR     reuse the repositories of a kept work folder instead of building them\n' +
    '  --out FILE      where to write the results (default test/bench/results.json)\n' +
    '  --chroot SUITE  then run the same parts inside `.ci/chroot run SUITE` (its checkers), stored\n' +
    '                  under chroots.SUITE of the results; --no-host: only that, keeping the rest of FILE');
  process.exit(0);
}
const RUNS = Math.max(1, Number.parseInt(opts.runs ?? (opts.quick ? '1' : '5'), 10) || 5);
const LARGE_RUNS = Math.max(1, Number.parseInt(opts['large-runs'] ?? String(Math.ceil(RUNS / 3)), 10) || 1);
const FAST_RUNS = 4 * RUNS;
const CORES = os.availableParallelism();
const ONLY = new Set(opts.only.split(',').map((p) => p.trim()).filter(Boolean));
for (const p of ONLY) if (!PARTS.includes(p)) throw new Error(`--only: unknown part ${p} (parts: ${PARTS.join(', ')})`);

const log = (...a) => console.error(...a);

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

async function measureHere() {
  if (!existsSync(path.join(ROOT, 'dist', 'main.js'))) throw new Error('dist/ is missing: run `npm run build` (npm run bench does)');
  for (const [tool, args] of [['pre-commit', ['--version']], ['git', ['--version']], ['bash', ['--version']]]) {
    const r = await timeChild([tool, ...args], { cwd: ROOT, env: process.env }).catch(() => ({ code: 127 }));
    if (r.code !== 0) throw new Error(`${tool} is not installed (the benchmark needs it: apt-get install ${tool})`);
  }
  const iacgenRev = await revision();
  const loadBefore = os.loadavg()[0];
  if (loadBefore > CORES / 2) log(`warning: load average ${loadBefore.toFixed(1)} on ${CORES} cores: other work will distort the figures`);
  const work = opts.reuse ? path.resolve(opts.reuse) : mkdtempSync(path.join(os.tmpdir(), 'iacgen-bench-'));
  const xdg = path.join(work, 'xdg-cache');
  mkdirSync(xdg, { recursive: true });
  // One environment for every process: iacgen, pre-commit and the checkers (ansible-lint keeps
  // its own cache under XDG_CACHE_HOME, for both sides alike).
  const env = { ...process.env, XDG_CACHE_HOME: xdg, PRE_COMMIT_HOME: path.join(work, 'pre-commit-home'), NO_COLOR: '1', FORCE_COLOR: '0' };
  delete env.CI;
  delete env.IACGEN_DEBUG;
  const ctx = {
    root: ROOT, bin: BIN, work, xdg, env, log, runs: RUNS, largeRuns: LARGE_RUNS, cores: CORES, quick: opts.quick,
    iacgen: (args, o) => timeChild([NODE, BIN, ...args], { env, ...o }),
    /** Cold: every result cache iacgen may keep (in the repository or under XDG_CACHE_HOME) is deleted. */
    clearCaches: (dir) => {
      rmSync(path.join(dir, '.iacgen', 'cache'), { recursive: true, force: true });
      rmSync(path.join(xdg, 'iacgen'), { recursive: true, force: true });
    },
  };

  const rows = [];
  const out = [];
  const results = { date: new Date().toISOString(), runs: RUNS, fastRuns: FAST_RUNS, largeRuns: LARGE_RUNS, parts: [...ONLY], iacgen: iacgenRev };
  let medium;
  let mediumPeer;
  const needMedium = ONLY.has('main') || ONLY.has('hook');
  if (needMedium) {
    medium = await ensureRepo(ctx, 'medium');
    mediumPeer = await coldReportAndPeer(ctx, medium, 'medium');
  }
  if (ONLY.has('main')) {
    const part = await mainPart(ctx, medium, mediumPeer, loadBefore);
    rows.push(...part.rows);
    out.push(...part.lines);
    Object.assign(results, part.results);
  }
  for (const [name, measure] of [['small', measureSmall], ['hook', (c) => measureHook(c, medium, mediumPeer)], ['scale', measureScale]]) {
    if (!ONLY.has(name)) continue;
    const part = await measure(ctx);
    rows.push(...part.rows);
    out.push('', ...part.lines);
    results[name] = part.results;
    results[name].table = storedRows(part.rows);
  }
  results.machine ??= machine(mediumPeer ? versionsOf(mediumPeer.report) : results.small?.checkers);
  results.loadAverage = { before: round(loadBefore, 2), after: round(os.loadavg()[0], 2) };
  results.precommitVersion ??= (await timeChild(['pre-commit', '--version'], { cwd: ROOT, env })).stdout.trim();
  results.allRows = storedRows(rows);
  const where = process.env.IACGEN_CHROOT ? `Debian ${process.env.IACGEN_CHROOT} chroot` : 'host';
  console.log([
    '',
    `iacgen benchmark (${where}): parts ${[...ONLY].join(', ')}; medians of ${RUNS} runs (${FAST_RUNS} for the start-up figures, ${LARGE_RUNS} for the 3,000-file repository), ${CORES} cores, load average ${loadBefore.toFixed(2)} before, ${os.loadavg()[0].toFixed(2)} after`,
    '',
    ...formatTable(rows),
    ...out,
    '',
    `iacgen ${iacgenRev.commit}${iacgenRev.dirty ? ' (with uncommitted changes in src/, templates/ or bin/)' : ''}; node ${process.version}; ${results.precommitVersion}`,
  ].join('\n'));
  writeFileSync(opts.out, `${JSON.stringify(results, null, 2)}\n`);
  log(`results written to ${path.relative(process.cwd(), opts.out) || opts.out}`);
  if (opts.keep || opts.reuse) log(`work folder kept: ${work}`);
  else rmSync(work, { recursive: true, force: true });
  return results;
}

/**
 * The commit of the checkout (short hash) and whether src/, templates/ or bin/ have uncommitted
 * changes; IACGEN_BENCH_REVISION names it when the checkout has no usable .git (a copy, a chroot).
 */
async function revision() {
  const gitOut = async (...args) => {
    const r = await timeChild(['git', ...args], { cwd: ROOT, env: process.env }).catch(() => ({ code: 127 }));
    return r.code === 0 ? r.stdout.trim() : undefined;
  };
  const head = await gitOut('rev-parse', '--short', 'HEAD');
  return head
    ? { commit: head, dirty: (await gitOut('status', '--porcelain', '--', 'src', 'templates', 'bin')) !== '' }
    : { commit: process.env.IACGEN_BENCH_REVISION || 'unknown', dirty: undefined };
}

/** Checker id -> version (or its status when it did not run), from a validate JSON report. */
function versionsOf(report) {
  return Object.fromEntries(report.checkers.map((c) => [c.id, c.status === 'ran' ? (c.version ?? '?') : c.status]));
}

/** Which Compose ran compose-config, from a validate JSON report: v1 (docker-compose 1.x) or v2. */
function composeOf(report) {
  const c = report.checkers.find((k) => k.id === 'compose-config');
  if (!c || c.status !== 'ran') return { status: c?.status ?? 'absent' };
  const generation = /^v?1\./.test(c.version ?? '') ? 'v1' : 'v2';
  const how = path.basename(c.path ?? '') === 'docker' ? 'docker compose' : 'docker-compose';
  return { generation, command: how, path: c.path, version: c.version, route: c.route?.why };
}

/**
 * Part "main": the medium repository (cold, warm, one file changed against pre-commit and the
 * ideal), start-up, `new compose`, peak memory. Its results keep the fields of the older
 * results.json (table, medians, samples, ideal, memory, ...).
 */
async function mainPart(ctx, medium, peerOf, loadBefore) {
  const { work, env } = ctx;
  const repo = medium.dir;
  const build = medium.build;
  const iacgen = (args, o = {}) => ctx.iacgen(args, { cwd: repo, ...o });
  const clearCaches = (dir = repo) => ctx.clearCaches(dir);
  const { report, peer, warmup } = peerOf;
  const precommit = (extra = []) => peerOf.precommit(['--all-files', ...extra]);
  const types = typesOf(report);
  const failedChecks = report.files.flatMap((f) => f.checks.filter((c) => c.status === 'error').map((c) => `${f.path}: ${c.checker}: ${c.reason}`));
  const versions = versionsOf(report);
  for (const f of failedChecks) log(`  warning: checker failed: ${f}`);
  for (const n of peer.notes) log(`  note: ${n}`);
  const hookResults = [...warmup.stdout.matchAll(/^(\S[^\n]*?)\.{3,}(?:\(no files to check\))?(Passed|Failed|Skipped)\n- hook id: [^\n]*\n(?:- duration: ([\d.]+)s)?/gm)].map((m) => ({
    hook: m[1].trim(),
    result: m[2],
    seconds: m[3] ? Number(m[3]) : undefined,
  }));
  for (const h of hookResults.filter((x) => x.result === 'Skipped')) log(`  warning: pre-commit hook ${h.hook} was skipped`);

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
  const peakMB = peakKiB / 1024;
  const compose = composeOf(report);
  const rows = [
    row('cold validate / pre-commit', m.cold, m.precommit, 0.8),
    row('warm validate / pre-commit', m.warm, m.precommit, 0.05),
    row('one file changed / pre-commit', m.changed, m.precommit, 0.2),
    row('cold validate / ideal', m.cold, ideal.idealMs, 1.3),
    row('iacgen --version / node -e 0', m.version, m.node, 1.5),
    row(`iacgen ${newArgs.join(' ')} / node -e 0 (Compose ${compose.generation ?? compose.status})`, m.newCompose, m.node, 5),
    row('peak memory of iacgen (MB)', peakMB, undefined, 150, 'MB'),
  ];
  const summary = byCheckerSummary(replay.calls);
  const out = [];
  out.push('');
  out.push(`main: the medium repository, ${report.summary.files} checked files (${build.files} in git)`);
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
  out.push(`new compose: Compose ${compose.generation ?? compose.status} (${compose.command ?? '-'} ${compose.version ?? ''}, ${compose.path ?? ''}) ran compose-config`);
  out.push(`checkers: ${Object.entries(versions).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  if (newNote) out.push(`note: ${newNote}`);
  for (const n of [...peer.notes, ...replay.notes]) out.push(`note: ${n}`);
  for (const f of failedChecks) out.push(`warning: checker failed in the cold run: ${f}`);

  const results = {
    machine: machine(versions),
    precommitVersion: (await timeChild(['pre-commit', '--version'], { cwd: repo, env })).stdout.trim(),
    compose,
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
    table: storedRows(rows),
    medians: Object.fromEntries(Object.entries(m).map(([k, v]) => [k, round(v, 1)])),
    samples: Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, v.map((x) => round(x, 1))])),
    ideal: { ...ideal, idealMs: round(ideal.idealMs, 1), cpuMs: round(ideal.cpuMs, 1), longestMs: round(ideal.longestMs, 1), byChecker: summary.map((s) => Object.fromEntries(Object.entries(s).map(([k, v]) => [k, typeof v === 'number' ? round(v, 1) : v]))) },
    idealFromReport: { ...reportIdeal, idealMs: round(reportIdeal.idealMs, 1), cpuMs: round(reportIdeal.cpuMs, 1) },
    memory: Object.fromEntries(Object.entries(memory).map(([k, v]) => [k, { ownMaxRssMB: round((v.own?.maxRssKiB ?? 0) / 1024, 1), ownCpuMs: round((v.own?.userMs ?? 0) + (v.own?.systemMs ?? 0)), treeCpuMs: round(v.userMs + v.sysMs), wallMs: round(v.wallMs) }])),
    peakMemory: { mb: round(peakMB, 1), during: peakOf },
    precommit: { hooks: peer.hooks.map(({ entry: _e, ...h }) => h), warmup: hookResults },
    notes: [...(newNote ? [`new compose: ${newNote}`] : []), ...peer.notes, ...replay.notes, ...failedChecks.map((f) => `checker failed: ${f}`)],
  };
  return { rows, lines: out, results };
}

/**
 * Runs the same parts inside `.ci/chroot run SUITE` (the checkout is /iacgen there) and returns
 * its results; the chroot prints its own table.
 */
async function measureInChroot(suite) {
  const rel = path.join('test', 'bench', `.results-${suite}.json`);
  const args = ['--only', [...ONLY].join(','), '--runs', String(RUNS), '--large-runs', String(LARGE_RUNS), ...(opts.quick ? ['--quick'] : []), '--out', `/iacgen/${rel}`];
  log(`running the bench in the Debian ${suite} chroot: bash .ci/chroot run ${suite} node test/bench/run.mjs ${args.join(' ')}`);
  const rev = await revision();
  const code = await new Promise((resolve, reject) => {
    const child = spawn('bash', [path.join(ROOT, '.ci', 'chroot'), 'run', suite, 'env', `IACGEN_BENCH_REVISION=${rev.commit}${rev.dirty ? '+dirty' : ''}`, 'node', 'test/bench/run.mjs', ...args], { cwd: ROOT, stdio: 'inherit' });
    child.on('error', reject);
    child.on('close', resolve);
  });
  const file = path.join(ROOT, rel);
  if (code !== 0 || !existsSync(file)) throw new Error(`the bench in the ${suite} chroot exited with ${code}`);
  const results = JSON.parse(readFileSync(file, 'utf8'));
  rmSync(file, { force: true });
  return results;
}

async function main() {
  let results;
  if (!opts['no-host']) results = await measureHere();
  else results = existsSync(opts.out) ? JSON.parse(readFileSync(opts.out, 'utf8')) : {};
  if (opts.chroot) {
    const inside = await measureInChroot(opts.chroot);
    results.chroots = { ...results.chroots, [opts.chroot]: inside };
    writeFileSync(opts.out, `${JSON.stringify(results, null, 2)}\n`);
    log(`${opts.chroot} results added to ${path.relative(process.cwd(), opts.out) || opts.out} (chroots.${opts.chroot})`);
  }
}

main().catch((err) => {
  console.error(`bench failed: ${err.stack ?? err}`);
  process.exit(1);
});
