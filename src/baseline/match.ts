/**
 * Matching a run's findings against the baseline's entries, as multisets. Pure.
 *
 * Two passes: first on the fingerprint of the line and its neighbours, then, for what is left,
 * on the line alone (code moved, a neighbour edited). Identical findings match by count: a
 * baseline entry with `count: 2` absorbs two findings, a third is new. What is left of the
 * entries is stale (no longer occurs).
 */
import type { BaselineEntry } from './file.js';

/** A finding's key: where it is (repository-relative file), who said it, and its fingerprints. */
export interface FindingKey {
  file: string;
  source: string;
  rule: string;
  fingerprint: string;
  lineFingerprint: string;
}

/** The outcome of {@link matchBaseline}: every finding is in `matched` or `fresh`, in input order. */
export interface BaselineMatch<T extends FindingKey> {
  /** Findings the baseline knows. */
  matched: T[];
  /** Findings the baseline does not know (new). */
  fresh: T[];
  /** Entries (with the `count` left over) that no finding matched. */
  unmatched: BaselineEntry[];
}

/** One entry and how many findings it may still absorb. */
interface Slot {
  entry: BaselineEntry;
  left: number;
}

/** Splits `findings` into those the baseline `entries` know and the new ones; see the module's comment. */
export function matchBaseline<T extends FindingKey>(findings: readonly T[], entries: readonly BaselineEntry[]): BaselineMatch<T> {
  const slots: Slot[] = entries.map((entry) => ({ entry, left: entry.count ?? 1 }));
  const byContext = index(slots, (e) => e.fingerprint);
  const byLine = index(slots, (e) => e.lineFingerprint);
  const taken = new Set<number>();
  findings.forEach((f, i) => {
    if (take(byContext.get(key(f, f.fingerprint)))) taken.add(i);
  });
  findings.forEach((f, i) => {
    if (!taken.has(i) && take(byLine.get(key(f, f.lineFingerprint)))) taken.add(i);
  });
  return {
    matched: findings.filter((_, i) => taken.has(i)),
    fresh: findings.filter((_, i) => !taken.has(i)),
    unmatched: slots.filter((s) => s.left > 0).map((s) => withCount(s.entry, s.left)),
  };
}

function key(f: Pick<FindingKey, 'file' | 'source' | 'rule'>, hash: string): string {
  return `${f.file}\0${f.source}\0${f.rule}\0${hash}`;
}

function index(slots: Slot[], hash: (e: BaselineEntry) => string): Map<string, Slot[]> {
  const map = new Map<string, Slot[]>();
  for (const slot of slots) {
    const k = key(slot.entry, hash(slot.entry));
    map.set(k, [...(map.get(k) ?? []), slot]);
  }
  return map;
}

/** Takes one unit from the first slot with any left; false when none has. */
function take(candidates: Slot[] | undefined): boolean {
  const slot = candidates?.find((s) => s.left > 0);
  if (!slot) return false;
  slot.left--;
  return true;
}

/** `entry` with `count` set to `n` (absent for 1). */
export function withCount(entry: BaselineEntry, n: number): BaselineEntry {
  const { count: _count, ...rest } = entry;
  return n > 1 ? { ...rest, count: n } : rest;
}

/** The total number of findings entries stand for (their counts added up). */
export function entryTotal(entries: readonly BaselineEntry[]): number {
  return entries.reduce((sum, e) => sum + (e.count ?? 1), 0);
}

/**
 * Entries for findings: identical keys (same file, source, rule and fingerprint) become one
 * entry with `count`; the message of the first is kept for the reader. Sorted as the file is.
 */
export function entriesFor(findings: ReadonlyArray<FindingKey & { message?: string }>): BaselineEntry[] {
  const grouped = new Map<string, BaselineEntry>();
  for (const f of findings) {
    const k = key(f, f.fingerprint);
    const existing = grouped.get(k);
    if (existing) {
      grouped.set(k, withCount(existing, (existing.count ?? 1) + 1));
      continue;
    }
    grouped.set(k, { file: f.file, source: f.source, rule: f.rule, fingerprint: f.fingerprint, lineFingerprint: f.lineFingerprint, ...(f.message !== undefined ? { message: f.message } : {}) });
  }
  return [...grouped.values()];
}
