/**
 * The service counts visibility timeouts and time-to-live in whole seconds, and hides a message
 * for at most 7 days. Milliseconds are rounded up, so a message is never shown (or a lease ended)
 * earlier than asked.
 */
import { OutriggerError } from '../../kernel/errors.js';

export const MAX_VISIBILITY_S = 7 * 24 * 3600;

/** Seconds for a delay (0 allowed); refuses more than 7 days, naming what was asked. */
export function delaySeconds(ms: number, what: string): number {
  const seconds = Math.max(0, Math.ceil(ms / 1000));
  if (seconds > MAX_VISIBILITY_S) {
    throw new OutriggerError(
      'bad_request',
      `${what} of ${seconds} s is longer than Storage Queues can hide a message (7 days, ${MAX_VISIBILITY_S} s); schedule it closer, or keep it elsewhere until then`,
      { extensions: { limit: MAX_VISIBILITY_S } },
    );
  }
  return seconds;
}

/** Seconds for a lease: at least 1 (the service's minimum on receive), at most 7 days. */
export function leaseSeconds(ms: number): number {
  return Math.min(MAX_VISIBILITY_S, Math.max(1, Math.ceil(ms / 1000)));
}
