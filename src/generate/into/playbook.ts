/**
 * `iacgen new role --into <playbook>`: the new role added to the `roles:` of an existing
 * playbook's play (the play whose `hosts:` names the target guest, else the first play), a
 * `roles:` created when that play has none. Found on the Document, spliced at its node ranges,
 * so every other byte of the playbook stays.
 */
import { isDeepStrictEqual } from 'node:util';
import { isMap, isScalar, isSeq, Pair, parseDocument, Scalar, YAMLMap, YAMLSeq, type Node } from 'yaml';
import { UsageError } from '../../errors.js';
import { afterLastEntry, afterNode, applyEdits, blockText, columnAt, indentStyle, isBlock, pairOf, parseTarget, where, type ParsedTarget, type TextEdit } from './yaml-text.js';

/** What to insert into the playbook. */
export interface RoleInsert {
  role: string;
  /** The target guest's inventory name (`hosts:` of the play to add to). */
  host: string;
  /** The comment line's text above the inserted role, without `# `. */
  mark: string;
}

/** The hosts a play's `hosts:` names (a comma- or colon-separated pattern, or a list). */
export function playHosts(play: YAMLMap): string[] {
  const hosts = play.get('hosts', true);
  if (isSeq(hosts)) return hosts.items.map((h) => String(isScalar(h) ? h.value : h));
  if (isScalar(hosts)) return String(hosts.value).split(/[,:]/).map((h) => h.trim()).filter(Boolean);
  return [];
}

/** The role a `roles:` item names (`name` or `- role: name` / `- name: name`). */
function listedRole(item: unknown): string | undefined {
  if (isScalar(item)) return String(item.value);
  if (isMap(item)) return String(item.get('role') ?? item.get('name'));
  return undefined;
}

/**
 * The playbook with `input.role` added.
 * @throws UsageError (exit 2) when the file is no playbook (a block list of plays), or the
 *   play already lists the role, or its `roles:` is not a block list (nor empty)
 */
export function insertRole(relPath: string, text: string, input: RoleInsert): string {
  const target = parseTarget(relPath, text, 'an Ansible playbook');
  const items = target.doc.contents;
  const plays: YAMLMap[] = isSeq(items) && isBlock(items) ? (items.items as unknown[]).filter((item): item is YAMLMap => isMap(item) && item.has('hosts')) : [];
  if (!isSeq(items) || plays.length === 0) {
    throw new UsageError(`--into ${relPath}: not an Ansible playbook (no block list of plays with hosts:)`, 'give --into a playbook file, or run without --into to write a new playbook');
  }
  const play = plays.find((p) => playHosts(p).includes(input.host)) ?? (plays[0] as YAMLMap);
  const rolesPair = pairOf(play, 'roles');
  const firstKey = play.items[0]?.key as Node;
  const playIndent = firstKey.range ? columnAt(target, firstKey.range[0]) : 2;
  const style = indentStyle(target, play);
  const entry = new YAMLMap<Scalar, Scalar>();
  entry.items.push(new Pair(new Scalar('role'), new Scalar(input.role)));
  entry.commentBefore = ` ${input.mark}`;
  let edit: TextEdit;
  if (!rolesPair) {
    const roles = new Pair(new Scalar('roles'), new YAMLSeq());
    (roles.value as YAMLSeq).items.push(entry);
    edit = { offset: afterLastEntry(target, play), text: blockText([roles], playIndent, style) };
  } else if (rolesPair.value === null || (isScalar(rolesPair.value) && rolesPair.value.value === null)) {
    edit = { offset: afterNode(target, rolesPair.key as Node), text: blockText([entry], playIndent + (style.indentSeq ? style.step : 0), style, true) };
  } else {
    const roles = rolesPair.value;
    if (!isSeq(roles) || !isBlock(roles)) {
      throw new UsageError(`--into ${relPath}: roles: of the play at ${where(target, play)} is not a block list (${where(target, rolesPair.key as Node)})`, 'write roles: as one - role: line per role and run again');
    }
    const already = roles.items.find((r) => listedRole(r) === input.role);
    if (already) {
      throw new UsageError(`--into ${relPath}: the play already lists role ${input.role} (${where(target, already as Node)})`, `choose another role name with --name, or remove role ${input.role} from ${relPath} first`);
    }
    const firstItem = roles.items[0] as Node | undefined;
    // A block list item's node starts after its `- `.
    const itemIndent = firstItem?.range ? columnAt(target, firstItem.range[0]) - 2 : playIndent + style.step;
    edit = { offset: afterLastEntry(target, roles), text: blockText([entry], itemIndent, style, true) };
  }
  const content = applyEdits(text, [edit]);
  check(target, content, play, input.role, (items.items as unknown[]).indexOf(play));
  return content;
}

/** Guards the splice: the result parses and equals the original with the role added on the Document. */
function check(target: ParsedTarget, content: string, play: YAMLMap, role: string, index: number): void {
  const after = parseDocument(content);
  const expected = target.doc.clone();
  const roles = play.get('roles');
  const item = expected.createNode({ role });
  if (isSeq(roles)) expected.addIn([index, 'roles'], item);
  else expected.setIn([index, 'roles'], expected.createNode([{ role }]));
  if (after.errors.length > 0 || !isDeepStrictEqual(after.toJS({ maxAliasCount: -1 }), expected.toJS({ maxAliasCount: -1 }))) {
    throw new Error(`internal error: the insertion into ${target.relPath} did not give the expected playbook (${after.errors[0]?.message ?? 'content differs'})`);
  }
}
