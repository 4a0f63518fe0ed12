/**
 * The resilience layer: small policies, each a step around a call's attempts (the bulkhead's
 * `acquire`, the retry's `delayBeforeRetry`, the breaker's `enter`, the timeout's `attempt`),
 * composed by ResiliencePolicy and shared by query targets, push delivery (its circuit breaker)
 * and request/reply over brokers.
 *
 * Why our own and not cockatiel (connor4312/cockatiel), which we weighed first and took the entry
 * point's shape from (`execute(fn, signal)`): three of its four policies do not do what a
 * sidecar needs, and the wrapping needed to fix them would be as large as these files.
 *  - Retry: no way to refuse a retry for a budget (Linkerd-style) or a caller's deadline, and its
 *    backoff sleep ignores the abort signal, so a Retry-After could outlive Outrigger-Timeout.
 *  - Circuit breaker: in half-open, calls beyond the probe wait for the probe's verdict instead
 *    of failing fast; we answer them 503 circuit_open at once, as Envoy and Linkerd do.
 *  - Bulkhead: a queued call whose caller gave up keeps its place until a slot frees.
 * The timeout is a dozen lines with AbortController. Not depending on it also keeps the sidecar's
 * dependency tree (and its supply-chain surface) small.
 *
 * A call tells the policies what its outcome means through `judge`: whether it counts against the
 * breaker and whether another attempt may help. Retrying is decided once, by the caller's intent
 * (`safeToRetry`) and the judgement together, so no policy needs to know about HTTP.
 */
import { OutriggerError } from '../../kernel/errors.js';

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

export interface Judgement {
  /** Counts against the circuit breaker (5xx, timeout, connection error). */
  failure: boolean;
  /**
   * Whether another attempt may help: `no`; `if-safe` only when the call may be repeated
   * (idempotent method or Idempotency-Key); `yes` when nothing reached the target at all.
   */
  retry: 'no' | 'if-safe' | 'yes';
  /** How long the target asked us to wait (Retry-After), in ms. */
  retryAfterMs?: number;
  /** Short label for metrics and logs: `503`, `timeout`, `ECONNREFUSED`. */
  reason: string;
}

export interface CallContext {
  /** Aborted when the caller goes away, the overall deadline passes, or (inside a timeout) the attempt times out. */
  signal: AbortSignal;
  /** Epoch ms by which the call (inside a timeout: this attempt) must be over; Infinity for none. */
  deadline: number;
  /** The caller allows repeating the call: an idempotent method, or an Idempotency-Key. */
  safeToRetry: boolean;
  /** 1 for the first attempt. */
  attempt: number;
}

export interface Call<T> {
  run(context: CallContext): Promise<T>;
  judge(outcome: Outcome<T>): Judgement;
  /** Frees a value that will not be returned (drains a response body before a retry). */
  discard?(value: T): void;
}

/**
 * Judgements of Outrigger's own errors, which policies throw and calls see from inner policies:
 * a breaker or bulkhead refusal says nothing new about the target and is not retried; the
 * attempt timeout is a failure worth another try; anything that aborted the whole call is final.
 */
export function judgeOwnError(error: unknown, attemptTimedOut: boolean): Judgement | undefined {
  if (!(error instanceof OutriggerError)) return undefined;
  if (error.code === 'timeout' && attemptTimedOut) return { failure: true, retry: 'if-safe', reason: 'timeout' };
  return { failure: false, retry: 'no', reason: error.code };
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason as Error);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    function onAbort(): void {
      clearTimeout(timer);
      reject(signal.reason as Error);
    }
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
