/**
 * The secret detector. It flags, line by line:
 * - token formats with a distinctive shape (private keys, cloud and Git host tokens, Proxmox API
 *   tokens, JWTs), anywhere, comments included;
 * - credentials in URLs (`scheme://user:password@host`), anywhere;
 * - a literal value given to a key that names a secret (`db_password: s3cr3t`, `API_TOKEN=...`,
 *   `password = "..."`, `--password s3cr3t`, `Authorization: Bearer ...`), in code only.
 * Placeholders (`changeme`, `<your-token>`), references (`${VAR}`, `{{ lookup('env', ...) }}`,
 * `var.x`, vault tags, file paths) and password hashes are not secrets. Pure: no I/O.
 */
import type { FileType } from '../../classify/tables.js';
import { splitComment, splitLines } from '../text.js';
import {
  HASH_PATTERNS,
  NOT_SECRET_KEYS,
  PLACEHOLDER_PATTERNS,
  PLACEHOLDER_WORDS,
  REFERENCE_PATTERNS,
  SECRET_ENDINGS,
  SECRET_LAST_PAIRS,
  SECRET_LAST_WORDS,
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

/** True when a key (`db_password`, `PROXMOX_API_TOKEN`, `clientSecret`, `X-Api-Key`) names a secret. */
export function isSecretKey(key: string): boolean {
  const norm = key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  if (NOT_SECRET_KEYS.has(norm)) return false;
  const words = norm.split('_');
  const last = words.at(-1) ?? '';
  if (SECRET_LAST_WORDS.has(last) || SECRET_LAST_PAIRS.has(words.slice(-2).join('_'))) return true;
  return words.length === 1 && SECRET_ENDINGS.some((ending) => last.endsWith(ending));
}

/** True for a placeholder (`changeme`, `<token>`, `xxxx`): a value meant to be replaced. */
export function isPlaceholder(value: string): boolean {
  const v = value.trim();
  return PLACEHOLDER_WORDS.has(v.toLowerCase()) || PLACEHOLDER_PATTERNS.some((p) => p.test(v));
}

/** True for a reference to a secret kept elsewhere (`${VAR}`, `{{ ... }}`, `var.x`, a file path). */
export function isReference(value: string): boolean {
  const v = value.trim();
  return REFERENCE_PATTERNS.some((p) => p.test(v));
}

/**
 * True when `value`, given to a secret's key, is a literal secret: long enough, not a
 * placeholder, reference, password hash or sentence.
 */
export function isLiteralSecret(value: string): boolean {
  const v = value.trim();
  if (v.length < 4 || isReference(v) || isPlaceholder(v)) return false;
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

/** Every `key: value`, `key = "value"`, `KEY=value` of a line of code. */
function assignments(code: string, syntax: Syntax): Assignment[] {
  const found: Assignment[] = [];
  for (const m of code.matchAll(ASSIGNMENT)) {
    // In code, `"Token: "` or `prompt='Password: '` is text, not a key.
    if (syntax === 'code' && insideString(code, m.index ?? 0)) continue;
    const key = m[2] as string;
    const sep = m[3] as string;
    const start = (m.index ?? 0) + m[0].length;
    let rest = code.slice(start);
    // Python annotations: `token: str = "..."`.
    if (syntax === 'code' && sep === ':') rest = rest.replace(/^[A-Za-z_][\w[\], .|]*=\s*/, '');
    const quote = rest[0];
    if (quote === '"' || quote === "'") {
      let end = 1;
      while (end < rest.length && rest[end] !== quote) end += rest[end] === '\\' ? 2 : 1;
      found.push({ key, column: start + 2, value: rest.slice(1, end), quoted: true });
    } else if (syntax !== 'code') {
      const value = syntax === 'yaml' && sep === ':' ? rest.trim() : (/^[^\s;&|]*/.exec(rest)?.[0] ?? '').replace(/["',]+$/, '');
      found.push({ key, column: start + 1, value, quoted: false });
    }
  }
  return found;
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
  { kind: 'password option', pattern: /(?:^|\s)--(?:password|passwd|pass|token|api-key|apikey|secret|client-secret|auth-token)(?:=|\s+)(["']?)([^\s"']+)\1/g },
  { kind: 'user:password option', pattern: /(?:^|\s)(?:-u|--user)\s+(["']?)[^\s:"'$]+:([^\s"']+)\1/g },
  { kind: 'HTTP authorization', pattern: /\b(?:Bearer|Basic|Token)\s+()([A-Za-z0-9._~+/=-]{12,})/g },
  { kind: 'basic-auth tuple', pattern: /\bauth\s*=\s*\(\s*["'][^"']*["']\s*,\s*(["'])([^"']+)\1/g },
];

const URL_CREDENTIALS = /\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@'"]*:([^\s@'"/]+)@[^\s'"]/gi;

/** Finds the secrets of a file's text; at most one hit a line. */
export function detectSecrets(text: string, type: FileType): SecretHit[] {
  const syntax = SYNTAX[type] ?? 'shell';
  const hits: SecretHit[] = [];
  let tfVariable: string | undefined;
  splitLines(text).forEach((line, index) => {
    const hit = (column: number, kind: string): void => void hits.push({ line: index + 1, column, kind });
    const code = splitComment(line, type).code;
    if (type === 'terraform') {
      const block = /^\s*variable\s+"([^"]+)"/.exec(code);
      if (block) tfVariable = block[1];
      else if (/^\}/.test(code)) tfVariable = undefined;
    }
    for (const format of TOKEN_FORMATS) {
      for (const m of line.matchAll(format.pattern)) {
        if (m[1] === undefined || looksRandom(m[1])) return hit((m.index ?? 0) + 1, format.kind);
      }
    }
    for (const m of line.matchAll(URL_CREDENTIALS)) {
      if (isLiteralSecret(decodeURIComponentSafe(m[1] as string))) return hit((m.index ?? 0) + 1, 'credentials in a URL');
    }
    for (const a of assignments(code, syntax)) {
      const key = type === 'terraform' && a.key === 'default' && tfVariable ? tfVariable : a.key;
      if (!isSecretKey(key) || !isLiteralSecret(a.value)) continue;
      if (syntax === 'code' && !a.quoted) continue;
      return hit(a.column, `literal value of ${key}`);
    }
    for (const { kind, pattern } of COMMAND_LINE) {
      for (const m of code.matchAll(pattern)) {
        const value = m[2] as string;
        // A plain lower-case word after `--password` is prose (`the --password option`).
        if (isLiteralSecret(value) && (kind === 'HTTP authorization' ? mixed(value) : /[^a-z]/.test(value))) return hit((m.index ?? 0) + 1, kind);
      }
    }
    return undefined;
  });
  return hits;
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
