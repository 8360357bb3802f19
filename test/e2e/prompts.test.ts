/**
 * The interactive prompts of `iacgen new playbook`, driven as a person would: the built CLI runs
 * in a real terminal (a tmux pane), keys go in with send-keys and the screen is read back.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, composeV2, haveTools, tempRepo, terminal } from '../helpers.js';

const ready = haveTools('tmux', 'ansible-playbook', 'ansible-lint', 'yamllint');


describe.skipIf(!ready)('iacgen new playbook in a real terminal', () => {
  it('asks for service, target and name with arrow keys and writes the playbook', async () => {
    const repo = tempRepo();
    const term = await terminal(repo, `node ${BIN} new playbook`);
    await term.waitFor('Service type');
    await term.keys('Down');
    await term.waitFor('❯ Prometheus node exporter agent');
    await term.keys('Enter');
    // The target list defaults to the guest whose role fits (VM 101 monitoring); one down is CT 102.
    await term.waitFor('❯ VM 101 monitoring-01 (192.168.2.114)');
    const screen = await term.keys('Down').then(() => term.waitFor('❯ CT 102 nginx-proxy (192.168.2.101)'));
    expect(screen).toContain('CT 113 n8n (192.168.2.107)');
    await term.keys('Enter');
    await term.waitFor('Name');
    await term.keys('-l', 'edge-exporter');
    await term.keys('Enter');
    const done = await term.waitFor('IACGEN_EXIT=');
    expect(done).toContain('IACGEN_EXIT=0');
    expect(done).toContain('ansible/playbooks/edge-exporter.yml (created)');
    const playbook = readFileSync(path.join(repo, 'ansible/playbooks/edge-exporter.yml'), 'utf8');
    expect(playbook).toContain('hosts: nginx-proxy');
    expect(playbook).toContain('prometheus-node-exporter');
  });

  it('rejects an invalid name at the prompt and asks again', async () => {
    const repo = tempRepo();
    const term = await terminal(repo, `node ${BIN} new playbook --service nginx --target ct102`);
    await term.waitFor('Name');
    await term.keys('-l', '../escape');
    await term.keys('Enter');
    await term.waitFor('lowercase letters');
    await term.keys('C-u');
    await term.keys('-l', 'proxy-ok');
    await term.keys('Enter');
    expect(await term.waitFor('IACGEN_EXIT=')).toContain('IACGEN_EXIT=0');
    expect(existsSync(path.join(repo, 'ansible/playbooks/proxy-ok.yml'))).toBe(true);
  });

  it('exits 130 on Ctrl-C at a prompt and writes nothing', async () => {
    const repo = tempRepo();
    const term = await terminal(repo, `node ${BIN} new playbook`);
    await term.waitFor('Service type');
    await term.keys('C-c');
    const done = await term.waitFor('IACGEN_EXIT=');
    expect(done).toContain('IACGEN_EXIT=130');
    expect(done).toContain('iacgen: interrupted by SIGINT; nothing was written');
    expect(done).not.toMatch(/\n\s+at /);
    expect(existsSync(path.join(repo, 'ansible'))).toBe(false);
  });
});

describe.skipIf(!haveTools('tmux') || !composeV2())('iacgen new compose in a real terminal', () => {
  it('asks the generic variant for its container port and data path, and offers that port on the host', async () => {
    const repo = tempRepo();
    const term = await terminal(repo, `node ${BIN} new compose --service generic --target none --name kuma`);
    await term.waitFor('Image of the main service');
    await term.keys('-l', 'louislam/uptime-kuma:1.23.16');
    await term.keys('Enter');
    await term.waitFor('Port the image listens on inside the container');
    await term.keys('-l', '3001');
    await term.keys('Enter');
    await term.waitFor('Path inside the container');
    await term.keys('-l', 'data');
    await term.keys('Enter');
    await term.waitFor('must be an absolute path');
    await term.keys('C-u');
    await term.keys('-l', '/app/data');
    await term.keys('Enter');
    // The host port's default follows the container port just given.
    await term.waitFor('Host port the main service is published on (3001)');
    for (const message of ['Host port', 'Memory limit', 'CPU limit', 'Host address']) {
      await term.waitFor(message);
      await term.keys('Enter');
    }
    const done = await term.waitFor('IACGEN_EXIT=');
    expect(done).toContain('IACGEN_EXIT=0');
    const compose = readFileSync(path.join(repo, 'compose/kuma/compose.yaml'), 'utf8');
    expect(compose).toContain('- "3001:3001"');
    expect(compose).toContain('target: /app/data');
  });
});
