/**
 * Shared shapes of the validate engine: diagnostics, check records and the checker contract.
 * A checker is a declarative manifest (see `manifest.ts`) plus one output parser, the only code.
 */
import type { FileType } from '../classify/tables.js';
import type { BuiltinCheckerManifest, CheckerManifest, Invocation } from './manifest.js';
import type { SandboxState } from './sandbox.js';

/**
 * How bad a diagnostic is, by consequence (`src/verdict/`): `error` when the file will not load,
 * parse, run or deploy as written; `warning` for style, opinion and a missing environment. Error
 * findings make `iacgen validate` exit 1 (warnings too with `--fail-on warning`).
 */
export type Severity = 'error' | 'warning' | 'info';

/**
 * One finding about one file.
 * `line` and `column` are 1-based; 1 where the checker gives no position.
 */
export interface Diagnostic {
  line: number;
  column: number;
  severity: Severity;
  /** The checker's own rule id (`key-duplicates`, `SC2086`, `syntax-check`, ...). */
  rule: string;
  message: string;
  /** The checker id that produced it, or `iacgen` for policy rules. */
  source: string;
  /**
   * The severity the checker itself gave, when the verdict layer changed it (`src/verdict/`: a
   * style finding of a checker the repository does not configure, a missing environment).
   */
  checkerSeverity?: Severity;
  /**
   * The checkers that reported this same finding (same file and line, or the same load failure),
   * this one's `source` first, when more than one did; the others' copies are left out.
   */
  agreed?: string[];
  /**
   * True when the repository's baseline (`.iacgen-baseline.json`, `src/baseline/`) knows this
   * finding: reported apart, never failing the run.
   */
  baseline?: true;
}

/** A diagnostic as a parser returns it: `file` is the path exactly as it was passed to the checker. */
export interface ParsedDiagnostic extends Diagnostic {
  file: string;
}

/** What one checker process left behind, as given to its output parser. */
export interface CheckerOutput {
  stdout: string;
  stderr: string;
  exitCode: number;
  /** The file arguments of this call, relative to `cwd` (as passed on the command line). */
  files: string[];
  /** Working directory of the call (absolute). */
  cwd: string;
}

/**
 * The result of parsing one checker call.
 * `failure` is set when the checker itself broke (crashed, unreadable output, unexpected exit code):
 * the files of the call get the `error` status with that message, never `pass`.
 */
export interface ParsedOutput {
  diagnostics: ParsedDiagnostic[];
  failure?: string;
  /**
   * Files (as passed) that the checker could not really check, with the reason
   * (e.g. "provider not installed: run terraform init"): reported as `skipped`, never `pass`.
   */
  skipped?: Record<string, string>;
  /**
   * Files (as passed) whose own check broke while the rest of the call went fine (a job of a
   * batch that crashed, an exit code its parser cannot explain): `error` for those files only,
   * with the reason and what the checker printed for them. The other files keep their verdicts.
   */
  errors?: Record<string, FileError>;
}

/**
 * Which way a checker's calls ran: its fast path (a worker that shares the tool's start-up, a
 * patch of its internals) or the plain command line, and why (the tool's version against the
 * range the fast path was proven on, a worker that could not start).
 */
export interface Route {
  fast: boolean;
  why: string;
}

/** Why one file of a call could not be checked: the reason, and the checker's output for it. */
export interface FileError {
  reason: string;
  /** What the checker printed for this file (at most `RAW_OUTPUT_LIMIT` characters). */
  output?: string;
}

/** Turns a finished checker call into diagnostics. Pure: no I/O, never throws. */
export type OutputParser = (output: CheckerOutput) => ParsedOutput;

/** A checker that runs a command: its validated manifest plus its output parser. */
export interface CommandChecker extends CheckerManifest {
  parse: OutputParser;
  /**
   * Arguments that depend on the files of one call (a variables file found beside a compose
   * file), put where the args say `{options}`. May read the disk; must not throw.
   */
  callOptions?: (files: readonly string[], cwd: string) => Promise<string[]>;
  /**
   * Runs one call itself instead of the manifest's command line: a worker that pays a Python
   * tool's start-up once for the call's files (`checkers/python-worker.ts`), giving each file the
   * CLI's verdict. `invocation` is how the runner resolved the command (`path` when found on
   * PATH). Must not throw; the checker's failures come back as `parsed.failure`.
   */
  run?: (call: { files: string[]; cwd: string; invocation: Pick<Invocation, 'command' | 'args'>; timeoutMs: number; versionArgs?: readonly string[] }) => Promise<CallResult>;
  /**
   * Hand the parser what a killed or timed-out call printed too (its result is then ignored: the
   * call fails either way), for a checker that reports file by file as it goes (the Python worker).
   */
  parsePartial?: boolean;
  /** What `run` does faster than the plain command line, and the versions it was proven on. */
  fastPath?: FastPath;
  /**
   * Folders iacgen made for this call (absolute), which the checker writes and iacgen reads
   * afterwards: bound writable in the sandbox (see `sandbox.ts`), whose own `/tmp` is private.
   */
  scratch?: readonly string[];
}

/**
 * A checker's fast path, for `iacgen doctor` and the report: what it does, and the tool versions
 * it was proven on (same verdicts as the plain CLI); outside them the plain CLI runs.
 */
export interface FastPath {
  what: string;
  /** A Python distribution and major.minor range, both ends included; unset: every version. */
  proven?: { distribution: string; from: string; through: string };
}

/** One call of a built-in checker: files relative to `cwd` (absolute). */
export interface BuiltinCall {
  files: string[];
  cwd: string;
}

/**
 * A checker that runs inside iacgen. `check` reads the files itself and must not throw for a
 * file's problems (they are diagnostics); a thrown error becomes the `error` status.
 */
export interface BuiltinChecker extends BuiltinCheckerManifest {
  check: (call: BuiltinCall) => Promise<ParsedOutput>;
}

/** Any checker, told apart by `kind`. */
export type Checker = CommandChecker | BuiltinChecker;

/** Outcome of one checker on one file. */
export type CheckStatus = 'pass' | 'fail' | 'skipped' | 'error';

/** One checker's verdict on one file, as reported in the JSON report's `checks`. */
export interface CheckRecord {
  checker: string;
  status: CheckStatus;
  /** Wall time of the checker call that covered this file, in ms. */
  durationMs: number;
  /** Why it was skipped or errored (install hint, time-out, crash message). */
  reason?: string;
  /** For `error`: what the checker printed, so a crash is never silent. */
  output?: string;
  /** True when the verdict was reused from the result cache (nothing it depends on changed). */
  cached?: boolean;
  /**
   * The checker's own verdict (`pass` or `fail`, as its exit code says), when the verdict layer
   * changed `status`: `pass` once its only errors are style, `skipped` for a missing environment.
   */
  checkerStatus?: CheckStatus;
}

/**
 * Why a path was not checked at all, as a code (the JSON report's `notChecked`):
 * - `binary`: a NUL byte in its first 8000 bytes;
 * - `too-large`: over `maxFileBytes`;
 * - `unreadable`: a file or folder the system would not let iacgen read (EACCES, ...);
 * - `special-file`: a FIFO, socket or device, never opened (opening a FIFO blocks);
 * - `symlink-loop`: a symlink that leads back to itself;
 * - `broken-symlink`: a symlink to nothing;
 * - `outside-repository`: a symlink, found while walking, to a file or folder outside the
 *   repository: not followed (name the path on the command line to check it);
 * - `symlink`: a symlink to a file or folder inside the repository: checked at its own path.
 */
export type NotCheckedReason = 'binary' | 'too-large' | 'unreadable' | 'special-file' | 'symlink-loop' | 'broken-symlink' | 'outside-repository' | 'symlink';

/** Every {@link NotCheckedReason}, in the order reports list them. */
export const NOT_CHECKED_REASONS: readonly NotCheckedReason[] = ['unreadable', 'special-file', 'symlink-loop', 'broken-symlink', 'outside-repository', 'too-large', 'binary', 'symlink'];

/** Everything validate learned about one file. */
export interface FileResult {
  /** Absolute path. */
  absPath: string;
  type: FileType;
  checks: CheckRecord[];
  diagnostics: Diagnostic[];
  /** Why the file was not checked at all (binary, too large, unreadable, ...), in words, if so. */
  note?: string;
  /** Why the file was not checked at all, as a code; set together with `note`. */
  notChecked?: NotCheckedReason;
}

/** The whole result of one validation run; reporters turn it into text. */
export interface ValidationResult {
  /** Directory that report paths are relative to (absolute). */
  cwd: string;
  files: FileResult[];
  /** Every checker that applied to at least one file: ran, missing or off, with its version. */
  checkers: CheckerInfo[];
  /** Wall time of the whole run, in ms. */
  durationMs: number;
  /**
   * Whether the checkers that can run the repository's code ran in the sandbox, and if not why
   * (`sandbox.ts`); unset when the caller did not decide (the engine used as a library).
   */
  sandbox?: SandboxState;
  /** The baseline the run was matched against (`src/baseline/`), when one was in use. */
  baseline?: BaselineUse;
  /** Set when the run checked part of the repository on purpose (`--changed-since`, `--shard`). */
  selection?: RunSelection;
}

/** The part of the repository a run checked on purpose: the JSON report's `selection`. */
export interface RunSelection {
  /** `--changed-since`: the ref as given, its merge base with HEAD, and how many paths changed since. */
  changedSince?: { ref: string; base: string; changed: number };
  /** `--shard i/n`: this run's part (1-based) of `count`. */
  shard?: { index: number; count: number };
}

/**
 * How a run met its baseline: the JSON report's top-level `baseline` (null when none was used).
 * Counts are findings (an entry with `count: 3` is three).
 */
export interface BaselineUse {
  /** The baseline file, relative to the run's working directory, `/`-separated. */
  file: string;
  /** Findings the baseline knows (reported apart, never failing the run). */
  matched: number;
  /** Findings it does not know. */
  new: number;
  /**
   * Baseline findings that no longer occur, among those this run could judge: entries of the
   * files it checked (with their checker run), and of files gone when it checked the whole repository.
   */
  stale: number;
}

/** What one checker call produced. */
export interface CallResult {
  parsed: ParsedOutput;
  /** Wall time of the call, in ms. */
  durationMs: number;
  /** What the checker printed (stdout then stderr, at most `RAW_OUTPUT_LIMIT` (call.ts) characters), when it failed. */
  raw?: string;
  /** For a checker with a fast path: which way this call ran, and why. */
  route?: Route;
  /**
   * The tool's version text, when the call was asked for it (`versionArgs`) and could give it
   * on the way (the last job of a Python worker); as `cache/tool.ts` versionText would read it.
   */
  versionText?: string;
}

/** A file to check: absolute path and its type. */
export interface CheckTarget {
  absPath: string;
  type: FileType;
  /** The file's bytes when already read (the result cache digests them instead of reading again). */
  bytes?: Buffer;
  /**
   * The file lies outside the repository (named on the command line through a symlink, or in a
   * folder outside it): checkers whose manifest says `runsRepositoryCode` skip it.
   */
  outside?: boolean;
}

/** What the pipeline found for one file. */
export interface FileChecks {
  checks: CheckRecord[];
  diagnostics: Diagnostic[];
}

/**
 * What to do about a checker: `required` (missing = error finding), `optional` (missing =
 * skipped, the default), `off` (never run).
 */
export type CheckerPolicy = 'required' | 'optional' | 'off';

/** What the run learned about one checker that applied to at least one file. */
export interface CheckerInfo {
  id: string;
  policy: CheckerPolicy;
  /** `ran`, `missing` (not installed) or `off` (switched off by policy or selection). */
  status: 'ran' | 'missing' | 'off';
  /** Executable path (command checkers) or `builtin`. */
  path?: string;
  /** Version as the checker prints it (first version-like token), when known. */
  version?: string;
  installHint?: string;
  /**
   * For a checker with a fast path (a Python worker, a patch of the tool's internals): which way
   * its calls ran and why; `fast: false` when any call had to use the plain command line.
   */
  route?: Route;
  /** Set when the version is outside the versions iacgen is tested with (`versions.ts`): why. */
  untested?: string;
  /**
   * For a checker that can run the repository's code (`runsRepositoryCode`) and ran: whether its
   * calls ran in the sandbox (`sandbox.ts`).
   */
  sandboxed?: boolean;
}
