/**
 * Ordering keys <-> Service Bus session ids.
 *
 * Every message carries a SessionId, because the sender cannot know whether the queue (or some
 * subscription of the topic) requires sessions, and Service Bus refuses a message without one
 * there; on an entity without sessions the SessionId is just carried along. A message with an
 * ordering key gets the key; a message without one gets its own MessageId, so it forms a session
 * of its own and never waits for another. Keys longer than Service Bus's 128 characters become a
 * SHA-256 digest (FIFO still holds: one key, one digest) and travel in full in a property.
 */
import { createHash } from 'node:crypto';
import type { ServiceBusReceivedMessage } from '@azure/service-bus';

/** Bookkeeping property holding an ordering key too long to be the SessionId itself. */
export const ORDERING_KEY = 'outrigger-long-ordering-key';
const MAX_SESSION_ID = 128;

function fit(value: string): string {
  return value.length <= MAX_SESSION_ID ? value : `sha256:${createHash('sha256').update(value).digest('base64url')}`;
}

/** The SessionId for an outgoing message, and the property to add when the key had to be digested. */
export function sessionIdFor(orderingKey: string | undefined, messageId: string): { sessionId: string; property?: string } {
  if (orderingKey === undefined) return { sessionId: fit(messageId) };
  const sessionId = fit(orderingKey);
  return sessionId === orderingKey ? { sessionId } : { sessionId, property: orderingKey };
}

/** Keys of messages whose SessionId was taken off (see detachSessionId). */
const detached = new WeakMap<ServiceBusReceivedMessage, string | undefined>();

/**
 * For a message received from an entity without sessions: its SessionId means nothing there, and
 * the SDK refuses to settle a message that has one through the management link (its fallback when
 * the receiving link was replaced), so it is taken off; the ordering key is remembered.
 */
export function detachSessionId(received: ServiceBusReceivedMessage): void {
  if (received.sessionId === undefined) return;
  detached.set(received, orderingKeyOf(received));
  (received as { sessionId?: string }).sessionId = undefined;
}

/** The ordering key a received message was sent with; undefined when it had none. */
export function orderingKeyOf(received: ServiceBusReceivedMessage): string | undefined {
  if (detached.has(received)) return detached.get(received);
  const carried = received.applicationProperties?.[ORDERING_KEY];
  if (typeof carried === 'string') return carried;
  const sessionId = received.sessionId;
  if (sessionId === undefined || sessionId === '') return undefined;
  const messageId = received.messageId === undefined ? undefined : String(received.messageId);
  return messageId !== undefined && fit(messageId) === sessionId ? undefined : sessionId;
}
