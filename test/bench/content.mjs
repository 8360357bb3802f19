// Hand-written files of the synthetic homelab: what the benchmark repository holds besides
// what `iacgen new` generates. Every function returns { path: content }. The content is written
// to pass its checkers (yamllint with `iacgen init`'s .yamllint, ansible-lint's production
// profile, shellcheck, shfmt, pyflakes, terraform fmt and validate, docker-compose config), bar
// the files of `broken()`, which are invalid on purpose, one kind of fault each.

/** Compose services of the homelab: name, image, container port, and a variable of its own. */
export const SERVICES = [
  ['redis', 'redis:7.2-alpine', 6379, 'REDIS_MAXMEMORY'],
  ['postgres', 'postgres:16-alpine', 5432, 'POSTGRES_PASSWORD'],
  ['grafana', 'grafana/grafana:10.4.2', 3000, 'GF_SECURITY_ADMIN_PASSWORD'],
  ['prometheus', 'prom/prometheus:v2.51.2', 9090, 'PROMETHEUS_RETENTION'],
  ['loki', 'grafana/loki:2.9.7', 3100, 'LOKI_RETENTION'],
  ['uptime-kuma', 'louislam/uptime-kuma:1.23.13', 3001, 'UPTIME_KUMA_PORT'],
  ['homepage', 'ghcr.io/gethomepage/homepage:v0.8.12', 3000, 'HOMEPAGE_TITLE'],
  ['vaultwarden', 'vaultwarden/server:1.30.5', 80, 'VW_ADMIN_TOKEN'],
  ['gitea', 'gitea/gitea:1.21.11', 3000, 'GITEA_DB_PASSWORD'],
  ['nextcloud', 'nextcloud:28.0.4-apache', 80, 'NEXTCLOUD_ADMIN_PASSWORD'],
  ['jellyfin', 'jellyfin/jellyfin:10.8.13', 8096, 'JELLYFIN_PUBLISHED_URL'],
  ['pihole', 'pihole/pihole:2024.03.2', 80, 'PIHOLE_WEBPASSWORD'],
  ['traefik', 'traefik:v2.11.2', 8080, 'TRAEFIK_LOG_LEVEL'],
  ['portainer', 'portainer/portainer-ce:2.20.1', 9000, 'PORTAINER_EDGE'],
  ['paperless', 'ghcr.io/paperless-ngx/paperless-ngx:2.7.2', 8000, 'PAPERLESS_SECRET_KEY'],
  ['mosquitto', 'eclipse-mosquitto:2.0.18', 1883, 'MOSQUITTO_LOG_TYPE'],
  ['node-red', 'nodered/node-red:3.1.8', 1880, 'NODE_RED_CREDENTIAL_SECRET'],
  ['minio', 'minio/minio:RELEASE.2024-04-18T19-09-19Z', 9000, 'MINIO_ROOT_PASSWORD'],
  ['alertmanager', 'prom/alertmanager:v0.27.0', 9093, 'ALERTMANAGER_SLACK_URL'],
  ['syncthing', 'syncthing/syncthing:1.27.6', 8384, 'SYNCTHING_GUI_USER'],
  ['wikijs', 'ghcr.io/requarks/wiki:2.5.302', 3000, 'WIKI_DB_PASSWORD'],
  ['n8n', 'n8nio/n8n:1.37.3', 5678, 'N8N_ENCRYPTION_KEY'],
];

const ROLES = [
  ['common', 'Base packages and time sync', ['chrony', 'curl', 'vim-tiny'], 'chrony'],
  ['unattended', 'Unattended security upgrades', ['unattended-upgrades', 'apt-listchanges'], 'unattended-upgrades'],
  ['users', 'Admin users and their SSH keys', ['sudo'], 'ssh'],
  ['fail2ban', 'fail2ban for SSH', ['fail2ban'], 'fail2ban'],
  ['backup_client', 'Proxmox Backup client', ['proxmox-backup-client'], 'cron'],
  ['postgres', 'PostgreSQL server', ['postgresql', 'python3-psycopg2'], 'postgresql'],
  ['docker_engine', 'Docker engine from Debian', ['docker.io', 'docker-compose'], 'docker'],
  ['nginx_site', 'Nginx site', ['nginx'], 'nginx'],
  ['promtail', 'Promtail log shipper', ['promtail'], 'promtail'],
  ['smartd', 'Disk health monitoring', ['smartmontools'], 'smartmontools'],
];

/** Role-based playbooks: file name, play name, host group, roles. */
const ROLE_PLAYBOOKS = [
  ['site', 'Baseline for every guest', 'all', ['common', 'unattended', 'users', 'fail2ban']],
  ['proxy', 'Reverse proxy guests', 'proxy', ['common', 'nginx_site']],
  ['monitoring', 'Monitoring guests', 'monitoring', ['common', 'promtail', 'smartd']],
  ['web', 'Web servers', 'web', ['common', 'docker_engine', 'nginx_site']],
  ['db', 'Database servers', 'db', ['common', 'postgres', 'backup_client']],
  ['automation', 'Automation guests', 'automation', ['common', 'docker_engine', 'backup_client']],
];

const HOSTS = ['nginx-proxy', 'monitoring-01', 'web-01', 'web-02', 'db-01'];
const GROUPS = ['all', 'proxy', 'monitoring', 'web', 'db', 'automation'];

/**
 * Ansible: ansible.cfg, roles, role-based playbooks, group_vars and host_vars.
 * @param {number} [roleCount] how many of the 10 roles (the first ones); the role-based playbooks
 *   whose roles are all written, and as many group_vars/host_vars files (at most 5 each)
 */
export function ansible(roleCount = ROLES.length) {
  const roles = ROLES.slice(0, roleCount);
  const have = new Set(roles.map((r) => r[0]));
  const playbooks = ROLE_PLAYBOOKS.filter((p) => p[3].every((r) => have.has(r)));
  const varsFiles = Math.min(5, Math.max(1, Math.ceil(roleCount / 2)));
  const files = {
    'ansible.cfg': '[defaults]\n# Roles live beside the playbooks folder.\nroles_path = ./ansible/roles\n',
  };
  for (const [role, description, packages, service] of roles) {
    const dir = `ansible/roles/${role}`;
    const pkgVar = `${role}_packages`;
    files[`${dir}/tasks/main.yml`] = [
      '---',
      `- name: Install the ${description.toLowerCase()} packages`,
      '  ansible.builtin.apt:',
      `    name: "{{ ${pkgVar} }}"`,
      '    state: present',
      '    update_cache: true',
      '    cache_valid_time: 3600',
      '',
      `- name: Write the ${role} configuration`,
      '  ansible.builtin.template:',
      `    src: ${role}.conf.j2`,
      `    dest: "/etc/default/${role}-homelab"`,
      '    owner: root',
      '    group: root',
      '    mode: "0644"',
      `  notify: Restart ${service}`,
      '',
      `- name: Enable ${service}`,
      '  ansible.builtin.service:',
      `    name: ${service}`,
      '    state: started',
      '    enabled: true',
      '',
    ].join('\n');
    files[`${dir}/handlers/main.yml`] = [
      '---',
      `- name: Restart ${service}`,
      '  ansible.builtin.service:',
      `    name: ${service}`,
      '    state: restarted',
      '',
    ].join('\n');
    files[`${dir}/defaults/main.yml`] = [
      '---',
      `# ${description}: defaults, override in group_vars.`,
      `${pkgVar}:`,
      ...packages.map((p) => `  - ${p}`),
      `${role}_options: "--homelab"`,
      '',
    ].join('\n');
    files[`${dir}/meta/main.yml`] = [
      '---',
      'galaxy_info:',
      '  author: homelab',
      `  description: ${description}`,
      '  license: MIT',
      '  min_ansible_version: "2.14"',
      '  platforms:',
      '    - name: Debian',
      '      versions:',
      '        - bookworm',
      'dependencies: []',
      '',
    ].join('\n');
    files[`${dir}/templates/${role}.conf.j2`] = `# {{ ansible_managed }}\n${role.toUpperCase()}_OPTIONS="{{ ${role}_options }}"\n`;
    files[`${dir}/README.md`] = `# Role ${role}\n\n${description}. Variables: \`${pkgVar}\`, \`${role}_options\`.\n`;
  }
  for (const [name, play, hosts, playRoles] of playbooks) {
    files[`ansible/playbooks/${name}.yml`] = [
      '---',
      `- name: ${play}`,
      `  hosts: ${hosts}`,
      '  become: true',
      '  roles:',
      ...playRoles.map((r) => `    - role: ${r}`),
      '',
    ].join('\n');
  }
  GROUPS.slice(0, varsFiles).forEach((group, i) => {
    files[`ansible/group_vars/${group}.yml`] = [
      '---',
      `# Variables of group ${group}.`,
      'ansible_user: ansible',
      `ntp_servers:`,
      `  - ${i}.debian.pool.ntp.org`,
      `common_options: "--group ${group}"`,
      '',
    ].join('\n');
  });
  HOSTS.slice(0, varsFiles).forEach((host, i) => {
    files[`ansible/host_vars/${host}.yml`] = ['---', `# Variables of host ${host}.`, `proxmox_vmid: ${101 + i}`, `backup_client_options: "--ns ${host}"`, ''].join('\n');
  });
  return files;
}

/** One compose project: compose.yaml and .env.example (and a Dockerfile for some). */
export function composeProject(index) {
  const [name, image, port, variable] = SERVICES[index % SERVICES.length];
  const suffix = index < SERVICES.length ? '' : `-${Math.floor(index / SERVICES.length) + 1}`;
  const dir = `compose/${name}${suffix}`;
  const hostPort = 8000 + index;
  const upper = name.toUpperCase().replace(/-/g, '_');
  const files = {};
  files[`${dir}/compose.yaml`] = [
    '---',
    `# ${name}: one service of the homelab, published on ${hostPort}.`,
    `name: ${name}${suffix}`,
    'services:',
    `  ${name}:`,
    `    image: ${image}`,
    '    restart: unless-stopped',
    '    ports:',
    `      - "127.0.0.1:\${${upper}_PORT:-${hostPort}}:${port}"`,
    '    environment:',
    `      ${variable}: \${${variable}}`,
    '      TZ: ${TZ:-Europe/Berlin}',
    '    volumes:',
    `      - ${name}-data:/data`,
    '    healthcheck:',
    `      test: ["CMD-SHELL", "nc -z 127.0.0.1 ${port} || exit 1"]`,
    '      interval: 30s',
    '      timeout: 5s',
    '      retries: 3',
    '    logging:',
    '      driver: json-file',
    '      options:',
    '        max-size: "10m"',
    'volumes:',
    `  ${name}-data: {}`,
    '',
  ].join('\n');
  files[`${dir}/.env.example`] = `# Copy to .env and fill in.\n${variable}=change-me\n${upper}_PORT=${hostPort}\nTZ=Europe/Berlin\n`;
  if (index % 7 === 3) {
    files[`${dir}/Dockerfile`] = `FROM ${image}\nLABEL org.opencontainers.image.title="${name}"\n`;
  }
  return files;
}

/** One Terraform directory; even ones use the bpg/proxmox provider, odd ones none. */
export function terraformDir(index) {
  const names = ['lxc-dns', 'vm-k3s', 'lxc-proxy', 'naming', 'vm-backup', 'networks', 'lxc-media', 'dns-records', 'vm-runner', 'labels'];
  const name = `${names[index % names.length]}${index < names.length ? '' : `-${index}`}`;
  const dir = `terraform/${name}`;
  const vmid = 200 + index;
  const files = {};
  if (index % 2 === 0) {
    files[`${dir}/versions.tf`] = [
      'terraform {',
      '  required_version = ">= 1.5"',
      '  required_providers {',
      '    proxmox = {',
      '      source  = "bpg/proxmox"',
      '      version = "~> 0.55"',
      '    }',
      '  }',
      '}',
      '',
    ].join('\n');
    files[`${dir}/variables.tf`] = [
      'variable "endpoint" {',
      '  description = "Proxmox VE API endpoint"',
      '  type        = string',
      '  default     = "https://192.168.2.200:8006/"',
      '}',
      '',
      'variable "node" {',
      '  description = "Proxmox VE node name"',
      '  type        = string',
      '  default     = "serviceslab"',
      '}',
      '',
      'variable "vmid" {',
      '  description = "ID of the guest"',
      '  type        = number',
      `  default     = ${vmid}`,
      '}',
      '',
    ].join('\n');
    files[`${dir}/main.tf`] = [
      'provider "proxmox" {',
      '  endpoint = var.endpoint',
      '  insecure = true',
      '}',
      '',
      `resource "proxmox_virtual_environment_container" "${name.replace(/-/g, '_')}" {`,
      '  node_name = var.node',
      '  vm_id     = var.vmid',
      '',
      '  initialization {',
      `    hostname = "${name}"`,
      '  }',
      '',
      '  operating_system {',
      '    template_file_id = "local:vztmpl/debian-12-standard_12.2-1_amd64.tar.zst"',
      '    type             = "debian"',
      '  }',
      '}',
      '',
    ].join('\n');
    files[`${dir}/outputs.tf`] = [
      'output "vmid" {',
      '  description = "ID of the guest"',
      '  value       = var.vmid',
      '}',
      '',
    ].join('\n');
  } else {
    files[`${dir}/versions.tf`] = ['terraform {', '  required_version = ">= 1.5"', '}', ''].join('\n');
    files[`${dir}/variables.tf`] = [
      'variable "prefix" {',
      '  description = "Prefix of every name"',
      '  type        = string',
      `  default     = "${name}"`,
      '}',
      '',
      'variable "guests" {',
      '  description = "Guests by name"',
      '  type        = map(number)',
      '  default = {',
      `    web = ${vmid}`,
      `    db  = ${vmid + 1}`,
      '  }',
      '}',
      '',
    ].join('\n');
    files[`${dir}/main.tf`] = [
      'locals {',
      '  names = { for key, id in var.guests : key => "${var.prefix}-${key}-${id}" }',
      '}',
      '',
      'resource "terraform_data" "names" {',
      '  input = local.names',
      '}',
      '',
    ].join('\n');
    files[`${dir}/outputs.tf`] = [
      'output "names" {',
      '  description = "Names of the guests"',
      '  value       = terraform_data.names.output',
      '}',
      '',
    ].join('\n');
  }
  return files;
}

/** One shell script (shellcheck and shfmt clean; shfmt indents with tabs). */
export function shellScript(index) {
  const tasks = ['backup', 'update', 'snapshot', 'prune', 'rotate-logs', 'sync-media', 'check-disks', 'renew-certs', 'restart-stack', 'export-metrics'];
  const task = tasks[index % tasks.length];
  const name = `${task}${index < tasks.length ? '' : `-${Math.floor(index / tasks.length) + 1}`}`;
  const path = index % 10 === 9 ? `bin/${name}` : `scripts/${name}.sh`;
  const content = [
    '#!/usr/bin/env bash',
    `# ${task} for the homelab (${index}).`,
    'set -euo pipefail',
    '',
    `readonly TARGET="\${1:-/srv/${name}}"`,
    `readonly LOG="/var/log/homelab/${name}.log"`,
    '',
    'log() {',
    '\tprintf \'%s %s\\n\' "$(date --iso-8601=seconds)" "$*" >>"$LOG"',
    '}',
    '',
    'main() {',
    '\tlocal count=0',
    '\tif [[ ! -d "$TARGET" ]]; then',
    '\t\tlog "missing $TARGET"',
    '\t\treturn 1',
    '\tfi',
    '\twhile IFS= read -r -d \'\' file; do',
    '\t\tcount=$((count + 1))',
    `\t\tlog "${task}: $file"`,
    '\tdone < <(find "$TARGET" -type f -print0)',
    `\tcase "$count" in`,
    '\t0) log "nothing to do" ;;',
    '\t*) log "done: $count files" ;;',
    '\tesac',
    '}',
    '',
    'main "$@"',
    '',
  ].join('\n');
  return { [path]: content };
}

/** One Python tool (pyflakes clean). */
export function pythonTool(index) {
  const tools = ['inventory_export', 'backup_report', 'dns_sync', 'cert_check', 'metrics_push', 'guest_list', 'vmid_alloc', 'tag_sync'];
  const name = `${tools[index % tools.length]}${index < tools.length ? '' : `_${Math.floor(index / tools.length) + 1}`}`;
  const content = [
    '#!/usr/bin/env python3',
    `"""${name}: a homelab helper ({index})."""`.replace('{index}', String(index)),
    '',
    'import argparse',
    'import json',
    'import sys',
    'from pathlib import Path',
    '',
    '',
    'def load(path: Path) -> dict:',
    '    """Read one JSON document."""',
    '    with path.open(encoding="utf-8") as handle:',
    '        return json.load(handle)',
    '',
    '',
    'def summarise(data: dict) -> list[str]:',
    '    """One line per guest, sorted by id."""',
    '    guests = sorted(data.get("guests", []), key=lambda g: g.get("id", 0))',
    `    return [f"{g.get('id')}\\t{g.get('name', '?')}\\t${index}" for g in guests]`,
    '',
    '',
    'def main(argv: list[str]) -> int:',
    `    parser = argparse.ArgumentParser(description="${name}")`,
    '    parser.add_argument("file", type=Path)',
    '    parser.add_argument("--limit", type=int, default=0)',
    '    args = parser.parse_args(argv)',
    '    lines = summarise(load(args.file))',
    '    if args.limit:',
    '        lines = lines[: args.limit]',
    '    for line in lines:',
    '        print(line)',
    '    return 0',
    '',
    '',
    'if __name__ == "__main__":',
    '    sys.exit(main(sys.argv[1:]))',
    '',
  ].join('\n');
  return { [`tools/${name}.py`]: content };
}

/** Plain data files: YAML, JSON and TOML under config/. */
export function configFiles(yamlCount, jsonCount, tomlCount) {
  const files = {};
  for (let i = 0; i < yamlCount; i++) {
    files[`config/app-${i + 1}.yaml`] = [
      '---',
      `# Settings of app ${i + 1}.`,
      'app:',
      `  name: app-${i + 1}`,
      `  listen: "127.0.0.1:${9100 + i}"`,
      '  features:',
      '    - metrics',
      '    - tracing',
      'limits:',
      `  memory_mb: ${256 + 32 * i}`,
      '  cpus: 1',
      '',
    ].join('\n');
  }
  for (let i = 0; i < jsonCount; i++) {
    files[`config/dashboard-${i + 1}.json`] = `${JSON.stringify(
      { title: `Dashboard ${i + 1}`, uid: `dash-${i + 1}`, panels: [{ id: 1, type: 'timeseries', targets: [{ expr: `up{job="node-${i}"}` }] }], refresh: '30s' },
      null,
      2,
    )}\n`;
  }
  for (let i = 0; i < tomlCount; i++) {
    files[`config/agent-${i + 1}.toml`] = [
      `# Agent ${i + 1}.`,
      '[agent]',
      `interval = "${10 + i}s"`,
      'hostname = ""',
      '',
      '[[outputs.prometheus_client]]',
      `listen = ":${9270 + i}"`,
      '',
    ].join('\n');
  }
  files['tools/pyproject.toml'] = '[project]\nname = "homelab-tools"\nversion = "0.1.0"\nrequires-python = ">=3.11"\n';
  return files;
}

/** README and docs. */
export function docs() {
  return {
    'README.md': '# Homelab\n\nSynthetic repository of the iacgen benchmark: Ansible, Compose, Terraform, scripts.\n',
    'docs/network.md': '# Network\n\n192.168.2.0/24, gateway .1, Proxmox node .200.\n',
    'docs/backup.md': '# Backup\n\nProxmox Backup Server, nightly.\n',
    'docs/runbook.md': '# Runbook\n\nRestore a guest: `qmrestore`.\n',
    'docs/services.md': `# Services\n\n${SERVICES.map(([name]) => `- ${name}`).join('\n')}\n`,
  };
}

/**
 * Files invalid on purpose, one fault each (the checker expected to report it in brackets).
 * `playbook` is the text of a generated playbook to break in two ways.
 */
export function broken(playbook) {
  const files = {};
  // [yamllint, ansible-syntax-check, ansible-lint] YAML syntax error in a playbook.
  files['ansible/playbooks/broken-indent.yml'] = '---\n- name: Broken indentation\n  hosts: all\n  tasks:\n    - name: Ping\n      ansible.builtin.ping:\n   - name: Misplaced\n     ansible.builtin.ping:\n';
  // [ansible-syntax-check, ansible-lint] a module that does not exist.
  files['ansible/playbooks/unknown-module.yml'] = '---\n- name: Unknown module\n  hosts: all\n  tasks:\n    - name: Does not exist\n      ansible.builtin.no_such_module:\n        value: 1\n';
  // [ansible-lint] a generated playbook with lint violations added (no name, shell without changed_when).
  if (playbook) {
    files['ansible/playbooks/edited-by-hand.yml'] = `${playbook.trimEnd()}\n\n- hosts: all\n  tasks:\n    - shell: echo hello | tee /tmp/x\n`;
    // [yamllint] duplicate key, trailing spaces.
    files['ansible/playbooks/duplicate-key.yml'] = playbook.replace(/^(  become: true)$/m, '$1\n  become: false   ');
  }
  // [ansible-lint] legacy task file: short module names, no names.
  files['ansible/roles/common/tasks/legacy.yml'] = '---\n- apt: name=ntp state=latest\n- command: /usr/bin/true\n';
  // [compose-schema, compose-config] ports given as a string, unknown key.
  files['compose/broken-schema/compose.yaml'] = '---\nservices:\n  web:\n    image: nginx:1.25\n    ports: "8080:80"\n    restartt: always\n';
  // [compose-config] a required variable that no .env or .env.example sets.
  files['compose/missing-variable/compose.yaml'] = '---\nservices:\n  app:\n    image: "busybox:${BUSYBOX_TAG:?set BUSYBOX_TAG}"\n    command: ["sleep", "3600"]\n';
  // [terraform-fmt] not in canonical format.
  files['terraform/unformatted/main.tf'] = 'resource "terraform_data" "x" {\ninput = "a"\n      triggers_replace = ["b"]\n}\n';
  // [terraform-validate] reference to an undeclared variable.
  files['terraform/undeclared/main.tf'] = 'resource "terraform_data" "x" {\n  input = var.missing\n}\n';
  // [bash-syntax, shfmt] unterminated if.
  files['scripts/broken-syntax.sh'] = '#!/usr/bin/env bash\nif [[ -d /srv ]]; then\n\techo ok\n';
  // [shellcheck] unquoted variable, useless cat.
  files['scripts/unquoted.sh'] = '#!/bin/sh\ndir=$1\nfor f in $(ls $dir); do\n\tcat $f | grep x\ndone\n';
  // [shfmt] indented with spaces.
  files['scripts/spaces.sh'] = '#!/usr/bin/env bash\nif [[ -n "${1:-}" ]]; then\n    echo "$1"\nfi\n';
  // [python-compile, pyflakes] syntax error.
  files['tools/broken_syntax.py'] = 'def main(:\n    return 1\n';
  // [pyflakes] unused import, undefined name.
  files['tools/unused_import.py'] = 'import os\nimport sys\n\n\ndef main():\n    return undefined_name\n';
  // [json-parse] trailing comma.
  files['config/broken.json'] = '{\n  "a": 1,\n}\n';
  // [toml-parse] duplicate table.
  files['config/broken.toml'] = '[agent]\nx = 1\n[agent]\ny = 2\n';
  // [yaml-parse, yamllint] duplicate key.
  files['config/duplicate-key.yaml'] = '---\nkey: 1\nkey: 2\n';
  return files;
}
