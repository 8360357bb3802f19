/**
 * Terraform provider version constraints (`~> 0.66`, `>= 0.60, < 1.0`, `= 0.50.0`, `0.50.0`),
 * read as Terraform's documentation states them ("Version Constraints": operators `=`, `!=`,
 * `>`, `>=`, `<`, `<=`, `~>`; a bare version means `=`; `~>` lets only the right-most given
 * component grow; a pre-release matches only an exact `=`), for one question: does a constraint
 * admit a given version?
 */

/** A version as numbers (missing components are 0) and its pre-release tag. */
interface Version {
  parts: number[];
  /** How many components were written (`0.66` has 2). */
  given: number;
  pre: string;
}

const VERSION = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;

function parseVersion(text: string): Version | undefined {
  const m = VERSION.exec(text.trim());
  if (!m) return undefined;
  const written = [m[1], m[2], m[3]].filter((p) => p !== undefined);
  return { parts: [0, 1, 2].map((i) => Number(written[i] ?? 0)), given: written.length, pre: m[4] ?? '' };
}

/** <0, 0, >0 as `a` is older, the same as, newer than `b` (a pre-release before its release). */
function compare(a: Version, b: Version): number {
  for (let i = 0; i < 3; i++) {
    const d = (a.parts[i] ?? 0) - (b.parts[i] ?? 0);
    if (d !== 0) return d;
  }
  if (a.pre === b.pre) return 0;
  if (!a.pre) return 1;
  if (!b.pre) return -1;
  return a.pre < b.pre ? -1 : 1;
}

/** Whether one `OP VERSION` term admits `v`; undefined when the term cannot be read. */
function admitsTerm(term: string, v: Version): boolean | undefined {
  const m = /^\s*(~>|>=|<=|!=|=|>|<)?\s*(\S+)\s*$/.exec(term);
  const c = m?.[2] ? parseVersion(m[2]) : undefined;
  if (!m || !c) return undefined;
  const op = m[1] ?? '=';
  // A pre-release is selected only by an exact match (Terraform's documentation).
  if (v.pre && op !== '=') return false;
  const d = compare(v, c);
  switch (op) {
    case '=':
      return d === 0;
    case '!=':
      return d !== 0;
    case '>':
      return d > 0;
    case '>=':
      return d >= 0;
    case '<':
      return d < 0;
    case '<=':
      return d <= 0;
    default: {
      // `~>`: at least c, and the components before the right-most given one unchanged.
      if (d < 0) return false;
      const fixed = Math.max(c.given - 1, 0);
      return c.parts.slice(0, fixed).every((p, i) => v.parts[i] === p);
    }
  }
}

/**
 * Whether every constraint admits `version`: true or false, or undefined when one of them
 * cannot be read. Constraints are comma-separated terms, all of which must hold.
 */
export function admits(constraints: readonly string[], version: string): boolean | undefined {
  const v = parseVersion(version);
  if (!v) return undefined;
  let result: boolean | undefined = true;
  for (const constraint of constraints) {
    for (const term of constraint.split(',')) {
      if (term.trim() === '') continue;
      const ok = admitsTerm(term, v);
      if (ok === undefined) return undefined;
      if (!ok) result = false;
    }
  }
  return result;
}
