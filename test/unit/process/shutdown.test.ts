/**
 * The shutdown owner's own logic, on real child processes: a stop kills the tracked process
 * groups, aborts `stopping`, waits for critical sections and hands back their errors; temporary
 * folders made through it go when it cleans up.
 */
import { existsSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { InterruptedError } from '../../../src/errors.js';
import { critical, makeTempDir, removeTempDir, settleCriticals, stop, stopRequested, stopSignal, stopping, trackProcessGroup } from '../../../src/process/shutdown.js';

describe('shutdown', () => {
  it('stops once: kills tracked groups, aborts, settles critical sections with their errors', async () => {
    const sleeper = spawn('sleep', ['60'], { detached: true, stdio: 'ignore' });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => sleeper.on('exit', (_code, signal) => resolve(signal)));
    trackProcessGroup(sleeper.pid);
    const rollback = critical(
      new Promise<never>((_resolve, reject) => {
        stopping.addEventListener('abort', () => setTimeout(() => reject(new InterruptedError('SIGTERM', 'rolled back')), 50));
      }),
    ).catch((err: unknown) => err);
    const dir = await makeTempDir('iacgen-unit-');
    expect(stopSignal()).toBeUndefined();
    expect(stopping.aborted).toBe(false);

    stop('SIGTERM');

    expect(await stopRequested()).toBe('SIGTERM');
    expect(stopping.aborted).toBe(true);
    expect(await exited).toBe('SIGKILL');
    const failures = await settleCriticals();
    expect(failures).toHaveLength(1);
    expect((failures[0] as InterruptedError).exitCode).toBe(143);
    expect((failures[0] as InterruptedError).message).toBe('interrupted by SIGTERM; rolled back');
    expect(await rollback).toBeInstanceOf(InterruptedError);
    // A group started after the stop is killed at once.
    const late = spawn('sleep', ['60'], { detached: true, stdio: 'ignore' });
    const lateExit = new Promise<NodeJS.Signals | null>((resolve) => late.on('exit', (_code, signal) => resolve(signal)));
    trackProcessGroup(late.pid);
    expect(await lateExit).toBe('SIGKILL');
    expect(existsSync(dir)).toBe(true);
    await removeTempDir(dir);
    expect(existsSync(dir)).toBe(false);
  });
});
