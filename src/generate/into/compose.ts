/**
 * `iacgen new compose --into <compose file>`: the rendered project's services, with the
 * top-level volumes, networks, secrets and configs they use, added to an existing Compose file.
 * Names are checked on the Document; the text is spliced at the node ranges found there, so the
 * rest of the file keeps its bytes (comments, order, quoting, anchors).
 */
import { isDeepStrictEqual } from 'node:util';
import { isMap, isScalar, isSeq, parseDocument, Scalar, type Node, type Pair, type YAMLMap } from 'yaml';
import { UsageError } from '../../errors.js';
import {
  afterLastEntry,
  afterNode,
  applyEdits,
  entriesOf,
  blockText,
  indentStyle,
  isBlock,
  pairOf,
  parseTarget,
  where,
  type ParsedTarget,
  type TextEdit,
} from './yaml-text.js';

/** Top-level sections whose entries an inserted service may use, in the order they are added. */
export const COMPOSE_SECTIONS = ['volumes', 'networks', 'secrets', 'configs'] as const;

/** What to insert and how to mark it. */
export interface ComposeInsert {
  /** The rendered compose.yaml of the generator. */
  rendered: string;
  /** The name of the first (main) rendered service in the target (the artifact name). */
  serviceName: string;
  /** The comment line's text above the inserted service, without `# `. */
  mark: string;
}

/** The target's new text and the text of the inserted services (for the `.env.example` variables). */
export interface ComposeResult {
  content: string;
  inserted: string;
}

/**
 * Adds the rendered services to the Compose file `target`.
 *
 * Renames, so that the insertion fits an existing project: the main service takes
 * `serviceName`; named volumes not starting with it get it as a prefix (`data` ->
 * `redis-data`: a volume is data, never shared by accident). The inserted services join the
 * project's `default` network as well when the project's own services use it, so they reach
 * each other by service name.
 * @throws UsageError (exit 2) when the target is no Compose file (no block `services:` mapping),
 *   or a service, volume, network, secret or config of that name exists (with other content)
 */
export function insertCompose(relPath: string, text: string, input: ComposeInsert): ComposeResult {
  const target = parseTarget(relPath, text, 'a Compose file');
  const root = target.doc.contents;
  const servicesPair = isBlock(root) && isMap(root) ? pairOf(root, 'services') : undefined;
  if (!isMap(root) || !servicesPair || !isBlock(servicesPair.value) || !isMap(servicesPair.value)) {
    throw new UsageError(
      `--into ${relPath}: not a Compose file (no block mapping services: at the top level)`,
      'give --into a Compose file (compose.yaml with services:), or run without --into to write a new project',
    );
  }
  const services = servicesPair.value;
  const rendered = parseDocument(input.rendered);
  const renderedServices = rendered.get('services', true) as YAMLMap<Scalar, Node>;
  const pairs = entriesOf(renderedServices) as Array<Pair<Scalar, Node>>;
  const main = pairs[0];
  if (!main) throw new Error('the rendered compose.yaml has no service');
  main.key.value = input.serviceName;

  const volumeNames = renameVolumes(rendered, pairs, input.serviceName);
  joinDefaultNetwork(services, pairs);
  const style = indentStyle(target, services);
  const edits: TextEdit[] = [];

  for (const pair of pairs) {
    const name = String(pair.key.value);
    const existing = pairOf(services, name);
    if (existing) {
      throw new UsageError(
        `--into ${relPath}: service ${name} already exists (${where(target, existing.key as Node)})`,
        `choose another service name with --name (for example --name ${name}2), or remove service ${name} from ${relPath} first`,
      );
    }
  }
  const first = pairs[0] as Pair<Scalar, Node>;
  first.key.commentBefore = [` ${input.mark}`, first.key.commentBefore].filter(Boolean).join('\n');
  first.key.spaceBefore = true;
  edits.push({ offset: afterLastEntry(target, services), text: blockText(pairs, style.step, style) });

  for (const section of COMPOSE_SECTIONS) {
    const entries = rendered.get(section, true);
    if (!isMap(entries) || entries.items.length === 0) continue;
    const edit = sectionEdit(target, root, section, entries as YAMLMap<Scalar, Node | null>, volumeNames, style);
    if (edit) edits.push(edit);
  }
  const content = applyEdits(text, edits);
  check(target, content, rendered, pairs);
  return { content, inserted: blockText(pairs, 0, style) };
}

/** Renames the rendered named volumes to `<service>-<volume>` (and their uses); returns the new names. */
function renameVolumes(rendered: ReturnType<typeof parseDocument>, pairs: Array<Pair<Scalar, Node>>, service: string): Set<string> {
  const volumes = rendered.get('volumes', true);
  const renamed = new Map<string, string>();
  if (isMap(volumes)) {
    for (const pair of volumes.items) {
      const key = pair.key as Scalar;
      const old = String(key.value);
      if (old === service || old.startsWith(`${service}-`)) continue;
      const name = `${service}-${old}`;
      renamed.set(old, name);
      key.value = name;
    }
  }
  for (const pair of pairs) {
    const mounts = isMap(pair.value) ? pair.value.get('volumes', true) : undefined;
    if (!isSeq(mounts)) continue;
    for (const item of mounts.items) {
      if (isScalar(item) && typeof item.value === 'string') {
        const [source, ...rest] = item.value.split(':');
        const name = renamed.get(source ?? '');
        if (name) item.value = [name, ...rest].join(':');
      } else if (isMap(item)) {
        const name = renamed.get(String(item.get('source')));
        if (name) item.set('source', name);
      }
    }
  }
  return new Set(isMap(volumes) ? volumes.items.map((p) => String((p.key as Scalar).value)) : []);
}

/** Adds `default` to the inserted services' network lists when the project's services use that network. */
function joinDefaultNetwork(services: YAMLMap, pairs: ReadonlyArray<Pair<Scalar, Node>>): void {
  const usesDefault = services.items.some((pair) => {
    const networks = isMap(pair.value) ? pair.value.get('networks', true) : undefined;
    if (networks === undefined) return true;
    return (isSeq(networks) && networks.items.some((n) => isScalar(n) && n.value === 'default')) || (isMap(networks) && networks.has('default'));
  });
  if (!usesDefault) return;
  for (const pair of pairs) {
    const networks = isMap(pair.value) ? pair.value.get('networks', true) : undefined;
    if (isSeq(networks) && !networks.items.some((n) => isScalar(n) && n.value === 'default')) networks.items.unshift(new Scalar('default'));
  }
}

/**
 * The insertion of a top-level section's entries. Volumes clash on their name alone; networks,
 * secrets and configs present with the same content are shared (nothing inserted).
 */
function sectionEdit(target: ParsedTarget, root: YAMLMap, section: string, entries: YAMLMap<Scalar, Node | null>, volumeNames: ReadonlySet<string>, style: ReturnType<typeof indentStyle>): TextEdit | undefined {
  const existingPair = pairOf(root, section);
  const existing = existingPair?.value;
  const fresh: Array<Pair<Scalar, Node | null>> = [];
  for (const pair of entriesOf(entries)) {
    const name = String(pair.key.value);
    const present = isMap(existing) ? pairOf(existing, name) : undefined;
    if (!present) {
      fresh.push(pair);
      continue;
    }
    const same = isDeepStrictEqual(jsonOf(present.value), jsonOf(pair.value));
    if (section !== 'volumes' && same) continue;
    const what = section.replace(/s$/, '');
    throw new UsageError(
      `--into ${target.relPath}: ${what} ${name} already exists${section === 'volumes' ? ' (a volume holds data: the new service does not share it)' : ' with other content'} (${where(target, present.key as Node)})`,
      section === 'volumes' && volumeNames.has(name)
        ? `choose another service name with --name (the volume is named after it), or rename volume ${name} in ${target.relPath}`
        : `choose another --name, or rename ${what} ${name} in ${target.relPath}`,
    );
  }
  if (fresh.length === 0) return undefined;
  if (!existingPair) {
    return { offset: target.text.length, text: `\n${section}:\n${blockText(fresh, style.step, style)}` };
  }
  if (existing === null || (isScalar(existing) && existing.value === null)) {
    return { offset: afterNode(target, existingPair.key as Node), text: blockText(fresh, style.step, style) };
  }
  if (!isBlock(existing) || !isMap(existing)) {
    throw new UsageError(`--into ${target.relPath}: top-level ${section}: is not a block mapping (${where(target, existingPair.key as Node)})`, `write ${section}: in block style (one entry per line) and run again`);
  }
  return { offset: afterLastEntry(target, existing), text: blockText(fresh, style.step, style) };
}

function jsonOf(node: unknown): unknown {
  return node === null || node === undefined ? null : (node as Node).toJSON();
}

/**
 * Guards the splice: the result must parse, and equal the original with the inserted entries
 * set through the Document API.
 */
function check(target: ParsedTarget, content: string, rendered: ReturnType<typeof parseDocument>, pairs: ReadonlyArray<Pair<Scalar, Node>>): void {
  const after = parseDocument(content);
  const expected = target.doc.clone();
  for (const pair of pairs) expected.setIn(['services', String(pair.key.value)], pair.value);
  for (const section of COMPOSE_SECTIONS) {
    const entries = rendered.get(section, true);
    if (!isMap(entries)) continue;
    for (const pair of entries.items) {
      const key = String((pair.key as Scalar).value);
      if (!expected.hasIn([section, key])) {
        if (!isMap(expected.get(section))) expected.set(section, expected.createNode({}));
        expected.setIn([section, key], pair.value ?? null);
      }
    }
  }
  if (after.errors.length > 0 || !isDeepStrictEqual(after.toJS({ maxAliasCount: -1 }), expected.toJS({ maxAliasCount: -1 }))) {
    throw new Error(`internal error: the insertion into ${target.relPath} did not give the expected document (${after.errors[0]?.message ?? 'content differs'})`);
  }
}
