/**
 * What the classifier may learn about the files around one (is there a `Chart.yaml` beside this
 * `templates/` folder?), relative to the repository root. Injected into `classify`, which stays
 * free of file-system access: runs use {@link diskTree}, tests {@link listedTree}.
 */
import { statSync } from 'node:fs';
import path from 'node:path';

/** Answers about paths relative to the repository root, with `/` separators. */
export interface RepositoryTree {
  /** True when a regular file is there. */
  isFile(relPath: string): boolean;
  /** True when a folder is there. */
  isFolder(relPath: string): boolean;
}

/**
 * The tree on disk under `root` (absolute), each answer cached for the life of the object (one
 * `stat` per asked path: a validation run asks about a few folders per `templates/` folder).
 */
export function diskTree(root: string): RepositoryTree {
  const kinds = new Map<string, 'file' | 'folder' | 'none'>();
  const kind = (relPath: string): 'file' | 'folder' | 'none' => {
    let found = kinds.get(relPath);
    if (found === undefined) {
      try {
        const stats = statSync(path.join(root, relPath));
        found = stats.isFile() ? 'file' : stats.isDirectory() ? 'folder' : 'none';
      } catch {
        found = 'none';
      }
      kinds.set(relPath, found);
    }
    return found;
  };
  return { isFile: (relPath) => kind(relPath) === 'file', isFolder: (relPath) => kind(relPath) === 'folder' };
}

/** A tree made of the given file paths (relative, `/` separators): their folders exist too. */
export function listedTree(files: readonly string[]): RepositoryTree {
  const fileSet = new Set(files);
  const folders = new Set<string>();
  for (const file of files) {
    for (let dir = path.posix.dirname(file); dir !== '.' && !folders.has(dir); dir = path.posix.dirname(dir)) folders.add(dir);
  }
  return { isFile: (relPath) => fileSet.has(relPath), isFolder: (relPath) => folders.has(relPath) };
}

/** A tree with nothing around the file: no template folder is recognised. */
export const EMPTY_TREE: RepositoryTree = listedTree([]);
