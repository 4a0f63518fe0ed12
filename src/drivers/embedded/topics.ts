/**
 * Topics: publish fans out inside the publishing transaction — each subscription whose filter
 * matches gets its own copy as an inbox message, so an event is either in every matching
 * subscription or (on failure) in none. With no subscription the event is dropped.
 */
import type { OutboundMessage, SendReceipt, SubscriptionSettings, TopicFilter, TopicOperations } from '../contract.js';
import type { StoreAccess } from './context.js';
import { checkOutbound, findDuplicate, insertMessage, rememberKey } from './enqueue.js';
import type { Tx } from './group-commit.js';
import { checkName, filterMatches, inboxWakeKey } from './inbox-registry.js';

/** Window within which a publish idempotency key suppresses a republish on the same topic. */
export const topicDedupWindowMs = 600_000;

const ENSURE_TOPIC = 'INSERT INTO topics_v1 (name, created_at) VALUES (?, ?) ON CONFLICT (name) DO NOTHING';
const SUBSCRIPTIONS = "SELECT id, filter FROM inboxes_v1 WHERE kind = 'subscription' AND topic = ? ORDER BY id";

function ensureTopicRow(tx: Tx, topic: string): void {
  tx.sql.run(ENSURE_TOPIC, topic, tx.now);
}

export function topicOperations(store: StoreAccess): TopicOperations {
  return {
    async ensureTopic(topic: string): Promise<void> {
      checkName('topic', topic);
      await store().committer.run((tx) => ensureTopicRow(tx, topic));
    },

    async ensureSubscription(topic: string, subscription: string, settings: SubscriptionSettings): Promise<void> {
      checkName('topic', topic);
      checkName('subscription', subscription);
      const { committer, inboxes } = store();
      await committer.run((tx) => {
        ensureTopicRow(tx, topic);
        inboxes.upsert(tx, { kind: 'subscription', topic, subscription }, settings);
      });
    },

    async publish(topic: string, messages: OutboundMessage[], signal?: AbortSignal): Promise<SendReceipt[]> {
      checkName('topic', topic);
      const { committer, settings } = store();
      checkOutbound(messages, settings.maxMessageBytes);
      return committer.run((tx) => {
        ensureTopicRow(tx, topic);
        // Read inside the transaction: a subscription another process just created gets its copy.
        const subscriptions = tx.sql.all<{ id: number; filter: string | null }>(SUBSCRIPTIONS, topic).map((row) => ({
          id: row.id,
          filter: row.filter === null ? null : (JSON.parse(row.filter) as TopicFilter),
        }));
        const scope = `topic:${topic}`;
        const receipts: SendReceipt[] = [];
        for (const message of messages) {
          const key = message.idempotencyKey;
          const original = key === undefined ? undefined : findDuplicate(tx, scope, key);
          if (original !== undefined) {
            receipts.push({ id: original, duplicate: true });
            continue;
          }
          for (const subscription of subscriptions) {
            if (!filterMatches(subscription.filter, message.headers)) continue;
            if (insertMessage(tx, subscription.id, message)) tx.touch(inboxWakeKey(subscription.id));
          }
          if (key !== undefined) rememberKey(tx, scope, key, message.id, topicDedupWindowMs);
          receipts.push({ id: message.id, duplicate: false });
        }
        return receipts;
      }, signal);
    },
  };
}
