/**
 * The checker versions iacgen is tested with, and the version arithmetic the rest of the engine
 * shares (major.minor ranges). The table is data: each range is the oldest and the newest version
 * that the contract, agreement and e2e tests passed on (Debian 12 "bookworm", Debian 13
 * "trixie" and Debian testing "forky" as of 2026-12; `.ci/chroot` builds the latter two).
 */

/** The oldest and newest version of a checker's tool that the tests passed on, as the tool prints it. */
export interface TestedRange {
  /** The tool whose version this is (`ansible-core`, `docker compose`). */
  tool: string;
  oldest: string;
  newest: string;
}

/** Per command checker id. Built-in checkers run iacgen's own code and need no entry. */
export const TESTED_VERSIONS: Readonly<Record<string, TestedRange>> = {
  yamllint: { tool: 'yamllint', oldest: '1.29.0', newest: '1.38.0' },
  'ansible-syntax-check': { tool: 'ansible-core', oldest: '2.14.18', newest: '2.22.0' },
  'ansible-inventory': { tool: 'ansible-core', oldest: '2.14.18', newest: '2.22.0' },
  'ansible-lint': { tool: 'ansible-lint', oldest: '6.13.1', newest: '26.4.0' },
  'compose-config': { tool: 'Docker Compose', oldest: '1.29.2', newest: '2.40.3' },
  'bash-syntax': { tool: 'bash', oldest: '5.2.15', newest: '5.3.15' },
  shellcheck: { tool: 'ShellCheck', oldest: '0.9.0', newest: '0.11.0' },
  shfmt: { tool: 'shfmt', oldest: '3.6.0', newest: '3.14.1' },
  'python-compile': { tool: 'Python', oldest: '3.11.2', newest: '3.14.8' },
  pyflakes: { tool: 'pyflakes', oldest: '2.5.0', newest: '3.4.0' },
  'terraform-fmt': { tool: 'Terraform', oldest: '1.11.4', newest: '1.11.4' },
  'terraform-validate': { tool: 'Terraform', oldest: '1.11.4', newest: '1.11.4' },
};

/**
 * The numeric parts of a version (`2.22.0b2` -> [2, 22, 0]). A Debian downgrade marker
 * (`25.6.1+really25.2.1`) counts as the version after `really`, the one that runs.
 */
export function versionParts(version: string): number[] {
  const running = version.split('really').at(-1) ?? version;
  return (/^\D*(\d+(?:\.\d+)*)/.exec(running)?.[1] ?? '').split('.').filter(Boolean).map(Number);
}

/** Compares the first `depth` numeric parts of two versions: negative, 0 or positive. */
export function compareVersions(a: string, b: string, depth = 3): number {
  const [x, y] = [versionParts(a), versionParts(b)];
  for (let i = 0; i < depth; i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * Why a version is outside the tested range of a checker (by major.minor: a newer patch release
 * counts as tested), or undefined when it is inside or the checker has no range.
 */
export function untestedVersion(checkerId: string, version: string | undefined): string | undefined {
  const range = TESTED_VERSIONS[checkerId];
  if (!range || version === undefined) return undefined;
  if (compareVersions(version, range.oldest, 2) >= 0 && compareVersions(version, range.newest, 2) <= 0) return undefined;
  return `${range.tool} ${version} is outside the versions iacgen is tested with (${range.oldest} to ${range.newest}): its output may not be read right`;
}
