/** Locations inside the installed iacgen package, and path helpers for reports. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Absolute path of the package root (holds `templates/`), from `src/util` or `dist/util`. */
export const PACKAGE_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Absolute path of the `templates/` folder. */
export const TEMPLATES_DIR = path.join(PACKAGE_ROOT, 'templates');

/** `absPath` relative to `from`, with `/` separators, as reports show paths. */
export function displayPath(absPath: string, from: string): string {
  const rel = path.relative(from, absPath) || '.';
  return rel.split(path.sep).join('/');
}

/** True when `candidate` is `root` or lies inside it (no `..` escape). Both absolute. */
export function isInside(root: string, candidate: string): boolean {
  const rel = path.relative(root, candidate);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/**
 * A function that replaces the folder `from` by `to` wherever a text names it as the start of a
 * path: `from` followed by a separator, by a character that cannot continue a file name (a quote,
 * a space, `:`), or by the end. `/tmp/a` in `/tmp/ab` is left alone.
 * @param from an absolute folder path, without a trailing separator
 * @param to what stands for it instead (a folder path, or a token)
 */
export function folderReplacer(from: string, to: string): (text: string) => string {
  const pattern = new RegExp(`${from.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?=$|[^\\w.-])`, 'g');
  return (text) => (text.includes(from) ? text.replace(pattern, () => to) : text);
}
