/**
 * `iacgen doctor`: which checkers are installed, where, in which version, whether iacgen.yaml
 * requires them, and how to install the missing ones. Exit 1 when a required checker is missing.
 */
import type { Context } from '../context.js';
import { configuredPolicy, policyFor } from '../check/policy.js';
import { readVersion, resolveInvocation } from '../check/probe.js';
import { CHECKERS } from '../check/registry.js';
import type { CheckerPolicy } from '../check/runner.js';
import type { Checker } from '../check/types.js';
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
}

/** Probes one checker. */
export async function diagnoseChecker(checker: Checker, policy: CheckerPolicy): Promise<DoctorRow> {
  const base = { id: checker.id, fileTypes: [...checker.fileTypes], policy };
  if (checker.kind === 'builtin') return { ...base, found: true, path: 'builtin', version: checker.version };
  const invocation = await resolveInvocation(checker);
  if (!invocation) return { ...base, found: false, install: checker.installHint };
  const version = await readVersion(checker, invocation);
  return { ...base, found: true, path: invocation.path, ...(version ? { version } : {}), install: checker.installHint };
}

/** Runs `iacgen doctor`; returns 1 when a checker that iacgen.yaml requires is missing. */
export async function runDoctor(context: Context, flags: { json: boolean }): Promise<number> {
  const { settings } = loadConfig(context.cwd);
  policyFor(settings, CHECKERS.map((c) => c.id)); // rejects unknown checker ids in iacgen.yaml
  const rows = await Promise.all(CHECKERS.map((checker) => diagnoseChecker(checker, configuredPolicy(settings, checker.id))));
  const blocking = rows.filter((r) => !r.found && r.policy === 'required');
  if (flags.json) {
    context.stdout.write(`${JSON.stringify({ checkers: rows }, null, 2)}\n`);
  } else {
    const width = Math.max(...rows.map((r) => r.id.length));
    for (const row of rows) {
      const state = row.found ? `${row.version ?? '?'}  ${row.path ?? ''}` : `MISSING  install: ${row.install ?? '-'}`;
      const policy = row.policy === 'optional' ? '' : ` [${row.policy}]`;
      context.stdout.write(`${row.found ? 'ok     ' : 'missing'}  ${row.id.padEnd(width)}  ${state}${policy}\n`);
    }
    const missing = rows.filter((r) => !r.found).length;
    context.stdout.write(`${rows.length - missing} of ${rows.length} checkers found${blocking.length > 0 ? `; ${blocking.length} required checker(s) missing` : ''}\n`);
  }
  return blocking.length > 0 ? EXIT.findings : EXIT.ok;
}
