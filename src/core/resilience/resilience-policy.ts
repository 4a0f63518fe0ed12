/**
 * One target's (or subscription's) policies, built from a PolicyConfig and composed in the order
 * that makes each meaningful:
 *
 *   deadline → bulkhead → retry → circuit breaker → timeout → the call
 *
 * The deadline (the caller's Outrigger-Timeout) bounds everything, queueing and backoff included.
 * The bulkhead admits calls, not attempts, so retries never need a second slot. Each attempt
 * passes the breaker, so an open circuit stops further retries, and each attempt has its own
 * timeout, so a hung attempt is retried (when safe) instead of eating the whole deadline.
 *
 * The layers run in one async frame rather than one each: every broker call and query attempt
 * passes here, and a call that finds a free slot, a closed circuit and succeeds at once should
 * cost one promise, the attempt's AbortController and its timer (allocation per request drives
 * the GC part of the latency tail). Each step is the policy's own (`acquire`, `delayBeforeRetry`,
 * `enter`, `attempt`), so the layers mean what they mean alone.
 */
import type { PolicyConfig } from '../../config/types.js';
import { OutriggerError } from '../../kernel/errors.js';
import { linkedAbort, neverAborted } from '../linked-abort.js';
import { CircuitBreaker, type CircuitState, type Permit } from './breaker.js';
import { RetryBudget } from './budget.js';
import { Bulkhead } from './bulkhead.js';
import { sleep, type Call, type CallContext, type Outcome } from './policy.js';
import { RetryPolicy, type RetryObserver } from './retry.js';
import { TimeoutPolicy } from './timeout.js';

export interface CallOptions {
  /** The caller allows repeating the call: an idempotent method, or an Idempotency-Key. */
  safeToRetry: boolean;
  /** Epoch ms after which the call fails with 504 timeout (the caller's Outrigger-Timeout). */
  deadline?: number;
  /** The caller going away. */
  signal?: AbortSignal;
}

export interface PolicyObserver extends RetryObserver {
  circuit(to: CircuitState, from: CircuitState): void;
  rejected(): void;
}

export class ResiliencePolicy {
  readonly breaker: CircuitBreaker;
  readonly bulkhead: Bulkhead;
  private readonly retry: RetryPolicy;
  private readonly timeout: TimeoutPolicy;

  constructor(
    config: PolicyConfig,
    /** Who is called, for error messages: `target 'catalog'`. */
    private readonly subject: string,
    observer: PolicyObserver,
  ) {
    this.breaker = new CircuitBreaker(config.circuitBreaker, subject, (to, from) => observer.circuit(to, from));
    this.bulkhead = new Bulkhead(config.bulkhead.maxConcurrent, config.bulkhead.maxQueue, subject, () => observer.rejected());
    this.retry = new RetryPolicy(config.retry, new RetryBudget(config.retry.budget), observer);
    this.timeout = new TimeoutPolicy(config.timeoutMs, subject);
  }

  execute<T>(call: Call<T>, options: CallOptions): Promise<T> {
    const deadline = options.deadline ?? Number.POSITIVE_INFINITY;
    if (!Number.isFinite(deadline)) {
      return this.run(call, { signal: options.signal ?? neverAborted(), deadline, safeToRetry: options.safeToRetry, attempt: 1 });
    }
    return this.runBefore(call, deadline, options);
  }

  private async runBefore<T>(call: Call<T>, deadline: number, options: CallOptions): Promise<T> {
    const whole = linkedAbort(
      [options.signal],
      deadline - Date.now(),
      () => new OutriggerError('timeout', `no answer from ${this.subject} before the caller's deadline (Outrigger-Timeout)`),
    );
    try {
      return await this.run(call, { signal: whole.signal, deadline, safeToRetry: options.safeToRetry, attempt: 1 });
    } finally {
      whole.dispose();
    }
  }

  /** bulkhead → retry → breaker → timeout: the one place the steps are put together. */
  private async run<T>(call: Call<T>, context: CallContext): Promise<T> {
    const { signal } = context;
    const waiting = this.bulkhead.acquire(signal);
    if (waiting !== undefined) await waiting;
    try {
      this.retry.begin();
      for (let attempt = context.attempt; ; attempt++) {
        let outcome: Outcome<T>;
        let permit: Permit | undefined;
        try {
          permit = this.breaker.enter();
          outcome = { ok: true, value: await this.timeout.attempt(call, context, attempt) };
        } catch (error) {
          outcome = { ok: false, error };
        }
        const judgement = call.judge(outcome);
        // The breaker's verdict on this attempt (none when it refused it, or the caller went away).
        if (permit !== undefined) permit.done(outcome.ok || !signal.aborted ? judgement.failure : undefined);
        const delay = this.retry.delayBeforeRetry(judgement, attempt, context);
        if (delay === undefined) {
          if (outcome.ok) return outcome.value;
          throw outcome.error;
        }
        if (outcome.ok) call.discard?.(outcome.value);
        await sleep(delay, signal);
      }
    } finally {
      this.bulkhead.release();
    }
  }
}
