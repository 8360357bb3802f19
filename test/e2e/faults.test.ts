/**
 * Fault injection with real processes and the real checkers: slow renames (strace), SIGINT, SIGTERM and SIGHUP at fixed and at random points of `new` and `validate`,
 * Ctrl-C at a real terminal with the spinner showing, and SIGKILL (failing writes: a folder made
 * immutable halfway, in writes.test.ts). After every fault: the tree's
 * bytes and modes equal the before or the complete after, no process of the run is left, its
 * temporary folder is empty, the exit code is the documented one (130/143/129, 1 for a failed
 * write) and no message is a stack trace. Random points come from a seed in the test's name.
 */
import { chmodSync, cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, haveTools, runCli, tempDir, tempRepo, terminal } from '../helpers.js';
import { hasStackTrace, leftovers, lines, seeded, snapshot, startTagged, tagged, until } from '../faults.js';

const ready = haveTools('strace', 'tmux', 'ansible-playbook', 'ansible-lint', 'yamllint', 'shellcheck');
const CODES = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;
const SIGNALS = Object.keys(CODES) as (keyof typeof CODES)[];
/** Each rename (write-file-atomic's last step) takes 1.5 s longer: a write is caught halfway. */
const SLOW_RENAMES = 'rename,renameat,renameat2:delay_exit=1500000';
const NEW_ROLE = ['new', 'role', '--service', 'postgres', '--target', 'vm111', '--yes', '--force'];

/** A repository holding an earlier generation of the role, every file edited, one with mode 640. */
async function roleRepo(): Promise<string> {
  const repo = tempRepo();
  const first = await runCli(['new', 'role', '--service', 'postgres', '--target', 'vm111', '--yes'], repo, { SOURCE_DATE_EPOCH: '1764979200' });
  expect(first.exitCode, first.stderr).toBe(0);
  const files = [...snapshot(repo)].filter(([, what]) => what.includes(' file ')).map(([rel]) => rel);
  expect(files.length).toBeGreaterThan(5);
  // A comment line on top: still valid where kept (the inventory, ansible.cfg), new bytes where overwritten.
  for (const rel of files) writeFileSync(path.join(repo, rel), `# edited by hand\n${readFileSync(path.join(repo, rel), 'utf8')}`);
  chmodSync(path.join(repo, files[0]!), 0o640);
  return repo;
}

/** The tree `new` leaves when nothing goes wrong, run on a copy of `repo`. */
async function completeAfter(repo: string): Promise<string[]> {
  const copy = path.join(tempDir(), 'copy');
  cpSync(repo, copy, { recursive: true });
  const run = await runCli(NEW_ROLE, copy, { SOURCE_DATE_EPOCH: '1764979200' });
  expect(run.exitCode, run.stderr).toBe(0);
  return lines(snapshot(copy));
}

/** A repository of real fixtures, good and bad (validate exits 1 when it completes). */
function fixtureRepo(): string {
  const repo = tempRepo();
  for (const checker of ['ansible-lint', 'ansible-syntax-check', 'compose-config', 'shellcheck', 'yamllint']) {
    for (const kind of ['good', 'bad']) {
      cpSync(path.join(BIN, '..', '..', 'fixtures', 'checkers', checker, kind), path.join(repo, checker, kind), { recursive: true });
    }
  }
  return repo;
}

/** What every fault must leave: no process of the run, an empty TMPDIR, no stack trace. */
async function expectCleanEnd(run: { tag: string; tmp: string }, stderr: string): Promise<void> {
  expect(await leftovers(run.tag)).toEqual([]);
  expect(readdirSync(run.tmp)).toEqual([]);
  expect(hasStackTrace(stderr), stderr).toBe(false);
}

describe.skipIf(!ready)('faults during iacgen new', () => {
  it.each(SIGNALS)('%s halfway through the writes rolls every file back to its bytes and mode', async (signal) => {
    const repo = await roleRepo();
    const before = lines(snapshot(repo));
    const run = startTagged(NEW_ROLE, repo, { injection: { inject: SLOW_RENAMES } });
    // The first rename has landed: some files are new, the rest still old.
    expect(await until(() => lines(snapshot(repo)).join('\n') !== before.join('\n'), 120_000)).toBe(true);
    run.signal(signal);
    const result = await run.child;
    expect(result.exitCode).toBe(CODES[signal]);
    expect(String(result.stderr).trim()).toMatch(new RegExp(`^iacgen: interrupted by ${signal}; the \\d+ file\\(s\\) written were rolled back; the tree is as it was$`));
    expect(lines(snapshot(repo))).toEqual(before);
    await expectCleanEnd(run, String(result.stderr));
  }, 240_000);

  it('SIGINT halfway through the writes into an empty repository removes every new file and folder', async () => {
    const repo = tempRepo();
    const before = lines(snapshot(repo));
    const run = startTagged(['new', 'role', '--service', 'postgres', '--target', 'vm111', '--yes'], repo, { injection: { inject: SLOW_RENAMES } });
    expect(await until(() => lines(snapshot(repo)).some((line) => line.includes(' file ')), 120_000)).toBe(true);
    run.signal('SIGINT');
    const result = await run.child;
    expect(result.exitCode, String(result.stderr)).toBe(130);
    expect(String(result.stderr)).toMatch(/^iacgen: interrupted by SIGINT; the \d+ file\(s\) written were rolled back; the tree is as it was$/m);
    expect(lines(snapshot(repo))).toEqual(before);
    await expectCleanEnd(run, String(result.stderr));
  }, 240_000);

  const seed = Number(process.env.IACGEN_FAULT_SEED ?? Date.now() % 100_000);
  it(`a signal at random points leaves the before or the complete after (seed ${seed})`, async () => {
    const random = seeded(seed);
    const repo = await roleRepo();
    const before = lines(snapshot(repo));
    const after = await completeAfter(repo);
    for (const signal of SIGNALS) {
      const delayMs = Math.round(random() * 20_000);
      const run = startTagged(NEW_ROLE, repo, { injection: { inject: SLOW_RENAMES } });
      // A point of the run: counted from when iacgen's handlers are in place (under strace, a
      // loaded machine took more than 264 ms to get there, and the signal killed Node instead).
      expect(await run.handlersInstalled(60_000)).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      run.signal(signal);
      const result = await run.child;
      const now = lines(snapshot(repo));
      const label = `${signal} after ${delayMs} ms: exit ${result.exitCode}, ${String(result.stderr)}`;
      if (result.exitCode === 0) expect(now, label).toEqual(after);
      else {
        expect(result.exitCode, label).toBe(CODES[signal]);
        expect(now, label).toEqual(before);
      }
      await expectCleanEnd(run, String(result.stderr));
      // Back to the before for the next signal.
      if (result.exitCode === 0) {
        const again = await roleRepo();
        cpSync(again, repo, { recursive: true, force: true });
        expect(lines(snapshot(repo))).toEqual(lines(snapshot(again)));
      }
    }
  }, 600_000);
});

describe.skipIf(!ready)('faults during iacgen validate', () => {
  const seed = Number(process.env.IACGEN_FAULT_SEED ?? Date.now() % 100_000);
  it(`SIGINT, SIGTERM and SIGHUP at random points stop every checker and change nothing (seed ${seed})`, async () => {
    const random = seeded(seed);
    const repo = fixtureRepo();
    const before = lines(snapshot(repo));
    for (const signal of SIGNALS) {
      for (let round = 0; round < 2; round++) {
        const delayMs = Math.round(random() * 7_000);
        const run = startTagged(['validate', '--no-cache'], repo);
        expect(await run.handlersInstalled(60_000)).toBe(true);
        await new Promise((resolve) => setTimeout(resolve, delayMs));
        const busy = tagged(run.tag).length;
        run.signal(signal);
        const result = await run.child;
        const label = `${signal} after ${delayMs} ms (${busy} processes): exit ${result.exitCode}, ${String(result.stderr)}`;
        // Exit 1: the run ended (the bad fixtures) before the signal arrived.
        expect([CODES[signal], 1], label).toContain(result.exitCode);
        if (result.exitCode === CODES[signal]) {
          expect(String(result.stderr).trim(), label).toBe(`iacgen: interrupted by ${signal}; checker processes stopped, temporary files removed, nothing was written`);
          expect(String(result.stdout), label).toBe('');
        }
        expect(lines(snapshot(repo)), label).toEqual(before);
        await expectCleanEnd(run, String(result.stderr));
      }
    }
  }, 600_000);

  it('SIGKILL of iacgen leaves no checker process behind', async () => {
    const repo = fixtureRepo();
    const run = startTagged(['validate', '--no-cache'], repo);
    // Wait until a Python checker (ansible-lint, ansible-playbook) is running, then kill iacgen.
    expect(await until(() => tagged(run.tag).some((p) => p.command.includes('python')), 60_000)).toBe(true);
    run.signal('SIGKILL');
    await run.child;
    expect(await leftovers(run.tag, 1500)).toEqual([]);
  }, 120_000);

  it('Ctrl-C at a terminal while the spinner shows stops the run with 130', async () => {
    const repo = fixtureRepo();
    const tmp = tempDir('iacgen-fault-tmp-');
    const tag = `fault-tty-${process.pid}-${Math.random().toString(36).slice(2)}`;
    const screen = await terminal(repo, `IACGEN_FAULT_TAG=${tag} TMPDIR=${tmp} node ${BIN} validate --no-cache`);
    await screen.waitFor('checking files');
    await screen.keys('C-c');
    const shown = await screen.waitFor('IACGEN_EXIT=');
    expect(shown).toContain('IACGEN_EXIT=130');
    expect(shown).toContain('iacgen: interrupted by SIGINT; checker processes stopped');
    expect(hasStackTrace(shown)).toBe(false);
    expect(await leftovers(tag)).toEqual([]);
    expect(readdirSync(tmp)).toEqual([]);
  }, 120_000);

  it('Ctrl-C at a terminal during the writes of new rolls back', async () => {
    const repo = await roleRepo();
    const before = lines(snapshot(repo));
    const tmp = tempDir('iacgen-fault-tmp-');
    const screen = await terminal(repo, `SOURCE_DATE_EPOCH=1764979200 TMPDIR=${tmp} strace -f -qq -o /dev/null -e trace=none -e inject=${SLOW_RENAMES} node ${BIN} ${NEW_ROLE.join(' ')}`);
    expect(await until(() => lines(snapshot(repo)).join('\n') !== before.join('\n'), 120_000)).toBe(true);
    await screen.keys('C-c');
    const shown = await screen.waitFor('IACGEN_EXIT=');
    expect(shown).toContain('IACGEN_EXIT=130');
    expect(shown).toMatch(/interrupted by SIGINT; the \d+ file\(s\) written were rolled back/);
    expect(lines(snapshot(repo))).toEqual(before);
    expect(readdirSync(tmp)).toEqual([]);
  }, 240_000);
});
