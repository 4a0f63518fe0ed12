import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RetryBudget } from '../../../src/core/resilience/budget.js';
import { RetryPolicy, type RetryObserver } from '../../../src/core/resilience/retry.js';
import { context, scripted } from './support.js';

const settings = { maxAttempts: 3, initialBackoffMs: 100, maxBackoffMs: 1_000 };
const roomy = () => new RetryBudget({ ratio: 1, minPerSecond: 1_000, windowMs: 10_000 });

function observer(): RetryObserver & { skips: string[]; delays: number[] } {
  const skips: string[] = [];
  const delays: number[] = [];
  return { skips, delays, retrying: (_reason, delay) => delays.push(delay), skipped: (why) => skips.push(why) };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('resilience - retry', () => {
  it('retries a transient failure of a safe call up to maxAttempts, with jittered backoff', async () => {
    const call = scripted([{ value: 503 }]);
    const events = observer();
    const result = new RetryPolicy(settings, roomy(), events, () => 1).execute(call, context());
    await vi.runAllTimersAsync();
    expect(await result).toBe(503);
    expect(call.runs.map((r) => r.attempt)).toEqual([1, 2, 3]);
    expect(events.delays).toEqual([100, 200]);
  });

  it('never repeats an unsafe call on an if-safe failure', async () => {
    const call = scripted([{ value: 503 }, { value: 200 }]);
    expect(await new RetryPolicy(settings, roomy(), observer()).execute(call, context({ safeToRetry: false }))).toBe(503);
    expect(call.runs).toHaveLength(1);
  });

  it('repeats even an unsafe call when nothing reached the target', async () => {
    const call = scripted([{ error: new Error('refused') }, { value: 200 }], (o) =>
      o.ok ? { failure: false, retry: 'no', reason: 'ok' } : { failure: true, retry: 'yes', reason: 'ECONNREFUSED' },
    );
    const result = new RetryPolicy(settings, roomy(), observer(), () => 0).execute(call, context({ safeToRetry: false }));
    await vi.runAllTimersAsync();
    expect(await result).toBe(200);
    expect(call.runs).toHaveLength(2);
  });

  it('waits at least Retry-After, and hands back one longer than maxBackoff unretried', async () => {
    const events = observer();
    const withRetryAfter = (ms: number) => scripted([{ value: 503 }, { value: 200 }], (o) =>
      o.ok && o.value === 503 ? { failure: true, retry: 'if-safe', retryAfterMs: ms, reason: '503' } : { failure: false, retry: 'no', reason: 'ok' },
    );
    const short = new RetryPolicy(settings, roomy(), events, () => 0).execute(withRetryAfter(700), context());
    await vi.advanceTimersByTimeAsync(699);
    await vi.advanceTimersByTimeAsync(1);
    expect(await short).toBe(200);
    expect(events.delays).toEqual([700]);
    expect(await new RetryPolicy(settings, roomy(), events).execute(withRetryAfter(5_000), context())).toBe(503);
    expect(events.skips).toEqual(['retry_after']);
  });

  it('does not retry when the wait would pass the deadline', async () => {
    const events = observer();
    const call = scripted([{ value: 503 }, { value: 200 }]);
    expect(await new RetryPolicy(settings, roomy(), events, () => 1).execute(call, context({ deadline: Date.now() + 50 }))).toBe(503);
    expect(events.skips).toEqual(['deadline']);
  });

  it('stops retrying once the budget is spent', async () => {
    const events = observer();
    const budget = new RetryBudget({ ratio: 0.5, minPerSecond: 0, windowMs: 10_000 });
    const policy = new RetryPolicy({ ...settings, maxAttempts: 5 }, budget, events, () => 0);
    let attempts = 0;
    for (let i = 0; i < 4; i++) {
      const call = scripted([{ value: 503 }]);
      const result = policy.execute(call, context());
      await vi.runAllTimersAsync();
      await result;
      attempts += call.runs.length;
    }
    // 4 calls at ratio 0.5: 2 retries in all, instead of 16.
    expect(attempts).toBe(6);
    expect(events.skips.filter((s) => s === 'budget')).toHaveLength(4);
  });

  it('ends the wait at once when the call is aborted', async () => {
    const controller = new AbortController();
    const call = scripted([{ value: 503 }]);
    const result = new RetryPolicy(settings, roomy(), observer(), () => 1).execute(call, context({ signal: controller.signal }));
    await vi.advanceTimersByTimeAsync(10);
    controller.abort(new Error('gone'));
    await expect(result).rejects.toThrow('gone');
    expect(call.runs).toHaveLength(1);
  });
});
