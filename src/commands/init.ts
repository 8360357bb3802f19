/**
 * `iacgen init`: writes the starting configuration of a repository: `iacgen.yaml` (the embedded
 * inventory to edit, plus settings), `.yamllint`, `.ansible-lint`, and the `.gitignore` entries
 * (`.env`, Terraform state, iacgen's cache). Existing files are left alone; `.gitignore` only
 * gains the entries it lacks.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Context } from '../context.js';
import { EXIT, UsageError } from '../errors.js';
import { formatPlan, planFiles } from '../generate/plan.js';
import type { RenderedFile } from '../generate/render.js';
import { writeAllOrNothing } from '../generate/transaction.js';
import { renderHeader } from '../generate/header.js';
import { authorName } from '../generate/author.js';
import { TEMPLATES_DIR } from '../util/paths.js';
import { VERSION } from '../version.js';

/** What init writes: repository path -> file under templates/init/. */
export const INIT_FILES: ReadonlyArray<{ relPath: string; template: string; purpose: string }> = [
  { relPath: 'iacgen.yaml', template: 'iacgen.yaml', purpose: 'iacgen configuration: the Proxmox inventory and settings' },
  { relPath: '.yamllint', template: 'yamllint.yaml', purpose: 'yamllint configuration, compatible with ansible-lint' },
  { relPath: '.ansible-lint', template: 'ansible-lint.yaml', purpose: 'ansible-lint configuration: offline, production profile' },
];

/** The `.gitignore` entries init makes sure of. */
export const GITIGNORE_ENTRIES: readonly string[] = readFileSync(path.join(TEMPLATES_DIR, 'init', 'gitignore'), 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '' && !line.startsWith('#'));

/** Runs `iacgen init`; returns 0. */
export async function runInit(context: Context, flags: { dir: string }): Promise<number> {
  const root = path.resolve(context.cwd, flags.dir);
  if (!existsSync(root) || !statSync(root).isDirectory()) throw new UsageError(`--dir '${flags.dir}' is not a directory`, 'create it first');
  const author = await authorName(root, context.env);
  const date = context.now().toISOString().slice(0, 10);
  const files: RenderedFile[] = INIT_FILES.map(({ relPath, template, purpose }) => {
    const body = readFileSync(path.join(TEMPLATES_DIR, 'init', template), 'utf8').replace(/^---\n/, '');
    const header = renderHeader({ file: relPath, purpose, author, date, generator: `iacgen ${VERSION} init` });
    return { key: relPath, relPath, content: `---\n${header}\n#\n${body}`, mode: 0o644, ifExists: 'keep' };
  });
  const gitignorePath = path.join(root, '.gitignore');
  const current = existsSync(gitignorePath) ? readFileSync(gitignorePath, 'utf8') : '';
  const present = new Set(current.split('\n').map((l) => l.trim()));
  const missing = GITIGNORE_ENTRIES.filter((entry) => !present.has(entry));
  const plan = await planFiles(files, root);
  if (missing.length > 0) {
    const prefix = current === '' ? '' : current.endsWith('\n') ? '\n' : '\n\n';
    const content = `${current}${prefix}# Added by iacgen init: secrets, Terraform state, iacgen's cache\n${missing.join('\n')}\n`;
    plan.push({ file: { key: 'gitignore', relPath: '.gitignore', content, mode: 0o644, ifExists: 'error' }, action: current === '' ? 'create' : 'overwrite', current });
  }
  await writeAllOrNothing(plan, root);
  context.stdout.write(`${formatPlan(plan)}\n`);
  context.stdout.write('Next: edit iacgen.yaml to describe your Proxmox node and guests (values marked example: true were invented).\n');
  return EXIT.ok;
}
