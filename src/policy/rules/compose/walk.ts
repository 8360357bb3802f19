/** Walking a Compose file: its services as (name, mapping, key node) with the document. */
import type { Document, Node, YAMLMap } from 'yaml';
import type { Finding, PolicyFile } from '../../types.js';
import { get, has, isMap, keyOf, pairsOf, resolved } from '../../yaml.js';

/** One service of a Compose file. */
export interface Service {
  name: string;
  node: YAMLMap;
  /** The service's key (its name), for findings about what the service lacks. */
  key: Node;
  doc: Document;
}

/** The services of every document of a Compose file. */
export function servicesOf(file: PolicyFile): Service[] {
  const yaml = file.yaml();
  if (!yaml || file.type !== 'compose') return [];
  return yaml.docs.flatMap((doc) => {
    const services = get(doc.contents, 'services', doc);
    if (!isMap(services)) return [];
    return pairsOf(services, doc).flatMap((pair) => {
      const node = resolved(pair.value, doc);
      const name = keyOf(pair);
      return isMap(node) && name !== undefined ? [{ name, node, key: pair.key as Node, doc }] : [];
    });
  });
}

/** The value at a path of mappings (`deploy.resources.limits.memory`), or undefined. */
export function at(node: unknown, path: readonly string[], doc: Document): Node | undefined {
  let current: unknown = node;
  for (const key of path) {
    current = get(current, key, doc);
    if (current === undefined) return undefined;
  }
  return current as Node;
}

/**
 * Runs `visit` on each service of a Compose file, with the line of any node. Services with
 * `extends:` are skipped unless `withExtends` (rules about what a service lacks cannot know
 * what the base service has).
 */
export function eachService(file: PolicyFile, visit: (s: Service, line: (n: unknown) => number) => Finding[], withExtends = true): Finding[] {
  const yaml = file.yaml();
  if (!yaml) return [];
  return servicesOf(file).flatMap((s) => (!withExtends && has(s.node, 'extends', s.doc) ? [] : visit(s, (n) => yaml.line(n))));
}
