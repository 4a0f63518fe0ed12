/** Small pieces shared by the inbox and stream pumps (and by Consume, in core/consume). */
import type { MessageHeaders, OutboundMessage, StreamEvent } from '../../drivers/contract.js';

/** The stored CloudEvents binary headers plus what the app needs to know about this attempt. */
export function deliveryHeaders(stored: MessageHeaders, attempt: number, subscription: string, bodyBytes: number): Record<string, string> {
  const headers: Record<string, string> = { ...stored, 'outrigger-attempt': String(attempt), 'outrigger-subscription': subscription };
  if (bodyBytes > 0 && headers['content-type'] === undefined) headers['content-type'] = 'application/octet-stream';
  return headers;
}

/** Resolves after `ms`, or at once when `signal` aborts; never rejects. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** A stream event as it goes to a stream subscription's dead-letter queue: where it came from, and why. */
export function streamDeadLetterMessage(event: StreamEvent, stream: string, reason: string): OutboundMessage {
  return {
    id: event.id,
    headers: {
      ...event.headers,
      'outrigger-deadletter-reason': reason,
      'outrigger-stream': stream,
      'outrigger-partition': String(event.partition),
      'outrigger-offset': String(event.offset),
    },
    data: event.data,
  };
}
