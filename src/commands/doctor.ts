/**
 * `iacgen doctor`: which checkers are installed, where, in which version, whether iacgen.yaml
 * requires them, and how to install the missing ones; and whether the sandbox of the checkers
 * that can run a repository's code can start. Exit 1 when a required checker is missing.
 */
import type { Context } from '../context.js';
import { configuredPolicy, policyFor } from '../check/policy.js';
import { readVersion, resolveInvocation } from '../check/probe.js';
import { CHECKERS } from '../check/registry.js';
import { probeSandbox, type SandboxState } from '../check/sandbox.js';
import type { CheckerPolicy } from '../check/runner.js';
import type { Checker, CommandChecker, Route } from '../check/types.js';
import { compareVersions, untestedVersion } from '../check/versions.js';
import { loadConfig } from '../config/load.js';
import { EXIT } from '../errors.js';

/** One row of the doctor's report (also its `--json` shape). */
export interface DoctorRow {
  id: string;
  fileTypes: string[];
  found: boolean;
  /** Executable path, or `builtin`. */
  path?: string;
  version?: string;
  policy: CheckerPolicy;
  /** Debian/Ubuntu install command, for command checkers. */
  install?: string;
  /** Set when the version is outside the versions iacgen is tested with: why. */
  untested?: string;
  /** For a checker with a fast path: whether this version takes it, and why. */
  route?: Route;
}

/** Whether a checker's fast path runs with this version of its tool, and why. */
export function fastPathRoute(checker: CommandChecker, version: string | undefined): Route | undefined {
  const fast = checker.fastPath;
  if (!fast) return undefined;
  const proven = fast.proven;
  if (!proven) return { fast: true, why: fast.what };
  const range = `${proven.distribution} ${proven.from}-${proven.through}`;
  if (version === undefined) return { fast: false, why: `version unknown; the fast path (${fast.what}) is proven on ${range}` };
  const inside = compareVersions(version, proven.from, 2) >= 0 && compareVersions(version, proven.through, 2) <= 0;
  return inside
    ? { fast: true, why: `${fast.what} (proven on ${range})` }
    : { fast: false, why: `${version} is outside ${range}, where the fast path (${fast.what}) was proven: the plain command line runs` };
}

/** Probes one checker. */
export async function diagnoseChecker(checker: Checker, policy: CheckerPolicy): Promise<DoctorRow> {
  const base = { id: checker.id, fileTypes: [...checker.fileTypes], policy };
  if (checker.kind === 'builtin') return { ...base, found: true, path: 'builtin', version: checker.version };
  const invocation = await resolveInvocation(checker);
  if (!invocation) return { ...base, found: false, install: checker.installHint };
  const version = await readVersion(checker, invocation);
  const untested = untestedVersion(checker.id, version);
  const route = fastPathRoute(checker, version);
  return {
    ...base,
    found: true,
    path: invocation.path,
    ...(version ? { version } : {}),
    install: checker.installHint,
    ...(untested ? { untested } : {}),
    ...(route ? { route } : {}),
  };
}

/**
 * The sandbox as `iacgen validate` would find it (`check/sandbox.ts`): `on` (bwrap's path and
 * version), `unavailable` (what failed, how to fix it) or `off` (`IACGEN_SANDBOX=off` in `env`).
 */
export async function sandboxRow(env: NodeJS.ProcessEnv): Promise<SandboxState> {
  if (env.IACGEN_SANDBOX === 'off') return { status: 'off', why: 'IACGEN_SANDBOX=off' };
  // Doctor looks for itself: never a probe kept from an earlier run.
  return probeSandbox(env, { remembered: false });
}

/** One line of the doctor's text report about the sandbox. */
function sandboxLine(state: SandboxState, width: number): string {
  const runs = 'ansible and terraform validate run';
  const id = 'sandbox'.padEnd(width);
  if (state.status === 'on') return `ok       ${id}  bwrap ${state.version ?? '?'}  ${state.bwrap}: ${runs} in it`;
  if (state.status === 'off') return `off      ${id}  switched off by ${state.why}: ${runs} unsandboxed`;
  return `missing  ${id}  ${state.why}: ${runs} unsandboxed (--strict refuses); to fix: ${state.fix}`;
}

/** Runs `iacgen doctor`; returns 1 when a checker that iacgen.yaml requires is missing. */
export async function runDoctor(context: Context, flags: { json: boolean }): Promise<number> {
  const { settings } = loadConfig(context.cwd);
  policyFor(settings, CHECKERS.map((c) => c.id)); // rejects unknown checker ids in iacgen.yaml
  const rows = await Promise.all(CHECKERS.map((checker) => diagnoseChecker(checker, configuredPolicy(settings, checker.id))));
  const blocking = rows.filter((r) => !r.found && r.policy === 'required');
  const sandbox = await sandboxRow(context.env);
  if (flags.json) {
    context.stdout.write(`${JSON.stringify({ checkers: rows, sandbox }, null, 2)}\n`);
  } else {
    const width = Math.max(...rows.map((r) => r.id.length));
    for (const row of rows) {
      const state = row.found ? `${row.version ?? '?'}  ${row.path ?? ''}` : `MISSING  install: ${row.install ?? '-'}`;
      const policy = row.policy === 'optional' ? '' : ` [${row.policy}]`;
      context.stdout.write(`${row.found ? 'ok     ' : 'missing'}  ${row.id.padEnd(width)}  ${state}${policy}\n`);
      const pad = ' '.repeat(width + 11);
      if (row.route) context.stdout.write(`${pad}${row.route.fast ? 'fast path' : 'plain CLI'}: ${row.route.why}\n`);
      if (row.untested) context.stdout.write(`${pad}warning: ${row.untested}\n`);
    }
    context.stdout.write(`${sandboxLine(sandbox, width)}\n`);
    const missing = rows.filter((r) => !r.found).length;
    context.stdout.write(`${rows.length - missing} of ${rows.length} checkers found${blocking.length > 0 ? `; ${blocking.length} required checker(s) missing` : ''}\n`);
  }
  return blocking.length > 0 ? EXIT.findings : EXIT.ok;
}
