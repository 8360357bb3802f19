/**
 * The secret detector. It flags, line by line:
 * - token formats with a distinctive shape (private keys, cloud and Git host tokens, Proxmox API
 *   tokens, JWTs), anywhere, comments included;
 * - credentials in URLs (`scheme://user:password@host`), anywhere;
 * - a literal value given to a key that names a secret (`db_password: s3cr3t`, `API_TOKEN=...`,
 *   `password = "..."`, `--password s3cr3t`, `Authorization: Bearer ...`, a Kubernetes
 *   `- name: DB_PASSWORD` / `value: ...` pair), in code only, and not in example or test files.
 * Placeholders (`changeme`, `<your-token>`, `test-client-secret`), references (`${VAR}`,
 * `{{ lookup('env', ...) }}`, `var.x`, vault tags, file paths, jq paths), names of secrets kept
 * elsewhere (`existingSecret: gitea-admin-secret`), Sealed Secrets ciphertext and password
 * hashes are not secrets. Pure: no I/O.
 */
import type { FileType } from '../../classify/tables.js';
import { splitComment, splitLines } from '../text.js';
import {
  HASH_PATTERNS,
  ID_LIKE_PAIRS,
  NOT_SECRET_KEYS,
  PLACEHOLDER_PATTERNS,
  PLACEHOLDER_WORDS,
  REFERENCE_PATTERNS,
  SEALED_SECRET_VALUE,
  SECRET_ENDINGS,
  SECRET_LAST_PAIRS,
  SECRET_LAST_WORDS,
  SECRET_NAME_QUALIFIERS,
  SELF_DESCRIBING_WORDS,
  TOKEN_FORMATS,
} from './patterns.js';

/** One detected secret: where it starts and what it looks like. */
export interface SecretHit {
  line: number;
  column: number;
  /** What was recognised: `GitHub token`, `credentials in a URL`, `literal value of db_password`. */
  kind: string;
}

/** How a file type writes values: YAML (plain scalars are literals), code (only quoted strings are), or shell-like. */
type Syntax = 'yaml' | 'code' | 'shell';

const SYNTAX: Partial<Record<FileType, Syntax>> = {
  'ansible-playbook': 'yaml', 'ansible-tasks': 'yaml', 'ansible-vars': 'yaml', 'ansible-inventory': 'yaml', 'ansible-inventory-plugin': 'yaml',
  compose: 'yaml', 'helm-chart': 'yaml', kubernetes: 'yaml', 'ci-workflow': 'yaml', 'cloud-init': 'yaml', yaml: 'yaml',
  python: 'code', terraform: 'code', json: 'code', toml: 'code',
  shell: 'shell', env: 'shell', direnv: 'shell', dockerfile: 'shell', 'ansible-inventory-ini': 'shell',
};

/** A key's words, lower-cased: `usersExistingSecret` -> users, existing, secret. */
function keyWords(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .split('_');
}

/**
 * True when a key (`db_password`, `PROXMOX_API_TOKEN`, `clientSecret`, `X-Api-Key`) names a
 * secret; false for keys that name a secret kept elsewhere (`existingSecret`, `envFromSecret`,
 * `secretName`, `password_file`).
 */
export function isSecretKey(key: string): boolean {
  const words = keyWords(key);
  if (NOT_SECRET_KEYS.has(words.join('_')) || words.includes('existing')) return false;
  const last = words.at(-1) ?? '';
  if (SECRET_LAST_WORDS.has(last) || SECRET_LAST_PAIRS.has(words.slice(-2).join('_'))) {
    return !SECRET_NAME_QUALIFIERS.has(words.at(-2) ?? '');
  }
  return words.length === 1 && SECRET_ENDINGS.some((ending) => last.endsWith(ending));
}

/**
 * True when `value`, given to the secret's key `key`, is a literal secret: what
 * {@link isLiteralSecret} says, except that a key ending in `secret` may hold the name of a
 * Kubernetes Secret (`passwordSecret: keycloak-db`), an `access_key` an identifier (a MinIO user),
 * and only a key ending in `url` a URL.
 */
export function isSecretValue(key: string, value: string): boolean {
  const v = value.trim();
  if (!isLiteralSecret(v)) return false;
  const words = keyWords(key);
  const last = words.at(-1) ?? '';
  if ((last === 'secret' || last === 'secrets') && /^[a-z]+[0-9]*(?:[-.][a-z]+[0-9]*)+$/.test(v)) return false;
  if (ID_LIKE_PAIRS.has(words.slice(-2).join('_')) && words.at(-3) !== 'secret' && !looksGenerated(v)) return false;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(v) && last !== 'url') return false;
  return true;
}

/** True when a value has the length and mix of a generated key: 16+ characters, digits or mixed case. */
function looksGenerated(value: string): boolean {
  return value.length >= 16 && (/\d/.test(value) || (/[a-z]/.test(value) && /[A-Z]/.test(value)));
}

/** True for a placeholder (`changeme`, `<token>`, `xxxx`, `test-client-secret`): a value meant to be replaced. */
export function isPlaceholder(value: string): boolean {
  const v = value.trim().replace(/[.,;:!]+$/, '');
  if (PLACEHOLDER_WORDS.has(v.toLowerCase()) || PLACEHOLDER_PATTERNS.some((p) => p.test(v))) return true;
  const words = v.split(/[-_]/);
  return words.length >= 2 && words.every((w) => /^[a-z]+$/.test(w)) && words.some((w) => SELF_DESCRIBING_WORDS.has(w));
}

/** True for a reference to a secret kept elsewhere (`${VAR}`, `{{ ... }}`, `var.x`, a file path). */
export function isReference(value: string): boolean {
  const v = value.trim();
  return REFERENCE_PATTERNS.some((p) => p.test(v));
}

/**
 * The value as written, without what surrounds it in code: trailing `,`/`;`, closing brackets
 * it does not open (`process.env.X })`), one pair of quotes (`"$TOKEN"`), `\$` escapes.
 */
function bareValue(value: string): string {
  let v = value.trim().replace(/[,;\s]+$/, '');
  const count = (text: string, ch: string): number => text.split(ch).length - 1;
  const OPENER: Record<string, string> = { ')': '(', '}': '{', ']': '[' };
  for (let last = v.at(-1); last !== undefined && last in OPENER && count(v, OPENER[last] as string) < count(v, last); last = v.at(-1)) {
    v = v.slice(0, -1).replace(/[,;\s]+$/, '');
  }
  const quoted = /^(["'])(.*)\1$/.exec(v);
  return (quoted ? (quoted[2] as string) : v).replace(/\\\$/g, '$');
}

/**
 * True when `value`, given to a secret's key, is a literal secret: long enough, with a letter or
 * digit, not a placeholder, reference, expression, password hash or sentence.
 */
export function isLiteralSecret(value: string): boolean {
  const v = bareValue(value);
  if (v.length < 4 || !/[A-Za-z0-9]/.test(v) || isReference(v) || isPlaceholder(v)) return false;
  if (HASH_PATTERNS.some((p) => p.test(v))) return false;
  // A sentence (`Private key password 1`), not a secret: three or more words, mostly plain.
  const words = v.split(/\s+/);
  return !(words.length >= 3 && words.filter((w) => /^[A-Za-z,.;:()'-]+$/.test(w)).length >= (words.length * 2) / 3);
}

/** True when a token's random part has the variety of a generated secret. */
function looksRandom(body: string): boolean {
  if (isPlaceholder(body) || /example|sample|dummy|fake|test/i.test(body)) return false;
  return new Set(body).size >= Math.min(8, body.length / 2);
}

/** A `key <sep> value` in code: the key, where the value starts, the value and whether it was quoted. */
interface Assignment {
  key: string;
  column: number;
  value: string;
  quoted: boolean;
}

const ASSIGNMENT = /(?<![\w$.-])(["']?)([A-Za-z_][A-Za-z0-9_.-]*)\1[ \t]*(:=|=(?![=>~])|:(?=\s|["']|$))[ \t]*/g;

/**
 * Every `key: value`, `key = "value"`, `KEY=value` of a line of code. Keys inside a Jinja
 * expression (`{{ {'secretKey': minio_password} }}`) are not assignments; a value in a quote that
 * does not close on the line (`'password = ' ~ var`) is not a literal; nor, in YAML, is a flow
 * collection (`password: { secret_name: x }`: its own keys are read instead).
 */
function assignments(code: string, syntax: Syntax): Assignment[] {
  const found: Assignment[] = [];
  const templated = jinjaSpans(code);
  for (const m of code.matchAll(ASSIGNMENT)) {
    const at = m.index ?? 0;
    // In code, `"Token: "` or `prompt='Password: '` is text, not a key.
    if (syntax === 'code' && insideString(code, at)) continue;
    if (templated.some(([from, to]) => at >= from && at < to)) continue;
    const key = m[2] as string;
    const sep = m[3] as string;
    const start = at + m[0].length;
    let rest = code.slice(start);
    // Python annotations: `token: str = "..."`.
    if (syntax === 'code' && sep === ':') rest = rest.replace(/^[A-Za-z_][\w[\], .|]*=\s*/, '');
    const quote = rest[0];
    if (quote === '"' || quote === "'") {
      let end = 1;
      while (end < rest.length && rest[end] !== quote) end += rest[end] === '\\' ? 2 : 1;
      if (end >= rest.length) continue;
      found.push({ key, column: start + 2, value: rest.slice(1, end), quoted: true });
    } else if (syntax !== 'code') {
      // A YAML anchor (`&key tls.crt`) names the node; the value follows it.
      const value = syntax === 'yaml' && sep === ':' ? rest.trim().replace(/^&\S+\s+/, '') : (/^[^\s;&|]*/.exec(rest)?.[0] ?? '').replace(/["',]+$/, '');
      if (syntax === 'yaml' && sep === ':' && /^[{[]/.test(value)) continue;
      found.push({ key, column: start + 1, value, quoted: false });
    }
  }
  return found;
}

/** The `[start, end)` spans of `{{ ... }}` and `{% ... %}` on a line (to its end when unclosed). */
function jinjaSpans(code: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  for (const m of code.matchAll(/\{\{|\{%/g)) {
    const from = m.index ?? 0;
    const close = code.indexOf(m[0] === '{{' ? '}}' : '%}', from + 2);
    spans.push([from, close < 0 ? code.length : close + 2]);
  }
  return spans;
}

/** True when `index` of a line of code lies inside a quoted string. */
function insideString(code: string, index: number): boolean {
  let quote: string | undefined;
  for (let i = 0; i < index; i++) {
    const ch = code[i];
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = undefined;
    } else if (ch === '"' || ch === "'") quote = ch;
  }
  return quote !== undefined;
}

/** Secrets passed on a command line or in an HTTP header. */
const COMMAND_LINE: ReadonlyArray<{ kind: string; pattern: RegExp }> = [
  // Not `--secret`: for docker, podman and buildah it names a secret (`--secret id=x,src=...`).
  { kind: 'password option', pattern: /(?:^|\s)--(?:password|passwd|pass|token|api-key|apikey|client-secret|auth-token)(?:=|\s+)(["']?)([^\s"']+)\1/g },
  // The user is a plain name (`date -u '+%Y-%m-%dT%H:%M'` is no credential).
  { kind: 'user:password option', pattern: /(?:^|\s)(?:-u|--user)\s+(["']?)[\w.@-]+:([^\s"']+)\1/g },
  { kind: 'HTTP authorization', pattern: /\b(?:Bearer|Basic|Token)\s+()([A-Za-z0-9._~+/=-]{12,})/g },
  { kind: 'basic-auth tuple', pattern: /\bauth\s*=\s*\(\s*["'][^"']*["']\s*,\s*(["'])([^"']+)\1/g },
];

const URL_CREDENTIALS = /\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@'"]*:([^\s@'"/]+)@[^\s'"]/gi;

/** Options of {@link detectSecrets}. */
export interface DetectOptions {
  /**
   * The file's path from the repository root. Example files (`.env.example`, `example.config.yml`,
   * `config.sample.yml`, `.env.dist`) and tests (`test_*.py`, `*_test.py`, `conftest.py`, files
   * under `test/`, `tests/`, `unit_tests/`, `__tests__/`, `testdata/`) hold stand-ins by purpose:
   * only token formats and URL credentials are looked for there.
   */
  path?: string;
}

const EXAMPLE_FILE = /(?:^|[._-])(?:example|examples|sample|dist)(?:[._-]|$)/i;
const TEST_FILE = /^(?:test_.*|.*_test|conftest)\.py$/;
const TEST_DIR = /(?:^|\/)(?:test|tests|unit_tests|__tests__|testdata)\//;

/** True for an example or test file (see {@link DetectOptions.path}). */
export function isStandInFile(relPath: string): boolean {
  const name = relPath.split('/').at(-1) ?? relPath;
  return EXAMPLE_FILE.test(name) || TEST_FILE.test(name) || TEST_DIR.test(relPath);
}

/** A Kubernetes env entry's `- name: DB_PASSWORD` line: its indentation and the name. */
const ENV_NAME = /^(\s*)-\s+name:\s*["']?([A-Za-z_][\w.-]*)["']?\s*$/;

/** Finds the secrets of a file's text; at most one hit a line. */
export function detectSecrets(text: string, type: FileType, options: DetectOptions = {}): SecretHit[] {
  const syntax = SYNTAX[type] ?? 'shell';
  const literals = !(options.path !== undefined && isStandInFile(options.path));
  // Sealed Secrets ciphertext is encrypted for the cluster: safe in git by design.
  const sealed = syntax === 'yaml' && /\bSealedSecret\b|^\s*encryptedData:/m.test(text);
  const hits: SecretHit[] = [];
  let tfVariable: string | undefined;
  let envName: { indent: number; key: string } | undefined;
  splitLines(text).forEach((line, index) => {
    const hit = (column: number, kind: string): void => void hits.push({ line: index + 1, column, kind });
    const code = blankSedPatterns(splitComment(line, type).code);
    if (type === 'terraform') {
      const block = /^\s*variable\s+"([^"]+)"/.exec(code);
      if (block) tfVariable = block[1];
      else if (/^\}/.test(code)) tfVariable = undefined;
    }
    const pending = envName;
    const name = syntax === 'yaml' ? ENV_NAME.exec(code) : null;
    envName = name ? { indent: (name[1] as string).length, key: name[2] as string } : undefined;
    for (const format of TOKEN_FORMATS) {
      for (const m of line.matchAll(format.pattern)) {
        if (m[1] === undefined || looksRandom(m[1])) return hit((m.index ?? 0) + 1, format.kind);
      }
    }
    for (const m of line.matchAll(URL_CREDENTIALS)) {
      if (isLiteralSecret(decodeURIComponentSafe(m[1] as string))) return hit((m.index ?? 0) + 1, 'credentials in a URL');
    }
    if (!literals) return undefined;
    for (const a of assignments(code, syntax)) {
      // `- name: DB_PASSWORD` then `value: ...`: the value belongs to the name.
      const paired = pending && a.key === 'value' && /^\s*value:/.test(code) && code.search(/\S/) === pending.indent + 2;
      const key = paired ? pending.key : type === 'terraform' && a.key === 'default' && tfVariable ? tfVariable : a.key;
      if (!isSecretKey(key) || !isSecretValue(key, a.value)) continue;
      if (syntax === 'code' && !a.quoted) continue;
      if (sealed && SEALED_SECRET_VALUE.test(a.value.trim())) continue;
      return hit(a.column, `literal value of ${key}`);
    }
    for (const { kind, pattern } of COMMAND_LINE) {
      for (const m of code.matchAll(pattern)) {
        const value = m[2] as string;
        if (!isLiteralSecret(value)) continue;
        // A plain lower-case word after `--password` is prose (`the --password option`).
        if (kind === 'HTTP authorization' ? !mixed(value) || !basicPasswordIsSecret(m[0], value) : !/[^a-z]/.test(value)) continue;
        return hit((m.index ?? 0) + 1, kind);
      }
    }
    return undefined;
  });
  return hits;
}

/**
 * A line calling sed (or continuing a call with `-e`) with its `s/pattern/replacement/` patterns blanked out: the pattern matches
 * what is there (`s/^DB_PASSWORD=.*$/` holds an old value or a regex), only the replacement is
 * written by the command.
 */
function blankSedPatterns(code: string): string {
  // `sed -i ...`, or a continuation line of one: `  -e "s/.../.../" \`.
  if (!/\bsed\b|^\s*(?:-e|--expression)[\s=]/.test(code)) return code;
  return code.replace(/(^|["'\s;{])s([/|#,])((?:\\.|(?!\2).)*)\2/g, (_m, before: string, delimiter: string, pattern: string) => `${before}s${delimiter}${' '.repeat(pattern.length)}${delimiter}`);
}

/**
 * For `Basic <base64>`, whether the password in `user:password` is a literal secret (a test's
 * `Basic dXNlcjpzZWNyZXQ=` is `user:secret`, a placeholder); true for other schemes and for
 * values that do not decode to `user:password`.
 */
function basicPasswordIsSecret(match: string, value: string): boolean {
  if (!/\bBasic\s/.test(match)) return true;
  const decoded = Buffer.from(value, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0 || !/^[\x20-\x7e]+$/.test(decoded)) return true;
  return isLiteralSecret(decoded.slice(colon + 1));
}

/** A digit, or an upper-case letter past the first: a token, not a word such as `Authentication`. */
function mixed(value: string): boolean {
  return /\d/.test(value) || (/[A-Z]/.test(value.slice(1)) && /[a-z]/.test(value));
}

function decodeURIComponentSafe(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
