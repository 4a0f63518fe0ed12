import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { OutriggerError } from '../../../src/kernel/errors.js';
import { ResiliencePolicy, type PolicyObserver } from '../../../src/core/resilience/resilience-policy.js';
import { isAttemptTimeout, TimeoutPolicy } from '../../../src/core/resilience/timeout.js';
import { buildPolicy } from '../../../src/config/policies.js';
import { context, scripted } from './support.js';

const quiet: PolicyObserver = { circuit: () => undefined, rejected: () => undefined, retrying: () => undefined, skipped: () => undefined };

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('resilience - timeout', () => {
  it('answers 504 on time even when the attempt ignores its signal, and discards a late result', async () => {
    const discarded: number[] = [];
    let finish!: (value: number) => void;
    const call = { run: () => new Promise<number>((resolve) => (finish = resolve)), judge: scripted([]).judge, discard: (v: number) => discarded.push(v) };
    const result = new TimeoutPolicy(500, "target 't'").attempt(call, context(), 1);
    const assertion = expect(result).rejects.toSatisfy((err) => err instanceof OutriggerError && err.code === 'timeout' && isAttemptTimeout(err));
    await vi.advanceTimersByTimeAsync(500);
    await assertion;
    finish(200);
    await vi.advanceTimersByTimeAsync(0);
    expect(discarded).toEqual([200]);
  });

  it("narrows the attempt's deadline and passes it a signal that aborts", async () => {
    const call = scripted([{ hang: true }]);
    const result = new TimeoutPolicy(500, "target 't'").attempt(call, context({ deadline: Date.now() + 10_000 }), 2).catch((e: unknown) => e);
    expect([call.runs[0]!.deadline, call.runs[0]!.attempt]).toEqual([Date.now() + 500, 2]);
    await vi.advanceTimersByTimeAsync(500);
    expect(call.runs[0]!.signal.aborted).toBe(true);
    expect(isAttemptTimeout(await result)).toBe(true);
  });
});

describe('resilience - the composed policy', () => {
  const config = buildPolicy({ timeout: 300, retry: { maxAttempts: 3, initialBackoff: 10, maxBackoff: 20 }, circuitBreaker: { consecutiveFailures: 2, halfOpenAfter: 1_000 } });

  it('retries a timed-out attempt of a safe call, each with its own timeout', async () => {
    const call = scripted([{ hang: true }, { value: 200 }]);
    const result = new ResiliencePolicy(config, "target 't'", quiet).execute(call, { safeToRetry: true });
    await vi.advanceTimersByTimeAsync(400);
    expect(await result).toBe(200);
    expect(call.runs).toHaveLength(2);
  });

  it("ends with the caller's deadline: 504, not the breaker's business", async () => {
    const policy = new ResiliencePolicy({ ...config, circuitBreaker: { mode: 'consecutive', consecutiveFailures: 1, halfOpenAfterMs: 1_000 } }, "target 't'", quiet);
    const result = policy.execute(scripted([{ hang: true }]), { safeToRetry: false, deadline: Date.now() + 100 }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(100);
    const error = (await result) as OutriggerError;
    expect([error.code, isAttemptTimeout(error)]).toEqual(['timeout', false]);
    expect(policy.breaker.state).toBe('closed');
  });

  it('stops retrying as soon as the breaker opens', async () => {
    const call = scripted([{ value: 503 }]);
    const policy = new ResiliencePolicy({ ...config, retry: { ...config.retry, maxAttempts: 5 } }, "target 't'", quiet);
    const result = policy.execute(call, { safeToRetry: true }).catch((e: unknown) => e);
    await vi.runAllTimersAsync();
    expect(await result).toMatchObject({ code: 'circuit_open' });
    expect(call.runs).toHaveLength(2);
  });
});
