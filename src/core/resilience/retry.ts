/**
 * Retry with exponential backoff and full jitter. Another attempt is made only when all hold:
 *  - the judgement allows it: `yes` (nothing reached the target), or `if-safe` and the caller
 *    allows repeating the call (idempotent method or Idempotency-Key);
 *  - attempts are left (`maxAttempts` counts the first one);
 *  - a Retry-After, if the target sent one, is no longer than `maxBackoff` (a longer one is the
 *    target's answer to hand back, not a wait to sit out);
 *  - the wait ends before the call's deadline;
 *  - the retry budget has room.
 * The wait is the larger of the jittered backoff and Retry-After; the composed policy sits it out
 * on the call's signal, so it ends early if the call is aborted.
 */
import { backoffDelay } from '../delivery/backoff.js';
import type { RetryBudget } from './budget.js';
import type { CallContext, Judgement } from './policy.js';

export interface RetrySettings {
  maxAttempts: number;
  initialBackoffMs: number;
  maxBackoffMs: number;
}

export type RetrySkipped = 'budget' | 'deadline' | 'retry_after';

export interface RetryObserver {
  retrying(reason: string, delayMs: number, attempt: number): void;
  skipped(why: RetrySkipped, reason: string): void;
}

export class RetryPolicy {
  constructor(
    private readonly settings: RetrySettings,
    private readonly budget: RetryBudget,
    private readonly observer: RetryObserver,
    private readonly random: () => number = Math.random,
  ) {}

  /** A call starts: its first attempt counts as live traffic for the budget. */
  begin(): void {
    this.budget.deposit();
  }

  /** The wait before the next attempt, or undefined when there is to be none. */
  delayBeforeRetry(judgement: Judgement, attempt: number, context: CallContext): number | undefined {
    if (judgement.retry === 'no' || (judgement.retry === 'if-safe' && !context.safeToRetry)) return undefined;
    if (attempt >= this.settings.maxAttempts || context.signal.aborted) return undefined;
    const { retryAfterMs } = judgement;
    if (retryAfterMs !== undefined && retryAfterMs > this.settings.maxBackoffMs) {
      this.observer.skipped('retry_after', judgement.reason);
      return undefined;
    }
    const delay = Math.max(backoffDelay(attempt, this.settings, this.random), retryAfterMs ?? 0);
    if (Date.now() + delay >= context.deadline) {
      this.observer.skipped('deadline', judgement.reason);
      return undefined;
    }
    if (!this.budget.tryWithdraw()) {
      this.observer.skipped('budget', judgement.reason);
      return undefined;
    }
    this.observer.retrying(judgement.reason, delay, attempt);
    return delay;
  }
}
