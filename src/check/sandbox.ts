/**
 * The sandbox of checkers that can run a repository's code (`runsRepositoryCode` in their
 * manifest: ansible-playbook's syntax check, ansible-lint, ansible-inventory, terraform validate).
 * Such a call runs under bubblewrap (bwrap(1)): the whole file system read-only (the repository
 * and its `.git` too), private writable tmpfs on `/tmp`, `/var/tmp`, `/dev/shm` and `/run`, HOME in that
 * `/tmp`, no network, no capabilities, killed with iacgen. What it is made of: `sandbox-data.ts`.
 *
 * One validation per process: the command decides once ({@link decideSandbox}), the engine makes
 * the sandbox active for its run ({@link useSandbox}), and `callChecker` wraps each call of such a
 * checker ({@link sandboxCommand}), whichever way it reaches the command line (the plain call, a
 * Python worker, a fallback per file).
 */
import { readdirSync, realpathSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { UsageError } from '../errors.js';
import { findOnPath, versionIn } from './probe.js';
import { readSandboxMemo, writeSandboxMemo } from './sandbox-memo.js';
import {
  BWRAP_OVERRIDE,
  HOME_LINKS,
  HOME_PRIVATE,
  HOME_SPREAD,
  INSTALL_HINT,
  ISOLATION,
  PRIVATE_TMP,
  PROBE_TIMEOUT_MS,
  SANDBOX_ENV,
  SANDBOX_HOME,
  SANDBOX_SWITCH,
  SANDBOX_UNSET,
  USERNS_HINT,
} from './sandbox-data.js';

/** A usable sandbox: the bwrap executable (absolute path) and its version. */
export interface Sandbox {
  bwrap: string;
  version?: string;
}

/**
 * The sandbox's state for one run, as reports and `iacgen doctor` give it:
 * - `on`: checkers that can run the repository's code run in it;
 * - `off`: switched off by the user (`--no-sandbox`, `IACGEN_SANDBOX=off`): `why` says which;
 * - `unavailable`: it could not start (`why`: what failed; `fix`: how to get it); the checkers
 *   then run without it, unless `--strict` refused the run.
 */
export type SandboxState =
  | { status: 'on'; bwrap: string; version?: string }
  | { status: 'off'; why: string }
  | { status: 'unavailable'; why: string; fix: string; bwrap?: string; version?: string };

/** The result of {@link probeSandbox}: usable (`on`) or not, and why. */
export type SandboxProbe = Extract<SandboxState, { status: 'on' | 'unavailable' }>;

let probed: Promise<SandboxProbe> | undefined;
let probedWith: string | undefined;

/**
 * Finds bwrap (`IACGEN_BWRAP` when set, else PATH), reads its version and starts a trivial
 * sandbox (`bwrap <the sandbox's options> true`), once per process and bwrap path. Never throws.
 * A success is kept in the user's cache and reused while bwrap, the kernel and its user-namespace
 * switches stay the same (`sandbox-memo.ts`): a run then starts no bwrap before its first check.
 * @param env the environment to read `IACGEN_BWRAP`, PATH and XDG_CACHE_HOME from
 * @param options.remembered false to probe even when a kept success applies (`iacgen doctor`)
 */
export function probeSandbox(env: NodeJS.ProcessEnv = process.env, options: { remembered?: boolean } = {}): Promise<SandboxProbe> {
  const override = env[BWRAP_OVERRIDE] || undefined;
  if (!probed || probedWith !== override) {
    probedWith = override;
    probed = probeRemembered(override, env, options.remembered ?? true);
  }
  return probed;
}

/** A kept successful probe of the same bwrap on the same kernel (`sandbox-memo.ts`), else a new probe (kept when it succeeds). */
async function probeRemembered(override: string | undefined, env: NodeJS.ProcessEnv, remembered: boolean): Promise<SandboxProbe> {
  const bwrap = override ?? (await findOnPath('bwrap'));
  if (!bwrap) return { status: 'unavailable', why: 'bwrap (bubblewrap) is not on PATH', fix: INSTALL_HINT };
  const kept = remembered ? await readSandboxMemo(bwrap, env) : undefined;
  if (kept) return { status: 'on', ...kept };
  const probe = await probeOnce(bwrap, override);
  if (probe.status === 'on') await writeSandboxMemo({ bwrap: probe.bwrap, ...(probe.version ? { version: probe.version } : {}) }, env);
  return probe;
}

async function probeOnce(bwrap: string, override: string | undefined): Promise<SandboxProbe> {
  const version = await execa(bwrap, ['--version'], { reject: false, stdin: 'ignore', timeout: PROBE_TIMEOUT_MS });
  if (version.exitCode !== 0) {
    const failed = (version as { code?: string }).code === 'ENOENT' || /ENOENT/.test(String(version.message ?? ''));
    const why = failed ? `${bwrap} does not exist${override ? ` (${BWRAP_OVERRIDE})` : ''}` : `${bwrap} --version failed: ${firstLine(String(version.stderr ?? '') || String(version.shortMessage ?? ''))}`;
    return { status: 'unavailable', bwrap, why, fix: INSTALL_HINT };
  }
  const found = { bwrap, ...(versionIn(String(version.stdout)) ? { version: versionIn(String(version.stdout)) } : {}) };
  const { command, args } = sandboxCommand(found, { command: 'true', args: [], cwd: '/' });
  const trial = await execa(command, args, { reject: false, stdin: 'ignore', timeout: PROBE_TIMEOUT_MS });
  if (trial.exitCode === 0) return { status: 'on', ...found };
  const detail = firstLine(String(trial.stderr ?? '')) || String(trial.shortMessage ?? `exit code ${String(trial.exitCode)}`);
  return { status: 'unavailable', ...found, why: `bwrap cannot start a sandbox: ${detail}`, fix: USERNS_HINT };
}

/** Forgets the probe (tests). */
export function forgetSandboxProbe(): void {
  probed = undefined;
  probedWith = undefined;
}

/** What decides the sandbox for one run. */
export interface SandboxRequest {
  /** False for `--no-sandbox`; commander leaves it true otherwise. */
  flag?: boolean;
  /** The process environment (`IACGEN_SANDBOX`, `IACGEN_BWRAP`, PATH). Never the repository's iacgen.yaml. */
  env: NodeJS.ProcessEnv;
  /** `--strict` or `strict: true`: refuse to run without a sandbox that was asked for. */
  strict: boolean;
}

/** The sandbox of a run: the one to use (undefined: none) and the state to report. */
export interface SandboxDecision {
  sandbox?: Sandbox;
  state: SandboxState;
}

/**
 * Decides the sandbox of one run: off when the user says so (`--no-sandbox`, `IACGEN_SANDBOX=off`),
 * else the probed bwrap. A hostile repository cannot switch it off: nothing here reads its files.
 * @throws UsageError (exit 2) for an `IACGEN_SANDBOX` other than `on` or `off`, or with `strict`
 *   when the sandbox cannot start
 */
export async function decideSandbox(request: SandboxRequest): Promise<SandboxDecision> {
  const switched = request.env[SANDBOX_SWITCH];
  if (switched !== undefined && switched !== '' && switched !== 'on' && switched !== 'off') {
    throw new UsageError(`${SANDBOX_SWITCH}=${switched}: expected on or off`, `unset it, or set ${SANDBOX_SWITCH}=off to run the checkers without the sandbox`);
  }
  if (request.flag === false) return { state: { status: 'off', why: '--no-sandbox' } };
  if (switched === 'off') return { state: { status: 'off', why: `${SANDBOX_SWITCH}=off` } };
  const probe = await probeSandbox(request.env);
  if (probe.status === 'on') return { sandbox: { bwrap: probe.bwrap, ...(probe.version ? { version: probe.version } : {}) }, state: probe };
  if (request.strict) {
    throw new UsageError(`--strict: refusing to check without the sandbox: ${probe.why}`, `${probe.fix}; or check without the sandbox on purpose: --no-sandbox`);
  }
  return { state: probe };
}

/** The one line validate prints on stderr when the sandbox could not start. */
export function sandboxWarning(state: Extract<SandboxState, { status: 'unavailable' }>): string {
  return `iacgen: warning: no sandbox (${state.why}): checkers that can run the repository's code run unsandboxed; to fix: ${state.fix}`;
}

/**
 * The one line to print once on stderr when a checker that can run the repository's code ran
 * without the sandbox because it could not start (a repository of shell scripts alone gets none).
 * @param result a run's sandbox state and its checkers (`sandboxed` set on code-running ones)
 */
export function unsandboxedWarning(result: { sandbox?: SandboxState; checkers: ReadonlyArray<{ sandboxed?: boolean }> }): string | undefined {
  const state = result.sandbox;
  return state?.status === 'unavailable' && result.checkers.some((c) => c.sandboxed === false) ? sandboxWarning(state) : undefined;
}

let active: Sandbox | undefined;

/**
 * Makes `sandbox` the one every call of a `runsRepositoryCode` checker runs in, until the next
 * call (undefined: none). The validate engine sets it for its run.
 */
export function useSandbox(sandbox: Sandbox | undefined): void {
  active = sandbox;
}

/** The sandbox a call of `checker` runs in now, if any. */
export function sandboxOf(checker: { runsRepositoryCode?: boolean }): Sandbox | undefined {
  return checker.runsRepositoryCode ? active : undefined;
}

/** One call to wrap: what it runs and where. */
export interface SandboxedCall {
  command: string;
  args: readonly string[];
  /** The call's working directory (absolute). */
  cwd: string;
  /** Folders iacgen made for the call (absolute): writable in the sandbox, shared with iacgen. */
  scratch?: readonly string[];
  /** The real HOME (default: `os.homedir()`), whose installed content the private HOME links to. */
  home?: string;
}

/**
 * The command line that runs `call` in `sandbox`: `bwrap <options> -- command args...`.
 * Options, in bwrap's order of effect: the root bound read-only; fresh `/dev` and `/proc`; the
 * private tmpfs folders; the call's working directory and the real HOME bound back read-only
 * when they lie in one of those folders (a repository under `/tmp`), `scratch` bound writable;
 * the private HOME with its links; the environment; isolation; the working directory.
 */
export function sandboxCommand(sandbox: Sandbox, call: SandboxedCall): { command: string; args: string[] } {
  const home = call.home ?? os.homedir();
  const args: string[] = ['--ro-bind', '/', '/', '--dev', '/dev', '--proc', '/proc'];
  for (const dir of PRIVATE_TMP) args.push('--tmpfs', dir);
  const readOnly = [...new Set([call.cwd, home].map(hiddenTop).filter((d): d is string => d !== undefined))];
  for (const dir of readOnly) args.push('--ro-bind', dir, dir);
  for (const dir of new Set(call.scratch ?? [])) args.push('--bind', dir, dir);
  args.push('--dir', SANDBOX_HOME);
  for (const link of homeLinks(home)) {
    const parent = path.posix.dirname(link);
    if (parent !== '.') args.push('--dir', path.posix.join(SANDBOX_HOME, parent));
    args.push('--symlink', path.join(home, link), path.posix.join(SANDBOX_HOME, link));
  }
  for (const [name, value] of Object.entries(SANDBOX_ENV)) args.push('--setenv', name, value);
  for (const name of SANDBOX_UNSET) args.push('--unsetenv', name);
  args.push(...ISOLATION, '--chdir', call.cwd, '--', call.command, ...call.args);
  return { command: sandbox.bwrap, args };
}

/**
 * A sandboxed checker's output as it would read outside the sandbox: the private HOME
 * ({@link SANDBOX_HOME}) replaced by the user's own, so a message about `~/.ansible/vault/pass`
 * names the user's path.
 */
export function outOfSandbox(text: string, home: string = os.homedir()): string {
  return text.includes(SANDBOX_HOME) ? text.split(SANDBOX_HOME).join(home) : text;
}

const homeLinksOf = new Map<string, string[]>();

/**
 * The entries of the real HOME the private one links to, relative and sorted: {@link HOME_LINKS},
 * every top-level entry, and the entries of the {@link HOME_SPREAD} folders, less
 * {@link HOME_PRIVATE}. Listed once per process; a HOME that cannot be listed gives HOME_LINKS.
 */
function homeLinks(home: string): string[] {
  const known = homeLinksOf.get(home);
  if (known) return known;
  const list = (rel: string): string[] => {
    try {
      return readdirSync(path.join(home, rel));
    } catch {
      return [];
    }
  };
  const isPrivate = (rel: string) => (HOME_PRIVATE as readonly string[]).includes(rel);
  const links = new Set<string>(HOME_LINKS);
  for (const name of list('')) {
    if (isPrivate(name)) continue;
    if (!(HOME_SPREAD as readonly string[]).includes(name)) links.add(name);
    else for (const entry of list(name)) if (!isPrivate(`${name}/${entry}`)) links.add(`${name}/${entry}`);
  }
  const sorted = [...links].sort();
  homeLinksOf.set(home, sorted);
  return sorted;
}

/**
 * The folder to bind back for `dir` when a private tmpfs hides it: its first component under
 * that tmpfs (`/tmp/repo-x` for `/tmp/repo-x/sub`), so the repository's parents within it stay
 * visible too; undefined when `dir` lies outside every private folder.
 */
function hiddenTop(dir: string): string | undefined {
  const real = realOr(dir);
  for (const tmp of PRIVATE_TMP) {
    const base = realOr(tmp);
    const rel = path.relative(base, real);
    if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) continue;
    return path.join(base, rel.split(path.sep)[0] ?? '');
  }
  return undefined;
}

function realOr(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return path.resolve(p);
  }
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0]?.slice(0, 300) ?? '';
}
