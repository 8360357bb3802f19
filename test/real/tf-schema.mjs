// Scores the terraform-schema checker (issue 17) on a bpg/terraform-provider-proxmox checkout:
// (a) findings on the provider's own examples (every .tf of example/ and examples/, folder by
// folder, and every ```hcl / ```terraform block of docs/**/*.md written alone as main.tf): they
// are valid by construction, so every finding is a false one; (b) recall on mutants of those
// files: an attribute renamed (a letter appended, or its last letter dropped), a required
// attribute dropped, a number literal replaced by "abc"; each site once (capped per file). A
// mutant is detected when the checker reports its rule at its line (for a dropped attribute,
// missing-required at the line of the block that lost it). Runs the built checker in process.
//
// Findings of missing-required in a docs snippet that elides part of its block (`# ...`) are
// counted apart: the snippet leaves out the required attributes on purpose.
//
//   npm run build && node test/real/tf-schema.mjs [--cap 40] [--out F.json] PROVIDER_CHECKOUT
//   node test/real/tf-schema.mjs --all REPOSITORY    (every .tf folder of a homelab repository)
//   node test/real/tf-schema.mjs --acceptance PROVIDER_CHECKOUT
//
// --acceptance adds the HCL of the provider's acceptance tests (Go raw strings in *_test.go that
// declare a proxmox resource or data source), which its CI applies to a real Proxmox VE: valid by
// construction, except the steps that expect an error (an `ExpectError` before the next
// `Config:`), which are counted and left out. Template actions (`{{.NodeName}}`) and Sprintf
// verbs (`%s`, `%d`) become `1`; findings on the lines that held one are counted apart.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { takeOption } from './lib.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => takeOption(args, name, fallback);
const cap = Number(option('--cap', '40'));
// --all: every folder of .tf files under the path (a homelab repository), not example/ and docs/ only.
const everything = args.includes('--all') ? (args.splice(args.indexOf('--all'), 1), true) : false;
const out = option('--out', undefined);
const withAcceptance = args.includes('--acceptance') ? (args.splice(args.indexOf('--acceptance'), 1), true) : false;
const checkout = path.resolve(args[0] ?? '.');
const dist = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist');
const load = (rel) => import(pathToFileURL(path.join(dist, rel)).href);
const { terraformSchema } = await load('check/checkers/terraform-schema.js');
const { bpgSnapshot } = await load('check/checkers/terraform/schema-snapshot.js');
const { scanHcl } = await load('policy/terraform/locate.js');
const { parse } = await import('@cdktn/hcl2json');
const snapshot = await bpgSnapshot();
const work = mkdtempSync(path.join(os.tmpdir(), 'iacgen-tf-schema-'));

/** Every file under `dir` whose name passes `keep`, sorted. */
function walk(dir, keep) {
  let entries;
  try {
    entries = readdirSync(dir).sort();
  } catch {
    return [];
  }
  return entries.flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? walk(p, keep) : keep(name) ? [p] : [];
  });
}

/** Units: a folder's .tf files together (name -> text), or one docs block alone as main.tf. */
const units = [];
const folders = new Map();
const roots = everything ? [checkout] : [path.join(checkout, 'example'), path.join(checkout, 'examples')];
for (const file of roots.flatMap((root) => walk(root, (n) => n.endsWith('.tf') || n === '.terraform.lock.hcl'))) {
  const dir = path.dirname(file);
  if (!folders.has(dir)) folders.set(dir, { name: path.relative(checkout, dir), files: {} });
  folders.get(dir).files[path.basename(file)] = readFileSync(file, 'utf8');
}
units.push(...folders.values());
const docs = { blocks: 0, hcl: 0, notHcl: 0 };
for (const md of everything ? [] : walk(path.join(checkout, 'docs'), (n) => n.endsWith('.md'))) {
  const text = readFileSync(md, 'utf8');
  let i = 0;
  for (const m of text.matchAll(/^```(hcl|terraform|tf)[^\n]*\n([\s\S]*?)^```/gm)) {
    docs.blocks++;
    const body = m[2];
    let json;
    try {
      json = await parse('main.tf', body);
    } catch {
      docs.notHcl++;
      continue;
    }
    // Attribute fragments and shell lines parse as nothing useful: only bodies with blocks count.
    if (!json || !['resource', 'data', 'provider', 'terraform', 'ephemeral'].some((k) => k in json)) {
      docs.notHcl++;
      continue;
    }
    docs.hcl++;
    // A snippet that elides the rest of its block (`# ...`) lacks required attributes on purpose.
    const elided = /(?:#|\/\/)\s*\.\.\./.test(body);
    units.push({ name: `${path.relative(checkout, md)}#${++i}`, files: { 'main.tf': body }, elided });
  }
}

const acceptance = { strings: 0, expectError: 0, notHcl: 0, checked: 0, placeholderFindings: 0 };
const PLACEHOLDER = /\{\{[^}]*\}\}|%(?:\[\d+\])?[sdvq]/g;
for (const go of withAcceptance ? walk(checkout, (n) => n.endsWith('_test.go')) : []) {
  const text = readFileSync(go, 'utf8');
  let i = 0;
  for (const m of text.matchAll(/`([^`]*)`/g)) {
    const raw = m[1];
    if (!/\b(?:resource|data)\s+"proxmox_/.test(raw)) continue;
    acceptance.strings++;
    const after = text.slice(m.index + m[0].length, m.index + m[0].length + 600);
    const next = after.search(/\bConfig:/);
    if (/\bExpectError\b/.test(next < 0 ? after : after.slice(0, next))) {
      acceptance.expectError++;
      continue;
    }
    const placeholderLines = new Set(raw.split('\n').flatMap((line, n) => (line.match(PLACEHOLDER) ? [n + 1] : [])));
    const body = raw.replace(PLACEHOLDER, '1');
    try {
      await parse('main.tf', body);
    } catch {
      acceptance.notHcl++;
      continue;
    }
    acceptance.checked++;
    units.push({ name: `${path.relative(checkout, go)}#${++i}`, files: { 'main.tf': body }, placeholderLines });
  }
}

/** Writes a unit to a fresh folder and runs the checker on all its files. */
async function check(files) {
  const dir = mkdtempSync(path.join(work, 'u-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  const names = Object.keys(files).filter((n) => n.endsWith('.tf'));
  const result = await terraformSchema.check({ files: names, cwd: dir });
  rmSync(dir, { recursive: true, force: true });
  return result;
}

/** The schema of a block kind and type (undefined when the snapshot does not have it). */
const KIND_SCHEMAS = { resource: 'resource_schemas', data: 'data_source_schemas', ephemeral: 'ephemeral_resource_schemas' };
const META = new Set(['count', 'for_each', 'depends_on', 'provider', 'lifecycle', 'connection', 'provisioner', 'alias', 'version']);
const bodiesOf = (v) => (Array.isArray(v) ? v : v && typeof v === 'object' ? [v] : []);

/**
 * Mutation sites of one file: attributes of the snapshot's blocks that are on a line of their
 * own (`name = value`), with their schema, literal value and enclosing block's line.
 */
function sites(text, json) {
  const root = scanHcl(text);
  const lines = text.split('\n');
  const found = [];
  const visit = (schema, body, node, blockLine) => {
    for (const child of node.children) {
      if (META.has(child.name)) continue;
      if (child.kind === 'attr') {
        const attr = schema.attributes?.[child.name];
        const line = lines[child.line - 1] ?? '';
        if (!attr || !new RegExp(`^\\s*${child.name}\\s*=`).test(line)) continue;
        found.push({ name: child.name, line: child.line, attr, value: body?.[child.name], blockLine, siblings: schema });
      } else if (child.name === 'dynamic') {
        const bt = schema.block_types?.[child.labels[0]];
        const content = child.children.find((c) => c.kind === 'block' && c.name === 'content');
        if (bt && content) visit(bt.block, undefined, content, content.line);
      } else {
        const bt = schema.block_types?.[child.name];
        if (!bt) continue;
        const same = node.children.filter((c) => c.kind === 'block' && c.name === child.name);
        visit(bt.block, bodiesOf(body?.[child.name])[same.indexOf(child)], child, child.line);
      }
    }
  };
  for (const top of root.children) {
    if (top.kind !== 'block') continue;
    let schema;
    let body;
    if (top.name in KIND_SCHEMAS) {
      schema = snapshot.schema[KIND_SCHEMAS[top.name]]?.[top.labels[0]]?.block;
      const same = root.children.filter((c) => c.kind === 'block' && c.name === top.name && c.labels[0] === top.labels[0] && c.labels[1] === top.labels[1]);
      body = bodiesOf(json?.[top.name]?.[top.labels[0]]?.[top.labels[1]])[same.indexOf(top)];
    } else if (top.name === 'provider' && top.labels[0] === 'proxmox') {
      schema = snapshot.schema.provider?.block;
      body = bodiesOf(json?.provider?.proxmox)[root.children.filter((c) => c.name === 'provider' && c.labels[0] === 'proxmox').indexOf(top)];
    }
    if (schema) visit(schema, body, top, top.line);
  }
  return found;
}

/** Is the attribute's value complete on its own line (no open bracket, heredoc or string)? */
function oneLine(line) {
  const code = line.replace(/"(?:[^"\\]|\\.)*"/g, '""').replace(/\s#.*$|\s\/\/.*$/, '');
  if (/<<-?\w/.test(code) || (code.match(/"/g) ?? []).length % 2) return false;
  const opens = (code.match(/[[{(]/g) ?? []).length;
  const closes = (code.match(/[\]})]/g) ?? []).length;
  return opens === closes;
}

/** The mutants of one file: { kind, text, line, rule }. */
function mutants(text, json) {
  const lines = text.split('\n');
  const all = { 'rename-append': [], 'rename-drop': [], 'drop-required': [], 'string-for-number': [] };
  const withLine = (n, replacement) => [...lines.slice(0, n - 1), ...(replacement === undefined ? [] : [replacement]), ...lines.slice(n)].join('\n');
  for (const s of sites(text, json)) {
    const line = lines[s.line - 1];
    const names = new Set([...Object.keys(s.siblings.attributes ?? {}), ...Object.keys(s.siblings.block_types ?? {})]);
    const rename = (to) => line.replace(new RegExp(`^(\\s*)${s.name}(\\s*=)`), `$1${to}$2`);
    if (!names.has(`${s.name}x`)) all['rename-append'].push({ text: withLine(s.line, rename(`${s.name}x`)), line: s.line, rule: 'unknown-attribute' });
    const dropped = s.name.slice(0, -1);
    if (dropped && !names.has(dropped)) all['rename-drop'].push({ text: withLine(s.line, rename(dropped)), line: s.line, rule: 'unknown-attribute' });
    if (s.attr.required && oneLine(line)) all['drop-required'].push({ text: withLine(s.line), line: s.blockLine, rule: 'missing-required' });
    if (s.attr.type === 'number' && typeof s.value === 'number') {
      all['string-for-number'].push({ text: withLine(s.line, line.replace(/^(\s*\w+\s*=\s*)[-+0-9.eE]+/, '$1"abc"')), line: s.line, rule: 'type-mismatch' });
    }
  }
  // At most `cap` of each kind per file, spread over the file.
  for (const kind of Object.keys(all)) {
    const list = all[kind];
    if (list.length > cap) all[kind] = Array.from({ length: cap }, (_, i) => list[Math.floor((i * list.length) / cap)]);
  }
  return all;
}

const originals = { units: units.length, files: 0, findings: 0, errors: 0, elided: 0, byRule: {}, examples: [] };
const score = {};
const misses = [];
for (const unit of units) {
  const result = await check(unit.files);
  originals.files += Object.keys(unit.files).filter((n) => n.endsWith('.tf')).length;
  for (const d of result.diagnostics) {
    if (unit.placeholderLines?.has(d.line)) {
      acceptance.placeholderFindings++;
      continue;
    }
    if (unit.elided && d.rule === 'missing-required') {
      originals.elided++;
      continue;
    }
    originals.findings++;
    if (d.severity === 'error') originals.errors++;
    originals.byRule[d.rule] = (originals.byRule[d.rule] ?? 0) + 1;
    if (originals.examples.length < 200) originals.examples.push(`${unit.name}/${d.file}:${d.line} ${d.severity} ${d.rule}: ${d.message}`);
  }
  if (result.failure) originals.examples.push(`${unit.name}: failure ${result.failure}`);
  for (const [name, text] of Object.entries(unit.files)) {
    if (!name.endsWith('.tf')) continue;
    let json;
    try {
      json = await parse(name, text);
    } catch {
      continue;
    }
    for (const [kind, list] of Object.entries(mutants(text, json))) {
      score[kind] ??= { mutants: 0, detected: 0, asWarning: 0 };
      for (const m of list) {
        score[kind].mutants++;
        const r = await check({ ...unit.files, [name]: m.text });
        // Detected at any severity: a folder that pins another provider version gets warnings.
        const hit = r.diagnostics.find((d) => d.file === name && d.rule === m.rule && d.line === m.line);
        if (hit) score[kind].detected++;
        if (hit && hit.severity !== 'error') score[kind].asWarning++;
        if (!hit && misses.length < 40) misses.push(`${kind} ${unit.name}/${name}:${m.line} (${m.rule}): got ${JSON.stringify(r.diagnostics.filter((d) => d.file === name).map((d) => `${d.line} ${d.severity} ${d.rule}`))}`);
      }
    }
  }
}
rmSync(work, { recursive: true, force: true });
const total = { mutants: 0, detected: 0 };
console.log(`provider ${snapshot.address} ${snapshot.version} schema; checkout ${checkout}`);
console.log(`docs blocks: ${docs.blocks} (${docs.hcl} HCL bodies checked, ${docs.notHcl} skipped: not HCL or no block)`);
if (withAcceptance) console.log(`acceptance-test configs: ${acceptance.strings} (${acceptance.checked} checked, ${acceptance.expectError} expecting an error, ${acceptance.notHcl} not HCL; ${acceptance.placeholderFindings} findings on placeholder lines not counted)`);
console.log(`originals: ${originals.units} units, ${originals.files} files, ${originals.findings} findings (${originals.errors} errors) ${JSON.stringify(originals.byRule)}`);
console.log(`  (and ${originals.elided} missing-required in docs snippets that elide the rest of their block with "# ...", not counted)`);
for (const e of originals.examples) console.log(`  ${e}`);
console.log('kind                 mutants  detected  recall  (as warnings: folder pins another version)');
for (const [kind, s] of Object.entries(score)) {
  total.mutants += s.mutants;
  total.detected += s.detected;
  console.log(`${kind.padEnd(20)} ${String(s.mutants).padStart(7)}  ${String(s.detected).padStart(8)}  ${(s.mutants ? s.detected / s.mutants : 1).toFixed(3)}  (${s.asWarning})`);
}
console.log(`${'all'.padEnd(20)} ${String(total.mutants).padStart(7)}  ${String(total.detected).padStart(8)}  ${(total.mutants ? total.detected / total.mutants : 1).toFixed(3)}`);
for (const m of misses) console.log(`  missed: ${m}`);
if (out) writeFileSync(out, JSON.stringify({ docs, acceptance, originals, score, misses }, null, 2));
