/**
 * The `.env.example` of a Compose project after `--into`: the rendered variables that the
 * inserted services use, each with its comment lines, appended to the project's file (created
 * when missing). Variables the file already has are left as they are. `.env` files are lines of
 * `NAME=value` (Compose: https://docs.docker.com/compose/how-tos/environment-variables/variable-interpolation/#env-file-syntax).
 */

/** A `NAME=value` line's name. */
const ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_]*)=/;

/** Names interpolated in Compose text: `${NAME...}` or `$NAME`, not the escaped `$$`. */
export function interpolatedNames(text: string): Set<string> {
  const names = new Set<string>();
  for (const match of text.matchAll(/(\$+)\{?([A-Za-z_][A-Za-z0-9_]*)/g)) {
    if ((match[1] as string).length % 2 === 1) names.add(match[2] as string);
  }
  return names;
}

/** The names a `.env` text assigns. */
export function assignedNames(text: string): Set<string> {
  return new Set(text.split('\n').flatMap((line) => ASSIGNMENT.exec(line.trim())?.slice(1, 2) ?? []));
}

/**
 * The new `.env.example` text, or undefined when nothing is to be added.
 * @param current the project's `.env.example`, undefined when it has none
 * @param rendered the generator's rendered `.env.example` (its paragraphs: comments then `NAME=value`)
 * @param used the names the inserted services interpolate
 * @param mark the comment line above the added block, without `# `
 * @param intro the first line of a new file, without `# `
 */
export function mergeEnvExample(current: string | undefined, rendered: string, used: ReadonlySet<string>, mark: string, intro: string): string | undefined {
  const present = assignedNames(current ?? '');
  const blocks = rendered
    .split(/\n\s*\n/)
    .map((block) => block.replace(/^\n+|\n+$/g, ''))
    .filter((block) => {
      const names = assignedNames(block);
      return names.size > 0 && [...names].some((name) => used.has(name) && !present.has(name));
    });
  if (blocks.length === 0) return undefined;
  const added = `# ${mark}\n${blocks.join('\n\n')}\n`;
  if (current === undefined) return `# ${intro}\n\n${added}`;
  return `${current}${current === '' || current.endsWith('\n') ? '' : '\n'}${current === '' ? '' : '\n'}${added}`;
}
