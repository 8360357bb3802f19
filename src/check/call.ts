/**
 * One checker call: expand the manifest's arguments, run the command with execa, hand the output
 * to the checker's parser. The scheduling of many calls lives in `runner.ts`.
 */
import { execa } from 'execa';
import path from 'node:path';
import { killGroup, trackProcessGroup } from '../process/shutdown.js';
import type { Invocation } from './manifest.js';
import { outOfSandbox, sandboxCommand, sandboxOf } from './sandbox.js';
import type { BuiltinChecker, CallResult, CommandChecker, ParsedOutput } from './types.js';

export type { CallResult } from './types.js';

/** Most characters of a failed checker's output kept for the report. */
export const RAW_OUTPUT_LIMIT = 4000;

/**
 * Expands `{file}`, `{files}`, `{dir}` and `{options}` in a manifest's args.
 * `{files}` and `{options}` must stand alone as an argument and become one argument per item.
 */
export function expandArgs(args: readonly string[], files: readonly string[], dir = '.', options: readonly string[] = []): string[] {
  const out: string[] = [];
  for (const arg of args) {
    if (arg === '{files}') out.push(...files);
    else if (arg === '{options}') out.push(...options);
    // One pass, so a file named `a{dir}.yml` is never expanded twice.
    else out.push(arg.replace(/\{(file|dir)\}/g, (_m, key: string) => (key === 'file' ? (files[0] ?? '') : dir)));
  }
  return out;
}

/**
 * Runs one checker call and parses its output. Never throws for the checker's own failures:
 * a time-out, a crash or an exit code outside `okExitCodes` comes back as `parsed.failure`.
 * A checker with `run` runs the call itself (a Python worker for many files).
 *
 * @param checker  the checker (manifest + parser)
 * @param files    file arguments, relative to `cwd`
 * @param cwd      absolute working directory of the call
 * @param invocation how to run it (default: its own command and args, looked up on PATH)
 * @param dir      value of `{dir}` for project-mode checkers
 * @param timeoutMs time-out of the call in ms (default: the manifest's)
 * @param versionArgs a checker that runs its calls itself may run these too, and give the
 *   version text in the result (`CallResult.versionText`); any other ignores them
 */
export async function callChecker(
  checker: CommandChecker,
  files: readonly string[],
  cwd: string,
  invocation: Pick<Invocation, 'command' | 'args'> = checker,
  dir?: string,
  timeoutMs: number = checker.timeoutMs,
  versionArgs?: readonly string[],
): Promise<CallResult> {
  if (checker.run) return checker.run({ files: [...files], cwd, invocation, timeoutMs, ...(versionArgs ? { versionArgs } : {}) });
  const started = performance.now();
  // Each call leads its own process group, so a time-out kills the checker's children too
  // (a child left holding the output pipes would otherwise keep the call open).
  const options = checker.callOptions ? await checker.callOptions(files, cwd) : [];
  const args = expandArgs(invocation.args, files, dir, options);
  // A checker that can run the repository's code runs in the sandbox, if the run has one (`sandbox.ts`).
  const sandbox = sandboxOf(checker);
  const line = sandbox ? sandboxCommand(sandbox, { command: invocation.command, args, cwd, ...(checker.scratch ? { scratch: checker.scratch } : {}) }) : { command: invocation.command, args };
  const subprocess = execa(line.command, line.args, {
    cwd,
    env: { ...checker.env, NO_COLOR: '1' },
    extendEnv: true,
    reject: false,
    stdin: 'ignore',
    detached: true,
    stripFinalNewline: false,
    maxBuffer: 64 * 1024 * 1024,
  });
  const group = subprocess.pid;
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    killGroup(group);
  }, timeoutMs);
  // Detached groups do not get the terminal's Ctrl-C: the shutdown owner kills them on a stop.
  const ended = trackProcessGroup(group);
  const result = await subprocess.finally(() => {
    clearTimeout(timer);
    ended();
  });
  const durationMs = Math.round(performance.now() - started);
  // What the checker printed, with the sandbox's private HOME read back as the user's own.
  const stdout = sandbox ? outOfSandbox(String(result.stdout ?? '')) : String(result.stdout ?? '');
  const stderr = sandbox ? outOfSandbox(String(result.stderr ?? '')) : String(result.stderr ?? '');
  if (timedOut || result.exitCode === undefined) {
    const why = timedOut ? `timed out after ${Math.round(timeoutMs)} ms` : result.signal ? `killed by ${result.signal}` : result.shortMessage;
    // A checker that reports as it goes (the Python worker) still gets what it printed.
    if (checker.parsePartial && result.stdout !== undefined) {
      checker.parse({ stdout, stderr, exitCode: -1, files: [...files], cwd });
    }
    return { durationMs, parsed: { diagnostics: [], failure: why } };
  }
  const parsed = checker.parse({
    stdout,
    stderr,
    exitCode: result.exitCode,
    files: [...files],
    cwd,
  });
  const raw = `${stdout}${stderr}`.trim().slice(0, RAW_OUTPUT_LIMIT);
  if (!parsed.failure && !checker.okExitCodes.includes(result.exitCode)) {
    const detail = firstLines(stderr || stdout);
    return {
      durationMs,
      raw,
      parsed: { ...parsed, failure: `exited with code ${result.exitCode}${detail ? `: ${detail}` : ''}` },
    };
  }
  return parsed.failure ? { durationMs, parsed, raw } : { durationMs, parsed };
}

/**
 * Runs one call of a built-in checker. A thrown error or a call past `timeoutMs` comes back as
 * `parsed.failure` (an in-process call cannot be killed, only abandoned).
 * @param files files relative to `cwd`
 */
export async function callBuiltin(checker: BuiltinChecker, files: readonly string[], cwd: string, timeoutMs: number = checker.timeoutMs): Promise<CallResult> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<ParsedOutput>((resolve) => {
    timer = setTimeout(() => resolve({ diagnostics: [], failure: `timed out after ${timeoutMs} ms` }), timeoutMs);
  });
  let parsed: ParsedOutput;
  try {
    parsed = await Promise.race([checker.check({ files: [...files], cwd: path.resolve(cwd) }), expired]);
  } catch (err) {
    parsed = { diagnostics: [], failure: `crashed: ${err instanceof Error ? err.message : String(err)}` };
  } finally {
    clearTimeout(timer);
  }
  return { parsed, durationMs: Math.round(performance.now() - started) };
}

function firstLines(text: string, max = 3): string {
  return text.trim().split('\n').slice(0, max).join(' ').slice(0, 400);
}
