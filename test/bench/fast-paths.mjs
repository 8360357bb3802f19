#!/usr/bin/env node
/**
 * The fast paths' gain, per checker generation: the same playbooks checked by the plain command
 * line (one `ansible-playbook --syntax-check FILE` per playbook, one after the other, as one
 * worker call's slot would) and by the fast path (one worker, a fork per playbook), wall time,
 * median of --runs (default 3). Run it on each machine or chroot to compare generations:
 *
 *   node test/bench/fast-paths.mjs [--playbooks 20] [--runs 3]
 *   bash .ci/chroot run trixie node test/bench/fast-paths.mjs
 *
 * Needs `npm run build` first (it imports dist/). Not a test: no figure fails a build.
 */
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { callAnsibleSyntaxBatch } from '../../dist/check/checkers/ansible-syntax-batch.js';
import { ansibleSyntaxCheck } from '../../dist/check/checkers/ansible-syntax-check.js';
import { callEachFile } from '../../dist/check/checkers/python-worker.js';
import { findOnPath } from '../../dist/check/probe.js';

const { values } = parseArgs({ options: { playbooks: { type: 'string', default: '20' }, runs: { type: 'string', default: '3' } } });
const count = Number(values.playbooks);
const runs = Number(values.runs);

const dir = mkdtempSync(path.join(os.tmpdir(), 'iacgen-fast-paths-'));
const files = [];
for (let i = 0; i < count; i++) {
  const name = `playbooks/p${i}.yml`;
  mkdirSync(path.join(dir, 'playbooks'), { recursive: true });
  // Every fourth playbook is broken, as a real repository under edit has some.
  const body = i % 4 === 3 ? '- hosts: all\n  tasks:\n    - foo.bar.baz:\n' : `- name: Play ${i}\n  hosts: all\n  tasks:\n    - name: Ping\n      ansible.builtin.ping:\n`;
  writeFileSync(path.join(dir, name), body);
  files.push(name);
}
const tool = await findOnPath('ansible-playbook');
if (!tool) throw new Error('ansible-playbook is not on PATH');
const call = { files, cwd: dir, invocation: { command: 'ansible-playbook', args: ansibleSyntaxCheck.args, path: tool }, timeoutMs: 600_000 };

async function time(fn) {
  const started = performance.now();
  const result = await fn();
  return { ms: performance.now() - started, result };
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const plain = [];
const fast = [];
let route;
for (let r = 0; r < runs; r++) {
  plain.push((await time(() => callEachFile(ansibleSyntaxCheck, call))).ms);
  const f = await time(() => callAnsibleSyntaxBatch(call));
  fast.push(f.ms);
  route = f.result.route;
}
const { stdout } = await import('node:process');
const version = (await import('node:child_process')).execFileSync(tool, ['--version'], { encoding: 'utf8' }).split('\n')[0];
stdout.write(
  `${JSON.stringify({ checker: 'ansible-syntax-check', tool: version, playbooks: count, runs, plainMs: Math.round(median(plain)), fastMs: Math.round(median(fast)), ratio: Number((median(fast) / median(plain)).toFixed(3)), route }, null, 2)}\n`,
);
rmSync(dir, { recursive: true, force: true });
