/**
 * The validate engine: paths -> classified files -> checks -> diagnostics. Returns a
 * {@link ValidationResult}; reporters turn it into text and the CLI picks the exit code.
 */
import path from 'node:path';
import { execa } from 'execa';
import pLimit from 'p-limit';
import { ResultCache } from '../check/cache.js';
import { CHECKERS } from '../check/registry.js';
import { diskTree } from '../classify/tree.js';
import { policyFor } from '../check/policy.js';
import { runChecks, type RunOptions } from '../check/runner.js';
import { useSandbox, type SandboxDecision } from '../check/sandbox.js';
import type { Checker, FileResult, RunSelection, ValidationResult } from '../check/types.js';
import { settingsSchema, type Settings } from '../config/schema.js';
import { findConfigFile, loadInventory } from '../inventory/load.js';
import type { Inventory } from '../inventory/schema.js';
import { createPolicyChecker } from '../policy/checker.js';
import { defaultRuleSets } from '../policy/config.js';
import { applyBaseline } from '../baseline/apply.js';
import type { Baseline } from '../baseline/file.js';
import { applyVerdicts } from '../verdict/apply.js';
import { ownConfigs } from '../verdict/configs.js';
import { discover } from './discover.js';
import { readAndClassify, type ClassifiedFile } from './read.js';
import { selectFiles, type Shard } from './select.js';
import { changedSince } from './changed.js';
import { UsageError } from '../errors.js';

/** Options of {@link validate}. */
export interface ValidateOptions {
  /** Absolute working directory; report paths are relative to it. */
  cwd: string;
  /** Files or folders to check, relative to `cwd`; empty: the whole tree under `cwd`. */
  paths?: readonly string[];
  /**
   * `paths` come from a listing (the staged files), not from the user: a symlink among them out
   * of the repository is reported and not followed, as one found while walking.
   */
  pathsListed?: boolean;
  /** Settings of `iacgen.yaml` (default: the defaults). */
  settings?: Settings;
  /**
   * Every checker is required (a missing one is an error finding), and a missing environment (a
   * role, collection or env file that is not there) is an error and its check fails.
   */
  strict?: boolean;
  /** Run only these checker ids. */
  only?: readonly string[];
  /** Never run these checker ids. */
  skip?: readonly string[];
  /** Checkers to run (default: the built-in registry plus iacgen's policy rules). */
  checkers?: readonly Checker[];
  /**
   * The inventory the policy rules check against (default: the one of the `iacgen.yaml` that
   * applies to `cwd`; none, and no inventory rule runs, when that file has no inventory or there
   * is no such file: the embedded example homelab is never the repository's).
   */
  inventory?: Inventory;
  /**
   * Whether the repository has an iacgen.yaml, which turns both rule sets on where `rules.sets`
   * does not say (default: looked up from `cwd`, see `findConfigFile`).
   */
  hasConfigFile?: boolean;
  resolveCommand?: RunOptions['resolveCommand'];
  /** Called as files finish (every checker call covering them done), with counts, for a progress display. */
  onProgress?: (done: number, total: number) => void;
  /**
   * Reuse the results of unchanged checks (the result cache, `check/cache.ts`); `false` runs
   * everything. Default: on inside a git work tree, off elsewhere (a throw-away folder).
   */
  cache?: boolean;
  /** Repository whose cache to use (default: the one holding `cwd`); `--staged` runs in a copy of it. */
  cacheRoot?: string;
  /**
   * The git work tree's top holding `cwd`, when the caller knows it (the staged check's copy):
   * saves a `git rev-parse`. Default: asked of git.
   */
  gitRoot?: string;
  /** Read each checker's version for the report (one extra call each); default true. */
  versions?: boolean;
  /**
   * The sandbox of the checkers that can run the repository's code (`check/sandbox.ts`,
   * `decideSandbox`): used for this run and reported; default none, and nothing reported.
   */
  sandbox?: SandboxDecision;
  /**
   * The repository's baseline (`src/baseline/`): its findings are marked `baseline: true` and
   * counted in `result.baseline`, after the cache and the verdict layer. Default: none.
   */
  baseline?: Baseline;
  /**
   * Check only the files changed since this git ref (from its merge base with HEAD, working tree
   * included) and the files whose verdict depends on them (`select.ts`, `changed.ts`).
   */
  changedSince?: string;
  /** Check only this part of the files (`--shard i/n`; see `select.ts`). */
  shard?: Shard;
}

/**
 * Validates files with every applicable checker, in parallel.
 * @throws UsageError (exit 2) when a given path cannot be read or --only/--skip names an unknown checker
 */
export async function validate(options: ValidateOptions): Promise<ValidationResult> {
  const started = performance.now();
  const { cwd } = options;
  const settings = options.settings ?? settingsSchema.parse({});
  const { root, git } = options.gitRoot ? { root: options.gitRoot, git: true } : await repositoryRoot(cwd);
  let checkers = options.checkers;
  let salt: Record<string, string> | undefined;
  if (!checkers) {
    const inventory = options.inventory ?? repositoryInventory(cwd);
    // Without `rules.sets`, a repository with an iacgen.yaml gets every rule set, one without only `defects`.
    const sets = settings.rules.sets ?? defaultRuleSets(options.hasConfigFile ?? findConfigFile(cwd) !== undefined);
    checkers = [...CHECKERS, createPolicyChecker({ inventory, rules: settings.rules, sets, root })];
    // The policy checker's verdicts also depend on the inventory, the rules settings and the sets.
    salt = { iacgen: JSON.stringify({ inventory, rules: settings.rules, sets }) };
  }
  // Opened (a `git check-ignore` at most) while the files are discovered and read.
  const cache =
    (options.cache ?? git)
      ? ResultCache.open({ root, ...(options.cacheRoot ? { storeRoot: options.cacheRoot } : {}), ...(salt ? { salt } : {}) }).catch(() => undefined)
      : undefined;
  const policy = policyFor(settings, checkers.map((c) => c.id), options);
  const found = await discover(cwd, options.paths ?? [], { root, exclude: settings.exclude, ...(options.pathsListed ? { listed: true } : {}) });
  const readLimit = pLimit(16);
  const tree = diskTree(root);
  let classified = await Promise.all(
    found.map(async (entry): Promise<ClassifiedFile> => {
      // Paths not to open (special files, symlink loops, links out of the repository, ...) keep their reason.
      if (entry.skip) return { absPath: entry.absPath, type: 'unknown', note: entry.skip.note, notChecked: entry.skip.reason };
      const file = await readLimit(() => readAndClassify(entry.absPath, root, settings.maxFileBytes, tree));
      return entry.outside ? { ...file, outside: true } : file;
    }),
  );
  // --changed-since and --shard: part of the repository, on purpose; what is left is another run's.
  let left: ReadonlySet<string> | undefined;
  let selection: RunSelection | undefined;
  if (options.changedSince !== undefined || options.shard) {
    if (options.changedSince !== undefined && !git) throw new UsageError(`--changed-since needs a git repository, and ${cwd} is not in one`, 'run it inside the repository, or validate without --changed-since');
    const changed = options.changedSince !== undefined ? await changedSince(root, options.changedSince) : undefined;
    const selected = await selectFiles(classified, { ...(changed ? { changed } : {}), ...(options.shard ? { shard: options.shard } : {}) }, { cwd, root, env: process.env, maxFileBytes: settings.maxFileBytes });
    classified = selected.files;
    left = selected.left;
    selection = { ...(changed ? { changedSince: { ref: changed.ref, base: changed.base, changed: changed.paths.size } } : {}), ...(options.shard ? { shard: options.shard } : {}) };
  }
  const targets = classified.filter((f) => f.type !== 'unknown');
  // One validation per process: the sandbox is the run's, for every call whichever way it runs.
  useSandbox(options.sandbox?.sandbox);
  const run = await runChecks(targets, {
    cwd,
    checkers,
    policy,
    timeoutMs: (checker) => {
      const setting = settings.checkers[checker.id];
      return (typeof setting === 'object' ? setting.timeoutMs : undefined) ?? settings.timeoutMs ?? checker.timeoutMs;
    },
    ...(options.resolveCommand ? { resolveCommand: options.resolveCommand } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.versions === false ? { versions: false } : {}),
    cache: await cache,
  }).finally(() => useSandbox(undefined));

  const raw: FileResult[] = classified.map((file) => {
    const checked = run.byFile.get(file.absPath) ?? { checks: [], diagnostics: [] };
    const diagnostics = [...checked.diagnostics].sort((a, b) => a.line - b.line || a.column - b.column || a.source.localeCompare(b.source));
    return {
      absPath: file.absPath,
      type: file.type,
      checks: checked.checks,
      diagnostics,
      ...(file.note ? { note: file.note } : {}),
      ...(file.notChecked ? { notChecked: file.notChecked } : {}),
    };
  });
  // What the checkers said, mapped to what it means (severity by consequence, named causes, one
  // copy of a finding): after the cache, so cached verdicts follow today's table.
  const ansibleCore = run.checkers.find((c) => c.id === 'ansible-syntax-check')?.version;
  const versions = Object.fromEntries(run.checkers.flatMap((c) => (c.version ? [[c.id, c.version]] : [])));
  const verdicts = applyVerdicts(raw, { own: ownConfigs(cwd), strict: options.strict ?? false, versions, ...(ansibleCore ? { ansibleCore } : {}) });
  // The baseline last, on today's verdicts: a cached result is matched exactly as a fresh one.
  // Entries of files gone from the repository are judged once: by a whole run, or by shard 1.
  const whole = (options.paths ?? []).length === 0 && path.resolve(cwd) === root && (options.shard?.index ?? 1) === 1;
  const matched = options.baseline ? await applyBaseline(verdicts, run.checkers, options.baseline, { root, whole, ...(left ? { elsewhere: left } : {}) }) : undefined;
  const results = matched?.files ?? verdicts;
  return {
    cwd,
    files: results,
    checkers: run.checkers,
    durationMs: Math.round(performance.now() - started),
    ...(options.sandbox ? { sandbox: options.sandbox.state } : {}),
    ...(matched ? { baseline: matched.use } : {}),
    ...(selection ? { selection } : {}),
  };
}

/** The inventory of the `iacgen.yaml` that applies to `cwd`, or undefined (none, or the embedded default). */
function repositoryInventory(cwd: string): Inventory | undefined {
  const loaded = loadInventory(cwd);
  return loaded.source.kind === 'file' ? loaded.inventory : undefined;
}

/** The git work tree's top folder holding `cwd` (`git: true`), or `cwd` itself outside git. */
async function repositoryRoot(cwd: string): Promise<{ root: string; git: boolean }> {
  const git = await execa('git', ['rev-parse', '--show-toplevel'], { cwd, reject: false, stdin: 'ignore' });
  return git.exitCode === 0 ? { root: path.resolve(String(git.stdout).trim()), git: true } : { root: cwd, git: false };
}
