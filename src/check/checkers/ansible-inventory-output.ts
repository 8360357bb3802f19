/**
 * Reads what `ansible-inventory -i FILE --graph` prints about an inventory it cannot parse, for
 * both generations of ansible-core's display (messages split by `ansible-output.ts`). Pure: no
 * I/O, never throws.
 *
 * Each inventory plugin that tried the file and failed gets one warning
 * (`inventory/manager.py` `InventoryManager.parse_source`), then the error that
 * `INVENTORY_ANY_UNPARSED_IS_FAILED` raises ("Completely failed to parse inventory source ..."):
 * - ansible-core <= 2.18: `[WARNING]:  * Failed to parse <path> with <plugin> plugin: <reason>`
 *   (wrapped). The reason carries the position itself: "<path>:<line>: ..." (ini plugin), "The
 *   error appears to be in '<path>': line N, column M" (a YAML syntax error).
 * - ansible-core >= 2.19: `[WARNING]: Failed to parse inventory with '<plugin>' plugin: <reason>`,
 *   then the cause chain and an `Origin: <path>[:<line>[:<col>]]` line, with a line only for some
 *   plugins (`auto` for a YAML syntax error; never `ini`, which clears its line number before the
 *   error is shown: `plugins/inventory/ini.py` `InventoryModule.parse`, 2.19.11 and 2.22.0b2).
 * The yaml plugin also warns, and goes on, about keys it skips ("Skipping unexpected key (host)
 * in group (web), ..."; `plugins/inventory/yaml.py` `_parse_group`, the same in 2.14-2.22).
 */
import { ansibleMessages, type AnsibleLocation } from './ansible-output.js';

/** One plugin's failure to parse the file: the plugin, its reason (one line) and where, if said. */
export interface PluginFailure {
  plugin: string;
  reason: string;
  where?: AnsibleLocation;
}

/** What one `ansible-inventory` call said about its file. */
export interface InventoryReport {
  /** Each plugin that tried the file and failed, in order. */
  failures: PluginFailure[];
  /** Other errors (the final "Completely failed to parse ...", an option error), as one line each. */
  errors: string[];
  /** The yaml plugin's warnings about keys or groups it skipped. */
  skipped: string[];
}

const OLD_FAILURE = /^\* Failed to parse (.+?) with ([\w.]+) plugin: (.*)$/;
const NEW_FAILURE = /^Failed to parse inventory with '([\w.]+)' plugin: (.*)$/;
const NEW_BLOCK = /^\[WARNING\]: Failed to parse inventory with '([\w.]+)' plugin:/;
const OTHER_BLOCK = /^(?:ERROR! |\[ERROR\]: |\[WARNING\]: |\[DEPRECATION WARNING\]: )/;
const ORIGIN = /^Origin: (.+?)(?::(\d+)(?::(\d+))?)?(?: \([^)]*\))?$/;
const SKIPPED = /^Skipping (?:unexpected key|key|'[^']*' as this is not a valid group definition)/;

function number(text: string | undefined): number | undefined {
  const n = text === undefined ? Number.NaN : Number.parseInt(text, 10);
  return Number.isInteger(n) && n >= 1 ? n : undefined;
}

/**
 * The `Origin:` line of each 2.19+ plugin failure block, by plugin. `ansibleMessages` stops a
 * message at its first blank line; in these blocks the origin comes after the cause chain.
 */
function newOrigins(output: string): Map<string, AnsibleLocation> {
  const origins = new Map<string, AnsibleLocation>();
  let plugin: string | undefined;
  for (const line of output.replace(/\r\n/g, '\n').split('\n')) {
    const block = NEW_BLOCK.exec(line);
    if (block) plugin = block[1];
    else if (OTHER_BLOCK.test(line)) plugin = undefined;
    const origin = plugin === undefined ? null : ORIGIN.exec(line);
    if (plugin !== undefined && origin && !origins.has(plugin)) {
      origins.set(plugin, { path: origin[1] ?? '', line: number(origin[2]), column: number(origin[3]) });
    }
  }
  return origins;
}

/** The position ansible-core <= 2.18 writes into a reason, and the reason without it. */
function oldReason(reason: string): { reason: string; where?: Omit<AnsibleLocation, 'path'> } {
  const yaml = /Syntax Error while loading YAML\.\s*(.*?)\s*The error appears to be in '[^']*':\s*line (\d+), column (\d+)/.exec(reason);
  if (yaml) return { reason: `YAML parsing failed: ${yaml[1] ?? ''}`, where: { line: number(yaml[2]), column: number(yaml[3]) } };
  // The ini plugin: "<path>:<line>: <message>".
  const ini = /^\/?\S*?:(\d+): (.*)$/.exec(reason);
  if (ini) return { reason: ini[2] ?? '', where: { line: number(ini[1]) } };
  return { reason };
}

/** Reads one call's output (stderr then stdout) into failures, errors and skip warnings. */
export function readInventoryReport(output: string): InventoryReport {
  const report: InventoryReport = { failures: [], errors: [], skipped: [] };
  const origins = newOrigins(output);
  for (const message of ansibleMessages(output)) {
    if (message.level === 'error') {
      report.errors.push(message.text);
      continue;
    }
    const old = OLD_FAILURE.exec(message.text);
    if (old) {
      const { reason, where } = oldReason(old[3] ?? '');
      report.failures.push({ plugin: old[2] ?? '', reason, ...(where?.line ? { where: { path: old[1] ?? '', ...where } } : {}) });
      continue;
    }
    const current = NEW_FAILURE.exec(message.text);
    if (current) {
      const plugin = current[1] ?? '';
      const reason = (current[2] ?? '').replace(/^Failed to parse inventory: /, '');
      const where = origins.get(plugin);
      report.failures.push({ plugin, reason, ...(where?.line ? { where } : {}) });
      continue;
    }
    if (SKIPPED.test(message.text)) report.skipped.push(message.text);
  }
  return report;
}

/** Which plugin's reason explains the file: the plugin of its format. */
export type InventoryFormat = 'yaml' | 'ini';

/**
 * The failure that explains the file: its format's plugin's (the others fail for the wrong
 * reason: the ini plugin on YAML "Invalid host pattern '---'", auto "no root 'plugin' key"),
 * with a position taken from another plugin's failure of the same reason when its own has none
 * (2.19+ gives the line of a YAML syntax error only on the `auto` plugin's failure).
 */
export function explainingFailure(failures: readonly PluginFailure[], format: InventoryFormat): PluginFailure | undefined {
  const own = failures.find((f) => f.plugin === format) ?? failures.find((f) => f.plugin !== 'auto') ?? failures[0];
  if (!own || own.where?.line) return own;
  const located = failures.find((f) => f.reason === own.reason && f.where?.line);
  return located?.where ? { ...own, where: located.where } : own;
}

/** Python type names in ansible's messages, in the field's words. */
const TYPE_NAMES: readonly [RegExp, string][] = [
  [/Sequence|List/, 'a list'],
  [/Unicode|Str|str/, 'a string'],
  [/NoneType/, 'nothing'],
  [/int|Int/, 'a number'],
  [/bool/, 'a boolean'],
];

/** A reason as the user should read it: `found "<class '...AnsibleSequence'>"` -> `found a list`. */
export function plainReason(reason: string): string {
  return reason.replace(/\b(found|it is)(?: a)? "?<class '([^']*)'>"?/g, (_m, lead: string, name: string) => {
    const plain = TYPE_NAMES.find(([pattern]) => pattern.test(name.split('.').pop() ?? name));
    return `${lead} ${plain ? plain[1] : name}`;
  });
}
