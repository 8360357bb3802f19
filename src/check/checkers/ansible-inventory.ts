import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { callChecker } from '../call.js';
import { checkerManifestSchema } from '../manifest.js';
import type { CallResult, CheckerOutput, CommandChecker, ParsedDiagnostic, ParsedOutput } from '../types.js';
import { explainingFailure, plainReason, readInventoryReport, type InventoryFormat } from './ansible-inventory-output.js';
import { ANSIBLE_QUIET_ENV } from './ansible-syntax-check.js';
import { locateInventoryProblem } from './inventory-locate.js';
import { failed } from './shared.js';
import { makeTempDir, removeTempDir } from '../../process/shutdown.js';

/**
 * The environment of every call, on top of `ANSIBLE_QUIET_ENV`:
 * - only the `yaml` and `ini` inventory plugins, and `auto` (whose failure on a YAML syntax
 *   error is the only one that carries the line in ansible-core 2.19+). Never `script`, which
 *   would run an executable inventory file, nor `host_list`; no `toml` (it needs a Python module).
 *   `auto` would load the plugin a plugin configuration names: those files never get here (see
 *   {@link isPluginConfig});
 * - an unparsable source is an error (exit 1) instead of a warning and an empty inventory
 *   (`config/base.yml`: `INVENTORY_ANY_UNPARSED_IS_FAILED`, raised in
 *   `InventoryManager.parse_source` for each source; `INVENTORY_UNPARSED_IS_FAILED`, env
 *   `ANSIBLE_INVENTORY_UNPARSED_FAILED`, raised in `parse_sources` when no source at all parsed;
 *   with one source both apply and the first wins; the same in 2.14.18, 2.19.11 and 2.22.0b2).
 */
export const ANSIBLE_INVENTORY_ENV: Record<string, string> = {
  ...ANSIBLE_QUIET_ENV,
  ANSIBLE_INVENTORY_ENABLED: 'auto,yaml,ini',
  ANSIBLE_INVENTORY_ANY_UNPARSED_IS_FAILED: 'True',
  ANSIBLE_INVENTORY_UNPARSED_FAILED: 'True',
};

/** What to do about a known reason, appended to ansible's message. Data only. */
const HINTS: readonly [RegExp, string][] = [
  [/^Invalid "hosts" entry/, 'write `hosts:` as a mapping with one `name:` key per host, not a list'],
  [/^Invalid "children" entry/, 'write `children:` as a mapping with one `group:` key per child group, not a list'],
  [/^Invalid "vars" entry/, 'write `vars:` as a mapping of variable names to values'],
  [/^Expected key=value/, 'write each host variable as `key=value`'],
  [/^Skipping unexpected key/, 'ansible ignores it and what it holds: fix the key (a typo?)'],
  [/^Skipping key .* not a mapping/, 'ansible ignores it: write it as a mapping, or leave it empty'],
  [/^Skipping '.*' as this is not a valid group definition/, 'ansible ignores it: a group is a mapping that holds `hosts:`, `children:` and `vars:`'],
];

function withHint(reason: string): string {
  const hint = HINTS.find(([pattern]) => pattern.test(reason))?.[1];
  return hint ? `${reason.replace(/\.$/, '')}: ${hint}` : reason;
}

/** A YAML mapping with a top-level `plugin:` key: an inventory plugin's configuration, not an inventory. */
export function isPluginConfig(text: string): boolean {
  return /^["']?plugin["']?[ \t]*:/m.test(text);
}

/** The inventory's format: by extension, else (`hosts`, `inventory`) by its first meaningful line. */
export function inventoryFormat(file: string, text: string): InventoryFormat {
  const ext = path.extname(file).toLowerCase();
  if (['.yml', '.yaml', '.json'].includes(ext)) return 'yaml';
  if (ext === '.ini' || ext === '.cfg') return 'ini';
  const first = text.split('\n').map((l) => l.trim()).find((l) => l !== '' && !l.startsWith('#') && !l.startsWith(';')) ?? '';
  return first === '---' || first.startsWith('{') || /^[^\s=[\]]+:$/.test(first) ? 'yaml' : 'ini';
}

/**
 * Turns one call's output into diagnostics. `text` is the inventory file (to find the line of a
 * problem ansible does not locate); `format` picks the plugin whose reason explains the file.
 */
export function parseInventoryOutput(output: CheckerOutput, text: string, format: InventoryFormat): ParsedOutput {
  const file = output.files[0] ?? '';
  // 250: an exception ansible did not expect: the checker broke, which says nothing about the file.
  if (output.exitCode === 250) return failed('ansible-inventory crashed', output);
  // Only stderr: stdout holds the graph, which a 2.14 warning block would otherwise run into.
  const report = readInventoryReport(output.stderr);
  const diagnostics: ParsedDiagnostic[] = report.skipped.map((warning) => {
    const at = locateInventoryProblem(text, warning);
    const message = withHint(plainReason(warning));
    return { file, line: at?.line ?? 1, column: at?.column ?? 1, severity: 'warning', rule: 'inventory-skipped', message, source: 'ansible-inventory' };
  });
  if (output.exitCode === 0) return { diagnostics };
  const failure = explainingFailure(report.failures, format);
  const reason = failure ? plainReason(failure.reason) : report.errors[0];
  if (reason === undefined) return failed('ansible-inventory failed without an error message it could read', output);
  const at = failure?.where?.line ? { line: failure.where.line, column: failure.where.column ?? 1 } : locateInventoryProblem(text, reason);
  const by = failure ? ` (${failure.plugin} plugin)` : '';
  diagnostics.push({
    file,
    line: at?.line ?? 1,
    column: at?.column ?? 1,
    severity: 'error',
    rule: 'inventory-parse',
    message: `ansible cannot load this inventory${by}: ${withHint(reason)}`,
    source: 'ansible-inventory',
  });
  return { diagnostics };
}

/** The declarative part; the environment of a call is completed in {@link run}. */
const manifest = checkerManifestSchema.parse({
  id: 'ansible-inventory',
  cost: { call: 400, file: 0 },
  command: 'ansible-inventory',
  args: ['-i', '{file}', '--graph'],
  fileTypes: ['ansible-inventory', 'ansible-inventory-ini'],
  mode: 'file',
  versionArgs: ['--version'],
  timeoutMs: 60_000,
  okExitCodes: [0, 1, 4],
  installHint: 'apt-get install ansible-core',
  runsRepositoryCode: true,
  env: ANSIBLE_INVENTORY_ENV,
});

/**
 * Runs one call: a plugin configuration is `skipped` without running anything; otherwise
 * `ansible-inventory` runs with an empty `ansible.cfg` of its own (the repository's could name a
 * vault password file that is not there, or other plugins) and its local temporary folder in a
 * fresh temporary folder, both removed afterwards.
 */
async function run(call: Parameters<NonNullable<CommandChecker['run']>>[0]): Promise<CallResult> {
  const file = call.files[0] ?? '';
  let text: string;
  try {
    text = await readFile(path.resolve(call.cwd, file), 'utf8');
  } catch (err) {
    return { durationMs: 0, parsed: { diagnostics: [], skipped: { [file]: `cannot read file: ${err instanceof Error ? err.message : String(err)}` } } };
  }
  if (isPluginConfig(text)) {
    const reason = 'an inventory plugin configuration (top-level `plugin:` key): it needs the plugin and its API, so it is not run';
    return { durationMs: 0, parsed: { diagnostics: [], skipped: { [file]: reason } } };
  }
  const format = inventoryFormat(file, text);
  const temp = await makeTempDir('iacgen-inventory-');
  try {
    const config = path.join(temp, 'ansible.cfg');
    await writeFile(config, '');
    const plain: CommandChecker = {
      ...manifest,
      env: { ...manifest.env, ANSIBLE_CONFIG: config, ANSIBLE_LOCAL_TEMP: path.join(temp, 'tmp') },
      scratch: [temp],
      parse: (output) => parseInventoryOutput(output, text, format),
    };
    return await callChecker(plain, call.files, call.cwd, call.invocation, undefined, call.timeoutMs);
  } finally {
    await removeTempDir(temp);
  }
}

/**
 * Ansible inventory check: `ansible-inventory -i {file} --graph`, one call per inventory (YAML
 * or INI), so that an inventory ansible cannot parse (a `hosts:` list, a YAML syntax error, a bad
 * INI line) is an `inventory-parse` error with the plugin's own reason and, where ansible or the
 * message gives it, the line; keys the yaml plugin skips are `inventory-skipped` warnings.
 * `--graph` rather than `--list`: both parse the inventory the same way, but `--list` also loads
 * `group_vars/` and `host_vars/` (a vault-encrypted one then fails without its password), which
 * are checked as files of their own (`ansible-vars`: yaml-parse, yamllint, ansible-lint).
 * Plugin configurations (`plugin:` at the top) are `skipped`, never run. About 0.4 s a file.
 *
 * Exit codes (`ansible/cli/__init__.py` `CLI.cli_executor`, `errors.ExitCode` in 2.19+; the same
 * in 2.14.18, 2.19.11 and 2.22.0b2): 0 parsed, 1 AnsibleError (here: "Completely failed to parse
 * inventory source"), 4 AnsibleParserError, 5 invalid option, 99 interrupted, 250 unexpected
 * exception (the checker's failure); argparse usage errors exit 2.
 */
export const ansibleInventory: CommandChecker = {
  ...manifest,
  parse: (output) => parseInventoryOutput(output, '', 'yaml'),
  run,
};
