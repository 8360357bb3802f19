/**
 * Just enough of Jinja's expression syntax for the ansible-core 2.19 readiness rules: a
 * tokenizer, the kinds of value an expression can yield at its top level (after Jinja's operator
 * precedence: `if`/`else` < `or` < `and` < `not` < comparisons < `+ -` < `~` < `* / // %` < `**` <
 * unary < filters and tests). Template delimiters in values: `templates.ts`; filters' result kinds: `filters.ts`.
 *
 * Source of the grammar: Jinja's `parser.py` (parse_condexpr ... parse_filter_expr); of what
 * ansible-core 2.19 does with the result: `ansible/_internal/_templating/_engine.py`
 * (`evaluate_conditional`: a non-`bool` result is a broken conditional).
 */
import { FILTER_KINDS } from './filters.js';

/** One token of a Jinja expression. `value` of a `string` token is the literal's content. */
export interface Token {
  kind: 'string' | 'number' | 'name' | 'op' | 'open' | 'close';
  value: string;
}

/** What a value can be at run time; `unknown` stands for anything (a variable, a call). */
export type Kind = 'bool' | 'str' | 'int' | 'float' | 'list' | 'dict' | 'none' | 'unknown';

/** The kinds an expression can yield, and what is known of its truthiness (for `and`/`or`). */
export interface Value {
  kinds: ReadonlySet<Kind>;
  /** Always truthy (a non-empty literal): `and` never returns it, `or` always does. */
  truthy?: boolean;
  /** Falsy as written (`''`, `0`, `[]`, `none`, or a role default that is): `and` returns it. */
  falsy?: boolean;
}

const OPS = ['{{', '}}', '{%', '%}', '//', '**', '==', '!=', '<=', '>=', '+', '-', '*', '/', '%', '~', '<', '>', '|', '.', ',', ':', '='];

/** Splits a Jinja expression into tokens; undefined when it holds something we do not read (an unclosed string). */
export function tokenize(text: string): Token[] | undefined {
  const tokens: Token[] = [];
  // Open `{` of dict literals: `}}` closes two of them rather than ending a template.
  let braces = 0;
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (/\s/.test(c)) { i++; continue; }
    if (c === "'" || c === '"') {
      let j = i + 1;
      let value = '';
      while (j < text.length && text[j] !== c) {
        if (text[j] === '\\' && j + 1 < text.length) { value += text[j + 1]; j += 2; continue; }
        value += text[j];
        j++;
      }
      if (j >= text.length) return undefined;
      tokens.push({ kind: 'string', value });
      i = j + 1;
      continue;
    }
    const number = /^\d[\d_]*(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(i));
    if (number) { tokens.push({ kind: 'number', value: number[0] }); i += number[0].length; continue; }
    const name = /^[A-Za-z_][\w]*/.exec(text.slice(i));
    if (name) { tokens.push({ kind: 'name', value: name[0] }); i += name[0].length; continue; }
    if (text.startsWith('}}', i) && braces >= 2) { tokens.push({ kind: 'close', value: '}' }, { kind: 'close', value: '}' }); braces -= 2; i += 2; continue; }
    const op = OPS.find((o) => text.startsWith(o, i));
    if (op) { tokens.push({ kind: 'op', value: op }); i += op.length; continue; }
    if ('([{'.includes(c)) { tokens.push({ kind: 'open', value: c }); braces += c === '{' ? 1 : 0; i++; continue; }
    if (')]}'.includes(c)) { tokens.push({ kind: 'close', value: c }); braces -= c === '}' ? 1 : 0; i++; continue; }
    return undefined;
  }
  return tokens;
}

/** Words that are operators, not variables. */
const KEYWORDS: ReadonlySet<string> = new Set(['and', 'or', 'not', 'in', 'is', 'if', 'else']);

const any = (): Value => ({ kinds: new Set<Kind>(['unknown']) });
const one = (kind: Kind, truthy?: boolean): Value => ({ kinds: new Set([kind]), ...(truthy ? { truthy } : {}), ...(truthy === false || kind === 'none' ? { falsy: true } : {}) });
const union = (...values: Value[]): Value => ({ kinds: new Set(values.flatMap((v) => [...v.kinds])) });

/** What a variable is known to hold: its kind, and whether its value as written is falsy (`''`, `[]`). */
export interface Known {
  kind: Kind;
  falsy?: boolean;
}

/**
 * Resolves a variable's access path to what it holds, or undefined when not known: a bare name
 * (`x`), attributes (`x.stdout`), subscripts written `[]` (`groups[]`, `hostvars[].ansible_facts`).
 */
export type NameKinds = (name: string) => Known | undefined;

/** A variable being read, before its attributes and subscripts: its access path so far. */
interface Path {
  path: string;
}

/** A small precedence-climbing reader of a token list, computing the top-level {@link Value}. */
class Reader {
  private at = 0;
  constructor(private readonly tokens: Token[], private readonly names: NameKinds) {}

  /** The value of the whole expression, or undefined when the tokens are not an expression we read. */
  whole(): Value | undefined {
    try {
      const value = this.condexpr();
      return this.at === this.tokens.length ? value : undefined;
    } catch {
      return undefined;
    }
  }

  private peek(offset = 0): Token | undefined { return this.tokens[this.at + offset]; }
  private isWord(word: string, offset = 0): boolean { const t = this.peek(offset); return t?.kind === 'name' && t.value === word; }
  private isOp(op: string): boolean { const t = this.peek(); return t?.kind === 'op' && t.value === op; }
  private next(): Token { const t = this.tokens[this.at++]; if (!t) throw new Error('end'); return t; }
  private expect(value: string): void { if (this.next().value !== value) throw new Error(`expected ${value}`); }

  private condexpr(): Value {
    let value = this.or();
    while (this.isWord('if')) {
      this.next();
      this.or();
      const other = this.isWord('else') ? (this.next(), this.condexpr()) : one('none');
      value = union(value, other);
    }
    return value;
  }

  private or(): Value {
    let left = this.and();
    while (this.isWord('or')) {
      this.next();
      const right = this.and();
      // `a or b` is `a` when a is truthy, else `b`.
      left = left.truthy ? left : union(left, right);
    }
    return left;
  }

  private and(): Value {
    let left = this.not();
    while (this.isWord('and')) {
      this.next();
      const right = this.not();
      // `a and b` is `a` when a is falsy, else `b`. Only an `a` falsy as written (a literal, a role
      // default) is taken as a result: whether a registered output or a length is empty depends on the run.
      left = left.truthy ? right : union(left.falsy ? left : any(), right);
    }
    return left;
  }

  private not(): Value {
    if (this.isWord('not')) { this.next(); this.not(); return one('bool'); }
    return this.compare();
  }

  private compare(): Value {
    let value = this.math1();
    for (;;) {
      const t = this.peek();
      if (t?.kind === 'op' && ['==', '!=', '<', '>', '<=', '>='].includes(t.value)) { this.next(); this.math1(); value = one('bool'); }
      else if (this.isWord('in')) { this.next(); this.math1(); value = one('bool'); }
      else if (this.isWord('not') && this.isWord('in', 1)) { this.next(); this.next(); this.math1(); value = one('bool'); }
      else return value;
    }
  }

  private math1(): Value {
    let value = this.concat();
    while (this.isOp('+') || this.isOp('-')) { this.next(); value = arithmetic(value, this.concat()); }
    return value;
  }

  private concat(): Value {
    let value = this.math2();
    while (this.isOp('~')) { this.next(); this.math2(); value = one('str'); }
    return value;
  }

  private math2(): Value {
    let value = this.pow();
    while (['*', '/', '//', '%'].some((op) => this.isOp(op))) { this.next(); value = arithmetic(value, this.pow()); }
    return value;
  }

  private pow(): Value {
    let value = this.unary();
    while (this.isOp('**')) { this.next(); value = arithmetic(value, this.unary()); }
    return value;
  }

  private unary(): Value {
    if (this.isOp('-') || this.isOp('+')) { this.next(); this.unary(); return one('float'); }
    let value = this.postfix(this.primary());
    // Filters and tests bind tighter than every binary operator.
    for (;;) {
      if (this.isOp('|')) {
        this.next();
        const name = this.dotted();
        const args = this.isOpen('(') ? this.args() : [];
        value = filtered(name, value, args);
      } else if (this.isWord('is')) {
        this.next();
        if (this.isWord('not')) this.next();
        this.dotted();
        if (this.isOpen('(')) this.args();
        // A test's single argument may be written without parentheses (`is contains "x"`).
        else if (this.startsPrimary()) this.postfix(this.primary());
        value = one('bool');
      } else return value;
    }
  }

  private startsPrimary(): boolean {
    const t = this.peek();
    return !!t && (t.kind === 'string' || t.kind === 'number' || t.kind === 'open' || (t.kind === 'name' && !KEYWORDS.has(t.value)));
  }

  private isOpen(bracket: string): boolean { const t = this.peek(); return t?.kind === 'open' && t.value === bracket; }

  /** A (dotted) filter or test name. */
  private dotted(): string {
    let name = this.next().value;
    while (this.isOp('.')) { this.next(); name = this.next().value; }
    return name;
  }

  /** Call arguments `( ... )`, each argument's value (keyword arguments included). */
  private args(): Value[] {
    this.expect('(');
    const values: Value[] = [];
    while (!(this.peek()?.kind === 'close' && this.peek()?.value === ')')) {
      if (this.peek()?.kind === 'name' && this.peek(1)?.value === '=') { this.next(); this.next(); }
      values.push(this.condexpr());
      if (this.isOp(',')) this.next(); else break;
    }
    this.expect(')');
    return values;
  }

  /**
   * Attributes, subscripts and calls after a primary. A variable's access path (`hostvars[].ansible_facts`,
   * `result.stdout`: subscripts as `[]`) is resolved through the names when nothing is called.
   */
  private postfix(primary: Value | Path): Value {
    let path = 'path' in primary ? primary.path : undefined;
    let value: Value = 'path' in primary ? any() : primary;
    for (;;) {
      if (this.isOp('.')) { this.next(); const attr = this.next().value; path = path === undefined ? undefined : `${path}.${attr}`; value = any(); }
      else if (this.isOpen('[')) { this.next(); this.subscript(); this.expect(']'); path = path === undefined ? undefined : `${path}[]`; value = any(); }
      else if (this.isOpen('(')) { this.args(); path = undefined; value = any(); }
      else break;
    }
    const known = path === undefined ? undefined : this.names(path);
    return known ? { kinds: new Set([known.kind]), ...(known.falsy ? { falsy: true } : {}) } : value;
  }

  private subscript(): void {
    while (!(this.peek()?.kind === 'close' && this.peek()?.value === ']')) {
      if (this.isOp(':') || this.isOp(',')) this.next(); else this.condexpr();
    }
  }

  private primary(): Value | Path {
    const t = this.next();
    if (t.kind === 'string') {
      // Adjacent literals concatenate.
      let text = t.value;
      while (this.peek()?.kind === 'string') text += this.next().value;
      return one('str', text !== '');
    }
    if (t.kind === 'number') return one(/[.eE]/.test(t.value) ? 'float' : 'int', Number(t.value) !== 0);
    if (t.kind === 'name') {
      if (['true', 'false', 'True', 'False'].includes(t.value)) return one('bool');
      if (['none', 'None'].includes(t.value)) return one('none');
      if (KEYWORDS.has(t.value)) throw new Error('keyword');
      return { path: t.value };
    }
    if (t.kind === 'open' && t.value === '(') {
      if (this.peek()?.value === ')') { this.next(); return one('list'); }
      const inner = this.condexpr();
      if (this.isOp(',')) { while (!(this.peek()?.kind === 'close')) { this.next(); } this.expect(')'); return one('list', true); }
      this.expect(')');
      return inner;
    }
    if (t.kind === 'open' && t.value === '[') {
      let count = 0;
      while (!(this.peek()?.kind === 'close' && this.peek()?.value === ']')) { this.condexpr(); count++; if (this.isOp(',')) this.next(); else break; }
      this.expect(']');
      return one('list', count > 0);
    }
    if (t.kind === 'open' && t.value === '{') {
      let count = 0;
      while (!(this.peek()?.kind === 'close' && this.peek()?.value === '}')) { this.condexpr(); this.expect(':'); this.condexpr(); count++; if (this.isOp(',')) this.next(); else break; }
      this.expect('}');
      return one('dict', count > 0);
    }
    throw new Error(`unexpected ${t.value}`);
  }
}

/** `+ - * / // % **`: a number when either side is a number literal, else anything (lists and strings add too). */
function arithmetic(left: Value, right: Value): Value {
  const numeric = (v: Value) => v.kinds.size === 1 && (v.kinds.has('int') || v.kinds.has('float'));
  return numeric(left) || numeric(right) ? one('float') : any();
}

/** The value of `input | name(args)`. */
function filtered(name: string, input: Value, args: Value[]): Value {
  if (name === 'default' || name === 'd') return union(input, ...(args.length > 0 ? [args[0] as Value] : [one('str')]));
  if (name === 'ternary') return args.length >= 2 ? union(args[0] as Value, args[1] as Value) : any();
  const kind = FILTER_KINDS[name];
  return kind ? one(kind) : any();
}

/** The top-level value of a Jinja expression, or undefined when it is not one we can read. */
export function valueOf(expression: string, names: NameKinds = () => undefined): Value | undefined {
  const tokens = tokenize(expression);
  if (!tokens || tokens.length === 0 || tokens.some((t) => t.kind === 'op' && ['{{', '}}', '{%', '%}'].includes(t.value))) return undefined;
  return new Reader(tokens, names).whole();
}

/** The kinds of a value that are certainly not booleans (`unknown` left out), in a stable order. */
export function nonBoolKinds(value: Value): Kind[] {
  return (['str', 'int', 'float', 'list', 'dict', 'none'] as const).filter((k) => value.kinds.has(k));
}
