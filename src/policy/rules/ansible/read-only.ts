/**
 * Commands that only read, as data: what the `ansible-command-not-idempotent` fixer may mark
 * `changed_when: false` (the rule's docs: "`false` for read-only commands"). A command is read
 * only when its program is listed here and, where a program both reads and writes, its first
 * argument is one of the listed subcommands. Anything else is left to a person.
 */

/** Programs that never change the system, whatever their arguments. */
export const READ_ONLY_PROGRAMS: ReadonlySet<string> = new Set([
  'cat', 'ls', 'stat', 'test', 'id', 'whoami', 'uname', 'getent', 'which', 'df', 'du', 'lsblk', 'findmnt', 'free',
  'uptime', 'head', 'tail', 'wc', 'grep', 'md5sum', 'sha256sum', 'readlink', 'realpath', 'dpkg-query', 'pgrep',
  'nproc', 'lscpu', 'pveversion', 'true',
]);

/** Programs that read with these first arguments (subcommands or flags) and may write with others. */
export const READ_ONLY_SUBCOMMANDS: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ['systemctl', new Set(['is-active', 'is-enabled', 'is-failed', 'status', 'show', 'cat', 'list-units', 'list-unit-files'])],
  ['pct', new Set(['status', 'list', 'config'])],
  ['qm', new Set(['status', 'list', 'config'])],
  ['pvesh', new Set(['get'])],
  ['pvecm', new Set(['status', 'nodes'])],
  ['docker', new Set(['ps', 'inspect', 'version', 'info', 'images'])],
  ['git', new Set(['status', 'rev-parse', 'log', 'show'])],
  ['apt-cache', new Set(['policy', 'show', 'search'])],
  ['dpkg', new Set(['-l', '-s', '-L', '--get-selections', '--print-architecture'])],
  ['zfs', new Set(['list', 'get'])],
  ['zpool', new Set(['status', 'list', 'get'])],
]);

/** Arguments that make any program only print and exit, when they are its only argument. */
export const INFO_FLAGS: ReadonlySet<string> = new Set(['--version', '-V', '--help']);
