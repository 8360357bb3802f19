/**
 * How bad each `dockerfile-utils` finding is, by its `ValidationCode` name (the rule id iacgen
 * reports). Data only; read by `dockerfile-utils.ts`.
 *
 * `error`: the Dockerfile will not build as written (Docker's builder rejects it with the same
 * message: an unknown instruction, missing or extra arguments, an unknown or malformed flag, an
 * invalid port, escape directive, stage name or image reference). `warning`: it builds, but the
 * finding is an opinion or a likely mistake (a deprecated MAINTAINER, instruction casing, a
 * second CMD that silently replaces the first, a relative WORKDIR, a JSON array in single quotes
 * that runs as a shell string). What each code means: `dockerfile-utils` 0.16
 * `lib/dockerValidator.js` (`Validator.dockerProblems` and the `create*` function of each code).
 * A code missing here (a newer library) keeps the library's own LSP severity.
 */
import type { Severity } from '../types.js';

export const DOCKERFILE_SEVERITY: Readonly<Record<string, Severity>> = {
  // Opinions and likely mistakes: the image still builds.
  CASING_INSTRUCTION: 'warning',
  CASING_DIRECTIVE: 'warning',
  DEPRECATED_MAINTAINER: 'warning',
  EMPTY_CONTINUATION_LINE: 'warning',
  MULTIPLE_INSTRUCTIONS: 'warning',
  JSON_IN_SINGLE_QUOTES: 'warning',
  WORKDIR_IS_NOT_ABSOLUTE: 'warning',
  // Instructions and their arguments.
  UNKNOWN_INSTRUCTION: 'error',
  ARGUMENT_MISSING: 'error',
  ARGUMENT_EXTRA: 'error',
  ARGUMENT_REQUIRES_ONE: 'error',
  ARGUMENT_REQUIRES_AT_LEAST_ONE: 'error',
  ARGUMENT_REQUIRES_TWO: 'error',
  ARGUMENT_REQUIRES_AT_LEAST_TWO: 'error',
  ARGUMENT_REQUIRES_ONE_OR_THREE: 'error',
  ARGUMENT_UNNECESSARY: 'error',
  HEALTHCHECK_CMD_ARGUMENT_MISSING: 'error',
  UNKNOWN_TYPE: 'error',
  INVALID_DESTINATION: 'error',
  INVALID_PORT: 'error',
  INVALID_PROTO: 'error',
  INVALID_SIGNAL: 'error',
  INVALID_SYNTAX: 'error',
  SHELL_JSON_FORM: 'error',
  SHELL_REQUIRES_ONE: 'error',
  ONBUILD_CHAINING_DISALLOWED: 'error',
  ONBUILD_TRIGGER_DISALLOWED: 'error',
  SYNTAX_MISSING_EQUALS: 'error',
  SYNTAX_MISSING_NAMES: 'error',
  SYNTAX_MISSING_SINGLE_QUOTE: 'error',
  SYNTAX_MISSING_DOUBLE_QUOTE: 'error',
  UNSUPPORTED_MODIFIER: 'error',
  // Build stages and base images.
  NO_SOURCE_IMAGE: 'error',
  INVALID_AS: 'error',
  INVALID_REFERENCE_FORMAT: 'error',
  INVALID_BUILD_STAGE_NAME: 'error',
  DUPLICATE_BUILD_STAGE_NAME: 'error',
  BASE_NAME_EMPTY: 'error',
  // Flags.
  UNKNOWN_ADD_FLAG: 'error',
  UNKNOWN_COPY_FLAG: 'error',
  UNKNOWN_FROM_FLAG: 'error',
  UNKNOWN_HEALTHCHECK_FLAG: 'error',
  FLAG_AT_LEAST_ONE: 'error',
  FLAG_DUPLICATE: 'error',
  FLAG_INVALID_DURATION: 'error',
  FLAG_LESS_THAN_1MS: 'error',
  FLAG_MISSING_DURATION: 'error',
  FLAG_MISSING_VALUE: 'error',
  FLAG_UNKNOWN_UNIT: 'error',
  FLAG_INVALID_FROM_VALUE: 'error',
  FLAG_EXPECTED_BOOLEAN_VALUE: 'error',
  // Parser directives.
  INVALID_ESCAPE_DIRECTIVE: 'error',
  DUPLICATED_ESCAPE_DIRECTIVE: 'error',
};
