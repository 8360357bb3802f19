/**
 * Helpers shared by the built-in (in-process) checkers: reading each file of a call, turning an
 * offset into a position, and naming the library that does the work.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { BuiltinCall, ParsedDiagnostic, ParsedOutput } from '../types.js';

const require = createRequire(import.meta.url);

/** `name version` of an installed npm package, from its own package.json (`yaml 2.9.1`). */
export function libraryVersion(name: string): string {
  const pkg: unknown = require(`${name}/package.json`);
  const version = typeof pkg === 'object' && pkg !== null && 'version' in pkg ? String(pkg.version) : 'unknown';
  return `${name} ${version}`;
}

/** A 1-based line and column (in UTF-16 code units, as editors count them). */
export interface Position {
  line: number;
  column: number;
}

/** The 1-based position of a 0-based offset in `text`. */
export function positionAt(text: string, offset: number): Position {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line += 1;
    start = i + 1;
  }
  return { line, column: Math.max(offset - start, 0) + 1 };
}

/** Checks the text of one file; returns its diagnostics and never throws for the file's problems. */
export type TextCheck = (text: string, file: string) => ParsedDiagnostic[];

/**
 * Runs `check` on the text of each file of a call (read as UTF-8, a leading byte order mark
 * dropped so that columns match what an editor shows). A file that cannot be read is reported as
 * skipped with the reason, never as passed.
 */
export async function checkEachFile(call: BuiltinCall, check: TextCheck): Promise<ParsedOutput> {
  const diagnostics: ParsedDiagnostic[] = [];
  const skipped: Record<string, string> = {};
  for (const file of call.files) {
    let text: string;
    try {
      text = await readFile(path.resolve(call.cwd, file), 'utf8');
    } catch (err) {
      skipped[file] = `cannot read file: ${err instanceof Error ? err.message : String(err)}`;
      continue;
    }
    diagnostics.push(...check(text.startsWith('\uFEFF') ? text.slice(1) : text, file));
  }
  return Object.keys(skipped).length > 0 ? { diagnostics, skipped } : { diagnostics };
}
