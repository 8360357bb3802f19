/**
 * Reading unified diffs (`diff -u`, as printed by `shfmt -d` and `terraform fmt -diff`): split
 * them per file and find the first changed line. Pure, no I/O.
 */

/** One file's part of a unified diff. */
export interface DiffSection {
  /** Name on the `---` line (tabs and timestamps cut off). */
  oldName: string;
  /** Name on the `+++` line (tabs and timestamps cut off). */
  newName: string;
  /** 1-based line of the old file where the first change is; undefined without a hunk. */
  firstChange?: number;
}

const HUNK = /^@@ -(\d+)(?:,(\d+))? \+\d+(?:,(\d+))? @@/;

/** A header name without the tab-separated timestamp that some diffs append. */
function headerName(line: string): string {
  return line.slice(4).split('\t')[0] ?? '';
}

/**
 * Splits a unified diff into its file sections. Hunk bodies are consumed by their line counts,
 * so a changed line that itself reads `--- x` is never taken for a file header.
 */
export function diffSections(text: string): DiffSection[] {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  const sections: DiffSection[] = [];
  let current: DiffSection | undefined;
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] ?? '';
    const next = lines[i + 1] ?? '';
    if (line.startsWith('--- ') && next.startsWith('+++ ')) {
      current = { oldName: headerName(line), newName: headerName(next) };
      sections.push(current);
      i += 2;
      continue;
    }
    const hunk = HUNK.exec(line);
    i += 1;
    if (!hunk || !current) continue;
    let oldLeft = hunk[2] === undefined ? 1 : Number(hunk[2]);
    let newLeft = hunk[3] === undefined ? 1 : Number(hunk[3]);
    let oldLine = Number(hunk[1]);
    while (i < lines.length && (oldLeft > 0 || newLeft > 0)) {
      const body = lines[i] ?? '';
      i += 1;
      const mark = body[0];
      if (mark === '\\') continue;
      if (mark === '-' || mark === '+') {
        current.firstChange ??= Math.max(oldLine, 1);
        if (mark === '-') oldLeft -= 1;
        else newLeft -= 1;
        continue;
      }
      // A context line (`' '`, or empty when a tool trims the trailing space).
      oldLeft -= 1;
      newLeft -= 1;
      oldLine += 1;
    }
  }
  return sections;
}
