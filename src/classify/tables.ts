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
  'compose',
  'terraform',
  'shell',
  'python',
  'dockerfile',
  'yaml',
  'json',
  'toml',
  'env',
  'unknown',
] as const;

/** One of {@link FILE_TYPES}. */
export type FileType = (typeof FILE_TYPES)[number];

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

/** Extensions (lower-cased, with the dot; longest match wins) that decide the type. */
export const BY_EXTENSION: Readonly<Record<string, FileType>> = {
  '.tf': 'terraform',
  '.tfvars': 'terraform',
  '.tf.json': 'terraform',
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

/** Keys that make a mapping in a top-level YAML list an Ansible play (or playbook import). */
export const PLAY_KEYS: readonly string[] = [
  'hosts',
  'import_playbook',
  'ansible.builtin.import_playbook',
];

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
