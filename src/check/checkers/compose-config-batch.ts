/**
 * `compose-config` as the runner runs it: Compose v2 first, Compose projects as Compose loads
 * them, iacgen's own check of build folders and `env_file`s, and one file's failure kept to
 * that file.
 *
 * - Which Compose: `docker compose` (the v2 plugin, probed with `docker compose version`: a
 *   docker client without the plugin fails), else `docker-compose` (v2 or the legacy v1; see
 *   `compose/generation.ts`).
 * - Projects (`compose/project.ts`): a base file and its override are checked together
 *   (`-f base -f override config -q`), never the override alone; `include:` and `extends:`
 *   files come in as Compose loads them. Each finding goes on the file and line it belongs to
 *   (`compose/place.ts`).
 * - v1 only: where v1 rejects what the Compose Specification allows (every file of the project
 *   passes the vendored schema), its schema errors become `compose-needs-v2` warnings.
 * - Missing build folders and `env_file`s: `compose/local-paths.ts`, whatever the version; the
 *   same report from Compose is dropped.
 * - docker-compose 1.x (a Python script) runs the call's projects in one Python worker
 *   (`python-worker.ts`: one fork per project running docker-compose's own script); v2 (Go) has
 *   no interpreter to share, so each project is one CLI call. `test/e2e/ansible-batch.test.ts`
 *   compares the worker with the CLI.
 * - A project whose run broke (a crash, an exit code outside the generation's, a time-out)
 *   gives `error` to its files only (`ParsedOutput.errors`); the other files keep their verdicts.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { RAW_OUTPUT_LIMIT, type CallResult } from '../call.js';
import type { CheckerOutput, CommandChecker, FileError, ParsedDiagnostic } from '../types.js';
import type { SelfRunningChecker } from './ansible-syntax-batch.js';
import { composeConfig } from './compose-config.js';
import { schemaDiagnostics } from './compose-schema.js';
import { missingFileMessage, readComposeOutput, relativeTo, type ComposeFinding, type ComposeReading } from './compose/config-output.js';
import { composeEnvArgs } from './compose/env-file.js';
import { composeGeneration, type ComposeGeneration } from './compose/generation.js';
import { missingLocalPaths } from './compose/local-paths.js';
import { placeFindings } from './compose/place.js';
import { composeProjects, composeReferences, loadProject, type ComposeProject, type ComposeSource } from './compose/project.js';
import { callEachFile, callInPythonWorker, type CommandCall, type WorkerOptions, type WorkerPlan } from './python-worker.js';

/** What the worker imports once: the module docker-compose 1.x's entry point loads. */
export const DOCKER_COMPOSE_WORKER: WorkerPlan = {
  preload: ['compose.cli.main'],
  // The only Python Compose there is; proven byte for byte in test/e2e/ansible-batch.test.ts.
  proven: { distribution: 'docker-compose', from: '1.29', through: '1.29' },
};

/** Compose files per call (docker-compose 1.29.2: ~0.3 s to import, tens of ms per file after). */
export const COMPOSE_CONFIG_BATCH_SIZE = 40;

/**
 * Exit codes of `config -q` that mean "ran and reported", per generation. v1 (docker-compose
 * 1.29.2, `compose/cli/main.py`): 0, 1. v2: 0, 1 (2.33.0 and later: every error), 14 (a file
 * not found) and 15 (the project does not load) before 2.33.0 (docker/compose
 * `pkg/compose/metrics.go`); 16 is a command-line syntax error: our fault, a failure.
 */
export const COMPOSE_OK_EXIT_CODES: Readonly<Record<1 | 2, readonly number[]>> = { 1: [0, 1], 2: [0, 1, 14, 15] };

/** How to install Compose v2, for the `compose-needs-v2` warning. */
export const COMPOSE_V2_HINT = 'install Compose v2: apt-get install docker-compose on Debian 13 or later, or Docker\'s docker-compose-plugin';

/** The args of an invocation without its `-f {file}` (a project's `-f` files come as options). */
function withoutFile(args: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i += 1) {
    if (args[i] === '-f' && args[i + 1] === '{file}') i += 1;
    else out.push(args[i] ?? '');
  }
  return out;
}

/** One project's run as read: the findings, or why it broke and what it printed. */
interface ProjectRun {
  reading: ComposeReading;
  raw: string;
}

/** v1's schema errors on a file the Compose Specification allows, as `compose-needs-v2` warnings. */
function needsV2(findings: ComposeFinding[], sources: Map<string, ComposeSource>, generation: ComposeGeneration): ComposeFinding[] {
  if (generation.major !== 1 || !findings.some((f) => f.schema && f.severity === 'error')) return findings;
  const valid = [...sources.values()].every((s) => s.doc.errors.length === 0 && schemaDiagnostics(s.doc, s.lineCounter, s.abs).every((d) => d.severity !== 'error'));
  if (!valid) return findings;
  const who = `Compose v1 (docker-compose${generation.version ? ` ${generation.version}` : ''})`;
  return findings.map((f) =>
    f.schema && f.severity === 'error'
      ? { ...f, severity: 'warning', rule: 'compose-needs-v2', message: `needs Compose v2 to check: ${who} rejects what the Compose Specification allows (${f.message}); ${COMPOSE_V2_HINT}` }
      : f,
  );
}

/** iacgen's own findings (missing build folders and `env_file`s) on the project's call files. */
async function localFindings(project: ComposeProject, sources: Map<string, ComposeSource>, cwd: string): Promise<ComposeFinding[]> {
  const out: ComposeFinding[] = [];
  for (const member of project.members) {
    const source = sources.get(path.resolve(cwd, member));
    if (!source) continue;
    for (const f of await missingLocalPaths(source.doc, source.abs)) {
      const { line, col } = source.lineCounter.linePos(f.offset);
      out.push({ severity: f.severity, rule: f.rule, message: f.message, file: source.abs, missing: f.missing, line, column: col });
    }
    for (const ref of composeReferences(source.doc, source.abs)) {
      if (existsSync(ref.abs)) continue;
      const { line, col } = source.lineCounter.linePos(ref.offset);
      out.push({ severity: 'error', rule: 'compose-missing-file', message: missingFileMessage(relativeTo(source.abs, ref.abs)), file: source.abs, missing: ref.abs, line, column: col });
    }
  }
  return out;
}

/** Runs every project's `config -q` (worker or CLI) and reads each run's output by project key. */
async function runProjects(call: CommandCall, projects: ComposeProject[], generation: ComposeGeneration, options: CheckOptions): Promise<{ runs: Map<string, ProjectRun>; result: CallResult }> {
  const byKey = new Map(projects.map((p) => [p.key, p]));
  const runs = new Map<string, ProjectRun>();
  const ok = COMPOSE_OK_EXIT_CODES[generation.major];
  const checker: CommandChecker = {
    ...composeConfig,
    mode: 'file',
    // Every exit code reaches `parse`, which judges it per project.
    okExitCodes: Array.from({ length: 256 }, (_, i) => i),
    callOptions: async (files, cwd) => {
      const project = byKey.get(files[0] ?? '');
      if (!project) return [];
      return [...project.files.flatMap((f) => ['-f', f]), ...(await composeEnvArgs(project.files[0] ?? '', cwd))];
    },
    parse: (output: CheckerOutput) => {
      const raw = `${output.stdout}${output.stderr}`.trim().slice(0, RAW_OUTPUT_LIMIT);
      const read = readComposeOutput(output);
      const reading = ok.includes(output.exitCode) || read.failure ? read : { findings: [], failure: `exited with code ${output.exitCode}` };
      runs.set(output.files[0] ?? '', { reading, raw });
      return { diagnostics: [] };
    },
  };
  const projectCall: CommandCall = { ...call, files: projects.map((p) => p.key), invocation: { ...call.invocation, args: withoutFile(call.invocation.args) } };
  const result =
    generation.major === 1 && options.worker !== false
      ? await callInPythonWorker(checker, DOCKER_COMPOSE_WORKER, projectCall, options)
      : await callEachFile(checker, projectCall);
  return { runs, result };
}

/** Options of {@link checkComposeProjects}. */
export interface CheckOptions extends WorkerOptions {
  /** false: each project through the CLI even under v1 (the worker's reference in tests). */
  worker?: boolean;
}

/**
 * Checks the compose files of one call, project by project. Never throws for Compose's
 * failures: a project that could not be checked gives `error` to its files only.
 */
export async function checkComposeProjects(call: CommandCall, options: CheckOptions = {}): Promise<CallResult> {
  const started = performance.now();
  if (call.files.length === 0) return { durationMs: 0, parsed: { diagnostics: [] } };
  const projects = await composeProjects(call.files, call.cwd);
  const generation = await composeGeneration(call.invocation);
  const { runs, result } = await runProjects(call, projects, generation, options);
  const diagnostics: ParsedDiagnostic[] = [];
  const errors: Record<string, FileError> = {};
  for (const project of projects) {
    const run = runs.get(project.key);
    const broke = run?.reading.failure ?? (run ? undefined : (result.parsed.errors?.[project.key]?.reason ?? result.parsed.failure ?? 'no result'));
    if (broke !== undefined) {
      const output = run?.raw || result.parsed.errors?.[project.key]?.output || result.raw;
      for (const member of project.members) errors[member] = { reason: broke, ...(output ? { output } : {}) };
      continue;
    }
    const sources = await loadProject(project.files.map((f) => path.resolve(call.cwd, f)));
    const own = await localFindings(project, sources, call.cwd);
    const reported = needsV2(run?.reading.findings ?? [], sources, generation).filter(
      (f) => f.missing === undefined || !own.some((o) => o.rule === f.rule && o.missing === f.missing),
    );
    diagnostics.push(...placeFindings([...reported, ...own], project, sources, call.cwd));
  }
  const parsed = { diagnostics, ...(Object.keys(errors).length > 0 ? { errors } : {}) };
  const route = result.route ?? { fast: false, why: `Compose v${generation.major}: one CLI call per project (only Compose v1, a Python script, has a worker)` };
  return { durationMs: Math.round(performance.now() - started), parsed, route };
}

/** Runs one call of `compose-config` (exported for the equivalence test). */
export function callComposeConfigBatch(call: CommandCall, options: CheckOptions = {}): Promise<CallResult> {
  return checkComposeProjects(call, options);
}

/**
 * `compose-config` with its files batched into project runs: `docker compose` first, then
 * `docker-compose` (v2 or v1).
 */
export const composeConfigBatch: SelfRunningChecker = {
  ...composeConfig,
  command: 'docker',
  args: ['compose', '-f', '{file}', '{options}', 'config', '-q'],
  versionArgs: ['compose', 'version'],
  probe: true,
  installHint: "Compose v2: apt-get install docker-compose (Debian 13 or later) or Docker's docker-compose-plugin; Compose v1 (docker-compose 1.x) is used as a fallback",
  okExitCodes: [...COMPOSE_OK_EXIT_CODES[2]],
  alternatives: [{ command: 'docker-compose', args: composeConfig.args, versionArgs: composeConfig.versionArgs, probe: false, skips: {} }],
  mode: 'files',
  batchSize: COMPOSE_CONFIG_BATCH_SIZE,
  fastPath: { what: 'one docker-compose 1.x worker per call, a fork per project (Compose v1 only)', ...(DOCKER_COMPOSE_WORKER.proven ? { proven: DOCKER_COMPOSE_WORKER.proven } : {}) },
  run: (call) => checkComposeProjects(call),
};
