/**
 * HCL templates (quoted strings and heredocs) as `@cdktn/hcl2json` writes them, from a
 * tree-sitter CST. Follows hclsyntax's token pass (strip markers `~` trim the next literal
 * token only; `<<-` heredocs drop the smallest indentation of their lines) and hcl2json's
 * `convertTemplate` (github.com/tmccombs/hcl2json, convert/convert.go): literals verbatim,
 * `${x}` parts as their source, `%{if}`/`%{for}` rebuilt as `%{if COND}...%{else}...%{endif}`.
 */
import type { Node } from 'web-tree-sitter';

/** One token of a template, in document order. */
export type TemplateToken =
  | { kind: 'lit'; val: string }
  | { kind: 'interp'; expr: Node | null; stripL: boolean; stripR: boolean }
  | { kind: 'if'; cond: Node; stripL: boolean; stripR: boolean }
  | { kind: 'else' | 'endif' | 'endfor'; stripL: boolean; stripR: boolean }
  | { kind: 'for'; key?: string; val: string; coll: Node; stripL: boolean; stripR: boolean };

/** A template part after structure: a literal, an expression, or a directive. */
export type TemplatePart =
  | { kind: 'lit'; val: string }
  | { kind: 'expr'; expr: Node | null }
  | { kind: 'if'; cond: Node; then: TemplatePart[]; else: TemplatePart[] }
  | { kind: 'for'; key?: string; val: string; coll: Node; body: TemplatePart[] };

const TAGS = new Set(['template_interpolation', 'template_if_intro', 'template_else_intro', 'template_if_end', 'template_for_start', 'template_for_end']);

/** The tag nodes (interpolations and directive tags) under a template node, in order. */
function tags(node: Node, out: Node[]): Node[] {
  for (const child of node.namedChildren) {
    if (!child) continue;
    if (TAGS.has(child.type)) out.push(child);
    else if (child.type === 'template_directive' || child.type === 'template_if' || child.type === 'template_for') tags(child, out);
  }
  return out;
}

function strips(tag: Node): { stripL: boolean; stripR: boolean } {
  const first = tag.child(0);
  let stripL = false;
  let stripR = false;
  for (const c of tag.namedChildren) {
    if (c?.type !== 'strip_marker') continue;
    if (first && c.startIndex === first.endIndex) stripL = true;
    else stripR = true;
  }
  return { stripL, stripR };
}

function tagToken(tag: Node, text: string): Exclude<TemplateToken, { kind: 'lit' }> {
  const s = strips(tag);
  const expr = tag.namedChildren.find((c) => c?.type === 'expression') ?? null;
  switch (tag.type) {
    case 'template_interpolation':
      return { kind: 'interp', expr, ...s };
    case 'template_if_intro':
      return { kind: 'if', cond: expr!, ...s };
    case 'template_else_intro':
      return { kind: 'else', ...s };
    case 'template_if_end':
      return { kind: 'endif', ...s };
    case 'template_for_end':
      return { kind: 'endfor', ...s };
    default: {
      const ids = tag.namedChildren.filter((c) => c?.type === 'identifier').map((c) => text.slice(c!.startIndex, c!.endIndex));
      return ids.length > 1 ? { kind: 'for', key: ids[0], val: ids[1]!, coll: expr!, ...s } : { kind: 'for', val: ids[0]!, coll: expr!, ...s };
    }
  }
}

/**
 * Quoted-string escapes (HCL spec: `\n \r \t \" \\ \uNNNN \UNNNNNNNN`); heredocs have none.
 * hcl2json keeps `$${` and `%%{` as written.
 */
function unquote(raw: string, heredoc: boolean): string {
  if (heredoc) return raw;
  return raw.replace(/\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)/gs, (m: string, esc: string) => {
    if (esc.length > 1) return String.fromCodePoint(parseInt(esc.slice(1), 16));
    return { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' }[esc] ?? m;
  });
}

/**
 * The tokens of the template content `[from, to)` of `node` in `text`: literals split at line
 * ends (as hclsyntax's scanner does), strip markers applied.
 */
export function templateTokens(node: Node, text: string, from: number, to: number, heredoc: boolean): TemplateToken[] {
  const out: TemplateToken[] = [];
  let ltrim = false;
  const literal = (a: number, b: number) => {
    const raw = text.slice(a, b);
    const lines = raw.match(/[^\n]*\n|[^\n]+$/g) ?? [];
    for (const line of lines) {
      let val = unquote(line, heredoc);
      if (ltrim) {
        val = val.replace(/^\s+/u, '');
        ltrim = false;
      }
      out.push({ kind: 'lit', val });
    }
  };
  let at = from;
  for (const tag of tags(node, [])) {
    if (tag.startIndex > at) literal(at, tag.startIndex);
    const tok = tagToken(tag, text);
    const prev = out.at(-1);
    if (tok.stripL && prev?.kind === 'lit') prev.val = prev.val.replace(/\s+$/u, '');
    ltrim = tok.stripR;
    out.push(tok);
    at = tag.endIndex;
  }
  if (to > at) literal(at, to);
  return out;
}

/** hclsyntax's `flushHeredocTemplateParts`: removes the smallest indentation of the lines. */
export function flushHeredoc(tokens: TemplateToken[]): void {
  let min = Infinity;
  let newline = true;
  const adjust: Array<{ kind: 'lit'; val: string }> = [];
  for (const tok of tokens) {
    if (newline) {
      newline = false;
      let spaces: number;
      if (tok.kind === 'lit') {
        const trimmed = tok.val.replace(/^\s+/u, '');
        if (trimmed.length === 0 && tok.val.endsWith('\n')) spaces = Infinity;
        else {
          spaces = [...tok.val.slice(0, tok.val.length - trimmed.length)].length;
          adjust.push(tok);
        }
      } else spaces = 0;
      if (spaces < min) min = spaces;
    }
    if (tok.kind === 'lit' && tok.val.endsWith('\n')) newline = true;
  }
  if (min === Infinity) return;
  for (const lit of adjust) lit.val = [...lit.val].slice(min).join('');
}

/** The tokens as parts: `%{if}`/`%{for}` tags nested with their bodies. */
export function templateParts(tokens: TemplateToken[]): TemplatePart[] {
  let i = 0;
  const parse = (stop: ReadonlySet<string>): TemplatePart[] => {
    const parts: TemplatePart[] = [];
    while (i < tokens.length) {
      const tok = tokens[i]!;
      if (stop.has(tok.kind)) return parts;
      i++;
      if (tok.kind === 'lit') parts.push({ kind: 'lit', val: tok.val });
      else if (tok.kind === 'interp') parts.push({ kind: 'expr', expr: tok.expr });
      else if (tok.kind === 'if') {
        const then = parse(new Set(['else', 'endif']));
        let other: TemplatePart[] = [];
        if (tokens[i]?.kind === 'else') {
          i++;
          other = parse(new Set(['endif']));
        }
        i++;
        parts.push({ kind: 'if', cond: tok.cond, then, else: other });
      } else if (tok.kind === 'for') {
        const body = parse(new Set(['endfor']));
        i++;
        parts.push({ kind: 'for', key: tok.key, val: tok.val, coll: tok.coll, body });
      }
    }
    return parts;
  };
  return parse(new Set());
}
