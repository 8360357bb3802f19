#!/usr/bin/env node
// Generates src/check/checkers/terraform/bpg-proxmox.schema.json, an offline snapshot of the
// bpg/proxmox Terraform provider's schema in the shape of `terraform providers schema -json`
// (format_version 1.0, descriptions dropped), from a checkout of
// https://github.com/bpg/terraform-provider-proxmox (MPL-2.0). Nothing is fetched.
//
//   npm run schema:bpg -- <provider checkout> [--commit <sha>] [--out <file>]
//
// Sources inside the checkout (see src/check/checkers/terraform/SCHEMA.md):
//  - SDKv2 resources, data sources and the provider block: the Go source under proxmoxtf/,
//    evaluated by go-eval.mjs from proxmoxtf/provider/{resources,datasources,schema}.go;
//  - plugin-framework resources and data sources: their tfplugindocs pages under docs/.

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { GoModule } from './go-eval.mjs';
import { blockOf, resourceSchema } from './sdk-schema.mjs';
import { readDocSchema } from './docs-reader.mjs';
import { applyComputed, frameworkDefsByType } from './fw-computed.mjs';

export const PROVIDER_ADDRESS = 'registry.terraform.io/bpg/proxmox';
const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const DEFAULT_OUT = path.join(REPO_ROOT, 'src/check/checkers/terraform/bpg-proxmox.schema.json');

/** Names of the constructors listed in a Go function returning a slice literal (fwprovider's Resources()). */
function listedConstructors(goSrc, method) {
  const start = goSrc.indexOf(`) ${method}(`);
  if (start < 0) throw new Error(`fwprovider/provider.go: no ${method}() method`);
  const body = goSrc.slice(goSrc.indexOf('{', goSrc.indexOf('return', start)), goSrc.indexOf('\n}', start));
  return [...body.replace(/\/\/.*$/gm, '').matchAll(/([A-Za-z_][\w.]*)\s*,/g)].map((m) => m[1]);
}

/** Attribute and block names (at any depth) declared in fwprovider's provider Schema() method. */
function frameworkProviderNames(goSrc) {
  const start = goSrc.indexOf(') Schema(_ context.Context, _ provider.SchemaRequest');
  if (start < 0) return null;
  const end = goSrc.indexOf('\n}\n', start);
  return new Set([...goSrc.slice(start, end).matchAll(/"([a-z0-9_]+)":\s*schema\.\w+(?:Attribute|Block)\{/g)].map((m) => m[1]));
}

function allNames(block, out = new Set()) {
  for (const [k, a] of Object.entries(block.attributes ?? {})) { out.add(k); if (a.nested_type) allNames(a.nested_type, out); }
  for (const [k, b] of Object.entries(block.block_types ?? {})) { out.add(k); allNames(b.block, out); }
  return out;
}

/** Sorts object keys recursively (arrays keep their order: cty types are positional). */
export function sortKeys(v) {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys(v[k])]));
  return v;
}

/** Compares the attribute/block names and required/computed flags of two blocks, for cross-checks. */
function diffBlocks(a, b, where, out) {
  const names = new Set([...Object.keys(a.attributes ?? {}), ...Object.keys(b.attributes ?? {})]);
  for (const n of names) {
    const x = a.attributes?.[n]; const y = b.attributes?.[n];
    if (!x || !y) { out.push(`${where}.${n}: only in ${x ? 'source' : 'docs'}`); continue; }
    if (JSON.stringify(x.type) !== JSON.stringify(y.type)) out.push(`${where}.${n}: type ${JSON.stringify(x.type)} (source) vs ${JSON.stringify(y.type)} (docs)`);
    if (!!x.required !== !!y.required) out.push(`${where}.${n}: required differs`);
    if (!!x.computed !== !!y.computed && !x.optional) out.push(`${where}.${n}: computed differs`);
  }
  const bn = new Set([...Object.keys(a.block_types ?? {}), ...Object.keys(b.block_types ?? {})]);
  for (const n of bn) {
    const x = a.block_types?.[n]; const y = b.block_types?.[n];
    if (!x || !y) { out.push(`${where}.${n}: block only in ${x ? 'source' : 'docs'}`); continue; }
    diffBlocks(x.block, y.block, `${where}.${n}`, out);
  }
}

/**
 * Builds the schema document from a provider checkout.
 * @param {string} checkout path of a bpg/terraform-provider-proxmox checkout
 * @param {{ commit?: string, warn?: (m: string) => void }} [opts]
 * @returns {{ doc: any, stats: Record<string, number>, notes: string[] }}
 * @throws {Error} when the commit cannot be found, a registered type has no schema, or a page
 *   or Go file is outside what the readers understand
 */
export function buildSchema(checkout, opts = {}) {
  const notes = [];
  const warn = opts.warn ?? ((m) => notes.push(m));
  let commit = opts.commit;
  if (!commit) {
    try { commit = execFileSync('git', ['-C', checkout, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim(); } catch { /* not a git work tree */ }
  }
  if (!commit || !/^[0-9a-f]{40}$/.test(commit)) throw new Error('provider commit unknown: pass --commit <sha> for a checkout that is not a git work tree');
  const version = JSON.parse(fs.readFileSync(path.join(checkout, '.release-please-manifest.json'), 'utf8'))['.'];
  const licence = /Mozilla Public License,? [Vv]ersion 2\.0/.test(fs.readFileSync(path.join(checkout, 'LICENSE'), 'utf8')) ? 'MPL-2.0' : null;
  if (!licence) throw new Error('LICENSE is not MPL-2.0 any more: check the terms before regenerating');

  // SDKv2 half of the mux server.
  const go = new GoModule(checkout, { warn });
  const resources = {};
  const dataSources = {};
  for (const [name, res] of go.call('proxmoxtf/provider', 'createResourceMap')) resources[name] = resourceSchema(res, name, warn);
  for (const [name, res] of go.call('proxmoxtf/provider', 'createDatasourceMap')) dataSources[name] = resourceSchema(res, name, warn);
  const sdkNames = { resource: new Set(Object.keys(resources)), data: new Set(Object.keys(dataSources)) };
  const provider = blockOf(go.call('proxmoxtf/provider', 'createSchema'), 'provider', warn, false);

  // Framework half: read back from the tfplugindocs pages.
  const fromDocs = { resource: 0, data: 0 };
  const fwTypes = [];
  for (const [dir, kind] of [['docs/resources', 'resource'], ['docs/data-sources', 'data']]) {
    for (const f of fs.readdirSync(path.join(checkout, dir)).filter((x) => x.endsWith('.md')).sort()) {
      const md = fs.readFileSync(path.join(checkout, dir, f), 'utf8');
      if (!/^## Schema\s*$/m.test(md)) {
        const title = /^# (?:Resource|Data Source): (\S+)/m.exec(md)?.[1];
        if (!title || !sdkNames[kind].has(title)) throw new Error(`${dir}/${f}: hand-written page for ${title}, which the SDK provider does not register`);
        continue;
      }
      let doc;
      try { doc = readDocSchema(md); } catch (e) { throw new Error(`${dir}/${f}: ${e.message}`); }
      if (doc.kind !== kind) throw new Error(`${dir}/${f}: a ${doc.kind} page in ${dir}`);
      const target = kind === 'resource' ? resources : dataSources;
      if (sdkNames[kind].has(doc.name)) {
        // An SDKv2 type with a generated page: keep the source's schema, report differences.
        const diffs = [];
        diffBlocks(target[doc.name].block, doc.block, `${kind} ${doc.name}`, diffs);
        diffs.forEach((d) => warn(`docs vs source: ${d}`));
        continue;
      }
      if (target[doc.name]) throw new Error(`${dir}/${f}: ${doc.name} documented twice`);
      target[doc.name] = { version: 0, block: doc.block };
      fwTypes.push([kind, doc.name, doc.block]);
      fromDocs[kind]++;
    }
  }

  // Every framework registration must have had a page (one page per type name).
  const fwSrc = fs.readFileSync(path.join(checkout, 'fwprovider/provider.go'), 'utf8');
  const fwRes = listedConstructors(fwSrc, 'Resources').length;
  const fwData = listedConstructors(fwSrc, 'DataSources').length;
  if (fwRes !== fromDocs.resource) throw new Error(`fwprovider registers ${fwRes} resources, docs give ${fromDocs.resource}`);
  if (fwData !== fromDocs.data) throw new Error(`fwprovider registers ${fwData} data sources, docs give ${fromDocs.data}`);

  // Optional+Computed, which the pages do not show, from the framework Go source.
  const tally = { set: 0, notComputed: 0, unresolved: [] };
  const defs = frameworkDefsByType(checkout, fwTypes.map(([, n]) => n));
  for (const [kind, name, block] of fwTypes) {
    const d = defs.get(name);
    if (d) applyComputed(block, d, tally, `${kind} ${name}`, defs.get('*'));
    else warn(`${kind} ${name}: no fwprovider package found; Optional attributes keep computed unset`);
  }
  if (tally.unresolved.length) warn(`optional+computed undecided for ${tally.unresolved.length} framework attributes (left optional only): ${tally.unresolved.join(', ')}`);

  // The mux server needs both providers' schemas to be the same; compare names.
  const fwNames = frameworkProviderNames(fwSrc);
  if (fwNames) {
    const sdk = allNames(provider);
    for (const n of fwNames) if (!sdk.has(n)) warn(`provider: "${n}" only in the framework provider schema`);
    for (const n of sdk) if (!fwNames.has(n)) warn(`provider: "${n}" only in the SDK provider schema`);
  }

  const doc = {
    format_version: '1.0',
    iacgen: {
      provider: 'bpg/proxmox', version, commit,
      source: 'https://github.com/bpg/terraform-provider-proxmox', licence,
      generator: 'scripts/schema-bpg/generate.mjs',
    },
    provider_schemas: {
      [PROVIDER_ADDRESS]: {
        provider: { version: 0, block: provider },
        resource_schemas: resources,
        data_source_schemas: dataSources,
      },
    },
  };
  const stats = { resources: Object.keys(resources).length, data_sources: Object.keys(dataSources).length, sdk_resources: sdkNames.resource.size, sdk_data_sources: sdkNames.data.size, attributes: 0, blocks: 0, fw_optional_computed: tally.set, fw_optional_not_computed: tally.notComputed, fw_optional_undecided: tally.unresolved.length };
  const count = (b) => {
    for (const a of Object.values(b.attributes ?? {})) { stats.attributes++; if (a.nested_type) count(a.nested_type); }
    for (const bt of Object.values(b.block_types ?? {})) { stats.blocks++; count(bt.block); }
  };
  for (const s of [...Object.values(resources), ...Object.values(dataSources), { block: provider }]) count(s.block);
  return { doc: sortKeys(doc), stats, notes };
}

/**
 * Writes the schema JSON: one resource or data source a line keeps diffs readable and the file small.
 * @param {any} doc
 * @returns {string}
 */
export function formatSchema(doc) {
  const p = doc.provider_schemas[PROVIDER_ADDRESS];
  const section = (obj) => Object.entries(obj).map(([k, v]) => `      ${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(',\n');
  return `{
  "format_version": ${JSON.stringify(doc.format_version)},
  "iacgen": ${JSON.stringify(doc.iacgen)},
  "provider_schemas": {
    ${JSON.stringify(PROVIDER_ADDRESS)}: {
      "data_source_schemas": {
${section(p.data_source_schemas).replace(/^ {6}/gm, '        ')}
      },
      "provider": ${JSON.stringify(p.provider)},
      "resource_schemas": {
${section(p.resource_schemas).replace(/^ {6}/gm, '        ')}
      }
    }
  }
}
`;
}

function main(argv) {
  const args = [...argv];
  let out = DEFAULT_OUT;
  let commit;
  let checkout = null;
  while (args.length) {
    const a = args.shift();
    if (a === '--out') out = path.resolve(args.shift() ?? '');
    else if (a === '--commit') commit = args.shift();
    else if (!checkout) checkout = path.resolve(a);
    else throw new Error(`unexpected argument ${a}`);
  }
  if (!checkout) throw new Error('usage: npm run schema:bpg -- <provider checkout> [--commit <sha>] [--out <file>]');
  const { doc, stats, notes } = buildSchema(checkout, { commit });
  const text = formatSchema(doc);
  JSON.parse(text); // the hand-made layout must stay valid JSON
  fs.writeFileSync(out, text);
  for (const n of notes) process.stderr.write(`note: ${n}\n`);
  process.stdout.write(`${path.relative(process.cwd(), out)}: ${JSON.stringify(stats)}, ${text.length} bytes\n`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try { main(process.argv.slice(2)); } catch (e) { process.stderr.write(`schema:bpg: ${e.message}\n`); process.exit(1); }
}
