/** Calls with scripted outcomes for the policy tests. */
import type { Call, CallContext, Judgement, Outcome } from '../../../src/core/resilience/policy.js';

export type Step = { value: number } | { error: Error } | { hang: true };

/** A call that plays `steps` in order (the last repeats) and judges value >= 500 as a transient failure. */
export function scripted(steps: Step[], judge?: (outcome: Outcome<number>) => Judgement): Call<number> & { runs: CallContext[] } {
  const runs: CallContext[] = [];
  return {
    runs,
    run(context) {
      runs.push(context);
      const step = steps[Math.min(runs.length - 1, steps.length - 1)]!;
      if ('hang' in step) return new Promise<number>(() => undefined);
      return 'error' in step ? Promise.reject(step.error) : Promise.resolve(step.value);
    },
    judge:
      judge ??
      ((outcome) =>
        outcome.ok
          ? { failure: outcome.value >= 500, retry: outcome.value === 503 ? 'if-safe' : 'no', reason: String(outcome.value) }
          : { failure: true, retry: 'if-safe', reason: 'error' }),
  };
}

export function context(overrides: Partial<CallContext> = {}): CallContext {
  return { signal: new AbortController().signal, deadline: Number.POSITIVE_INFINITY, safeToRetry: true, attempt: 1, ...overrides };
}
