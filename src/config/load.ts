/**
 * Loading `iacgen.yaml`: found by walking up from a directory; parsed with line numbers so that
 * every error names the file, the line, the path in it and what is wrong.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { LineCounter, isNode, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { ConfigError } from '../errors.js';
import { configFileSchema, settingsSchema, type Settings } from './schema.js';

/** The config file name looked up from the working directory upwards. */
export const CONFIG_FILE = 'iacgen.yaml';

/** A parsed YAML file that can locate paths in itself. */
export interface YamlSource {
  /** Absolute path. */
  file: string;
  /** How the file is named in messages (relative to where the user stands). */
  shown: string;
  data: unknown;
  /** `line:col` of the node at `segments`, or of its nearest existing parent. */
  locate(segments: readonly PropertyKey[]): string | undefined;
}

/** The loaded configuration: its source (if any) and the validated settings. */
export interface LoadedConfig {
  source?: YamlSource;
  settings: Settings;
}

/**
 * Returns the absolute path of the nearest `iacgen.yaml` at or above `startDir`, or undefined.
 * Stops at the filesystem root.
 */
export function findConfigFile(startDir: string): string | undefined {
  let dir = path.resolve(startDir);
  for (;;) {
    const candidate = path.join(dir, CONFIG_FILE);
    if (existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/**
 * Loads the settings of the nearest `iacgen.yaml` (defaults when there is none).
 * @param displayFrom directory that file names in messages are relative to
 * @throws ConfigError (exit 2) for unreadable or invalid YAML, or settings that break the schema
 */
export function loadConfig(startDir: string, displayFrom: string = startDir): LoadedConfig {
  const file = findConfigFile(startDir);
  if (!file) return { settings: settingsSchema.parse({}) };
  const source = readYamlSource(file, path.relative(displayFrom, file) || file);
  const parsed = parseWith(configFileSchema, source, 'fix the settings in the file (see the README)');
  const { proxmox: _proxmox, guests: _guests, ...settings } = parsed;
  return { source, settings };
}

/**
 * Reads and parses a YAML file.
 * @throws ConfigError naming the file and the line of a YAML syntax error
 */
export function readYamlSource(file: string, shown: string): YamlSource {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(shown, `cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`, 'check its permissions');
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const firstError = doc.errors[0];
  if (firstError) {
    const pos = lineCounter.linePos(firstError.pos[0]);
    throw new ConfigError(`${shown}:${pos.line}:${pos.col}`, `invalid YAML: ${firstError.message.split('\n')[0]}`, 'fix the YAML syntax');
  }
  return { file, shown, data: doc.toJS(), locate: (segments) => locateIn(doc, lineCounter, segments) };
}

/**
 * Validates `source.data` (or `data`) with a zod schema.
 * @throws ConfigError naming the file, line, path and message of the first issue
 */
export function parseWith<T extends z.ZodType>(schema: T, source: YamlSource, hint: string, data: unknown = source.data): z.infer<T> {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const segments = issue?.path ?? [];
  const where = source.locate(segments);
  throw new ConfigError(where ? `${source.shown}:${where}` : source.shown, `${formatPath(segments)}: ${issue?.message ?? 'invalid'}`, hint);
}

/** `guests[2].id` from a zod issue path. */
export function formatPath(segments: readonly PropertyKey[]): string {
  if (segments.length === 0) return '(top level)';
  return segments
    .map((s, i) => (typeof s === 'number' ? `[${s}]` : `${i === 0 ? '' : '.'}${String(s)}`))
    .join('');
}

function locateIn(doc: Document, lineCounter: LineCounter, segments: readonly PropertyKey[]): string | undefined {
  const keys = segments.filter((s): s is string | number => typeof s !== 'symbol');
  for (let n = keys.length; n >= 0; n--) {
    const node: unknown = n === 0 ? doc.contents : doc.getIn(keys.slice(0, n), true);
    if (isNode(node) && node.range) {
      const pos = lineCounter.linePos(node.range[0]);
      return `${pos.line}:${pos.col}`;
    }
  }
  return undefined;
}
