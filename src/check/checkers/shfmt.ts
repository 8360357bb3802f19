import { checkerManifestSchema } from '../manifest.js';
import type { CommandChecker, OutputParser, ParsedDiagnostic } from '../types.js';
import { callFile, failed, position, textLines } from './shared.js';
import { diffSections } from './unified-diff.js';

/** A parse error on stderr: `path:line:col: message`. */
const PARSE_ERROR = /^(.+):(\d+):(\d+): (.*)$/;

const parse: OutputParser = (output) => {
  const diagnostics: ParsedDiagnostic[] = [];
  for (const section of diffSections(output.stdout)) {
    const line = section.firstChange;
    diagnostics.push({
      file: callFile(section.newName, output),
      line: position(line),
      column: 1,
      severity: 'warning',
      rule: 'format',
      message: `not formatted as shfmt would format it${line ? ` (first change at line ${line})` : ' (line endings or final newline)'}; run \`shfmt -w\``,
      source: 'shfmt',
    });
  }
  const unreadable: string[] = [];
  for (const text of textLines(output.stderr)) {
    const m = PARSE_ERROR.exec(text);
    const file = m ? callFile(m[1] ?? '', output) : undefined;
    if (!m || file === undefined || !output.files.includes(file)) {
      unreadable.push(text);
      continue;
    }
    diagnostics.push({
      file,
      line: position(m[2]),
      column: position(m[3]),
      severity: 'error',
      rule: 'parse',
      message: m[4] ?? '',
      source: 'shfmt',
    });
  }
  if (unreadable.length > 0) return failed(`shfmt could not read a file: ${unreadable.join('; ').slice(0, 300)}`, output);
  if (output.exitCode === 1 && diagnostics.length === 0) return failed('shfmt failed without a diff or an error', output);
  return { diagnostics };
};

/**
 * shfmt formatting check: `shfmt -d {files}` prints a unified diff per file that it would
 * reformat (a `warning`, rule `format`, at the first changed line; CRLF or a missing final newline
 * give a diff without hunks, reported at line 1) and `path:line:col: message` on stderr for a
 * file it cannot parse (an `error`, rule `parse`). No printer flags are passed, so shfmt applies
 * the `.editorconfig` files it finds (shfmt(1): "If any parser or printer flags are given to the
 * tool, no EditorConfig files will be used").
 *
 * Exit codes (shfmt(1) `-d`: "error with a diff when the formatting differs"; cmd/shfmt exits 1
 * when any file differs or fails, 2 on bad flags; confirmed with shfmt 3.6.0): 0 all formatted,
 * 1 diffs or errors. An unparsable stderr line (`lstat x: no such file`) fails the call.
 */
export const shfmt: CommandChecker = {
  ...checkerManifestSchema.parse({
    id: 'shfmt',
    command: 'shfmt',
    args: ['-d', '{files}'],
    fileTypes: ['shell'],
    mode: 'files',
    versionArgs: ['--version'],
    timeoutMs: 60_000,
    okExitCodes: [0, 1],
    installHint: 'apt-get install shfmt',
  }),
  parse,
};
