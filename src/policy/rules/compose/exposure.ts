/**
 * Compose rules about what a service exposes or depends on: the obsolete `version:` key,
 * writable bind mounts, unpinned images, database ports on all interfaces, secrets in
 * `environment:`.
 */
import { isNode, type Node } from 'yaml';
import { deleteLines, policyFileOf } from '../../../fix/edit.js';
import type { TextFixer } from '../../../fix/types.js';
import { lineOfOffset } from '../../text.js';
import type { Finding, PolicyFile, RuleLogic } from '../../types.js';
import { isSecretKey, isSecretValue } from '../../secrets/detect.js';
import { get, isMap, items, keyOf, pairOf, pairsOf, str } from '../../yaml.js';
import { eachService, type Service } from './walk.js';

/** `compose-version-obsolete`. */
export const composeVersionObsolete = {
  fileTypes: ['compose'],
  check(file: PolicyFile): Finding[] {
    const yaml = file.yaml();
    return (yaml?.docs ?? []).flatMap((doc) => {
      const pair = isMap(doc.contents) ? pairOf(doc.contents, 'version', doc) : undefined;
      return pair ? [{ line: yaml?.line(pair.key) ?? 1, message: 'the top-level version: key is obsolete in the Compose specification' }] : [];
    });
  },} satisfies RuleLogic;

/**
 * `compose-version-obsolete` (safe: Compose ignores the key): deletes the line(s) of each
 * top-level `version:` key with its value, and nothing else (comments on other lines stay; a
 * comment at the end of the `version:` line goes with it). Undefined for a flow mapping
 * (`{version: ..., services: ...}`), a key that shares its line with something else, or one
 * brought in by a merge key.
 */
export const composeVersionObsoleteFix: TextFixer = {
  id: 'compose-version-obsolete',
  handles: ['iacgen:compose-version-obsolete'],
  fileTypes: ['compose'],
  safety: 'safe',
  apply(fixFile) {
    const file = policyFileOf(fixFile);
    const yaml = file.yaml();
    if (!yaml || composeVersionObsolete.check(file).length === 0) return undefined;
    const spans: Array<[number, number]> = [];
    for (const doc of yaml.docs) {
      if (!isMap(doc.contents)) continue;
      for (const pair of doc.contents.items) {
        if (keyOf(pair) !== 'version') continue;
        const key = pair.key as Node;
        if (doc.contents.flow || !key.range) return undefined;
        const first = lineOfOffset(fixFile.text, key.range[0]) - 1;
        const value = isNode(pair.value) && pair.value.range ? pair.value.range[1] : key.range[1];
        const last = lineOfOffset(fixFile.text, Math.max(key.range[0], value - 1)) - 1;
        if (fixFile.text.slice(lineStart(fixFile.text, key.range[0]), key.range[0]).trim() !== '') return undefined;
        spans.push([first, last]);
      }
    }
    if (spans.length === 0) return undefined;
    let text = fixFile.text;
    for (const [first, last] of spans.sort((a, b) => b[0] - a[0])) text = deleteLines(text, first, last);
    return text;
  },
};

/** The offset where the line holding `offset` starts. */
function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** Splits at `:` outside `${...}`. */
function splitColons(value: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (let i = 0; i < value.length; i++) {
    const ch = value[i] as string;
    if (ch === '$' && value[i + 1] === '{') depth++;
    else if (ch === '}' && depth > 0) depth--;
    if (ch === ':' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts;
}

/** `compose-bind-mount-data`: a bind mount that is not read-only (sockets excepted). */
export const composeBindMountData: RuleLogic = {
  fileTypes: ['compose'],
  check: (file) =>
    eachService(file, (s, line) =>
      items(get(s.node, 'volumes', s.doc), s.doc).flatMap((v) => {
        let source: string | undefined;
        let readOnly: boolean;
        if (isMap(v)) {
          if (str(get(v, 'type', s.doc)) !== 'bind') return [];
          source = str(get(v, 'source', s.doc));
          readOnly = str(get(v, 'read_only', s.doc)) === 'true';
        } else {
          const parts = splitColons(str(v) ?? '');
          if (parts.length < 2 || !/^[/.~$]/.test(parts[0] ?? '')) return [];
          source = parts[0];
          readOnly = (parts[2] ?? '').split(',').includes('ro');
        }
        if (readOnly || source?.endsWith('.sock')) return [];
        return [{ line: line(v), message: `service '${s.name}' bind-mounts ${source ?? 'a host path'} writable: keep data in a named volume, or mount config read-only (:ro)` }];
      }),
    ),
};

/** `compose-image-unpinned`: no tag, or `latest` (a digest counts as pinned). */
export const composeImageUnpinned: RuleLogic = {
  fileTypes: ['compose'],
  check: (file) =>
    eachService(file, (s, line) => {
      const node = get(s.node, 'image', s.doc);
      const image = str(node);
      if (!image || image.includes('@sha256:') || /^\$\{[^}]*\}$/.test(image)) return [];
      const last = image.slice(image.lastIndexOf('/') + 1);
      const tag = last.includes(':') ? last.slice(last.indexOf(':') + 1) : undefined;
      if (tag !== undefined && tag !== 'latest') return [];
      return [{ line: line(node), message: `image ${image} ${tag ? 'is tagged latest' : 'has no tag'}: pin a version` }];
    }),
};

const DB_PORTS: ReadonlySet<number> = new Set([3306, 5432, 27017, 6379, 11211, 9042, 5984, 8086, 9200, 1433, 1521, 26257, 7687, 28015]);
const DB_IMAGE = /^(?:postgres|postgresql|postgis|mysql|mariadb|mongo|mongodb|redis|valkey|keydb|memcached|influxdb|elasticsearch|opensearch|cassandra|couchdb|clickhouse|clickhouse-server|neo4j|timescaledb|mssql)$/;
/** Database images whose last path part alone says nothing (`goauthentik/server` is a web app). */
const DB_IMAGE_PATH = /(?:^|\/)mssql\/server$/;

/** A published port: host address (undefined: all interfaces), whether it is published, container port. */
interface Port {
  hostIp: string | undefined;
  container: number;
}

function readPort(value: unknown, s: Service): Port | undefined {
  if (isMap(value)) {
    const target = Number(str(get(value, 'target', s.doc)));
    return Number.isFinite(target) ? { hostIp: str(get(value, 'host_ip', s.doc)), container: target } : undefined;
  }
  let text = (str(value) ?? '').replace(/\/(?:tcp|udp|sctp)$/, '');
  let hostIp: string | undefined;
  const v6 = /^\[([^\]]*)\]:/.exec(text);
  if (v6) {
    hostIp = v6[1];
    text = text.slice(v6[0].length);
  }
  const parts = text.split(':');
  if (!v6 && parts.length === 3) hostIp = parts[0];
  const container = Number((parts.at(-1) ?? '').split('-')[0]);
  return Number.isFinite(container) && container > 0 ? { hostIp, container } : undefined;
}

/** `compose-db-port-public`: a database port published without a host address (or 0.0.0.0/::). */
export const composeDbPortPublic: RuleLogic = {
  fileTypes: ['compose'],
  check: (file) =>
    eachService(file, (s, line) => {
      const image = (str(get(s.node, 'image', s.doc)) ?? '').replace(/[:@].*$/, '');
      const dbImage = DB_IMAGE.test(image.slice(image.lastIndexOf('/') + 1)) || DB_IMAGE_PATH.test(image);
      return items(get(s.node, 'ports', s.doc), s.doc).flatMap((value) => {
        const port = readPort(value, s);
        if (!port || !(dbImage || DB_PORTS.has(port.container))) return [];
        if (port.hostIp && !['0.0.0.0', '::', ''].includes(port.hostIp)) return [];
        return [{ line: line(value), message: `service '${s.name}' publishes database port ${port.container} on all interfaces: bind it to 127.0.0.1 or one address, or do not publish it` }];
      });
    }),
};

/** `compose-env-secret`: a literal secret in `environment:` (map or `KEY=value` list). */
export const composeEnvSecret: RuleLogic = {
  fileTypes: ['compose'],
  supersedes: ['secret-literal'],
  check: (file) =>
    eachService(file, (s, line) => {
      const env = get(s.node, 'environment', s.doc);
      const entries = isMap(env)
        ? pairsOf(env, s.doc).map((p) => ({ key: keyOf(p) ?? '', value: str(p.value), node: p.key }))
        : items(env, s.doc).map((item) => {
            const [key = '', ...rest] = (str(item) ?? '').split('=');
            return { key, value: rest.length > 0 ? rest.join('=') : undefined, node: item };
          });
      return entries
        .filter((e) => e.value !== undefined && isSecretKey(e.key) && isSecretValue(e.key, e.value))
        .map((e) => ({ line: line(e.node), message: `service '${s.name}' sets ${e.key} literally: write ${e.key}: \${${e.key}} and keep the value in a git-ignored .env` }));
    }),
};
