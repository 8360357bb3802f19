/**
 * The ansible-core 2.19 readiness rules against the real ansible-core of the machine. For every
 * finding of a rule's bad fixture, the task holding it is run alone (a playbook on localhost,
 * `connection: local`, no facts, the play's vars and the role's defaults; the fixtures' tasks are
 * `debug`/`assert` only, so nothing on the machine changes): with ansible-core 2.19 or later it
 * must fail or warn with the message the rule announces (porting guide 2.19, "Broken
 * Conditionals" and "Multi-pass Templating"; for `ansible-template-builds-literal`, "Native Jinja
 * Mode Required", the whole bad playbook runs and its loops over the value fail); with an earlier version (Debian 12 has 2.14) it must
 * run (exit 0): the rule is about the upgrade. The good fixture runs clean on both.
 *
 * In CI this runs on the host (2.14) and in the trixie (2.19) and forky (2.22) chroots:
 * `bash .ci/chroot test trixie test/e2e/ansible-readiness.test.ts`.
 */
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execaSync } from 'execa';
import { describe, expect, it } from 'vitest';
import { isMap, isSeq, LineCounter, parseDocument, stringify, type Document, type YAMLMap } from 'yaml';
import { haveTools, REPO_ROOT, runCli, tempDir } from '../helpers.js';

const ready = haveTools('ansible-playbook');

/** `ansible-playbook --version` -> [major, minor] of ansible-core. */
function coreVersion(): [number, number] {
  const out = execaSync('ansible-playbook', ['--version'], { reject: false }).stdout;
  const m = /\[core (\d+)\.(\d+)/.exec(out) ?? /ansible-playbook (\d+)\.(\d+)/.exec(out);
  if (!m) throw new Error(`cannot read the ansible-core version from: ${out.slice(0, 200)}`);
  return [Number(m[1]), Number(m[2])];
}
const version = ready ? coreVersion() : ([0, 0] as [number, number]);
const since219 = version[0] > 2 || (version[0] === 2 && version[1] >= 19);

/** What ansible-core 2.19+ prints for each rule's findings (its own messages, `_engine.py` and `_jinja_plugins.py`). */
const BREAKS: Record<string, RegExp> = {
  'ansible-conditional-not-boolean': /Conditionals must have a boolean result|Conditional expressions must be strings|Empty conditional expressions are not allowed/,
  'ansible-conditional-templated': /Conditionals should not be surrounded by templating delimiters/,
  'ansible-template-in-expression': /Template delimiters are not supported in expressions|Jinja constant strings should not contain embedded templates/,
  // The value is only a string where it was a list: the bad fixture's loops over it fail ("Native Jinja Mode Required").
  'ansible-template-builds-literal': /The `loop` value must resolve to a 'list', not 'str'/,
};

/** Rules whose findings break later tasks, not their own: the bad playbook runs whole, one failure a finding. */
const WHOLE: ReadonlySet<string> = new Set(['ansible-template-builds-literal']);

const ENV = { ANSIBLE_NOCOLOR: '1', ANSIBLE_PYTHON_INTERPRETER: 'auto_silent', ANSIBLE_LOCALHOST_WARNING: 'false', ANSIBLE_RETRY_FILES_ENABLED: 'false' };

/** Runs a playbook on localhost; exit code and everything it printed. */
function play(dir: string, file: string): { exitCode: number; text: string } {
  const r = execaSync('ansible-playbook', ['-i', 'localhost,', file], { cwd: dir, env: ENV, reject: false, all: true });
  return { exitCode: r.exitCode ?? -1, text: String(r.all) };
}

/** The tasks of a play section or task list, blocks flattened. */
function tasksOf(list: unknown): YAMLMap[] {
  if (!isSeq(list)) return [];
  return list.items.filter(isMap).flatMap((t) => [t, ...['block', 'rescue', 'always'].flatMap((k) => tasksOf(t.get(k)))]);
}

/** YAML as Ansible reads it (YAML 1.1: `yes` is a boolean), with its line counter. */
function load(file: string): { doc: Document; lines: LineCounter } {
  const lines = new LineCounter();
  return { doc: parseDocument(readFileSync(file, 'utf8'), { version: '1.1', lineCounter: lines }), lines };
}

/** A playbook running alone the task of `file` that holds `line` (after the tasks registering what it reads): play vars and role defaults kept. */
function isolated(root: string, rel: string, line: number): string {
  const { doc, lines } = load(path.join(root, rel));
  let vars: Record<string, unknown> = {};
  let tasks: YAMLMap[];
  if (isSeq(doc.contents) && doc.contents.items.some((p) => isMap(p) && p.has('hosts'))) {
    const plays = doc.contents.items.filter(isMap);
    const holder = plays.find((p) => p.range && lines.linePos(p.range[0]).line <= line && line <= lines.linePos(p.range[1]).line) as YAMLMap;
    vars = (holder.get('vars') as YAMLMap | undefined)?.toJSON() ?? {};
    tasks = ['pre_tasks', 'tasks', 'post_tasks', 'handlers'].flatMap((s) => tasksOf(holder.get(s)));
  } else {
    tasks = tasksOf(doc.contents);
    const defaults = path.join(root, path.dirname(path.dirname(rel)), 'defaults', 'main.yml');
    if (existsSync(defaults)) vars = (load(defaults).doc.toJSON() as Record<string, unknown> | null) ?? {};
  }
  const span = (t: YAMLMap) => (t.range ? [lines.linePos(t.range[0]).line, lines.linePos(t.range[1]).line] : [0, 0]);
  const task = tasks.filter((t) => { const [a, b] = span(t); return a! <= line && line <= b!; }).sort((x, y) => span(x)[1]! - span(x)[0]! - (span(y)[1]! - span(y)[0]!))[0];
  if (!task) throw new Error(`no task holds ${rel}:${line}`);
  // The tasks that register a result the task reads run first (the fixtures' are read-only commands).
  const text = JSON.stringify(task.toJSON());
  const before = tasks.filter((t) => t !== task && typeof t.get('register') === 'string' && new RegExp(`\\b${String(t.get('register'))}\\b`).test(text));
  return stringify([{ name: `${rel}:${line}`, hosts: 'localhost', connection: 'local', gather_facts: false, vars, tasks: [...before, task].map((t) => t.toJSON()) }], { version: '1.1' });
}

describe.skipIf(!ready)(`ansible-core 2.19 readiness rules, against ansible-core ${version.join('.')}`, () => {
  describe.each(Object.keys(BREAKS))('%s', (id) => {
    const fixtures = path.join(REPO_ROOT, 'fixtures', 'rules', id);

    it(since219 ? 'bad: iacgen flags each task, and ansible-core fails or warns on each' : 'bad: iacgen flags each task, and this ansible-core (before 2.19) runs each', async () => {
      const dir = tempDir();
      cpSync(path.join(fixtures, 'bad'), dir, { recursive: true });
      const run = await runCli(['validate', '--format', 'json', '--only', 'iacgen', '--no-cache', '.'], dir);
      const report = JSON.parse(run.stdout) as { files: Array<{ path: string; diagnostics: Array<{ rule?: string; line: number }> }> };
      const found = report.files.flatMap((f) => f.diagnostics.filter((d) => d.rule === id).map((d) => ({ file: f.path, line: d.line })));
      const expected = (JSON.parse(readFileSync(path.join(fixtures, 'expected.json'), 'utf8')) as Array<{ file: string; line: number }>)
        .map((e) => ({ file: e.file.replace(/^bad\//, ''), line: e.line }));
      expect(found.map((f) => `${f.file}:${f.line}`).sort()).toEqual(expected.map((e) => `${e.file}:${e.line}`).sort());
      if (WHOLE.has(id)) {
        const result = play(dir, 'playbook.yml');
        const failures = result.text.split('\n').filter((l) => l.startsWith('fatal:') && BREAKS[id]!.test(l));
        if (since219) expect(failures.length, result.text).toBe(found.length);
        else expect([result.exitCode, failures.length], result.text).toEqual([0, 0]);
        return;
      }
      for (const { file, line } of found) {
        writeFileSync(path.join(dir, 'isolated.yml'), isolated(dir, file, line));
        const result = play(dir, 'isolated.yml');
        if (since219) expect(result.text, `${file}:${line}`).toMatch(BREAKS[id]!);
        else {
          expect(result.exitCode, `${file}:${line}\n${result.text}`).toBe(0);
          expect(result.text, `${file}:${line}`).not.toMatch(BREAKS[id]!);
        }
      }
    }, 300_000);

    it('good: no finding, and ansible-core runs it clean', async () => {
      const dir = tempDir();
      cpSync(path.join(fixtures, 'good'), dir, { recursive: true });
      const run = await runCli(['validate', '--format', 'json', '--only', 'iacgen', '--no-cache', '.'], dir);
      const report = JSON.parse(run.stdout) as { files: Array<{ diagnostics: unknown[] }> };
      expect(report.files.flatMap((f) => f.diagnostics)).toEqual([]);
      const result = play(dir, 'playbook.yml');
      expect(result.exitCode, result.text).toBe(0);
      expect(result.text).not.toMatch(/\[(?:WARNING|DEPRECATION WARNING)\]|fatal:/);
    }, 300_000);
  });
});
