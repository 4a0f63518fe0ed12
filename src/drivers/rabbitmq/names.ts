/**
 * Broker entity names. A queue is the queue of that name; a topic is a topic exchange of that
 * name; a subscription is the durable queue `<topic>:<subscription>` (':' never occurs in
 * Outrigger's entity names, so it cannot collide with a queue); each inbox dead-letters into
 * `<inbox queue>.deadletter`; an ordered queue's keyed messages go to `<queue>.key.<n>`, n a hash
 * of the ordering key (keyQueueFor).
 */
import type { InboxRef } from '../contract.js';

/**
 * The reply queue every caller names (ReplyOperations): a session of it, one caller's replies, is
 * the queue named by the session (`outrigger.replies.<app>.<random>`, one per sidecar; replies.ts).
 */
export const sharedReplyQueue = 'outrigger.replies';

export function inboxQueue(ref: InboxRef): string {
  if (ref.kind === 'subscription') return subscriptionQueue(ref.topic, ref.subscription);
  return ref.session === undefined ? ref.queue : ref.session;
}

export function subscriptionQueue(topic: string, subscription: string): string {
  return `${topic}:${subscription}`;
}

export function isSubscriptionQueue(queue: string): boolean {
  return queue.includes(':');
}

export function deadLetterQueue(queue: string): string {
  return `${queue}.deadletter`;
}

export function keyQueue(queue: string, index: number): string {
  return `${queue}.key.${index}`;
}

/**
 * The key-hash queue of an ordering key among `count`: FNV-1a (32 bit) of its UTF-8 bytes, modulo
 * `count`. A key always lands in the same queue while `count` stays the same; changing it moves
 * keys, so messages of a key may then be delivered out of order until the old queues are empty.
 */
export function keyQueueFor(queue: string, orderingKey: string, count: number): string {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(orderingKey, 'utf8')) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return keyQueue(queue, hash % count);
}
