// Confirms the ansible-core 2.19 readiness rules on real roles (issue 17): `iacgen validate`
// (iacgen's own rules only) runs on each role checkout, and every finding of the readiness rules
// is confirmed by the ansible-core on PATH (run it in the forky or trixie chroot): a playbook on
// localhost evaluates exactly the flagged conditional (under the same keyword, or as an `assert`
// item) or the flagged templated string (as a `debug` msg; for ansible-template-builds-literal,
// set as a fact whose type is printed: `str` confirms), with the role's defaults/ and vars/
// (or the play's vars) defined, names the file registers set to a plausible registered result,
// any other free name set to the string "x", and facts gathered. A finding is confirmed when
// ansible-core prints the failure or warning the rule announces. Nothing is fetched here: pass
// checkouts (see README.md).
//
//   bash .ci/chroot run forky node test/real/readiness.mjs [--cli bin/iacgen.js] [--out F.json] CHECKOUT...
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, stringify } from 'yaml';
import { run, takeOption } from './lib.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => takeOption(args, name, fallback);
const cli = path.resolve(option('--cli', 'bin/iacgen.js'));
const out = option('--out', undefined);
const checkouts = args.map((a) => path.resolve(a));
const { tokenize } = await import(pathToFileURL(path.join(path.dirname(cli), '..', 'dist', 'policy', 'rules', 'ansible', 'jinja.js')).href);

/** What ansible-core 2.19+ prints for each rule (`_engine.py`, `_jinja_plugins.py`). */
const BREAKS = {
  'ansible-conditional-not-boolean': /Conditionals must have a boolean result|Conditional expressions must be strings|Empty conditional expressions are not allowed/,
  'ansible-conditional-templated': /Conditionals should not be surrounded by templating delimiters|untrusted/i,
  'ansible-template-in-expression': /Template delimiters are not supported in expressions|Jinja constant strings should not contain embedded templates/,
  // The probe prints the value's type: a string where ansible-core up to 2.18 made a list or mapping.
  'ansible-template-builds-literal': /"msg": "(?:str|_AnsibleTaggedStr)"/,
};
const RULES = Object.keys(BREAKS);

/** Breakages reported in the issue threads (the task's line before the fix), to count which the rules find. */
const KNOWN = [
  { thread: 'lae/ansible-role-proxmox#339 (fix 987f20f)', file: 'tasks/ceph.yml', text: 'and pve_ceph_fs"' },
  { thread: 'lae/ansible-role-proxmox#339 (fix 987f20f)', file: 'tasks/main.yml', text: '- "hostvars[item].ansible_facts"' },
  { thread: 'lae/ansible-role-proxmox#346', file: 'tasks/realms_config.yml', text: 'when: pve_ldap_realms_with_bind_pw | length' },
  { thread: 'lablabs/ansible-role-rke2#341 (fix b7c861c)', file: 'tasks/rke2.yml', text: 'when: rke2_custom_manifests' },
  { thread: 'lablabs/ansible-role-rke2#348 (fix fa4be88)', file: 'tasks/first_server.yml', text: 'when: rke2_etcd_snapshot_file and' },
  // Fixed by the roles' own 2.19 commits (no thread cited in the issue).
  { thread: 'lae/ansible-role-proxmox 25ab57f "fix pve_cluster_ssh_addrs on ansible 2.19"', file: 'tasks/load_variables.yml', text: 'pve_cluster_ssh_addrs: >-' },
  { thread: 'geerlingguy/ansible-role-mysql 2e89859 "Ansible 12 support - broken conditionals"', file: 'tasks/configure.yml', text: 'when: mysql_config_include_files | length' },
  { thread: 'geerlingguy/ansible-role-mysql 2e89859', file: 'tasks/configure.yml', text: '- mysql_log | default(true)' },
  { thread: 'dev-sec/ansible-collection-hardening e7507298 "ansible 2.19 compatibility"', file: 'roles/ssh_hardening/tasks/hardening.yml', text: '- sshd_register_moduli.stdout' },
];

/** Names ansible-core defines itself (magic variables, facts): never set by the probe. */
const MAGIC = /^(?:ansible_\w*|inventory_hostname(?:_short)?|groups|group_names|hostvars|play_hosts|omit|item|role_path|playbook_dir|inventory_dir|true|false|none|True|False|None|range|lookup|query|q|dict|lipsum|cycler|joiner|namespace|undef|now|environment|vars)$/;
const KEYWORDS = new Set(['and', 'or', 'not', 'in', 'is', 'if', 'else']);
const REGISTERED = { changed: false, failed: false, skipped: false, rc: 0, stdout: 'x', stderr: '', stdout_lines: ['x'], stderr_lines: [], msg: 'x', results: [], stat: { exists: true, isdir: false }, status: 200, json: {}, content: 'x' };

const load = (file) => {
  const lines = new LineCounter();
  const doc = parseDocument(readFileSync(file, 'utf8'), { version: '1.1', lineCounter: lines, uniqueKeys: false });
  return { doc, lines };
};
const startLine = (node, lines) => (node?.range ? lines.linePos(node.range[0]).line : 0);
const endLine = (node, lines) => (node?.range ? lines.linePos(node.range[1]).line : 0);
const tasksOf = (list) => (isSeq(list) ? list.items.filter(isMap).flatMap((t) => [t, ...['block', 'rescue', 'always'].flatMap((k) => tasksOf(t.get(k)))]) : []);

/** The tasks of a playbook or task file, each with the vars of its play (playbooks). */
function fileTasks(doc) {
  if (isSeq(doc.contents) && doc.contents.items.some((p) => isMap(p) && p.has('hosts'))) {
    return doc.contents.items.filter(isMap).flatMap((p) => {
      const vars = p.get('vars')?.toJSON?.() ?? {};
      return ['pre_tasks', 'tasks', 'post_tasks', 'handlers'].flatMap((s) => tasksOf(p.get(s))).map((task) => ({ task, vars }));
    });
  }
  return tasksOf(doc.contents).map((task) => ({ task, vars: {} }));
}

/** `<role>/defaults/main.yml` then `<role>/vars/main.yml` of a task file, as Ansible loads them. */
function roleVars(absFile) {
  let dir = path.dirname(absFile);
  for (let i = 0; i < 4 && !['tasks', 'handlers'].includes(path.basename(dir)); i++) dir = path.dirname(dir);
  if (!['tasks', 'handlers'].includes(path.basename(dir))) return {};
  const role = path.dirname(dir);
  const vars = {};
  for (const f of ['defaults/main.yml', 'defaults/main.yaml', 'vars/main.yml', 'vars/main.yaml']) {
    const p = path.join(role, f);
    if (existsSync(p)) Object.assign(vars, load(p).doc.toJSON() ?? {});
  }
  return vars;
}

/** The free variable names of a Jinja text (expression, or the blocks of a template). */
function freeNames(text) {
  const t = String(text);
  const blocks = /\{\{|\{%/.test(t) ? [...t.matchAll(/\{\{([\s\S]*?)\}\}|\{%([\s\S]*?)%\}/g)].map((m) => m[1] ?? m[2]).join(' , ') : t;
  const tokens = tokenize(blocks) ?? [];
  const names = new Set();
  tokens.forEach((t, i) => {
    if (t.kind !== 'name' || KEYWORDS.has(t.value) || MAGIC.test(t.value)) return;
    const prev = tokens[i - 1];
    const prev2 = tokens[i - 2];
    if (prev?.value === '.' || prev?.value === '|' || (prev?.kind === 'name' && prev.value === 'is') || (prev?.value === 'not' && prev2?.value === 'is')) return;
    if (tokens[i + 1]?.value === '=' ) return;
    names.add(t.value);
  });
  return [...names];
}

/** `item` of a looped task, when the text reads it: a host for loops over hosts, else the loop's first literal element, else "x". */
function setItem(task, text, vars) {
  if (!task || !/\bitem\b/.test(String(text))) return;
  const loopKey = task.items.map((p) => String(p.key?.value)).find((k) => k === 'loop' || k.startsWith('with_'));
  const loop = loopKey ? task.get(loopKey)?.toJSON?.() ?? task.get(loopKey) : undefined;
  const ref = typeof loop === 'string' ? /^\{\{\s*(\w+)\s*\}\}$/.exec(loop.trim()) : null;
  const list = Array.isArray(loop) ? loop : ref && Array.isArray(vars[ref[1]]) ? vars[ref[1]] : undefined;
  vars.item = typeof loop === 'string' && /groups\[|play_hosts|ansible_play_/.test(loop) ? 'localhost' : list?.length ? list[0] : 'x';
}

/** The probe of an `ansible-template-builds-literal` finding: the templated text set as a fact, its type printed. */
function probeLiteral(root, rel, line) {
  const abs = path.join(root, rel);
  const { doc, lines } = load(abs);
  let hit;
  const walk = (n) => { if (hit) return; if (isScalar(n) && typeof n.value === 'string' && startLine(n, lines) === line && n.value.includes('{{')) hit = n; else if (isMap(n)) n.items.forEach((p) => walk(p.value)); else if (isSeq(n)) n.items.forEach(walk); };
  walk(doc.contents);
  if (!hit) return { reason: 'no templated string at the line' };
  const holding = fileTasks(doc).filter(({ task }) => startLine(task, lines) <= line && line <= endLine(task, lines))
    .sort((a, b) => endLine(a.task, lines) - startLine(a.task, lines) - (endLine(b.task, lines) - startLine(b.task, lines)))[0];
  const vars = { ...roleVars(abs), ...(holding?.vars ?? {}), ...(holding?.task.get('vars')?.toJSON?.() ?? {}) };
  setItem(holding?.task, hit.value, vars);
  const defined = [];
  for (const name of freeNames(hit.value)) if (!(name in vars)) { vars[name] = 'x'; defined.push(name); }
  const tasks = [
    { name: 'value', 'ansible.builtin.set_fact': { probe_value: hit.value } },
    { name: 'probe', 'ansible.builtin.debug': { msg: '{{ probe_value | type_debug }}' } },
  ];
  const playbook = stringify([{ name: `${rel}:${line}`, hosts: 'localhost', connection: 'local', gather_facts: true, vars, tasks }], { version: '1.1' });
  return { playbook, inventory: stringify({ all: { hosts: { localhost: {} } } }), text: hit.value, defined };
}

/** The probe playbook for one finding, or a reason it cannot be built. */
function probe(root, rel, line) {
  const abs = path.join(root, rel);
  const { doc, lines } = load(abs);
  const entries = fileTasks(doc);
  const holding = entries.filter(({ task }) => startLine(task, lines) <= line && line <= endLine(task, lines))
    .sort((a, b) => endLine(a.task, lines) - startLine(a.task, lines) - (endLine(b.task, lines) - startLine(b.task, lines)))[0];
  if (!holding) return { reason: 'no task holds the line' };
  const { task } = holding;
  const registered = new Set(entries.map(({ task: t }) => t.get('register')).filter((r) => typeof r === 'string'));
  let probeTask;
  let text;
  for (const kw of ['when', 'failed_when', 'changed_when', 'until']) {
    const v = task.get(kw, true);
    let hit;
    if (isSeq(v)) hit = v.items.find((i) => startLine(i, lines) === line);
    else if (v !== undefined && v !== null && startLine(v, lines) === line) hit = v;
    if (hit === undefined) continue;
    const value = hit?.toJSON?.() ?? hit;
    text = typeof value === 'string' ? value : JSON.stringify(value);
    // The task's own registered result (read by failed_when/changed_when/until) comes from vars as a plausible one.
    probeTask = { name: 'probe', 'ansible.builtin.debug': { msg: 'probe' }, [kw]: value, ignore_errors: true };
    if (kw === 'until') Object.assign(probeTask, { register: 'probe_result', retries: 1, delay: 0 });
    break;
  }
  if (!probeTask) {
    const module = task.items.map((p) => p.key?.value).find((k) => /(?:^|\.)assert$/.test(String(k)));
    const that = module ? task.get(module)?.get?.('that', true) : undefined;
    const hit = isSeq(that) ? that.items.find((i) => startLine(i, lines) === line) : startLine(that, lines) === line ? that : undefined;
    if (hit !== undefined && hit !== null) {
      const value = hit?.toJSON?.() ?? hit;
      text = typeof value === 'string' ? value : JSON.stringify(value);
      probeTask = { name: 'probe', 'ansible.builtin.assert': { that: [value] }, ignore_errors: true };
    }
  }
  if (!probeTask) {
    const scalars = [];
    const walk = (n) => { if (isScalar(n) && typeof n.value === 'string') scalars.push(n); else if (isMap(n)) n.items.forEach((p) => walk(p.value)); else if (isSeq(n)) n.items.forEach(walk); };
    walk(task);
    const hit = scalars.find((s) => startLine(s, lines) === line && s.value.includes('{{'));
    if (!hit) return { reason: 'no conditional or template at the line' };
    text = hit.value;
    probeTask = { name: 'probe', 'ansible.builtin.debug': { msg: hit.value }, ignore_errors: true };
  }
  const vars = { ...roleVars(abs), ...holding.vars, ...(task.get('vars')?.toJSON?.() ?? {}) };
  setItem(task, text, vars);
  const defined = [];
  for (const name of freeNames(text)) {
    if (name in vars) continue;
    vars[name] = registered.has(name) ? REGISTERED : 'x';
    defined.push(name);
  }
  // `inventory_hostname in groups[x]`: the probe's inventory puts localhost in the groups the text names.
  const literal = (name, depth = 0) => {
    const v = vars[name];
    const ref = typeof v === 'string' ? /^\{\{\s*(\w+)\s*\}\}$/.exec(v) : null;
    return ref && depth < 3 ? literal(ref[1], depth + 1) : v;
  };
  const groups = [...String(text).matchAll(/groups\[\s*([^\]]+?)\s*\]/g)].map(([, g]) => (/^['"]/.test(g) ? g.slice(1, -1) : literal(g))).filter((g) => typeof g === 'string' && /^[\w-]+$/.test(g));
  const inventory = stringify({ all: { hosts: { localhost: {} }, children: Object.fromEntries(groups.map((g) => [g, { hosts: { localhost: {} } }])) } });
  const playbook = stringify([{ name: `${rel}:${line}`, hosts: 'localhost', connection: 'local', gather_facts: true, vars, tasks: [probeTask] }], { version: '1.1' });
  return { playbook, inventory, text, defined };
}

const facts = mkdtempSync(path.join(os.tmpdir(), 'readiness-facts-'));
const ENV = {
  ANSIBLE_NOCOLOR: '1', ANSIBLE_PYTHON_INTERPRETER: 'auto_silent', ANSIBLE_LOCALHOST_WARNING: 'false', ANSIBLE_RETRY_FILES_ENABLED: 'false',
  ANSIBLE_GATHERING: 'smart', ANSIBLE_CACHE_PLUGIN: 'jsonfile', ANSIBLE_CACHE_PLUGIN_CONNECTION: facts, ANSIBLE_DEPRECATION_WARNINGS: 'true',
};
const version = (await run('ansible-playbook', ['--version'], process.cwd())).stdout.split('\n')[0];

// Facts gathered once into the cache, plus `packages` as `package_facts` gives it (from dpkg;
// package_facts itself needs python3-apt, which the chroots lack).
{
  const warm = mkdtempSync(path.join(os.tmpdir(), 'readiness-warm-'));
  writeFileSync(path.join(warm, 'warm.yml'), stringify([{ hosts: 'localhost', connection: 'local', gather_facts: true, tasks: [] }]));
  await run('ansible-playbook', ['-i', 'localhost,', 'warm.yml'], warm, ENV);
  rmSync(warm, { recursive: true, force: true });
  // The jsonfile cache names the file `localhost` (2.14) or `s1_localhost` (2.19+, the facts as a JSON string in `__payload__`).
  const cache = readdirSync(facts).map((f) => path.join(facts, f)).find((f) => f.endsWith('localhost'));
  const dpkg = await run('dpkg-query', ['-W', '-f', '${Package} ${Version}\\n'], process.cwd());
  if (cache && dpkg.code === 0) {
    const packages = Object.fromEntries(dpkg.stdout.trim().split('\n').map((l) => l.split(' ')).map(([name, v]) => [name, [{ name, version: v, source: 'apt' }]]));
    const cached = JSON.parse(readFileSync(cache, 'utf8'));
    if (typeof cached.__payload__ === 'string') cached.__payload__ = JSON.stringify({ ...JSON.parse(cached.__payload__), packages });
    else cached.packages = packages;
    writeFileSync(cache, JSON.stringify(cached));
  }
}

const countTasks = (root, files) => files.reduce((n, f) => {
  try { return n + fileTasks(load(path.join(root, f)).doc).length; } catch { return n; }
}, 0);

const report = { ansible: version, checkouts: [] };
const totals = { files: 0, tasks: 0, flagged: 0, confirmed: 0, clean: 0, byRule: {} };
for (const root of checkouts) {
  // The checked-out commit from .git/HEAD (a `git clone --shared` has no objects inside the chroot).
  const head = existsSync(path.join(root, '.git', 'HEAD')) ? readFileSync(path.join(root, '.git', 'HEAD'), 'utf8').trim() : '';
  const commit = /^[0-9a-f]{40}$/.test(head) ? head.slice(0, 10) : head;
  const result = await run('node', [cli, 'validate', '--format', 'json', '--only', 'iacgen', '--no-cache', '.'], root, {}, 600_000);
  let json;
  try { json = JSON.parse(result.stdout); } catch { report.checkouts.push({ root, crashed: result.text.slice(-400) }); continue; }
  const ansibleFiles = json.files.filter((f) => f.type === 'ansible-playbook' || f.type === 'ansible-tasks').map((f) => f.path);
  const tasks = countTasks(root, ansibleFiles);
  const findings = json.files.flatMap((f) => f.diagnostics.filter((d) => RULES.includes(d.rule)).map((d) => ({ file: f.path, line: d.line, rule: d.rule, message: d.message })));
  const work = mkdtempSync(path.join(os.tmpdir(), 'readiness-'));
  for (const finding of findings) {
    const built = finding.rule === 'ansible-template-builds-literal' ? probeLiteral(root, finding.file, finding.line) : probe(root, finding.file, finding.line);
    if (!built.playbook) { Object.assign(finding, { confirmed: false, reason: built.reason }); continue; }
    writeFileSync(path.join(work, 'probe.yml'), built.playbook);
    writeFileSync(path.join(work, 'inventory.yml'), built.inventory);
    const ran = await run('ansible-playbook', ['-i', 'inventory.yml', 'probe.yml'], work, ENV, 300_000);
    const confirmed = BREAKS[finding.rule].test(ran.text);
    const lines = ran.text.split('\n');
    const said = lines.find((l) => BREAKS[finding.rule].test(l)) ?? lines.find((l) => /\[ERROR\]|\[WARNING\]|\[DEPRECATION WARNING\]/.test(l)) ?? '';
    // `ignore_errors` keeps the exit code 0: a failure shows as `fatal:`.
    const clean = !/fatal: \[|\[ERROR\]|\[WARNING\]: (?!Deprecation warnings can be disabled)|\[DEPRECATION WARNING\]/.test(ran.text);
    Object.assign(finding, { text: built.text, defined: built.defined, confirmed, clean, ansibleSaid: said.slice(0, 240) });
  }
  rmSync(work, { recursive: true, force: true });
  const known = KNOWN.flatMap((k) => {
    const p = path.join(root, k.file);
    if (!existsSync(p)) return [];
    const line = readFileSync(p, 'utf8').split('\n').findIndex((l) => l.includes(k.text)) + 1;
    if (line === 0) return [];
    return [{ ...k, line, found: findings.some((f) => f.file === k.file && f.line === line) }];
  });
  const entry = {
    root: path.basename(root), commit, files: ansibleFiles.length, tasks, flagged: findings.length,
    confirmed: findings.filter((f) => f.confirmed).length, known, findings,
  };
  report.checkouts.push(entry);
  totals.files += entry.files;
  totals.tasks += tasks;
  totals.flagged += entry.flagged;
  totals.confirmed += entry.confirmed;
  totals.clean += findings.filter((f) => f.clean).length;
  for (const f of findings) {
    const r = (totals.byRule[f.rule] ??= { flagged: 0, confirmed: 0 });
    r.flagged++;
    if (f.confirmed) r.confirmed++;
  }
  console.log(`${entry.root} ${commit}: ${entry.files} Ansible files, ${tasks} tasks, flagged ${entry.flagged}, confirmed ${entry.confirmed}${known.length ? `, known breakages found ${known.filter((k) => k.found).length}/${known.length}` : ''}`);
  for (const f of findings.filter((x) => !x.confirmed)) console.log(`  unconfirmed ${f.file}:${f.line} ${f.rule}: ${f.text ?? f.reason} -> ${f.ansibleSaid ?? ''}`);
}
rmSync(facts, { recursive: true, force: true });
const known = report.checkouts.flatMap((c) => c.known ?? []);
report.totals = { ...totals, precision: totals.flagged ? totals.confirmed / totals.flagged : null, knownFound: known.filter((k) => k.found).length, known: known.length };
console.log(`${version}: ${checkouts.length} checkouts, ${totals.files} files, ${totals.tasks} tasks, flagged ${totals.flagged}, confirmed ${totals.confirmed}, precision ${report.totals.precision?.toFixed(3)}, probes that ran without any error or warning ${totals.clean}; known breakages found ${report.totals.knownFound}/${report.totals.known}`);
for (const [rule, r] of Object.entries(totals.byRule)) console.log(`  ${rule}: flagged ${r.flagged}, confirmed ${r.confirmed}`);
if (out) writeFileSync(out, JSON.stringify(report, null, 2));
