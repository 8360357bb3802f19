#!/usr/bin/env node
// Scores `iacgen validate` on real repositories against the checkers run directly, one file at a
// time, as their own documentation says to run them (the rule of test/e2e/agreement.test.ts,
// applied to real trees). Not a test (CI has no network and no corpus): run by hand, on the host
// and in the chroots (`bash .ci/chroot run trixie node test/real/score.mjs /iacgen/.scratch-real/X`).
//
//   node test/real/score.mjs [--cli bin/iacgen.js] [--max-files 150] [--no-lint] [--examples 4]
//                            [--mutants N] [--out FILE] REPO_DIR...
//
// Per repository and checker: files compared, agreements, false errors (iacgen fail, the checker
// clean), misses (the checker reports an error, iacgen pass), crashed checks (iacgen `status:
// error`), findings disagreements (iacgen has findings <=> the checker reports any), with the
// first examples of each. iacgen's own rules are skipped (`--skip iacgen`). A disagreement that
// comes from one of iacgen's documented deliberate differences (a cause iacgen checks itself,
// compose-needs-v2 under Compose v1) is tagged `byDesign` with the rule. The checker's own
// verdict is compared (a check's `checkerStatus`, a finding's `agreed` checkers); `styleOnly`
// counts checks the checker failed whose only errors iacgen's verdict layer made warnings, `env`
// checks it made `skipped` for a missing environment.
// With --mutants N: up to N clean YAML, shell and Python files per repository get one syntax
// mutant each (written beside the original as `<name>.iacgen-mutant.<ext>`, removed afterwards);
// a mutant counts as caught when iacgen fails it, and the checker's own verdict is recorded too.
//
// The repositories it was run on (checked out under .scratch-real/, never committed): see
// test/real/README.md.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { composeProject, gitStatus, MUTATIONS, pool, restore, run, serial, short } from './lib.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const { values: opts, positionals: repos } = parseArgs({
  allowPositionals: true,
  options: {
    cli: { type: 'string', default: path.join(ROOT, 'bin', 'iacgen.js') },
    'max-files': { type: 'string', default: '150' },
    'no-lint': { type: 'boolean', default: false },
    examples: { type: 'string', default: '4' },
    mutants: { type: 'string', default: '0' },
    out: { type: 'string' },
    jobs: { type: 'string', default: '4' },
  },
});
if (repos.length === 0) {
  console.error('usage: node test/real/score.mjs [--cli bin/iacgen.js] [--max-files N] [--no-lint] [--mutants N] [--out FILE] REPO_DIR...');
  process.exit(2);
}
const CLI = path.resolve(opts.cli);
const MAX_FILES = Number(opts['max-files']);
const EXAMPLES = Number(opts.examples);
const JOBS = Number(opts.jobs);
// The environment iacgen gives ansible, taken from the build that is measured.
const { ANSIBLE_QUIET_ENV } = await import(pathToFileURL(path.join(path.dirname(CLI), '..', 'dist', 'check', 'checkers', 'ansible-syntax-check.js')).href);
// The yamllint configuration iacgen gives each call (the repository's own, else its relaxed one).
const { yamllintConfig } = await import(pathToFileURL(path.join(path.dirname(CLI), '..', 'dist', 'check', 'checkers', 'yamllint-config.js')).href);

/** Rules that name a deliberate difference from the plain checker (README: known causes, Compose v1). */
const BY_DESIGN = /^(compose-needs-v2|compose-missing-(build-context|env-file|file)|ansible-missing-(role|collection|file))$/;

/**
 * Each checker run directly on one file (path relative to the repository), as its documentation
 * says. `error`: what the checker itself counts as one (non-zero exit; shellcheck at `-S error`);
 * `findings`: anything it reports; `error: null` when the checker has no error level (shfmt's diff,
 * pyflakes' messages are warnings in iacgen by design, so only findings are compared).
 */
function directCheckers(ctx) {
  const abs = (f) => path.join(ctx.repo, f);
  return {
    yamllint: async (f) => {
      const r = await run('yamllint', ['-f', 'parsable', ...yamllintConfig(ctx.repo).args, f], ctx.repo);
      return { error: r.code !== 0, findings: r.stdout.trim() !== '', text: r.text };
    },
    'ansible-syntax-check': async (f) => {
      const r = await run('ansible-playbook', ['--syntax-check', f], ctx.repo, ANSIBLE_QUIET_ENV);
      return { error: r.code !== 0, findings: r.code !== 0 || /duplicate\s+(mapping|dict)\s+key/i.test(r.text), text: r.text };
    },
    'ansible-lint': opts['no-lint']
      ? undefined
      : (f) =>
          serial(async () => {
            const r = await run('ansible-lint', ['--offline', '--nocolor', '-f', 'codeclimate', '-q', f], ctx.repo, ANSIBLE_QUIET_ENV);
            const list = /^\s*\[[\s\S]*\]\s*$/m.exec(r.stdout)?.[0] ?? '[]';
            let n = 0;
            try {
              n = JSON.parse(list).length;
            } catch {
              n = -1;
            }
            return { error: r.code !== 0, findings: n !== 0, text: r.text };
          }),
    'bash-syntax': async (f) => {
      const r = await run('bash', ['-n', f], ctx.repo);
      return { error: r.code !== 0, findings: r.code !== 0 || r.text.trim() !== '', text: r.text };
    },
    shellcheck: async (f) => {
      const all = await run('shellcheck', ['-f', 'gcc', f], ctx.repo);
      const errors = await run('shellcheck', ['-S', 'error', f], ctx.repo);
      return { error: errors.code !== 0, findings: all.code !== 0, text: all.text };
    },
    shfmt: async (f) => {
      const r = await run('shfmt', ['-d', f], ctx.repo);
      return { error: r.stderr.trim() !== '', findings: r.code !== 0, text: r.text };
    },
    'python-compile': async (f) => {
      const r = await run('python3', ['-B', '-I', '-c', 'import sys; compile(open(sys.argv[1], "rb").read(), sys.argv[1], "exec")', f], ctx.repo);
      return { error: r.code !== 0, findings: r.code !== 0, text: r.text };
    },
    pyflakes: async (f) => {
      const r = await run(ctx.pyflakes, [f], ctx.repo);
      return { error: null, findings: r.code !== 0, text: r.text };
    },
    'compose-config': async (f) => {
      if (!ctx.compose) return undefined;
      const files = composeProject(ctx.repo, f);
      const dir = path.dirname(abs(f));
      const env = !existsSync(path.join(dir, '.env')) && existsSync(path.join(dir, '.env.example')) ? ['--env-file', '.env.example'] : [];
      const args = [...ctx.compose.slice(1), ...env, ...files.flatMap((x) => ['-f', x]), 'config', '-q'];
      const r = await run(ctx.compose[0], args, dir);
      return { error: r.code !== 0, findings: r.code !== 0 || /warn/i.test(r.stderr), text: `${[ctx.compose.join(' '), ...args].join(' ')} (in ${path.relative(ctx.repo, dir) || '.'})\n${r.text}`, project: files };
    },
    'terraform-fmt': async (f) => {
      const r = await run('terraform', ['fmt', '-check', '-diff', '-no-color', f], ctx.repo);
      return { error: r.code !== 0, findings: r.code !== 0, text: r.text };
    },
  };
}

async function validate(repo, paths = []) {
  const r = await run(process.execPath, [CLI, 'validate', '--format', 'json', '--no-cache', '--skip', 'iacgen', ...paths], repo, {}, 1_800_000);
  try {
    return { report: JSON.parse(r.stdout), stderr: r.stderr, code: r.code };
  } catch {
    return { report: undefined, stderr: r.text, code: r.code };
  }
}

async function scoreRepo(repo) {
  const name = path.basename(repo);
  const head = (await run('git', ['rev-parse', 'HEAD'], repo)).stdout.trim();
  const before = await gitStatus(repo);
  const started = Date.now();
  const { report, stderr, code } = await validate(repo);
  const validateMs = Date.now() - started;
  if (!report) return { repo: name, commit: head, failed: `iacgen validate gave no JSON (exit ${code}): ${short(stderr)}` };
  const leftovers = [...(await gitStatus(repo))].filter((l) => !before.has(l));
  const composeChecker = report.checkers.find((c) => c.id === 'compose-config');
  const pyflakesChecker = report.checkers.find((c) => c.id === 'pyflakes');
  const ctx = {
    repo,
    compose: composeChecker?.path ? (path.basename(composeChecker.path) === 'docker' ? [composeChecker.path, 'compose'] : [composeChecker.path]) : undefined,
    pyflakes: pyflakesChecker?.path ?? 'pyflakes3',
  };
  const direct = directCheckers(ctx);
  const types = {};
  for (const f of report.files) types[f.type] = (types[f.type] ?? 0) + 1;
  const files = report.files.filter((f) => f.checks.length > 0).slice(0, MAX_FILES);
  // The direct checkers run the checker iacgen chose, so a wrong type agrees with itself: list the
  // files whose type their content contradicts (a Compose file that is a YAML list or Jinja).
  const suspectTypes = [];
  for (const f of report.files) {
    if (f.type !== 'compose') continue;
    const text = readFileSync(path.join(repo, f.path), 'utf8');
    const first = text.split('\n').find((l) => l.trim() !== '' && !/^\s*(#|---)/.test(l)) ?? '';
    if (/^- /.test(first)) suspectTypes.push({ file: f.path, type: f.type, why: 'top level is a YAML list (Ansible tasks?)' });
    else if (/\{%|\{\{/.test(text)) suspectTypes.push({ file: f.path, type: f.type, why: 'holds Jinja' });
  }
  const byChecker = {};
  const row = (checker) =>
    (byChecker[checker] ??= { compared: 0, agree: 0, falseErrors: 0, misses: 0, crashed: 0, findingsDisagree: 0, skipped: 0, notCompared: 0, byDesign: 0, styleOnly: 0, environment: 0, examples: { falseErrors: [], misses: [], crashed: [], findingsDisagree: [] } });
  const note = (s, kind, example) => {
    if (s.examples[kind].length < EXAMPLES) s.examples[kind].push(example);
  };
  const jobs = files.flatMap((f) => f.checks.map((c) => ({ file: f, check: c })));
  await pool(jobs, JOBS, async ({ file, check }) => {
    const s = row(check.checker);
    // The checker's own verdict is compared (iacgen's verdict layer may have made a style failure
    // a pass, or a missing environment `skipped`): `checkerStatus` keeps it.
    const status = check.checkerStatus ?? check.status;
    if (check.checkerStatus === 'fail' && check.status === 'pass') s.styleOnly++;
    if (check.checkerStatus && check.status === 'skipped') s.environment++;
    if (status === 'skipped') {
      s.skipped++;
      return;
    }
    if (status === 'error') {
      s.crashed++;
      note(s, 'crashed', { file: file.path, reason: check.reason, output: short(check.output ?? '') });
      return;
    }
    const fn = direct[check.checker];
    if (!fn) {
      s.notCompared++;
      return;
    }
    const said = await fn(file.path);
    if (!said) {
      s.notCompared++;
      return;
    }
    s.compared++;
    // A finding kept once for several checkers (`agreed`) counts for each of them.
    const ours = file.diagnostics.filter((d) => d.source === check.checker || d.agreed?.includes(check.checker));
    const rules = [...new Set(ours.map((d) => d.rule))];
    const designed = rules.filter((r) => BY_DESIGN.test(r));
    const iacgen = `${status}: ${ours.slice(0, 4).map((d) => `${d.line}:${d.column} ${d.checkerSeverity ?? d.severity} ${d.rule} ${short(d.message, 160)}`).join(' | ') || 'no findings'}`;
    const example = { file: file.path, iacgen, checker: short(said.text), ...(said.project ? { project: said.project } : {}), ...(designed.length ? { byDesign: designed } : {}) };
    let agree = true;
    if (said.error !== null && (status === 'fail') !== said.error) {
      agree = false;
      if (designed.length) s.byDesign++;
      if (status === 'fail') {
        s.falseErrors++;
        note(s, 'falseErrors', example);
      } else {
        s.misses++;
        note(s, 'misses', example);
      }
    }
    if ((ours.length > 0) !== said.findings) {
      s.findingsDisagree++;
      note(s, 'findingsDisagree', example);
    }
    if (agree) s.agree++;
  });
  await restore(repo, before);
  let mutants;
  if (Number(opts.mutants) > 0) mutants = await mutate(repo, report, direct, before);
  return { repo: name, commit: head, validateMs, files: report.files.length, compared: files.length, types, suspectTypes, leftovers, checkers: report.checkers.map((c) => `${c.id} ${c.status}${c.version ? ` ${c.version}` : ''}`), byChecker, ...(mutants ? { mutants } : {}) };
}

const kindOf = (type) => (type === 'shell' ? 'shell' : type === 'python' ? 'python' : /^(yaml|ansible-|compose)/.test(type) ? 'yaml' : undefined);
const CHECKER_OF = { yaml: 'yamllint', shell: 'bash-syntax', python: 'python-compile' };

async function mutate(repo, report, direct, before) {
  const clean = report.files.filter((f) => kindOf(f.type) && f.checks.length > 0 && f.checks.every((c) => c.status === 'pass'));
  const picked = [];
  const per = Number(opts.mutants);
  for (const kind of ['yaml', 'shell', 'python']) picked.push(...clean.filter((f) => kindOf(f.type) === kind).slice(0, per));
  const made = [];
  for (const f of picked) {
    const kind = kindOf(f.type);
    const text = readFileSync(path.join(repo, f.path), 'utf8');
    for (const [mname, fn] of MUTATIONS[kind]) {
      const out = fn(text);
      if (out === undefined || out === text) continue;
      const ext = path.extname(f.path);
      // An extensionless script keeps no extension (its shebang classifies it).
      const target = ext ? `${f.path.slice(0, -ext.length)}.iacgen-mutant-${mname}${ext}` : path.posix.join(path.posix.dirname(f.path), `iacgen-mutant-${mname}-${path.posix.basename(f.path)}`);
      made.push({ of: f.path, type: f.type, mutation: mname, path: target, kind, text: out });
    }
  }
  for (const m of made) writeFileSync(path.join(repo, m.path), m.text);
  const result = { total: made.length, caught: 0, missed: 0, checkerClean: 0, crashed: 0, examples: [] };
  try {
    const { report: r } = await validate(repo, made.map((m) => m.path));
    const byPath = new Map((r?.files ?? []).map((f) => [f.path, f]));
    for (const m of made) {
      const f = byPath.get(m.path);
      const checker = CHECKER_OF[m.kind];
      const said = await direct[checker](m.path);
      const fails = f?.checks.some((c) => c.status === 'fail');
      const crashed = f?.checks.some((c) => (c.checkerStatus ?? c.status) === 'error');
      if (!said.error) result.checkerClean++;
      if (crashed) result.crashed++;
      if (fails) result.caught++;
      else {
        result.missed++;
        if (said.error && result.examples.length < EXAMPLES * 2) result.examples.push({ mutant: m.path, type: f?.type ?? m.type, checks: f?.checks.map((c) => `${c.checker}:${c.status}`).join(' '), checker: short(said.text, 300) });
      }
    }
  } finally {
    for (const m of made) rmSync(path.join(repo, m.path), { force: true });
    await restore(repo, before);
  }
  return result;
}

const results = [];
for (const repo of repos) {
  const r = await scoreRepo(path.resolve(repo));
  results.push(r);
  console.error(`scored ${r.repo}${r.failed ? `: ${r.failed}` : ` (${r.compared} files, ${r.validateMs} ms)`}`);
}
const versions = await Promise.all(
  [['ansible-playbook', '--version'], ['ansible-lint', '--version'], ['yamllint', '--version'], ['shellcheck', '--version'], ['python3', '--version']].map(async ([c, a]) => `${c}: ${(await run(c, [a], '/')).text.split('\n').find((l) => /\d+\.\d+/.test(l))?.trim() ?? '?'}`),
);
const summary = { machine: process.env.IACGEN_CHROOT || 'host', cli: CLI, versions, noLint: opts['no-lint'], maxFiles: MAX_FILES, results };
const json = JSON.stringify(summary, null, 2);
if (opts.out) writeFileSync(opts.out, `${json}\n`);
else console.log(json);

// The short table, on stderr when the JSON goes to stdout.
const table = [];
const line = (...c) => table.push(c.map((x, i) => String(x).padEnd(i === 0 ? 22 : i === 1 ? 22 : 10)).join(''));
line('repo', 'checker', 'compared', 'agree', 'falseErr', 'misses', 'crashed', 'findings≠', 'byDesign', 'skipped', 'styleOnly', 'env');
const total = {};
for (const r of results) {
  if (r.failed) {
    line(r.repo, 'FAILED', r.failed);
    continue;
  }
  for (const [c, s] of Object.entries(r.byChecker).sort()) {
    if (s.compared + s.crashed + s.skipped === 0) continue; // builtins: no direct checker
    line(r.repo, c, s.compared, s.agree, s.falseErrors, s.misses, s.crashed, s.findingsDisagree, s.byDesign, s.skipped, s.styleOnly, s.environment);
    const t = (total[c] ??= { compared: 0, agree: 0, falseErrors: 0, misses: 0, crashed: 0, findingsDisagree: 0, byDesign: 0, skipped: 0, styleOnly: 0, environment: 0 });
    for (const k of Object.keys(t)) t[k] += s[k];
  }
  if (r.mutants) line(r.repo, 'mutants', r.mutants.total, `caught ${r.mutants.caught}`, `missed ${r.mutants.missed}`, `chkClean ${r.mutants.checkerClean}`, `crash ${r.mutants.crashed}`);
  if (r.suspectTypes.length) line(r.repo, 'suspect types', r.suspectTypes.map((x) => `${x.file} (${x.why})`).join('; '));
  if (r.leftovers.length) line(r.repo, 'leftovers', r.leftovers.join(' '));
}
for (const [c, t] of Object.entries(total).sort()) if (t.compared + t.crashed + t.skipped > 0) line('TOTAL', c, t.compared, t.agree, t.falseErrors, t.misses, t.crashed, t.findingsDisagree, t.byDesign, t.skipped, t.styleOnly, t.environment);
(opts.out ? console.log : console.error)(`${summary.machine}: ${versions.join('; ')}\n${table.join('\n')}`);
