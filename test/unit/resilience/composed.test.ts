/**
 * The composed policy runs bulkhead, retry, breaker and timeout in one frame (resilience-policy.ts);
 * these are the edges that composition creates: an attempt timing out or its caller leaving while
 * it is in flight, a failure moving on to a retry, the breaker opening while a burst is in flight.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildPolicy } from '../../../src/config/policies.js';
import { judgeOwnError, type Call, type CallContext, type Outcome } from '../../../src/core/resilience/policy.js';
import { ResiliencePolicy, type PolicyObserver } from '../../../src/core/resilience/resilience-policy.js';
import { isAttemptTimeout } from '../../../src/core/resilience/timeout.js';
import { OutriggerError } from '../../../src/kernel/errors.js';

beforeEach(() => {
  vi.useFakeTimers();
  // The jittered backoff at its ceiling, so the waits are known.
  vi.spyOn(Math, 'random').mockReturnValue(1);
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

function observer(): PolicyObserver & { events: string[] } {
  const events: string[] = [];
  return {
    events,
    circuit: (to) => events.push(`circuit ${to}`),
    rejected: () => events.push('rejected'),
    retrying: (reason, delayMs, attempt) => events.push(`retrying ${reason} ${delayMs} ${attempt}`),
    skipped: (why) => events.push(`skipped ${why}`),
  };
}

/** Judged as the broker guard judges: `unavailable` is a retriable failure, Outrigger's own errors as the policies mean them. */
function judge(outcome: Outcome<string>) {
  if (outcome.ok) return { failure: false, retry: 'no' as const, reason: 'ok' };
  if (outcome.error instanceof Error && outcome.error.message === 'unavailable') return { failure: true, retry: 'if-safe' as const, reason: 'unavailable' };
  return judgeOwnError(outcome.error, isAttemptTimeout(outcome.error)) ?? { failure: false, retry: 'no' as const, reason: 'other' };
}

/** A call whose attempts the test settles by hand, in any order. */
function manual(): Call<string> & { runs: CallContext[]; settle: Array<{ value(v: string): void; fail(e: Error): void }>; discarded: string[] } {
  const runs: CallContext[] = [];
  const settle: Array<{ value(v: string): void; fail(e: Error): void }> = [];
  const discarded: string[] = [];
  return {
    runs,
    settle,
    discarded,
    run(context) {
      runs.push(context);
      return new Promise<string>((resolve, reject) => settle.push({ value: resolve, fail: reject }));
    },
    judge,
    discard: (value) => discarded.push(value),
  };
}

const config = buildPolicy({
  timeout: 500,
  retry: { maxAttempts: 3, initialBackoff: 100, maxBackoff: 100, budget: { ratio: 1, minPerSecond: 100 } },
  circuitBreaker: { consecutiveFailures: 2, halfOpenAfter: 5_000 },
  bulkhead: { maxConcurrent: 4, maxQueue: 2 },
});

describe('resilience - the composed policy in one frame', () => {
  it('answers an attempt that times out in flight on time, aborts its signal, counts it against the breaker, frees the slot and discards the late result', async () => {
    const events = observer();
    const policy = new ResiliencePolicy(config, "broker 'b'", events);
    const call = manual();
    const result = policy.execute(call, { safeToRetry: false }).catch((e: unknown) => e);
    expect(policy.bulkhead.inFlight).toBe(1);
    await vi.advanceTimersByTimeAsync(499);
    expect(call.runs[0]!.signal.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    const error = (await result) as OutriggerError;
    expect([error.code, isAttemptTimeout(error), call.runs[0]!.signal.reason]).toEqual(['timeout', true, error]);
    expect([call.runs.length, policy.bulkhead.inFlight]).toEqual([1, 0]);
    call.settle[0]!.value('late');
    await vi.advanceTimersByTimeAsync(0);
    expect(call.discarded).toEqual(['late']);
    // The second timed-out call opens the breaker (two in a row).
    const second = policy.execute(manual(), { safeToRetry: false }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(500);
    expect(isAttemptTimeout(await second)).toBe(true);
    expect(policy.breaker.state).toBe('open');
    expect(events.events).toEqual(['circuit open']);
  });

  it('times out attempts in flight each at its own time, though they share one timer; one ending early changes nothing for the others', async () => {
    const policy = new ResiliencePolicy({ ...config, circuitBreaker: { mode: 'consecutive', consecutiveFailures: 5, halfOpenAfterMs: 5_000 } }, "broker 'b'", observer());
    const [early, middle, late] = [manual(), manual(), manual()];
    const results = [policy.execute(early, { safeToRetry: false }).catch((e: unknown) => e)];
    await vi.advanceTimersByTimeAsync(100);
    results.push(policy.execute(middle, { safeToRetry: false }).catch((e: unknown) => e));
    await vi.advanceTimersByTimeAsync(100);
    results.push(policy.execute(late, { safeToRetry: false }).catch((e: unknown) => e));
    early.settle[0]!.value('early');
    // The timer, armed for the first attempt (due at 500), fires for nothing and waits on for the second (600).
    await vi.advanceTimersByTimeAsync(399);
    expect(middle.runs[0]!.signal.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect([middle.runs[0]!.signal.aborted, late.runs[0]!.signal.aborted]).toEqual([true, false]);
    await vi.advanceTimersByTimeAsync(99);
    expect(late.runs[0]!.signal.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    const [first, second, third] = await Promise.all(results);
    expect([first, isAttemptTimeout(second), isAttemptTimeout(third)]).toEqual(['early', true, true]);
    // Nothing left in flight: a new attempt is timed from its own start.
    const again = manual();
    const result = policy.execute(again, { safeToRetry: false }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(499);
    expect(again.runs[0]!.signal.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(isAttemptTimeout(await result)).toBe(true);
  });

  it('retries a timed-out attempt of a safe call with a fresh signal and timer, holding one bulkhead slot throughout', async () => {
    const events = observer();
    const policy = new ResiliencePolicy(config, "broker 'b'", events);
    const call = manual();
    const result = policy.execute(call, { safeToRetry: true });
    await vi.advanceTimersByTimeAsync(500);
    expect(events.events).toEqual(['retrying timeout 100 1']);
    expect(policy.bulkhead.inFlight).toBe(1);
    await vi.advanceTimersByTimeAsync(100);
    expect(call.runs.map((r) => [r.attempt, r.signal.aborted])).toEqual([
      [1, true],
      [2, false],
    ]);
    expect(call.runs[1]!.deadline).toBe(Date.now() + 500);
    call.settle[1]!.value('second');
    expect(await result).toBe('second');
    expect(policy.bulkhead.inFlight).toBe(0);
    // A success after a failure resets the breaker's count: one more failure does not open it.
    const failing = policy.execute(manual(), { safeToRetry: false }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(500);
    await failing;
    expect(policy.breaker.state).toBe('closed');
  });

  it('moves a failed first attempt on to a retry after the shared backoff; an unsafe call gets the failure at once', async () => {
    const events = observer();
    const policy = new ResiliencePolicy(config, "broker 'b'", events);
    const call = manual();
    const result = policy.execute(call, { safeToRetry: true });
    await vi.advanceTimersByTimeAsync(0);
    call.settle[0]!.fail(new Error('unavailable'));
    await vi.advanceTimersByTimeAsync(0);
    expect(call.runs).toHaveLength(1);
    expect(events.events).toEqual(['retrying unavailable 100 1']);
    // The first attempt ended by itself: its signal is not aborted, and its timer does not fire later.
    expect(call.runs[0]!.signal.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(100);
    expect(call.runs).toHaveLength(2);
    call.settle[1]!.value('ok');
    expect(await result).toBe('ok');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(call.runs[0]!.signal.aborted).toBe(false);

    const unsafe = manual();
    const refused = policy.execute(unsafe, { safeToRetry: false }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(0);
    unsafe.settle[0]!.fail(new Error('unavailable'));
    expect(((await refused) as Error).message).toBe('unavailable');
    expect(unsafe.runs).toHaveLength(1);
  });

  it('opens the breaker mid-burst: calls in flight finish, their retries and new calls are refused with circuit_open without running', async () => {
    const events = observer();
    const policy = new ResiliencePolicy(config, "broker 'b'", events);
    const calls = [manual(), manual(), manual(), manual()];
    const results = calls.map((call) => policy.execute(call, { safeToRetry: true }).catch((e: unknown) => e));
    // A fifth and sixth wait for a slot, a seventh is refused by the bulkhead.
    const queued = [manual(), manual()];
    const waiting = queued.map((call) => policy.execute(call, { safeToRetry: true }).catch((e: unknown) => e));
    expect(await policy.execute(manual(), { safeToRetry: true }).catch((e: unknown) => e)).toMatchObject({ code: 'back_pressure' });
    calls[0]!.settle[0]!.fail(new Error('unavailable'));
    calls[1]!.settle[0]!.fail(new Error('unavailable'));
    await vi.advanceTimersByTimeAsync(0);
    expect(policy.breaker.state).toBe('open');
    // Calls from before the change report to a breaker that has moved on: ignored, still open.
    calls[2]!.settle[0]!.value('two');
    calls[3]!.settle[0]!.fail(new Error('unavailable'));
    await vi.advanceTimersByTimeAsync(0);
    // The queued calls got the freed slots and were refused by the open breaker, never run.
    expect(await Promise.all(waiting)).toMatchObject([{ code: 'circuit_open' }, { code: 'circuit_open' }]);
    expect(queued.map((c) => c.runs.length)).toEqual([0, 0]);
    await vi.advanceTimersByTimeAsync(100);
    const settled = await Promise.all(results);
    expect(settled[2]).toBe('two');
    // The failed ones waited their backoff, then their retry met the open circuit.
    for (const i of [0, 1, 3]) expect(settled[i]).toMatchObject({ code: 'circuit_open' });
    expect(calls.map((c) => c.runs.length)).toEqual([1, 1, 1, 1]);
    expect(policy.bulkhead.inFlight).toBe(0);
    expect(events.events.filter((e) => e.startsWith('circuit'))).toEqual(['circuit open']);
  });

  it('ends an attempt in flight when its caller leaves: the reason goes back, the breaker does not count it, a late value is discarded', async () => {
    const policy = new ResiliencePolicy({ ...config, circuitBreaker: { mode: 'consecutive', consecutiveFailures: 1, halfOpenAfterMs: 5_000 } }, "broker 'b'", observer());
    const controller = new AbortController();
    const call = manual();
    const result = policy.execute(call, { safeToRetry: true, signal: controller.signal }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(0);
    const gone = new Error('caller went away');
    controller.abort(gone);
    expect(await result).toBe(gone);
    expect([call.runs[0]!.signal.aborted, call.runs[0]!.signal.reason]).toEqual([true, gone]);
    expect([policy.breaker.state, policy.bulkhead.inFlight, call.runs.length]).toEqual(['closed', 0, 1]);
    call.settle[0]!.value('late');
    await vi.advanceTimersByTimeAsync(0);
    expect(call.discarded).toEqual(['late']);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(call.runs).toHaveLength(1);
  });

  it('refuses a call whose caller has already left before it takes a slot or runs', async () => {
    const policy = new ResiliencePolicy(config, "broker 'b'", observer());
    const controller = new AbortController();
    controller.abort(new Error('gone'));
    const call = manual();
    await expect(policy.execute(call, { safeToRetry: true, signal: controller.signal })).rejects.toThrow('gone');
    expect([call.runs.length, policy.bulkhead.inFlight]).toEqual([0, 0]);
  });

  it('turns an attempt that throws before returning a promise into a judged failure', async () => {
    const policy = new ResiliencePolicy(config, "broker 'b'", observer());
    let runs = 0;
    const call: Call<string> = {
      run: () => {
        runs++;
        if (runs === 1) throw new Error('unavailable');
        return Promise.resolve('ok');
      },
      judge,
    };
    const result = policy.execute(call, { safeToRetry: true });
    await vi.advanceTimersByTimeAsync(100);
    expect([await result, runs]).toEqual(['ok', 2]);
  });
});
