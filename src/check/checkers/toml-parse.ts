import TOML from '@iarna/toml';
import { builtinCheckerManifestSchema } from '../manifest.js';
import type { BuiltinChecker, ParsedDiagnostic } from '../types.js';
import { checkEachFile, libraryVersion } from './in-process.js';
import { position } from './shared.js';

/** What `@iarna/toml` throws for a file's problem: 0-based `line` and `col`, `fromTOML` set. */
interface TomlError {
  message: string;
  line: number;
  col: number;
}

function isTomlError(err: unknown): err is TomlError {
  return err instanceof Error && 'fromTOML' in err && 'line' in err && 'col' in err;
}

/**
 * The message without the parser's " at row R, col C, pos P:" suffix and source excerpt, with
 * character codes shown as characters (`Unknown escape character: 113` -> `"q"`).
 */
export function tomlMessage(raw: string): string {
  const text = raw.replace(/ at row \d+, col \d+, pos \d+:[\s\S]*$/, '').trim();
  return text.replace(/(character:? )"?(\d+)"?/, (_, lead: string, code: string) => `${lead}${JSON.stringify(String.fromCodePoint(Number(code)))}`);
}

/** Diagnostics for one TOML text: `@iarna/toml` stops at the first error, so at most one. */
export function tomlDiagnostics(text: string, file: string): ParsedDiagnostic[] {
  try {
    TOML.parse(text);
    return [];
  } catch (err) {
    if (!isTomlError(err)) throw err;
    const line = position(Number(err.line) + 1);
    // The parser may point past the end of the line (after the newline it stopped at).
    const width = (text.split('\n')[line - 1] ?? '').replace(/\r$/, '').length;
    return [
      {
        file,
        line,
        column: Math.min(position(Number(err.col) + 1), width + 1),
        severity: 'error',
        rule: 'syntax',
        message: tomlMessage(err.message),
        source: 'toml-parse',
      },
    ];
  }
}

/**
 * TOML syntax check in process with `@iarna/toml` (TOML 1.0.0-rc.1): the parser throws a
 * `TomlError` carrying 0-based `line` and `col` (its source, `lib/toml-parser.js`), reported
 * 1-based with rule `syntax`. Redefined keys and tables are errors too.
 */
export const tomlParse: BuiltinChecker = {
  ...builtinCheckerManifestSchema.parse({
    kind: 'builtin',
    id: 'toml-parse',
    fileTypes: ['toml'],
    mode: 'files',
    timeoutMs: 30_000,
    version: libraryVersion('@iarna/toml'),
  }),
  check: (call) => checkEachFile(call, tomlDiagnostics),
};
