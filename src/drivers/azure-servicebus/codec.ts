/**
 * Our messages <-> Service Bus messages.
 *
 * - headers: `content-type` -> contentType; every other header (ce-* attributes, traceparent, ...)
 *   -> an application property of the same name, so subscription rules can filter on them.
 * - id -> MessageId; with an idempotency key, the key is the MessageId (duplicate detection works
 *   on it) and the id travels in the `outrigger-id` property.
 * - notBefore -> ScheduledEnqueueTimeUtc; expiresAt -> TimeToLive (at least 1 ms).
 * - Bookkeeping properties (never shown as headers): `outrigger-id`, `outrigger-prior-attempts`
 *   (attempts made before this copy existed: a nack with delay or a redrive makes a new copy),
 *   `outrigger-released` (abandons that were releases, not attempts), `outrigger-attempts` and
 *   `outrigger-dead-lettered-at` (stamped when the driver dead-letters).
 */
import { randomUUID } from 'node:crypto';
import type { DeadLetterOptions, ServiceBusMessage, ServiceBusReceivedMessage } from '@azure/service-bus';
import type { DeadLetter, Delivery, MessageHeaders, OutboundMessage } from '../contract.js';
import { ORDERING_KEY, orderingKeyOf, sessionIdFor } from './session-ids.js';

export const ID = 'outrigger-id';
export const PRIOR_ATTEMPTS = 'outrigger-prior-attempts';
export const RELEASED = 'outrigger-released';
export const DEAD_ATTEMPTS = 'outrigger-attempts';
export const DEAD_AT = 'outrigger-dead-lettered-at';
/** Reason given by the driver when maxDeliveries is reached (the embedded broker uses the same). */
export const MAX_DELIVERIES_EXCEEDED = 'max_deliveries_exceeded';
export const REJECTED_BY_CONSUMER = 'rejected_by_consumer';

const bookkeeping = new Set([ID, PRIOR_ATTEMPTS, RELEASED, DEAD_ATTEMPTS, DEAD_AT, ORDERING_KEY, 'DeadLetterReason', 'DeadLetterErrorDescription']);

/** Our reason as Service Bus's DeadLetterReason; the attempts and time stamped for listing. */
export function deadLetterOptions(reason: string, attempts: number): DeadLetterOptions & Record<string, number | string> {
  return { deadLetterReason: reason, deadLetterErrorDescription: 'dead-lettered by the Outrigger sidecar', [DEAD_ATTEMPTS]: attempts, [DEAD_AT]: Date.now() };
}

export function toServiceBusMessage(message: OutboundMessage, now = Date.now()): ServiceBusMessage {
  const applicationProperties: Record<string, string | number> = {};
  let contentType: string | undefined;
  for (const [name, value] of Object.entries(message.headers)) {
    if (name === 'content-type') contentType = value;
    else applicationProperties[name] = value;
  }
  const messageId = message.idempotencyKey ?? message.id;
  if (messageId !== message.id) applicationProperties[ID] = message.id;
  // Ordering key -> SessionId, always set (session-ids.ts says why).
  const session = sessionIdFor(message.orderingKey, messageId);
  if (session.property !== undefined) applicationProperties[ORDERING_KEY] = session.property;
  return {
    body: Buffer.from(message.data.buffer, message.data.byteOffset, message.data.byteLength),
    messageId,
    sessionId: session.sessionId,
    ...(message.replyTo === undefined ? {} : { replyTo: message.replyTo.queue }),
    ...(message.replyTo?.session === undefined ? {} : { replyToSessionId: message.replyTo.session }),
    applicationProperties,
    ...(contentType === undefined ? {} : { contentType }),
    ...(message.notBefore !== undefined && message.notBefore > now ? { scheduledEnqueueTimeUtc: new Date(message.notBefore) } : {}),
    ...(message.expiresAt !== undefined ? { timeToLive: Math.max(1, message.expiresAt - now) } : {}),
  };
}

/** A copy of a received message for re-sending: a fresh MessageId (so duplicate detection never eats it), the same id. */
export function copyOf(received: ServiceBusReceivedMessage, priorAttempts: number): ServiceBusMessage {
  const props: Record<string, number | boolean | string | Date | null> = {};
  for (const [name, value] of Object.entries(received.applicationProperties ?? {})) {
    if (!bookkeeping.has(name)) props[name] = value;
  }
  props[ID] = idOf(received);
  if (priorAttempts > 0) props[PRIOR_ATTEMPTS] = priorAttempts;
  const messageId = randomUUID();
  // The copy stays in its session (its key's order); an unkeyed one gets a session of its own again.
  const key = orderingKeyOf(received);
  const session = sessionIdFor(key, messageId);
  if (session.property !== undefined) props[ORDERING_KEY] = session.property;
  return {
    body: received.body as Buffer,
    messageId,
    sessionId: session.sessionId,
    applicationProperties: props,
    ...(received.contentType === undefined ? {} : { contentType: received.contentType }),
    ...(received.subject === undefined ? {} : { subject: received.subject }),
    ...(received.correlationId === undefined ? {} : { correlationId: received.correlationId }),
  };
}

export function idOf(received: ServiceBusReceivedMessage): string {
  const carried = received.applicationProperties?.[ID];
  if (typeof carried === 'string') return carried;
  return String(received.messageId ?? received.sequenceNumber?.toString() ?? '');
}

function count(received: ServiceBusReceivedMessage, name: string): number {
  const value = received.applicationProperties?.[name];
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

/**
 * The attempt this delivery is, from 1. The wire delivery count is 0 on a first delivery and
 * counts abandons and lock expiries; releases are abandons that must not count.
 */
export function attemptOf(received: ServiceBusReceivedMessage): number {
  return (received.deliveryCount ?? 0) + 1 + count(received, PRIOR_ATTEMPTS) - count(received, RELEASED);
}

export function releasedOf(received: ServiceBusReceivedMessage): number {
  return count(received, RELEASED);
}

export function headersOf(received: ServiceBusReceivedMessage): MessageHeaders {
  const headers: MessageHeaders = {};
  for (const [name, value] of Object.entries(received.applicationProperties ?? {})) {
    if (bookkeeping.has(name) || value === null || value === undefined) continue;
    headers[name.toLowerCase()] = value instanceof Date ? value.toISOString() : String(value);
  }
  if (received.contentType !== undefined) headers['content-type'] = received.contentType;
  return headers;
}

export function dataOf(received: ServiceBusReceivedMessage): Uint8Array {
  const body: unknown = received.body;
  if (body instanceof Uint8Array) return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  if (body === undefined || body === null) return new Uint8Array();
  // Sent by another client as an AMQP value rather than a data section.
  return new TextEncoder().encode(typeof body === 'string' ? body : JSON.stringify(body));
}

export function toDeadLetter(received: ServiceBusReceivedMessage): DeadLetter {
  const enqueuedAt = received.enqueuedTimeUtc?.getTime() ?? 0;
  const deadAt = received.applicationProperties?.[DEAD_AT];
  const stamped = received.applicationProperties?.[DEAD_ATTEMPTS];
  const orderingKey = orderingKeyOf(received);
  return {
    id: idOf(received),
    headers: headersOf(received),
    data: dataOf(received),
    ...(orderingKey === undefined ? {} : { orderingKey }),
    attempts: typeof stamped === 'number' ? stamped : (received.deliveryCount ?? 0) + count(received, PRIOR_ATTEMPTS) - count(received, RELEASED),
    reason: reasonOf(received),
    enqueuedAt,
    deadLetteredAt: typeof deadAt === 'number' ? deadAt : enqueuedAt,
  };
}

/** The driver's own reasons as given; Service Bus's own ones with their description. */
function reasonOf(received: ServiceBusReceivedMessage): string {
  const reason = received.deadLetterReason ?? 'unknown';
  if (reason === 'MaxDeliveryCountExceeded') return MAX_DELIVERIES_EXCEEDED;
  const description = received.deadLetterErrorDescription;
  if (typeof received.applicationProperties?.[DEAD_AT] === 'number' || description === undefined || description === '') return reason;
  return `${reason}: ${description}`;
}

/** The contract's delivery of a message held under `lease` until `leaseUntil` (by a plain or a session receiver). */
export function deliveryOf(received: ServiceBusReceivedMessage, held: { lease: string; attempt: number; leaseUntil: number; orderingKey: string | undefined; now: number }): Delivery {
  return {
    id: idOf(received),
    lease: held.lease,
    attempt: held.attempt,
    headers: headersOf(received),
    data: dataOf(received),
    ...(held.orderingKey === undefined ? {} : { orderingKey: held.orderingKey }),
    enqueuedAt: received.enqueuedTimeUtc?.getTime() ?? held.now,
    leaseExpiresAt: held.leaseUntil,
  };
}
