/**
 * The baseline file, `.iacgen-baseline.json` at the repository root: its schema, how it is read
 * (every problem a {@link UsageError} naming the file, what is wrong and what to do) and written
 * (atomically, sorted, one finding a line so a change reads well in a diff).
 */
import { readFile } from 'node:fs/promises';
import writeFileAtomic from 'write-file-atomic';
import { z } from 'zod';
import { UsageError } from '../errors.js';

/** The file's name, at the top of the git work tree. */
export const BASELINE_FILE = '.iacgen-baseline.json';

/** The version of the file's format this iacgen reads and writes. */
export const BASELINE_VERSION = 1;

/** What to do about a baseline file iacgen cannot use. */
const FIX = 'run `iacgen baseline` to write it again (or delete it), or pass --no-baseline to ignore it';

/** One known finding (several, with `count`, when identical ones sit in one file). */
export const baselineEntrySchema = z
  .object({
    /** Path relative to the repository root, `/`-separated. */
    file: z.string().min(1),
    /** The checker id that reported it, or `iacgen` for iacgen's own rules. */
    source: z.string().min(1),
    rule: z.string(),
    /** Hash of the offending line and its neighbours (`fingerprint.ts`). */
    fingerprint: z.string().regex(/^[0-9a-f]+$/),
    /** Hash of the offending line alone. */
    lineFingerprint: z.string().regex(/^[0-9a-f]+$/),
    /** How many identical findings (same file, source, rule and fingerprint); absent means 1. */
    count: z.number().int().min(2).optional(),
    /** The message when the baseline was written: for the reader of the file, never matched on. */
    message: z.string().optional(),
  })
  .strict();

/** One entry of the baseline file. */
export type BaselineEntry = z.infer<typeof baselineEntrySchema>;

/** The whole file. */
export const baselineFileSchema = z
  .object({
    version: z.literal(BASELINE_VERSION),
    findings: z.array(baselineEntrySchema),
  })
  .strict();

/** The baseline as read: where it came from (shown to the user) and its entries. */
export interface Baseline {
  /** The file as shown in messages and reports (relative to the working directory). */
  file: string;
  entries: BaselineEntry[];
}

/**
 * Reads and checks a baseline file; undefined when there is none.
 * @param absPath the file's absolute path
 * @param shown the path to name in messages and reports
 * @param what what to call it in messages (`the staged baseline` for the index's copy)
 * @throws UsageError (exit 2) when it cannot be read, is not JSON, has another version or does not
 *   match the schema: the message names the file and what is wrong, the hint what to do
 */
export async function readBaseline(absPath: string, shown: string, what = 'the baseline'): Promise<Baseline | undefined> {
  let text: string;
  try {
    text = await readFile(absPath, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    throw new UsageError(`cannot read ${what} ${shown}: ${code ?? String(err)}`, FIX);
  }
  return { file: shown, entries: parseBaseline(text, `${what} ${shown}`) };
}

/**
 * Parses the text of a baseline file. Pure.
 * @param named how messages name the file (`the baseline .iacgen-baseline.json`)
 * @throws UsageError (exit 2), as {@link readBaseline}
 */
export function parseBaseline(text: string, named = `the baseline ${BASELINE_FILE}`): BaselineEntry[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`${named} is not valid JSON (${err instanceof Error ? err.message : String(err)})`, FIX);
  }
  const version = typeof data === 'object' && data !== null && 'version' in data ? (data as { version: unknown }).version : undefined;
  if (version !== BASELINE_VERSION) {
    const said = version === undefined ? 'has no "version"' : `is version ${JSON.stringify(version)}`;
    throw new UsageError(`${named} ${said}; this iacgen reads version ${BASELINE_VERSION}`, FIX);
  }
  const parsed = baselineFileSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
    throw new UsageError(`${named} is not a valid baseline file${where}: ${issue?.message ?? 'unknown problem'}`, FIX);
  }
  return parsed.data.findings;
}

/** Sort order of entries: file, source, rule, fingerprint (then the line's fingerprint). */
export function compareEntries(a: BaselineEntry, b: BaselineEntry): number {
  return cmp(a.file, b.file) || cmp(a.source, b.source) || cmp(a.rule, b.rule) || cmp(a.fingerprint, b.fingerprint) || cmp(a.lineFingerprint, b.lineFingerprint);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The text of a baseline file: `version`, then `findings` sorted by {@link compareEntries}, one
 * entry a line with its keys in a fixed order. Same entries, same bytes. Pure.
 */
export function serialiseBaseline(entries: readonly BaselineEntry[]): string {
  const lines = [...entries].sort(compareEntries).map((e) =>
    JSON.stringify({
      file: e.file,
      source: e.source,
      rule: e.rule,
      fingerprint: e.fingerprint,
      lineFingerprint: e.lineFingerprint,
      ...(e.count !== undefined && e.count > 1 ? { count: e.count } : {}),
      ...(e.message !== undefined ? { message: e.message } : {}),
    }),
  );
  const body = lines.length === 0 ? '[]' : `[\n    ${lines.join(',\n    ')}\n  ]`;
  return `{\n  "version": ${BASELINE_VERSION},\n  "findings": ${body}\n}\n`;
}

/**
 * Writes a baseline file atomically (a temporary file renamed over it).
 * @throws UsageError (exit 2) naming the file and the system's reason
 */
export async function writeBaseline(absPath: string, shown: string, entries: readonly BaselineEntry[]): Promise<void> {
  try {
    await writeFileAtomic(absPath, serialiseBaseline(entries), { encoding: 'utf8' });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot write the baseline ${shown}: ${code ?? (err instanceof Error ? err.message : String(err))}`, 'make the repository root writable, then run `iacgen baseline` again');
  }
}
