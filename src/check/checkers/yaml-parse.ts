import { LineCounter, parseAllDocuments, visit, type Document } from 'yaml';
import { builtinCheckerManifestSchema } from '../manifest.js';
import type { BuiltinChecker, ParsedDiagnostic } from '../types.js';
import { checkEachFile, libraryVersion } from './in-process.js';
import { yamllintIgnored } from './yamllint-ignore.js';

/**
 * Parse options shared with `compose-schema`: the YAML 1.2 core schema plus `<<` merge keys
 * (which Compose and Ansible files use), duplicate keys as errors, plain (not pretty) messages.
 */
export const YAML_OPTIONS = { merge: true, uniqueKeys: true, prettyErrors: false } as const;

/**
 * Warnings of the `yaml` package that are no problem of the file: an application tag such as
 * CloudFormation's `!Ref` or GitLab's `!reference` is valid YAML that this parser cannot resolve.
 */
const IGNORED_WARNINGS: ReadonlySet<string> = new Set(['TAG_RESOLVE_FAILED']);

/** Problems the package reports where an unclosed quote or bracket ends (often the end of the file). */
const UNCLOSED_CODES: ReadonlySet<string> = new Set(['MISSING_CHAR', 'BAD_INDENT']);

/** Start offsets of quoted scalars and flow collections, by the offset where their value ends. */
function openers(doc: Document): Map<number, number> {
  const starts = new Map<number, number>();
  const note = (range: readonly number[] | null | undefined) => {
    if (range?.[0] !== undefined && range[1] !== undefined) starts.set(range[1], range[0]);
  };
  visit(doc, {
    Scalar(_, node) {
      if (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') note(node.range);
    },
    Collection(_, node) {
      if (node.flow) note(node.range);
    },
  });
  return starts;
}

/**
 * Diagnostics (rule `syntax`) for the errors and warnings the `yaml` package found, plus aliases
 * to an anchor not defined before them (which the package reports only when building values).
 * An unclosed quote or bracket is reported where it opens, not where the package notices it
 * (often the end of the file). Only the first error of each document is kept (the rest follow
 * from it), and only the first problem at each position.
 */
export function yamlDiagnostics(docs: readonly Document[], lineCounter: LineCounter, file: string, source: string): ParsedDiagnostic[] {
  const diagnostics: ParsedDiagnostic[] = [];
  const seen = new Set<string>();
  const add = (offset: number, severity: 'error' | 'warning', message: string) => {
    const { line, col } = lineCounter.linePos(offset);
    const key = `${line}:${col}`;
    if (seen.has(key)) return;
    seen.add(key);
    diagnostics.push({ file, line, column: col, severity, rule: 'syntax', message, source });
  };
  for (const doc of docs) {
    const opened = openers(doc);
    // The first error of a document only: the parser's later ones follow from it (one unclosed
    // bracket gave six), as PyYAML, and so yamllint, stops at the first.
    const e = doc.errors[0];
    if (e) {
      const start = UNCLOSED_CODES.has(e.code) ? opened.get(e.pos[0]) : undefined;
      if (start === undefined) add(e.pos[0], 'error', e.message);
      else add(start, 'error', `${e.message} (opened here, still open at line ${lineCounter.linePos(e.pos[0]).line})`);
    }
    for (const w of doc.warnings) if (!IGNORED_WARNINGS.has(w.code)) add(w.pos[0], 'warning', w.message);
    if (e) continue;
    const anchors = new Set<string>();
    visit(doc, {
      Node(_, node) {
        if ('anchor' in node && typeof node.anchor === 'string') anchors.add(node.anchor);
      },
      Alias(_, node) {
        if (!anchors.has(node.source)) add(node.range?.[0] ?? 0, 'error', `Unknown anchor *${node.source}: no &${node.source} before it`);
      },
    });
  }
  return diagnostics.sort((a, b) => a.line - b.line || a.column - b.column);
}

function check(text: string, file: string): ParsedDiagnostic[] {
  const lineCounter = new LineCounter();
  const parsed = parseAllDocuments(text, { ...YAML_OPTIONS, lineCounter });
  // An empty stream comes back as an EmptyStream (an empty array), which has nothing to report.
  return yamlDiagnostics(Array.isArray(parsed) ? parsed : [], lineCounter, file, 'yaml-parse');
}

/**
 * YAML syntax check in process with the `yaml` package (`parseAllDocuments` with a
 * `LineCounter`): every syntax error of every document with its line and column, duplicate keys
 * included (`uniqueKeys`), rule `syntax`. It runs on the YAML types no other parser reads (plain
 * YAML, Helm's Chart.yaml, Kubernetes manifests, CI workflows, cloud-init, inventory plugin
 * configurations): yamllint covers the Ansible and Compose types, and `compose-schema` parses
 * Compose files itself. A file the repository's yamllint configuration ignores (`ignore:`,
 * `ignore-from-file:`) is not parsed either: it passes with no findings.
 * Errors and warnings are the package's `doc.errors` / `doc.warnings` (yaml docs, "Errors").
 */
export const yamlParse: BuiltinChecker = {
  ...builtinCheckerManifestSchema.parse({
    kind: 'builtin',
    id: 'yaml-parse',
    fileTypes: ['yaml', 'helm-chart', 'kubernetes', 'ci-workflow', 'cloud-init', 'ansible-inventory-plugin'],
    mode: 'files',
    timeoutMs: 30_000,
    version: libraryVersion('yaml'),
  }),
  check: (call) => {
    const ignored = yamllintIgnored(call.cwd);
    return checkEachFile(call, (text, file) => (ignored(file) ? [] : check(text, file)));
  },
};
