// Reader for the "## Schema" part of docs written by tfplugindocs (hashicorp/terraform-plugin-docs,
// internal/schemamd: render.go writes the sections, the "(Type, Flags)" notes and the
// "nested schema" anchors this file reads back). tfplugindocs renders a provider's real schema
// (`terraform providers schema -json`), so reading it back gives that schema minus what the
// markdown drops: whether an Optional attribute is also Computed, and deprecation messages
// (only the word "Deprecated" is printed).

/**
 * @typedef {import('./sdk-schema.mjs').TfBlock} TfBlock
 * @typedef {{ name: string, kind: 'resource'|'data', deprecated: string|null, block: TfBlock }} DocSchema
 * @typedef {{ name: string, section: 'required'|'optional'|'read-only', type: string, desc: string, anchor: string|null, line: number }} DocItem
 */

const SCALARS = { String: 'string', Number: 'number', Boolean: 'bool', Dynamic: 'dynamic', Float: 'number', Int: 'number' };
const SECTION = { Required: 'required', Optional: 'optional', 'Read-Only': 'read-only' };

/**
 * Splits the text after "## Schema" into the root item list and the nested sections by anchor.
 * @param {string} md whole markdown file
 * @returns {{ root: DocItem[], nested: Map<string, DocItem[]> }}
 */
export function readSchemaSections(md) {
  const lines = md.split('\n');
  const start = lines.findIndex((l) => /^## Schema\s*$/.test(l));
  if (start < 0) throw new Error('no "## Schema" section');
  /** @type {DocItem[]} */
  const root = [];
  /** @type {Map<string, DocItem[]>} */
  const nested = new Map();
  let cur = root;
  let section = null;
  let pendingAnchor = null;
  for (let i = start + 1; i < lines.length; i++) {
    const l = lines[i];
    if (/^## /.test(l)) break;
    const a = /^<a id="([^"]+)"><\/a>\s*$/.exec(l);
    if (a) { pendingAnchor = a[1]; continue; }
    if (/^### Nested Schema for /.test(l)) {
      if (!pendingAnchor) throw new Error(`line ${i + 1}: nested schema without an anchor`);
      cur = [];
      nested.set(pendingAnchor, cur);
      pendingAnchor = null;
      section = null;
      continue;
    }
    const h = /^(?:### )?(Required|Optional|Read-Only):?\s*$/.exec(l);
    if (h) { section = SECTION[h[1]]; continue; }
    const it = /^- `([^`]+)` \((.*?)\)(?: (.*))?$/.exec(l);
    if (it) {
      // The type note may itself hold parentheses (the "[Write-only](url)" link): cut at the
      // first ") " or ")" end that closes the opening one.
      const full = l.slice(l.indexOf('(') + 1);
      let depth = 1; let k = 0;
      for (; k < full.length; k++) { if (full[k] === '(') depth++; else if (full[k] === ')' && --depth === 0) break; }
      const type = full.slice(0, k);
      const desc = full.slice(k + 1).trim();
      if (!section) throw new Error(`line ${i + 1}: item ${it[1]} outside Required/Optional/Read-Only`);
      const anchor = /\(see \[below for nested schema\]\(#([^)]+)\)\)/.exec(desc)?.[1] ?? null;
      cur.push({ name: it[1], section, type, desc: desc.replace(/\s*\(see \[below for nested schema\][^)]*\)\)\s*$/, ''), anchor, line: i + 1 });
    }
  }
  return { root, nested };
}

/**
 * Parses a tfplugindocs type note such as `List of String`, `Block List, Min: 1, Max: 3`,
 * `String, Sensitive, Deprecated`, `Attributes Set`.
 * @param {string} note the text between the parentheses
 * @returns {{ kind: 'attr'|'nested'|'block', base: string, nesting?: string, min?: number, max?: number,
 *   sensitive: boolean, deprecated: boolean, writeOnly: boolean }}
 * @throws {Error} on a note this reader does not know
 */
export function parseTypeNote(note) {
  const parts = note.split(/,\s*/);
  const head = parts.shift() ?? '';
  const flags = { sensitive: false, deprecated: false, writeOnly: false, min: 0, max: 0 };
  for (const p of parts) {
    if (p === 'Sensitive') flags.sensitive = true;
    else if (p === 'Deprecated') flags.deprecated = true;
    else if (/^\[Write-only\]/.test(p)) flags.writeOnly = true;
    else if (/^Min: \d+$/.test(p)) flags.min = Number(p.slice(5));
    else if (/^Max: \d+$/.test(p)) flags.max = Number(p.slice(5));
    else if (/^(Optional|Required|Read-only)$/i.test(p)) { /* single block presence note */ }
    else throw new Error(`unknown type flag "${p}" in (${note})`);
  }
  const block = /^Block(?: (List|Set|Map))?$/.exec(head);
  if (block) return { kind: 'block', base: head, nesting: (block[1] ?? 'Single').toLowerCase(), ...flags };
  const nested = /^Attributes(?: (List|Set|Map))?$/.exec(head);
  if (nested) return { kind: 'nested', base: head, nesting: (nested[1] ?? 'Single').toLowerCase(), ...flags };
  return { kind: 'attr', base: head, ...flags };
}

/**
 * The cty type of a note head such as `List of Set of Number` or `Object`.
 * @param {string} base
 * @param {() => any} objectType supplies the `["object", {...}]` type of the linked nested schema
 * @returns {import('./sdk-schema.mjs').Cty}
 * @throws {Error} on an unknown type name
 */
export function ctyOfNote(base, objectType) {
  if (SCALARS[base]) return SCALARS[base];
  if (base === 'Object') return objectType();
  const m = /^(List|Set|Map) of (.+)$/.exec(base);
  if (m) return [m[1].toLowerCase(), ctyOfNote(m[2], objectType)];
  throw new Error(`unknown type "${base}"`);
}

function flagsOf(section) {
  if (section === 'required') return { required: true };
  if (section === 'optional') return { optional: true };
  return { computed: true };
}

/**
 * Builds a Terraform JSON block from doc items and the nested sections they link to.
 * @param {DocItem[]} items
 * @param {Map<string, DocItem[]>} nested
 * @param {string} where path for messages
 * @returns {TfBlock}
 * @throws {Error} when a linked nested section is missing or a note is unknown
 */
export function blockFromItems(items, nested, where) {
  /** @type {TfBlock} */
  const block = { attributes: {}, block_types: {} };
  const linked = (it) => {
    const sub = it.anchor ? nested.get(it.anchor) : null;
    if (!sub) throw new Error(`${where}.${it.name}: nested schema ${it.anchor ?? '(no link)'} not found`);
    return sub;
  };
  for (const it of items) {
    const at = `${where}.${it.name}`;
    let note;
    try { note = parseTypeNote(it.type); } catch (e) { throw new Error(`${at}: ${e.message}`); }
    if (note.kind === 'block') {
      const nb = { nesting_mode: note.nesting, block: blockFromItems(linked(it), nested, at) };
      if (note.min) nb.min_items = note.min;
      if (note.max) nb.max_items = note.max;
      if (note.deprecated) nb.block.deprecated = true;
      if (block.block_types[it.name]) throw new Error(`${at}: listed twice`);
      block.block_types[it.name] = nb;
      continue;
    }
    const a = {};
    if (note.kind === 'nested') {
      const inner = blockFromItems(linked(it), nested, at);
      if (inner.block_types) throw new Error(`${at}: blocks inside nested attributes`);
      a.nested_type = { attributes: inner.attributes ?? {}, nesting_mode: note.nesting };
    } else {
      a.type = ctyOfNote(note.base, () => {
        const inner = blockFromItems(linked(it), nested, at);
        return ['object', Object.fromEntries(Object.entries(inner.attributes ?? {}).map(([k, v]) => [k, v.type ?? 'dynamic']))];
      });
    }
    Object.assign(a, flagsOf(it.section));
    if (note.sensitive) a.sensitive = true;
    if (note.writeOnly) a.write_only = true;
    if (note.deprecated) { a.deprecated = true; a.description = it.desc || 'deprecated'; }
    if (block.attributes[it.name]) throw new Error(`${at}: listed twice`);
    block.attributes[it.name] = a;
  }
  if (!Object.keys(block.block_types).length) delete block.block_types;
  if (!Object.keys(block.attributes).length) delete block.attributes;
  return block;
}

/**
 * Reads one tfplugindocs-generated resource or data-source page.
 * @param {string} md the markdown text
 * @returns {DocSchema}
 * @throws {Error} when the page has no "# Resource:"/"# Data Source:" title or no "## Schema"
 */
export function readDocSchema(md) {
  const title = /^# (Resource|Data Source): (\S+)\s*$/m.exec(md);
  if (!title) throw new Error('no "# Resource:" or "# Data Source:" title');
  const head = md.slice(0, md.search(/^## /m));
  const dep = /^~> \*\*Deprecated:\*\*\s*(.+)$/m.exec(head);
  const { root, nested } = readSchemaSections(md);
  const block = blockFromItems(root, nested, title[2]);
  const deprecated = dep ? dep[1].replace(/\[`?([^\]`]+)`?\]\([^)]*\)/g, '"$1"').trim() : null;
  if (deprecated) { block.deprecated = true; block.description = deprecated; }
  return { name: title[2], kind: title[1] === 'Resource' ? 'resource' : 'data', deprecated, block };
}
