/**
 * Data of the secret detector: token formats recognised anywhere, the words that make a key a
 * secret's name, and the values that are placeholders. The logic is in `detect.ts`.
 */

/** A token format that is a secret wherever it appears (the body must also look random). */
export interface TokenFormat {
  kind: string;
  /** Global regex; capture group 1, when present, is the random part checked for placeholders. */
  pattern: RegExp;
}

/** Token formats with a distinctive prefix or shape (low false-positive rate by construction). */
export const TOKEN_FORMATS: readonly TokenFormat[] = [
  // A key block starts a line (YAML block scalar, heredoc, file), follows `\n` in a string, or
  // ends a line after a quote; a mention in prose ("before the '-----BEGIN ...-----' line") does not.
  {
    kind: 'private key',
    pattern: /^[\s"'`]*-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----(?!\s*-----END)|-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----(?:\\r)?\\n[A-Za-z0-9+/]|["']-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----\s*$/g,
  },
  { kind: 'AWS access key id', pattern: /\b((?:AKIA|ASIA)[0-9A-Z]{16})\b/g },
  { kind: 'GitHub token', pattern: /\b(gh[pousr]_[A-Za-z0-9]{36,255})\b/g },
  { kind: 'GitHub token', pattern: /\b(github_pat_[A-Za-z0-9_]{60,255})\b/g },
  { kind: 'GitLab token', pattern: /\b(glpat-[A-Za-z0-9_-]{20,})\b/g },
  { kind: 'Slack token', pattern: /\b(xox[abposr]-[A-Za-z0-9-]{10,})\b/g },
  { kind: 'Slack webhook', pattern: /(hooks\.slack\.com\/services\/T[A-Za-z0-9]+\/B[A-Za-z0-9]+\/[A-Za-z0-9]{16,})/g },
  { kind: 'Discord webhook', pattern: /(discord(?:app)?\.com\/api\/webhooks\/\d+\/[A-Za-z0-9_-]{40,})/g },
  { kind: 'Stripe key', pattern: /\b((?:sk|rk)_live_[0-9A-Za-z]{20,})\b/g },
  { kind: 'Google API key', pattern: /\b(AIza[0-9A-Za-z_-]{35})\b/g },
  { kind: 'OpenAI key', pattern: /\b(sk-(?:proj-)?[A-Za-z0-9_-]{32,})\b/g },
  { kind: 'npm token', pattern: /\b(npm_[A-Za-z0-9]{36})\b/g },
  { kind: 'Docker Hub token', pattern: /\b(dckr_pat_[A-Za-z0-9_-]{20,})\b/g },
  { kind: 'HashiCorp Vault token', pattern: /\b(hvs\.[A-Za-z0-9_-]{24,})\b/g },
  { kind: 'Tailscale key', pattern: /\b(tskey-(?:auth|api|client)-[A-Za-z0-9-]{20,})\b/g },
  { kind: 'SendGrid key', pattern: /\b(SG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,})\b/g },
  { kind: 'Telegram bot token', pattern: /\b(\d{8,10}:AA[A-Za-z0-9_-]{33})\b/g },
  { kind: 'JSON web token', pattern: /\b(eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,})/g },
  // Proxmox API token: USER@REALM!TOKENID=SECRET (the secret is a UUID), with or without PVEAPIToken=.
  {
    kind: 'Proxmox API token',
    pattern: /[\w.-]+@[\w.-]+![\w.-]+[=:]([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\b/g,
  },
];

/** Last words of a key that name a secret (`db_password`, `PROXMOX_API_TOKEN`, `clientSecret`). */
export const SECRET_LAST_WORDS: ReadonlySet<string> = new Set([
  'password', 'passwd', 'pass', 'passphrase', 'pwd', 'secret', 'token', 'apikey', 'credential', 'credentials',
]);

/** Last two words of a key that name a secret (`aws_secret_access_key`, `ssh_private_key`). */
export const SECRET_LAST_PAIRS: ReadonlySet<string> = new Set([
  'api_key', 'access_key', 'secret_key', 'private_key', 'signing_key', 'encryption_key', 'master_key', 'auth_key',
  'webhook_url', 'license_key', 'client_secret', 'shared_key',
]);

/**
 * Keys that are never secrets although a word matches: `pwd` is the shell's working directory,
 * `NOPASSWD` a sudoers tag, `proxy_pass` and its kin nginx directives naming an upstream.
 */
export const NOT_SECRET_KEYS: ReadonlySet<string> = new Set([
  'pwd', 'oldpwd', 'pass', 'nopasswd', 'proxy_pass', 'fastcgi_pass', 'uwsgi_pass', 'scgi_pass', 'grpc_pass', 'memcached_pass',
]);

/**
 * Words that, before a key's last word, make it name a secret kept elsewhere rather than hold
 * one: Helm's `existingSecret`, `usersExistingSecret`, `envFromSecret`, Tailscale's
 * `TS_KUBE_SECRET` (the name of a Kubernetes Secret), a `sealed_secret`.
 */
export const SECRET_NAME_QUALIFIERS: ReadonlySet<string> = new Set(['existing', 'from', 'kube', 'k8s', 'sealed', 'external']);

/**
 * Last two words of keys whose value is often an identifier rather than a secret (a MinIO access
 * key is a user name; an AWS access key id is public): flagged only when the value looks
 * generated. `secret_access_key` stays a secret key.
 */
export const ID_LIKE_PAIRS: ReadonlySet<string> = new Set(['access_key']);

/**
 * Words that make a value of plain words describe itself as a stand-in (`test-oidc-client-secret`,
 * `change-this-password`, `harness-fixture-only`, `gitea-admin-secret`): no generated or chosen
 * secret names its own kind.
 */
export const SELF_DESCRIBING_WORDS: ReadonlySet<string> = new Set([
  'test', 'testing', 'example', 'sample', 'dummy', 'fake', 'fixture', 'mock', 'placeholder', 'demo', 'changeme',
  'secret', 'secrets', 'password', 'passwd', 'token', 'key', 'credential', 'credentials', 'creds',
]);

/** Endings of a one-word key that name a secret (`PGPASSWORD`, `rootpassword`). */
export const SECRET_ENDINGS: readonly string[] = ['password', 'passwd', 'token', 'secret', 'apikey'];

/** Values that stand for "fill this in" (compared lower-cased, whole value). */
export const PLACEHOLDER_WORDS: ReadonlySet<string> = new Set([
  'changeme', 'change_me', 'change-me', 'changeit', 'change_it', 'changethis', 'replaceme', 'replace_me', 'replace-me',
  'fixme', 'todo', 'tbd', 'placeholder', 'example', 'sample', 'dummy', 'test', 'testing', 'secret', 'password',
  'passw0rd', 'token', 'none', 'null', 'nil', 'undefined', 'empty', 'redacted', 'hidden', 'masked', 'required',
  'true', 'false', 'yes', 'no', 'on', 'off', 'notset', 'not-set', 'unset', 'default',
  'pass', 'passwd', 'pwd', 'user', 'username', 'login', 'read', 'write', 'notasecret', 'always', 'on_create', 'string',
]);

/** Patterns of placeholder values (`<your-token>`, `your_password_here`, `xxxx`, `***`). */
export const PLACEHOLDER_PATTERNS: readonly RegExp[] = [
  /^<[^>]*>$/,
  /^\[[^\]]*\]$/,
  /^\(.*\)$/,
  /^(?:your|my|insert|enter|put|add|set)[-_ ]/i,
  /(?:change[-_]?me|replace[-_]?me|placeholder|example|_here$|-here$)/i,
  /^(.)\1*$/,
  /(.)\1{7,}/, // ghp_xxxxxxxxxxxx, 00000000: a run no generated secret has
  /^x{3,}/i,
  /\*{3,}/,
  /^#[0-9a-fA-F]{3,8}$/, // a colour
  /\.{3,}$/, // Zx1B...: elided
  /0123456789abcdef|abcdefghijklm/i, // a counting run: typed by hand, never generated
  /^__[A-Za-z0-9_]+__$/, // __verify_secret__: a marker to be substituted
  /^change[-_ ]?this/i,
];

/** Values that are references, not literals: templating, variables, vaults, secret stores. */
export const REFERENCE_PATTERNS: readonly RegExp[] = [
  /\$\{[^}]*\}/, // ${VAR} (shell, Compose, Terraform interpolation)
  /^\$\{/, // ${VAR:?a message with spaces}, cut at the space by a shell-like reading
  /\$\[\[.*\]\]/, // $[[ inputs.password ]]: GitLab CI inputs
  /^\.[A-Za-z_][\w.]*(?:\s*\|.*)?$/, // .data.password, .token | @base64d: a jq path
  /^\$[A-Za-z_]/, // $VAR
  /^\$\(/, // $(command)
  /\$(?:[A-Za-z_]|\{|\()/, // "sk-$(openssl rand -hex 16)", \"$SECRET_KEY\": built at run time
  /\.\*|\[\^|\\\(/, // .*, [^;]*, \(: a regular expression (sed, grep)
  /\|\||&&/, // a || b: an expression
  /^(?:await|new|function|this|self|require)$/, // a keyword that starts an expression (`token = await auth()`)
  /\{\{.*\}\}/, // Jinja: {{ lookup('env', 'X') }}, {{ vault_x }}
  /\{%.*%\}/,
  /^!vault\b/, // Ansible vault tag
  /^\*[A-Za-z_][\w-]*$/, // *db_password: a YAML alias
  /^\$ANSIBLE_VAULT;/,
  /^(?:var|local|module|data|each|self|path|terraform)\.[A-Za-z_]/, // Terraform references
  /^ENC\[/, // sops
  /^(?:op|vault|secret|secrets|awssm|gcpsm|azkv|bws):\/\//, // secret store references
  /^!(?:secret|env_var|include)\b/, // Home Assistant style tags
  /^%\(?[A-Za-z_]+\)?s?$/, // %(name)s, %s
  /^\{[A-Za-z_][\w.]*\}$/, // {token} (a format field)
  /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/, // DB_PASSWORD: the name of an environment variable
  /^_*[a-z][a-z0-9]*(?:_[a-z][a-z0-9]*)+$/, // next_token, vault_db_password, restic_s3_access_key, _run_token: the name of a variable
  /^[a-z0-9]+(?:-[a-z0-9]+)*\/(?:[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*|[a-z]+(?:[A-Z][a-z0-9]*)+)$/, // coturn-credentials/COTURN_PASSWORD: a Kubernetes Secret and its key
  /^(?:[a-z]+|[A-Z][a-z]+)(?:[A-Z][a-z]+)+$/, // clientSecret, SessionToken: an identifier
  /%[sd(]|\{\d*\}/, // '%s:%s' % (...), '{0}:{1}'.format(...): a format string
  /^[A-Za-z_][\w.]*\s*[[(|]/, // an expression: hostvars[x], getpass(), x | default(omit)
  /^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+$/, // a dotted name: settings.token, EngineDefaults.Marker
  /^(?:\/|\.\/|\.\.\/|~\/)/, // a path to a file holding the secret
];

/**
 * A Sealed Secrets ciphertext (`encryptedData:` of a `SealedSecret`): base64 of a blob starting
 * with the 2-byte length of the encrypted session key (0x0200 and the like), so `Ag...`, hundreds
 * of characters long. Encrypted for the cluster's key: safe in git by design.
 */
export const SEALED_SECRET_VALUE = /^Ag[A-Za-z0-9+/]{300,}={0,2}$/;

/** Crypt-style password hashes: the stored form, not the secret itself. */
export const HASH_PATTERNS: readonly RegExp[] = [/^(?:[\w.-]+:)?\$(?:1|2[abxy]?|5|6|y|gy|7|argon2(?:id|i|d)?|pbkdf2[-\w]*|scrypt)\$/, /^\{(?:SSHA|SHA|SSHA256|SSHA512|CRYPT|MD5)\}/i];
