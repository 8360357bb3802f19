#!/usr/bin/env node
// What a new user sees when iacgen validate runs on their repository as it is (no iacgen.yaml,
// default settings, iacgen's own rules on), scored against the ground truth of the real checkers
// run directly on each file alone, asked only whether the file is broken (not about style):
//
//   node test/real/noise.mjs [--cli bin/iacgen.js] [--max-files 150] [--mutants N] [--out FILE] REPO_DIR...
//
// Per repository:
// - whole-repository figures: files, findings by severity, the exit code, files by type, checks
//   by status (every check in `error` status listed with its reason), iacgen's own findings per rule;
// - clean files reported with an error: files that every ground-truth checker passes (nothing
//   broken) yet iacgen gives at least one `error` finding, listed with the findings, to be judged
//   one by one (a literal secret in a clean file is a real problem; an 80-column line is not);
//   listed apart (`byConfig`) when every error is style that the repository's own yamllint or
//   ansible-lint configuration makes an error (iacgen keeps a configured checker's levels);
// - broken files missed: a ground-truth checker says broken, iacgen gives no error and no named
//   cause for a missing environment;
// - missing environments: the ground truth fails only for want of a role, collection, included
//   file or env_file; iacgen must name the cause (a rule id) and must not call the check `pass`;
// - with --mutants N: N clean files per type get syntax mutants (lib.mjs), each a new file beside
//   its original, removed afterwards; recall per file type = mutants iacgen fails / mutants the
//   ground truth calls broken.
//
// Ground truth per file type (the checker's own verdict on whether the file loads, parses or runs):
// YAML kinds: yamllint with only its `syntax` check and `key-duplicates` (a YAML parse);
// playbooks: also `ansible-playbook --syntax-check`; Compose: also `docker compose config -q` on
// the project; inventories: `ansible-inventory --graph` with unparsed sources failing; shell:
// `bash -n` and `shellcheck -S error`; Python: compile(); Terraform: `terraform fmt` (on a `.tf` copy of a `.tofu` file) without
// -check (fails on a parse error only); JSON: JSON.parse. Other types have no ground truth here.
// CI has no network and no corpus: run by hand, like score.mjs (test/real/README.md).
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { composeProject, gitStatus, KIND_MUTATIONS, MUTATIONS, pool, restore, run, short } from './lib.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const { values: opts, positionals: repos } = parseArgs({
  allowPositionals: true,
  options: {
    cli: { type: 'string', default: path.join(ROOT, 'bin', 'iacgen.js') },
    'max-files': { type: 'string', default: '150' },
    mutants: { type: 'string', default: '0' },
    out: { type: 'string' },
    jobs: { type: 'string', default: '4' },
  },
});
if (repos.length === 0) {
  console.error('usage: node test/real/noise.mjs [--cli bin/iacgen.js] [--max-files N] [--mutants N] [--out FILE] REPO_DIR...');
  process.exit(2);
}
const CLI = path.resolve(opts.cli);
const MAX_FILES = Number(opts['max-files']);
const JOBS = Number(opts.jobs);
const { ANSIBLE_QUIET_ENV } = await import(pathToFileURL(path.join(path.dirname(CLI), '..', 'dist', 'check', 'checkers', 'ansible-syntax-check.js')).href);

/** yamllint asked only whether the YAML parses (and has no duplicate key). */
const YAML_SYNTAX = '{rules: {key-duplicates: enable}}';
/** A failure for want of something outside the file (ansible's and Compose's wordings, every version). */
const MISSING_ENV = /[Vv]ault password file .* was not found|[Vv]ault password (client )?script .* returned non-zero|required variable \S+ is missing a value|no vault secrets (were )?found|[Tt]he role '[^']+' was not found|couldn't resolve module\/action|Could not find or access '[^']+'|env file .* not found|unable to prepare context|path .* not found|no such file or directory/i;
/** An empty ansible.cfg: the inventory oracle runs, as iacgen does, without the repository's. */
const EMPTY_ANSIBLE_CFG = path.join(mkdtempSync(path.join(os.tmpdir(), 'iacgen-noise-')), 'ansible.cfg');
writeFileSync(EMPTY_ANSIBLE_CFG, '');
const YAML_TYPES = /^(yaml|compose|ansible-(playbook|tasks|vars|inventory)|kubernetes|ci-workflow|cloud-init|helm-chart|ansible-inventory-plugin)$/;

/** The ground-truth checkers of a file type; each returns {broken, missingEnv, text}. */
function truthFor(type, ctx) {
  const checks = [];
  if (YAML_TYPES.test(type)) checks.push((f) => run('yamllint', ['-d', YAML_SYNTAX, '-f', 'parsable', f], ctx.repo));
  if (type === 'ansible-playbook') checks.push((f) => run('ansible-playbook', ['--syntax-check', f], ctx.repo, ANSIBLE_QUIET_ENV));
  if (type === 'ansible-inventory' || type === 'ansible-inventory-ini') {
    // As iacgen runs it: the inventory alone (--graph loads no group_vars), without the repository's
    // ansible.cfg (whose vault password file or script is not needed to parse an inventory).
    checks.push((f) => run('ansible-inventory', ['-i', f, '--graph'], ctx.repo, { ...ANSIBLE_QUIET_ENV, ANSIBLE_CONFIG: EMPTY_ANSIBLE_CFG, ANSIBLE_INVENTORY_UNPARSED_FAILED: 'True', ANSIBLE_INVENTORY_ANY_UNPARSED_IS_FAILED: 'True' }));
  }
  if (type === 'compose' && ctx.compose) {
    checks.push((f) => {
      const dir = path.dirname(path.join(ctx.repo, f));
      const env = !existsSync(path.join(dir, '.env')) && existsSync(path.join(dir, '.env.example')) ? ['--env-file', '.env.example'] : [];
      return run(ctx.compose[0], [...ctx.compose.slice(1), ...env, ...composeProject(ctx.repo, f).flatMap((x) => ['-f', x]), 'config', '-q'], dir);
    });
  }
  if (type === 'shell') {
    checks.push((f) => run('bash', ['-n', f], ctx.repo));
    checks.push((f) => run('shellcheck', ['-S', 'error', f], ctx.repo));
  }
  if (type === 'python') checks.push((f) => run('python3', ['-B', '-I', '-c', 'import sys; compile(open(sys.argv[1], "rb").read(), sys.argv[1], "exec")', f], ctx.repo));
  if (type === 'terraform') {
    checks.push(async (f) => {
      // terraform fmt refuses OpenTofu's extensions: a .tofu file is parsed as a copy named .tf.
      if (/\.tofu$/i.test(f)) {
        const copy = path.join(mkdtempSync(path.join(os.tmpdir(), 'iacgen-noise-tofu-')), 'main.tf');
        writeFileSync(copy, readFileSync(path.join(ctx.repo, f)));
        return run('terraform', ['fmt', '-write=false', '-list=false', '-no-color', copy], ctx.repo);
      }
      if (/\.tofu\.json$/i.test(f)) return { code: 0, text: '' };
      return run('terraform', ['fmt', '-write=false', '-list=false', '-no-color', f], ctx.repo);
    });
  }
  if (type === 'json') {
    checks.push(async (f) => {
      try {
        JSON.parse(readFileSync(path.join(ctx.repo, f), 'utf8'));
        return { code: 0, text: '' };
      } catch (e) {
        return { code: 1, text: String(e) };
      }
    });
  }
  if (checks.length === 0) return undefined;
  return async (f) => {
    const results = await Promise.all(checks.map((c) => c(f)));
    const failed = results.filter((r) => r.code !== 0);
    const text = failed.map((r) => short(r.text, 400)).join('\n');
    return { broken: failed.length > 0 && !failed.every((r) => MISSING_ENV.test(r.text)), missingEnv: failed.length > 0 && failed.every((r) => MISSING_ENV.test(r.text)), text };
  };
}

async function validate(repo, paths = []) {
  const r = await run(process.execPath, [CLI, 'validate', '--format', 'json', '--no-cache', ...paths], repo, {}, 1_800_000);
  try {
    return { report: JSON.parse(r.stdout), code: r.code, stderr: r.stderr };
  } catch {
    return { report: undefined, code: r.code, stderr: r.text };
  }
}

const errorsOf = (f) => f.diagnostics.filter((d) => d.severity === 'error');
/** The repository's own configuration of a checker (README, "Severity": it keeps that checker's levels). */
const OWN_CONFIG = {
  yamllint: ['.yamllint', '.yamllint.yaml', '.yamllint.yml'],
  'ansible-lint': ['.ansible-lint', '.ansible-lint.yml', '.ansible-lint.yaml', '.config/ansible-lint.yml', '.config/ansible-lint.yaml'],
};
/** Rules of those checkers that are defects whatever the configuration. */
const DEFECT_RULES = /^(syntax|key-duplicates|syntax-check|load-failure|parser-error|internal-error)(\[|$)/;
/** True when the error is style that the repository's own configuration of its checker makes an error. */
const byOwnConfig = (repo, d) => OWN_CONFIG[d.source]?.some((f) => existsSync(path.join(repo, f))) && !DEFECT_RULES.test(d.rule);
const describe = (d) => `${d.line}:${d.column} ${d.source}/${d.rule}: ${short(d.message, 200)}`;

async function scoreRepo(repo) {
  const name = path.basename(repo);
  const head = (await run('git', ['rev-parse', 'HEAD'], repo)).stdout.trim();
  const before = await gitStatus(repo);
  const started = Date.now();
  const { report, code, stderr } = await validate(repo);
  const validateMs = Date.now() - started;
  if (!report) return { repo: name, commit: head, failed: `iacgen validate gave no JSON (exit ${code}): ${short(stderr)}` };
  const composeChecker = report.checkers.find((c) => c.id === 'compose-config');
  const ctx = { repo, compose: composeChecker?.path ? (path.basename(composeChecker.path) === 'docker' ? [composeChecker.path, 'compose'] : [composeChecker.path]) : undefined };
  const whole = { files: report.files.length, exitCode: code, validateMs, errors: 0, warnings: 0, infos: 0, types: {}, checks: {}, crashed: [], policy: {}, errorRules: {} };
  for (const f of report.files) {
    whole.types[f.type] = (whole.types[f.type] ?? 0) + 1;
    for (const c of f.checks) {
      whole.checks[c.status] = (whole.checks[c.status] ?? 0) + 1;
      if (c.status === 'error') whole.crashed.push({ file: f.path, checker: c.checker, reason: short(c.reason ?? '', 300) });
    }
    for (const d of f.diagnostics) {
      if (d.severity === 'error') whole.errors++;
      else if (d.severity === 'warning') whole.warnings++;
      else whole.infos++;
      if (d.source === 'iacgen') whole.policy[d.rule] = (whole.policy[d.rule] ?? 0) + 1;
      if (d.severity === 'error') whole.errorRules[`${d.source}/${d.rule}`] = (whole.errorRules[`${d.source}/${d.rule}`] ?? 0) + 1;
    }
  }
  const scored = { compared: 0, clean: 0, broken: 0, missingEnv: 0, cleanWithError: [], cleanErrorByConfig: [], brokenMissed: [], envUnnamed: [], noTruth: 0 };
  const files = report.files.filter((f) => f.checks.length > 0).slice(0, MAX_FILES);
  await pool(files, JOBS, async (f) => {
    const truth = truthFor(f.type, ctx);
    if (!truth) {
      scored.noTruth++;
      return;
    }
    const said = await truth(f.path);
    scored.compared++;
    const errors = errorsOf(f);
    if (said.missingEnv) {
      scored.missingEnv++;
      const causes = f.diagnostics.filter((d) => /missing|unavailable/.test(d.rule));
      const named = causes.length > 0;
      // The check that met the missing environment must not say `pass`.
      const passed = f.checks.some((c) => c.status === 'pass' && causes.some((d) => d.source === c.checker || (d.agreed ?? []).includes(c.checker)));
      if (!named || passed) scored.envUnnamed.push({ file: f.path, type: f.type, iacgen: f.diagnostics.map(describe).slice(0, 4), checks: f.checks.map((c) => `${c.checker}:${c.status}`).join(' '), truth: said.text });
    } else if (said.broken) {
      scored.broken++;
      if (errors.length === 0) scored.brokenMissed.push({ file: f.path, type: f.type, truth: said.text });
    } else {
      scored.clean++;
      // Style the repository's own checker configuration makes an error is listed apart.
      const own = errors.filter((d) => !byOwnConfig(repo, d));
      if (own.length > 0) scored.cleanWithError.push({ file: f.path, type: f.type, errors: own.map(describe) });
      else if (errors.length > 0) scored.cleanErrorByConfig.push({ file: f.path, type: f.type, errors: errors.map(describe) });
    }
  });
  await restore(repo, before);
  const mutants = Number(opts.mutants) > 0 ? await mutate(repo, report, ctx, before) : undefined;
  return { repo: name, commit: head, whole, scored, ...(mutants ? { mutants } : {}) };
}

/** The mutations that fit a file type. */
function mutationsFor(type) {
  if (type === 'shell') return MUTATIONS.shell;
  if (type === 'python') return MUTATIONS.python;
  if (type === 'terraform') return KIND_MUTATIONS.terraform;
  if (type === 'ansible-playbook') return [...MUTATIONS.yaml, ...KIND_MUTATIONS.playbook];
  if (YAML_TYPES.test(type)) return MUTATIONS.yaml;
  return [];
}

async function mutate(repo, report, ctx, before) {
  const per = Number(opts.mutants);
  const byType = {};
  for (const f of report.files) {
    if (f.checks.length === 0 || errorsOf(f).length > 0 || mutationsFor(f.type).length === 0) continue;
    (byType[f.type] ??= []).push(f);
  }
  const made = [];
  for (const [type, list] of Object.entries(byType)) {
    for (const f of list.slice(0, per)) {
      const text = readFileSync(path.join(repo, f.path), 'utf8');
      for (const [mname, fn] of mutationsFor(type)) {
        const out = fn(text);
        if (out === undefined || out === text) continue;
        const ext = path.extname(f.path);
        // The mutant keeps the original's extension, or its whole name when it has none (`user-data`),
        // and sits in the same folder or a new one beside it (both decide its type).
        const target = ext ? `${f.path.slice(0, -ext.length)}.iacgen-mutant-${mname}${ext}` : path.posix.join(path.posix.dirname(f.path), `iacgen-mutant-${mname}`, path.posix.basename(f.path));
        made.push({ of: f.path, type, mutation: mname, path: target, text: out });
      }
    }
  }
  for (const m of made) {
    mkdirSync(path.dirname(path.join(repo, m.path)), { recursive: true });
    writeFileSync(path.join(repo, m.path), m.text);
  }
  const perType = {};
  try {
    const { report: r } = await validate(repo, made.map((m) => m.path));
    const byPath = new Map((r?.files ?? []).map((f) => [f.path, f]));
    await pool(made, JOBS, async (m) => {
      const t = (perType[m.type] ??= { made: 0, broken: 0, caught: 0, missed: [], typeChanged: 0, unjudged: 0 });
      t.made++;
      const f = byPath.get(m.path);
      // The ground truth of the original's type: a mutant that reads as another type is still that file.
      const said = await truthFor(m.type, ctx)(m.path);
      if (said.missingEnv) t.unjudged++; // the ground truth stops for want of the environment: it cannot tell
      if (!said.broken) return; // a valid file, or one the ground truth cannot judge: not scored
      t.broken++;
      if (f && f.type !== m.type) t.typeChanged++;
      if (f && errorsOf(f).length > 0) t.caught++;
      else t.missed.push({ mutant: m.path, mutation: m.mutation, type: f?.type, checks: f?.checks.map((c) => `${c.checker}:${c.status}`).join(' '), truth: short(said.text, 300) });
    });
  } finally {
    for (const m of made) rmSync(path.join(repo, m.path), { force: true });
    await restore(repo, before);
  }
  return perType;
}

const results = [];
for (const repo of repos) {
  const r = await scoreRepo(path.resolve(repo));
  results.push(r);
  console.error(`scored ${r.repo}${r.failed ? `: ${r.failed}` : ` (${r.whole.files} files, ${r.whole.validateMs} ms)`}`);
}
const versions = await Promise.all(
  [['ansible-playbook', '--version'], ['ansible-lint', '--version'], ['yamllint', '--version'], ['shellcheck', '--version'], ['python3', '--version']].map(async ([c, a]) => `${c}: ${(await run(c, [a], '/')).text.split('\n').find((l) => /\d+\.\d+/.test(l))?.trim() ?? '?'}`),
);
const summary = { machine: process.env.IACGEN_CHROOT || 'host', cli: CLI, versions, results };
if (opts.out) writeFileSync(opts.out, `${JSON.stringify(summary, null, 2)}\n`);
else console.log(JSON.stringify(summary, null, 2));

// The short tables, on stderr when the JSON goes to stdout.
const out = [];
const line = (...c) => out.push(c.map((x, i) => String(x).padEnd(i === 0 ? 26 : 9)).join(''));
line('repo', 'files', 'errors', 'warnings', 'exit', 'crashed', 'compared', 'clean', 'cleanErr', 'byConfig', 'broken', 'missed', 'env', 'envBad');
const mutantTotal = {};
const policyTotal = {};
for (const r of results) {
  if (r.failed) {
    line(r.repo, 'FAILED', r.failed);
    continue;
  }
  const { whole: w, scored: s } = r;
  line(r.repo, w.files, w.errors, w.warnings, w.exitCode, w.crashed.length, s.compared, s.clean, s.cleanWithError.length, s.cleanErrorByConfig.length, s.broken, s.brokenMissed.length, s.missingEnv, s.envUnnamed.length);
  for (const [rule, n] of Object.entries(w.policy)) policyTotal[rule] = (policyTotal[rule] ?? 0) + n;
  for (const [type, t] of Object.entries(r.mutants ?? {})) {
    const m = (mutantTotal[type] ??= { broken: 0, caught: 0 });
    m.broken += t.broken;
    m.caught += t.caught;
  }
}
out.push('', 'mutants per type: ' + Object.entries(mutantTotal).map(([t, m]) => `${t} ${m.caught}/${m.broken}`).join(', '));
out.push('policy findings per rule: ' + Object.entries(policyTotal).sort((a, b) => b[1] - a[1]).map(([r, n]) => `${r} ${n}`).join(', '));
(opts.out ? console.log : console.error)(`${summary.machine}: ${versions.join('; ')}\n${out.join('\n')}`);
