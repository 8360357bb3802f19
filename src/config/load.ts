/**
 * Loading `iacgen.yaml` from the repository being worked on: looked for from a folder up to the
 * top of its git work tree, never above it (outside git: in that folder only), so a file in a
 * shared folder such as /tmp or the home folder never configures a run. Parsed with line numbers
 * and limits, so that every error names the file, the line, the path in it and what is wrong.
 */
import { closeSync, constants, existsSync, fstatSync, openSync, readSync } from 'node:fs';
import path from 'node:path';
import { LineCounter, isMap, isNode, isPair, isScalar, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { ConfigError } from '../errors.js';
import { describeIssue, type DataPath } from './issues.js';
import { configFileSchema, settingsSchema, type Settings } from './schema.js';
import { repositoryTop } from '../util/repository.js';

export { formatPath } from './issues.js';

/** The config file name, looked up from the working directory up to the repository's top. */
export const CONFIG_FILE = 'iacgen.yaml';

/** The largest configuration file read, in bytes (1 MiB); a larger one is an error (exit 2). */
export const MAX_CONFIG_BYTES = 1024 * 1024;

/**
 * The most alias expansions (`*name`) a configuration file may make when read: the `yaml`
 * library's `maxAliasCount`, which stops a "billion laughs" file from taking all memory.
 */
export const MAX_YAML_ALIASES = 100;

/** A parsed YAML file that can locate paths in itself. */
export interface YamlSource {
  /** Absolute path. */
  file: string;
  /** How the file is named in messages (relative to where the user stands). */
  shown: string;
  /** The file's data; `null` for a file that is empty or holds only comments. */
  data: unknown;
  /** `line:col` of the node at `segments`, or of its nearest existing parent. */
  locate(segments: readonly PropertyKey[]): string | undefined;
  /** `line:col` of the key of the entry at `segments` (the last segment is the key), else as {@link locate}. */
  locateKey(segments: readonly PropertyKey[]): string | undefined;
}

/** The loaded configuration: its source (if any) and the validated settings. */
export interface LoadedConfig {
  source?: YamlSource;
  settings: Settings;
}

/**
 * Returns the absolute path of the `iacgen.yaml` that applies to `startDir`, or undefined: the
 * nearest one from `startDir` up to the top of its git work tree, never above it; outside a git
 * work tree, only one in `startDir` itself.
 */
export function findConfigFile(startDir: string): string | undefined {
  let dir = path.resolve(startDir);
  const top = repositoryTop(dir);
  for (;;) {
    const candidate = path.join(dir, CONFIG_FILE);
    if (existsSync(candidate)) return candidate;
    if (top === undefined || dir === top) return undefined;
    dir = path.dirname(dir);
  }
}

/** Options of {@link loadConfig}. */
export interface LoadConfigOptions {
  /** Directory that file names in messages are relative to (default: `startDir`). */
  displayFrom?: string;
  /** The file is the staged version (`validate --staged`): the hint says to stage the fix. */
  staged?: boolean;
}

/**
 * Loads the settings of the `iacgen.yaml` that applies to `startDir` (see {@link findConfigFile});
 * the defaults when there is none, or when it is empty or holds only comments.
 * @param displayFrom directory that file names in messages are relative to, or the options
 * @throws ConfigError (exit 2) for an unreadable, too large or invalid YAML file, or settings that break the schema
 */
export function loadConfig(startDir: string, displayFrom: string | LoadConfigOptions = startDir): LoadedConfig {
  const options = typeof displayFrom === 'string' ? { displayFrom } : displayFrom;
  const file = findConfigFile(startDir);
  if (!file) return { settings: settingsSchema.parse({}) };
  const source = readYamlSource(file, path.relative(options.displayFrom ?? startDir, file) || file);
  const hint = options.staged
    ? `fix the settings and stage the file (git add ${source.shown}): --staged reads the staged iacgen.yaml`
    : 'fix the settings in the file (see the README)';
  const parsed = parseWith(configFileSchema, source, hint, source.data ?? {});
  const { proxmox: _proxmox, guests: _guests, ...settings } = parsed;
  return { source, settings };
}

/** Parsed files by path, size and times: a run reads iacgen.yaml for its settings and again for its inventory. */
const parsedFiles = new Map<string, YamlSource>();

/**
 * Reads and parses a YAML file of at most {@link MAX_CONFIG_BYTES} bytes, expanding at most
 * {@link MAX_YAML_ALIASES} aliases. An empty file (or one of comments only) has `data: null`.
 * @param shown how the file is named in messages
 * @throws ConfigError (exit 2) naming the file: unreadable, too large, a YAML syntax error (with
 *   its line), or too many aliases
 */
export function readYamlSource(file: string, shown: string): YamlSource {
  const text = readLimited(file, shown);
  const stamp = `${file}\0${shown}\0${text.mtimeMs}\0${text.ctimeMs}\0${text.ino}\0${text.size}`;
  const cached = parsedFiles.get(stamp);
  if (cached) return cached;
  const lineCounter = new LineCounter();
  const doc = parseDocument(text.content, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const firstError = doc.errors[0];
  if (firstError) {
    const pos = lineCounter.linePos(firstError.pos[0]);
    throw new ConfigError(`${shown}:${pos.line}:${pos.col}`, `invalid YAML: ${firstError.message.split('\n')[0]}`, 'fix the YAML syntax');
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_YAML_ALIASES });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (/alias/i.test(message)) {
      throw new ConfigError(
        shown,
        `its YAML aliases (*name) expand to too much data: more than ${MAX_YAML_ALIASES} expansions, as in a "billion laughs" file`,
        'write the values out, or use fewer aliases',
      );
    }
    throw new ConfigError(shown, `cannot be read as YAML data: ${message.split('\n')[0]}`, 'fix the YAML');
  }
  const source: YamlSource = {
    file,
    shown,
    data,
    locate: (segments) => locateIn(doc, lineCounter, segments, false),
    locateKey: (segments) => locateIn(doc, lineCounter, segments, true),
  };
  if (parsedFiles.size > 32) parsedFiles.clear();
  parsedFiles.set(stamp, source);
  return source;
}

interface FileText {
  content: string;
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
}

/** The file's text, refusing one larger than the limit before reading it (and reading no more than the limit). */
function readLimited(file: string, shown: string): FileText {
  let fd: number;
  try {
    // O_NONBLOCK: a FIFO named iacgen.yaml must not hang the run (it is refused below, as not a file).
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    throw unreadable(shown, err);
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new ConfigError(shown, 'is not a regular file', `remove it or replace it with a file`);
    if (stat.size > MAX_CONFIG_BYTES) throw tooLarge(shown, stat.size);
    // Read one byte more than allowed: a file that grew since fstat is refused too.
    const buffer = Buffer.alloc(MAX_CONFIG_BYTES + 1);
    let length = 0;
    for (;;) {
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
      if (length > MAX_CONFIG_BYTES) throw tooLarge(shown, length);
    }
    return { content: buffer.toString('utf8', 0, length), size: length, mtimeMs: stat.mtimeMs, ctimeMs: stat.ctimeMs, ino: stat.ino };
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    throw unreadable(shown, err);
  } finally {
    closeSync(fd);
  }
}

function unreadable(shown: string, err: unknown): ConfigError {
  return new ConfigError(shown, `cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`, 'check its permissions');
}

function tooLarge(shown: string, size: number): ConfigError {
  const mib = (size / 1024 / 1024).toFixed(1);
  return new ConfigError(
    shown,
    `is too large (${size > MAX_CONFIG_BYTES + 1 ? `${mib} MiB` : 'over 1 MiB'}): iacgen reads configuration files of at most 1 MiB`,
    'shorten it: a few globs in exclude: (such as "vendor/**") cover what long lists of files do',
  );
}

/** How many issues one error lists (the first is the headline). */
const MAX_ISSUES_SHOWN = 5;

/**
 * Validates `data` (default: `source.data`) with a zod schema and returns the parsed value.
 * An empty file (`null` data) is validated as it is: pass `source.data ?? {}` where an empty
 * file means "no settings".
 * @throws ConfigError (exit 2): `file:line:col: path: sentence` for the first issue in the file's
 *   order, then the next ones (up to 5 in all) on lines of their own, and the hint
 */
export function parseWith<T extends z.ZodType>(schema: T, source: YamlSource, hint: string, data: unknown = source.data): z.infer<T> {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    const what = data === null ? 'empty' : Array.isArray(data) ? 'a list' : `a single value (${JSON.stringify(data)})`;
    throw new ConfigError(source.shown, `expected a mapping of keys (key: value) at the top level, found ${what}`, hint);
  }
  const all = result.error.issues.flatMap((issue) => describeIssue(issue, data, schema));
  const sentences = all.filter((s, i) => all.findIndex((t) => t.text === s.text) === i);
  const located = sentences
    .map((s) => ({ ...s, where: s.atKey ? source.locateKey(s.path) : source.locate(s.path) }))
    .map((s) => ({ ...s, order: s.where ? s.where.split(':').map(Number) : [0, 0] }))
    .sort((a, b) => a.order[0]! - b.order[0]! || a.order[1]! - b.order[1]!)
    .slice(0, MAX_ISSUES_SHOWN);
  const name = (s: (typeof located)[number]) => (s.where ? `${source.shown}:${s.where}` : source.shown);
  const [first, ...rest] = located;
  if (!first) throw new ConfigError(source.shown, 'invalid', hint);
  const more = rest.map((s) => `\n${name(s)}: ${s.text}`).join('');
  throw new ConfigError(name(first), `${first.text}${more}`, hint);
}

function locateIn(doc: Document, lineCounter: LineCounter, segments: readonly PropertyKey[], atKey: boolean): string | undefined {
  const keys: DataPath = segments.filter((s): s is string | number => typeof s !== 'symbol');
  const at = (offset: number) => {
    const pos = lineCounter.linePos(offset);
    return `${pos.line}:${pos.col}`;
  };
  if (atKey && keys.length > 0) {
    const parent: unknown = keys.length === 1 ? doc.contents : doc.getIn(keys.slice(0, -1), true);
    if (isMap(parent)) {
      const name = keys[keys.length - 1];
      const pair = parent.items.find((p) => isPair(p) && (isScalar(p.key) ? p.key.value : p.key) === name);
      if (pair && isNode(pair.key) && pair.key.range) return at(pair.key.range[0]);
    }
  }
  for (let n = keys.length; n >= 0; n--) {
    const node: unknown = n === 0 ? doc.contents : doc.getIn(keys.slice(0, n), true);
    if (isNode(node) && node.range) return at(node.range[0]);
  }
  return undefined;
}

