/**
 * The retry's own rule, through the step the composed policy takes after each attempt:
 * `delayBeforeRetry` (the wait before another attempt, or none); the wait itself through a
 * ResiliencePolicy that configures nothing but the retry.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PolicyConfig } from '../../../src/config/types.js';
import { RetryBudget } from '../../../src/core/resilience/budget.js';
import type { Judgement } from '../../../src/core/resilience/policy.js';
import { ResiliencePolicy } from '../../../src/core/resilience/resilience-policy.js';
import { RetryPolicy, type RetryObserver } from '../../../src/core/resilience/retry.js';
import { context, scripted } from './support.js';

const settings = { maxAttempts: 3, initialBackoffMs: 100, maxBackoffMs: 1_000 };
const roomy = () => new RetryBudget({ ratio: 1, minPerSecond: 1_000, windowMs: 10_000 });
const transient: Judgement = { failure: true, retry: 'if-safe', reason: '503' };

function observer(): RetryObserver & { skips: string[]; delays: number[] } {
  const skips: string[] = [];
  const delays: number[] = [];
  return { skips, delays, retrying: (_reason, delay) => delays.push(delay), skipped: (why) => skips.push(why) };
}

/** The delays `policy` grants one call judged `judgement` after every attempt, until it grants none. */
function delays(policy: RetryPolicy, judgement: Judgement, overrides: Parameters<typeof context>[0] = {}): number[] {
  const granted: number[] = [];
  const ctx = context(overrides);
  policy.begin();
  for (let attempt = 1; ; attempt++) {
    const delay = policy.delayBeforeRetry(judgement, attempt, ctx);
    if (delay === undefined) return granted;
    granted.push(delay);
  }
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('resilience - retry', () => {
  it('retries a transient failure of a safe call up to maxAttempts, with jittered backoff', () => {
    const events = observer();
    expect(delays(new RetryPolicy(settings, roomy(), events, () => 1), transient)).toEqual([100, 200]);
    expect(events.delays).toEqual([100, 200]);
    expect(delays(new RetryPolicy(settings, roomy(), observer(), () => 0.5), transient)).toEqual([50, 100]);
  });

  it('never repeats an unsafe call on an if-safe failure', () => {
    expect(delays(new RetryPolicy(settings, roomy(), observer()), transient, { safeToRetry: false })).toEqual([]);
  });

  it('repeats even an unsafe call when nothing reached the target', () => {
    const refused: Judgement = { failure: true, retry: 'yes', reason: 'ECONNREFUSED' };
    expect(delays(new RetryPolicy(settings, roomy(), observer(), () => 0), refused, { safeToRetry: false })).toEqual([0, 0]);
  });

  it('never repeats what the judgement says no to', () => {
    expect(delays(new RetryPolicy(settings, roomy(), observer()), { failure: true, retry: 'no', reason: '500' })).toEqual([]);
  });

  it('waits at least Retry-After, and hands back one longer than maxBackoff unretried', () => {
    const events = observer();
    const policy = new RetryPolicy(settings, roomy(), events, () => 0);
    expect(policy.delayBeforeRetry({ ...transient, retryAfterMs: 700 }, 1, context())).toBe(700);
    expect(events.delays).toEqual([700]);
    expect(policy.delayBeforeRetry({ ...transient, retryAfterMs: 5_000 }, 1, context())).toBeUndefined();
    expect(events.skips).toEqual(['retry_after']);
  });

  it('does not retry when the wait would pass the deadline', () => {
    const events = observer();
    expect(delays(new RetryPolicy(settings, roomy(), events, () => 1), transient, { deadline: Date.now() + 50 })).toEqual([]);
    expect(events.skips).toEqual(['deadline']);
  });

  it('stops retrying once the budget is spent', () => {
    const events = observer();
    const budget = new RetryBudget({ ratio: 0.5, minPerSecond: 0, windowMs: 10_000 });
    const policy = new RetryPolicy({ ...settings, maxAttempts: 5 }, budget, events, () => 0);
    let attempts = 0;
    for (let i = 0; i < 4; i++) attempts += 1 + delays(policy, transient).length;
    // 4 calls at ratio 0.5: 2 retries in all, instead of 16.
    expect(attempts).toBe(6);
    expect(events.skips.filter((s) => s === 'budget')).toHaveLength(4);
  });

  it('grants no retry once the call is aborted', () => {
    const controller = new AbortController();
    controller.abort(new Error('gone'));
    expect(delays(new RetryPolicy(settings, roomy(), observer()), transient, { signal: controller.signal })).toEqual([]);
  });

  it('ends the wait at once when the call is aborted', async () => {
    const retryOnly: PolicyConfig = {
      timeoutMs: Number.POSITIVE_INFINITY,
      retry: { maxAttempts: 3, initialBackoffMs: 1_000, maxBackoffMs: 1_000, budget: { ratio: 1, minPerSecond: 1_000, windowMs: 10_000 } },
      circuitBreaker: { mode: 'consecutive', consecutiveFailures: Number.POSITIVE_INFINITY, halfOpenAfterMs: 0 },
      bulkhead: { maxConcurrent: Number.POSITIVE_INFINITY, maxQueue: 0 },
    };
    const retrying: number[] = [];
    const quiet = { circuit: () => undefined, rejected: () => undefined, retrying: (_reason: string, delay: number) => retrying.push(delay), skipped: () => undefined };
    const controller = new AbortController();
    // Retry-After at maxBackoff: the wait is a known second whatever the jitter.
    const call = scripted([{ value: 503 }], (o) => (o.ok && o.value === 503 ? { ...transient, retryAfterMs: 1_000 } : { failure: false, retry: 'no', reason: 'ok' }));
    const result = new ResiliencePolicy(retryOnly, "target 't'", quiet).execute(call, { safeToRetry: true, signal: controller.signal }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(10);
    expect(retrying).toEqual([1_000]);
    controller.abort(new Error('gone'));
    expect(((await result) as Error).message).toBe('gone');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(call.runs).toHaveLength(1);
  });
});
