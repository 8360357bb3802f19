/**
 * The server's runs, one at a time: the validate engine holds one sandbox per process
 * (`check/sandbox.ts`, `useSandbox`), so two validations must never overlap, whatever their
 * documents. A run queued for a key (a document's validation) supersedes the runs of that key
 * still waiting: they never start. A run already going is not interrupted (the engine cannot be);
 * {@link RunQueue.isLatest} tells its caller that a newer one is queued, so its result is dropped.
 */

/** What became of a queued run. */
export type Outcome<T> = { ran: true; value: T } | { ran: false; why: 'superseded' | 'closed' };

/** A serial queue of runs with supersession by key. */
export class RunQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private readonly latest = new Map<string, number>();
  private sequence = 0;
  private closed = false;

  /**
   * Queues `work` after every run queued before it. It does not start when, by its turn, a newer
   * run of the same `key` was queued or the queue was closed.
   * @returns the outcome; rejects with what `work` throws
   */
  run<T>(key: string, work: () => Promise<T>): Promise<Outcome<T>> {
    const ticket = ++this.sequence;
    this.latest.set(key, ticket);
    const turn = this.tail.then(async (): Promise<Outcome<T>> => {
      if (this.closed) return { ran: false, why: 'closed' };
      if (this.latest.get(key) !== ticket) return { ran: false, why: 'superseded' };
      return { ran: true, value: await work() };
    });
    // The next run waits for this one to settle, whatever its outcome.
    this.tail = turn.catch(() => undefined);
    return turn;
  }

  /** True when no run of `key` was queued after the one holding `ticket` (see {@link ticketOf}). */
  isLatest(key: string, ticket: number): boolean {
    return this.latest.get(key) === ticket;
  }

  /** The ticket of the last run queued for `key` (0 when none). */
  ticketOf(key: string): number {
    return this.latest.get(key) ?? 0;
  }

  /** Forgets `key`: its waiting runs never start (a closed document). */
  drop(key: string): void {
    this.latest.delete(key);
  }

  /** Starts nothing more; resolves once the run going (if any) has settled. */
  async close(): Promise<void> {
    this.closed = true;
    await this.tail;
  }
}
