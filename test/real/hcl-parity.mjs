#!/usr/bin/env node
/**
 * Parity of src/terraform/hcl.ts (tree-sitter) with @cdktn/hcl2json: parses every file with
 * both and compares the JSON (keys in order). Reads the files where they are, copies nothing.
 *
 *   npm run build && node test/real/hcl-parity.mjs [--list FILE] [--verbose] [PATH...]
 *
 * Files: the repository's tracked .tf/.tofu/.tfvars under fixtures/ and test/, each PATH's
 * .tf/.tofu files (recursively, .terraform/ skipped), each line of --list, and
 * `GIT_DIR:` entries (a bare git mirror: its HEAD's .tf files).
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const { parseHcl } = await import(path.join(repo, 'dist/terraform/hcl.js'));
const { parse } = await import('@cdktn/hcl2json');

const args = process.argv.slice(2);
const verbose = args.includes('--verbose');
const HCL = /\.(tf|tofu|tfvars)$|\.terraform\.lock\.hcl$/;
/** @type {Array<{name: string, text: () => string}>} */
const files = [];
const tracked = execFileSync('git', ['ls-files', 'fixtures', 'test'], { cwd: repo, encoding: 'utf8' }).split('\n').filter((f) => HCL.test(f));
for (const f of tracked) files.push({ name: f, text: () => readFileSync(path.join(repo, f), 'utf8') });
const walk = (dir) => {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory() && e.name !== '.terraform' && e.name !== '.git') walk(p);
    else if (e.isFile() && HCL.test(e.name)) files.push({ name: p, text: () => readFileSync(p, 'utf8') });
  }
};
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === '--verbose') continue;
  if (a === '--list') {
    for (const f of readFileSync(args[++i], 'utf8').split('\n').filter(Boolean)) files.push({ name: f, text: () => readFileSync(f, 'utf8') });
  } else if (a.endsWith(':')) {
    const gitDir = a.slice(0, -1);
    const names = execFileSync('git', ['--git-dir', gitDir, 'ls-tree', '-r', '--name-only', 'HEAD'], { encoding: 'utf8', maxBuffer: 1 << 26 }).split('\n');
    for (const n of names.filter((f) => HCL.test(f))) files.push({ name: `${gitDir}:${n}`, text: () => execFileSync('git', ['--git-dir', gitDir, 'show', `HEAD:${n}`], { encoding: 'utf8' }) });
  } else if (statSync(a).isDirectory()) walk(a);
  else files.push({ name: a, text: () => readFileSync(a, 'utf8') });
}

const counts = { same: 0, differ: 0, bothFail: 0, onlyHcl2jsonFails: 0, onlyTreeSitterFails: 0 };
for (const f of files) {
  const text = f.text();
  let ref;
  try {
    ref = await parse(path.basename(f.name).replace(/\.(tofu|tfvars)$/, '.tf'), text);
  } catch (err) {
    ref = err instanceof Error ? err : new Error(String(err));
  }
  const ours = await parseHcl(text);
  if (ref instanceof Error) {
    if (ours.json === undefined) counts.bothFail++;
    else {
      counts.onlyHcl2jsonFails++;
      console.log(`only hcl2json fails: ${f.name}: ${ref.message.slice(0, 300)}`);
    }
    continue;
  }
  if (ours.json === undefined) {
    counts.onlyTreeSitterFails++;
    console.log(`only tree-sitter fails: ${f.name}: ${JSON.stringify(ours.errors[0])}`);
    continue;
  }
  if (isDeepStrictEqual(ref, ours.json) && JSON.stringify(ref) === JSON.stringify(ours.json)) counts.same++;
  else {
    counts.differ++;
    console.log(`differs: ${f.name}`);
    if (verbose) diff(ref, ours.json, '');
  }
}
console.log(JSON.stringify({ files: files.length, ...counts }));

function diff(a, b, at) {
  if (JSON.stringify(a) === JSON.stringify(b)) return;
  if (a && b && typeof a === 'object' && typeof b === 'object' && Array.isArray(a) === Array.isArray(b)) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    if (ka.join('\0') !== kb.join('\0')) console.log(`  ${at}: keys ${JSON.stringify(ka)} vs ${JSON.stringify(kb)}`);
    for (const k of ka) if (k in b) diff(a[k], b[k], `${at}/${k}`);
    return;
  }
  console.log(`  ${at}: hcl2json ${JSON.stringify(a)}\n  ${' '.repeat(at.length)}  ours     ${JSON.stringify(b)}`);
}
