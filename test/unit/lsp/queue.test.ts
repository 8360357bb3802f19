/** The server's runs: one at a time, a newer run of a document superseding its waiting ones. */
import { describe, expect, it } from 'vitest';
import { RunQueue } from '../../../src/lsp/queue.js';

/** A promise and its resolve. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open = () => undefined as void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

describe('RunQueue', () => {
  it('runs one at a time, in order, whatever the keys', async () => {
    const queue = new RunQueue();
    const events: string[] = [];
    const first = gate();
    const a = queue.run('a', async () => {
      events.push('a start');
      await first.promise;
      events.push('a end');
      return 1;
    });
    const b = queue.run('b', async () => {
      events.push('b start');
      return 2;
    });
    await Promise.resolve();
    first.open();
    expect(await a).toEqual({ ran: true, value: 1 });
    expect(await b).toEqual({ ran: true, value: 2 });
    expect(events).toEqual(['a start', 'a end', 'b start']);
  });

  it('never starts a waiting run of a key queued again, and tells the running one it is stale', async () => {
    const queue = new RunQueue();
    const first = gate();
    const started = gate();
    let staleSeen: boolean | undefined;
    const running = queue.run('doc', async () => {
      const ticket = queue.ticketOf('doc');
      started.open();
      await first.promise;
      staleSeen = !queue.isLatest('doc', ticket);
    });
    await started.promise;
    const waiting = queue.run('doc', async () => 'old');
    const newest = queue.run('doc', async () => 'new');
    first.open();
    await running;
    expect(staleSeen).toBe(true);
    expect(await waiting).toEqual({ ran: false, why: 'superseded' });
    expect(await newest).toEqual({ ran: true, value: 'new' });
  });

  it('goes on after a run that throws, and drops the waiting runs of a closed document (a run not started yet is superseded too)', async () => {
    const queue = new RunQueue();
    const failing = queue.run('a', async () => {
      throw new Error('bad file');
    });
    const dropped = queue.run('b', async () => 'b');
    queue.drop('b');
    const after = queue.run('c', async () => 'c');
    await expect(failing).rejects.toThrow('bad file');
    expect(await dropped).toEqual({ ran: false, why: 'superseded' });
    expect(await after).toEqual({ ran: true, value: 'c' });
  });

  it('starts nothing once closed, and close waits for the run going', async () => {
    const queue = new RunQueue();
    const first = gate();
    const started = gate();
    let done = false;
    const running = queue.run('a', async () => {
      started.open();
      await first.promise;
      done = true;
    });
    await started.promise;
    const later = queue.run('b', async () => 'b');
    const closed = queue.close();
    first.open();
    await closed;
    expect(done).toBe(true);
    await running;
    expect(await later).toEqual({ ran: false, why: 'closed' });
    expect(await queue.run('c', async () => 'c')).toEqual({ ran: false, why: 'closed' });
  });
});
