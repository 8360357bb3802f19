/**
 * The checker manifest schema: one zod schema for built-in and (later) user-supplied checkers,
 * in the manner of pre-commit's hook manifest and MegaLinter's linter descriptors.
 */
import { z } from 'zod';
import { FILE_TYPES } from '../classify/tables.js';

/**
 * How a checker is called:
 * - `file`: once per file (`{file}` in args);
 * - `files`: once per batch of files (`{files}` in args);
 * - `project`: once per directory holding matching files (`{dir}` in args).
 */
export const checkerModeSchema = z.enum(['file', 'files', 'project']);

/** Stable checker id, used in reports and config (`yamllint`, `ansible-syntax-check`). */
export const checkerIdSchema = z.string().regex(/^[a-z0-9][a-z0-9-]*$/);

/**
 * Files a command cannot read, by extension (lower-cased, with the dot, matched at the end of the
 * name, longest first): each gets the `skipped` status with the reason given, and no call; a
 * built-in stand-in (`onlyWithout`) checks them instead. `terraform` reads no OpenTofu `.tofu`
 * files, `tofu` does: the reason belongs to the command, not the checker.
 */
const skipsSchema = z.record(z.string().regex(/^\.[a-z0-9.]+$/), z.string().min(1)).default({});

/**
 * Another way to run the same checker (`tofu` for `terraform`, `docker compose` for
 * `docker-compose`), tried in order when the main command is absent or its probe fails.
 */
export const alternativeSchema = z
  .object({
    command: z.string().min(1),
    args: z.array(z.string()),
    versionArgs: z.array(z.string()),
    /** Run `versionArgs` to confirm the command works (`docker` without its compose plugin). */
    probe: z.boolean().default(false),
    skips: skipsSchema,
  })
  .strict();

/**
 * Expected CPU time of a call, in ms: `call` for the start-up, `file` for each file. Only the
 * order of calls depends on it (the costliest first, so that a long call never starts last);
 * figures measured on the benchmark repository (`test/bench/`), rounded. Default {@link DEFAULT_COST}.
 */
const costSchema = z.object({ call: z.number().nonnegative(), file: z.number().nonnegative() }).strict().optional();

/** The expected cost of a checker that does not give one (a quick tool). */
export const DEFAULT_COST = { call: 20, file: 5 } as const;

/** Declarative part of a command checker. Unknown keys are rejected so that typos surface at load time. */
export const checkerManifestSchema = z
  .object({
    kind: z.literal('command').default('command'),
    id: checkerIdSchema,
    /** Executable looked up on PATH. */
    command: z.string().min(1),
    /** Arguments; `{file}`, `{files}` or `{dir}` expand per the mode. */
    args: z.array(z.string()),
    fileTypes: z.array(z.enum(FILE_TYPES)).min(1),
    mode: checkerModeSchema,
    /** Arguments that make the command print its version (`['--version']`). */
    versionArgs: z.array(z.string()),
    /** Per call, in ms; a call past it is killed and its files get the `error` status. */
    timeoutMs: z.number().int().positive(),
    /** Exit codes that mean "ran and reported"; anything else is a checker failure. */
    okExitCodes: z.array(z.number().int()).min(1),
    /** One line telling a Debian/Ubuntu user how to get the command. */
    installHint: z.string().min(1),
    /** Extra environment for the call. */
    env: z.record(z.string(), z.string()).default({}),
    /** Largest number of files per call in `files` mode (keeps command lines short). */
    batchSize: z.number().int().positive().default(200),
    cost: costSchema,
    /** Run `versionArgs` to confirm the command works before using it. */
    probe: z.boolean().default(false),
    /** Files the main command cannot read (an alternative gives its own). */
    skips: skipsSchema,
    alternatives: z.array(alternativeSchema).default([]),
    /**
     * The tool can run a repository's code while checking it (Jinja lookups, vault password
     * scripts, inventory scripts, Terraform providers): it runs in the sandbox, and never on a
     * file that lies outside the repository.
     */
    runsRepositoryCode: z.boolean().default(false),
  })
  .strict();

/** How a command checker is run once resolved: the main command or one of its alternatives. */
export type Invocation = z.infer<typeof alternativeSchema>;

/**
 * The reason `invocation` cannot read the file at `filePath` (its `skips` entry for the longest
 * extension the name ends with, case-insensitive), or undefined when it can.
 */
export function skipReason(invocation: Pick<Invocation, 'skips'> | undefined, filePath: string): string | undefined {
  const name = filePath.toLowerCase();
  const ext = Object.keys(invocation?.skips ?? {})
    .filter((e) => name.endsWith(e))
    .sort((a, b) => b.length - a.length)[0];
  return ext === undefined ? undefined : invocation?.skips[ext];
}

/** A command checker's manifest after validation (defaults applied). */
export type CheckerManifest = z.infer<typeof checkerManifestSchema>;

/**
 * Declarative part of a built-in checker: one that runs inside iacgen (parsers, schemas) and so
 * needs no command, no install hint and no exit codes.
 */
export const builtinCheckerManifestSchema = z
  .object({
    kind: z.literal('builtin'),
    id: checkerIdSchema,
    fileTypes: z.array(z.enum(FILE_TYPES)).min(1),
    mode: checkerModeSchema,
    /** Per call, in ms; a call past it gets the `error` status (it cannot be killed, only abandoned). */
    timeoutMs: z.number().int().positive(),
    /** Version reported for the checker (the library's, e.g. `yaml 2.9.1`). */
    version: z.string().min(1),
    /**
     * Stand in for this other checker (an in-process HCL parse stands in for `terraform fmt`): run
     * on every file when it is not installed, else only on the files its command `skips` (the
     * `.tofu` files `terraform` cannot read); `off` for the run when that leaves none.
     */
    onlyWithout: checkerIdSchema.optional(),
    batchSize: z.number().int().positive().default(200),
    cost: costSchema,
  })
  .strict();

/** A built-in checker's manifest after validation. */
export type BuiltinCheckerManifest = z.infer<typeof builtinCheckerManifestSchema>;
