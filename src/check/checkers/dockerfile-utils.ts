import type { validate } from 'dockerfile-utils';
import { builtinCheckerManifestSchema } from '../manifest.js';
import type { BuiltinChecker, ParsedDiagnostic, Severity } from '../types.js';
import { DOCKERFILE_SEVERITY } from './dockerfile-rules.js';
import { checkEachFile, libraryVersion } from './in-process.js';

/** A diagnostic as `dockerfile-utils` returns it (the LSP `Diagnostic` of `vscode-languageserver-types`). */
type LspDiagnostic = ReturnType<typeof validate>[number];

/** LSP `DiagnosticSeverity` (1 Error, 2 Warning, 3 Information, 4 Hint) as iacgen's severity. */
export function lspSeverity(severity: number | undefined): Severity {
  return severity === 1 ? 'error' : severity === 2 ? 'warning' : 'info';
}

/**
 * One library diagnostic as iacgen's: the rule is the `ValidationCode` name (`codeName` maps the
 * number to it), the severity comes from {@link DOCKERFILE_SEVERITY} (else the LSP severity), and
 * the 0-based LSP range start becomes a 1-based line and column.
 */
export function toDiagnostic(d: LspDiagnostic, file: string, codeName: (code: number) => string | undefined): ParsedDiagnostic {
  const rule = typeof d.code === 'number' ? (codeName(d.code) ?? String(d.code)) : (d.code ?? 'dockerfile');
  return {
    file,
    line: d.range.start.line + 1,
    column: d.range.start.character + 1,
    severity: DOCKERFILE_SEVERITY[rule] ?? lspSeverity(d.severity),
    rule,
    message: typeof d.message === 'string' ? d.message : d.message.value,
    source: 'dockerfile-utils',
  };
}

/**
 * Dockerfile check in process with `dockerfile-utils` (the Docker language server's validator):
 * `validate(text, settings)` returns LSP diagnostics, each with a numeric `ValidationCode`. Every
 * optional check is asked for (as a warning: the library's setting), then each finding's severity
 * is iacgen's, per code (`dockerfile-rules.ts`): `error` when the Dockerfile will not build as
 * written, `warning` for opinions. Applies to `dockerfile` files (Dockerfile, Containerfile,
 * `*.dockerfile`, `Dockerfile.*`).
 */
export const dockerfileUtils: BuiltinChecker = {
  ...builtinCheckerManifestSchema.parse({
    kind: 'builtin',
    id: 'dockerfile-utils',
    fileTypes: ['dockerfile'],
    mode: 'files',
    timeoutMs: 30_000,
    version: libraryVersion('dockerfile-utils'),
  }),
  check: async (call) => {
    // Imported on first use: about 30 ms of start-up that a run without a Dockerfile never needs.
    const { validate, ValidationCode, ValidationSeverity } = await import('dockerfile-utils');
    const all = ValidationSeverity.WARNING;
    const settings = {
      deprecatedMaintainer: all,
      directiveCasing: all,
      emptyContinuationLine: all,
      instructionCasing: all,
      instructionCmdMultiple: all,
      instructionEntrypointMultiple: all,
      instructionHealthcheckMultiple: all,
      instructionJSONInSingleQuotes: all,
      instructionWorkdirRelative: all,
    };
    const codeName = (code: number): string | undefined => (ValidationCode as unknown as Record<number, string>)[code];
    return checkEachFile(call, (text, file) => validate(text, settings).map((d) => toDiagnostic(d, file, codeName)));
  },
};
