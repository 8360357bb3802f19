/**
 * Fault-injection helpers for the e2e suites: run the built CLI as a real process tagged through
 * its environment (every checker process it starts inherits the tag), send it signals, slow or
 * fail its system calls with strace, and read back what it left: the tree's bytes and modes, its
 * processes, its temporary folders.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, readlinkSync, lstatSync } from 'node:fs';
import path from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { BIN, tempDir } from './helpers.js';

/** Every entry under `dir` but `.git/`: relative path -> "mode type sha256" (links: their target). */
export function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (rel: string) => {
    for (const name of readdirSync(path.join(dir, rel)).sort()) {
      const relPath = rel ? `${rel}/${name}` : name;
      if (relPath === '.git') continue;
      const abs = path.join(dir, relPath);
      const stat = lstatSync(abs);
      const mode = (stat.mode & 0o7777).toString(8);
      if (stat.isDirectory()) {
        out.set(relPath, `${mode} dir`);
        walk(relPath);
      } else if (stat.isSymbolicLink()) out.set(relPath, `${mode} link ${readlinkSync(abs)}`);
      else out.set(relPath, `${mode} file ${createHash('sha256').update(readFileSync(abs)).digest('hex')}`);
    }
  };
  walk('');
  return out;
}

/** The snapshot as sorted lines, for readable diffs in assertions. */
export function lines(snap: Map<string, string>): string[] {
  return [...snap].map(([rel, what]) => `${rel} ${what}`).sort();
}

/** A run of the CLI that a test can signal, with its tag, private TMPDIR and result. */
export interface TaggedRun {
  /** Unique value of IACGEN_FAULT_TAG in the run's environment. */
  tag: string;
  /** The run's private temporary folder (its TMPDIR). */
  tmp: string;
  /** The process started (node, or strace around it). */
  child: ResultPromise;
  /** Sends `signal` to the iacgen (node) process itself, not to strace. */
  signal(signal: NodeJS.Signals): void;
  /**
   * Resolves true once iacgen's own signal handlers are installed (`bin/iacgen.js` does it first),
   * false after `withinMs`. Before that Node's default disposition ends the process by the signal
   * itself: nothing of iacgen has run yet, and the shell reports 128 + n all the same.
   */
  handlersInstalled(withinMs: number): Promise<boolean>;
}

/** System calls to tamper with: strace's `inject=` specs, limited to `paths` (`-P`) when given. */
export interface Injection {
  /** e.g. `rename,renameat,renameat2:delay_exit=1500000` or `rename,renameat,renameat2:error=EIO` */
  inject: string;
  /** Only system calls on these absolute paths are touched. */
  paths?: string[];
}

/**
 * Starts `node bin/iacgen.js ...args` in `cwd`, tagged, with a private TMPDIR (removed after the
 * test), under `strace -f` with the injection when given. Without a terminal, CI unset: what a
 * hook or a script sees.
 */
export function startTagged(args: string[], cwd: string, options: { injection?: Injection; env?: Record<string, string> } = {}): TaggedRun {
  const tag = `fault-${process.pid}-${Math.random().toString(36).slice(2)}`;
  const tmp = tempDir('iacgen-fault-tmp-');
  const node = ['node', BIN, ...args];
  const { injection } = options;
  const calls = injection?.inject.split(':')[0];
  const argv = injection
    ? ['strace', '-f', '-qq', '-o', '/dev/null', ...(injection.paths ?? []).flatMap((p) => ['-P', p]), '-e', `trace=${calls}`, '-e', `inject=${injection.inject}`, ...node]
    : node;
  const child = execa(argv[0]!, argv.slice(1), {
    cwd,
    env: { NO_COLOR: '1', CI: '', TMPDIR: tmp, IACGEN_FAULT_TAG: tag, SOURCE_DATE_EPOCH: '1764979200', ...options.env },
    reject: false,
    stdin: 'ignore',
  });
  return {
    tag,
    tmp,
    child,
    signal: (signal) => {
      const pid = iacgenPid(tag);
      if (pid !== undefined) process.kill(pid, signal);
    },
    handlersInstalled: (withinMs) =>
      until(() => {
        const pid = iacgenPid(tag);
        return pid !== undefined && catchesSighup(pid);
      }, withinMs),
  };
}

/** The pid of the run's node process (not strace around it), if it is alive. */
function iacgenPid(tag: string): number | undefined {
  return tagged(tag).find((p) => p.command.includes(BIN) && !p.command.startsWith('strace'))?.pid;
}

/**
 * Whether `pid` catches SIGHUP (bit 0 of `SigCgt` in /proc/PID/status, proc(5)). Node itself
 * catches SIGINT and SIGTERM from its start (to restore the terminal, then re-raise them), but
 * not SIGHUP: iacgen installs its three handlers together (SIGHUP last), so SIGHUP caught means
 * all three are iacgen's.
 */
function catchesSighup(pid: number): boolean {
  try {
    const mask = /^SigCgt:\s*([0-9a-f]+)$/m.exec(readFileSync(`/proc/${pid}/status`, 'latin1'))?.[1];
    return mask !== undefined && (BigInt(`0x${mask}`) & 1n) === 1n;
  } catch {
    return false;
  }
}

/** A live process: its pid and its command line (arguments joined by spaces). */
export interface TaggedProcess {
  pid: number;
  command: string;
}

/** The live processes (zombies aside) whose environment holds IACGEN_FAULT_TAG=`tag`. */
export function tagged(tag: string): TaggedProcess[] {
  const needle = `IACGEN_FAULT_TAG=${tag}\0`;
  const found: TaggedProcess[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (!readFileSync(`/proc/${entry}/environ`, 'latin1').includes(needle)) continue;
      const state = readFileSync(`/proc/${entry}/stat`, 'latin1').replace(/^.*\) /, '')[0];
      if (state === 'Z') continue;
      found.push({ pid: Number(entry), command: readFileSync(`/proc/${entry}/cmdline`, 'latin1').split('\0').join(' ').trim() });
    } catch {
      // Gone while reading, or not ours to read.
    }
  }
  return found;
}

/** Polls until no tagged process lives, up to `withinMs`; returns those still alive then. */
export async function leftovers(tag: string, withinMs = 3000): Promise<TaggedProcess[]> {
  const until = Date.now() + withinMs;
  for (;;) {
    const alive = tagged(tag);
    if (alive.length === 0 || Date.now() > until) return alive.map((p) => ({ pid: p.pid, command: p.command.slice(0, 120) }));
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Resolves once `check` holds, polling every 50 ms, or after `withinMs` (false then). */
export async function until(check: () => boolean, withinMs: number): Promise<boolean> {
  const end = Date.now() + withinMs;
  while (Date.now() < end) {
    if (check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return check();
}

/** A pseudo-random generator (mulberry32) from a seed printed in the test name, to replay a run. */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** True when a text holds a JavaScript stack trace line. */
export function hasStackTrace(text: string): boolean {
  return /^\s+at .+\(.*:\d+:\d+\)$|^\s+at .+:\d+:\d+$/m.test(text);
}
