import { checkerManifestSchema } from '../manifest.js';
import type { CommandChecker, OutputParser, ParsedDiagnostic } from '../types.js';
import { failed, position, textLines } from './shared.js';

/** `path: line N: message` on stderr. */
const LINE = /^(.+?): line (\d+): (.*)$/;
/** bash echoes the offending source after "near unexpected token": `` `code' ``. */
const ECHO = /^`[\s\S]*'$/;

const parse: OutputParser = (output) => {
  const file = output.files[0] ?? '';
  const diagnostics: ParsedDiagnostic[] = [];
  for (const text of textLines(output.stderr)) {
    const m = LINE.exec(text);
    if (!m) continue;
    const line = position(m[2]);
    const message = m[3] ?? '';
    const previous = diagnostics.at(-1);
    if (previous && previous.line === line && ECHO.test(message)) {
      previous.message += ` in ${message}`;
      continue;
    }
    const warning = message.startsWith('warning: ');
    diagnostics.push({
      file,
      line,
      column: 1,
      severity: warning ? 'warning' : 'error',
      rule: 'syntax',
      message: warning ? message.slice('warning: '.length) : message,
      source: 'bash-syntax',
    });
  }
  if (output.exitCode !== 0 && !diagnostics.some((d) => d.severity === 'error')) {
    return failed('bash -n failed without a syntax error message', output);
  }
  return { diagnostics };
};

/**
 * bash syntax check: `bash -n {file}` reads the script without executing it (bash(1), `set -n`).
 * Diagnostics come from stderr `path: line N: message`; `warning:` lines (e.g. an unterminated
 * here-document) are warnings.
 *
 * Exit codes (bash(1) "EXIT STATUS": a syntax error exits non-zero, builtins use 2 for
 * incorrect usage; confirmed with bash 5.2.15): 0 ok, 2 syntax error, 127 file not found.
 * A non-zero exit without a parsed error is a failure.
 */
export const bashSyntax: CommandChecker = {
  ...checkerManifestSchema.parse({
    id: 'bash-syntax',
    command: 'bash',
    args: ['-n', '{file}'],
    fileTypes: ['shell', 'direnv'],
    mode: 'file',
    versionArgs: ['--version'],
    timeoutMs: 30_000,
    okExitCodes: [0, 1, 2],
    installHint: 'apt-get install bash',
  }),
  parse,
};
