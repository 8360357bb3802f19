/**
 * `iacgen new <generator> --into <file>`: a transformation of the Rendering into the files to
 * write, where the given existing file takes the inserted content in place of the generator's
 * own file of that kind. The result goes through the same plan, verification and
 * all-or-nothing write as every `new`; the target's row is an `insert`.
 */
import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from '../../errors.js';
import { isInside } from '../../util/paths.js';
import type { Answers } from '../answers.js';
import type { RenderedFile, Rendering } from '../render.js';
import { insertCompose } from './compose.js';
import { INTO_GENERATORS } from './generators.js';
import { interpolatedNames, mergeEnvExample } from './env.js';
import { insertRole } from './playbook.js';

/** Where and how to insert. */
export interface IntoOptions {
  /** `--into` as given. */
  into: string;
  /** Folder `into` is relative to (the working directory). */
  cwd: string;
  /** Absolute repository root. */
  root: string;
  answers: Answers;
  /** YYYY-MM-DD, for the comment on the inserted entry. */
  date: string;
}

/** The rendering to plan and write, and the repository-relative paths whose rows are insertions. */
export interface IntoResult {
  rendering: Rendering;
  inserted: Set<string>;
}

/**
 * Turns `rendering` into the files of an insertion into `options.into`.
 * @throws UsageError (exit 2) when the generator takes no --into, the file does not exist or lies
 *   outside the repository root, it is not of the right kind, or a name clashes
 */
export async function applyInto(rendering: Rendering, options: IntoOptions): Promise<IntoResult> {
  if (!(rendering.generator in INTO_GENERATORS)) {
    throw new UsageError(`--into is not supported by new ${rendering.generator}`, `--into works with: ${Object.keys(INTO_GENERATORS).join(', ')}`);
  }
  const absPath = path.resolve(options.cwd, options.into);
  if (!isInside(options.root, absPath)) {
    throw new UsageError(`--into ${options.into}: it is outside the repository root ${options.root}`, 'give a file inside the repository (or another --dir)');
  }
  if (!existsSync(absPath) || !statSync(absPath).isFile()) {
    throw new UsageError(`--into ${options.into}: no such file`, `check the path; run without --into to write a new ${rendering.generator === 'compose' ? 'Compose project' : 'playbook'}`);
  }
  const relPath = path.relative(options.root, absPath).split(path.sep).join('/');
  const text = await readFile(absPath, 'utf8');
  const { answers } = options;
  // Both generators are service generators: --service is their variant flag.
  const mark = `${answers.name}: added by iacgen new ${rendering.generator} --service ${answers.variant.id} (${options.date})`;
  const byKey = (key: string) => rendering.files.find((f) => f.key === key);
  const files: RenderedFile[] = [];
  const inserted = new Set<string>([relPath]);
  const renames = new Map<string, string>();

  if (rendering.generator === 'compose') {
    const compose = byKey('compose') as RenderedFile;
    const env = byKey('env') as RenderedFile;
    const result = insertCompose(relPath, text, { rendered: compose.content, serviceName: answers.name, mark });
    files.push({ ...compose, relPath, content: result.content });
    const envRel = path.posix.join(path.posix.dirname(relPath), '.env.example');
    const envAbs = path.join(options.root, envRel);
    const current = existsSync(envAbs) ? await readFile(envAbs, 'utf8') : undefined;
    const envContent = mergeEnvExample(current, env.content, interpolatedNames(result.inserted), mark, `Variables of ${relPath} (copy to .env and fill in; .env stays out of git)`);
    if (envContent !== undefined) {
      files.push({ ...env, relPath: envRel, content: envContent });
      if (current !== undefined) inserted.add(envRel);
    }
    renames.set(compose.relPath, relPath).set(env.relPath, envRel).set(env.relPath.replace(/\.example$/, ''), envRel.replace(/\.example$/, ''));
  } else {
    const playbook = byKey('playbook') as RenderedFile;
    if (!answers.target) throw new Error('new role without a target');
    const content = insertRole(relPath, text, { role: answers.name, host: answers.target.name, mark });
    files.push(...rendering.files.filter((f) => f.key !== 'playbook' && f.relPath !== relPath), { ...playbook, relPath, content });
    renames.set(playbook.relPath, relPath);
  }
  const retarget = (line: string) => [...renames].reduce((out, [from, to]) => out.split(from).join(to), line);
  return {
    rendering: {
      ...rendering,
      files,
      commands: Object.fromEntries(Object.entries(rendering.commands).map(([k, v]) => [k, retarget(v)])),
      handoff: { artifact: retarget(rendering.handoff.artifact), prerequisites: rendering.handoff.prerequisites.map(retarget), rollback: retarget(rendering.handoff.rollback) },
      notes: rendering.notes.map(retarget),
    },
    inserted,
  };
}
