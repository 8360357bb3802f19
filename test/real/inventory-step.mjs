// Scores the ansible-inventory-out-of-step rule on real repositories (issue 16): each repository
// is cloned, `iacgen init --yes` writes its iacgen.yaml from its own Ansible inventory, and
// `iacgen validate` runs on it as it is (every finding there is a false error: init wrote
// iacgen.yaml from that very inventory) and on mutants: one guest that some play names is
// renamed in the Ansible inventory the playbook runs against (only there), so iacgen.yaml has
// it and the inventory does not; every play naming it must be reported (recall). The same for
// a group of iacgen.yaml that a play names.
//
//   node test/real/inventory-step.mjs [--cli bin/iacgen.js] [--mutants 3] [--out F.json] REPO...
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseAllDocuments, parse } from 'yaml';
import { run, takeOption } from './lib.mjs';

const RULE = 'ansible-inventory-out-of-step';
const args = process.argv.slice(2);
const option = (name, fallback) => takeOption(args, name, fallback);
const cli = path.resolve(option('--cli', 'bin/iacgen.js'));
const mutantsPerRepo = Number(option('--mutants', '3'));
const out = option('--out', undefined);
const repos = args;
const { locateInventory } = await import(pathToFileURL(path.join(path.dirname(cli), '..', 'dist', 'policy', 'rules', 'ansible', 'inventory-file.js')).href);

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const validate = async (cwd, paths = []) => {
  const result = await run('node', [cli, 'validate', '--format', 'json', ...paths], cwd, {}, 1_800_000);
  try {
    return JSON.parse(result.stdout);
  } catch {
    return { crashed: result.text.slice(-400) };
  }
};

/** Plain host-pattern terms of every play of a playbook (as the rule reads them). */
function hostTerms(text) {
  const terms = new Set();
  for (const doc of parseAllDocuments(text)) {
    const plays = doc.toJS();
    if (!Array.isArray(plays)) continue;
    for (const play of plays) {
      const hosts = play && typeof play === 'object' ? play.hosts : undefined;
      for (const pattern of [hosts].flat().filter((h) => typeof h === 'string')) {
        for (const t of pattern.split(/[,:]/)) {
          const term = t.trim().replace(/^[!&]/, '');
          if (term && !term.includes('{{') && !/[*?~]/.test(term)) terms.add(term);
        }
      }
    }
  }
  return terms;
}

const results = [];
for (const repo of repos) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'iacgen-step-'));
  const root = path.join(dir, 'repo');
  execFileSync('git', ['clone', '-q', path.resolve(repo), root]);
  const init = await run('node', [cli, 'init', '--yes'], root);
  const listed = parse(readFileSync(path.join(root, 'iacgen.yaml'), 'utf8'))?.guests ?? [];
  // Names iacgen.yaml gives that a play may name: guests, then their groups.
  const guests = [...new Set([...listed.map((g) => g.name), ...listed.flatMap((g) => g.groups ?? [])])];
  const before = await validate(root);
  const files = before.files ?? [];
  const falseErrors = files.flatMap((f) => f.diagnostics.filter((d) => d.rule === RULE).map((d) => `${f.path}:${d.line} ${d.message}`));
  // Playbooks naming each guest, with the inventory files each runs against.
  const byGuest = new Map();
  for (const f of files.filter((x) => x.type === 'ansible-playbook')) {
    const abs = path.join(root, f.path);
    let terms;
    try {
      terms = hostTerms(readFileSync(abs, 'utf8'));
    } catch {
      continue;
    }
    const inventory = locateInventory(abs, root).files;
    for (const guest of guests.filter((g) => terms.has(g))) {
      if (!inventory.some((file) => new RegExp(`\\b${escape(guest)}\\b`).test(readFileSync(file, 'utf8')))) continue;
      if (!byGuest.has(guest)) byGuest.set(guest, []);
      byGuest.get(guest).push({ playbook: f.path, inventory });
    }
  }
  const mutants = [];
  for (const [guest, playbooks] of [...byGuest].slice(0, mutantsPerRepo)) {
    const inventoryFiles = [...new Set(playbooks.flatMap((p) => p.inventory))];
    const saved = inventoryFiles.map((file) => [file, readFileSync(file, 'utf8')]);
    for (const [file, text] of saved) writeFileSync(file, text.replace(new RegExp(`\\b${escape(guest)}\\b`, 'g'), `${guest}-renamed`));
    const after = await validate(root, playbooks.map((p) => p.playbook));
    for (const [file, text] of saved) writeFileSync(file, text);
    const reported = new Set((after.files ?? []).filter((f) => f.diagnostics.some((d) => d.rule === RULE && d.message.includes(` ${guest} is in iacgen.yaml`))).map((f) => f.path));
    mutants.push({ guest, expected: playbooks.length, found: playbooks.filter((p) => reported.has(p.playbook)).length, missed: playbooks.filter((p) => !reported.has(p.playbook)).map((p) => p.playbook), crashed: Boolean(after.crashed) });
  }
  const summary = {
    repo: path.basename(repo),
    init: init.code,
    guests: listed.length,
    names: guests.length,
    files: files.length,
    crashed: Boolean(before.crashed),
    falseErrors,
    mutants,
  };
  results.push(summary);
  console.log(`${summary.repo}: ${summary.files} files, ${summary.guests} guests, false errors ${falseErrors.length}, mutants ${mutants.map((m) => `${m.guest} ${m.found}/${m.expected}`).join(', ') || 'none (no play names a guest of the inventory)'}`);
  rmSync(dir, { recursive: true, force: true });
}
const expected = results.flatMap((r) => r.mutants).reduce((n, m) => n + m.expected, 0);
const found = results.flatMap((r) => r.mutants).reduce((n, m) => n + m.found, 0);
console.log(`total: false errors ${results.reduce((n, r) => n + r.falseErrors.length, 0)}, recall ${found}/${expected}, crashed ${results.filter((r) => r.crashed).length}`);
if (out) writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
