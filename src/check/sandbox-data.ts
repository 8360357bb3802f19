/**
 * What the sandbox is made of (data only; `sandbox.ts` builds bubblewrap's command line from it).
 * Option names and meanings: bwrap(1) of bubblewrap 0.8.0 (Debian 12), the oldest version iacgen
 * supports (it has no `--overlay`, so the system is bound read-only, never overlaid).
 */

/**
 * Folders that get a private, empty, writable tmpfs in the sandbox: the only writable places.
 * `/run` too, though nothing needs to write there: it holds the sockets of the Docker daemon,
 * D-Bus and the user's agents (`/run/user/<uid>`), and connecting to a Unix socket needs no
 * write access to its file system, so a read-only bind would leave them reachable (`/var/run`
 * is a link to it on Debian).
 */
export const PRIVATE_TMP = ['/tmp', '/var/tmp', '/dev/shm', '/run'] as const;

/**
 * HOME inside the sandbox: a private writable folder in its `/tmp` (ansible writes
 * `~/.ansible/tmp`, ansible-lint `~/.cache/ansible-compat`).
 */
export const SANDBOX_HOME = '/tmp/.iacgen-home';

/**
 * What the private HOME always links to in the real one (read-only, as the whole system), even
 * when the real HOME cannot be listed: where the checkers look for what the user installed or
 * configured, so the verdicts stay those of an unsandboxed run. `~/.local` holds `pip install
 * --user` packages (Python finds them through HOME). Every other entry of the real HOME is linked
 * too ({@link HOME_SPREAD}, {@link HOME_PRIVATE}): a vault password file in `~/.ansible/vault/` or
 * `~/.vault_pass` must be found as it would be outside the sandbox.
 */
export const HOME_LINKS = [
  '.ansible/collections',
  '.ansible/roles',
  '.ansible.cfg',
  '.terraformrc',
  '.terraform.d',
  '.local',
  '.config/ansible-lint.yml',
  '.config/yamllint',
] as const;

/**
 * Folders of the real HOME whose entries are linked one by one, the folder itself private and
 * writable: the checkers write beside what they read there (`~/.ansible/tmp`, `~/.config/...`).
 */
export const HOME_SPREAD = ['.ansible', '.config'] as const;

/** Entries of the real HOME never linked, left private and writable (caches, ansible's temp). */
export const HOME_PRIVATE = ['.cache', '.ansible/tmp'] as const;

/** Environment of every sandboxed call: the private HOME and temporary folder. */
export const SANDBOX_ENV: Readonly<Record<string, string>> = { HOME: SANDBOX_HOME, TMPDIR: '/tmp' };

/** Variables unset in the sandbox: they name writable places of the real user, read-only there. */
export const SANDBOX_UNSET = ['XDG_CACHE_HOME', 'XDG_STATE_HOME', 'XDG_RUNTIME_DIR'] as const;

/**
 * Namespaces and process rules (bwrap(1)): every namespace bwrap supports, so no network (only a
 * loopback), no view of the host's processes and no System V IPC; SIGKILL to the command when
 * bwrap or its parent dies; a new session (no terminal to inject keystrokes into); and no
 * capabilities, which matters when iacgen runs as root: root keeps them in the sandbox otherwise,
 * and could remount the read-only binds writable.
 */
export const ISOLATION = ['--unshare-all', '--die-with-parent', '--new-session', '--cap-drop', 'ALL'] as const;

/** The environment variable that switches the sandbox off (`off`) for one run; never read from iacgen.yaml. */
export const SANDBOX_SWITCH = 'IACGEN_SANDBOX';

/** The environment variable naming the bwrap executable (tests point it at a missing path). */
export const BWRAP_OVERRIDE = 'IACGEN_BWRAP';

/** How to get a sandbox when bwrap is missing. */
export const INSTALL_HINT = 'install bubblewrap: apt-get install bubblewrap';

/** How to get a sandbox when bwrap is there but cannot create its namespaces. */
export const USERNS_HINT =
  'enable unprivileged user namespaces: sysctl kernel.unprivileged_userns_clone=1 (Debian), or on Ubuntu 24.04+ an AppArmor profile for bwrap (or sysctl kernel.apparmor_restrict_unprivileged_userns=0); in a container, allow user namespaces; a chroot(2) has none (use a mount namespace)';

/** Ms allowed to the probe (`bwrap ... true`) before the sandbox counts as unusable. */
export const PROBE_TIMEOUT_MS = 10_000;
