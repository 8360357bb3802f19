/**
 * Parser of `docker-compose config -q` / `docker compose config -q` output: one finding per
 * message, with rule ids for the two mistakes a messy repository makes most (a required
 * variable that is not set, a build folder that is not there) instead of raw dumps.
 *
 * Formats, observed with docker-compose 1.29.2 (Debian) on stderr, exit code 1:
 * - `Missing mandatory value for "image" option interpolating nginx:${TAG:?} in service "web": TAG`
 * - `build path /abs/dir either does not exist, is not accessible, or is not a valid URL.`
 * - `The Compose file './compose.yaml' is invalid because:` then one schema error a line;
 * - `yaml.parser.ParserError: ...` then `  in "./compose.yaml", line 4, column 12` marks;
 * - warnings (also with exit code 0): `The TAG variable is not set. Defaulting to a blank string.`
 * Compose v2 (compose-go `template/template.go`, logrus lines `WARN[0000] ...` or
 * `level=warning msg="..."`): `required variable X is missing a value: message` and
 * `The "X" variable is not set. Defaulting to a blank string.`
 */
import path from 'node:path';
import type { CheckerOutput, ParsedDiagnostic, ParsedOutput, Severity } from '../../types.js';
import { failed, position, textLines } from '../shared.js';

const SOURCE = 'compose-config';
const MISSING_V1 = /^Missing mandatory value for "([^"]+)" option interpolating (.*) in (\w+) "([^"]*)": (.*)$/;
const MISSING_V2 = /(?:interpolating (\S+?): )?required variable (\w+) is missing a value(?::\s*(.*))?$/;
const REQUIRED_REF = /\$\{(\w+)(?::?\?)([^}]*)\}/g;
const BUILD = [/^build path (.+) either does not exist, is not accessible, or is not a valid URL\.?$/, /unable to prepare context: path "(.+)" not found/];
const UNSET = /The "?(\w+)"? variable is not set\. Defaulting to a blank string\./;
const INVALID_HEADER = /^The Compose file '.*' is invalid because:$/;
const PYYAML = /^yaml\.[\w.]*Error: (.*)$/;
const PYYAML_MARK = /^\s+in ".*", line (\d+), column (\d+)$/;
const LINE = /\bline (\d+)(?:, column (\d+))?/;

/** The fix for an unset variable, as the house rules want it (secrets in `.env`, names in `.env.example`). */
function fix(name: string): string {
  return `set ${name} in .env, or add it to .env.example`;
}

/** A message line without logrus decoration, and whether it was a warning. */
function unwrap(line: string): { text: string; warning: boolean } {
  const logfmt = /level=(\w+) msg="((?:[^"\\]|\\.)*)"/.exec(line);
  if (logfmt) return { text: (logfmt[2] ?? '').replace(/\\(.)/g, '$1'), warning: logfmt[1] === 'warning' };
  const logrus = /^(WARN|WARNING|ERRO|ERROR|FATA|INFO)(?:\[\d+\])?:?\s+(.*)$/.exec(line);
  if (logrus) return { text: logrus[2] ?? '', warning: (logrus[1] ?? '').startsWith('WARN') };
  return { text: line, warning: false };
}

/** The required variable a v1 message is about: the `${VAR:?msg}` whose message it printed. */
function requiredVariable(value: string, reason: string): string {
  const refs = [...value.matchAll(REQUIRED_REF)].map((m) => ({ name: m[1] ?? '', message: m[2] || m[1] || '' }));
  return (refs.find((r) => r.message === reason) ?? refs[0])?.name ?? reason;
}

function missingVariable(text: string): string | undefined {
  const v1 = MISSING_V1.exec(text);
  if (v1) {
    const [, option = '', value = '', kind = '', name = '', reason = ''] = v1;
    const variable = requiredVariable(value, reason);
    const why = reason && reason !== variable ? `: ${reason}` : '';
    return `${variable} is required but not set (${kind} "${name}", ${option}${why}): ${fix(variable)}`;
  }
  const v2 = MISSING_V2.exec(text);
  if (!v2) return undefined;
  const [, where, variable = '', reason] = v2;
  const context = [where, reason && reason !== variable ? reason : undefined].filter(Boolean).join(': ');
  return `${variable} is required but not set${context ? ` (${context})` : ''}: ${fix(variable)}`;
}

function missingBuild(text: string, output: CheckerOutput): string | undefined {
  const dir = BUILD.map((re) => re.exec(text)?.[1]).find((d) => d !== undefined);
  if (dir === undefined) return undefined;
  const composeDir = path.dirname(path.resolve(output.cwd, output.files[0] ?? '.'));
  const rel = path.relative(composeDir, path.resolve(composeDir, dir)) || '.';
  const shown = rel.startsWith('.') || path.isAbsolute(rel) ? rel : `./${rel}`;
  return `build context ${shown} does not exist: create the folder, or fix the build: path`;
}

/** One PyYAML error block (message lines and `in "file", line L, column C` marks) as one finding. */
function pyyaml(lines: readonly string[]): { message: string; line: number; column: number } {
  const parts: string[] = [];
  let line = 1;
  let column = 1;
  for (const l of lines) {
    const mark = PYYAML_MARK.exec(l);
    if (mark) {
      line = position(mark[1]);
      column = position(mark[2]);
    } else {
      parts.push((PYYAML.exec(l)?.[1] ?? l).trim());
    }
  }
  return { message: `YAML syntax: ${parts.join('; ')}`, line, column };
}

/** Parses one `config -q` call on one file (mode `file`). Pure; never throws. */
export function parseComposeConfig(output: CheckerOutput): ParsedOutput {
  const file = output.files[0] ?? '';
  const all = textLines(`${output.stderr}\n${output.stdout}`);
  if (all.some((l) => l.startsWith('Traceback (most recent call last)'))) return failed('docker-compose crashed', output);
  const diagnostics: ParsedDiagnostic[] = [];
  const add = (severity: Severity, rule: string, message: string, line = 1, column = 1) =>
    diagnostics.push({ file, line, column, severity, rule, message, source: SOURCE });
  for (let i = 0; i < all.length; i += 1) {
    const { text, warning } = unwrap(all[i] ?? '');
    if (INVALID_HEADER.test(text)) continue;
    if (PYYAML.test(text)) {
      const block = pyyaml(all.slice(i));
      add('error', 'config', block.message, block.line, block.column);
      break;
    }
    const unset = UNSET.exec(text);
    const missing = missingVariable(text);
    const build = missingBuild(text, output);
    const lineRef = LINE.exec(text);
    if (unset) {
      const name = unset[1] ?? '';
      add('warning', 'compose-unset-variable', `${name} is not set and has no default, so it is empty: ${fix(name)}, or give a default (\${${name}:-value})`);
    } else if (missing) add('error', 'compose-missing-variable', missing);
    else if (build) add('error', 'compose-missing-build-context', build);
    else {
      const message = text.replace(/^validating \S+: /, '');
      const severity = warning || output.exitCode === 0 ? 'warning' : 'error';
      add(severity, 'config', message, position(lineRef?.[1]), position(lineRef?.[2]));
    }
  }
  if (output.exitCode !== 0 && !diagnostics.some((d) => d.severity === 'error')) {
    return failed('compose config failed without an error message', output);
  }
  return { diagnostics };
}
