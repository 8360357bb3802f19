// Evaluator for the Go subset read by go-parse.mjs: it runs schema-builder functions of a Go
// module symbolically and returns plain JS values (strings, numbers, booleans, Maps for Go maps,
// arrays for slices, { $type, ...fields } objects for struct literals). Anything it cannot compute
// (func literals, calls outside the module, arithmetic on unknowns) becomes an Opaque value.

import fs from 'node:fs';
import path from 'node:path';
import { parseGoFile, funcBody } from './go-parse.mjs';

/** A value the evaluator could not compute; `why` says what it was. */
export class Opaque {
  /** @param {string} why */
  constructor(why) { this.why = why; }
}

/**
 * @typedef {import('./go-parse.mjs').GoFile} GoFile
 * @typedef {import('./go-parse.mjs').GoNode} GoNode
 * @typedef {{ dir: string, name: string, files: GoFile[] }} GoPackage
 * @typedef {{ pkg: GoPackage, file: GoFile, locals: Map<string, any> }} Scope
 */

/** Calls outside the module whose result matters for schemas (symbolic stand-ins). */
const EXTERNAL = {
  /** fmt.Sprintf with %s, %q, %d, %v verbs. */
  'fmt.Sprintf': (args) => {
    const [f, ...rest] = args;
    if (typeof f !== 'string') return new Opaque('fmt.Sprintf format');
    let k = 0;
    return f.replace(/%([sqdv%])/g, (_, v) => {
      if (v === '%') return '%';
      const a = rest[k++];
      if (a instanceof Opaque || a === undefined) return '…';
      return v === 'q' ? JSON.stringify(String(a)) : String(a);
    });
  },
};

/**
 * A Go module checked out at `root`, read lazily package by package.
 */
export class GoModule {
  /**
   * @param {string} root directory holding go.mod
   * @param {{ warn?: (msg: string) => void, files?: Record<string, string> }} [opts]
   *   `files`: in-memory sources (relative path → text) instead of the disk (for tests)
   * @throws {Error} when go.mod has no module line
   */
  constructor(root, opts = {}) {
    this.root = root;
    this.files = opts.files ?? null;
    this.warn = opts.warn ?? (() => {});
    const gomod = this.read('go.mod');
    const m = /^module\s+(\S+)/m.exec(gomod);
    if (!m) throw new Error(`${root}/go.mod: no module line`);
    this.modulePath = m[1];
    /** @type {Map<string, GoPackage>} */
    this.packages = new Map();
    this.constCache = new Map();
  }

  read(rel) {
    if (this.files) {
      const v = this.files[rel];
      if (v === undefined) throw new Error(`no file ${rel}`);
      return v;
    }
    return fs.readFileSync(path.join(this.root, rel), 'utf8');
  }

  listGo(dir) {
    if (this.files) {
      return Object.keys(this.files).filter((f) => path.posix.dirname(f) === dir && f.endsWith('.go')).map((f) => path.posix.basename(f));
    }
    return fs.readdirSync(path.join(this.root, dir)).filter((f) => f.endsWith('.go'));
  }

  /**
   * The package in directory `dir` (relative to the module root), test files excluded.
   * @param {string} dir
   * @returns {GoPackage}
   * @throws {Error} when a file cannot be parsed
   */
  pkg(dir) {
    const hit = this.packages.get(dir);
    if (hit) return hit;
    const files = this.listGo(dir).filter((f) => !f.endsWith('_test.go')).sort().map((f) => {
      try { return parseGoFile(this.read(path.posix.join(dir, f))); } catch (e) { throw new Error(`${dir}/${f}: ${e.message}`); }
    });
    const p = { dir, name: files[0]?.pkg ?? path.posix.basename(dir), files };
    this.packages.set(dir, p);
    return p;
  }

  /** The module-relative directory of an import path, or null when outside the module. */
  dirOf(importPath) {
    if (importPath === this.modulePath) return '.';
    if (importPath.startsWith(this.modulePath + '/')) return importPath.slice(this.modulePath.length + 1);
    return null;
  }

  /** Finds a package-level declaration. @returns {{ kind: 'const'|'func', file: GoFile, node: any } | null} */
  lookup(pkg, name) {
    for (const f of pkg.files) {
      if (f.consts.has(name)) return { kind: 'const', file: f, node: f.consts.get(name) };
      if (f.funcs.has(name)) return { kind: 'func', file: f, node: f.funcs.get(name) };
    }
    return null;
  }

  /**
   * Calls a package-level function by name with evaluated arguments.
   * @param {string} dir package directory relative to the module root
   * @param {string} name function name
   * @param {any[]} [args]
   * @returns {any} the first returned value
   * @throws {Error} when the function does not exist
   */
  call(dir, name, args = []) {
    const pkg = this.pkg(dir);
    const d = this.lookup(pkg, name);
    if (!d || d.kind !== 'func') throw new Error(`${dir}: no function ${name}`);
    return this.run(pkg, d.file, d.node, args);
  }

  run(pkg, file, fn, args) {
    const locals = new Map(fn.params.map((p, i) => [p, args[i]]));
    /** @type {Scope} */
    const scope = { pkg, file, locals };
    for (const st of funcBody(fn)) {
      if (st.k === 'return') return st.xs.length ? this.eval(st.xs[0], scope) : undefined;
      if (st.k === 'skip') continue;
      if (st.k === 'var') { st.names.forEach((n, i) => locals.set(n, st.rhs[i] ? this.eval(st.rhs[i], scope) : undefined)); continue; }
      if (st.k === 'expr') { this.eval(st.x, scope); continue; }
      if (st.k === 'assign') {
        if (st.lhs.length !== st.rhs.length) { st.lhs.forEach((l) => l.k === 'id' && locals.set(l.name, new Opaque('multi-value'))); continue; }
        st.lhs.forEach((l, i) => this.assign(l, this.eval(st.rhs[i], scope), st.op, scope));
      }
    }
    return undefined;
  }

  assign(lhs, value, op, scope) {
    if (op !== '=' && op !== ':=') value = new Opaque(`compound assignment ${op}`);
    if (lhs.k === 'id') { scope.locals.set(lhs.name, value); return; }
    if (lhs.k === 'index') {
      const m = this.eval(lhs.x, scope);
      const key = this.eval(lhs.idx, scope);
      if (m instanceof Map && typeof key === 'string') { m.set(key, value); return; }
    }
    if (lhs.k === 'sel') {
      const o = this.eval(lhs.x, scope);
      if (o && typeof o === 'object' && !(o instanceof Opaque) && !(o instanceof Map)) { o[lhs.name] = value; return; }
    }
    this.warn(`${scope.pkg.dir}: assignment to ${describe(lhs)} not understood`);
  }

  /**
   * Evaluates an expression in a scope.
   * @param {GoNode} n
   * @param {Scope} scope
   * @param {string|null} [type] the type an elided composite literal has here
   */
  eval(n, scope, type = null) {
    switch (n.k) {
      case 'str': case 'num': return n.v;
      case 'opaque': return new Opaque(n.why);
      case 'type': return new Opaque(`type ${n.text}`);
      case 'id': return this.ident(n.name, scope);
      case 'unary': {
        const v = this.eval(n.x, scope, type && type.startsWith('*') ? type.slice(1) : type);
        if (n.op === '&' || n.op === '+') return v;
        if (n.op === '-' && typeof v === 'number') return -v;
        if (n.op === '!' && typeof v === 'boolean') return !v;
        return new Opaque(`unary ${n.op}`);
      }
      case 'bin': {
        const l = this.eval(n.l, scope);
        const r = this.eval(n.r, scope);
        if (n.op === '+' && typeof l === 'string' && typeof r === 'string') return l + r;
        if (typeof l === 'number' && typeof r === 'number') {
          const f = { '+': l + r, '-': l - r, '*': l * r, '/': Math.trunc(l / r) }[n.op];
          if (f !== undefined) return f;
        }
        return new Opaque(`binary ${n.op}`);
      }
      case 'sel': {
        if (n.x.k === 'id' && !scope.locals.has(n.x.name) && scope.file.imports.has(n.x.name)) {
          return this.qualified(scope.file.imports.get(n.x.name), n.x.name, n.name);
        }
        const o = this.eval(n.x, scope);
        if (o && typeof o === 'object' && !(o instanceof Opaque) && !(o instanceof Map) && n.name in o) return o[n.name];
        return new Opaque(`field ${n.name}`);
      }
      case 'index': {
        const m = this.eval(n.x, scope);
        const k = this.eval(n.idx, scope);
        if (m instanceof Map && m.has(k)) return m.get(k);
        if (Array.isArray(m) && typeof k === 'number') return m[k];
        return new Opaque('index');
      }
      case 'call': return this.callNode(n, scope);
      case 'comp': return this.composite(n, n.type ?? type, scope);
      default: return new Opaque(`node ${n.k}`);
    }
  }

  composite(n, type, scope) {
    const t = (type ?? '').replace(/^\*/, '');
    const map = /^map\[([^\]]+)\](.+)$/.exec(t);
    if (map) {
      const m = new Map();
      for (const e of n.elts) {
        const k = e.key ? this.eval(e.key, scope) : new Opaque('no key');
        if (k instanceof Opaque) { this.warn(`${scope.pkg.dir}: map key ${describe(e.key)} not computed (${k.why})`); continue; }
        if (m.has(k)) this.warn(`${scope.pkg.dir}: duplicate map key ${k}`);
        m.set(k, this.eval(e.val, scope, map[2]));
      }
      return m;
    }
    const slice = /^\[[^\]]*\](.+)$/.exec(t);
    if (slice) return n.elts.map((e) => this.eval(e.val, scope, slice[1]));
    const o = { $type: t || null };
    for (const e of n.elts) {
      if (e.key && e.key.k === 'id') o[e.key.name] = this.eval(e.val, scope, fieldType(t, e.key.name));
    }
    return o;
  }

  ident(name, scope) {
    if (scope.locals.has(name)) return scope.locals.get(name);
    if (name === 'true') return true;
    if (name === 'false') return false;
    if (name === 'nil') return null;
    const d = this.lookup(scope.pkg, name);
    if (d && d.kind === 'const') return this.constValue(scope.pkg, d.file, name, d.node);
    if (d && d.kind === 'func') return new Opaque(`func value ${name}`);
    return new Opaque(`identifier ${name}`);
  }

  constValue(pkg, file, name, node) {
    const key = `${pkg.dir}:${name}`;
    if (this.constCache.has(key)) return this.constCache.get(key);
    this.constCache.set(key, new Opaque(`cyclic ${name}`));
    const v = this.eval(node, { pkg, file, locals: new Map() });
    this.constCache.set(key, v);
    return v;
  }

  qualified(importPath, alias, name) {
    const dir = this.dirOf(importPath);
    if (dir === null) return new Opaque(`${alias}.${name}`);
    const pkg = this.pkg(dir);
    const d = this.lookup(pkg, name);
    if (d && d.kind === 'const') return this.constValue(pkg, d.file, name, d.node);
    return new Opaque(`${alias}.${name}`);
  }

  callNode(n, scope) {
    const args = () => n.args.map((a) => this.eval(a, scope));
    let pkg = scope.pkg;
    let fname = null;
    let label = null;
    if (n.fn.k === 'id' && !scope.locals.has(n.fn.name)) { fname = n.fn.name; label = fname; }
    else if (n.fn.k === 'sel' && n.fn.x.k === 'id' && !scope.locals.has(n.fn.x.name) && scope.file.imports.has(n.fn.x.name)) {
      const ip = scope.file.imports.get(n.fn.x.name);
      label = `${n.fn.x.name}.${n.fn.name}`;
      const dir = this.dirOf(ip);
      if (dir === null) {
        const ext = EXTERNAL[`${path.posix.basename(ip)}.${n.fn.name}`];
        return ext ? ext(args()) : new Opaque(`call ${label}`);
      }
      pkg = this.pkg(dir);
      fname = n.fn.name;
    }
    if (label && /(^|\.)MergeSchema$/.test(label)) {
      const [dst, src] = args();
      if (dst instanceof Map && src instanceof Map) {
        for (const [k, v] of src) { if (dst.has(k)) this.warn(`MergeSchema: conflicting key ${k}`); dst.set(k, v); }
      } else this.warn(`${scope.pkg.dir}: MergeSchema on values not computed`);
      return undefined;
    }
    if (fname) {
      const d = this.lookup(pkg, fname);
      if (d && d.kind === 'func') return this.run(pkg, d.file, d.node, args());
      return new Opaque(`call ${label}`);
    }
    return new Opaque('call of a computed function');
  }
}

/** The type of a field of an SDKv2 struct, for elided composite literals inside it. */
function fieldType(structType, field) {
  if (/(^|\.)Resource$/.test(structType) && field === 'Schema') return 'map[string]*schema.Schema';
  return null;
}

/** Short source-like text of an expression node, for warnings. */
export function describe(n) {
  if (!n) return '?';
  switch (n.k) {
    case 'id': return n.name;
    case 'sel': return `${describe(n.x)}.${n.name}`;
    case 'index': return `${describe(n.x)}[${describe(n.idx)}]`;
    case 'call': return `${describe(n.fn)}(…)`;
    case 'str': return JSON.stringify(n.v);
    default: return n.k;
  }
}
