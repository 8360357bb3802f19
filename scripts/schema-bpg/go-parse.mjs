// Parser for the subset of Go that SDKv2 schema builders use: package-level const/var/func
// declarations, and inside function bodies the statements `x := e`, `x[k].F = e`, `x[k] = e`,
// call statements and `return e`. Control statements (if/for/switch) are skipped whole.
// Grammar facts: https://go.dev/ref/spec (Declarations, Expressions, Composite literals).

import { tokenize } from './go-tokens.mjs';

/**
 * @typedef {import('./go-tokens.mjs').GoToken} GoToken
 * @typedef {{ k: string, [field: string]: any }} GoNode  an expression node:
 *   str{v} num{v} id{name} sel{x,name} call{fn,args} index{x,idx} comp{type,elts:[{key,val}]}
 *   unary{op,x} bin{op,l,r} opaque{why} type{text}
 * @typedef {{ k: 'assign', lhs: GoNode[], rhs: GoNode[], op: string } | { k: 'expr', x: GoNode }
 *   | { k: 'return', xs: GoNode[] } | { k: 'var', names: string[], rhs: GoNode[] } | { k: 'skip', what: string, line: number }} GoStmt
 * @typedef {{ name: string, params: string[], body: GoStmt[] | null, bodyTokens: GoToken[] }} GoFunc
 * @typedef {{ pkg: string, imports: Map<string, string>, consts: Map<string, GoNode>,
 *   funcs: Map<string, GoFunc> }} GoFile
 */

const PREC = { '||': 1, '&&': 2, '==': 3, '!=': 3, '<': 3, '<=': 3, '>': 3, '>=': 3,
  '+': 4, '-': 4, '|': 4, '^': 4, '*': 5, '/': 5, '%': 5, '<<': 5, '>>': 5, '&': 5, '&^': 5 };

/** Token cursor with the helpers a recursive-descent parser needs. */
class Cursor {
  /** @param {GoToken[]} toks */
  constructor(toks) { this.toks = toks; this.i = 0; }
  peek(o = 0) { return this.toks[this.i + o]; }
  next() { const t = this.toks[this.i++]; if (!t) throw new Error('unexpected end of input'); return t; }
  is(v, o = 0) { const t = this.peek(o); return !!t && (t.t === 'op' || t.t === 'ident') && t.v === v; }
  eat(v) { if (this.is(v)) { this.i++; return true; } return false; }
  expect(v) {
    const t = this.next();
    if (t.v !== v || (t.t !== 'op' && t.t !== 'ident')) throw new Error(`line ${t.line}: expected '${v}', got '${t.v}'`);
    return t;
  }
  /** Skips a balanced group starting at the current opening token; returns the inner tokens. */
  group() {
    const open = this.next();
    const close = { '(': ')', '[': ']', '{': '}' }[open.v];
    if (!close || open.t !== 'op') throw new Error(`line ${open.line}: expected a bracket, got '${open.v}'`);
    const start = this.i;
    let depth = 1;
    while (depth > 0) {
      const t = this.next();
      if (t.t !== 'op') continue;
      if (t.v === '(' || t.v === '[' || t.v === '{') depth++;
      else if (t.v === ')' || t.v === ']' || t.v === '}') depth--;
    }
    return this.toks.slice(start, this.i - 1);
  }
  done() { return this.i >= this.toks.length; }
}

/** Reads a type and returns its source text (e.g. `map[string]*schema.Schema`). */
function parseType(c) {
  const t = c.next();
  if (t.v === '*') return '*' + parseType(c);
  if (t.v === '[') {
    let n = '';
    while (!c.is(']')) n += c.next().v;
    c.expect(']');
    return `[${n}]` + parseType(c);
  }
  if (t.v === 'map') { c.expect('['); const k = parseType(c); c.expect(']'); return `map[${k}]${parseType(c)}`; }
  if (t.v === 'func') { c.group(); if (c.is('(')) c.group(); else if (!c.is('{') && !c.is(',') && !c.is(')') && !c.is(']')) parseType(c); return 'func'; }
  if (t.v === 'struct' || t.v === 'interface') { c.group(); return t.v + '{}'; }
  if (t.v === 'chan') return 'chan ' + parseType(c);
  if (t.t !== 'ident') throw new Error(`line ${t.line}: expected a type, got '${t.v}'`);
  let name = t.v;
  if (c.is('.')) { c.next(); name += '.' + c.next().v; }
  if (c.is('[') && !c.peek()?.nl) { c.group(); } // generic instantiation
  return name;
}

/** @returns {GoNode} */
function parseCompositeBody(c, type) {
  const inner = new Cursor(c.group());
  const elts = [];
  while (!inner.done()) {
    let val = inner.is('{') ? parseCompositeBody(inner, null) : parseExpr(inner);
    let key = null;
    if (inner.eat(':')) { key = val; val = inner.is('{') ? parseCompositeBody(inner, null) : parseExpr(inner); }
    elts.push({ key, val });
    if (!inner.eat(',') && !inner.done()) throw new Error(`line ${inner.peek().line}: expected ',' in composite literal, got '${inner.peek().v}'`);
  }
  return { k: 'comp', type, elts };
}

function parsePrimary(c) {
  const t = c.peek();
  if (!t) throw new Error('unexpected end of expression');
  if (t.t === 'string') { c.next(); return { k: 'str', v: t.v }; }
  if (t.t === 'number') { c.next(); return { k: 'num', v: Number(t.v.replace(/_/g, '')) }; }
  if (t.t === 'char') { c.next(); return { k: 'opaque', why: 'rune' }; }
  if (t.v === '(') { const inner = new Cursor(c.group()); return parseExpr(inner); }
  if (t.v === 'func') {
    c.next(); c.group(); // parameters
    while (!c.is('{')) { if (c.is('(')) c.group(); else c.next(); }
    c.group();
    return { k: 'opaque', why: 'func literal' };
  }
  if (t.v === '[' || t.v === 'map' || t.v === 'struct') {
    const type = parseType(c);
    if (c.is('{')) return parseCompositeBody(c, type);
    return { k: 'type', text: type };
  }
  if (t.v === '{') return parseCompositeBody(c, null);
  if (t.t === 'ident') { c.next(); return { k: 'id', name: t.v }; }
  throw new Error(`line ${t.line}: unexpected '${t.v}'`);
}

/** Text of a type-like expression (`id` or `pkg.Name`), or null. */
function typeText(x) {
  if (x.k === 'id') return x.name;
  if (x.k === 'sel' && x.x.k === 'id') return `${x.x.name}.${x.name}`;
  return null;
}

function parsePostfix(c) {
  let x = parsePrimary(c);
  for (;;) {
    const t = c.peek();
    if (!t || t.t !== 'op' || t.nl) return x;
    if (t.v === '.') {
      c.next();
      if (c.is('(')) { c.group(); x = { k: 'opaque', why: 'type assertion' }; continue; }
      x = { k: 'sel', x, name: c.next().v };
    } else if (t.v === '(') {
      const inner = new Cursor(c.group());
      const args = [];
      while (!inner.done()) {
        args.push(parseExpr(inner));
        inner.eat('...');
        if (!inner.eat(',') && !inner.done()) throw new Error(`line ${inner.peek().line}: expected ',' in call`);
      }
      x = { k: 'call', fn: x, args };
    } else if (t.v === '[') {
      const inner = new Cursor(c.group());
      const idx = inner.done() ? null : parseExpr(inner);
      x = inner.done() ? { k: 'index', x, idx } : { k: 'opaque', why: 'slice expression' };
    } else if (t.v === '{' && typeText(x) !== null) {
      x = parseCompositeBody(c, typeText(x));
    } else return x;
  }
}

function parseUnary(c) {
  const t = c.peek();
  if (t && t.t === 'op' && ['&', '-', '+', '!', '^', '*', '<-'].includes(t.v)) {
    c.next();
    return { k: 'unary', op: t.v, x: parseUnary(c) };
  }
  return parsePostfix(c);
}

/**
 * Parses one expression from the cursor.
 * @returns {GoNode}
 * @throws {Error} on syntax outside the supported subset
 */
function parseExpr(c, minPrec = 1) {
  let l = parseUnary(c);
  for (;;) {
    const t = c.peek();
    const p = t && t.t === 'op' ? PREC[t.v] : undefined;
    if (p === undefined || p < minPrec) return l;
    c.next();
    const r = parseExpr(c, p + 1);
    l = { k: 'bin', op: t.v, l, r };
  }
}

/** Splits the tokens of a block into statements at newline / `;` boundaries (depth 0). */
function parseStatements(toks) {
  const c = new Cursor(toks);
  /** @type {GoStmt[]} */
  const out = [];
  while (!c.done()) {
    if (c.eat(';')) continue;
    const t = c.peek();
    if (['if', 'for', 'switch', 'select'].includes(t.v) && t.t === 'ident') {
      c.next();
      while (!c.is('{')) { if (c.is('(') || c.is('[')) c.group(); else c.next(); }
      c.group();
      while (c.is('else')) { c.next(); while (!c.is('{')) c.next(); c.group(); }
      out.push({ k: 'skip', what: t.v, line: t.line });
      continue;
    }
    if (t.t === 'ident' && (t.v === 'defer' || t.v === 'go')) { c.next(); parseExpr(c); out.push({ k: 'skip', what: t.v, line: t.line }); continue; }
    if (t.t === 'ident' && t.v === 'return') {
      c.next();
      const xs = [];
      if (!c.done() && !c.peek().nl && !c.is(';')) { xs.push(parseExpr(c)); while (c.eat(',')) xs.push(parseExpr(c)); }
      out.push({ k: 'return', xs });
      continue;
    }
    if (t.t === 'ident' && t.v === 'var') {
      c.next();
      const names = [c.next().v];
      while (c.eat(',')) names.push(c.next().v);
      if (!c.is('=')) parseType(c);
      const rhs = [];
      if (c.eat('=')) { rhs.push(parseExpr(c)); while (c.eat(',')) rhs.push(parseExpr(c)); }
      out.push({ k: 'var', names, rhs });
      continue;
    }
    const lhs = [parseExpr(c)];
    while (c.eat(',')) lhs.push(parseExpr(c));
    const op = c.peek();
    if (op && op.t === 'op' && /^(:=|=|[-+*/%|&^]=|<<=|>>=)$/.test(op.v)) {
      c.next();
      const rhs = [parseExpr(c)];
      while (c.eat(',')) rhs.push(parseExpr(c));
      out.push({ k: 'assign', lhs, rhs, op: op.v });
    } else if (op && op.t === 'op' && (op.v === '++' || op.v === '--')) {
      c.next();
      out.push({ k: 'skip', what: op.v, line: op.line });
    } else {
      out.push({ k: 'expr', x: lhs[0] });
    }
  }
  return out;
}

/** Reads a const or var spec group: `const ( a = 1; b = "x" )` or `const a = 1`. */
function parseValueSpecs(c, into) {
  const specs = c.is('(') ? [new Cursor(c.group())] : [c];
  for (const s of specs) {
    let iota = 0;
    do {
      if (s.done()) break;
      if (s.eat(';')) continue;
      const names = [s.next().v];
      while (s.eat(',')) names.push(s.next().v);
      if (!s.is('=') && !s.done() && !s.peek().nl) parseType(s);
      if (s.eat('=')) {
        const vals = [parseExpr(s)];
        while (s.eat(',')) vals.push(parseExpr(s));
        names.forEach((n, k) => into.set(n, vals[k] ?? { k: 'opaque', why: 'multi-value' }));
      } else {
        names.forEach((n) => into.set(n, { k: 'opaque', why: `implicit (iota ${iota})` }));
      }
      iota++;
    } while (s !== c);
  }
}

/**
 * Parses a Go source file into its package name, imports (local name → import path),
 * package-level constants and variables (name → expression) and functions (bodies parsed lazily).
 * Methods (functions with a receiver) are ignored: SDKv2 schemas are built by plain functions.
 * @param {string} src Go source text
 * @returns {GoFile}
 * @throws {Error} on syntax outside the supported subset
 */
export function parseGoFile(src) {
  const c = new Cursor(tokenize(src));
  c.expect('package');
  const pkg = c.next().v;
  /** @type {GoFile} */
  const file = { pkg, imports: new Map(), consts: new Map(), funcs: new Map() };
  while (!c.done()) {
    const t = c.next();
    if (t.t === 'op') continue;
    if (t.v === 'import') {
      const specs = c.is('(') ? new Cursor(c.group()) : null;
      const rd = specs ?? c;
      do {
        if (rd.done()) break;
        let alias = null;
        if (rd.peek().t === 'ident' || rd.is('.') || rd.is('_')) alias = rd.next().v;
        const p = rd.next().v;
        const parts = p.split('/');
        let last = parts[parts.length - 1];
        if (/^v\d+$/.test(last) && parts.length > 1) last = parts[parts.length - 2];
        file.imports.set(alias ?? last.replace(/^go-/, '').replace(/[-.]/g, '_'), p);
      } while (specs);
    } else if (t.v === 'const' || t.v === 'var') {
      parseValueSpecs(c, file.consts);
    } else if (t.v === 'type') {
      parseType(c); // name
      if (c.is('=')) c.next();
      if (c.is('(')) c.group(); else parseType(c);
    } else if (t.v === 'func') {
      if (c.is('(')) {
        // a method: skip receiver, name, signature and body
        c.group(); c.next(); c.group();
        while (!c.is('{')) { if (c.is('(') || c.is('[')) c.group(); else c.next(); }
        c.group();
        continue;
      }
      const name = c.next().v;
      if (c.is('[')) c.group(); // type parameters
      const paramToks = c.group();
      const params = [];
      // parameter names: identifiers that start each comma-separated item
      let depth = 0; let atStart = true;
      for (const p of paramToks) {
        if (p.t === 'op' && '([{'.includes(p.v)) depth++;
        if (p.t === 'op' && ')]}'.includes(p.v)) depth--;
        if (depth === 0 && p.t === 'op' && p.v === ',') { atStart = true; continue; }
        if (atStart && p.t === 'ident') params.push(p.v);
        atStart = false;
      }
      while (!c.done() && !c.is('{')) { if (c.is('(') || c.is('[')) c.group(); else c.next(); }
      if (c.done()) continue;
      const bodyTokens = c.group();
      file.funcs.set(name, { name, params, body: null, bodyTokens });
    }
  }
  return file;
}

/**
 * Parses (once) and returns the statements of a function's body.
 * @param {GoFunc} fn
 * @returns {GoStmt[]}
 */
export function funcBody(fn) {
  if (!fn.body) fn.body = parseStatements(fn.bodyTokens);
  return fn.body;
}

