import { checkerManifestSchema } from '../manifest.js';
import type { CommandChecker, OutputParser, ParsedDiagnostic } from '../types.js';
import { callFile, failed, levelSeverity, position, textLines } from './shared.js';
import { yamllintConfig } from './yamllint-config.js';

/** `path:line:col: [level] message (rule)`; the rule is absent for some messages. */
const LINE = /^(.+?):(\d+):(\d+): \[(error|warning)\] (.*?)(?: \(([\w-]+)\))?$/;

const parse: OutputParser = (output) => {
  const diagnostics: ParsedDiagnostic[] = [];
  for (const line of textLines(output.stdout)) {
    const m = LINE.exec(line);
    if (!m) return failed(`unreadable yamllint output line "${line.slice(0, 200)}"`, output);
    const [, file = '', row, col, level = '', message = '', rule] = m;
    diagnostics.push({
      file: callFile(file, output),
      line: position(row),
      column: position(col),
      severity: levelSeverity(level),
      rule: rule ?? 'yamllint',
      message,
      source: 'yamllint',
    });
  }
  if (output.exitCode !== 0 && diagnostics.length === 0) {
    return failed('yamllint reported problems but printed none', output);
  }
  return { diagnostics };
};

/**
 * yamllint: `yamllint -f parsable {options} {files}`, one call per batch of files. The
 * repository's own `.yamllint` (or the user's config) applies when there is one; else `{options}`
 * is `-c` with iacgen's relaxed configuration (`yamllint-config.ts`), so yamllint's default preset
 * (80 columns, `---` required, errors for style) never turns clean YAML into errors. A project
 * config above the working directory is passed with `-c` too (yamllint 1.29 looks only in the
 * working directory, 1.37+ upwards).
 *
 * Exit codes (man yamllint(1), "return code"; confirmed with yamllint 1.29.0):
 * 0 no errors (warnings do not change it), 1 one or more errors, 2 only warnings but only with
 * `--strict`. A missing file exits 255 and is a checker failure.
 */
export const yamllint: CommandChecker = {
  ...checkerManifestSchema.parse({
    id: 'yamllint',
    cost: { call: 100, file: 3 },
    command: 'yamllint',
    args: ['-f', 'parsable', '{options}', '{files}'],
    fileTypes: [
      'ansible-playbook', 'ansible-tasks', 'ansible-vars', 'ansible-inventory', 'ansible-inventory-plugin', 'compose',
      'helm-chart', 'kubernetes', 'ci-workflow', 'cloud-init', 'yaml',
    ],
    mode: 'files',
    versionArgs: ['--version'],
    timeoutMs: 60_000,
    okExitCodes: [0, 1, 2],
    installHint: 'apt-get install yamllint',
  }),
  parse,
  // Never throws: a file system that cannot be read finds no config, and the relaxed one applies.
  callOptions: async (_files, cwd) => yamllintConfig(cwd).args,
};
