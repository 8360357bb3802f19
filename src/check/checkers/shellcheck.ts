import { z } from 'zod';
import { checkerManifestSchema } from '../manifest.js';
import type { CommandChecker, OutputParser, ParsedDiagnostic } from '../types.js';
import { callFile, failed, levelSeverity, position, readJson } from './shared.js';

/** ShellCheck's `json1` output (only the fields we read). */
const reportSchema = z.object({
  comments: z.array(
    z.object({
      file: z.string(),
      line: z.number(),
      column: z.number(),
      level: z.string(),
      code: z.number(),
      message: z.string(),
    }),
  ),
});

const parse: OutputParser = (output) => {
  const report = reportSchema.safeParse(readJson(output.stdout));
  if (!report.success) return failed('unreadable shellcheck output (expected json1)', output);
  const diagnostics: ParsedDiagnostic[] = report.data.comments.map((c) => ({
    file: callFile(c.file, output),
    line: position(c.line),
    column: position(c.column),
    severity: levelSeverity(c.level),
    rule: `SC${c.code}`,
    message: c.message,
    source: 'shellcheck',
  }));
  if (output.exitCode === 1 && diagnostics.length === 0) {
    return failed('shellcheck reported issues but printed none', output);
  }
  return { diagnostics };
};

/**
 * ShellCheck: `shellcheck -f json1 {files}`; levels error/warning map as is, info and style to info.
 *
 * Exit codes (shellcheck(1) "RETURN VALUES"; confirmed with 0.9.0): 0 no issues, 1 some issues,
 * 2 some files could not be processed (its JSON is still parsed, the call is then a failure),
 * 3 bad syntax (unknown flag), 4 bad options (unknown formatter).
 */
export const shellcheck: CommandChecker = {
  ...checkerManifestSchema.parse({
    id: 'shellcheck',
    cost: { call: 20, file: 37 },
    command: 'shellcheck',
    args: ['-f', 'json1', '{files}'],
    fileTypes: ['shell'],
    mode: 'files',
    versionArgs: ['--version'],
    timeoutMs: 60_000,
    okExitCodes: [0, 1],
    installHint: 'apt-get install shellcheck',
  }),
  parse,
};
