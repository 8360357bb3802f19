/**
 * Where things are in a Terraform file. `@cdktn/hcl2json` gives the values but no positions, so
 * this scanner reads the HCL native syntax for its structure only: blocks (type, labels, line)
 * and attributes (name, line), object values (`proxmox = { ... }`) as nested nodes. Strings,
 * template interpolations, heredocs and comments are skipped so that their braces never count.
 * A path in hcl2json's JSON (`['variable', 'name', 0, 'default']`) maps to a line.
 */

/** A block, an attribute, or a key of an object value, with its line and what it holds. */
export interface HclNode {
  kind: 'block' | 'attr';
  name: string;
  labels: string[];
  line: number;
  children: HclNode[];
}

type Token = { t: 'ident' | 'string' | 'open' | 'close' | 'eq' | 'nl' | 'comma' | 'other'; v: string; line: number };

/** Splits HCL text into the tokens the structure needs. */
function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let line = 1;
  let i = 0;
  const push = (t: Token['t'], v: string, at = line): void => void tokens.push({ t, v, line: at });
  /** Skips a quoted template from its opening quote; returns its text (interpolations kept raw). */
  const readString = (): string => {
    const start = i++;
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\') i++;
      else if ((text[i] === '$' || text[i] === '%') && text[i + 1] === '{') skipTemplate();
      else if (text[i] === '\n') line++;
      i++;
    }
    return text.slice(start + 1, i++);
  };
  /** From `${`, skips to its matching `}` (leaves `i` on it). */
  const skipTemplate = (): void => {
    i += 2;
    let depth = 1;
    while (i < text.length && depth > 0) {
      const ch = text[i];
      if (ch === '"') { readString(); continue; }
      if (ch === '{') depth++;
      else if (ch === '}') depth--;
      else if (ch === '\n') line++;
      if (depth > 0) i++;
    }
  };
  while (i < text.length) {
    const ch = text[i] as string;
    const rest = text.slice(i, i + 2);
    if (ch === '\n') { push('nl', ch); line++; i++; continue; }
    if (ch === '#' || rest === '//') { while (i < text.length && text[i] !== '\n') i++; continue; }
    if (rest === '/*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end < 0 ? text.length : end + 2;
      line += (text.slice(i, stop).match(/\n/g) ?? []).length;
      i = stop;
      continue;
    }
    const heredoc = /^<<-?([A-Za-z_][A-Za-z0-9_]*)[ \t]*\n/.exec(text.slice(i, i + 200));
    if (heredoc) {
      const at = line;
      const marker = heredoc[1] as string;
      i += heredoc[0].length;
      line++;
      while (i < text.length) {
        const eol = text.indexOf('\n', i);
        const content = text.slice(i, eol < 0 ? text.length : eol);
        i = eol < 0 ? text.length : eol;
        if (content.trim() === marker) break;
        if (eol >= 0) { i++; line++; }
      }
      push('other', 'heredoc', at);
      continue;
    }
    if (ch === '"') { const at = line; push('string', readString(), at); continue; }
    if (/[A-Za-z_]/.test(ch)) {
      const word = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(text.slice(i))?.[0] ?? ch;
      push('ident', word);
      i += word.length;
      continue;
    }
    if (ch === '{' || ch === '[' || ch === '(') push('open', ch);
    else if (ch === '}' || ch === ']' || ch === ')') push('close', ch);
    else if (ch === '=' && text[i + 1] !== '=' && text[i + 1] !== '>' && !/[!<>=]/.test(text[i - 1] ?? '')) push('eq', ch);
    else if (ch === ':' ) push('eq', ch);
    else if (ch === ',') push('comma', ch);
    else if (!/\s/.test(ch)) push('other', ch);
    i++;
  }
  return tokens;
}

/**
 * Reads the structure of an HCL file: the root node (kind `block`, empty name) holding the
 * top-level blocks and attributes.
 */
export function scanHcl(text: string): HclNode {
  const tokens = tokenize(text);
  let i = 0;
  /** Skips an expression up to a newline, comma or closing bracket at depth 0. */
  const skipExpression = (): void => {
    let depth = 0;
    for (; i < tokens.length; i++) {
      const tok = tokens[i] as Token;
      if (tok.t === 'open') depth++;
      else if (tok.t === 'close') {
        if (depth === 0) return;
        depth--;
      } else if ((tok.t === 'nl' || tok.t === 'comma') && depth === 0) return;
    }
  };
  const body = (objectMode: boolean): HclNode[] => {
    const children: HclNode[] = [];
    while (i < tokens.length) {
      const tok = tokens[i] as Token;
      if (tok.t === 'close') { i++; return children; }
      if (tok.t === 'nl' || tok.t === 'comma') { i++; continue; }
      if (tok.t !== 'ident' && !(objectMode && tok.t === 'string')) { i++; skipExpression(); continue; }
      const next = tokens[i + 1];
      if (next?.t === 'eq') {
        i += 2;
        const node: HclNode = { kind: 'attr', name: tok.v, labels: [], line: tok.line, children: [] };
        if (tokens[i]?.t === 'open' && tokens[i]?.v === '{') {
          i++;
          node.children = body(true);
        } else skipExpression();
        children.push(node);
        continue;
      }
      const labels: string[] = [];
      let j = i + 1;
      while (tokens[j]?.t === 'string' || tokens[j]?.t === 'ident') labels.push((tokens[j++] as Token).v);
      if (!objectMode && tokens[j]?.t === 'open' && tokens[j]?.v === '{') {
        i = j + 1;
        children.push({ kind: 'block', name: tok.v, labels, line: tok.line, children: body(false) });
        continue;
      }
      i++;
      skipExpression();
    }
    return children;
  };
  return { kind: 'block', name: '', labels: [], line: 1, children: body(false) };
}

/**
 * The line of the node at an hcl2json path: block type, then its labels, then (optionally) the
 * index among blocks of that type and labels, then attribute or nested block names. Stops at
 * the deepest node found, so a missing attribute yields its block's line.
 */
export function hclLine(root: HclNode, path: ReadonlyArray<string | number>): number {
  let node = root;
  let line = root.line;
  let i = 0;
  while (i < path.length) {
    const seg = path[i];
    if (typeof seg !== 'string') { i++; continue; }
    const blocks = node.children.filter((c) => c.kind === 'block' && c.name === seg);
    if (blocks.length > 0) {
      let matching = blocks;
      let n = 0;
      while (matching.some((b) => b.labels.length > n) && typeof path[i + 1 + n] === 'string') {
        const label = path[i + 1 + n];
        matching = matching.filter((b) => b.labels[n] === label);
        n++;
      }
      i += 1 + n;
      const index = typeof path[i] === 'number' ? (path[i++] as number) : 0;
      const found = matching[index];
      if (!found) return line;
      node = found;
      line = found.line;
      continue;
    }
    const attr = node.children.find((c) => c.kind === 'attr' && c.name === seg);
    if (!attr) return line;
    node = attr;
    line = attr.line;
    i++;
  }
  return line;
}
