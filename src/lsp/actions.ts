/**
 * What the server offers on a diagnostic, as LSP values: the quick fix of iacgen's safe fixes,
 * the `iacgen.explain` command of iacgen's own rules, and the hover text of a rule. Pure.
 *
 * LSP 3.17 (microsoft.github.io/language-server-protocol, "Code Action Request"): a `CodeAction`
 * carries an `edit` (a `WorkspaceEdit`) and/or a `command`; one sent without `edit` is completed
 * by `codeAction/resolve` when the client says so in `resolveSupport.properties`.
 */
import { CodeActionKind, MarkupKind, type CodeAction, type Diagnostic as LspDiagnostic, type Hover, type Position, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver';
import type { FileType } from '../classify/tables.js';
import { isFixable } from '../fix/fixable.js';
import { explainText } from '../policy/describe.js';
import { ruleById } from '../policy/registry.js';
import { keyOf, type FindingKey } from './convert.js';

/** The command that shows `iacgen explain <rule-id>` (its one argument). */
export const EXPLAIN_COMMAND = 'iacgen.explain';

/** The checker id of iacgen's own rules. */
const OWN_RULES = 'iacgen';

/** What a fix action sent without its edit carries, for `codeAction/resolve`. */
export interface FixData {
  uri: string;
  /** The document's version the action was offered for; a later one gets no edit. */
  version: number;
  /** The findings to fix, or `'all'`: every safely fixable finding of that version (fix all). */
  keys: FindingKey[] | 'all';
}

/** The client's diagnostics of a code action request that are ours and that a safe fix repairs. */
export function fixableKeys(requested: readonly LspDiagnostic[], lines: readonly string[], type: FileType | undefined): Array<{ lsp: LspDiagnostic; key: FindingKey }> {
  if (type === undefined) return [];
  return requested.flatMap((lsp) => {
    const key = keyOf(lsp, lines);
    return key && isFixable({ source: key.checker, rule: key.rule }, type) ? [{ lsp, key }] : [];
  });
}

/** The title of the fix of these findings: the rule's name for one, a count for several. */
export function fixTitle(keys: readonly FindingKey[]): string {
  const [first] = keys;
  if (keys.length === 1 && first) return `iacgen: fix ${first.checker}/${first.rule}`;
  return `iacgen: fix ${keys.length} findings`;
}

/**
 * The kind of the action fixing every safely fixable finding of a document, as editors ask for it
 * on save (VS Code's `editor.codeActionsOnSave: { "source.fixAll.iacgen": "explicit" }`).
 */
export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.iacgen`;

/**
 * The quick fix of these findings (or, with `kind` {@link FIX_ALL_KIND}, the fix of all of them in
 * the document), with its edit when known (else `data` for resolve).
 */
export function fixAction(diagnostics: readonly LspDiagnostic[], keys: readonly FindingKey[], edit: WorkspaceEdit | FixData, kind: string = CodeActionKind.QuickFix): CodeAction {
  const isData = 'keys' in edit;
  return {
    title: kind === FIX_ALL_KIND ? 'iacgen: fix all safely fixable findings' : fixTitle(keys),
    kind,
    diagnostics: [...diagnostics],
    ...(kind === FIX_ALL_KIND ? {} : { isPreferred: true }),
    ...(isData ? { data: edit } : { edit }),
  };
}

/**
 * The edit of one document: `documentChanges` with the version it was computed for, where the
 * client takes them (it then refuses an edit of a document that changed since), else `changes`.
 */
export function documentEdit(uri: string, version: number, edits: TextEdit[], versioned: boolean): WorkspaceEdit {
  return versioned ? { documentChanges: [{ textDocument: { uri, version }, edits }] } : { changes: { [uri]: edits } };
}

/** The rule ids of iacgen's own rules among the client's diagnostics, once each. */
export function ownRuleIds(requested: readonly LspDiagnostic[], lines: readonly string[]): string[] {
  const ids = requested.flatMap((lsp) => {
    const key = keyOf(lsp, lines);
    return key && key.checker === OWN_RULES && ruleById(key.rule) ? [key.rule] : [];
  });
  return [...new Set(ids)];
}

/** The action that runs {@link EXPLAIN_COMMAND} for a rule. */
export function explainAction(ruleId: string): CodeAction {
  return { title: `iacgen: explain ${ruleId}`, command: { title: `iacgen explain ${ruleId}`, command: EXPLAIN_COMMAND, arguments: [ruleId] } };
}

/** `iacgen explain <id>`'s text, or undefined for an id that is not one of iacgen's rules. */
export function explainOf(ruleId: string): string | undefined {
  const rule = ruleById(ruleId);
  return rule ? explainText(rule) : undefined;
}

/**
 * The hover at `position`: the explanation of each of iacgen's own rules whose finding's range
 * holds it, in Markdown where the client reads it (the text's `code` spans), else plain text.
 */
export function hoverAt(position: Position, published: readonly LspDiagnostic[], markdown: boolean): Hover | undefined {
  const ids = new Set<string>();
  let range: LspDiagnostic['range'] | undefined;
  for (const lsp of published) {
    if (lsp.source !== `iacgen/${OWN_RULES}` || typeof lsp.code !== 'string' || !holds(lsp.range, position)) continue;
    if (!ruleById(lsp.code)) continue;
    ids.add(lsp.code);
    range ??= lsp.range;
  }
  if (ids.size === 0) return undefined;
  const texts = [...ids].map((id) => explainOf(id) ?? '');
  const value = markdown ? texts.map((t) => `**iacgen explain**\n\n${t}`).join('\n---\n\n') : texts.join('\n\n');
  return { contents: { kind: markdown ? MarkupKind.Markdown : MarkupKind.PlainText, value }, ...(range ? { range } : {}) };
}

/** True when `range` holds `position` (both ends included: an empty range at a line's end holds it). */
function holds(range: LspDiagnostic['range'], position: Position): boolean {
  const after = (a: Position, b: Position) => a.line > b.line || (a.line === b.line && a.character >= b.character);
  return after(position, range.start) && after(range.end, position);
}
