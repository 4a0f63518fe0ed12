/**
 * How Outrigger's names become JetStream names. A resource name may contain '.', which NATS
 * reads as a subject separator and refuses in stream and consumer names, so '.' is written as
 * '~' (a character resource names never contain). The same '~' marks the names the driver adds
 * itself (dead-letter streams, copies addressed to one subscription), so they can never collide
 * with a resource of the user's.
 */

/** A resource name as one NATS token (stream, consumer or subject token). */
export function token(name: string): string {
  return name.replaceAll('.', '~');
}

/** The stream holding a queue's or a topic's messages; its subjects are `<token>.>`. */
export function resourceStream(resource: string): string {
  return token(resource);
}

/** The subject Outrigger publishes a queue's messages to (a plain client may use any `<token>.*`). */
export function queueSubject(queue: string): string {
  return `${token(queue)}.command`;
}

/**
 * The subject of a topic event: `<topic>.<type>`, so that a plain client can subscribe to one
 * type. Characters a subject token cannot hold (space, '.', '*', '>') become '_'.
 */
export function topicSubject(topic: string, type: string | undefined): string {
  const typeToken = type === undefined || type === '' ? '_' : type.replace(/[\s.*>]/g, '_');
  return `${token(topic)}.${typeToken}`;
}

/**
 * Where a copy meant for one inbox only goes (a released or redriven message): a queue's
 * stream has one consumer, so any subject of it will do; a topic's copy is addressed to one
 * subscription, and every other subscription skips it.
 */
export function copySubject(ref: InboxKey): string {
  return ref.subscription === undefined ? `${token(ref.resource)}.~copy` : `${token(ref.resource)}.~to.${token(ref.subscription)}`;
}

/** The durable consumer: one per queue (shared by every sidecar), one per subscription. */
export function consumerName(ref: InboxKey): string {
  return ref.subscription === undefined ? 'outrigger' : token(ref.subscription);
}

/** The dead-letter stream of one inbox (JetStream has none of its own). */
export function deadLetterStream(ref: InboxKey): string {
  return ref.subscription === undefined ? `${token(ref.resource)}~dlq` : `${token(ref.resource)}~${token(ref.subscription)}~dlq`;
}

export interface InboxKey {
  /** The queue or topic. */
  resource: string;
  /** The subscription, for a topic. */
  subscription?: string;
}
