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
 */
import type { PolicyConfig } from '../../config/types.js';
import { OutriggerError } from '../../kernel/errors.js';
import { linkedAbort, neverAborted } from '../linked-abort.js';
import { CircuitBreaker, type CircuitState } from './breaker.js';
import { RetryBudget } from './budget.js';
import { Bulkhead } from './bulkhead.js';
import { wrap, type Call, type Policy } from './policy.js';
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
  private readonly pipeline: Policy;

  constructor(
    config: PolicyConfig,
    /** Who is called, for error messages: `target 'catalog'`. */
    private readonly subject: string,
    observer: PolicyObserver,
  ) {
    this.breaker = new CircuitBreaker(config.circuitBreaker, subject, (to, from) => observer.circuit(to, from));
    this.bulkhead = new Bulkhead(config.bulkhead.maxConcurrent, config.bulkhead.maxQueue, subject, () => observer.rejected());
    const retry = new RetryPolicy(config.retry, new RetryBudget(config.retry.budget), observer);
    this.pipeline = wrap(this.bulkhead, retry, this.breaker, new TimeoutPolicy(config.timeoutMs, subject));
  }

  async execute<T>(call: Call<T>, options: CallOptions): Promise<T> {
    const deadline = options.deadline ?? Number.POSITIVE_INFINITY;
    if (!Number.isFinite(deadline)) {
      return this.pipeline.execute(call, { signal: options.signal ?? neverAborted(), deadline, safeToRetry: options.safeToRetry, attempt: 1 });
    }
    const whole = linkedAbort(
      [options.signal],
      deadline - Date.now(),
      () => new OutriggerError('timeout', `no answer from ${this.subject} before the caller's deadline (Outrigger-Timeout)`),
    );
    try {
      return await this.pipeline.execute(call, { signal: whole.signal, deadline, safeToRetry: options.safeToRetry, attempt: 1 });
    } finally {
      whole.dispose();
    }
  }
}
