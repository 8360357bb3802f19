// Tokenizer for the subset of Go that terraform-plugin-sdk/v2 schema definitions use.
// Facts about Go's lexical grammar: https://go.dev/ref/spec#Lexical_elements

/**
 * @typedef {{ t: 'ident'|'string'|'number'|'char'|'op', v: string, nl: boolean, line: number }} GoToken
 * `nl` is true when a newline separates the token from the one before it (Go's statement end).
 * For `string` tokens `v` is the decoded value; for the rest, the source text.
 */

const OPS = ['<<=', '>>=', '&^=', '...', ':=', '==', '!=', '<=', '>=', '&&', '||', '<-', '++', '--',
  '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '<<', '>>', '&^'];

/** Decodes a Go interpreted string literal body (between the quotes). */
function unescape(body) {
  return body.replace(/\\(u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|[0-7]{3}|.)/g, (_, e) => {
    switch (e[0]) {
      case 'n': return '\n';
      case 't': return '\t';
      case 'r': return '\r';
      case 'u': case 'x': return String.fromCharCode(parseInt(e.slice(1), 16));
      default: return /^[0-7]{3}$/.test(e) ? String.fromCharCode(parseInt(e, 8)) : e;
    }
  });
}

/**
 * Splits Go source into tokens, dropping comments.
 * @param {string} src Go source text
 * @returns {GoToken[]}
 * @throws {Error} on an unterminated string or comment
 */
export function tokenize(src) {
  /** @type {GoToken[]} */
  const out = [];
  let i = 0;
  let line = 1;
  let nl = false;
  const push = (t, v) => { out.push({ t, v, nl, line }); nl = false; };
  while (i < src.length) {
    const c = src[i];
    if (c === '\n') { nl = true; line++; i++; continue; }
    if (c === ' ' || c === '\t' || c === '\r') { i++; continue; }
    if (c === '/' && src[i + 1] === '/') { while (i < src.length && src[i] !== '\n') i++; continue; }
    if (c === '/' && src[i + 1] === '*') {
      const end = src.indexOf('*/', i + 2);
      if (end < 0) throw new Error(`unterminated comment at line ${line}`);
      const body = src.slice(i, end + 2);
      const n = body.split('\n').length - 1;
      if (n) { nl = true; line += n; }
      i = end + 2;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      while (j < src.length && src[j] !== '"') { if (src[j] === '\\') j++; if (src[j] === '\n') throw new Error(`newline in string at line ${line}`); j++; }
      if (j >= src.length) throw new Error(`unterminated string at line ${line}`);
      push('string', unescape(src.slice(i + 1, j)));
      i = j + 1;
      continue;
    }
    if (c === '`') {
      const end = src.indexOf('`', i + 1);
      if (end < 0) throw new Error(`unterminated raw string at line ${line}`);
      const body = src.slice(i + 1, end);
      push('string', body.replace(/\r/g, ''));
      line += body.split('\n').length - 1;
      i = end + 1;
      continue;
    }
    if (c === "'") {
      let j = i + 1;
      while (j < src.length && src[j] !== "'") { if (src[j] === '\\') j++; j++; }
      push('char', src.slice(i, j + 1));
      i = j + 1;
      continue;
    }
    if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(src[i + 1] ?? ''))) {
      const m = /^(0[xX][0-9a-fA-F_]+|0[bB][01_]+|0[oO][0-7_]+|[0-9_]*\.?[0-9_]*([eE][+-]?[0-9_]+)?i?)/.exec(src.slice(i));
      const text = m?.[0] || c;
      push('number', text);
      i += text.length;
      continue;
    }
    if (/[A-Za-z_\u0080-\uffff]/.test(c)) {
      const m = /^[A-Za-z_0-9\u0080-\uffff]+/.exec(src.slice(i));
      const text = m?.[0] ?? c;
      push('ident', text);
      i += text.length;
      continue;
    }
    const op = OPS.find((o) => src.startsWith(o, i)) ?? c;
    push('op', op);
    i += op.length;
  }
  return out;
}
