/**
 * The comment guard of `iacgen fix`: a fix may move a comment or change the blanks around it
 * (shfmt and `terraform fmt` align trailing comments), never drop or rewrite one. The comments of a
 * text are read with the rules' line scanner (`src/policy/text.ts`: `#` for YAML, shell, Python,
 * TOML and HCL, also `//` for HCL) plus HCL's `/* ... *\/` blocks, and compared as multisets of
 * their trimmed texts.
 */
import type { FileType } from '../classify/tables.js';
import { splitComment, splitLines } from '../policy/text.js';

/**
 * The trimmed texts of every comment of `text` in `type`'s syntax, in order (a `/* *\/` block of
 * HCL gives one entry per line of its content). Pure; file types without comments give `[]`.
 */
export function commentTexts(text: string, type: FileType): string[] {
  const source = type === 'terraform' ? withoutBlockComments(text) : { code: text, blocks: [] };
  const found: string[] = [...source.blocks];
  for (const line of splitLines(source.code)) {
    const { comment } = splitComment(line, type);
    if (comment !== undefined) found.push(comment.trim());
  }
  return found.filter((c) => c !== '');
}

/**
 * The comments of `before` that `after` no longer holds (a multiset difference: a comment that
 * appears twice before and once after is lost once). Empty when every comment is kept. Pure.
 */
export function lostComments(before: string, after: string, type: FileType): string[] {
  const left = new Map<string, number>();
  for (const c of commentTexts(after, type)) left.set(c, (left.get(c) ?? 0) + 1);
  const lost: string[] = [];
  for (const c of commentTexts(before, type)) {
    const n = left.get(c) ?? 0;
    if (n > 0) left.set(c, n - 1);
    else lost.push(c);
  }
  return lost;
}

/**
 * HCL text with its `/* ... *\/` comments cut out (newlines kept, so line numbers hold) and the
 * trimmed lines of those comments. Quoted strings are followed (`"/*"` is not a comment); a `#`
 * or `//` line comment ends the look for a block on its line.
 */
function withoutBlockComments(text: string): { code: string; blocks: string[] } {
  let code = '';
  const blocks: string[] = [];
  let i = 0;
  let quote = false;
  while (i < text.length) {
    const ch = text[i] as string;
    if (quote) {
      code += ch;
      if (ch === '\\') code += text[++i] ?? '';
      else if (ch === '"' || ch === '\n') quote = false;
      i++;
      continue;
    }
    if (ch === '"') quote = true;
    if (ch === '#' || (ch === '/' && text[i + 1] === '/')) {
      const end = text.indexOf('\n', i);
      const stop = end === -1 ? text.length : end;
      code += text.slice(i, stop);
      i = stop;
      continue;
    }
    if (ch === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end === -1 ? text.length : end;
      const body = text.slice(i + 2, stop);
      for (const line of body.split('\n')) blocks.push(line.replace(/^\s*\*?/, '').trim());
      code += body.replace(/[^\n]/g, '');
      i = end === -1 ? text.length : end + 2;
      continue;
    }
    code += ch;
    i++;
  }
  return { code, blocks };
}
