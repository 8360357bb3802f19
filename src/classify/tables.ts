/**
 * Pure data for the file classifier: the file types, and the names, extensions, folders and
 * interpreters that identify them. The logic that reads these tables is in `classify.ts`.
 */

/** Every file type iacgen knows; the `type` field of the JSON report. */
export const FILE_TYPES = [
  'ansible-playbook',
  'ansible-tasks',
  'ansible-vars',
  'ansible-inventory',
  'ansible-inventory-ini',
  'ansible-inventory-plugin',
  'ansible-vault',
  'compose',
  'helm-chart',
  'helm-template',
  'jinja-template',
  'kubernetes',
  'ci-workflow',
  'cloud-init',
  'terraform',
  'shell',
  'python',
  'dockerfile',
  'yaml',
  'json',
  'toml',
  'env',
  'direnv',
  'unknown',
] as const;

/** One of {@link FILE_TYPES}. */
export type FileType = (typeof FILE_TYPES)[number];

/**
 * Types no checker and no rule reads: templates (a Helm or Jinja template is not the YAML or
 * Compose file it renders to) and encrypted files (an Ansible Vault is ciphertext).
 */
export const UNCHECKED_TYPES: readonly FileType[] = ['unknown', 'helm-template', 'jinja-template', 'ansible-vault'];

/** The types a checker or rule may read: every type but {@link UNCHECKED_TYPES}. */
export const CHECKED_TYPES: readonly FileType[] = FILE_TYPES.filter((t) => !UNCHECKED_TYPES.includes(t));

/** Types whose content is YAML (the rules parse it as such). */
export const YAML_TYPES: ReadonlySet<FileType> = new Set<FileType>([
  'ansible-playbook', 'ansible-tasks', 'ansible-vars', 'ansible-inventory', 'ansible-inventory-plugin',
  'compose', 'helm-chart', 'kubernetes', 'ci-workflow', 'cloud-init', 'yaml',
]);

/**
 * Starts of a file's content that decide its type whatever the file is called (checked before
 * any name). `$ANSIBLE_VAULT;1.1;AES256`: the header line of a file `ansible-vault encrypt` wrote
 * (ansible `parsing/vault/__init__.py`, `b_HEADER`).
 */
export const BY_CONTENT_START: ReadonlyArray<{ start: string; type: FileType }> = [{ start: '$ANSIBLE_VAULT;', type: 'ansible-vault' }];

/**
 * Whose `templates/` folder a file is under (at any depth), told by what lies beside that folder;
 * first match wins, nearest `templates/` first. Every file there is a template, whatever its name.
 * A Helm chart: a folder holding `Chart.yaml` (helm.sh/docs/topics/charts, "The Chart File
 * Structure"). An Ansible role, or a playbook folder laid out like one: `tasks/`, `handlers/`,
 * `meta/` or `defaults/` beside `templates/` (docs.ansible.com, "Role directory structure").
 */
export const TEMPLATE_FOLDERS: ReadonlyArray<{ type: FileType; files?: readonly string[]; folders?: readonly string[] }> = [
  { type: 'helm-template', files: ['Chart.yaml'] },
  { type: 'jinja-template', folders: ['tasks', 'handlers', 'meta', 'defaults'] },
];

/** A test of a file's content that a {@link BY_PATH} rule may require; the tests are in `classify.ts`. */
export type ContentTest = 'ini-inventory' | 'yaml-inventory';

/** Names of Ansible inventories (docs.ansible.com, "How to build your inventory"), INI or YAML. */
const INVENTORY_PATHS: readonly string[] = [
  'hosts', 'hosts.ini', 'inventory', 'inventory.ini', '*.inventory.ini', '**/inventory/**/*.ini', '**/inventories/**/*.ini',
];

/**
 * Paths that decide the type, as globs (picomatch syntax, case-sensitive, `*` stops at `/`)
 * relative to the repository root; a pattern without `/` matches the file's name at any depth.
 * Checked after {@link BY_CONTENT_START} and {@link TEMPLATE_FOLDERS}, before {@link BY_NAME}. First
 * match wins; a rule with `content` applies only when the content passes that test.
 */
export const BY_PATH: ReadonlyArray<{ type: FileType; patterns: readonly string[]; content?: ContentTest }> = [
  {
    // GitHub reads workflows directly in .github/workflows (docs.github.com, "Workflow syntax");
    // Gitea and Forgejo read their own folder first; Woodpecker reads .woodpecker/ or .woodpecker.yaml.
    type: 'ci-workflow',
    patterns: [
      '**/.github/workflows/*.yml', '**/.github/workflows/*.yaml',
      '**/.gitea/workflows/*.yml', '**/.gitea/workflows/*.yaml',
      '**/.forgejo/workflows/*.yml', '**/.forgejo/workflows/*.yaml',
      '**/.woodpecker/*.yml', '**/.woodpecker/*.yaml', '.woodpecker.yml', '.woodpecker.yaml',
      '.gitlab-ci.yml',
    ],
  },
  // A Helm chart's metadata (helm.sh/docs/topics/charts, "The Chart.yaml File"); the name is case-sensitive.
  { type: 'helm-chart', patterns: ['Chart.yaml'] },
  { type: 'jinja-template', patterns: ['*.j2', '*.jinja', '*.jinja2'] },
  // direnv evaluates .envrc with bash (direnv(1), "The stdlib").
  { type: 'direnv', patterns: ['.envrc'] },
  { type: 'ansible-inventory-ini', patterns: INVENTORY_PATHS, content: 'ini-inventory' },
  // An extension-less `hosts` or `inventory` in YAML.
  { type: 'ansible-inventory', patterns: INVENTORY_PATHS, content: 'yaml-inventory' },
];

/** Exact base names (lower-cased) that decide the type. */
export const BY_NAME: Readonly<Record<string, FileType>> = {
  'compose.yaml': 'compose',
  'compose.yml': 'compose',
  'docker-compose.yaml': 'compose',
  'docker-compose.yml': 'compose',
  // Override files (compose-go `cli/options.go`): a fragment, so its content may not look like Compose.
  'compose.override.yaml': 'compose',
  'compose.override.yml': 'compose',
  'docker-compose.override.yaml': 'compose',
  'docker-compose.override.yml': 'compose',
  dockerfile: 'dockerfile',
  containerfile: 'dockerfile',
  '.env': 'env',
  '.bashrc': 'shell',
  '.bash_profile': 'shell',
  '.profile': 'shell',
  'pyproject.toml': 'toml',
  'requirements.txt': 'unknown',
};

/**
 * Base names (lower-cased) of dotenv files besides `.env` itself: `.env.local`, `.env-prod`,
 * `.env_test`; not `.envrc` (direnv's) nor `.environment`.
 */
export const ENV_FILE_NAME = /^\.env(?:[._-].*)?$/;

/** Extensions (lower-cased, with the dot; longest match wins) that decide the type. */
export const BY_EXTENSION: Readonly<Record<string, FileType>> = {
  '.tf': 'terraform',
  '.tfvars': 'terraform',
  '.tf.json': 'terraform',
  // OpenTofu 1.8+ reads these beside `.tf` (https://opentofu.org/docs/language/files/).
  '.tofu': 'terraform',
  '.tofu.json': 'terraform',
  '.sh': 'shell',
  '.bash': 'shell',
  '.py': 'python',
  '.pyw': 'python',
  '.dockerfile': 'dockerfile',
  '.json': 'json',
  '.toml': 'toml',
  '.yml': 'yaml',
  '.yaml': 'yaml',
};

/** Interpreters named in a `#!` line, for files without an extension. */
export const BY_INTERPRETER: Readonly<Record<string, FileType>> = {
  sh: 'shell',
  bash: 'shell',
  dash: 'shell',
  ksh: 'shell',
  python: 'python',
  python3: 'python',
};

/**
 * Folder names that make a YAML file an Ansible file of a given type, nearest folder first.
 * `tasks/` and `handlers/` hold task lists; vars folders hold variables.
 */
export const ANSIBLE_DIRS: Readonly<Record<string, FileType>> = {
  tasks: 'ansible-tasks',
  handlers: 'ansible-tasks',
  defaults: 'ansible-vars',
  vars: 'ansible-vars',
  group_vars: 'ansible-vars',
  host_vars: 'ansible-vars',
  inventory: 'ansible-inventory',
  inventories: 'ansible-inventory',
};

/**
 * The Play keywords (docs.ansible.com, "Playbook Keywords", section "Play"), plus playbook
 * imports. A mapping in a top-level YAML list is a play when it has one of {@link DECISIVE_PLAY_KEYS},
 * or one of {@link PLAY_BODY_KEYS} with every other key a play keyword (or one edit away from one:
 * a typo such as `host:` still makes a play, which `ansible-playbook --syntax-check` then rejects).
 */
export const PLAY_KEYWORDS: readonly string[] = [
  'any_errors_fatal', 'become', 'become_exe', 'become_flags', 'become_method', 'become_user', 'check_mode',
  'collections', 'connection', 'debugger', 'diff', 'environment', 'fact_path', 'force_handlers', 'gather_facts',
  'gather_subset', 'gather_timeout', 'handlers', 'hosts', 'ignore_errors', 'ignore_unreachable',
  'max_fail_percentage', 'module_defaults', 'name', 'no_log', 'order', 'port', 'post_tasks', 'pre_tasks',
  'remote_user', 'roles', 'run_once', 'serial', 'strategy', 'tags', 'tasks', 'throttle', 'timeout', 'vars',
  'vars_files', 'vars_prompt', 'import_playbook', 'ansible.builtin.import_playbook',
];

/** Keys only a play (or a playbook import) has: one of them alone makes a play. */
export const DECISIVE_PLAY_KEYS: readonly string[] = [
  'hosts', 'pre_tasks', 'post_tasks', 'gather_facts', 'vars_files', 'vars_prompt', 'import_playbook', 'ansible.builtin.import_playbook',
];

/** A play's body: a play has one of them, a task never does (but other YAML lists might). */
export const PLAY_BODY_KEYS: readonly string[] = ['tasks', 'roles', 'handlers'];

/**
 * Keys of an Ansible YAML inventory group (docs.ansible.com, "How to build your inventory"):
 * every top-level key of an inventory names a group whose mapping holds only these.
 */
export const INVENTORY_GROUP_KEYS: readonly string[] = ['hosts', 'children', 'vars'];

/** Line that starts a cloud-init user-data file in YAML (cloudinit.readthedocs.io, "User-data formats"). */
export const CLOUD_CONFIG_LINE = '#cloud-config';

/** Base names (lower-cased) of cloud-init files that may have no YAML extension. */
export const CLOUD_INIT_NAMES: readonly string[] = ['user-data', 'vendor-data'];

/** Top-level keys of the Compose specification; a file with any other (bar `x-*`) is not Compose. */
export const COMPOSE_TOP_KEYS: readonly string[] = ['version', 'name', 'services', 'networks', 'volumes', 'configs', 'secrets', 'include'];

/** Keys of which a Compose service has at least one. */
export const COMPOSE_SERVICE_KEYS: readonly string[] = [
  'image', 'build', 'command', 'entrypoint', 'ports', 'volumes', 'environment', 'env_file',
  'depends_on', 'container_name', 'restart', 'healthcheck', 'networks', 'extends', 'deploy', 'profiles',
];

/** Keys that make a mapping in a top-level YAML list an Ansible task (besides a module name). */
export const TASK_KEYS: readonly string[] = [
  'block', 'include_tasks', 'import_tasks', 'ansible.builtin.include_tasks', 'ansible.builtin.import_tasks',
  'when', 'notify', 'register', 'loop', 'with_items', 'become', 'tags', 'listen',
];

/** Folders never descended into when walking a tree outside git. */
export const ALWAYS_IGNORED_DIRS: readonly string[] = ['.git', 'node_modules', '.terraform', '.iacgen'];

/** Files larger than this are reported, not checked (bytes; 5 MiB). */
export const DEFAULT_MAX_FILE_BYTES = 5 * 1024 * 1024;
