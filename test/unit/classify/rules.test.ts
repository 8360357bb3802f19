/**
 * Every classification rule of `tables.ts`, each with a file it must match and a near miss it
 * must not. The rules are listed from the tables themselves, so a rule added without cases fails.
 */
import { describe, expect, it } from 'vitest';
import { classify } from '../../../src/classify/classify.js';
import { BY_CONTENT_START, BY_PATH, TEMPLATE_FOLDERS, type FileType } from '../../../src/classify/tables.js';
import { listedTree } from '../../../src/classify/tree.js';

/** One file: its path, its text, the other files of the repository, and the type it must get. */
interface Case {
  path: string;
  text: string;
  files?: string[];
  type: FileType;
}

const PLAY = '- name: Site\n  hosts: all\n  tasks:\n    - name: Ping\n      ansible.builtin.ping:\n';
const INI = '[web]\nweb1 ansible_host=192.0.2.10\n\n[web:vars]\nhttp_port=80\n\n[all:children]\nweb\n';
const JINJA_COMPOSE = 'services:\n{% for app in apps %}\n  {{ app.name }}:\n    image: "{{ app.image }}"\n{% endfor %}\n';
const K8S = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\ndata:\n  a: "1"\n';

/** Cases by rule: `<table>:<type>[/<content test>]` for table rules, `content:<name>` for content sniffing. */
const CASES: Record<string, { match: Case[]; nearMiss: Case[] }> = {
  'start:ansible-vault': {
    match: [
      { path: 'group_vars/all/vault.yml', text: '$ANSIBLE_VAULT;1.1;AES256\n6162\n', type: 'ansible-vault' },
      { path: 'secrets/key.pem', text: '$ANSIBLE_VAULT;1.2;AES256;prod\n6162\n', type: 'ansible-vault' },
    ],
    nearMiss: [
      { path: 'group_vars/all/vars.yml', text: 'note: |\n  $ANSIBLE_VAULT;1.1;AES256\n', type: 'ansible-vars' },
      { path: 'docs/vault.yml', text: 'a: 1\n# $ANSIBLE_VAULT;1.1;AES256\n', type: 'yaml' },
    ],
  },
  'template:helm-template': {
    match: [
      { path: 'charts/app/templates/deployment.yaml', text: 'apiVersion: apps/v1\n{{- if .Values.x }}\n', files: ['charts/app/Chart.yaml'], type: 'helm-template' },
      { path: 'templates/tests/test.yaml', text: 'a: 1\n', files: ['Chart.yaml'], type: 'helm-template' },
      { path: 'charts/app/templates/_helpers.tpl', text: '{{- define "x" -}}{{- end -}}\n', files: ['charts/app/Chart.yaml'], type: 'helm-template' },
    ],
    nearMiss: [
      { path: 'config/templates/x.yml', text: 'a: 1\n', files: ['config/values.yaml'], type: 'yaml' },
      { path: 'charts/app/values.yaml', text: 'replicas: 1\n', files: ['charts/app/Chart.yaml'], type: 'yaml' },
      { path: 'charts/app/files/templates.yaml', text: 'a: 1\n', files: ['charts/app/Chart.yaml'], type: 'yaml' },
    ],
  },
  'template:jinja-template': {
    match: [
      { path: 'roles/app/templates/docker-compose.yml', text: 'services:\n  app:\n    image: nginx\n', files: ['roles/app/tasks/main.yml'], type: 'jinja-template' },
      { path: 'roles/app/templates/config.yaml', text: 'a: 1\n', files: ['roles/app/defaults/main.yml'], type: 'jinja-template' },
      { path: 'templates/app.conf', text: 'x\n', files: ['tasks/main.yml', 'main.yml'], type: 'jinja-template' },
    ],
    nearMiss: [
      { path: 'roles/app/files/docker-compose.yml', text: 'services:\n  app:\n    image: nginx\n', files: ['roles/app/tasks/main.yml'], type: 'compose' },
      { path: 'site/templates/compose.yaml', text: 'services:\n  app:\n    image: nginx\n', files: ['site/files/x'], type: 'compose' },
    ],
  },
  'path:ci-workflow': {
    match: [
      { path: '.github/workflows/ci.yml', text: 'on: push\njobs: {}\n', type: 'ci-workflow' },
      { path: '.forgejo/workflows/test.yaml', text: 'on: push\n', type: 'ci-workflow' },
      { path: '.gitea/workflows/test.yaml', text: 'on: push\n', type: 'ci-workflow' },
      { path: '.gitlab-ci.yml', text: 'stages: [test]\n', type: 'ci-workflow' },
      { path: '.woodpecker/lint.yaml', text: 'steps: []\n', type: 'ci-workflow' },
    ],
    nearMiss: [
      { path: '.github/workflows/README.md', text: '# Workflows\n', type: 'unknown' },
      { path: '.github/dependabot.yml', text: 'version: 2\n', type: 'yaml' },
      { path: '.github/workflows/scripts/x.yml', text: 'a: 1\n', type: 'yaml' },
    ],
  },
  'path:helm-chart': {
    match: [{ path: 'charts/app/Chart.yaml', text: 'apiVersion: v2\nname: app\nversion: 0.1.0\n', type: 'helm-chart' }],
    nearMiss: [
      { path: 'charts/app/chart.yaml', text: 'name: app\n', type: 'yaml' },
      { path: 'charts/app/Chart.lock', text: 'dependencies: []\n', type: 'unknown' },
    ],
  },
  'path:jinja-template': {
    match: [
      { path: 'templates/docker-compose.yml.j2', text: 'services: {}\n', type: 'jinja-template' },
      { path: 'x/nginx.conf.jinja', text: 'x\n', type: 'jinja-template' },
      { path: 'x/app.jinja2', text: 'x\n', type: 'jinja-template' },
    ],
    nearMiss: [{ path: 'x/j2.yml', text: 'a: 1\n', type: 'yaml' }],
  },
  'path:direnv': {
    match: [{ path: '.envrc', text: 'use flake\ndotenv\n', type: 'direnv' }],
    nearMiss: [
      { path: '.envrc.example', text: 'use flake\n', type: 'unknown' },
      { path: '.env', text: 'A=1\n', type: 'env' },
      { path: '.env.local', text: 'A=1\n', type: 'env' },
    ],
  },
  'path:ansible-inventory-ini/ini-inventory': {
    match: [
      { path: 'inventory', text: INI, type: 'ansible-inventory-ini' },
      { path: 'hosts.ini', text: INI, type: 'ansible-inventory-ini' },
      { path: 'ansible/hosts', text: 'web1\nweb2 ansible_port=2222\n', type: 'ansible-inventory-ini' },
      { path: 'inventories/prod/web.ini', text: INI, type: 'ansible-inventory-ini' },
      { path: 'example.inventory.ini', text: INI, type: 'ansible-inventory-ini' },
    ],
    nearMiss: [
      { path: 'etc/hosts', text: '127.0.0.1 localhost\n::1 localhost ip6-localhost\n', type: 'unknown' },
      { path: 'conf.d/php.ini', text: '[PHP]\nmemory_limit = 256M\n', type: 'unknown' },
      { path: 'inventory.ini', text: '[PHP]\nmemory limit is 256M\n', type: 'unknown' },
    ],
  },
  'path:ansible-inventory/yaml-inventory': {
    match: [{ path: 'hosts', text: 'all:\n  hosts:\n    web1:\n', type: 'ansible-inventory' }],
    nearMiss: [{ path: 'hosts', text: 'all:\n  - web1\n', type: 'unknown' }],
  },
  'content:ansible-playbook': {
    match: [
      { path: 'site.yml', text: PLAY, type: 'ansible-playbook' },
      { path: 'typo.yml', text: '- name: Typo\n  host: all\n  tasks:\n    - name: Ping\n      ansible.builtin.ping:\n', type: 'ansible-playbook' },
      { path: 'roles-only.yml', text: '- host: all\n  roles:\n    - common\n', type: 'ansible-playbook' },
      { path: 'no-hosts.yml', text: '- name: Local\n  gather_facts: false\n  connection: local\n', type: 'ansible-playbook' },
      { path: 'import.yml', text: '- ansible.builtin.import_playbook: web.yml\n', type: 'ansible-playbook' },
    ],
    nearMiss: [
      { path: 'names.yml', text: '- name: web\n- name: db\n', type: 'yaml' },
      { path: 'users.yml', text: '- name: bob\n  roles: [admin]\n', type: 'yaml' },
      { path: 'todo.yml', text: '- name: Chores\n  tasks:\n    - name: dishes\n', type: 'yaml' },
      { path: 'list.yml', text: '- name: Install\n  ansible.builtin.package:\n    name: x\n  tags: [a]\n', type: 'ansible-tasks' },
      { path: 'disks.yml', text: '- name: sda\n  serial: ABC123\n', type: 'yaml' },
    ],
  },
  'content:kubernetes': {
    match: [
      { path: 'k8s/app.yaml', text: K8S, type: 'kubernetes' },
      { path: 'k8s/all.yaml', text: `${K8S}---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: x\n---\n`, type: 'kubernetes' },
    ],
    nearMiss: [
      { path: 'k8s/nokind.yaml', text: 'apiVersion: v1\nmetadata:\n  name: x\n', type: 'yaml' },
      { path: 'k8s/mixed.yaml', text: `${K8S}---\nreplicas: 2\n`, type: 'yaml' },
    ],
  },
  'content:cloud-init': {
    match: [
      { path: 'cloud-init/web.yaml', text: '#cloud-config\npackages: [qemu-guest-agent]\n', type: 'cloud-init' },
      { path: 'http/user-data', text: '#cloud-config\nautoinstall:\n  version: 1\n', type: 'cloud-init' },
    ],
    nearMiss: [
      { path: 'cloud-init/notes.yaml', text: '# cloud-config notes\n#cloud-config\na: 1\n', type: 'yaml' },
      { path: 'http/meta-data', text: '#cloud-config\n', type: 'unknown' },
      { path: 'http/user-data', text: '#!/bin/sh\necho hi\n', type: 'shell' },
    ],
  },
  'content:jinja-structure': {
    match: [
      { path: 'deploy/docker-compose.yml', text: JINJA_COMPOSE, type: 'jinja-template' },
      { path: 'deploy/compose.yaml', text: 'services:\n  app:\n    image: {{ image }}\n', type: 'jinja-template' },
      { path: 'deploy/netplan.yaml', text: 'network:\n  ethernets:\n{% for nic in nics %}\n    {{ nic }}: {}\n{% endfor %}\n', type: 'jinja-template' },
    ],
    nearMiss: [
      { path: 'deploy/compose.yaml', text: 'services:\n  app:\n    image: "{{ image }}"\n    command: echo {{ x }}\n', type: 'compose' },
      { path: 'deploy/app.yaml', text: 'script: |\n  {% if x %}\n  y\n  {% endif %}\nafter: 1\n', type: 'yaml' },
      { path: 'deploy/fmt.yaml', text: "format: '{{.Names}}'\n# {% not jinja %}\n", type: 'yaml' },
    ],
  },
  'content:ansible-inventory': {
    match: [
      { path: 'hosts.yml', text: 'all:\n  children:\n    web:\n      hosts:\n        web1:\n', type: 'ansible-inventory' },
      { path: 'prod.yml', text: 'web:\n  hosts:\n    web1:\n  vars:\n    port: 80\n', type: 'ansible-inventory' },
      { path: 'inventory/prod.yml', text: 'anything: 1\n', type: 'ansible-inventory' },
      { path: 'all-vars.yml', text: 'all:\n  vars:\n    ansible_user: deploy\n', type: 'ansible-inventory' },
      // hosts: as a list parses to no host in Ansible; still an inventory, so its checker can say so.
      { path: 'list-hosts.yml', text: 'all:\n  hosts:\n    - web1\n    - web2\n', type: 'ansible-inventory' },
    ],
    nearMiss: [
      { path: 'tree.yml', text: 'root:\n  children:\n    - a\n  colour: red\n', type: 'yaml' },
      { path: 'settings.yml', text: 'dev:\n  vars:\n    a: 1\n', type: 'yaml' },
      { path: 'inventory/group_vars/all.yml', text: 'a: 1\n', type: 'ansible-vars' },
    ],
  },
  'content:ansible-inventory-plugin': {
    match: [
      { path: 'inventory/prod.proxmox.yml', text: 'plugin: community.general.proxmox\nurl: https://pve:8006\n', type: 'ansible-inventory-plugin' },
      { path: 'pve.proxmox.yaml', text: 'plugin: community.general.proxmox\n', type: 'ansible-inventory-plugin' },
      { path: 'inventories/aws.yml', text: 'plugin: amazon.aws.aws_ec2\n', type: 'ansible-inventory-plugin' },
    ],
    nearMiss: [
      { path: 'config/app.yaml', text: 'plugin: community.general.proxmox\n', type: 'yaml' },
      { path: 'config/x.proxmox.yml', text: 'plugin: [a]\n', type: 'yaml' },
    ],
  },
};

/** The rule names the tables define, plus the content rules of `classify.ts`. */
function ruleNames(): string[] {
  return [
    ...BY_CONTENT_START.map((r) => `start:${r.type}`),
    ...TEMPLATE_FOLDERS.map((r) => `template:${r.type}`),
    ...BY_PATH.map((r) => `path:${r.type}${r.content ? `/${r.content}` : ''}`),
    ...['ansible-playbook', 'kubernetes', 'cloud-init', 'jinja-structure', 'ansible-inventory', 'ansible-inventory-plugin'].map((c) => `content:${c}`),
  ];
}

describe('classification rules', () => {
  it('every rule of the tables has cases: a match and a near miss', () => {
    for (const name of ruleNames()) {
      expect(CASES[name]?.match.length ?? 0, name).toBeGreaterThan(0);
      expect(CASES[name]?.nearMiss.length ?? 0, name).toBeGreaterThan(0);
    }
    expect(Object.keys(CASES).sort()).toEqual(ruleNames().sort());
  });

  const all = Object.entries(CASES).flatMap(([rule, { match, nearMiss }]) => [
    ...match.map((c) => ({ rule, kind: 'matches', ...c })),
    ...nearMiss.map((c) => ({ rule, kind: 'near miss', ...c })),
  ]);
  it.each(all)('$rule $kind: $path is $type', ({ path, text, files, type }) => {
    expect(classify(path, text, listedTree([path, ...(files ?? [])]))).toBe(type);
  });

  it('a near miss of a rule is not what the rule gives', () => {
    // Guards the table above: a near miss that expects the rule's own type would test nothing.
    for (const [rule, { nearMiss }] of Object.entries(CASES)) {
      const ruleType = rule.split(':')[1]?.split('/')[0];
      const shapeOnly = rule === 'content:jinja-structure' ? 'jinja-template' : ruleType;
      for (const c of nearMiss) expect(c.type, `${rule} ${c.path}`).not.toBe(shapeOnly);
    }
  });

  it('without the files around it, a chart or role template is not recognised', () => {
    const text = 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: x\n';
    expect(classify('charts/app/templates/secret.yaml', text)).toBe('kubernetes');
    expect(classify('charts/app/templates/secret.yaml', text, listedTree(['charts/app/Chart.yaml']))).toBe('helm-template');
  });
});
