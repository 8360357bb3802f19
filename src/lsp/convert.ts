/**
 * iacgen's diagnostics as the Language Server Protocol carries them. Pure: no I/O.
 *
 * Facts from the LSP 3.17 specification (microsoft.github.io/language-server-protocol,
 * "Basic JSON Structures"): positions are 0-based lines and 0-based character offsets counted in
 * UTF-16 code units (the default `positionEncoding`); `DiagnosticSeverity` is 1 Error, 2 Warning,
 * 3 Information, 4 Hint; `codeDescription.href` must be a URI; a diagnostic's `data` is kept by
 * the client and sent back in a code action request's context.
 */
import { ruleAddress } from '../report/rule-address.js';
import { DiagnosticSeverity, type Diagnostic as LspDiagnostic, type Range } from 'vscode-languageserver';
import type { Diagnostic, Severity } from '../check/types.js';

/** Our severities as LSP severities; a finding the baseline knows is a hint (see {@link toLspDiagnostic}). */
export const SEVERITY: Readonly<Record<Severity, DiagnosticSeverity>> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

/** The prefix of every published diagnostic's `source`: `iacgen/<checker>`. */
export const SOURCE_PREFIX = 'iacgen/';

/**
 * What a published diagnostic carries in `data`, so that a code action request can name the
 * finding it is about: the checker, the rule and our 1-based position.
 */
export interface FindingKey {
  checker: string;
  rule: string;
  line: number;
  column: number;
}

/** The key of one of our diagnostics. */
export function findingKey(diagnostic: Pick<Diagnostic, 'source' | 'rule' | 'line' | 'column'>): FindingKey {
  return { checker: diagnostic.source, rule: diagnostic.rule, line: diagnostic.line, column: diagnostic.column };
}

/** True when two keys name the same finding. */
export function sameFinding(a: FindingKey, b: FindingKey): boolean {
  return a.checker === b.checker && a.rule === b.rule && a.line === b.line && a.column === b.column;
}

/**
 * The key a client sent back for one of our diagnostics: its `data` when the client kept it, else
 * what can be read from its `source`, `code` and range start (a client that drops `data`).
 * Undefined for a diagnostic that is not ours.
 */
export function keyOf(lsp: LspDiagnostic, lines: readonly string[]): FindingKey | undefined {
  if (typeof lsp.source !== 'string' || !lsp.source.startsWith(SOURCE_PREFIX)) return undefined;
  const data = lsp.data as Partial<FindingKey> | undefined;
  if (data && typeof data.checker === 'string' && typeof data.rule === 'string' && typeof data.line === 'number' && typeof data.column === 'number') {
    return { checker: data.checker, rule: data.rule, line: data.line, column: data.column };
  }
  const line = lsp.range.start.line;
  return {
    checker: lsp.source.slice(SOURCE_PREFIX.length),
    rule: String(lsp.code ?? ''),
    line: line + 1,
    column: codePoints(lines[line] ?? '', lsp.range.start.character) + 1,
  };
}

/**
 * The document's lines without their line breaks (`\n`, `\r\n` or `\r`, as LSP counts lines).
 */
export function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

/**
 * The range of a diagnostic: from its 1-based line and column (a column counts characters, i.e.
 * Unicode code points) to the end of that line, as iacgen's diagnostics have no end. A line past
 * the document's end is its last line; a column past the line's end is the line's end (an empty
 * range there, which clients still show).
 */
export function rangeOf(diagnostic: Pick<Diagnostic, 'line' | 'column'>, lines: readonly string[]): Range {
  const line = Math.min(Math.max(diagnostic.line, 1), Math.max(lines.length, 1)) - 1;
  const text = lines[line] ?? '';
  const start = Math.min(utf16Offset(text, Math.max(diagnostic.column, 1) - 1), text.length);
  return { start: { line, character: start }, end: { line, character: text.length } };
}

/** Where the `count`-th code point of `text` starts, in UTF-16 code units (the text's length past its end). */
export function utf16Offset(text: string, count: number): number {
  let offset = 0;
  let seen = 0;
  for (const char of text) {
    if (seen === count) return offset;
    offset += char.length;
    seen++;
  }
  return text.length + Math.max(0, count - seen);
}

/** How many code points of `text` lie before the UTF-16 offset `offset`. */
function codePoints(text: string, offset: number): number {
  return Array.from(text.slice(0, offset)).length;
}


/**
 * One of our diagnostics as an LSP diagnostic: `source` `iacgen/<checker>`, `code` the rule id,
 * the severity mapped by {@link SEVERITY}, the range by {@link rangeOf}; a finding the repository's
 * baseline knows is published as a Hint and says so: it shows without counting as a problem. The message names the other checkers that reported the same finding.
 */
export function toLspDiagnostic(diagnostic: Diagnostic, lines: readonly string[]): LspDiagnostic {
  const address = ruleAddress(diagnostic.source, diagnostic.rule);
  const others = (diagnostic.agreed ?? []).filter((id) => id !== diagnostic.source);
  const notes = [diagnostic.baseline ? 'in the baseline' : '', others.length > 0 ? `also ${others.join(', ')}` : ''].filter(Boolean);
  return {
    range: rangeOf(diagnostic, lines),
    severity: diagnostic.baseline ? DiagnosticSeverity.Hint : SEVERITY[diagnostic.severity],
    source: `${SOURCE_PREFIX}${diagnostic.source}`,
    code: diagnostic.rule,
    message: notes.length > 0 ? `${diagnostic.message} (${notes.join('; ')})` : diagnostic.message,
    ...(address ? { codeDescription: { href: address } } : {}),
    data: findingKey(diagnostic),
  };
}

/** Every diagnostic of a file, converted against the text it was found in. */
export function toLspDiagnostics(diagnostics: readonly Diagnostic[], text: string): LspDiagnostic[] {
  const lines = splitLines(text);
  return diagnostics.map((d) => toLspDiagnostic(d, lines));
}
