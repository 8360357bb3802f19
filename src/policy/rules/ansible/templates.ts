/**
 * Template delimiters in Ansible values, for the ansible-core 2.19 readiness rules: whole-template
 * conditionals, templates nested in expressions and in lookup arguments, and texts that 2.18's
 * literal evaluation turned into lists or mappings. Source: ansible-core 2.19's
 * `_internal/_templating/_jinja_bits.py` (`is_possibly_all_template`) and `_jinja_plugins.py`.
 */
import { tokenize, valueOf } from './jinja.js';

/**
 * True when the text, trimmed, starts and ends with template delimiters (`{{ x }}`, `{% if %}...{% endif %}`):
 * ansible-core 2.19 then renders it as a template before using it as a conditional
 * (`is_possibly_all_template` in `_jinja_bits.py`).
 */
export function isAllTemplate(text: string): boolean {
  const t = text.trim();
  return /^(?:\{\{|\{%)/.test(t) && /(?:\}\}|%\})$/.test(t);
}

/** The expression of a one-block template `{{ expr }}`, or undefined (several blocks, `{% %}`, text around). */
export function singleBlock(text: string): string | undefined {
  const m = /^\{\{-?([\s\S]*?)-?\}\}$/.exec(text.trim());
  return m && !m[1]?.includes('}}') && !m[1]?.includes('{{') ? m[1] : undefined;
}

/** Where template delimiters sit in an expression: `bare` outside string literals, `quoted` inside them. */
export function delimitersIn(expression: string): { bare: boolean; quoted: boolean } {
  const tokens = tokenize(expression);
  if (!tokens) return { bare: /\{\{|\{%/.test(expression), quoted: false };
  return {
    bare: tokens.some((t) => t.kind === 'op' && (t.value === '{{' || t.value === '{%')),
    quoted: tokens.some((t) => t.kind === 'string' && /\{\{|\{%/.test(t.value)),
  };
}

/** The `{{ ... }}` blocks of a templated string, without their delimiters (string literals inside respected). */
export function templateBlocks(text: string): string[] {
  const blocks: string[] = [];
  let i = text.indexOf('{{');
  while (i >= 0) {
    let j = i + 2;
    let quote: string | undefined;
    while (j < text.length) {
      const c = text[j];
      if (quote) { if (c === '\\') j++; else if (c === quote) quote = undefined; } else if (c === "'" || c === '"') quote = c;
      else if (text.startsWith('}}', j)) break;
      j++;
    }
    if (j >= text.length) break;
    blocks.push(text.slice(i + 2, j).replace(/^-|-$/g, ''));
    i = text.indexOf('{{', j + 2);
  }
  return blocks;
}

/** Lookup plugins called from Jinja: their string arguments are where 2.19 still renders (and warns about) embedded templates. */
const LOOKUPS: ReadonlySet<string> = new Set(['lookup', 'query', 'q']);

/** The string literals holding `{{`/`{%` that are arguments (at any depth) of a `lookup()`/`query()` call in an expression. */
export function templatesInLookupArgs(expression: string): string[] {
  const tokens = tokenize(expression);
  if (!tokens) return [];
  const found: string[] = [];
  const stack: boolean[] = [];
  tokens.forEach((t, k) => {
    if (t.kind === 'open') {
      const prev = tokens[k - 1];
      stack.push(t.value === '(' && prev?.kind === 'name' && LOOKUPS.has(prev.value) && tokens[k - 2]?.value !== '.' ? true : (stack.at(-1) ?? false));
    } else if (t.kind === 'close') stack.pop();
    else if (t.kind === 'string' && stack.at(-1) && /\{\{|\{%/.test(t.value)) found.push(t.value);
  });
  return found;
}

/**
 * The list or mapping that ansible-core up to 2.18 made of a templated string written as a Python
 * literal (`'["{{ a }}", "{{ b }}"]'`): it rendered the text, then `literal_eval`ed it. 2.19 keeps
 * the rendered string ("Native Jinja Mode Required" in the 2.19 porting guide). Undefined unless
 * the text, with every `{{ }}` inside a quoted string and `{% %}` dropped, is a list or mapping
 * literal of constants (a `{{ }}` outside quotes may render to text that was never a literal).
 */
export function literalBuiltByTemplate(text: string): 'list' | 'dict' | undefined {
  const t = text.trim();
  if (!/\{\{|\{%/.test(t) || isAllTemplate(t)) return undefined;
  const list = t.startsWith('[') && t.endsWith(']');
  const dict = /^\{[^{%]/.test(t) && t.endsWith('}');
  if (!list && !dict) return undefined;
  let shape = '';
  let quote: string | undefined;
  for (let i = 0; i < t.length;) {
    if (t.startsWith('{{', i) || t.startsWith('{%', i)) {
      const end = t.indexOf(t[i + 1] === '{' ? '}}' : '%}', i + 2);
      if (end < 0) return undefined;
      if (t[i + 1] === '{') { if (!quote) return undefined; shape += 'x'; }
      i = end + 2;
      continue;
    }
    const c = t[i] as string;
    if (quote) { if (c === '\\') { shape += c + (t[i + 1] ?? ''); i += 2; continue; } if (c === quote) quote = undefined; }
    else if (c === '"' || c === "'") quote = c;
    shape += c;
    i++;
  }
  const tokens = tokenize(shape);
  if (!tokens || tokens.some((k) => (k.kind === 'name' && !['True', 'False', 'None'].includes(k.value)) || (k.kind === 'op' && ![',', ':', '-'].includes(k.value)))) return undefined;
  const value = valueOf(shape);
  if (!value || value.kinds.size !== 1) return undefined;
  return value.kinds.has('list') ? 'list' : value.kinds.has('dict') ? 'dict' : undefined;
}
