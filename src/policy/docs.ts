/**
 * The documentation of every policy rule, as data: id, family, rule set, default severity,
 * one-line summary, why, and how to fix. `iacgen rules`, `iacgen explain` and the SARIF reporter
 * read it; the logic lives under `rules/`, bound to these ids in `registry.ts`.
 *
 * The set of a rule (`defects` or `house`, see {@link RuleSet}) is decided by one question: is a
 * finding a problem in any repository (a leak, a failure, an open door), or only against the
 * house rules that `iacgen new` follows? The comment above each `set:` says why.
 */
import type { RuleDoc } from './types.js';

const SUPPRESS = 'Where the finding is deliberate, add `# iacgen-ignore: RULE <reason>` on the line or the line above.';

/** Every rule's documentation, by rule id. */
export const RULE_DOCS = {
  'header-missing': {
    family: 'general',
    // house: an iacgen convention: third-party files have no reason to carry it.
    scope: 'file',
    set: 'house',
    severity: 'warning',
    summary: 'the file has no header block',
    why: 'Every artifact starts (after a shebang or `---`) with a comment block naming its path, purpose, author and date, so that a file found on a guest or in a backup says where it came from and who owns it.',
    fix: 'Start the file with comment lines `File: <path from the repository root>`, `Purpose: ...`, `Author: ...` and `Date: YYYY-MM-DD` in its own comment syntax (a Python module docstring also counts; `.tf.json` uses a top-level `"//"` key). Plain JSON files are not checked: JSON has no comments and its consumers rarely tolerate extra keys.',
  },
  'header-incomplete': {
    family: 'general',
    // house: an iacgen convention.
    scope: 'file',
    set: 'house',
    severity: 'warning',
    summary: 'the header block lacks a field, or its Date is not YYYY-MM-DD',
    why: 'A header with a missing field answers only some of the questions it is there for; a date in another format does not sort and is ambiguous (03/04).',
    fix: 'Add the missing `File:`, `Purpose:`, `Author:` or `Date:` line to the header block; write the date as YYYY-MM-DD.',
  },
  'header-path-mismatch': {
    family: 'general',
    // house: an iacgen convention.
    scope: 'file',
    set: 'house',
    severity: 'warning',
    summary: "the header's File: is not the file's path from the repository root",
    why: 'A header copied from another file, or left behind by a move, points readers at the wrong file.',
    fix: 'Set `File:` to the path of the file relative to the repository root (as `git ls-files` prints it).',
  },
  'secret-literal': {
    family: 'general',
    // defects: a secret in git is a leak, whoever wrote the file.
    set: 'defects',
    severity: 'error',
    summary: 'a secret (password, token, private key or credentials in a URL) is written in the file',
    why: 'A secret in a tracked file is in the history of every clone and backup for good; rotating it is the only fix once pushed.',
    fix: "Read it at run time: Ansible `{{ lookup('env', 'NAME') }}` or vault, Terraform a `sensitive` variable fed by `TF_VAR_name`, Compose `${NAME}` from a git-ignored `.env`, scripts an environment variable. Write placeholders (`changeme`, `<token>`) in examples. Rotate a secret that was ever committed.",
  },
  'destructive-unmarked': {
    family: 'general',
    // house: the `# WARNING: Destructive` marker is iacgen's own convention; `state: absent` and `rm -rf` are normal in any repository.
    set: 'house',
    severity: 'warning',
    summary: 'a destructive operation has no `# WARNING: Destructive` comment',
    why: 'Deleting packages, files, guests, volumes or tables cannot be undone by re-running; the reader (and the reviewer of a diff) must see it at a glance.',
    fix: 'Put `# WARNING: Destructive: <what is lost>` on the line, in the comment block directly above it, above the Ansible task holding it, or above the shell function holding it. Scripts should also ask for confirmation or need `--yes`.',
  },
  'env-file-tracked': {
    family: 'general',
    // defects: a tracked `.env` is a leak of real values.
    scope: 'file',
    set: 'defects',
    severity: 'error',
    summary: 'a `.env` file is tracked (or would be committed): it holds real values',
    why: 'A `.env` file holds the real secrets and settings of one machine. Only `.env.example` (placeholders) belongs in git.',
    fix: 'Run `git rm --cached <file>`, add `.env` (and `.env.*`, `!.env.example`) to `.gitignore`, and commit a `.env.example` with placeholder values. Rotate any secret it held.',
  },
  'ansible-command-not-idempotent': {
    family: 'ansible',
    // house: reports "changed" on every run: an idempotence convention (ansible-lint no-changed-when), not a failure.
    set: 'house',
    severity: 'warning',
    summary: '`command`/`shell` task without `creates`, `removes` or `changed_when`',
    why: 'A command task reports "changed" on every run and re-runs its command, so the playbook is not idempotent and `--check` tells nothing.',
    fix: 'Use a state-based module where one fits; otherwise add `creates:`/`removes:` (under the module or `args:`) or `changed_when:` (`false` for read-only commands). Handlers are not checked: they run only when notified.',
  },
  'ansible-restart-in-task': {
    family: 'ansible',
    // house: a style of handlers, not a failure.
    set: 'house',
    severity: 'warning',
    summary: '`state: restarted`/`reloaded` in a task instead of a handler',
    why: 'A task that restarts a service does it on every run, changed config or not (and before later config tasks). A handler runs once, only when notified by a change.',
    fix: 'Move the restart into `handlers:` and add `notify: <handler name>` to the tasks that change its configuration.',
  },
  'ansible-handler-undefined': {
    family: 'ansible',
    // defects: Ansible stops the play when the task changes something.
    set: 'defects',
    severity: 'error',
    summary: 'a task notifies a handler that the play does not define',
    why: 'Ansible stops the play with "The requested handler was not found" the first time the task changes something, often long after the typo was written.',
    fix: 'Define the handler in the play\'s `handlers:` (by `name:` or `listen:`), or correct the name in `notify:`. Plays with roles or included tasks are not checked: their handlers may come from elsewhere.',
  },
  'ansible-handler-unused': {
    family: 'ansible',
    // house: dead code or a forgotten notify; nothing fails.
    set: 'house',
    severity: 'warning',
    summary: 'a handler is defined but no task notifies it',
    why: 'A handler nobody notifies never runs: usually a `notify:` was forgotten or misspelt, and config changes are not applied.',
    fix: 'Add `notify: <handler name>` to the task that changes what the handler restarts, or delete the handler.',
  },
  'ansible-hosts-unknown': {
    family: 'ansible',
    // defects: a play that matches nothing changes nothing; checked only against an inventory in iacgen.yaml.
    set: 'defects',
    inventory: true,
    severity: 'warning',
    summary: '`hosts:` names a host or group that is not in the inventory',
    why: 'A pattern that matches nothing makes Ansible skip the play with only a warning: the playbook "succeeds" and changes nothing.',
    fix: 'Use a group or guest name of the inventory (`iacgen.yaml` guests and groups; `all`, `ungrouped` and `localhost` always exist), or add the guest there.',
  },
  'ansible-inventory-out-of-step': {
    family: 'ansible',
    // defects: the deploy "succeeds" on no host; checked only against an inventory in iacgen.yaml.
    set: 'defects',
    inventory: true,
    // error: iacgen.yaml says the guest exists, so the play is meant to run on it; Ansible only
    // warns ("Could not match supplied host pattern") and exits 0 having changed nothing.
    severity: 'error',
    summary: '`hosts:` names a guest or group of iacgen.yaml that the Ansible inventory lacks',
    why: 'The Ansible inventory file was written before the guest was added to iacgen.yaml: `ansible-playbook` matches no host, prints only a warning and exits 0, so the deploy "succeeds" and changes nothing. The inventory is the one `inventory =` in ./ansible.cfg names (what `ansible-playbook` run from the repository root without `-i` reads), else the conventional place nearest the playbook: `inventory/`, `inventory.yml`, `hosts.yml` or `hosts` in its folder or a folder above it (`ansible/inventory/` for `ansible/playbooks/`, where iacgen writes it).',
    fix: 'Run `iacgen new inventory --update` (it adds the missing hosts and groups from iacgen.yaml and keeps everything else of the file), or add the host to the inventory by hand. Names iacgen.yaml does not have are `ansible-hosts-unknown` findings instead.',
  },
  'ansible-conditional-not-boolean': {
    family: 'ansible',
    // defects: ansible-core 2.19 fails the task ("Conditionals must have a boolean result"); 2.14-2.18 ran it on truthiness.
    set: 'defects',
    severity: 'warning',
    summary: 'a conditional (`when:`, `failed_when:`, `changed_when:`, `until:`, `assert` `that:`) is not a boolean expression: ansible-core 2.19 fails it',
    why: 'ansible-core 2.19 requires every conditional to be a string expression with a boolean result (porting guide 2.19, "Broken Conditionals": https://docs.ansible.com/ansible/latest/porting_guides/porting_guide_core_2.19.html#broken-conditionals). A mapping or number fails with "Conditional expressions must be strings", an empty one with "Empty conditional expressions are not allowed", and an expression that yields a string, an integer (`x | length`), a list, a mapping or None fails with "Conditional result (...) was derived from value of type ... Conditionals must have a boolean result". Versions up to 2.18 took the value\'s truthiness, so the role works there and stops at the upgrade. Bare variables are flagged only when the role\'s own `defaults/main.yml` or `vars/main.yml` gives them a non-boolean value (a list, a string) and no task of the file sets them.',
    fix: 'Write a predicate with a boolean result: `x | length > 0`, `x is truthy`, `x | bool`, `x != \'\'`, `x is not none`; take quotes off an expression quoted by mistake (`a and \'b | length > 0\'`); quote a whole expression holding `: ` so YAML does not read a mapping. `ALLOW_BROKEN_CONDITIONALS=true` only turns the error into a deprecation warning until 2.23.',
  },
  'ansible-conditional-templated': {
    family: 'ansible',
    // defects: deprecated in 2.19 (removed in 2.23), and a template that renders a string is then re-read as an expression.
    set: 'defects',
    severity: 'warning',
    summary: 'a conditional is wrapped in template delimiters (`when: "{{ x }}"`): deprecated by ansible-core 2.19, removed in 2.23',
    why: 'Conditionals are already Jinja expressions. ansible-core 2.19 renders a conditional wrapped in `{{ }}` first and warns "Conditionals should not be surrounded by templating delimiters such as {{ }} or {% %}. This feature will be removed from ansible-core version 2.23"; when the template renders a string, that string is evaluated as an expression (a variable holding `yes` fails: "\'yes\' is undefined"), and a conditional made of several templates renders to an untrusted string and fails (porting guide 2.19, "Multi-pass Templating": https://docs.ansible.com/ansible/latest/porting_guides/porting_guide_core_2.19.html#multi-pass-templating; `_normalize_and_evaluate_conditional` in ansible-core\'s `_internal/_templating/_engine.py`).',
    fix: 'Drop the delimiters: `when: "{{ x }}"` becomes `when: x | bool` (or `x` when it holds a boolean), `until: "{{ r is succeeded }}"` becomes `until: r is succeeded`.',
  },
  'ansible-template-in-expression': {
    family: 'ansible',
    // defects: a syntax error in 2.19, or a warning before 2.23 disables embedded templates.
    set: 'defects',
    severity: 'warning',
    summary: 'a template (`{{ }}`, `{% %}`) is nested inside an expression: ansible-core 2.19 fails or warns',
    why: 'ansible-core 2.19 no longer renders templates nested in expressions, which could run untrusted templates (porting guide 2.19, "Multi-pass Templating": https://docs.ansible.com/ansible/latest/porting_guides/porting_guide_core_2.19.html#multi-pass-templating). In a conditional, `x == {{ y }}` fails with "Syntax error in expression. Template delimiters are not supported in expressions"; a template inside a string literal (`\'{{ y }}\' == \'a\'`, or a `lookup(\'env\', \'{{ name }}\')` argument) warns "Jinja constant strings should not contain embedded templates. This feature will be disabled by default in ansible-core 2.23".',
    fix: 'Use the variable itself in the expression: `when: x == y`, `lookup(\'env\', name)`, `\'prefix-\' ~ name` to build a string.',
  },
  'ansible-template-builds-literal': {
    family: 'ansible',
    // defects: the value changes type at the upgrade (a list becomes a string); a loop over it fails.
    set: 'defects',
    severity: 'warning',
    summary: 'a templated string written as a list or mapping literal (`\'["{{ a }}", "{{ b }}"]\'`): ansible-core 2.19 keeps it a string',
    why: 'Up to 2.18 ansible-core rendered a template and then evaluated the text as a Python literal, so `\'["{{ a }}", "{{ b }}"]\'` became a list. 2.19 requires Jinja\'s native mode and no longer does that last pass (porting guide 2.19, "Native Jinja Mode Required": https://docs.ansible.com/ansible/latest/porting_guides/porting_guide_core_2.19.html#native-jinja-mode-required): the value stays a string, and a `loop:` over it fails with "The `loop` value must resolve to a \'list\', not \'str\'" (lae/ansible-role-proxmox fixed its `pve_cluster_ssh_addrs` this way, commit 25ab57f). Only texts that were a literal of constants once rendered are reported (every `{{ }}` inside quotes), as a play or task `vars:` value, a `set_fact` value or a `loop:`/`with_*` value; module arguments are not (a module\'s argument spec turns a JSON string into the list or dict it declares).',
    fix: 'Build the value in one expression: `{{ [a, b] }}`, `{{ [a, b, c | default(omit)] | select }}`, `{{ {\'k\': a} }}`, or use `combine`/`+` on lists.',
  },
  'compose-version-obsolete': {
    family: 'compose',
    // house: Compose ignores the key; it is tidiness.
    set: 'house',
    severity: 'warning',
    summary: 'the obsolete top-level `version:` key',
    why: 'The Compose specification ignores `version:`; Docker Compose v2 warns about it, and it suggests a file format that no longer applies.',
    fix: 'Delete the `version:` line.',
  },
  'compose-no-healthcheck': {
    family: 'compose',
    // house: a house rule: many images have no way to check health.
    set: 'house',
    severity: 'warning',
    summary: 'a service has no healthcheck',
    why: 'Without a healthcheck Docker reports a hung service as running, and dependants cannot wait for it to be ready.',
    fix: 'Add `healthcheck:` with `test:` (e.g. `["CMD", "curl", "-fsS", "http://localhost:8080/health"]`), `interval:`, `timeout:` and `retries:`.',
  },
  'compose-depends-on-unhealthy': {
    family: 'compose',
    // house: a house rule: needs healthchecks, which are house rules too.
    set: 'house',
    severity: 'warning',
    summary: '`depends_on` without `condition: service_healthy`',
    why: 'Plain `depends_on` waits only until the container has started, not until the service answers: the dependant starts too early and crashes or retries.',
    fix: 'Use the long form: `depends_on: { db: { condition: service_healthy } }` (with a healthcheck on `db`); `service_completed_successfully` is accepted for one-shot jobs.',
  },
  'compose-bind-mount-data': {
    family: 'compose',
    // house: a house rule: bind mounts are a deliberate choice in many set-ups.
    set: 'house',
    severity: 'warning',
    summary: 'a writable bind mount (persistent data belongs in a named volume)',
    why: 'Bind-mounted data depends on a host path, its owner and permissions; named volumes are managed, backed up and moved with Docker. Read-only config files are the exception.',
    fix: 'Use a named volume (`data:/var/lib/app` plus a top-level `volumes: { data: {} }`), or mount a config file read-only (`./app.conf:/etc/app.conf:ro`). Sockets (`*.sock`) are not data and are not flagged.',
  },
  'compose-no-resource-limits': {
    family: 'compose',
    // house: a house rule.
    set: 'house',
    severity: 'warning',
    summary: 'a service has no memory or CPU limit',
    why: 'One runaway container can take the memory of the whole guest and get other services killed by the OOM killer.',
    fix: 'Add `deploy: { resources: { limits: { memory: 512M, cpus: "1.0" } } }` (or `mem_limit:` and `cpus:`).',
  },
  'compose-restart-policy': {
    family: 'compose',
    // house: a house rule: some services are meant to stay down.
    set: 'house',
    severity: 'warning',
    summary: 'a service has no `restart: unless-stopped` or `always`',
    why: 'Without a restart policy a service stays down after a crash or a reboot of the guest.',
    fix: 'Add `restart: unless-stopped` (or `always`).',
  },
  'compose-restart-invalid': {
    family: 'compose',
    // defects: Compose rejects the file.
    set: 'defects',
    severity: 'error',
    summary: 'a restart policy that Compose does not know',
    why: 'Compose rejects the file (`restart: sometimes` is not a policy), so nothing starts.',
    fix: 'Use one of `no`, `always`, `on-failure[:N]` or `unless-stopped`; the house rules want `unless-stopped` or `always`.',
  },
  'compose-image-unpinned': {
    family: 'compose',
    // defects: `latest` changes under you: the next pull can break the service.
    set: 'defects',
    severity: 'warning',
    summary: 'an image without a version tag, or tagged `latest`',
    why: '`latest` (or no tag) changes under you: the next pull can bring a major upgrade that breaks the service, and no one can tell which version ran.',
    fix: 'Pin a version tag (`postgres:16.4`) or a digest (`@sha256:...`).',
  },
  'compose-db-port-public': {
    family: 'compose',
    // defects: a database open to the network, past the host firewall.
    set: 'defects',
    severity: 'warning',
    summary: 'a database port is published on all interfaces',
    why: 'A published port without a host address listens on every interface of the guest, and Docker bypasses the host firewall: the database is open to the whole network.',
    fix: 'Do not publish it (services reach it over the Compose network), or bind it to one address: `127.0.0.1:5432:5432` or the guest\'s LAN address.',
  },
  'compose-privileged': {
    family: 'compose',
    // defects: a privileged container is root on the host.
    set: 'defects',
    severity: 'warning',
    summary: '`privileged: true`',
    why: 'A privileged container has every capability and all host devices: escaping it is trivial, so it is as good as root on the guest.',
    fix: 'Grant only what is needed: `cap_add:` for specific capabilities, `devices:` for specific devices.',
  },
  'compose-env-secret': {
    family: 'compose',
    // defects: a secret in git.
    set: 'defects',
    severity: 'error',
    summary: 'a secret is written in `environment:`',
    why: 'The Compose file is tracked; a password in `environment:` is in git, and in `docker inspect` output.',
    fix: 'Write `NAME: ${NAME}` and put the value in a git-ignored `.env` (with `.env.example` beside it), or use Compose `secrets:` / the image\'s `*_FILE` variables.',
  },
  'tf-variable-untyped': {
    family: 'terraform',
    // house: documentation: Terraform accepts untyped variables.
    set: 'house',
    severity: 'warning',
    summary: 'a variable without `type`',
    why: 'Without a type, Terraform accepts any value and fails late (or silently converts); the type documents what the variable holds.',
    fix: 'Add `type = string` (or `number`, `bool`, `list(string)`, `object({...})`).',
  },
  'tf-variable-undocumented': {
    family: 'terraform',
    // house: documentation.
    set: 'house',
    severity: 'warning',
    summary: 'a variable without `description`',
    why: 'The description is what `terraform plan` prompts with and what a reader of `variables.tf` learns from.',
    fix: 'Add `description = "..."` saying what the value is and its unit or format.',
  },
  'tf-variable-not-sensitive': {
    family: 'terraform',
    // defects: the secret is printed in plan output and CI logs.
    set: 'defects',
    severity: 'warning',
    summary: 'a variable whose name says secret is not `sensitive = true`',
    why: 'Terraform prints non-sensitive values in plan and apply output (and CI logs).',
    fix: 'Add `sensitive = true` and feed the value through `TF_VAR_<name>`.',
  },
  'tf-sensitive-default': {
    family: 'terraform',
    // defects: the secret (or a dummy that gets deployed) is in git.
    set: 'defects',
    severity: 'error',
    summary: 'a sensitive variable has a default',
    why: 'A default for a secret is either the secret itself, in git, or a dummy that gets deployed when `TF_VAR_` is forgotten.',
    fix: 'Remove `default` (or set `default = null` to make it optional) and pass the value with `TF_VAR_<name>`.',
  },
  'tf-provider-unpinned': {
    family: 'terraform',
    // house: the committed `.terraform.lock.hcl` pins providers already; the constraint is a house rule.
    set: 'house',
    severity: 'warning',
    summary: 'a provider without a version constraint (with an upper bound) in `required_providers`',
    why: 'An unpinned provider upgrades on the next `init -upgrade` or fresh checkout, and provider majors (bpg/proxmox included) change resources.',
    fix: 'Declare it in `terraform { required_providers { proxmox = { source = "bpg/proxmox", version = "~> 0.66" } } }` (in `versions.tf`), with `~>` or an upper bound.',
  },
  'tf-required-version-missing': {
    family: 'terraform',
    // house: a house rule: Terraform runs without it.
    set: 'house',
    severity: 'warning',
    summary: 'the module does not set `required_version`',
    why: 'Without it, an older or newer Terraform (or OpenTofu) runs the code and fails in confusing ways, or upgrades the state format.',
    fix: 'Add `required_version = ">= 1.5"` to the `terraform` block (in `versions.tf`).',
  },
  'tf-vm-id-collision': {
    family: 'terraform',
    // defects: Proxmox IDs are unique: the apply fails or replaces the wrong guest; checked only against an inventory in iacgen.yaml.
    set: 'defects',
    inventory: true,
    severity: 'error',
    summary: 'a new guest takes a VM/CT ID that another guest of the inventory has',
    why: 'Proxmox IDs are unique per cluster: the apply fails, or (with a destroy-and-recreate) replaces the wrong guest.',
    fix: 'Pick a free ID (not in the inventory), or give the resource the name of the inventory guest it really manages.',
  },
  'tf-vm-id-unknown': {
    family: 'terraform',
    // defects: a typo or a stale inventory; checked only against an inventory in iacgen.yaml.
    set: 'defects',
    inventory: true,
    severity: 'warning',
    summary: 'a referenced guest ID (data source, clone source) is not in the inventory',
    why: 'Targets come from the inventory; an ID that is not there is a typo or an inventory that is out of date.',
    fix: 'Use the ID of an inventory guest (or template), or add the guest to `iacgen.yaml`.',
  },
  'tf-node-unknown': {
    family: 'terraform',
    // defects: the apply fails (node not found); checked only against an inventory in iacgen.yaml.
    set: 'defects',
    inventory: true,
    severity: 'warning',
    summary: 'a Proxmox node name that is not the inventory\'s node',
    why: 'A wrong `node_name` fails the apply ("node not found"), or on a cluster puts the guest on another node.',
    fix: 'Use the inventory\'s node name (`proxmox.node` in `iacgen.yaml`), ideally through a variable.',
  },
  'tf-provider-inline-token': {
    family: 'terraform',
    // defects: a credential in git.
    set: 'defects',
    severity: 'error',
    summary: 'the provider block holds a credential literally',
    why: 'A token or password in `provider` is in git and in every plan; the provider can read it from variables or its environment variables instead.',
    fix: 'Write `api_token = var.proxmox_api_token` with a `sensitive` variable fed by `TF_VAR_proxmox_api_token` (or let bpg/proxmox read `PROXMOX_VE_API_TOKEN`).',
  },
  'tf-snippets-datastore': {
    family: 'terraform',
    // defects: the upload or the VM's cloud-init fails on any Proxmox VE; fires only where the configuration itself shows the datastore lacks the content type.
    set: 'defects',
    severity: 'error',
    summary: 'snippets uploaded to, or read from, a datastore without the `snippets` content type',
    why: 'A snippet (cloud-init user data, hook script) lives on a datastore with the `snippets` content type. Elsewhere bpg/proxmox warns "the datastore ... does not support content type \"snippets\"" and fails with "failed to read file from <datastore>:snippets/..." (https://github.com/bpg/terraform-provider-proxmox/issues/1540). The rule fires only on evidence in the folder: a storage resource of the module whose `content` lacks `snippets`, or the installer\'s block storages `local-lvm` (LVM-thin) and `local-zfs` (ZFS pool), which hold disk images and container volumes only.',
    fix: 'Put snippets on a file-based datastore (`local`, NFS, CIFS, CephFS) and enable `Snippets` on it in Datacenter > Storage (or `content` of its storage resource); see https://github.com/bpg/terraform-provider-proxmox/issues/1540.',
  },
  'tf-snippets-no-ssh': {
    family: 'terraform',
    // defects: the upload fails without SSH credentials; a warning because PROXMOX_VE_SSH_* environment variables can supply them.
    set: 'defects',
    severity: 'warning',
    summary: 'a `proxmox_virtual_environment_file` uploaded over SSH while the folder\'s `provider "proxmox"` has no `ssh` block',
    why: 'The Proxmox VE API cannot upload snippets (or backups), so bpg/proxmox copies them over SSH to the node (https://github.com/bpg/terraform-provider-proxmox/issues/2112; docs/index.md, "When is SSH Required?"). Without an `ssh` block the provider falls back to the `username`/`password` of the provider; with an API token there is nothing to fall back on and the upload fails. The environment variables `PROXMOX_VE_SSH_USERNAME`, `PROXMOX_VE_SSH_AGENT`, `PROXMOX_VE_SSH_PRIVATE_KEY` can replace the block, hence a warning. The content type counts when literal, or inferred as the provider does (`.yaml`/`.yml` names are snippets). Nothing is said when the provider block is not in the folder.',
    fix: 'Add `ssh { agent = true  username = "root" }` (or `private_key = var.ssh_private_key`) to `provider "proxmox"`, or export `PROXMOX_VE_SSH_USERNAME` and `PROXMOX_VE_SSH_AGENT=true` where Terraform runs; see https://github.com/bpg/terraform-provider-proxmox/issues/2112.',
  },
  'tf-cloud-init-interface-taken': {
    family: 'terraform',
    // defects: the cloud-init drive replaces a disk: the guest does not boot.
    set: 'defects',
    severity: 'error',
    summary: 'a VM puts its cloud-init drive (`initialization { interface }`) on an interface a disk or CD-ROM holds',
    why: 'The cloud-init drive takes the interface named in `initialization`; where a disk of the VM, or of the template it clones, is on it, the disk is detached: the clone does not start, or the provider crashes ("Plugin did not respond"). A clone also keeps the template\'s cloud-init drive (on `ide2` by default), which cloning cannot move (https://github.com/bpg/terraform-provider-proxmox/issues/676). The template is checked when it is a resource of the same folder.',
    fix: 'Drop `interface` from the clone\'s `initialization` (the provider detects the template\'s cloud-init drive), or name a free interface such as `ide2`; see https://github.com/bpg/terraform-provider-proxmox/issues/676.',
  },
  'tf-hook-script-not-executable': {
    family: 'terraform',
    // defects: Proxmox VE rejects the VM/CT configuration on any host.
    set: 'defects',
    severity: 'error',
    summary: 'a hook script uploaded by `proxmox_virtual_environment_file` without an executable `file_mode`',
    why: 'Proxmox VE refuses a `hook_script_file_id` whose file is not executable (HTTP 500), and the changes of that apply are not saved to the state (https://github.com/bpg/terraform-provider-proxmox/pull/1478, which added `file_mode`; docs/resources/virtual_environment_file.md). Checked when the script is a resource of the same folder.',
    fix: 'Set `file_mode = "0700"` on the file resource (allowed for `root@pam` only); see https://github.com/bpg/terraform-provider-proxmox/pull/1478.',
  },
  'py-no-main-guard': {
    family: 'python',
    // house: a house rule for scripts.
    scope: 'file',
    set: 'house',
    severity: 'warning',
    summary: 'a script without an `if __name__ == "__main__":` block',
    why: 'Without it, importing the script (from tests or another script) runs it. Scripts are files with a shebang or a `main()`; other modules, `__init__.py`, `__main__.py`, `conftest.py` and test files are not checked.',
    fix: 'Move the top-level work into `main()` and end the file with `if __name__ == "__main__":` and `main()` (or `sys.exit(main())`).',
  },
  'py-http-no-timeout': {
    family: 'python',
    // house: a house rule: httpx has a default time-out, and the house wants it stated.
    set: 'house',
    severity: 'warning',
    summary: 'an HTTP call (requests, httpx) without `timeout=`',
    why: 'requests waits forever by default; a guest that is down hangs the script. httpx has a 5 s default that the house rules want stated.',
    fix: 'Pass `timeout=10` (or an `httpx.Timeout`) to the call or the `httpx.Client(...)`.',
  },
  'py-bare-except': {
    family: 'python',
    // house: a style rule (flake8 E722): it catches too much but breaks nothing by itself.
    set: 'house',
    severity: 'warning',
    summary: 'a bare `except:`',
    why: 'It also catches KeyboardInterrupt and SystemExit, so Ctrl-C and `sys.exit` stop working, and hides the real error.',
    fix: 'Catch what you expect (`except httpx.TimeoutException:`), or `except Exception:` and log it.',
  },
  'sh-shebang': {
    family: 'shell',
    // house: `#!/bin/bash` works where bash is in /bin: a portability house rule.
    scope: 'file',
    set: 'house',
    severity: 'warning',
    summary: 'the shebang is not `#!/usr/bin/env bash` (or `#!/usr/bin/env sh`)',
    why: 'Bash is not in /bin on every system (BSD, NixOS, Homebrew); `env` finds it on PATH. A script without a shebang runs in whatever shell calls it. Sourced dotfiles (`.bashrc`, `.profile`) are not checked.',
    fix: 'Make the first line `#!/usr/bin/env bash` (or `#!/usr/bin/env sh` for POSIX scripts).',
  },
  'sh-no-strict-mode': {
    family: 'shell',
    // house: a house rule: many correct scripts handle errors themselves.
    scope: 'file',
    set: 'house',
    severity: 'warning',
    summary: 'no `set -euo pipefail`',
    why: 'Without it a failed command, an unset variable or a failure inside a pipe is ignored and the script carries on with wrong data.',
    fix: 'Add `set -euo pipefail` after the header (`set -eu` for `sh` scripts, where pipefail is not POSIX before 2024).',
  },
  'sh-no-usage': {
    family: 'shell',
    // house: a house rule.
    scope: 'file',
    set: 'house',
    severity: 'warning',
    summary: 'the script reads arguments but has no usage/help',
    why: 'A script that takes arguments but cannot say which one is run wrongly, or read before use.',
    fix: 'Add a `usage` function that prints the synopsis, and call it for `-h`/`--help` and for bad arguments.',
  },
  'suppression-unused': {
    family: 'suppression',
    // defects: it concerns iacgen's own comments, which exist only where someone wrote them.
    set: 'defects',
    severity: 'warning',
    summary: 'an `iacgen-ignore` comment that suppresses nothing',
    why: 'A suppression left behind after a fix hides the next real finding on that line.',
    fix: 'Delete the comment (or correct the rule id).',
  },
  'suppression-invalid': {
    family: 'suppression',
    // defects: it concerns iacgen's own comments, which exist only where someone wrote them.
    set: 'defects',
    severity: 'warning',
    summary: 'an `iacgen-ignore` comment without a reason, or for a rule that does not exist',
    why: 'A suppression must say why the finding is acceptable, so that the next reader can judge it; an unknown id suppresses nothing.',
    fix: 'Write `# iacgen-ignore: <rule-id> <reason>` (ids: `iacgen rules`).',
  },
} as const satisfies Record<string, RuleDoc>;

/** A policy rule id. */
export type RuleId = keyof typeof RULE_DOCS;

/** Every rule id, in documentation order. */
export const RULE_IDS = Object.keys(RULE_DOCS) as RuleId[];

/** True for a known rule id. */
export function isRuleId(id: string): id is RuleId {
  return Object.hasOwn(RULE_DOCS, id);
}

/** The suppression hint appended to every explanation, with the rule id filled in. */
export function suppressHint(id: string): string {
  return SUPPRESS.replace('RULE', id);
}
