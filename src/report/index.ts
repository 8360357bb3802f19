/**
 * The reporter registry: one entry per `--format`, each a pure function from a
 * {@link ValidationResult} to the text of the report. Reporters are imported when chosen, so a
 * run that prints `pretty` never loads the XML builder of `junit`.
 */
import type { ValidationResult } from '../check/types.js';
import type { FailOn } from '../verdict/fail-on.js';

/** What a reporter may take into account besides the result; each ignores what it has no use for. */
export interface ReportOptions {
  /** Colour the output (ANSI). Only `pretty` uses it; the caller decides (TTY and NO_COLOR). */
  color?: boolean;
  /** Only findings and the summary line (the pre-commit hook): no timing line. */
  brief?: boolean;
  /** The lowest severity that fails the run (`--fail-on`; default `error`): the summary's verdict. */
  failOn?: FailOn;
  /** List the findings the baseline knows too, apart (`--show-baseline`); default: only counted. */
  showBaseline?: boolean;
}

/** Turns a validation result into the text of a report. Pure: no I/O, never throws. */
export type Reporter = (result: ValidationResult, options?: ReportOptions) => string;

/** Every report format, in the order `--help` lists them; the first is the default. */
export const FORMATS = ['pretty', 'json', 'sarif', 'junit', 'github', 'codeclimate'] as const;

/** A `--format` value. */
export type Format = (typeof FORMATS)[number];

const LOADERS: Record<Format, () => Promise<Reporter>> = {
  pretty: async () => (await import('./pretty.js')).formatPretty,
  json: async () => (await import('./json.js')).formatJson,
  sarif: async () => (await import('./sarif.js')).formatSarif,
  junit: async () => (await import('./junit.js')).formatJunit,
  github: async () => (await import('./github.js')).formatGithub,
  codeclimate: async () => (await import('./codeclimate.js')).formatCodeclimate,
};

/** True when `name` is a known format. */
export function isFormat(name: string): name is Format {
  return (FORMATS as readonly string[]).includes(name);
}

/** The reporter of `format`, its module imported on first use. */
export function loadReporter(format: Format): Promise<Reporter> {
  return LOADERS[format]();
}
