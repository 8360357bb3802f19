/**
 * Joining the reports of runs that checked disjoint parts of one repository (`--shard i/n`, or
 * separate paths) into the report one run over all of them would give (`iacgen merge`). Pure.
 */
import type * as Sarif from 'sarif';
import type { CheckerInfo, FileResult, RunSelection, ValidationResult } from '../check/types.js';
import { displayPath } from '../util/paths.js';

/** A report that cannot be joined with the others: what is wrong, in words (the command adds the fix). */
export class MergeError extends Error {}

/** A report with the name it is known by (its file), for messages. */
export interface NamedResult {
  name: string;
  result: ValidationResult;
}

/** Status precedence when shards disagree about a checker: one that ran anywhere ran. */
const STATUS_RANK: Record<CheckerInfo['status'], number> = { ran: 0, missing: 1, off: 2 };

/**
 * Joins validation results of disjoint runs. Files are ordered by path as one run orders them;
 * checkers in `order` (the registry's, then any other in order of appearance) with the status
 * of the run that ran them; baseline counts add up; the run time is the longest (shards run
 * side by side). Shards must be all of one `n`, each once; a file in two reports is refused.
 * @param order checker ids in the order one run lists them (`check/registry.ts`, then `iacgen`)
 * @throws MergeError when the reports overlap, miss a shard or disagree on the shard count or the baseline file
 */
export function mergeResults(reports: readonly NamedResult[], order: readonly string[]): ValidationResult {
  const first = reports[0];
  if (!first) throw new MergeError('no report to merge');
  checkShards(reports);
  const owner = new Map<string, string>();
  const files: FileResult[] = [];
  for (const { name, result } of reports) {
    for (const file of result.files) {
      const seen = owner.get(file.absPath);
      if (seen !== undefined) throw new MergeError(`${displayPath(file.absPath, first.result.cwd)} is in both ${seen} and ${name}: the reports overlap`);
      owner.set(file.absPath, name);
      files.push(file);
    }
  }
  files.sort((a, b) => (a.absPath < b.absPath ? -1 : a.absPath > b.absPath ? 1 : 0));
  const baselines = reports.flatMap(({ name, result }) => (result.baseline ? [{ name, use: result.baseline }] : []));
  const baselineFile = baselines[0]?.use.file;
  const other = baselines.find((b) => b.use.file !== baselineFile);
  if (other) throw new MergeError(`${other.name} was matched against ${other.use.file}, ${baselines[0]?.name} against ${baselineFile}`);
  const sandboxes = reports.flatMap(({ result }) => (result.sandbox ? [result.sandbox] : []));
  const selection = mergedSelection(reports.map((r) => r.result.selection));
  return {
    cwd: first.result.cwd,
    files,
    checkers: mergeCheckers(reports.map((r) => r.result.checkers), order),
    durationMs: Math.max(...reports.map((r) => r.result.durationMs)),
    // Shards of one CI run share a sandbox decision; if they differ, the one without it is worth seeing.
    ...(sandboxes.length > 0 ? { sandbox: sandboxes.find((s) => s.status !== 'on') ?? (sandboxes[0] as NonNullable<ValidationResult['sandbox']>) } : {}),
    ...(baselineFile !== undefined
      ? {
          baseline: {
            file: baselineFile,
            matched: sum(baselines.map((b) => b.use.matched)),
            new: sum(baselines.map((b) => b.use.new)),
            stale: sum(baselines.map((b) => b.use.stale)),
          },
        }
      : {}),
    ...(selection ? { selection } : {}),
  };
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

/** Sharded reports must be every part of one `n`, each once (unsharded ones may join freely). */
function checkShards(reports: readonly NamedResult[]): void {
  const sharded = reports.filter((r) => r.result.selection?.shard);
  if (sharded.length === 0) return;
  const count = sharded[0]?.result.selection?.shard?.count as number;
  const byIndex = new Map<number, string>();
  for (const { name, result } of sharded) {
    const shard = result.selection?.shard as { index: number; count: number };
    if (shard.count !== count) throw new MergeError(`${name} is shard ${shard.index}/${shard.count}, ${sharded[0]?.name} one of ${count}: the reports come from different splits`);
    const twin = byIndex.get(shard.index);
    if (twin) throw new MergeError(`${twin} and ${name} are both shard ${shard.index}/${count}`);
    byIndex.set(shard.index, name);
  }
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !byIndex.has(i));
  if (missing.length > 0) throw new MergeError(`shard ${missing.map((i) => `${i}/${count}`).join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing: the merged report would leave files unchecked`);
}

/** `--changed-since` kept when every report says the same; shards are gone once joined. */
function mergedSelection(selections: ReadonlyArray<RunSelection | undefined>): RunSelection | undefined {
  const since = selections.map((s) => s?.changedSince);
  const firstSince = since[0];
  const same = firstSince !== undefined && since.every((s) => s?.ref === firstSince.ref && s.base === firstSince.base);
  return same ? { changedSince: firstSince } : undefined;
}

/** Every checker once, in `order`, the run that ran it speaking for it. */
function mergeCheckers(lists: ReadonlyArray<readonly CheckerInfo[]>, order: readonly string[]): CheckerInfo[] {
  const byId = new Map<string, CheckerInfo>();
  const seen: string[] = [];
  for (const list of lists) {
    for (const info of list) {
      const known = byId.get(info.id);
      if (!known) {
        byId.set(info.id, info);
        seen.push(info.id);
        continue;
      }
      const better = STATUS_RANK[info.status] < STATUS_RANK[known.status] ? info : known;
      const route = known.route?.fast === false ? known.route : info.route?.fast === false ? info.route : better.route;
      const sandboxed = known.sandboxed === false || info.sandboxed === false ? false : better.sandboxed;
      byId.set(info.id, {
        ...better,
        ...(better.version === undefined && (known.version ?? info.version) ? { version: known.version ?? info.version } : {}),
        ...(route ? { route } : {}),
        ...(sandboxed !== undefined ? { sandboxed } : {}),
      });
    }
  }
  const rank = (id: string) => {
    const i = order.indexOf(id);
    return i < 0 ? order.length + seen.indexOf(id) : i;
  };
  return [...byId.values()].sort((a, b) => rank(a.id) - rank(b.id));
}

/**
 * Joins SARIF logs of disjoint runs (`sarif.ts`'s shape: one run per checker): runs of the same
 * tool become one, in `order`, then by name; results ordered by file as one run orders them
 * (each file's own order kept); rules joined, sorted and `ruleIndex` set again; notifications of
 * the same level and text joined with their locations. `executionSuccessful` holds when it held
 * in every log.
 * @param order tool names in the order one run lists its checkers
 * @throws MergeError when a log has no runs
 */
export function mergeSarif(logs: ReadonlyArray<{ name: string; log: Sarif.Log }>, order: readonly string[]): Sarif.Log {
  const first = logs[0];
  if (!first) throw new MergeError('no report to merge');
  const byTool = new Map<string, Sarif.Run[]>();
  for (const { log } of logs) {
    for (const run of log.runs) {
      const name = run.tool.driver.name;
      byTool.set(name, [...(byTool.get(name) ?? []), run]);
    }
  }
  const rank = (name: string) => {
    const i = order.indexOf(name);
    return i < 0 ? Number.MAX_SAFE_INTEGER : i;
  };
  const names = [...byTool.keys()].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
  const runs = names.map((name) => joinRuns(byTool.get(name) as Sarif.Run[]));
  return { ...(first.log.$schema ? { $schema: first.log.$schema } : {}), version: '2.1.0', runs };
}

/** The decoded path of a result's or notification's first location, for ordering. */
function pathOf(locations: readonly Sarif.Location[] | undefined): string {
  const uri = locations?.[0]?.physicalLocation?.artifactLocation?.uri ?? '';
  try {
    return decodeURIComponent(uri);
  } catch {
    return uri;
  }
}

function byPath<T extends { locations?: Sarif.Location[] }>(items: T[]): T[] {
  // Array.prototype.sort is stable: a file's own results keep their order.
  return items.sort((a, b) => {
    const pa = pathOf(a.locations);
    const pb = pathOf(b.locations);
    return pa < pb ? -1 : pa > pb ? 1 : 0;
  });
}

/** One tool's runs from several logs as one run. */
function joinRuns(runs: readonly Sarif.Run[]): Sarif.Run {
  const base = runs[0] as Sarif.Run;
  const driver = base.tool.driver;
  const rules = new Map<string, Sarif.ReportingDescriptor>();
  for (const run of runs) for (const rule of run.tool.driver.rules ?? []) if (!rules.has(rule.id)) rules.set(rule.id, rule);
  const ruleIds = [...rules.keys()].sort();
  const results = byPath(runs.flatMap((run) => run.results ?? [])).map((r) => (r.ruleId !== undefined && r.ruleIndex !== undefined ? { ...r, ruleIndex: ruleIds.indexOf(r.ruleId) } : r));
  const version = runs.map((r) => r.tool.driver.version).find((v) => v !== undefined);
  const invocations = runs.flatMap((run) => run.invocations ?? []);
  const execution = joinNotifications(invocations.flatMap((i) => i.toolExecutionNotifications ?? []));
  const configuration = joinNotifications(invocations.flatMap((i) => i.toolConfigurationNotifications ?? []));
  const invocation: Sarif.Invocation = {
    executionSuccessful: invocations.every((i) => i.executionSuccessful),
    ...(execution.length > 0 ? { toolExecutionNotifications: execution } : {}),
    ...(configuration.length > 0 ? { toolConfigurationNotifications: configuration } : {}),
  };
  const joinedDriver: Sarif.ToolComponent = { ...driver, ...(version !== undefined ? { version } : {}), rules: ruleIds.map((id) => rules.get(id) as Sarif.ReportingDescriptor) };
  return { ...base, tool: { ...base.tool, driver: joinedDriver }, invocations: [invocation], results };
}

/** Notifications of the same level, descriptor and text as one, their locations joined in path order. */
function joinNotifications(list: readonly Sarif.Notification[]): Sarif.Notification[] {
  const joined = new Map<string, Sarif.Notification>();
  for (const n of list) {
    const key = JSON.stringify([n.level, n.descriptor?.id, n.message.text]);
    const known = joined.get(key);
    if (!known) joined.set(key, { ...n, ...(n.locations ? { locations: [...n.locations] } : {}) });
    else if (n.locations) known.locations = [...(known.locations ?? []), ...n.locations];
  }
  const out = [...joined.values()];
  for (const n of out) if (n.locations) n.locations = byPath(n.locations.map((l) => ({ locations: [l] }))).map((x) => x.locations[0] as Sarif.Location);
  // One run lists a reason where its first file comes: by the first location's path.
  return byPath(out.map((n) => ({ ...n, locations: n.locations as Sarif.Location[] }))).map((n) => (n.locations === undefined ? (({ locations: _l, ...rest }) => rest)(n) : n));
}
