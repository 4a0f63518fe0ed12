/** The breaker's own rule, through the steps the composed policy takes: `enter` for a permit, `done` with the attempt's verdict. */
import { describe, expect, it } from 'vitest';
import { CircuitBreaker, type CircuitState } from '../../../src/core/resilience/breaker.js';
import { OutriggerError } from '../../../src/kernel/errors.js';

function breaker(settings: ConstructorParameters<typeof CircuitBreaker>[0] = { mode: 'consecutive', consecutiveFailures: 3, halfOpenAfterMs: 1_000 }) {
  const clock = { now: 0 };
  const changes: CircuitState[] = [];
  const instance = new CircuitBreaker(settings, "target 't'", (to) => changes.push(to), () => clock.now);
  return { instance, clock, changes };
}

const fail = (instance: CircuitBreaker) => instance.enter().done(true);
const succeed = (instance: CircuitBreaker) => instance.enter().done(false);

function refusal(instance: CircuitBreaker): OutriggerError {
  try {
    instance.enter();
  } catch (err) {
    if (err instanceof OutriggerError) return err;
  }
  throw new Error('expected circuit_open');
}

describe('resilience - circuit breaker', () => {
  it('opens at the threshold of consecutive failures, not before; a success resets the count', () => {
    const { instance, changes } = breaker();
    fail(instance);
    fail(instance);
    succeed(instance);
    fail(instance);
    fail(instance);
    expect(instance.state).toBe('closed');
    fail(instance);
    expect(changes).toEqual(['open']);
  });

  it('while open, refuses in well under a millisecond with circuit_open and Retry-After', () => {
    const { instance, clock } = breaker();
    for (let i = 0; i < 3; i++) fail(instance);
    clock.now = 400;
    const error = refusal(instance);
    expect([error.code, error.httpStatus, error.retryAfterSeconds]).toEqual(['circuit_open', 503, 1]);
    const started = performance.now();
    for (let i = 0; i < 1_000; i++) refusal(instance);
    expect((performance.now() - started) / 1_000).toBeLessThan(0.5);
  });

  it('half-opens after halfOpenAfter: one probe goes, the others fail fast; its success closes the circuit', () => {
    const { instance, clock, changes } = breaker();
    for (let i = 0; i < 3; i++) fail(instance);
    clock.now = 1_000;
    expect(instance.capacity()).toBe(1);
    const probe = instance.enter();
    expect(instance.state).toBe('half_open');
    expect(refusal(instance).code).toBe('circuit_open');
    probe.done(false);
    expect(changes).toEqual(['open', 'half_open', 'closed']);
    expect(() => succeed(instance)).not.toThrow();
  });

  it('reopens for another halfOpenAfter when the probe fails', () => {
    const { instance, clock, changes } = breaker();
    for (let i = 0; i < 3; i++) fail(instance);
    clock.now = 1_000;
    fail(instance);
    expect(changes).toEqual(['open', 'half_open', 'open']);
    clock.now = 1_999;
    expect(instance.retryAfterMs()).toBe(1);
    clock.now = 2_000;
    expect(instance.capacity()).toBe(1);
  });

  it('ratio mode: opens when the failure share reaches the ratio over at least minimumCalls in the window', () => {
    const { instance, clock } = breaker({ mode: 'ratio', failureRatio: 0.5, minimumCalls: 10, windowMs: 10_000, halfOpenAfterMs: 1_000 });
    for (let i = 0; i < 4; i++) fail(instance);
    expect(instance.state).toBe('closed'); // fewer than minimumCalls
    for (let i = 0; i < 5; i++) succeed(instance);
    fail(instance);
    expect(instance.state).toBe('open'); // 5 of 10
    clock.now = 1_000;
    succeed(instance);
    clock.now = 50_000;
    for (let i = 0; i < 9; i++) (i % 2 === 0 ? fail : succeed)(instance);
    expect(instance.state).toBe('closed'); // earlier calls left the window: 9 < minimumCalls
  });

  it('ignores results that say nothing (the caller went away), and of calls from before a state change', () => {
    const { instance, clock } = breaker({ mode: 'consecutive', consecutiveFailures: 2, halfOpenAfterMs: 1_000 });
    fail(instance);
    // Neither a failure nor a success that would reset the count.
    instance.enter().done(undefined);
    const early = instance.enter();
    fail(instance);
    expect(instance.state).toBe('open');
    clock.now = 1_000;
    const probe = instance.enter();
    early.done(true);
    expect(instance.state).toBe('half_open');
    probe.done(false);
    expect(instance.state).toBe('closed');
  });
});
