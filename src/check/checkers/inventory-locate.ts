/**
 * Finds the line an inventory problem is about when ansible does not say it: the yaml plugin
 * names the group and the key (`Invalid "hosts" entry for "web" group`, `Skipping unexpected key
 * (host) in group (web)`) but never a line, and the ini plugin of ansible-core 2.19+ quotes the
 * offending text but drops its line (see `ansible-inventory-output.ts`). Pure: no I/O, never throws.
 */
import { isMap, isScalar, parseDocument, visit, type Node } from 'yaml';
import { positionAt, type Position } from './in-process.js';

/** The position of `key:` inside the mapping that is the value of `group:`, anywhere in the YAML text. */
function keyInGroup(text: string, group: string, key: string | undefined): Position | undefined {
  let found: Position | undefined;
  try {
    const doc = parseDocument(text, { uniqueKeys: false, prettyErrors: false });
    const at = (node: Node | null | undefined): Position | undefined => (node?.range ? positionAt(text, node.range[0]) : undefined);
    visit(doc, {
      Pair(_, pair) {
        if (found || !isScalar(pair.key) || String(pair.key.value) !== group) return undefined;
        if (key === undefined) {
          found = at(pair.key);
          return visit.BREAK;
        }
        if (!isMap(pair.value)) return undefined;
        const inner = pair.value.items.find((item) => isScalar(item.key) && String(item.key.value) === key);
        if (inner && isScalar(inner.key)) found = at(inner.key);
        return found ? visit.BREAK : undefined;
      },
    });
  } catch {
    return undefined;
  }
  return found;
}

/** The first non-comment line of an INI text that is `fragment`, else holds it; 1-based. */
function iniLine(text: string, fragment: string): Position | undefined {
  const lines = text.split('\n').map((l) => l.replace(/\r$/, '').trim());
  const live = (l: string): boolean => l !== '' && !l.startsWith('#') && !l.startsWith(';');
  const exact = lines.findIndex((l) => live(l) && l === fragment);
  const index = exact >= 0 ? exact : lines.findIndex((l) => live(l) && l.includes(fragment));
  return index >= 0 ? { line: index + 1, column: 1 } : undefined;
}

/** Where the yaml plugin's messages point: the group, and the key in it (none: the group itself). */
const YAML_MESSAGES: readonly [RegExp, (m: RegExpExecArray) => [string, string | undefined]][] = [
  [/^Invalid "(\w+)" entry for "([^"]+)" group/, (m) => [m[2] ?? '', m[1]]],
  [/^Skipping (?:unexpected )?key \(([^)]*)\) in group \(([^)]*)\)/, (m) => [m[2] ?? '', m[1]]],
  [/^Skipping '([^']*)' as this is not a valid group definition/, (m) => [m[1] ?? '', undefined]],
];

/** What the ini plugin quotes from the offending line. */
const INI_MESSAGES: readonly RegExp[] = [
  /^Error parsing host definition '(.*)': /,
  /^Invalid section entry: '(.*)'\./,
  /Section (\[[^\]]*\]) (?:has unknown type|not valid|includes)/,
  /got: (.*)$/,
];

/**
 * The 1-based position of the problem a yaml or ini plugin message describes in `text` (the
 * inventory file), or undefined when the message names nothing that can be found.
 */
export function locateInventoryProblem(text: string, message: string): Position | undefined {
  for (const [pattern, names] of YAML_MESSAGES) {
    const m = pattern.exec(message);
    if (!m) continue;
    const [group, key] = names(m);
    return keyInGroup(text, group, key);
  }
  for (const pattern of INI_MESSAGES) {
    const fragment = pattern.exec(message)?.[1]?.trim();
    if (fragment) return iniLine(text, fragment);
  }
  return undefined;
}
