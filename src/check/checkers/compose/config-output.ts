/**
 * Parser of `config -q` output of both Compose generations: one finding per message, with rule
 * ids for the mistakes a messy repository makes most (a required variable that is not set, a
 * build folder or `env_file` that is not there) instead of raw dumps, and for each finding what
 * it points at (the file named, the data path, the offending key) so that `place.ts` can put it
 * on its file and line.
 *
 * Compose v1 (docker-compose 1.29.2, Debian 12; Python, `compose/config/validation.py`,
 * `compose/cli/main.py`), on stderr, exit code 1 on any error:
 * - `The Compose file './compose.yaml' is invalid because:` then one schema error a line
 *   (`Unsupported config option for services.web: 'enviroment'`, `services.web.ports contains an
 *   invalid type, it should be an array`, `'include', 'name' do not match any of the regexes:
 *   '^x-'`), then maybe the "You might be seeing this error because ..." explanation;
 * - `Missing mandatory value for "image" option interpolating nginx:${TAG:?} in service "web": TAG`;
 * - `build path /abs/dir either does not exist, is not accessible, or is not a valid URL.`;
 * - `Couldn't find env file: /abs/file`;
 * - `yaml.parser.ParserError: ...` then `  in "./compose.yaml", line 4, column 12` marks;
 * - warnings (also with exit code 0): `The TAG variable is not set. Defaulting to a blank string.`
 *
 * Compose v2 (docker/compose, compose-spec/compose-go; Go), the error on stderr, warnings as
 * logrus lines (`WARN[0000] ...` on a terminal, else `level=warning msg="..."`). Exit codes
 * (docker/compose `pkg/compose/metrics.go` and `errors.go`, 2.x before 2.33.0): 14 a file not
 * found (an `fs.PathError`: a missing `env_file`, `include` or `extends` file), 15 any other
 * project load error (schema, YAML, interpolation), 16 a command-line syntax error (a crash for
 * us), 130 cancelled; from 2.33.0 (commit 23351ece "remove exit code per error type used by
 * legacy metrics system") every error exits 1. Messages (captured from 2.26.1 and 2.40.3):
 * - `validating /abs/compose.yaml: services.web Additional property enviroment is not allowed`
 *   (2.40: `services.web additional properties 'enviroment' not allowed`);
 * - `validating /abs/compose.yaml: services.web.ports must be a list` (2.40: `must be a array`);
 * - `error while interpolating services.web.image: required variable TAG is missing a value: msg`;
 * - `env file /abs/missing.env not found: stat /abs/missing.env: no such file or directory`;
 * - `open /abs/nothere/compose.yaml: no such file or directory` (a missing include target);
 * - `yaml: line 1: did not find expected key` (no file name; the line is often not the error's);
 * - `The "X" variable is not set. Defaulting to a blank string.` (a warning).
 */
import path from 'node:path';
import type { CheckerOutput, ParsedDiagnostic, ParsedOutput, Severity } from '../../types.js';
import { callFile, failed, position, textLines } from '../shared.js';

/** What a `config -q` message is about, before it is placed on a file and line. */
export interface ComposeFinding {
  severity: Severity;
  rule: string;
  message: string;
  /** The compose file the message names, as printed (absolute, or relative to the call's cwd). */
  file?: string;
  /** Data path the message names (`['services', 'web', 'ports']`). */
  path?: string[];
  /** The key the message is about, inside `path` (an unknown key). */
  key?: string;
  /** The variable the message is about (unset or required). */
  variable?: string;
  /** A file or folder the message says is missing (absolute, or relative to the call's cwd). */
  missing?: string;
  /** Set for v1's schema errors (the lines under "The Compose file '...' is invalid because:"). */
  schema?: boolean;
  /** Set for a YAML syntax error whose file Compose does not name (v2). */
  yaml?: boolean;
  line?: number;
  column?: number;
}

/** What one `config -q` run printed, read: its findings, or why it cannot be read. */
export interface ComposeReading {
  findings: ComposeFinding[];
  /** The output is not a set of findings (a crash, or a failure with nothing to show). */
  failure?: string;
}

/** The source of every compose-config finding. */
export const SOURCE = 'compose-config';

const MISSING_V1 = /^Missing mandatory value for "([^"]+)" option interpolating (.*) in (\w+) "([^"]*)": (.*)$/;
const MISSING_V2 = /(?:interpolating (\S+?): )?required variable (\w+) is missing a value(?::\s*(.*))?$/;
const REQUIRED_REF = /\$\{(\w+)(?::?\?)([^}]*)\}/g;
const BUILD = [/^build path (.+) either does not exist, is not accessible, or is not a valid URL\.?$/, /unable to prepare context: path "(.+)" not found/];
const ENV_FILE = [/^Couldn't find env file: (.+)$/, /^env file (.+) not found(?::.*)?$/];
const MISSING_FILE = [/^open (.+): no such file or directory$/, /FileNotFoundError: \[Errno 2\] No such file or directory: '(.+)'$/];
const UNSET = /The "?(\w+)"? variable is not set\. Defaulting to a blank string\./;
const INVALID_HEADER = /^The Compose file '(.*)' is invalid because:$/;
const VALIDATING = /^validating (.+?): (.*)$/;
/** v1's explanation after a schema error (`compose/config/errors.py`, `VERSION_EXPLANATION`). */
const V1_EXPLANATION = [/^You might be seeing this error because you're using the wrong Compose file version\./, /^For more on the Compose file format versions, see /];
const PYYAML = /^yaml\.[\w.]*Error: (.*)$/;
const PYYAML_MARK = /^\s+in "(.*)", line (\d+), column (\d+)$/;
const GO_YAML = /^(?:.*: )?yaml: (?:line (\d+): )?(.*)$/;
const CRASH = [/^Traceback \(most recent call last\)/, /^panic: /, /^goroutine \d+ \[/];
const LINE = /\bline (\d+)(?:, column (\d+))?/;
/** A data path as the schema messages print it: `services.web.develop.watch.0.action`. */
const DATA_PATH = /^((?:services|networks|volumes|secrets|configs|include|models|develop|extends|name)(?:\.[^\s:,'"]+)*)/;
/** The offending key of a schema message, per generation's wording. */
const KEYS = [
  /Unsupported config option for (\S+): '([^']+)'/, // v1
  /^(\S+) Additional property (\S+) is not allowed/, // v2 up to 2.3x
  /^(\S+) additional properties '([^']+)'/, // v2 2.40
  /^Invalid top-level property "([^"]+)"/, // v1, version 2/3 files
];
const TOP_LEVEL_KEYS = /^'([^']+)'(?:, '[^']+')* (?:does|do) not match any of the regexes/;

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

function missingVariable(text: string): ComposeFinding | undefined {
  const v1 = MISSING_V1.exec(text);
  if (v1) {
    const [, option = '', value = '', kind = '', name = '', reason = ''] = v1;
    const variable = requiredVariable(value, reason);
    const why = reason && reason !== variable ? `: ${reason}` : '';
    const section = kind === 'service' ? 'services' : `${kind}s`;
    const message = `${variable} is required but not set (${kind} "${name}", ${option}${why}): ${fix(variable)}`;
    return { severity: 'error', rule: 'compose-missing-variable', message, variable, path: [section, name, option] };
  }
  const v2 = MISSING_V2.exec(text);
  if (!v2) return undefined;
  const [, where, variable = '', reason] = v2;
  const context = [where, reason && reason !== variable ? reason : undefined].filter(Boolean).join(': ');
  const message = `${variable} is required but not set${context ? ` (${context})` : ''}: ${fix(variable)}`;
  return { severity: 'error', rule: 'compose-missing-variable', message, variable, ...(where ? { path: where.split('.') } : {}) };
}

/** `dir` as the user would write it beside `composeFile` (`./app`, `../other`). */
export function relativeTo(composeFile: string, target: string): string {
  const rel = path.relative(path.dirname(composeFile), target) || '.';
  return rel.startsWith('.') || path.isAbsolute(rel) ? rel : `./${rel}`;
}

/** The message of a missing build folder, for Compose's report and iacgen's own check alike. */
export function missingBuildMessage(shown: string): string {
  return `build context ${shown} does not exist: create the folder, or fix the build: path`;
}

/** The message of a missing `env_file`, for Compose's report and iacgen's own check alike. */
export function missingEnvFileMessage(shown: string): string {
  return `env_file ${shown} does not exist: create it, fix the path, or mark it required: false (Compose v2)`;
}

/** The message of a missing `include`/`extends` file, for Compose's report and iacgen's own check alike. */
export function missingFileMessage(shown: string): string {
  return `${shown} does not exist: fix the include or extends path, or create the file`;
}

/** One PyYAML error block (message lines and `in "file", line L, column C` marks) as one finding. */
function pyyaml(lines: readonly string[]): ComposeFinding {
  const parts: string[] = [];
  let line = 1;
  let column = 1;
  let file: string | undefined;
  for (const l of lines) {
    const mark = PYYAML_MARK.exec(l);
    if (mark) {
      file = mark[1];
      line = position(mark[2]);
      column = position(mark[3]);
    } else {
      parts.push((PYYAML.exec(l)?.[1] ?? l).trim());
    }
  }
  return { severity: 'error', rule: 'config', message: `YAML syntax: ${parts.join('; ')}`, ...(file ? { file } : {}), line, column };
}

/** The data path and offending key a schema message names, if any. */
function schemaTarget(text: string): Pick<ComposeFinding, 'path' | 'key'> {
  for (const re of KEYS) {
    const m = re.exec(text);
    if (!m) continue;
    if (m.length === 2) return { path: [], key: m[1] ?? '' };
    return { path: (m[1] ?? '').split('.'), key: m[2] ?? '' };
  }
  const top = TOP_LEVEL_KEYS.exec(text);
  if (top) return { path: [], key: top[1] ?? '' };
  const dotted = DATA_PATH.exec(text);
  return dotted ? { path: (dotted[1] ?? '').split('.') } : {};
}

/** The finding of one message line (not a YAML block, not a header). */
function lineFinding(text: string, warning: boolean, exitCode: number, cwd: string, file: string | undefined): ComposeFinding {
  const unset = UNSET.exec(text);
  if (unset) {
    const variable = unset[1] ?? '';
    const message = `${variable} is not set and has no default, so it is empty: ${fix(variable)}, or give a default (\${${variable}:-value})`;
    return { severity: 'warning', rule: 'compose-unset-variable', message, variable };
  }
  const missing = missingVariable(text);
  if (missing) return missing;
  const build = BUILD.map((re) => re.exec(text)?.[1]).find((d) => d !== undefined);
  if (build !== undefined) {
    const dir = path.resolve(cwd, build);
    return { severity: 'error', rule: 'compose-missing-build-context', message: missingBuildMessage(dir), missing: dir };
  }
  const envFile = ENV_FILE.map((re) => re.exec(text)?.[1]).find((d) => d !== undefined);
  if (envFile !== undefined) {
    const abs = path.resolve(cwd, envFile);
    return { severity: 'error', rule: 'compose-missing-env-file', message: missingEnvFileMessage(abs), missing: abs };
  }
  const missingFile = MISSING_FILE.map((re) => re.exec(text)?.[1]).find((d) => d !== undefined);
  if (missingFile !== undefined) {
    const abs = path.resolve(cwd, missingFile);
    return { severity: 'error', rule: 'compose-missing-file', message: missingFileMessage(abs), missing: abs };
  }
  const validating = VALIDATING.exec(text);
  const body = validating ? (validating[2] ?? '') : text;
  const named = validating?.[1] ?? file;
  const goYaml = validating ? undefined : GO_YAML.exec(text);
  const severity: Severity = warning || exitCode === 0 ? 'warning' : 'error';
  if (goYaml && !warning) {
    return { severity: 'error', rule: 'config', message: `YAML syntax: ${goYaml[2] ?? ''}`, yaml: true, ...(goYaml[1] ? { line: position(goYaml[1]) } : {}) };
  }
  const lineRef = LINE.exec(body);
  return {
    severity,
    rule: 'config',
    message: body,
    ...(named ? { file: named } : {}),
    ...schemaTarget(body),
    ...(lineRef ? { line: position(lineRef[1]), column: position(lineRef[2]) } : {}),
  };
}

/**
 * Reads one `config -q` run of either generation. Pure; never throws. A crash (a Python
 * traceback, a Go panic) or a non-zero exit with no error message is `failure`; every
 * well-formed message is a finding.
 */
export function readComposeOutput(output: CheckerOutput): ComposeReading {
  const all = textLines(`${output.stderr}\n${output.stdout}`);
  if (all.some((l) => CRASH.some((re) => re.test(l)))) return { findings: [], failure: 'compose crashed' };
  const findings: ComposeFinding[] = [];
  let file: string | undefined;
  for (let i = 0; i < all.length; i += 1) {
    const { text, warning } = unwrap(all[i] ?? '');
    const header = INVALID_HEADER.exec(text);
    if (header) {
      file = header[1];
      continue;
    }
    if (V1_EXPLANATION.some((re) => re.test(text))) continue;
    if (PYYAML.test(text)) {
      findings.push(pyyaml(all.slice(i)));
      break;
    }
    const finding = lineFinding(text, warning, output.exitCode, output.cwd, file);
    findings.push(file === undefined ? finding : { ...finding, schema: true });
  }
  if (output.exitCode !== 0 && !findings.some((f) => f.severity === 'error')) {
    return { findings, failure: 'compose config failed without an error message' };
  }
  return { findings };
}

/**
 * The message of a finding as reported without its file's YAML at hand: paths shown relative to
 * the first file of the call.
 */
function shown(finding: ComposeFinding, output: CheckerOutput): string {
  if (finding.missing === undefined) return finding.message;
  const composeFile = path.resolve(output.cwd, output.files[0] ?? '.');
  const rel = relativeTo(composeFile, finding.missing);
  if (finding.rule === 'compose-missing-build-context') return missingBuildMessage(rel);
  if (finding.rule === 'compose-missing-env-file') return missingEnvFileMessage(rel);
  if (finding.rule === 'compose-missing-file') return missingFileMessage(rel);
  return finding.message;
}

/**
 * Parses one `config -q` call (mode `file`): every finding on the call's file (or the call file
 * a message names), at the line the message gives, else 1. Pure; never throws.
 */
export function parseComposeConfig(output: CheckerOutput): ParsedOutput {
  const reading = readComposeOutput(output);
  if (reading.failure) return failed(reading.failure, output);
  const first = output.files[0] ?? '';
  const diagnostics: ParsedDiagnostic[] = reading.findings.map((f) => {
    const named = f.file === undefined ? first : callFile(f.file, output);
    return {
      file: output.files.includes(named) ? named : first,
      line: f.line ?? 1,
      column: f.column ?? 1,
      severity: f.severity,
      rule: f.rule,
      message: shown(f, output),
      source: SOURCE,
    };
  });
  return { diagnostics };
}
