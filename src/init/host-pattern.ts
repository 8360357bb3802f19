/**
 * Host patterns of Ansible inventories (INI host lines and YAML `hosts:` keys) as ansible
 * expands them: a trailing `:port`, and ranges `web[01:03]` (zero-padded numbers),
 * `db-[a:c]` (letters) and `node[1:9:2]` (a step), the first range first.
 */

/** Thrown for a range ansible refuses; the caller adds file and line. */
export class HostPatternError extends Error {}

/**
 * Expands one host pattern.
 * @returns the host names, and the port when the pattern ends in `:port`
 * @throws HostPatternError for a pattern ending in `:` or a malformed range
 */
export function expandHostPattern(pattern: string): { hosts: string[]; port?: number } {
  const trimmed = pattern.trim();
  const withPort = /^((?:[^:[\]]|\[[^\]]*\])+):(\d+)$/.exec(trimmed);
  const name = withPort ? (withPort[1] as string) : trimmed;
  if (!withPort && trimmed.endsWith(':')) {
    throw new HostPatternError(`Invalid host pattern '${pattern}' supplied, ending in ':' is not allowed, this character is reserved to provide a port.`);
  }
  const hosts = /\[[^\]]*:[^\]]*\]/.test(name) ? expandRanges(name) : [name];
  return withPort ? { hosts, port: Number(withPort[2]) } : { hosts };
}

/** Expands the first `[a:b(:step)]` range, then the rest recursively. */
function expandRanges(pattern: string): string[] {
  const m = /^(.*?)\[([^\]]*?)\](.*)$/.exec(pattern);
  if (!m || !(m[2] as string).includes(':')) return [pattern];
  const [, head, range, tail] = m as unknown as [string, string, string, string];
  const parts = range.split(':');
  if (parts.length > 3) throw new HostPatternError(`host range '${range}' has too many ':'`);
  const beg = parts[0] === '' ? '0' : (parts[0] as string);
  const end = parts[1] as string;
  const step = parts[2] === undefined || parts[2] === '' ? 1 : Number(parts[2]);
  if (end === '') throw new HostPatternError('host range must specify end value');
  if (!Number.isInteger(step) || step < 1) throw new HostPatternError(`host range step '${parts[2]}' is not a positive number`);
  let seq: string[];
  if (/^\d+$/.test(beg) && /^\d+$/.test(end)) {
    const padded = beg.startsWith('0') && beg.length > 1;
    if (padded && beg.length !== end.length) throw new HostPatternError('host range must specify equal-length begin and end formats');
    seq = [];
    for (let i = Number(beg); i <= Number(end); i += step) seq.push(padded ? String(i).padStart(beg.length, '0') : String(i));
  } else if (/^[a-zA-Z]$/.test(beg) && /^[a-zA-Z]$/.test(end)) {
    seq = [];
    for (let c = beg.charCodeAt(0); c <= end.charCodeAt(0); c += step) seq.push(String.fromCharCode(c));
  } else {
    throw new HostPatternError(`host range '[${range}]' must be numbers or single letters`);
  }
  // A range whose begin is after its end gives no host, without an error (as in ansible).
  const rests = expandRanges(tail);
  return seq.flatMap((s) => rests.map((r) => `${head}${s}${r}`));
}
