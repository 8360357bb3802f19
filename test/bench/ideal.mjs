// The "ideal" of a cold `iacgen validate`: max(longest single checker call, sum of the CPU time
// of all checker calls / cores). Measured by replaying, one at a time (nothing else running),
// every checker call that iacgen's runner makes for the repository: the calls are planned with
// iacgen's own code (dist/: registry, planCalls, expandArgs, callOptions, resolveInvocation) on
// the files of a cold JSON report, each command call runs under bash's `time` (real, user and
// sys of the checker and all its children), each in-process call (yaml-parse, compose-schema,
// ...) runs in this process with process.cpuUsage() around it.
// A checker kind the replay does not know falls back to the report's durations (wall time of
// the call in the parallel run), and says so.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { filesByChecker } from './precommit-config.mjs';

const REPLAY = new URL('./replay-call.mjs', import.meta.url).pathname;

/** Runs argv under bash `time`; resolves { wallMs, cpuMs, userMs, sysMs, exitCode }. */
export function timed(argv, { cwd, env }) {
  return new Promise((resolve, reject) => {
    const script = 'TIMEFORMAT="%3R %3U %3S"; { time "$@" >/dev/null 2>&1 </dev/null; } 2>&1; exit ${PIPESTATUS[0]}';
    const child = spawn('bash', ['-c', script, 'bench', ...argv], { cwd, env, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const m = /(\d+\.\d+) (\d+\.\d+) (\d+\.\d+)\s*$/.exec(out);
      if (!m) return reject(new Error(`no timing from bash for ${argv[0]}: ${out.slice(0, 200)}`));
      const [wall, user, sys] = m.slice(1).map((s) => Number(s) * 1000);
      resolve({ wallMs: wall, userMs: user, sysMs: sys, cpuMs: user + sys, exitCode: code });
    });
  });
}

/**
 * Calls of one cold run, from the report alone: CheckRecords of one call share `durationMs`
 * (file mode: one call per record; files mode: records with equal durations are one batch, at
 * most batchSize files; project mode: one call per folder). Wall time in the parallel run.
 */
export function callsFromReport(report, checkers) {
  const calls = [];
  const mode = new Map(checkers.map((c) => [c.id, c]));
  const records = new Map();
  for (const file of report.files) {
    for (const check of file.checks) {
      if (check.status === 'skipped' && check.durationMs === 0) continue;
      if (!records.has(check.checker)) records.set(check.checker, []);
      records.get(check.checker).push({ path: file.path, ms: check.durationMs });
    }
  }
  for (const [id, list] of records) {
    const checker = mode.get(id);
    const m = checker?.mode ?? 'files';
    if (m === 'file') for (const r of list) calls.push({ checker: id, files: 1, wallMs: r.ms });
    else if (m === 'project') {
      const dirs = new Map();
      for (const r of list) dirs.set(path.posix.dirname(r.path), r.ms);
      for (const ms of dirs.values()) calls.push({ checker: id, files: 0, wallMs: ms });
    } else {
      const groups = new Map();
      for (const r of list) groups.set(r.ms, (groups.get(r.ms) ?? 0) + 1);
      const size = checker?.batchSize ?? 200;
      for (const [ms, n] of groups) for (let i = 0; i < Math.ceil(n / size); i++) calls.push({ checker: id, files: Math.min(size, n - i * size), wallMs: ms });
    }
  }
  return calls;
}

/**
 * Replays every checker call of a cold run, serially.
 * @returns {Promise<{ calls: object[], notes: string[] }>} calls: { checker, files, wallMs, cpuMs, how }
 */
export async function replayCalls({ root, report, cwd, env }) {
  const dist = (rel) => import(pathToFileURL(path.join(root, 'dist', rel)).href);
  const { CHECKERS } = await dist('check/registry.js');
  const { planCalls } = await dist('check/runner.js');
  const { expandArgs, callBuiltin } = await dist('check/call.js');
  const { resolveInvocation } = await dist('check/probe.js');
  const byChecker = filesByChecker(report);
  const typeOf = new Map(report.files.map((f) => [f.path, f.type]));
  const ran = new Set(report.checkers.filter((c) => c.status === 'ran').map((c) => c.id));
  const calls = [];
  const notes = [];
  const fromReport = callsFromReport(report, CHECKERS);
  for (const checker of CHECKERS) {
    const paths = byChecker.get(checker.id) ?? [];
    if (!ran.has(checker.id) || paths.length === 0) continue;
    const targets = paths.map((p) => ({ absPath: path.resolve(cwd, p), type: typeOf.get(p) }));
    if (checker.kind === 'builtin') {
      for (const call of planCalls(checker, undefined, targets, cwd)) {
        const files = call.files.map((f) => path.relative(cwd, f.absPath));
        const cpu = process.cpuUsage();
        const start = process.hrtime.bigint();
        await callBuiltin(checker, files, cwd);
        const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
        const used = process.cpuUsage(cpu);
        calls.push({ checker: checker.id, files: files.length, wallMs, cpuMs: (used.user + used.system) / 1000, how: 'in-process' });
      }
    } else if (checker.kind === 'command' && typeof checker.run === 'function') {
      // A checker that runs its calls itself (a Python worker): each call in a node process of
      // its own under bash time, less the start-up and imports of that process (a no-op run).
      const invocation = await resolveInvocation(checker);
      if (!invocation) continue;
      const argv = (files, noop) => [process.execPath, REPLAY, JSON.stringify({ root, checker: checker.id, files, cwd, noop })];
      const base = [];
      for (let i = 0; i < 3; i++) base.push(await timed(argv([], true), { cwd, env }));
      const baseWall = Math.min(...base.map((b) => b.wallMs));
      const baseCpu = Math.min(...base.map((b) => b.cpuMs));
      for (const call of planCalls(checker, invocation, targets, cwd)) {
        const files = call.files.map((f) => path.relative(cwd, f.absPath));
        const t = await timed(argv(files, false), { cwd, env });
        calls.push({ checker: checker.id, files: files.length, wallMs: Math.max(0, t.wallMs - baseWall), cpuMs: Math.max(0, t.cpuMs - baseCpu), how: 'own run hook, node process less its start-up' });
      }
      notes.push(`${checker.id}: runs its calls itself; replayed in a node process each, less that process's start-up (${Math.round(baseWall)} ms wall, ${Math.round(baseCpu)} ms CPU)`);
    } else if (checker.kind === 'command') {
      const invocation = await resolveInvocation(checker);
      if (!invocation) continue;
      for (const call of planCalls(checker, invocation, targets, cwd)) {
        const files = call.files.map((f) => {
          const rel = path.relative(cwd, f.absPath) || '.';
          return rel.startsWith('-') ? `./${rel}` : rel;
        });
        const options = checker.callOptions ? await checker.callOptions(files, cwd) : [];
        const args = expandArgs(invocation.args, files, call.dir, options);
        const t = await timed([invocation.path, ...args], { cwd, env: { ...env, ...checker.env, NO_COLOR: '1' } });
        calls.push({ checker: checker.id, files: files.length, wallMs: t.wallMs, cpuMs: t.cpuMs, how: 'bash time' });
      }
    } else {
      notes.push(`${checker.id}: kind ${checker.kind} not replayed; its report durations (wall, parallel run) stand in for CPU time`);
      for (const c of fromReport.filter((c) => c.checker === checker.id)) calls.push({ ...c, cpuMs: c.wallMs, how: 'report' });
    }
  }
  return { calls, notes, reportCalls: fromReport };
}

/** Per-checker sums: calls, files, wall, cpu, longest call. */
export function byCheckerSummary(calls) {
  const out = new Map();
  for (const c of calls) {
    const s = out.get(c.checker) ?? { checker: c.checker, calls: 0, files: 0, wallMs: 0, cpuMs: 0, longestMs: 0 };
    s.calls++;
    s.files += c.files;
    s.wallMs += c.wallMs;
    s.cpuMs += c.cpuMs ?? c.wallMs;
    s.longestMs = Math.max(s.longestMs, c.wallMs);
    out.set(c.checker, s);
  }
  return [...out.values()].sort((a, b) => b.cpuMs - a.cpuMs);
}

/** max(longest call, sum of CPU / cores). */
export function idealOf(calls, cores) {
  const longest = calls.reduce((m, c) => (c.wallMs > m.wallMs ? c : m), { wallMs: 0 });
  const cpuMs = calls.reduce((s, c) => s + (c.cpuMs ?? c.wallMs), 0);
  return { idealMs: Math.max(longest.wallMs, cpuMs / cores), longestMs: longest.wallMs, longestChecker: longest.checker, cpuMs, cores, bound: longest.wallMs >= cpuMs / cores ? 'longest call' : 'CPU / cores' };
}
