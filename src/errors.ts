/**
 * Errors named by intent. Each carries its exit code; `main.ts` is the one place that maps a
 * thrown error to an exit code and a message (no stack trace unless IACGEN_DEBUG=1).
 */

/** Documented exit codes of every iacgen command. */
export const EXIT = {
  /** Success; for validate: no error findings. */
  ok: 0,
  /** Validate found at least one error finding; new found a conflict or invalid output. */
  findings: 1,
  /** Bad usage, bad answers or an invalid configuration file. */
  usage: 2,
  /** A bug or an unexpected failure inside iacgen. */
  internal: 3,
  /** Interrupted by Ctrl-C or SIGINT (128 + 2); SIGTERM and SIGHUP give {@link SIGNAL_EXIT}'s codes. */
  interrupted: 130,
} as const;

/**
 * The signals that stop a run, with their exit codes: 128 + the signal's number, the shells'
 * convention (signal(7): SIGHUP 1, SIGINT 2, SIGTERM 15).
 */
export const SIGNAL_EXIT = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;

/** A signal that stops the run. */
export type StopSignal = keyof typeof SIGNAL_EXIT;

/** Base of every error iacgen expects; the message is shown to the user as is. */
export class IacgenError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
    /** What the user can do about it, shown on a second line. */
    readonly hint?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Wrong flags, arguments or answers (exit 2). */
export class UsageError extends IacgenError {
  constructor(message: string, hint?: string) {
    super(message, EXIT.usage, hint);
  }
}

/** An invalid configuration or inventory file (exit 2). `file` is the path shown to the user. */
export class ConfigError extends IacgenError {
  constructor(
    readonly file: string,
    message: string,
    hint?: string,
  ) {
    super(`${file}: ${message}`, EXIT.usage, hint);
  }
}

/**
 * The run was stopped by a signal (Ctrl-C at a prompt or anywhere, SIGTERM, SIGHUP): exit
 * 128 + the signal's number. `outcome` says what became of the work (default: nothing written).
 */
export class InterruptedError extends IacgenError {
  constructor(
    readonly signal: StopSignal = 'SIGINT',
    outcome = 'nothing was written',
  ) {
    super(`interrupted by ${signal}; ${outcome}`, SIGNAL_EXIT[signal]);
  }
}
