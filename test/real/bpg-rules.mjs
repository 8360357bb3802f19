// Runs iacgen's own rules (`--only iacgen`) on the Terraform folders of real checkouts and prints
// the findings of the bpg/proxmox pitfall rules, per rule and one line each, to be judged by hand
// against the code and the provider docs. Not a test; see README.md. Nothing from the checkouts is
// committed: check them out under `.scratch-real/`.
//   npm run build && node test/real/bpg-rules.mjs .scratch-real/<repo>...
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { run } from './lib.mjs';

const RULES = ['tf-snippets-datastore', 'tf-snippets-no-ssh', 'tf-cloud-init-interface-taken', 'tf-hook-script-not-executable'];
const CLI = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'iacgen.js');

/** Folders under `dir` holding a `.tf` file (`.git`, `.terraform` and `node_modules` skipped). */
function tfFolders(dir, root = dir) {
  const entries = readdirSync(dir, { withFileTypes: true });
  const here = entries.some((e) => e.isFile() && e.name.endsWith('.tf')) ? [path.relative(root, dir) || '.'] : [];
  return here.concat(
    entries.filter((e) => e.isDirectory() && !['.git', '.terraform', 'node_modules'].includes(e.name)).flatMap((e) => tfFolders(path.join(dir, e.name), root)),
  );
}

const totals = Object.fromEntries(RULES.map((r) => [r, 0]));
for (const repo of process.argv.slice(2)) {
  const folders = tfFolders(repo);
  const files = folders.flatMap((f) => readdirSync(path.join(repo, f)).filter((n) => n.endsWith('.tf')).map((n) => path.join(f, n)));
  if (files.length === 0) { console.log(`${repo}: no .tf files`); continue; }
  const res = await run('node', [CLI, 'validate', '--format', 'json', '--only', 'iacgen', '--no-cache', ...files], repo, {}, 600_000);
  let report;
  try { report = JSON.parse(res.stdout); } catch { console.log(`${repo}: no JSON report (exit ${res.code}): ${res.stderr.slice(0, 300)}`); continue; }
  const found = report.files.flatMap((f) => f.diagnostics.filter((d) => RULES.includes(d.rule)).map((d) => ({ ...d, file: f.path })));
  console.log(`${repo}: ${files.length} .tf files in ${folders.length} folders, ${found.length} findings`);
  for (const d of found) {
    totals[d.rule]++;
    console.log(`  ${d.rule} ${d.file}:${d.line} ${d.message}`);
  }
}
console.log(JSON.stringify(totals));
