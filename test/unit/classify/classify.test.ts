import { describe, expect, it } from 'vitest';
import { byShebang, classify } from '../../../src/classify/classify.js';

describe('classify', () => {
  it.each([
    ['ansible/playbooks/site.yml', '---\n- name: Site\n  hosts: all\n  tasks: []\n', 'ansible-playbook'],
    ['site.yaml', '- import_playbook: web.yml\n', 'ansible-playbook'],
    ['ansible/playbooks/broken.yml', '- name: x\n  hosts: [\n', 'ansible-playbook'],
    ['ansible/roles/web/tasks/main.yml', '- name: t\n  ansible.builtin.debug:\n', 'ansible-tasks'],
    ['ansible/roles/web/handlers/main.yml', '[]\n', 'ansible-tasks'],
    ['ansible/roles/web/defaults/main.yml', 'a: 1\n', 'ansible-vars'],
    ['ansible/group_vars/all.yml', 'a: 1\n', 'ansible-vars'],
    ['ansible/inventory/proxmox.yml', 'all:\n  hosts: {}\n', 'ansible-inventory'],
    ['hosts.yml', 'all:\n  children:\n    web: {}\n', 'ansible-inventory'],
    ['compose/redis/compose.yaml', 'services: {}\n', 'compose'],
    ['stack.yml', 'services:\n  web:\n    image: nginx:1.27\n', 'compose'],
    ['docker-compose.yml', 'not: parsed\n', 'compose'],
    // A role's tasks file named after what it deploys (geerlingguy/ansible-role-docker).
    ['roles/docker/tasks/docker-compose.yml', '---\n- name: Install Docker Compose\n  ansible.builtin.get_url:\n    url: x\n    dest: y\n', 'ansible-tasks'],
    ['tasks/docker-compose.yml', '---\n- name: Install Docker Compose\n  ansible.builtin.get_url:\n    url: x\n    dest: y\n', 'ansible-tasks'],
    ['config/app.yaml', 'key: value\n', 'yaml'],
    ['config/list.yaml', '- a\n- b\n', 'yaml'],
    ['terraform/ct/main.tf', '', 'terraform'],
    ['terraform/ct/terraform.tfvars', '', 'terraform'],
    // OpenTofu's own extensions (OpenTofu 1.8+), HCL and JSON syntax.
    ['tofu/kubernetes/main.tofu', '', 'terraform'],
    ['tofu/state/backend.tofu.json', '{}\n', 'terraform'],
    ['scripts/shell/backup.sh', '', 'shell'],
    ['scripts/shell/backup', '#!/usr/bin/env bash\n', 'shell'],
    ['scripts/tool', '#!/usr/bin/python3.11\n', 'python'],
    ['scripts/tool2', '#!/usr/bin/env python3\n', 'python'],
    ['scripts/x.py', '', 'python'],
    ['Dockerfile', '', 'dockerfile'],
    ['app.Dockerfile', '', 'dockerfile'],
    ['config/daemon.json', '{}', 'json'],
    ['pyproject.toml', '', 'toml'],
    ['.env', 'A=1', 'env'],
    ['compose/x/.env.example', 'A=1', 'env'],
    ['README.md', '# hi', 'unknown'],
    // near misses
    ['config/servers.yaml', '- name: web\n  port: 80\n- name: db\n  port: 5432\n', 'yaml'],
    ['ansible/playbooks/common-tasks.yml', '- name: Install\n  ansible.builtin.package:\n    name: x\n', 'ansible-tasks'],
    ['ansible/playbooks/blocks.yml', '- block:\n    - ansible.builtin.debug: {}\n', 'ansible-tasks'],
    ['config/registry.yaml', 'services:\n  web: https://example.test\nserver:\n  port: 8080\n', 'yaml'],
    ['config/consul.yaml', 'services:\n  web:\n    port: 80\n', 'yaml'],
    ['stack/app.yaml', 'name: app\nx-common: &c {restart: always}\nservices:\n  web:\n    image: nginx:1.27\n', 'compose'],
    ['empty.yaml', '', 'yaml'],
    ['list.yml', '[]\n', 'yaml'],
    ['LICENSE', 'MIT', 'unknown'],
  ])('%s is %s', (relPath, content, expected) => {
    expect(classify(relPath, content)).toBe(expected);
  });

  it('reads the interpreter through env and version suffixes', () => {
    expect(byShebang('#!/bin/sh -e\n')).toBe('shell');
    expect(byShebang('#!/usr/bin/env -S bash -eu\n')).toBe('shell');
    expect(byShebang('#!/usr/bin/perl\n')).toBeUndefined();
    expect(byShebang('no shebang')).toBeUndefined();
  });
});
