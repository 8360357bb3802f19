import { printParseErrorCode, visit, type ParseOptions } from 'jsonc-parser';
import { builtinCheckerManifestSchema } from '../manifest.js';
import type { BuiltinChecker, ParsedDiagnostic } from '../types.js';
import { checkEachFile, libraryVersion, positionAt } from './in-process.js';

/**
 * Files that are JSON with comments (JSONC: `//` and `/* *\/` comments and trailing commas
 * allowed), as globs matched against the end of the path: `*` stands for any run of characters
 * within one path segment. These are the files whose tools document comments as allowed
 * (TypeScript, VS Code, Dev Containers, ESLint's legacy `.eslintrc.json`). JSON5 (`*.json5`) is
 * not JSONC (unquoted keys, single quotes, hex numbers) and is not listed: its files are not of
 * the `json` type, so this checker never sees them.
 */
export const JSONC_FILES: readonly string[] = [
  'tsconfig.json',
  'tsconfig.*.json',
  'jsconfig.json',
  'jsconfig.*.json',
  'devcontainer.json',
  '.devcontainer.json',
  '.vscode/*.json',
  '.eslintrc.json',
  '*.jsonc',
];

/** Readable messages for the parser's error codes, by name (jsonc-parser's `printParseErrorCode`). */
const MESSAGES: Readonly<Record<string, string>> = {
  InvalidSymbol: 'unexpected character: values are objects, arrays, "strings", numbers, true, false or null',
  InvalidNumberFormat: 'invalid number',
  PropertyNameExpected: 'expected a property name in double quotes',
  ValueExpected: 'expected a value',
  ColonExpected: "expected ':' after the property name",
  CommaExpected: "expected ',' between items",
  CloseBraceExpected: "expected '}' to close the object",
  CloseBracketExpected: "expected ']' to close the array",
  EndOfFileExpected: 'expected the end of the file after the value',
  InvalidCommentToken: 'comments are not allowed in JSON (only in JSONC files such as tsconfig.json)',
  UnexpectedEndOfComment: 'comment is not closed',
  UnexpectedEndOfString: 'string is not closed',
  UnexpectedEndOfNumber: 'number is not complete',
  InvalidUnicode: 'invalid \\u escape',
  InvalidEscapeCharacter: 'invalid escape sequence in string',
  InvalidCharacter: 'control character in string: escape it (\\n, \\t, \\u0000)',
};

const STRICT: ParseOptions = { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false };
const JSONC: ParseOptions = { disallowComments: false, allowTrailingComma: true, allowEmptyContent: true };

const GLOBS = JSONC_FILES.map((glob) => ({
  segments: glob.split('/').length,
  pattern: new RegExp(`^${glob.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*')}$`, 'i'),
}));

/** True when `file` (any path) is one of {@link JSONC_FILES}. */
export function isJsonc(file: string): boolean {
  const segments = file.split(/[\\/]/);
  return GLOBS.some((g) => segments.length >= g.segments && g.pattern.test(segments.slice(-g.segments).join('/')));
}

/** The comma before `offset` when only white space separates them (a trailing comma), else -1. */
function trailingComma(text: string, offset: number): number {
  if (text[offset] !== '}' && text[offset] !== ']') return -1;
  let i = offset - 1;
  while (i >= 0 && /\s/.test(text[i] ?? '')) i -= 1;
  return text[i] === ',' ? i : -1;
}

/**
 * Diagnostics for one JSON or JSONC text: the first syntax error (rule `syntax`; the parser's
 * later errors are mostly echoes of it) and each duplicate key (rule `duplicate-key`, a
 * warning: RFC 8259 §4 says names SHOULD be unique, and parsers keep only the last value).
 */
export function jsonDiagnostics(text: string, file: string, jsonc: boolean): ParsedDiagnostic[] {
  const diagnostics: ParsedDiagnostic[] = [];
  const at = (offset: number, rule: string, message: string, severity: 'error' | 'warning' = 'error') =>
    diagnostics.push({ file, ...positionAt(text, offset), severity, rule, message, source: 'json-parse' });
  let syntax = false;
  const objects: Map<string, number>[] = [];
  visit(
    text,
    {
      onObjectBegin: () => void objects.push(new Map()),
      onObjectEnd: () => void objects.pop(),
      onObjectProperty: (name, offset, _length, startLine) => {
        const keys = objects.at(-1);
        const first = keys?.get(name);
        if (first !== undefined) at(offset, 'duplicate-key', `duplicate key "${name}" (first at line ${first}): only the last value is kept`, 'warning');
        else keys?.set(name, startLine + 1);
      },
      onError: (code, offset) => {
        if (syntax) return;
        syntax = true;
        const comma = jsonc ? -1 : trailingComma(text, offset);
        if (comma >= 0) at(comma, 'syntax', 'trailing comma: JSON allows none after the last item');
        else at(offset, 'syntax', MESSAGES[printParseErrorCode(code)] ?? printParseErrorCode(code));
      },
    },
    jsonc ? JSONC : STRICT,
  );
  if (!syntax && !jsonc) {
    // The strict parse must agree with the platform's JSON.parse; report any case it misses.
    try {
      JSON.parse(text);
    } catch (err) {
      at(0, 'syntax', err instanceof Error ? err.message : String(err));
    }
  }
  return diagnostics;
}

/**
 * JSON syntax check in process: strict JSON (RFC 8259) for `.json` files, JSON with comments
 * and trailing commas for the {@link JSONC_FILES} (`tsconfig.json`, `.vscode/settings.json`, ...),
 * with Microsoft's `jsonc-parser` (the parser of VS Code), whose errors carry offsets turned
 * here into line and column. A leading byte order mark is tolerated (RFC 8259 §8.1 allows
 * parsers to ignore it).
 */
export const jsonParse: BuiltinChecker = {
  ...builtinCheckerManifestSchema.parse({
    kind: 'builtin',
    id: 'json-parse',
    fileTypes: ['json'],
    mode: 'files',
    timeoutMs: 30_000,
    version: libraryVersion('jsonc-parser'),
  }),
  check: (call) => checkEachFile(call, (text, file) => jsonDiagnostics(text, file, isJsonc(file))),
};
