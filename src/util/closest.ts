/** "Did you mean ...?": the known word nearest to a misspelt one. */

/**
 * The edit distance between `a` and `b` (Damerau-Levenshtein, optimal string alignment: an
 * insertion, deletion, substitution or swap of two neighbours costs 1). O(|a|·|b|) time.
 */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * The word of `known` closest to `given`, compared case-insensitively, if it is close enough to
 * be a likely typo: at most 1 edit for words up to 4 characters, else at most a third of the
 * word's length (`exlude` -> `exclude`, `failon` -> `failOn`); ties go to the earlier word.
 * Words longer than 64 characters are never compared (the cost is quadratic).
 */
export function closest(given: string, known: readonly string[]): string | undefined {
  if (given.length > 64) return undefined;
  const wanted = given.toLowerCase();
  const limit = Math.max(1, Math.floor(wanted.length / 3));
  let best: { word: string; distance: number } | undefined;
  for (const word of known) {
    if (word.length > 64 || Math.abs(word.length - wanted.length) > limit) continue;
    const distance = editDistance(wanted, word.toLowerCase());
    if (distance <= limit && (!best || distance < best.distance)) best = { word, distance };
  }
  return best?.word;
}
