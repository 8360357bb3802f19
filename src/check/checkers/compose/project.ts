/**
 * Compose projects as Compose loads them: a base file plus the override file beside it
 * (`names.ts`), and the files a project pulls in (`include:`, `extends: {file: ...}`).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import { YAML_OPTIONS } from '../yaml-parse.js';
import { exists } from './env-file.js';
import { BASE_FILE_NAMES, OVERRIDE_FILE_NAMES } from './names.js';
import { locate } from './yaml-path.js';

/** One `config -q` run: the `-f` files and the call files whose verdict it gives. */
export interface ComposeProject {
  /** The call file that stands for the project (the first of `members`). */
  key: string;
  /** The `-f` files in Compose's order (base, then override), relative to the call's cwd. */
  files: string[];
  /** The call files (as passed) this run checks. */
  members: string[];
}

/** The first of `names` that exists in `dir`, as an absolute path. */
async function firstIn(dir: string, names: readonly string[]): Promise<string | undefined> {
  for (const name of names) {
    const file = path.join(dir, name);
    if (await exists(file)) return file;
  }
  return undefined;
}

function relative(cwd: string, abs: string): string {
  const rel = path.relative(cwd, abs) || '.';
  return rel.startsWith('-') ? `./${rel}` : rel;
}

/**
 * The `-f` files Compose would load for `abs` (absolute): the base file Compose picks in its
 * folder and the first override beside it (compose-go `cli/options.go`); another override file
 * goes with that base too; any other file alone.
 */
export async function projectFilesOf(abs: string): Promise<string[]> {
  const dir = path.dirname(abs);
  const name = path.basename(abs);
  if (OVERRIDE_FILE_NAMES.includes(name)) {
    const base = await firstIn(dir, BASE_FILE_NAMES);
    return base ? [base, abs] : [abs];
  }
  if (BASE_FILE_NAMES.includes(name) && (await firstIn(dir, BASE_FILE_NAMES)) === abs) {
    const override = await firstIn(dir, OVERRIDE_FILE_NAMES);
    return override ? [abs, override] : [abs];
  }
  return [abs];
}

/**
 * Groups a call's compose files into projects, one `config -q` run each. An override file is
 * never checked alone when its base file exists, whether or not the base is in the call.
 * @param files compose files relative to `cwd`, as passed to the call
 * @param cwd absolute working directory of the call
 */
export async function composeProjects(files: readonly string[], cwd: string): Promise<ComposeProject[]> {
  const byFiles = new Map<string, ComposeProject>();
  for (const file of files) {
    const project = (await projectFilesOf(path.resolve(cwd, file))).map((f) => relative(cwd, f));
    const id = project.join('\0');
    const known = byFiles.get(id);
    if (known) known.members.push(file);
    else byFiles.set(id, { key: file, files: project, members: [file] });
  }
  return [...byFiles.values()];
}

/** One compose file read and parsed, with what it pulls in. */
export interface ComposeSource {
  abs: string;
  text: string;
  doc: Document;
  lineCounter: LineCounter;
  /** The file (absolute) and offset of the `include`/`extends` entry that pulled this one in. */
  via?: { abs: string; offset: number };
}

/** A file that a compose file pulls in, and the offset of the entry that does. */
export interface ComposeReference {
  kind: 'include' | 'extends';
  abs: string;
  offset: number;
}

function scalarText(node: unknown): string | undefined {
  return isScalar(node) && typeof node.value === 'string' ? node.value : undefined;
}

function start(node: unknown): number {
  return node !== null && typeof node === 'object' && 'range' in node && Array.isArray(node.range) ? Number(node.range[0]) : 0;
}

/**
 * The files a compose document pulls in: `include:` (a path, or `{path: one or a list}`) and
 * `services.*.extends.file`, relative to the file's folder. Values with `$` (interpolation) and
 * URLs are left out: they cannot be resolved here.
 */
export function composeReferences(doc: Document, abs: string): ComposeReference[] {
  const dir = path.dirname(abs);
  const out: ComposeReference[] = [];
  const add = (kind: ComposeReference['kind'], node: unknown): void => {
    const value = scalarText(node);
    if (value === undefined || value.includes('$') || /^[a-z]+:\/\//i.test(value)) return;
    out.push({ kind, abs: path.resolve(dir, value), offset: start(node) });
  };
  const include = locate(doc, ['include']);
  if (isSeq(include.node)) {
    for (const item of include.node.items) {
      if (isMap(item)) {
        const p = item.get('path', true);
        if (isSeq(p)) for (const one of p.items) add('include', one);
        else add('include', p);
      } else add('include', item);
    }
  }
  const services = locate(doc, ['services']).node;
  if (isMap(services)) {
    for (const pair of services.items) {
      const extended = isMap(pair.value) ? pair.value.get('extends', true) : undefined;
      if (isMap(extended)) add('extends', extended.get('file', true));
    }
  }
  return out;
}

/** Reads and parses one compose file; undefined when it cannot be read. */
export async function readComposeSource(abs: string): Promise<ComposeSource | undefined> {
  let text: string;
  try {
    text = await readFile(abs, 'utf8');
  } catch {
    return undefined;
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { ...YAML_OPTIONS, lineCounter });
  return { abs, text, doc, lineCounter };
}

/**
 * Every file a project loads: its `-f` files, then what they pull in (at most `limit` files),
 * keyed by absolute path.
 */
export async function loadProject(files: readonly string[], limit = 100): Promise<Map<string, ComposeSource>> {
  const loaded = new Map<string, ComposeSource>();
  const queue: Array<{ abs: string; via?: ComposeSource['via'] }> = files.map((abs) => ({ abs }));
  while (queue.length > 0 && loaded.size < limit) {
    const next = queue.shift();
    if (!next || loaded.has(next.abs)) continue;
    const source = await readComposeSource(next.abs);
    if (!source) continue;
    loaded.set(next.abs, next.via ? { ...source, via: next.via } : source);
    for (const ref of composeReferences(source.doc, source.abs)) queue.push({ abs: ref.abs, via: { abs: source.abs, offset: ref.offset } });
  }
  return loaded;
}
