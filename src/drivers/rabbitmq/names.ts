/**
 * Broker entity names. A queue is the queue of that name; a topic is a topic exchange of that
 * name; a subscription is the durable queue `<topic>:<subscription>` (':' never occurs in
 * Outrigger's entity names, so it cannot collide with a queue); each inbox dead-letters into
 * `<inbox queue>.deadletter`.
 */
import type { InboxRef } from '../contract.js';

export function inboxQueue(ref: InboxRef): string {
  return ref.kind === 'queue' ? ref.queue : subscriptionQueue(ref.topic, ref.subscription);
}

export function subscriptionQueue(topic: string, subscription: string): string {
  return `${topic}:${subscription}`;
}

export function deadLetterQueue(queue: string): string {
  return `${queue}.deadletter`;
}
