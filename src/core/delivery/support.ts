/** Small pieces shared by the inbox and stream pumps (and by Consume, in core/consume). */
import type { MessageHeaders, OutboundMessage, StreamEvent } from '../../drivers/contract.js';
import type { Logger } from '../../observability/logger.js';
import { ensureTraceparent } from '../query/headers.js';

/** What the app is told about one attempt, besides the stored message. */
export interface AttemptFacts {
  attempt: number;
  subscription: string;
  /** The app (this one or another replica) was handed this message before (docs/http-api.md). */
  redelivered: boolean;
  /** A stream event's place in its stream. */
  position?: { partition: number; offset: number };
}

/**
 * The stored CloudEvents binary headers plus what the app needs to know about this attempt, and a
 * W3C traceparent always: a new trace when the publisher sent none, so every push can be traced.
 */
export function deliveryHeaders(stored: MessageHeaders, facts: AttemptFacts, bodyBytes: number): Record<string, string> {
  const headers: Record<string, string> = { ...stored, 'outrigger-attempt': String(facts.attempt), 'outrigger-subscription': facts.subscription };
  if (facts.redelivered) headers['outrigger-redelivered'] = 'true';
  if (facts.position !== undefined) {
    headers['outrigger-partition'] = String(facts.position.partition);
    headers['outrigger-offset'] = String(facts.position.offset);
  }
  if (bodyBytes > 0 && headers['content-type'] === undefined) headers['content-type'] = 'application/octet-stream';
  ensureTraceparent(headers);
  return headers;
}

/** A delivery the app is working on: what the log says of it if it is taken back. */
export interface AtApp {
  id: string;
  attempt: number;
  /** When it was handed to the app (epoch ms). */
  since: number;
  position?: { partition: number; offset: number };
}

/** One line per delivery taken back from the app unfinished, so an operator can tell the app which. */
export function logReleased(logger: Logger, subscription: string, deliveries: Iterable<AtApp>): void {
  const now = Date.now();
  for (const { id, attempt, since, position } of deliveries) {
    logger.warn({ subscription, id, attempt, ranMs: now - since, ...position }, 'grace period over: delivery released unfinished; it will be delivered again, marked Outrigger-Redelivered');
  }
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
