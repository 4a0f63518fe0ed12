import { describe, expect, it } from 'vitest';
import { CircuitBreaker, type CircuitState } from '../../../src/core/resilience/breaker.js';
import { OutriggerError } from '../../../src/kernel/errors.js';
import { context, scripted } from './support.js';

function breaker(settings: ConstructorParameters<typeof CircuitBreaker>[0] = { mode: 'consecutive', consecutiveFailures: 3, halfOpenAfterMs: 1_000 }) {
  const clock = { now: 0 };
  const changes: CircuitState[] = [];
  const instance = new CircuitBreaker(settings, "target 't'", (to) => changes.push(to), () => clock.now);
  return { instance, clock, changes };
}

const fail = () => scripted([{ value: 500 }]);
const succeed = () => scripted([{ value: 200 }]);

async function refusal(promise: Promise<unknown>): Promise<OutriggerError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof OutriggerError) return err;
  }
  throw new Error('expected circuit_open');
}

describe('resilience - circuit breaker', () => {
  it('opens at the threshold of consecutive failures, not before; a success resets the count', async () => {
    const { instance, changes } = breaker();
    await instance.execute(fail(), context());
    await instance.execute(fail(), context());
    await instance.execute(succeed(), context());
    await instance.execute(fail(), context());
    await instance.execute(fail(), context());
    expect(instance.state).toBe('closed');
    await instance.execute(fail(), context());
    expect(changes).toEqual(['open']);
  });

  it('while open, fails in well under a millisecond with circuit_open and Retry-After, without calling', async () => {
    const { instance, clock } = breaker();
    for (let i = 0; i < 3; i++) await instance.execute(fail(), context());
    clock.now = 400;
    const call = succeed();
    const error = await refusal(instance.execute(call, context()));
    expect([error.code, error.httpStatus, error.retryAfterSeconds]).toEqual(['circuit_open', 503, 1]);
    expect(call.runs).toHaveLength(0);
    const started = performance.now();
    for (let i = 0; i < 1_000; i++) await instance.execute(call, context()).catch(() => undefined);
    expect((performance.now() - started) / 1_000).toBeLessThan(0.5);
  });

  it('half-opens after halfOpenAfter: one probe goes, the others fail fast; its success closes the circuit', async () => {
    const { instance, clock, changes } = breaker();
    for (let i = 0; i < 3; i++) await instance.execute(fail(), context());
    clock.now = 1_000;
    expect(instance.capacity()).toBe(1);
    let release!: (value: number) => void;
    const probe = instance.execute({ run: () => new Promise<number>((resolve) => (release = resolve)), judge: succeed().judge }, context());
    expect(instance.state).toBe('half_open');
    expect((await refusal(instance.execute(succeed(), context()))).code).toBe('circuit_open');
    release(200);
    await probe;
    expect(changes).toEqual(['open', 'half_open', 'closed']);
    expect(await instance.execute(succeed(), context())).toBe(200);
  });

  it('reopens for another halfOpenAfter when the probe fails', async () => {
    const { instance, clock, changes } = breaker();
    for (let i = 0; i < 3; i++) await instance.execute(fail(), context());
    clock.now = 1_000;
    await instance.execute(fail(), context());
    expect(changes).toEqual(['open', 'half_open', 'open']);
    clock.now = 1_999;
    expect(instance.retryAfterMs()).toBe(1);
    clock.now = 2_000;
    expect(instance.capacity()).toBe(1);
  });

  it('ratio mode: opens when the failure share reaches the ratio over at least minimumCalls in the window', async () => {
    const { instance, clock } = breaker({ mode: 'ratio', failureRatio: 0.5, minimumCalls: 10, windowMs: 10_000, halfOpenAfterMs: 1_000 });
    for (let i = 0; i < 4; i++) await instance.execute(fail(), context());
    expect(instance.state).toBe('closed'); // fewer than minimumCalls
    for (let i = 0; i < 5; i++) await instance.execute(succeed(), context());
    await instance.execute(fail(), context());
    expect(instance.state).toBe('open'); // 5 of 10
    clock.now = 1_000;
    await instance.execute(succeed(), context());
    clock.now = 50_000;
    for (let i = 0; i < 9; i++) await instance.execute(i % 2 === 0 ? fail() : succeed(), context());
    expect(instance.state).toBe('closed'); // earlier calls left the window: 9 < minimumCalls
  });

  it('ignores results of calls aborted by their caller, and of calls from before a state change', async () => {
    const { instance } = breaker({ mode: 'consecutive', consecutiveFailures: 1, halfOpenAfterMs: 1_000 });
    const aborted = new AbortController();
    aborted.abort();
    await instance.execute(scripted([{ error: new Error('gone') }]), context({ signal: aborted.signal })).catch(() => undefined);
    expect(instance.state).toBe('closed');
    const early = instance.enter();
    await instance.execute(fail(), context());
    expect(instance.state).toBe('open');
    early.done(false);
    expect(instance.state).toBe('open');
  });
});
