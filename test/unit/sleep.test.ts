import { spawnSync } from 'node:child_process';
import { getEventListeners } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { sleepUnlessAborted } from '../../src/kernel/sleep.js';

/** Whether the promise has settled by now (after the microtasks queued so far). */
async function settled(promise: Promise<void>): Promise<boolean> {
  let done = false;
  void promise.then(() => (done = true));
  await Promise.resolve();
  await Promise.resolve();
  return done;
}

describe('sleepUnlessAborted', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('resolves after ms, not before', async () => {
    const slept = sleepUnlessAborted(1000);
    await vi.advanceTimersByTimeAsync(999);
    expect(await settled(slept)).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await settled(slept)).toBe(true);
  });

  it('resolves (never rejects) as soon as the signal aborts, and leaves no timer behind', async () => {
    const controller = new AbortController();
    const slept = sleepUnlessAborted(60_000, controller.signal);
    await vi.advanceTimersByTimeAsync(10);
    expect(await settled(slept)).toBe(false);
    controller.abort(new Error('stop'));
    await expect(slept).resolves.toBeUndefined();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('resolves at once when the signal has aborted already, without a timer or a listener', async () => {
    const signal = AbortSignal.abort();
    const slept = sleepUnlessAborted(60_000, signal);
    expect(await settled(slept)).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
    expect(getEventListeners(signal, 'abort')).toHaveLength(0);
  });

  it('leaves no listener on the signal, whether the time ran out or the signal aborted', async () => {
    const long = new AbortController();
    for (let i = 0; i < 20; i++) {
      const slept = sleepUnlessAborted(100, long.signal);
      expect(getEventListeners(long.signal, 'abort')).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(100);
      await slept;
    }
    expect(getEventListeners(long.signal, 'abort')).toHaveLength(0);

    const cut = new AbortController();
    const slept = sleepUnlessAborted(60_000, cut.signal);
    cut.abort();
    await slept;
    expect(getEventListeners(cut.signal, 'abort')).toHaveLength(0);
  });
});

describe('sleepUnlessAborted timers and the process', () => {
  const module = fileURLToPath(new URL('../../src/kernel/sleep.ts', import.meta.url));
  const run = (options: string): number | null => {
    const script = `import { sleepUnlessAborted } from ${JSON.stringify(module)}; void sleepUnlessAborted(1000, undefined, ${options}).then(() => process.exit(7));`;
    return spawnSync(process.execPath, ['--input-type=module', '-e', script], { timeout: 20_000 }).status;
  };

  it('keeps the process alive until it resolves by default; with unref it does not', () => {
    expect(run('{}')).toBe(7);
    expect(run('{ unref: true }')).toBe(0);
  });
});
