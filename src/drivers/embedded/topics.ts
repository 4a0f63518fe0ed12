/**
 * Topics: publish fans out inside the publishing transaction — each subscription whose filter
 * matches gets its own copy as an inbox message, so an event is either in every matching
 * subscription or (on failure) in none. With no subscription the event is dropped.
 */
import type { OutboundMessage, SendReceipt, SubscriptionSettings, TopicFilter, TopicOperations } from '../contract.js';
import type { StoreAccess } from './context.js';
import { checkOutbound, insertMessage, writeUnlessDuplicate } from './enqueue.js';
import type { Tx } from './group-commit.js';
import { checkName, filterMatches, inboxWakeKey } from './inbox-registry.js';
import { joinOpenClaim } from './open-claims.js';

/** Window within which a publish idempotency key suppresses a republish on the same topic. */
export const topicDedupWindowMs = 600_000;

const ENSURE_TOPIC = 'INSERT INTO topics_v1 (name, created_at) VALUES (?, ?) ON CONFLICT (name) DO NOTHING';
const SUBSCRIPTIONS = "SELECT id, filter FROM inboxes_v1 WHERE kind = 'subscription' AND topic = ? ORDER BY id";

function ensureTopicRow(tx: Tx, topic: string): void {
  tx.sql.run(ENSURE_TOPIC, topic, tx.now);
}

interface Subscription {
  id: number;
  filter: TopicFilter | null;
}

/**
 * A topic's subscriptions as read in a committed transaction (which also ensured the topic's
 * row; rows are never deleted). Still good while no other connection has committed since
 * (data_version) and this one has changed no inbox (the registry's generation).
 */
interface KnownTopic {
  dataVersion: number;
  generation: number;
  subscriptions: Subscription[];
}

function readSubscriptions(tx: Tx, topic: string): Subscription[] {
  return tx.sql.all<{ id: number; filter: string | null }>(SUBSCRIPTIONS, topic).map((row) => ({
    id: row.id,
    filter: row.filter === null ? null : (JSON.parse(row.filter) as TopicFilter),
  }));
}

export function topicOperations(store: StoreAccess): TopicOperations {
  const known = new Map<string, KnownTopic>();
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
      const { committer, inboxes, settings, waiting } = store();
      checkOutbound(messages, settings.maxMessageBytes);
      let fresh: KnownTopic | undefined;
      const receipts = await committer.run((tx) => {
        // Checked inside the transaction: a subscription another process just created gets its copy.
        let cached = known.get(topic);
        if (cached === undefined || cached.dataVersion !== tx.dataVersion() || cached.generation !== inboxes.generation) {
          ensureTopicRow(tx, topic);
          cached = fresh = { dataVersion: tx.dataVersion(), generation: inboxes.generation, subscriptions: readSubscriptions(tx, topic) };
        }
        const { subscriptions } = cached;
        return writeUnlessDuplicate(tx, `topic:${topic}`, messages, () => topicDedupWindowMs, (message) => {
          for (const subscription of subscriptions) {
            if (!filterMatches(subscription.filter, message.headers)) continue;
            const seq = insertMessage(tx, subscription.id, message);
            if (seq === undefined) continue;
            tx.touch(inboxWakeKey(subscription.id));
            joinOpenClaim(tx, inboxes, waiting, subscription.id, seq, message);
          }
        });
        // Nothing in a publish throws an OutriggerError once it writes: it needs no savepoint.
      }, signal, { throwsBeforeWriting: true });
      // Kept only once committed: a rolled-back transaction may have been the one that made the topic's row.
      if (fresh !== undefined) known.set(topic, fresh);
      return receipts;
    },
  };
}
