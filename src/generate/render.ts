/**
 * Rendering a generator's files in memory: the manifest's `to` paths first, then each EJS
 * template with the answers, the header of that file, and the escaper of its syntax.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import ejs from 'ejs';
import { UsageError } from '../errors.js';
import { guestLabel, guestRef, runnableGuests } from '../inventory/guests.js';
import { TESTED_VERSIONS } from '../check/versions.js';
import type { Inventory } from '../inventory/schema.js';
import { isInside } from '../util/paths.js';
import { VERSION } from '../version.js';
import { nextGuestId, type Answers } from './answers.js';
import { escaperFor, yamlHelperFor, hclLiteral, jsonValue, pythonLiteral, shellWord, tomlValue, yamlScalar } from './escape.js';
import { renderHeader, wrap } from './header.js';
import { recordPath } from './record-paths.js';
import type { GeneratorFile, GeneratorManifest } from './manifest.js';
import type { InventorySource, TemplateData } from './types.js';

/** One rendered file, not yet written. `relPath` is relative to the repository root, with `/`. */
export interface RenderedFile {
  key: string;
  relPath: string;
  content: string;
  /** File mode for a new file (e.g. 0o644). */
  mode: number;
  ifExists: GeneratorFile['ifExists'];
}

/** What rendering needs besides the answers. */
export interface RenderInput {
  inventory: Inventory;
  author: string;
  /** YYYY-MM-DD */
  date: string;
  /** Absolute repository root; no file may resolve outside it. */
  root: string;
  /** Top folders by kind, from iacgen.yaml `paths:`. */
  dirs: Record<string, string>;
  /**
   * Whose inventory `inventory` is: `reference` (the embedded reference homelab, used when the
   * repository has no guests of its own) or `user` (the repository's iacgen.yaml). Default: `user`.
   */
  inventorySource?: InventorySource;
}

/** Everything one `new` run produces before anything is written. */
export interface Rendering {
  /** Generator id. */
  generator: string;
  files: RenderedFile[];
  /** Operator commands by name (`check`, `deploy`), run from the repository root. */
  commands: Record<string, string>;
  handoff: { artifact: string; prerequisites: string[]; rollback: string };
  notes: string[];
}

/** The variable that switches an artifact between installed and removed (`nginx_state`). */
export function stateVariable(vars: Record<string, unknown>): string {
  return Object.keys(vars).find((key) => key.endsWith('_state')) ?? 'state';
}

/**
 * Renders every file of `generator` for `answers`, with the commands and hand-off it prints.
 * @throws UsageError (exit 2) when a rendered path would land outside `input.root`
 */
export function renderGenerator(generator: GeneratorManifest, answers: Answers, input: RenderInput): Rendering {
  const { variant, target, name, vars } = answers;
  const base = {
    name,
    generator: generator.id,
    variant: { id: variant.id, label: variant.label, purpose: variant.purpose },
    target: target ? { ...target, ref: guestRef(target), label: guestLabel(target) } : null,
    inventory: input.inventory,
    dirs: input.dirs,
    vars,
    stateVar: stateVariable(vars),
    wrap: (first: string, next: string, text: string) => wrap(first, next, text),
    yaml: yamlScalar,
    hcl: hclLiteral,
    sh: shellWord,
    py: pythonLiteral,
    json: jsonValue,
    toml: tomlValue,
    nextGuestId: () => nextGuestId(input.inventory),
    ...inventoryWords(input.inventory, input.inventorySource ?? 'user'),
    tested: testedTools(),
  };
  const plain = (text: string, data: object = base) => ejs.render(text, data, { escape: String });
  const ownFiles = generator.files.filter((file) => !file.variants || file.variants.includes(variant.id));
  const paths: Record<string, string> = {};
  for (const file of ownFiles) paths[file.key] = safeRelPath(plain(file.to), input.root);
  const commands: Record<string, string> = {};
  for (const [key, text] of Object.entries(generator.commands)) commands[key] = plain(text, { ...base, paths });
  const withCommands = { ...base, paths, commands };

  const files = ownFiles.map((file) => {
    const relPath = paths[file.key] as string;
    const templatePath = path.join(generator.dir, plain(file.template));
    const headerFields = {
      file: relPath,
      purpose: file.purpose ? plain(file.purpose, withCommands) : target ? `${variant.purpose} on ${guestLabel(target)}` : variant.purpose,
      author: input.author,
      date: input.date,
      // Provenance, and where the answers are recorded for `iacgen update`.
      generator: `iacgen ${VERSION} new ${generator.id} --variant ${variant.id}; answers: ${recordPath(generator.id, name)}`,
    };
    const data: TemplateData = {
      ...withCommands,
      yaml: yamlHelperFor(file.syntax),
      headerFields,
      header: (prefix = '#') => renderHeader(headerFields, prefix),
    };
    const content = ejs.render(readFileSync(templatePath, 'utf8'), data, {
      filename: templatePath,
      escape: escaperFor(file.syntax),
    });
    return { key: file.key, relPath, content, mode: Number.parseInt(file.mode, 8), ifExists: file.ifExists };
  });
  const { handoff } = generator;
  return {
    generator: generator.id,
    files,
    commands,
    handoff: {
      artifact: plain(handoff.artifact, withCommands),
      prerequisites: handoff.prerequisites.map((p) => plain(p, withCommands)),
      rollback: plain(handoff.rollback, withCommands),
    },
    notes: variant.notes.map((n) => plain(n, withCommands)),
  };
}

/** The template data that names the inventory and finds its guests (see TemplateData). */
function inventoryWords(inventory: Inventory, source: InventorySource): Pick<TemplateData, 'inventorySource' | 'inventoryName' | 'guestsWithRole'> {
  return {
    inventorySource: source,
    inventoryName: source === 'reference' ? 'the reference homelab' : 'your inventory (iacgen.yaml)',
    guestsWithRole: (role: string) => runnableGuests(inventory).filter((g) => g.role === role).map((g) => ({ ...g, ref: guestRef(g), label: guestLabel(g) })),
  };
}

/** The tested range of each checker tool, by tool name (`ansible-core`), from TESTED_VERSIONS. */
function testedTools(): TemplateData['tested'] {
  const tools: TemplateData['tested'] = {};
  for (const range of Object.values(TESTED_VERSIONS)) {
    tools[range.tool] = { oldest: range.oldest, newest: range.newest, minor: range.oldest.split('.').slice(0, 2).join('.') };
  }
  return tools;
}

/** Normalises a rendered path; refuses absolute paths and any that climb out of `root`. */
function safeRelPath(rendered: string, root: string): string {
  const normal = path.posix.normalize(rendered.trim());
  if (path.posix.isAbsolute(normal) || !isInside(root, path.resolve(root, normal))) {
    throw new UsageError(`refusing to write '${rendered}': it is outside the repository root ${root}`, 'choose a --name without / or ..');
  }
  return normal;
}
