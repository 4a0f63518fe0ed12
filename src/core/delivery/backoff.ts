/**
 * Every wait of a delivery loop: the push retry (exponential with full jitter, and Retry-After),
 * and the plain capped doubling a loop waits after failures in a row (a failing receive, an
 * unreachable app).
 */
import type { RetryConfig } from '../../config/types.js';

/**
 * Full jitter (a uniformly random wait up to the exponential ceiling) spreads the retries of
 * many failed deliveries instead of sending them back in lock-step.
 */
export function backoffDelay(attempt: number, retry: RetryConfig, random: () => number = Math.random): number {
  const ceiling = Math.min(retry.maxBackoffMs, retry.initialBackoffMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(random() * ceiling);
}

/** The wait before attempt `attempt + 1`: the jittered backoff, or longer if the app asked for it. */
export function retryDelay(attempt: number, retry: RetryConfig, retryAfterMs = 0): number {
  return Math.max(backoffDelay(attempt, retry), retryAfterMs);
}

/** Longest Retry-After honoured; an app asking for more gets this and the message waits in the broker. */
export const maxRetryAfterMs = 3_600_000;

/** Retry-After as delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Math.min(Number(trimmed) * 1000, maxRetryAfterMs);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.min(Math.max(0, date - now), maxRetryAfterMs);
}

/** A loop's wait after failures in a row: `firstMs`, doubled for each further failure at most `maxDoublings` times, never over `capMs`. */
export interface LoopBackoff {
  readonly firstMs: number;
  readonly maxDoublings: number;
  readonly capMs: number;
}

export function loopDelay(failuresInARow: number, backoff: LoopBackoff): number {
  return Math.min(backoff.capMs, backoff.firstMs * 2 ** Math.min(failuresInARow - 1, backoff.maxDoublings));
}

/** A failing receive of a push pump or a Consume stream: 200 ms doubling to 25.6 s. */
export const receiveFailedBackoff: LoopBackoff = { firstMs: 200, maxDoublings: 7, capMs: 30_000 };

/** A failing receive of the reply queue: 200 ms doubling to 5 s. */
export const replyReceiveFailedBackoff: LoopBackoff = { firstMs: 200, maxDoublings: 5, capMs: 5_000 };

/** An unreachable app (starting, restarting, stopping): push pauses 100 ms doubling to 5 s. */
export const appUnreachableBackoff: LoopBackoff = { firstMs: 100, maxDoublings: 6, capMs: 5_000 };
