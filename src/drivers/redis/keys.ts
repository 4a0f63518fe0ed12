/**
 * Every Redis key the driver uses, in one place. A queue is the stream named after it (with the
 * key prefix), so a plain client reads and writes it under that name; what Outrigger keeps beside
 * it carries an `:outrigger:` infix; dead letters go to `<stream>.deadletter`.
 */
import type { InboxRef } from '../contract.js';

export interface InboxKeys {
  /** The stream the consumer group reads. */
  stream: string;
  /** Hash: maxDeliveries, dedupWindowMs, the claim counter. */
  meta: string;
  /** Hash: entry id → claim number of the lease that holds it now. */
  leases: string;
  /** Sorted set: entry id → when it may be delivered again (lease end, or a nack's retry time). */
  due: string;
  /** Stream of messages sent with a future notBefore, and the sorted set of their times. */
  scheduled: string;
  schedule: string;
  deadLetters: string;
  /**
   * A one-entry stream that nacks and scheduled sends touch, so that long-polls blocked on the
   * queue's stream wake for a redelivery time they did not know about when they started waiting.
   */
  wake: string;
  /** Ordering keys: key → the entry holding it; entry → its key; later entries parked per key. */
  held: string;
  keyOf: string;
  parked: string;
}

export class KeySpace {
  readonly #prefix: string;

  constructor(prefix: string) {
    this.#prefix = prefix;
  }

  queueStream(queue: string): string {
    return `${this.#prefix}${queue}`;
  }

  /** One stream per subscription: publish writes a copy into each matching one. */
  subscriptionStream(topic: string, subscription: string): string {
    return `${this.#prefix}${topic}:${subscription}`;
  }

  /** Hash: subscription name → its filter and dedup window (JSON). */
  subscriptions(topic: string): string {
    return `${this.#prefix}${topic}:outrigger:subscriptions`;
  }

  /** Where an idempotency key of a queue or topic is remembered for the dedup window. */
  dedup(entity: string, key: string): string {
    return `${this.#prefix}${entity}:outrigger:dedup:${key}`;
  }

  inbox(ref: InboxRef): InboxKeys {
    return streamKeys(ref.kind === 'queue' ? this.queueStream(ref.queue) : this.subscriptionStream(ref.topic, ref.subscription));
  }
}

export function streamKeys(stream: string): InboxKeys {
  return {
    stream,
    meta: `${stream}:outrigger:meta`,
    leases: `${stream}:outrigger:leases`,
    due: `${stream}:outrigger:due`,
    scheduled: `${stream}:outrigger:scheduled`,
    schedule: `${stream}:outrigger:schedule`,
    deadLetters: `${stream}.deadletter`,
    wake: `${stream}:outrigger:wake`,
    held: `${stream}:outrigger:held`,
    keyOf: `${stream}:outrigger:key-of`,
    parked: `${stream}:outrigger:parked`,
  };
}

/** The keys of the inbox scripts, in the order the scripts read KEYS. */
export function inboxKeyList(keys: InboxKeys): string[] {
  return [keys.stream, keys.meta, keys.leases, keys.due, keys.scheduled, keys.schedule, keys.deadLetters, keys.wake, keys.held, keys.keyOf, keys.parked];
}
