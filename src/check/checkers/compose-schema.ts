import type { ValidateFunction } from 'ajv';
import { LineCounter, parseDocument, type Document } from 'yaml';
import { builtinCheckerManifestSchema } from '../manifest.js';
import type { BuiltinChecker, ParsedDiagnostic } from '../types.js';
import { schemaProblems } from './compose/schema-errors.js';
import { loadValidator } from './compose/validator.js';
import { keyOffset, locate, pointerSegments } from './compose/yaml-path.js';
import { checkEachFile, libraryVersion } from './in-process.js';
import { YAML_OPTIONS, yamlDiagnostics } from './yaml-parse.js';

/** Where the vendored schema comes from (see `compose/README.md`). */
export const COMPOSE_SCHEMA_ORIGIN = 'compose-spec schema (from dclint 3.1.0)';

let compiled: ValidateFunction | undefined;

/** The Compose schema's validator (precompiled by the build, else compiled on first use). */
function validator(): ValidateFunction {
  compiled ??= loadValidator();
  return compiled;
}

/** Schema diagnostics for one parsed, error-free Compose document. */
export function schemaDiagnostics(doc: Document, lineCounter: LineCounter, file: string): ParsedDiagnostic[] {
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 1000 }) ?? null;
  } catch (err) {
    // Alias bombs and the like: yaml refuses to expand them.
    const message = err instanceof Error ? err.message : String(err);
    return [{ file, line: 1, column: 1, severity: 'error', rule: 'syntax', message, source: 'compose-schema' }];
  }
  const validate = validator();
  if (validate(data)) return [];
  return schemaProblems(validate.errors ?? [])
    .map((p) => {
      const location = locate(doc, pointerSegments(p.instancePath));
      const offset = p.key === undefined ? location.offset : keyOffset(doc, location, p.key);
      const { line, col } = lineCounter.linePos(offset);
      return { file, line, column: col, severity: 'error' as const, rule: p.keyword, message: p.message, source: 'compose-schema' };
    })
    .sort((a, b) => a.line - b.line || a.column - b.column);
}

function check(text: string, file: string): ParsedDiagnostic[] {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { ...YAML_OPTIONS, lineCounter });
  const syntax = yamlDiagnostics([doc], lineCounter, file, 'compose-schema');
  if (syntax.some((d) => d.severity === 'error')) return syntax;
  return [...syntax, ...schemaDiagnostics(doc, lineCounter, file)];
}

/**
 * Compose file check in process against the Compose Specification's JSON schema (draft-07)
 * with ajv: a fast first pass that needs no Docker and places every finding on its line
 * (ajv's `instancePath` followed through the YAML nodes, aliases and `<<` merges included).
 * The rule is the failing ajv keyword (`additionalProperties`, `type`, `required`, `enum`,
 * ...), or `syntax` when the YAML itself does not parse. Interpolation (`${VAR}`) is not
 * resolved: `compose-config` does that with the real Compose.
 */
export const composeSchema: BuiltinChecker = {
  ...builtinCheckerManifestSchema.parse({
    kind: 'builtin',
    id: 'compose-schema',
    cost: { call: 150, file: 10 },
    fileTypes: ['compose'],
    mode: 'files',
    timeoutMs: 30_000,
    version: `${libraryVersion('ajv')}, ${COMPOSE_SCHEMA_ORIGIN}`,
  }),
  check: (call) => checkEachFile(call, check),
};
