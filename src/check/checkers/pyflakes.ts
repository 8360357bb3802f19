import { checkerManifestSchema } from '../manifest.js';
import type { CheckerOutput, CommandChecker, OutputParser, ParsedDiagnostic, Severity } from '../types.js';
import { failed, position, textLines } from './shared.js';

/**
 * pyflakes prints no rule ids, only messages (`pyflakes/messages.py`, 2.5.0). Each row maps a
 * message to its message class (as a kebab-case rule) and a severity:
 * - `warning`: harmless at run time or only possibly wrong (unused imports and variables,
 *   redefinitions, star imports, "may be undefined", always-true tests, unused format arguments);
 * - `error`: fails or misbehaves when run (undefined names, syntax errors, misplaced
 *   return/yield/break/continue, format strings that raise, duplicate arguments).
 * A message not listed here (a newer pyflakes) is a `warning` with rule `pyflakes`.
 */
const MESSAGES: ReadonlyArray<readonly [RegExp, string, Severity]> = [
  [/ imported but unused$/, 'unused-import', 'warning'],
  [/^redefinition of unused /, 'redefined-while-unused', 'warning'],
  [/ shadowed by loop variable$/, 'import-shadowed-by-loop-var', 'warning'],
  [/^'from .* import \*' used; unable to detect undefined names$/, 'import-star-used', 'warning'],
  [/ may be undefined, or defined from star imports: /, 'import-star-usage', 'warning'],
  [/^dictionary key .* repeated with different values$/, 'multi-value-repeated-key', 'warning'],
  [/ is assigned to but never used$/, 'unused-variable', 'warning'],
  [/ is annotated but never used$/, 'unused-annotation', 'warning'],
  [/^'if tuple literal' is always true/, 'if-tuple', 'warning'],
  [/^assertion is always true/, 'assert-tuple', 'warning'],
  [/^use ==\/!= to compare constant literals/, 'is-literal', 'warning'],
  [/^f-string is missing placeholders$/, 'f-string-missing-placeholders', 'warning'],
  [/^'\.\.\.'\.format\(\.\.\.\) has unused /, 'string-format-unused-arguments', 'warning'],
  [/^'\.\.\.' % \.\.\. has unused named argument/, 'percent-format-extra-named-arguments', 'warning'],
  [/^undefined name .* in __all__$/, 'undefined-export', 'error'],
  [/^undefined name /, 'undefined-name', 'error'],
  [/ referenced before assignment$/, 'undefined-local', 'error'],
  [/^duplicate argument /, 'duplicate-argument', 'error'],
  [/ only allowed at module level$/, 'import-star-not-permitted', 'error'],
  [/^from __future__ imports must occur at the beginning of the file$/, 'late-future-import', 'error'],
  [/^future feature .* is not defined$/, 'future-feature-not-defined', 'error'],
  [/^'(return|yield)' outside function$/, 'outside-function', 'error'],
  [/^'continue' not properly in loop$|^'break' outside loop$/, 'outside-loop', 'error'],
  [/^'continue' not supported inside 'finally' clause$/, 'continue-in-finally', 'error'],
  [/^default 'except:' must be last$/, 'default-except-not-last', 'error'],
  [/^two starred expressions|^too many expressions in star-unpacking/, 'starred-assignment', 'error'],
  [/^syntax error in (forward annotation|type comment|doctest)/, 'annotation-syntax-error', 'error'],
  [/^'raise NotImplemented' should be /, 'raise-not-implemented', 'error'],
  [/^use of >> is invalid with print function$/, 'invalid-print-syntax', 'error'],
  [/^'\.\.\.'\.format\(\.\.\.\) /, 'string-format', 'error'],
  [/^'\.\.\.' % \.\.\. /, 'percent-format', 'error'],
];

function classify(message: string): { rule: string; severity: Severity } {
  const row = MESSAGES.find(([pattern]) => pattern.test(message));
  return row ? { rule: row[1], severity: row[2] } : { rule: 'pyflakes', severity: 'warning' };
}

/** `path:line:col: message` or `path:line: message` for a call file; `path: message` when unlocated. */
function located(line: string, output: CheckerOutput): { file: string; line?: string; column?: string; message: string } | undefined {
  // Paths may hold colons: match the call's own file names, longest first.
  const file = [...output.files].sort((a, b) => b.length - a.length).find((f) => line.startsWith(`${f}:`));
  if (file === undefined) return undefined;
  const rest = line.slice(file.length + 1);
  const m = /^(\d+):(?:(\d+):)? (.*)$/.exec(rest);
  if (m) return { file, line: m[1], column: m[2], message: m[3] ?? '' };
  return { file, message: rest.trim() };
}

const parse: OutputParser = (output) => {
  const diagnostics: ParsedDiagnostic[] = [];
  for (const text of textLines(output.stdout)) {
    const found = located(text, output);
    if (!found || found.line === undefined) continue;
    diagnostics.push({
      file: found.file,
      line: position(found.line),
      column: position(found.column),
      ...classify(found.message),
      message: found.message,
      source: 'pyflakes',
    });
  }
  // stderr: syntax errors (followed by the source line and a caret, skipped: they name no file)
  // and files pyflakes could not read or decode. A file with a syntax error was not analysed:
  // it is `skipped` here, and python-compile reports the error itself (no duplicate finding).
  const skipped: Record<string, string> = {};
  for (const text of textLines(output.stderr)) {
    const found = located(text, output);
    if (!found) continue;
    if (found.line !== undefined) {
      skipped[found.file] = `not analysed: syntax error at line ${position(found.line)} (reported by python-compile)`;
      continue;
    }
    diagnostics.push({ file: found.file, line: 1, column: 1, severity: 'error', rule: 'unreadable', message: found.message, source: 'pyflakes' });
  }
  if (output.exitCode === 1 && diagnostics.length === 0 && Object.keys(skipped).length === 0) {
    return failed('pyflakes reported problems but printed none', output);
  }
  return Object.keys(skipped).length > 0 ? { diagnostics, skipped } : { diagnostics };
};

/**
 * pyflakes: `pyflakes3 {files}` (Debian's name; `pyflakes` elsewhere). It parses each file into
 * an AST and never imports or runs it. Output: `path:line:col: message` on stdout, syntax errors
 * as `path:line:col: message` plus the source line and a caret on stderr, unreadable files as
 * `path: message` on stderr. Severities and rules: see the message table above.
 *
 * Exit codes (pyflakes3(1) "EXIT STATUS": 0 when no warnings or errors are found, otherwise 1;
 * `pyflakes/api.py` `main`: `SystemExit(warnings > 0)`; argparse usage errors exit 2; confirmed
 * with pyflakes 2.5.0 on Python 3.11.2).
 */
export const pyflakes: CommandChecker = {
  ...checkerManifestSchema.parse({
    id: 'pyflakes',
    cost: { call: 80, file: 5 },
    command: 'pyflakes3',
    args: ['{files}'],
    fileTypes: ['python'],
    mode: 'files',
    versionArgs: ['--version'],
    timeoutMs: 60_000,
    okExitCodes: [0, 1],
    installHint: 'apt-get install pyflakes3',
    env: { PYTHONDONTWRITEBYTECODE: '1' },
    alternatives: [{ command: 'pyflakes', args: ['{files}'], versionArgs: ['--version'] }],
  }),
  parse,
};
