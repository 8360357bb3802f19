// Fills in the one flag tfplugindocs pages drop: whether an Optional plugin-framework attribute
// is also Computed. The pages list optional+computed attributes under "Optional" only
// (hashicorp/terraform-plugin-docs, internal/schemamd/render.go). The flag is read from the
// framework Go source of the package that registers the type: the literals
// `"name": schema.XxxAttribute{ ... Optional: true, ... Computed: true ... }`.

import fs from 'node:fs';
import path from 'node:path';
import { tokenize } from './go-tokens.mjs';

/**
 * @typedef {{ optional: boolean, computed: boolean, deprecation?: string }} FwAttrFlags
 * @typedef {Map<string, FwAttrFlags[]>} FwDefs  attribute name → every literal defining it in a package tree
 */

/**
 * Collects the attribute literals of Go source texts: every `"name": pkg.SomethingAttribute{`
 * with the Optional/Computed fields written at the literal's own level.
 * @param {string[]} sources Go source texts
 * @returns {FwDefs}
 */
export function collectAttributeLiterals(sources) {
  /** @type {FwDefs} */
  const defs = new Map();
  for (const src of sources) {
    const t = tokenize(src);
    for (let i = 0; i + 5 < t.length; i++) {
      if (t[i].t !== 'string' || t[i + 1].v !== ':' || t[i + 2].t !== 'ident' || t[i + 3].v !== '.' || !/Attribute$/.test(t[i + 4].v) || t[i + 5].v !== '{') continue;
      const flags = { optional: false, computed: false };
      let depth = 0;
      for (let j = i + 5; j < t.length; j++) {
        const v = t[j];
        if (v.t === 'op' && (v.v === '{' || v.v === '(' || v.v === '[')) depth++;
        else if (v.t === 'op' && (v.v === '}' || v.v === ')' || v.v === ']')) { if (--depth === 0) break; }
        else if (depth === 1 && v.t === 'ident' && (v.v === 'Optional' || v.v === 'Computed') && t[j + 1]?.v === ':' && t[j + 2]?.v === 'true') {
          flags[v.v === 'Optional' ? 'optional' : 'computed'] = true;
        } else if (depth === 1 && v.t === 'ident' && v.v === 'DeprecationMessage' && t[j + 1]?.v === ':') {
          // a string literal, or literals joined with +
          let msg = ''; let k = j + 2;
          while (t[k]?.t === 'string') { msg += t[k].v; if (t[k + 1]?.v !== '+') break; k += 2; }
          if (msg) flags.deprecation = msg;
        }
      }
      const list = defs.get(t[i].v) ?? [];
      list.push(flags);
      defs.set(t[i].v, list);
    }
  }
  return defs;
}

/**
 * Sets `computed` on the Optional attributes of a block (nested attributes included) where every
 * Optional literal of that name in the package says Computed, and counts what it could not decide.
 * A deprecated attribute gets its DeprecationMessage as description when the literals give one.
 * @param {import('./sdk-schema.mjs').TfBlock} block a block read from a tfplugindocs page (changed in place)
 * @param {FwDefs} defs
 * @param {{ set: number, notComputed: number, unresolved: string[] }} tally
 * @param {string} where path for the unresolved list
 * @param {FwDefs} [fallback] the literals of the whole fwprovider tree, used when `defs` does not decide
 */
export function applyComputed(block, defs, tally, where, fallback = new Map()) {
  for (const [name, a] of Object.entries(block.attributes ?? {})) {
    if (a.optional) {
      let opt = (defs.get(name) ?? []).filter((d) => d.optional);
      const agree = (l) => l.length > 0 && (l.every((d) => d.computed) || l.every((d) => !d.computed));
      if (!agree(opt)) {
        // Not decided in the type's own package tree (schemas shared from a sibling package, or
        // a name used both ways there): take the whole fwprovider tree when it agrees.
        const all = (fallback.get(name) ?? []).filter((d) => d.optional);
        if (agree(all)) opt = all;
      }
      if (!opt.length) tally.unresolved.push(`${where}.${name}`);
      else if (opt.every((d) => d.computed)) { a.computed = true; tally.set++; }
      else if (opt.every((d) => !d.computed)) tally.notComputed++;
      else tally.unresolved.push(`${where}.${name} (ambiguous)`);
    }
    if (a.deprecated) {
      const msgs = new Set((defs.get(name) ?? fallback.get(name) ?? []).map((d) => d.deprecation).filter(Boolean));
      if (msgs.size === 1) a.description = [...msgs][0];
    }
    if (a.nested_type) applyComputed({ attributes: a.nested_type.attributes }, defs, tally, `${where}.${name}`, fallback);
  }
  for (const [name, b] of Object.entries(block.block_types ?? {})) applyComputed(b.block, defs, tally, `${where}.${name}`, fallback);
}

function goFiles(dir, acc = []) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) goFiles(p, acc);
    else if (p.endsWith('.go') && !p.endsWith('_test.go')) acc.push(p);
  }
  return acc;
}

/**
 * Finds, for every framework type name, the fwprovider package tree that registers it: the
 * directory of the file holding its name (`"proxmox_x"`, or the `"_x"` suffix appended to the
 * provider's type name); a short alias falls back to its long name's package.
 * @param {string} checkout provider checkout
 * @param {string[]} typeNames
 * @returns {Map<string, FwDefs>} type name → attribute literals of its package tree (types not found
 *   are left out); the key `*` holds the literals of the whole fwprovider tree
 */
export function frameworkDefsByType(checkout, typeNames) {
  const root = path.join(checkout, 'fwprovider');
  const files = goFiles(root).map((f) => ({ f, text: fs.readFileSync(f, 'utf8') }));
  const dirCache = new Map();
  const defsOf = (dir) => {
    if (!dirCache.has(dir)) dirCache.set(dir, collectAttributeLiterals(files.filter((x) => x.f.startsWith(dir + path.sep)).map((x) => x.text)));
    return dirCache.get(dir);
  };
  const find = (lit) => files.find((x) => x.text.includes(`"${lit}"`));
  const out = new Map([['*', collectAttributeLiterals(files.map((x) => x.text))]]);
  for (const t of typeNames) {
    const suffix = t.replace(/^proxmox_(virtual_environment_)?/, '');
    const hit = find(t) ?? find(`_${suffix}`) ?? find(`proxmox_virtual_environment_${suffix}`);
    if (hit) out.set(t, defsOf(path.dirname(hit.f)));
  }
  return out;
}
