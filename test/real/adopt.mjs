#!/usr/bin/env node
// Adopting iacgen on a real repository, as a user would (issue 15), measured:
//
//   node test/real/adopt.mjs [--cli bin/iacgen.js] [--out FILE] REPO_DIR...
//
// Each REPO_DIR (a checkout; never modified) is cloned into a temporary folder, then:
// 1. `iacgen init` proposes iacgen.yaml. Its guests are compared with what the repository's own
//    Ansible inventories say, asked of `ansible-inventory -i FILE --list` (ini and yaml plugins
//    only, an empty ansible.cfg, no vault): hosts named, and `ansible_host` addresses.
// 2. `iacgen validate --no-baseline` gives the findings before (the house set is on: init's
//    iacgen.yaml says so).
// 3. `iacgen baseline`, then `iacgen validate` must exit 0.
// 4. One new error (an unclosed flow sequence appended to a YAML file that has baseline
//    findings) must fail the run and be the only new finding; then it is taken back.
// 5. 20 lines inserted above a baseline finding (comment lines in YAML, `:` no-op commands in
//    shell) must keep every finding matched: exit 0, no new finding; then taken back.
// 6. `iacgen fix --dry-run` must print diffs and write nothing; `iacgen fix` applies them.
// 7. Every fixed file passes its checkers directly (YAML: yamllint's syntax check; shell:
//    `bash -n`; Terraform: `terraform fmt -check`), has no error iacgen did not report before,
//    and every comment line of every file of the repository is still there (counted as a
//    multiset of trimmed comment lines, before and after).
// Prints one table row per repository: findings before, fixed by `iacgen fix`, left, wall times.
// Not a test: CI has no network and no corpus (test/real/README.md).
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parse as parseYaml } from 'yaml';
import { run } from './lib.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const { values: opts, positionals: repos } = parseArgs({
  allowPositionals: true,
  options: { cli: { type: 'string', default: path.join(ROOT, 'bin/iacgen.js') }, out: { type: 'string' } },
});
opts.cli = path.resolve(opts.cli);
if (repos.length === 0) {
  console.error('usage: node test/real/adopt.mjs [--cli bin/iacgen.js] [--out FILE] REPO_DIR...');
  process.exit(2);
}

const ENV = { CI: 'true', NO_COLOR: '1', GIT_AUTHOR_NAME: 'adopt', GIT_AUTHOR_EMAIL: 'a@example.invalid', GIT_COMMITTER_NAME: 'adopt', GIT_COMMITTER_EMAIL: 'a@example.invalid' };

async function iacgen(repo, args, timeoutMs = 1_800_000) {
  const started = performance.now();
  const r = await run(process.execPath, [opts.cli, ...args], repo, ENV, timeoutMs);
  return { ...r, ms: Math.round(performance.now() - started) };
}

async function validateJson(repo, extra = []) {
  const r = await iacgen(repo, ['validate', '--format', 'json', ...extra]);
  let report;
  try {
    report = JSON.parse(r.stdout);
  } catch {
    throw new Error(`validate ${extra.join(' ')} gave no JSON (exit ${r.code}): ${r.text.slice(0, 800)}`);
  }
  return { ...r, report };
}

/** Every finding of a report, flattened: path, line, severity, source, rule, baseline. */
function findings(report) {
  return report.files.flatMap((f) => f.diagnostics.map((d) => ({ path: f.path, type: f.type, ...d })));
}

const COMMENT = { yaml: /^\s*#/, shell: /^\s*#(?!!)/, hcl: /^\s*(#|\/\/|\/\*|\*)/, python: /^\s*#/ };
function commentSyntax(file) {
  if (/\.(ya?ml)$/.test(file)) return COMMENT.yaml;
  if (/\.(sh|bash)$/.test(file)) return COMMENT.shell;
  if (/\.(tf|tofu|hcl|tfvars)$/.test(file)) return COMMENT.hcl;
  if (/\.py$/.test(file)) return COMMENT.python;
  return undefined;
}

/** The comment lines of every tracked text file, as a multiset (trimmed line -> count). */
async function commentLines(repo) {
  const files = (await run('git', ['ls-files', '-co', '--exclude-standard'], repo)).stdout.split('\n').filter(Boolean);
  const counts = new Map();
  for (const file of files) {
    const syntax = commentSyntax(file);
    if (!syntax || !existsSync(path.join(repo, file))) continue;
    let text;
    try {
      text = readFileSync(path.join(repo, file), 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n')) {
      if (!syntax.test(line)) continue;
      const key = `${file}\0${line.trim()}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  return counts;
}

/** Hosts and their ansible_host from the repository's own inventories, as ansible reads them. */
async function ansibleHosts(repo) {
  const candidates = (await run('git', ['ls-files'], repo)).stdout
    .split('\n')
    .filter((f) => /(^|\/)(hosts|inventory)(\.ini|\.ya?ml)?$/.test(f) && !/(^|\/)(roles|templates|files|test|tests|molecule)\//.test(f));
  const cfg = path.join(os.tmpdir(), `adopt-ansible-${process.pid}.cfg`);
  writeFileSync(cfg, '[inventory]\nenable_plugins = yaml, ini\n');
  const hosts = new Map();
  for (const file of candidates) {
    const r = await run('ansible-inventory', ['-i', file, '--list'], repo, { ANSIBLE_CONFIG: cfg, ANSIBLE_VARS_ENABLED: '' }, 120_000);
    if (r.code !== 0) continue;
    let list;
    try {
      list = JSON.parse(r.stdout);
    } catch {
      continue;
    }
    const hostvars = list._meta?.hostvars ?? {};
    for (const [group, body] of Object.entries(list)) {
      if (group === '_meta') continue;
      for (const host of body.hosts ?? []) hosts.set(host, { address: hostvars[host]?.ansible_host, file });
    }
  }
  rmSync(cfg, { force: true });
  return { files: candidates, hosts };
}

function proposedGuests(repo) {
  const file = path.join(repo, 'iacgen.yaml');
  if (!existsSync(file)) return [];
  const doc = parseYaml(readFileSync(file, 'utf8')) ?? {};
  return Array.isArray(doc.guests) ? doc.guests : [];
}

/**
 * A file of the report to probe: the first YAML file (`yaml`) or shell script (`shell`), one
 * with a baseline finding below line 1 first, else one with any baseline finding, else any;
 * with the line of that finding (1 when none).
 */
function pickFile(report, type) {
  const files = report.files.filter((f) => (type === 'yaml' ? /\.ya?ml$/.test(f.path) && f.path !== 'iacgen.yaml' : f.type === 'shell'));
  for (const want of [(d) => d.baseline && d.line > 1, (d) => d.baseline]) {
    for (const f of files) {
      const d = f.diagnostics.find(want);
      if (d) return { path: f.path, line: d.line };
    }
  }
  return files[0] ? { path: files[0].path, line: 1 } : undefined;
}

async function adopt(source) {
  const name = path.basename(source);
  const tmp = mkdtempSync(path.join(os.tmpdir(), `adopt-${name}-`));
  const repo = path.join(tmp, name);
  const row = { repository: name };
  try {
    await run('git', ['clone', '-q', '--no-hardlinks', source, repo], tmp);
    await run('git', ['config', 'user.name', 'adopt'], repo);
    await run('git', ['config', 'user.email', 'a@example.invalid'], repo);
    const commentsBefore = await commentLines(repo);

    // 1. init, and its guests against ansible's own reading of the inventories.
    const init = await iacgen(repo, ['init']);
    row.initMs = init.ms;
    row.initExit = init.code;
    const guests = proposedGuests(repo);
    const truth = await ansibleHosts(repo);
    const byName = new Map(guests.map((g) => [g.name, g]));
    const missing = [...truth.hosts.keys()].filter((h) => !byName.has(h));
    // iacgen.yaml holds IPv4 addresses only: an ansible_host that is a name is not comparable.
    const ipv4 = (a) => /^\d{1,3}(\.\d{1,3}){3}$/.test(String(a ?? ''));
    const wrongAddress = [...truth.hosts].filter(([h, v]) => ipv4(v.address) && byName.has(h) && String(byName.get(h).address ?? '') !== String(v.address));
    const addressesCompared = [...truth.hosts].filter(([h, v]) => ipv4(v.address) && byName.has(h)).length;
    row.inventory = { files: truth.files, ansibleHosts: truth.hosts.size, guests: guests.length, missing, addressesCompared, wrongAddress: wrongAddress.map(([h, v]) => `${h}=${v.address}`) };
    await run('git', ['add', '-A'], repo);
    await run('git', ['commit', '-qm', 'iacgen init'], repo);

    // 2. findings before.
    const before = await validateJson(repo, ['--no-baseline']);
    const all = findings(before.report);
    row.before = { errors: all.filter((d) => d.severity === 'error').length, warnings: all.filter((d) => d.severity === 'warning').length, ms: before.ms, exit: before.code };
    row.fixableBefore = all.filter((d) => d.fixable).length;

    // 3. baseline, then validate exits 0.
    const baseline = await iacgen(repo, ['baseline']);
    row.baselineMs = baseline.ms;
    row.baselineExit = baseline.code;
    await run('git', ['add', '-A'], repo);
    await run('git', ['commit', '-qm', 'iacgen baseline'], repo);
    const after = await validateJson(repo);
    row.afterBaseline = { exit: after.code, baseline: after.report.baseline, ms: after.ms };

    // 4. one new error: the only new finding.
    const target = pickFile(after.report, 'yaml');
    if (target) {
      const abs = path.join(repo, target.path);
      const original = readFileSync(abs);
      writeFileSync(abs, `${original.toString('utf8').replace(/\n?$/, '\n')}adopt_probe: [unclosed\n`);
      const bad = await validateJson(repo);
      const fresh = findings(bad.report).filter((d) => !d.baseline);
      row.newError = { file: target.path, exit: bad.code, newFindings: fresh.map((d) => `${d.path}:${d.line} ${d.source}:${d.rule} ${d.severity}`) };
      writeFileSync(abs, original);
    }

    // 5. 20 lines above a baseline finding keep it matched.
    const moved = target ?? pickFile(after.report, 'shell');
    if (moved) {
      const abs = path.join(repo, moved.path);
      const original = readFileSync(abs);
      const lines = original.toString('utf8').split('\n');
      const at = Math.max(2, moved.line - 2);
      const block = Array.from({ length: 20 }, (_, i) => (/\.ya?ml$/.test(moved.path) ? `# adopt probe ${i}` : `: adopt probe ${i}`));
      // In YAML the comments go at the finding's own indentation, so yamllint's comments-indentation holds.
      const indent = /^\s*/.exec(lines[at - 1] ?? '')?.[0] ?? '';
      lines.splice(at - 1, 0, ...block.map((l) => `${indent}${l}`));
      writeFileSync(abs, lines.join('\n'));
      const shifted = await validateJson(repo);
      const fresh = findings(shifted.report).filter((d) => !d.baseline);
      row.moved = { file: moved.path, above: moved.line, exit: shifted.code, matched: shifted.report.baseline?.matched, newFindings: fresh.map((d) => `${d.path}:${d.line} ${d.source}:${d.rule}`) };
      writeFileSync(abs, original);
    }

    // 6. fix --dry-run writes nothing; fix applies.
    const statusBefore = (await run('git', ['status', '--porcelain'], repo)).stdout;
    const dry = await iacgen(repo, ['fix', '--dry-run']);
    const statusDry = (await run('git', ['status', '--porcelain'], repo)).stdout;
    row.dryRun = { exit: dry.code, diffs: (dry.stdout.match(/^\+\+\+ /gm) ?? []).length, wroteNothing: statusDry === statusBefore, ms: dry.ms };
    const fix = await iacgen(repo, ['fix']);
    row.fix = { exit: fix.code, ms: fix.ms, tail: fix.text.trim().split('\n').slice(-3).join(' | ') };
    const changed = (await run('git', ['diff', '--name-only'], repo)).stdout.split('\n').filter(Boolean);
    row.fixedFiles = changed.length;

    // 7. the fixed files pass their checkers; no comment line lost; what is left.
    const broken = [];
    for (const file of changed) {
      let r;
      if (/\.ya?ml$/.test(file)) r = await run('yamllint', ['-d', '{rules: {key-duplicates: enable}}', file], repo);
      else if (/\.(sh|bash)$/.test(file)) r = await run('bash', ['-n', file], repo);
      else if (/\.tf$/.test(file)) r = await run('terraform', ['fmt', '-check', file], repo);
      if (r && r.code !== 0) broken.push(`${file}: ${r.text.trim().slice(0, 200)}`);
    }
    const left = await validateJson(repo, ['--no-baseline']);
    const leftAll = findings(left.report);
    const beforeErrors = new Set(all.filter((d) => d.severity === 'error').map((d) => `${d.path}\0${d.source}:${d.rule}`));
    const newErrors = leftAll.filter((d) => d.severity === 'error' && changed.includes(d.path) && !beforeErrors.has(`${d.path}\0${d.source}:${d.rule}`));
    const commentsAfter = await commentLines(repo);
    let lost = 0;
    for (const [key, count] of commentsBefore) lost += Math.max(0, count - (commentsAfter.get(key) ?? 0));
    row.after = { errors: leftAll.filter((d) => d.severity === 'error').length, warnings: leftAll.filter((d) => d.severity === 'warning').length };
    row.fixed = all.length - leftAll.length;
    row.checkersFailOnFixed = broken;
    row.newErrorsInFixed = newErrors.map((d) => `${d.path}:${d.line} ${d.source}:${d.rule}`);
    row.commentLinesBefore = [...commentsBefore.values()].reduce((a, b) => a + b, 0);
    row.commentLinesLost = lost;
  } catch (err) {
    row.crash = err instanceof Error ? err.message : String(err);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return row;
}

const rows = [];
for (const repo of repos) {
  const started = performance.now();
  const row = await adopt(path.resolve(repo));
  row.wallMs = Math.round(performance.now() - started);
  rows.push(row);
  console.error(JSON.stringify(row, null, 1));
}
console.log('| repository | guests / ansible hosts (not among the guests; IPv4 addresses wrong of compared) | findings before (E/W) | fixed by `iacgen fix` | left (E/W) | files fixed | comment lines lost | baseline: exit, new error alone, 20 lines above | fix wall time | total wall time |');
console.log('|---|---|---|---|---|---|---|---|---|---|');
for (const r of rows) {
  if (r.crash) {
    console.log(`| ${r.repository} | crashed: ${r.crash.replace(/\|/g, '/')} |`);
    continue;
  }
  const inv = r.inventory;
  const newAlone = r.newError ? `${r.newError.exit}/${r.newError.newFindings.length} new` : 'n/a';
  const moved = r.moved ? `${r.moved.exit}/${r.moved.newFindings.length} new` : 'n/a';
  console.log(
    `| ${r.repository} | ${inv.guests} / ${inv.ansibleHosts} (${inv.missing.join(', ') || 'none'}; ${inv.wrongAddress.length} of ${inv.addressesCompared}) | ${r.before.errors}/${r.before.warnings} | ${r.fixed} | ${r.after.errors}/${r.after.warnings} | ${r.fixedFiles} | ${r.commentLinesLost} of ${r.commentLinesBefore} | ${r.afterBaseline.exit}, ${newAlone}, ${moved} | ${(r.fix.ms / 1000).toFixed(1)} s | ${(r.wallMs / 1000).toFixed(1)} s |`,
  );
}
if (opts.out) writeFileSync(opts.out, `${JSON.stringify(rows, null, 2)}\n`);
