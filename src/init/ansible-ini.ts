/**
 * Ansible's INI inventory format, read as ansible-core's `ini` inventory plugin reads it (2.14):
 * lines before any section are hosts of `ungrouped`; `[group]` holds host lines
 * (`name[:port] key=value ...`, split like a POSIX shell line, `#` starting a comment),
 * `[group:vars]` holds `key=value` lines, `[group:children]` group names (a child may be
 * declared later; one never declared is an error, as is `:vars` of a group never declared).
 * Values are Python literals where they parse as one (`22` is a number), else strings.
 */
import { ConfigError } from '../errors.js';
import { expandHostPattern, HostPatternError } from './host-pattern.js';
import { addGroup, addHost, emptyInventory, reconcile, type ParsedInventory } from './inventory-model.js';

const SECTION = /^\[([^:\]\s]+)(?::(\w+))?\]\s*(?:#.*)?$/;
const GROUP_NAME = /^([^:\]\s]+)\s*(?:#.*)?$/;
const HINT = 'fix the inventory (ansible-inventory -i FILE --list shows ansible\'s own reading), then run iacgen init again';

/**
 * Parses an INI inventory.
 * @param file absolute path (kept in the result)
 * @param shown how the file is named in messages
 * @param into an inventory to add to (the files of an inventory folder make one inventory)
 * @throws ConfigError (exit 2) `FILE:LINE: what is wrong` for a line ansible would refuse too
 */
export function parseIniInventory(text: string, file: string, shown: string, into?: ParsedInventory): ParsedInventory {
  const inv = into ?? emptyInventory(file, 'ini');
  inv.file = file;
  inv.format = 'ini';
  const pending = new Map<string, { line: number; state: 'vars' | 'children'; parents: string[] }>();
  let group = 'ungrouped';
  let state = 'hosts';
  const lines = text.split(/\r?\n/);
  const fail = (lineno: number, message: string): never => {
    throw new ConfigError(`${shown}:${lineno}`, message, HINT);
  };
  const addPendingChildren = (name: string): void => {
    const decl = pending.get(name);
    if (!decl) return;
    pending.delete(name);
    for (const parent of decl.parents) {
      addGroup(inv, parent).children.add(name);
      if (pending.get(parent)?.state === 'children') addPendingChildren(parent);
    }
  };
  lines.forEach((raw, index) => {
    const lineno = index + 1;
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) return;
    const section = SECTION.exec(line);
    if (section) {
      group = section[1] as string;
      state = section[2] ?? 'hosts';
      if (!['hosts', 'children', 'vars'].includes(state)) fail(lineno, `Section [${group}:${state}] has unknown type: ${state}`);
      if (!inv.groups.has(group)) {
        if (state === 'vars' && !pending.has(group)) pending.set(group, { line: lineno, state: 'vars', parents: [] });
        addGroup(inv, group);
      }
      if (pending.has(group) && state !== 'vars') {
        if (pending.get(group)?.state === 'children') addPendingChildren(group);
        else pending.delete(group);
      }
      return;
    }
    if (line.startsWith('[') && line.endsWith(']')) {
      fail(lineno, `Invalid section entry: '${line}'. Please make sure that there are no spaces in the section entry, and that there are no other invalid characters`);
    }
    if (state === 'hosts') {
      let tokens: string[];
      try {
        tokens = shellSplit(line);
      } catch (err) {
        return fail(lineno, `Error parsing host definition '${line}': ${(err as Error).message}`);
      }
      if (tokens.length === 0) return;
      let expanded: { hosts: string[]; port?: number };
      try {
        expanded = expandHostPattern(tokens[0] as string);
      } catch (err) {
        if (err instanceof HostPatternError) return fail(lineno, err.message);
        throw err;
      }
      const vars: Record<string, unknown> = {};
      for (const token of tokens.slice(1)) {
        const eq = token.indexOf('=');
        if (eq < 0) fail(lineno, `Expected key=value host variable assignment, got: ${token}`);
        vars[token.slice(0, eq)] = literal(token.slice(eq + 1));
      }
      if (expanded.port !== undefined) vars.ansible_port = expanded.port;
      for (const host of expanded.hosts) addHost(inv, group, host, lineno, vars);
    } else if (state === 'vars') {
      const eq = line.indexOf('=');
      if (eq < 0) fail(lineno, `Expected key=value, got: ${line}`);
      addGroup(inv, group).vars[line.slice(0, eq).trim()] = literal(line.slice(eq + 1).trim());
    } else {
      const m = GROUP_NAME.exec(line);
      if (!m) return fail(lineno, `Expected group name, got: ${line}`);
      const child = m[1] as string;
      if (inv.groups.has(child)) addGroup(inv, group).children.add(child);
      else {
        const decl = pending.get(child);
        if (decl) decl.parents.push(group);
        else pending.set(child, { line: lineno, state: 'children', parents: [group] });
      }
    }
  });
  for (const [name, decl] of pending) {
    if (decl.state === 'vars') fail(decl.line, `Section [${name}:vars] not valid for undefined group: ${name}`);
    fail(decl.line, `Section [${decl.parents[decl.parents.length - 1]}:children] includes undefined group: ${name}`);
  }
  return reconcile(inv);
}

/**
 * Splits a line as Python's `shlex.split(line, comments=True)` does: whitespace separates,
 * quotes group (`'...'` literally, `"..."` with `\"` and `\\`), a backslash escapes outside
 * quotes, an unquoted `#` ends the line.
 * @throws Error `No closing quotation` / `No escaped character`, as shlex says
 */
export function shellSplit(line: string): string[] {
  const tokens: string[] = [];
  let token = '';
  let inToken = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i] as string;
    if (/\s/.test(ch)) {
      if (inToken) tokens.push(token);
      token = '';
      inToken = false;
    } else if (ch === '#') {
      break;
    } else if (ch === '\\') {
      if (i + 1 >= line.length) throw new Error('No escaped character');
      token += line[++i];
      inToken = true;
    } else if (ch === "'" || ch === '"') {
      const close = ch;
      inToken = true;
      i++;
      for (;; i++) {
        if (i >= line.length) throw new Error('No closing quotation');
        const c = line[i] as string;
        if (c === close) break;
        if (close === '"' && c === '\\' && (line[i + 1] === '"' || line[i + 1] === '\\')) token += line[++i];
        else token += c;
      }
    } else {
      token += ch;
      inToken = true;
    }
  }
  if (inToken) tokens.push(token);
  return tokens;
}

/** A value as `ast.literal_eval` would read it, for the literals inventories hold; else the text. */
export function literal(value: string): unknown {
  if (/^[-+]?\d+$/.test(value)) return Number(value);
  if (/^[-+]?(\d+\.\d*|\.\d+)([eE][-+]?\d+)?$/.test(value)) return Number(value);
  if (value === 'True') return true;
  if (value === 'False') return false;
  if (value === 'None') return null;
  const quoted = /^(['"])(.*)\1$/s.exec(value);
  if (quoted) return quoted[2];
  return value;
}
