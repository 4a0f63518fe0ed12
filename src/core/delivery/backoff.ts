/** Retry timing for push delivery: exponential backoff with full jitter, and Retry-After. */
import type { RetryConfig } from '../../config/types.js';

/**
 * Full jitter (a uniformly random wait up to the exponential ceiling) spreads the retries of
 * many failed deliveries instead of sending them back in lock-step.
 */
export function backoffDelay(attempt: number, retry: RetryConfig, random: () => number = Math.random): number {
  const ceiling = Math.min(retry.maxBackoffMs, retry.initialBackoffMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(random() * ceiling);
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
