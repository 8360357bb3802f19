/**
 * A version command's output as iacgen keeps it: stdout then stderr, colours removed, the lines a
 * sandboxed ansible-lint adds about its cache folder left out, trimmed. The same text whether the
 * command ran alone (`cache/tool.ts`, versionText) or as the last job of a Python worker
 * (`checkers/python-worker.ts`): the result cache compares it byte for byte.
 */

/**
 * Lines of a version command's output that say where a sandboxed ansible-lint 25+ keeps its cache
 * (ansible-compat 25.1.5 `prerun.get_cache_dir`, the working folder being read-only): they name
 * the working folder, which differs between the repository and its staged copy, and are no part
 * of the version.
 */
const SANDBOX_NOISE = [/^WARNING\s+Project directory .* cannot be used for caching as it is not writable\.$/, /^WARNING\s+Using unique temporary directory .* for caching\.$/];

/** The kept text of a version command that printed `stdout` and `stderr`. */
export function versionTextOf(stdout: string, stderr: string): string {
  // eslint-disable-next-line no-control-regex
  const text = `${stdout}\n${stderr}`.replace(/\u001b\[[0-9;]*m/g, '');
  return text
    .split('\n')
    .filter((line) => !SANDBOX_NOISE.some((noise) => noise.test(line)))
    .join('\n')
    .trim();
}
