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
  /** Interrupted by Ctrl-C (128 + SIGINT). */
  interrupted: 130,
} as const;

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

/** The user pressed Ctrl-C at a prompt (exit 130); nothing was written. */
export class InterruptedError extends IacgenError {
  constructor() {
    super('interrupted; nothing was written', EXIT.interrupted);
  }
}
