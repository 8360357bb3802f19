/**
 * Parses Terraform/OpenTofu HCL into the JSON shape of `@cdktn/hcl2json` (0.24.0), built from
 * tree-sitter's HCL grammar (`@tree-sitter-grammars/tree-sitter-hcl` on `web-tree-sitter`):
 * about 10 MB of memory where hcl2json's Go WebAssembly runtime takes about 75 MB.
 *
 * The shape, after hcl2json's converter (github.com/tmccombs/hcl2json, convert/convert.go):
 * blocks nest by type then labels and end in a list of bodies; keys are sorted (Go's
 * `encoding/json`); literals are JSON values; templates are strings; any other expression is
 * `${SOURCE}` (type constraints too: `${list(string)}`); `-1`/`!true` are values.
 */
import { createRequire } from 'node:module';
import type { Node, Parser as TsParser } from 'web-tree-sitter';
import { flushHeredoc, templateParts, templateTokens, type TemplatePart } from './hcl-template.js';

/** A JSON value as hcl2json gives it. */
export type HclJson = null | boolean | number | string | HclJson[] | { [key: string]: HclJson };

/** A syntax error: 1-based line and column (UTF-16 units) and what is wrong. */
export interface HclSyntaxError {
  line: number;
  column: number;
  message: string;
}

/** The result of {@link parseHcl}: the body, or the syntax errors (then `json` is undefined). */
export type HclResult = { json: Record<string, HclJson>; errors: [] } | { json: undefined; errors: HclSyntaxError[] };

let parser: Promise<TsParser> | undefined;

/** The parser, loaded once (web-tree-sitter's runtime and the grammar's 90 KB wasm). */
function load(): Promise<TsParser> {
  parser ??= (async () => {
    const { Parser, Language } = await import('web-tree-sitter');
    await Parser.init();
    const wasm = createRequire(import.meta.url).resolve('@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-hcl.wasm');
    const p = new Parser();
    p.setLanguage(await Language.load(wasm));
    return p;
  })();
  return parser;
}

type Obj = Record<string, HclJson>;

/** The object with its keys in Go's `encoding/json` order (sorted). */
function sorted(o: Obj): Obj {
  const out: Obj = {};
  for (const k of Object.keys(o).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
    const v = o[k]!;
    out[k] = v;
  }
  return out;
}

class Converter {
  constructor(private readonly text: string) {}

  /** hcl2json's `rangeSource`: the source, plus a `)` right after it. */
  source(n: Node): string {
    const end = this.text[n.endIndex] === ')' ? n.endIndex + 1 : n.endIndex;
    return this.text.slice(n.startIndex, end);
  }

  wrap(n: Node): string {
    return `\${${this.source(n)}}`;
  }

  body(n: Node | undefined): Obj {
    const out: Obj = {};
    const attrs: Node[] = [];
    for (const c of n?.namedChildren ?? []) {
      if (c?.type === 'block') this.block(c, out);
      else if (c?.type === 'attribute') attrs.push(c);
    }
    for (const a of attrs) out[this.source(a.namedChild(0)!)] = this.expr(a.namedChildren.find((c) => c?.type === 'expression')!);
    return sortDeep(out);
  }

  block(n: Node, root: Obj): void {
    let out = root;
    const kids = n.namedChildren.filter((c): c is Node => c !== null);
    let key = this.text.slice(kids[0]!.startIndex, kids[0]!.endIndex);
    for (const label of kids.slice(1)) {
      if (label.type !== 'string_lit' && label.type !== 'identifier') break;
      if (!(key in out)) {
        const level: Obj = {};
        LABEL_LEVELS.add(level);
        out[key] = level;
      }
      out = out[key] as Obj;
      key = label.type === 'identifier' ? this.source(label) : this.template(label);
    }
    const value = this.body(kids.find((c) => c.type === 'body'));
    const list = out[key];
    if (Array.isArray(list)) list.push(value);
    else out[key] = [value];
  }

  /** hcl2json's `convertExpression` on an `expression` node. */
  expr(n: Node): HclJson {
    const kids = n.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment');
    const only = kids.length === 1 && n.childCount === kids.length + countComments(n) ? kids[0] : undefined;
    if (only) {
      if (only.type === 'literal_value') return this.literal(only.namedChild(0)!);
      if (only.type === 'template_expr') return this.topTemplate(only.namedChild(0)!);
      if (only.type === 'collection_value') return this.collection(only.namedChild(0)!);
      if (only.type === 'operation' && only.namedChild(0)?.type === 'unary_operation') {
        const u = only.namedChild(0)!;
        const operand = u.namedChildren.filter((c) => c?.type !== 'comment');
        if (operand.length === 1 && operand[0]?.type === 'literal_value' && operand[0].namedChild(0)?.type !== 'string_lit') {
          const v = this.literal(operand[0].namedChild(0)!);
          return u.child(0)?.type === '-' ? -(v as number) : !v;
        }
        return this.wrap(only);
      }
    }
    return this.wrap(n);
  }

  literal(n: Node): HclJson {
    const raw = this.text.slice(n.startIndex, n.endIndex);
    if (n.type === 'numeric_lit') return Number(raw);
    if (n.type === 'bool_lit') return raw === 'true';
    if (n.type === 'null_lit') return null;
    return this.template(n);
  }

  collection(n: Node): HclJson {
    if (n.type === 'tuple') return n.namedChildren.filter((c) => c?.type === 'expression').map((c) => this.expr(c!));
    const out: Obj = {};
    for (const elem of n.namedChildren) {
      if (elem?.type !== 'object_elem') continue;
      out[this.key(elem.childForFieldName('key')!)] = this.expr(elem.childForFieldName('val')!);
    }
    return sorted(out);
  }

  /** hcl2json's `convertKey`: a bare name or traversal as written, else as a template part. */
  key(n: Node): string {
    const kids = n.namedChildren.filter((c): c is Node => c !== null);
    if (kids[0]?.type === 'variable_expr' && kids.slice(1).every((c) => c.type === 'get_attr') && n.childCount === kids.length) return this.source(n);
    return this.part(n);
  }

  /** hcl2json's `convertStringPart` on an expression node. */
  part(n: Node): string {
    const kids = n.namedChildren.filter((c): c is Node => c !== null);
    const only = kids.length === 1 && n.childCount === 1 ? kids[0] : undefined;
    if (only?.type === 'literal_value') {
      const v = this.literal(only.namedChild(0)!);
      return v === null ? '' : String(v);
    }
    if (only?.type === 'template_expr') return this.template(only.namedChild(0)!);
    if (only?.type === 'conditional') {
      const [cond, yes, no] = only.namedChildren.filter((c) => c?.type === 'expression') as Node[];
      const other = this.part(no!);
      return `%{if ${this.source(cond!)}}${this.part(yes!)}${other ? `%{else}${other}` : ''}%{endif}`;
    }
    return this.wrap(n);
  }

  /** A template as a value: `"${x}"` alone is x's value (hclsyntax's TemplateWrapExpr). */
  topTemplate(n: Node): HclJson {
    const tokens = this.tokens(n);
    const first = tokens[0];
    if (tokens.length === 1 && first?.kind === 'interp' && first.expr) return this.expr(first.expr);
    return this.join(templateParts(tokens));
  }

  template(n: Node): string {
    return this.join(templateParts(this.tokens(n)));
  }

  tokens(n: Node) {
    const heredoc = n.type === 'heredoc_template';
    let from: number;
    let to: number;
    if (heredoc) {
      const ids = n.namedChildren.filter((c) => c?.type === 'heredoc_identifier') as Node[];
      from = this.text.indexOf('\n', ids[0]!.endIndex) + 1;
      to = this.text.lastIndexOf('\n', ids[1]!.startIndex - 1) + 1;
    } else {
      from = n.child(0)!.endIndex;
      to = n.child(n.childCount - 1)!.startIndex;
    }
    const tokens = templateTokens(n, this.text, from, Math.max(from, to), heredoc);
    if (heredoc && this.text.startsWith('<<-', n.startIndex)) flushHeredoc(tokens);
    return tokens;
  }

  join(parts: TemplatePart[]): string {
    let s = '';
    for (const p of parts) {
      if (p.kind === 'lit') s += p.val;
      else if (p.kind === 'expr') s += p.expr ? this.part(p.expr) : '';
      else if (p.kind === 'if') {
        const other = this.join(p.else);
        s += `%{if ${this.source(p.cond)}}${this.join(p.then)}${other ? `%{else}${other}` : ''}%{endif}`;
      } else s += `%{for ${p.key ? `${p.key}, ` : ''}${p.val} in ${this.source(p.coll)}}${this.join(p.body)}%{endfor}`;
    }
    return s;
  }
}

function countComments(n: Node): number {
  return n.children.filter((c) => c?.type === 'comment').length;
}

/** Sorts a body's keys and, inside blocks, the label objects' keys. */
function sortDeep(o: Obj): Obj {
  const out = sorted(o);
  for (const [k, v] of Object.entries(out)) if (v && typeof v === 'object' && !Array.isArray(v) && isLabelMap(v)) out[k] = sortDeep(v);
  return out;
}

/** A label level of a block (every value a label level or a list of bodies), not an object value. */
function isLabelMap(o: Obj): boolean {
  return LABEL_LEVELS.has(o);
}
const LABEL_LEVELS = new WeakSet<object>();

/** The syntax errors of a tree: its first ERROR and MISSING nodes, with line and column. */
function syntaxErrors(root: Node, text: string): HclSyntaxError[] {
  const errors: HclSyntaxError[] = [];
  const visit = (n: Node) => {
    if (errors.length >= 5) return;
    if (n.isMissing) {
      let block: Node | null = n.type === '}' || n.type === 'block_end' ? n.parent : null;
      while (block && block.type !== 'block') block = block.parent;
      const open = block?.namedChildren.find((c) => c?.type === 'block_start');
      if (open) errors.push({ line: open.startPosition.row + 1, column: open.startPosition.column + 1, message: 'Unclosed configuration block: there is no closing brace for this block before the end of the file' });
      else errors.push({ line: n.startPosition.row + 1, column: n.startPosition.column + 1, message: `missing ${JSON.stringify(n.type === 'block_end' ? '}' : n.type)}` });
      return;
    }
    if (n.type === 'ERROR') {
      const snippet = text.slice(n.startIndex, n.endIndex).split('\n')[0]!.slice(0, 40);
      errors.push({ line: n.startPosition.row + 1, column: n.startPosition.column + 1, message: `unexpected ${JSON.stringify(snippet)}` });
      return;
    }
    if (!n.hasError) return;
    for (const c of n.children) if (c) visit(c);
  };
  visit(root);
  return errors;
}

/**
 * Parses HCL text (a `.tf`, `.tofu`, `.tfvars` or `.terraform.lock.hcl` file) into hcl2json's
 * JSON shape. Syntax errors come back as `errors` (never thrown); tree-sitter's grammar is more
 * lenient than hclsyntax (it accepts, for example, two attributes on one line).
 * @param text the file's content
 */
export async function parseHcl(text: string): Promise<HclResult> {
  const p = await load();
  const tree = p.parse(text);
  if (!tree) return { json: undefined, errors: [{ line: 1, column: 1, message: 'the parser gave no tree' }] };
  try {
    const root = tree.rootNode;
    if (root.hasError) return { json: undefined, errors: syntaxErrors(root, text) };
    const body = root.namedChildren.find((c) => c?.type === 'body');
    return { json: new Converter(text).body(body ?? undefined), errors: [] };
  } finally {
    tree.delete();
  }
}
