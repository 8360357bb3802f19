// The peer of the benchmark: a pre-commit 3 configuration that calls the same checkers with the
// same arguments on the same files as `iacgen validate`. It is derived at run time from iacgen's
// own checker registry (dist/check/registry.js: command, resolved alternative, args, env, mode)
// and from a cold `iacgen validate --format json` report of the benchmark repository (which
// checker ran on which files), so it follows whatever the built CLI does:
//
// - one `repo: local`, `language: system` hook per checker that ran, in registry order;
// - `files:` is the exact list of the files iacgen gave that checker (pre-commit cannot tell a
//   playbook from a task list or a Compose file from other YAML by content; a list of paths is
//   the closest it allows, and gives neither side an advantage);
// - each hook's entry is a small bash script (outside the repository) that runs the checker:
//   `files` mode: the checker once on the files pre-commit passes (pre-commit splits them into
//   one batch per core and runs the batches in parallel, as it does for any hook);
//   `file` mode: one call per file, in a loop (bash -n and ansible-playbook --syntax-check take
//   one file; compose-config also gets iacgen's `--env-file .env.example` option);
//   `project` mode: one call per directory, `require_serial` so each directory is checked once
//   (as pre-commit-terraform's terraform_validate hook does);
// - ansible-lint is `require_serial` (one ansible-lint over all files, as iacgen runs it: it
//   resolves a playbook's roles itself and keeps one cache);
// - iacgen's in-process checkers (yaml-parse, json-parse, toml-parse, compose-schema) have no
//   command: they become python3 stand-ins doing the same work (parse; validate Compose files
//   against the same vendored JSON schema with the jsonschema module). hcl-parse (only when
//   terraform is missing) has no stand-in. iacgen's policy rules (`iacgen`) have no peer at all.
import { chmodSync, copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** Single-quotes a word for bash. */
function sq(word) {
  return `'${String(word).replaceAll("'", `'\\''`)}'`;
}

/** A manifest arg as a bash double-quoted word, placeholders replaced by bash expansions. */
function dq(arg, vars) {
  let out = String(arg).replace(/[\\"$`]/g, (c) => `\\${c}`);
  for (const [placeholder, expansion] of Object.entries(vars)) out = out.replaceAll(placeholder, expansion);
  return `"${out}"`;
}

/** Python with PyYAML and jsonschema (Debian's, which yamllint and ansible-lint bring), else python3. */
const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

/** Stand-ins of the in-process checkers: python3 scripts taking the files as arguments. */
const STAND_INS = {
  'yaml-parse': `import sys, yaml
rc = 0
for path in sys.argv[1:]:
    try:
        with open(path, 'rb') as handle:
            list(yaml.safe_load_all(handle))
    except Exception as e:
        print(f'{path}: {e}'); rc = 1
sys.exit(rc)
`,
  'json-parse': `import json, sys
rc = 0
for path in sys.argv[1:]:
    try:
        with open(path, 'rb') as handle:
            json.load(handle)
    except Exception as e:
        print(f'{path}: {e}'); rc = 1
sys.exit(rc)
`,
  'toml-parse': `import sys, tomllib
rc = 0
for path in sys.argv[1:]:
    try:
        with open(path, 'rb') as handle:
            tomllib.load(handle)
    except Exception as e:
        print(f'{path}: {e}'); rc = 1
sys.exit(rc)
`,
  'compose-schema': `import json, os, sys, yaml, jsonschema
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'compose-spec.schema.json'), encoding='utf-8') as handle:
    schema = json.load(handle)
schema.pop('$schema', None)
validator = jsonschema.Draft7Validator(schema)
rc = 0
for path in sys.argv[1:]:
    try:
        with open(path, 'rb') as handle:
            data = yaml.safe_load(handle)
        for error in validator.iter_errors(data):
            print(f'{path}: {"/".join(map(str, error.absolute_path))}: {error.message}'); rc = 1
    except Exception as e:
        print(f'{path}: {e}'); rc = 1
sys.exit(rc)
`,
};

/** Files (report paths) per checker id, from a validate JSON report. */
export function filesByChecker(report) {
  const out = new Map();
  for (const file of report.files) {
    for (const check of file.checks) {
      if (!out.has(check.checker)) out.set(check.checker, []);
      out.get(check.checker).push(file.path);
    }
  }
  return out;
}

/** Anchored regex matching exactly these paths. */
function exactFiles(paths) {
  return `^(${paths.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})$`;
}

/** Bash body running one command checker's invocation the way iacgen's runner does. */
function commandScript(checker, invocation) {
  const env = { ...checker.env, NO_COLOR: '1' };
  const lines = ['#!/usr/bin/env bash', `# ${checker.id}: the command line of iacgen's registry (${invocation.args.join(' ').replace(/\s+/g, ' ').slice(0, 60)}).`];
  for (const [k, v] of Object.entries(env)) lines.push(`export ${k}=${sq(v)}`);
  const cmd = sq(invocation.command);
  const needsOptions = invocation.args.includes('{options}');
  const words = (vars) =>
    invocation.args
      .map((a) => (a === '{files}' ? '"$@"' : a === '{options}' ? '"${opts[@]}"' : dq(a, vars)))
      .join(' ');
  // How the command line tool takes its files, from the args (not the mode: a checker that
  // batches a per-file tool in a worker of its own keeps `{file}`).
  const style = invocation.args.includes('{files}') ? 'files' : invocation.args.some((a) => a.includes('{file}')) ? 'file' : invocation.args.some((a) => a.includes('{dir}')) ? 'project' : checker.mode;
  if (style === 'files') {
    lines.push(`exec ${cmd} ${words({})}`);
  } else if (style === 'file') {
    lines.push('rc=0', 'for f in "$@"; do');
    if (needsOptions) {
      // compose-config's callOptions: `--env-file <abs>/.env.example` when there is no .env beside the file.
      lines.push(
        '  d=.; [[ $f == */* ]] && d=${f%/*}',
        '  opts=(); if [[ ! -e $d/.env && -e $d/.env.example ]]; then opts=(--env-file "$PWD/$d/.env.example"); fi',
      );
    }
    lines.push(`  ${cmd} ${words({ '{file}': '${f}', '{dir}': '.' })} || rc=1`, 'done', 'exit $rc');
  } else {
    lines.push(
      'declare -A seen; rc=0',
      'for f in "$@"; do',
      '  d=.; [[ $f == */* ]] && d=${f%/*}',
      '  [[ -n ${seen[$d]:-} ]] && continue; seen[$d]=1',
      `  ${cmd} ${words({ '{dir}': '${d}', '{file}': '${f}' })} || rc=1`,
      'done',
      'exit $rc',
    );
  }
  return { text: `${lines.join('\n')}\n`, style };
}

/**
 * Writes the hooks (bash scripts, python stand-ins) into `hooksDir` and the pre-commit
 * configuration to `configPath`.
 * @param {object} o
 * @param {string} o.root      iacgen's checkout (for dist/)
 * @param {object} o.report    cold `iacgen validate --format json` report of the repository
 * @param {string} o.hooksDir  folder outside the repository for the hook scripts
 * @param {string} o.configPath where to write the configuration (outside the repository)
 * @returns {Promise<{ hooks: object[], notes: string[] }>}
 */
export async function writePrecommitConfig({ root, report, hooksDir, configPath }) {
  const dist = (rel) => import(pathToFileURL(path.join(root, 'dist', rel)).href);
  const { CHECKERS } = await dist('check/registry.js');
  const { resolveInvocation } = await dist('check/probe.js');
  mkdirSync(hooksDir, { recursive: true });
  const byChecker = filesByChecker(report);
  const ran = new Map(report.checkers.filter((c) => c.status === 'ran').map((c) => [c.id, c]));
  const hooks = [];
  const notes = [];
  for (const [id] of ran) {
    if (!CHECKERS.some((c) => c.id === id)) notes.push(`${id}: not a checker of the registry (iacgen's own rules): no pre-commit peer`);
  }
  for (const checker of CHECKERS) {
    const info = ran.get(checker.id);
    const files = byChecker.get(checker.id) ?? [];
    if (!info || files.length === 0) continue;
    const script = path.join(hooksDir, `${checker.id}.sh`);
    let hook;
    if (checker.kind === 'builtin') {
      const standIn = STAND_INS[checker.id];
      if (!standIn) {
        notes.push(`${checker.id}: in-process checker without a stand-in: no pre-commit hook`);
        continue;
      }
      const py = path.join(hooksDir, `${checker.id}.py`);
      writeFileSync(py, standIn);
      if (checker.id === 'compose-schema') {
        copyFileSync(path.join(root, 'dist', 'check', 'checkers', 'compose', 'compose-spec.schema.json'), path.join(hooksDir, 'compose-spec.schema.json'));
      }
      writeFileSync(script, `#!/usr/bin/env bash\n# stand-in of iacgen's in-process ${checker.id}\nexec ${sq(PYTHON)} -B ${sq(py)} "$@"\n`);
      hook = { id: checker.id, mode: checker.mode, standIn: `${PYTHON} ${path.basename(py)}`, requireSerial: false };
    } else if (checker.kind === 'command') {
      const invocation = (await resolveInvocation(checker)) ?? checker;
      if (invocation.args.includes('{options}') && checker.id !== 'compose-config') {
        notes.push(`${checker.id}: has call options the hook does not reproduce`);
      }
      const { text, style } = commandScript(checker, invocation);
      writeFileSync(script, text);
      hook = {
        id: checker.id,
        mode: style === checker.mode ? style : `${style} (iacgen: ${checker.mode})`,
        command: [invocation.command, ...invocation.args].map((a) => (a.length > 40 ? `${a.replace(/\s+/g, ' ').slice(0, 37)}...` : a)).join(' '),
        requireSerial: checker.id === 'ansible-lint' || style === 'project',
      };
    } else {
      notes.push(`${checker.id}: checker kind ${checker.kind} not reproduced as a pre-commit hook`);
      continue;
    }
    chmodSync(script, 0o755);
    hooks.push({ ...hook, files: files.length, entry: script, regex: exactFiles(files) });
  }
  const yaml = [
    '# Generated by test/bench/precommit-config.mjs: the checkers of `iacgen validate`, as',
    '# pre-commit hooks (repo: local, language: system), on the same files.',
    'repos:',
    '  - repo: local',
    '    hooks:',
    ...hooks.flatMap((h) => [
      `      - id: ${h.id}`,
      `        name: ${h.id}`,
      `        entry: ${JSON.stringify(h.entry)}`,
      '        language: system',
      `        files: ${JSON.stringify(h.regex)}`,
      '        pass_filenames: true',
      `        require_serial: ${h.requireSerial}`,
    ]),
    '',
  ].join('\n');
  writeFileSync(configPath, yaml);
  return { hooks: hooks.map(({ regex: _r, ...h }) => h), notes };
}
