// Helpers shared by the bench's parts (run.mjs, small.mjs, hook.mjs, scale.mjs): timing a child
// process, medians, rounding, and the table of figures with their targets.
import { spawn } from 'node:child_process';

/** Median of numbers (the mean of the middle two for an even count). */
export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Rounds to `d` decimals; undefined for undefined, null or NaN. */
export const round = (x, d = 0) => (x === undefined || x === null || Number.isNaN(x) ? undefined : Math.round(x * 10 ** d) / 10 ** d);

/** Spawns argv, resolves { ms, code, stdout, stderr }; wall time (ms) by process.hrtime around the child. */
export function timeChild(argv, { cwd, env, input }) {
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

/** Returns `result` when its exit code is one of `allowed`; throws an Error naming `what` otherwise. */
export function expectExit(result, allowed, what) {
  if (!allowed.includes(result.code)) {
    throw new Error(`${what} exited with ${result.code} (expected ${allowed.join(' or ')}):\n${(result.stderr || result.stdout).slice(0, 2000)}`);
  }
  return result;
}

/**
 * A row of a table: iacgen's figure against a peer's (both ms), ratio, target (a ratio; `unit`
 * 'MB' for an absolute figure compared with the target itself; `target` undefined: no target,
 * met undefined), met; `decimals` for the printed figures (default 0).
 */
export function row(figure, iacgen, peer, target, unit, decimals) {
  if (unit) return { figure, iacgen, peer: undefined, ratio: undefined, target, met: iacgen === undefined ? undefined : iacgen <= target, unit };
  const ratio = iacgen !== undefined && peer ? iacgen / peer : undefined;
  return { figure, iacgen, peer, ratio, target, met: ratio === undefined || target === undefined ? undefined : ratio <= target, decimals };
}

/** The rows as a Markdown table (lines): figure, iacgen (ms), peer (ms), ratio, target, met? (yes/NO/n/a). */
export function formatTable(rows) {
  const met = (r) => (r.met === undefined ? 'n/a' : r.met ? 'yes' : 'NO');
  const table = [
    ['figure', 'iacgen (ms)', 'peer (ms)', 'ratio', 'target', 'met?'],
    ...rows.map((r) =>
      r.unit
        ? [r.figure, r.iacgen === undefined ? 'n/a' : `${round(r.iacgen, 1)} ${r.unit}`, '-', '-', `<= ${r.target} ${r.unit}`, met(r)]
        : [r.figure, r.iacgen === undefined ? 'n/a' : String(round(r.iacgen, r.decimals ?? 0)), r.peer === undefined ? 'n/a' : String(round(r.peer, r.decimals ?? 0)), r.ratio === undefined ? 'n/a' : round(r.ratio, 3).toFixed(3), r.target === undefined ? '-' : `<= ${r.target}`, met(r)],
    ),
  ];
  const widths = table[0].map((_, i) => Math.max(...table.map((r) => r[i].length)));
  const line = (r) => `| ${r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
  const sep = `|${widths.map((w, i) => (i === 0 ? `:${'-'.repeat(w + 1)}` : `${'-'.repeat(w + 1)}:`)).join('|')}|`;
  return [line(table[0]), sep, ...table.slice(1).map(line)];
}

/** Rows as stored in results.json (rounded). */
export const storedRows = (rows) => rows.map((r) => ({ figure: r.figure, iacgen: round(r.iacgen, 1), peer: round(r.peer, 1), ratio: round(r.ratio, 4), target: r.target, met: r.met, ...(r.unit ? { unit: r.unit } : {}) }));
