/**
 * Topics: each subscription is a stream of its own (`<topic>:<subscription>`), and publish writes
 * a copy into each one whose filter matches, all in one script.
 *
 * Why not one stream per topic with a consumer group per subscription (Dapr's layout)? Then an
 * entry can be deleted only once every group is done with it, so the stream must be trimmed by
 * length or age, which loses what a slow subscription has not read; filtered-out entries would
 * still be read and acknowledged by every group; and dead letters, redrive and depth would differ
 * from queues. A stream per subscription is a queue in every respect (ack = XACK + XDEL), at the
 * cost of one copy per subscription.
 */
import type { OutboundMessage, SendReceipt, SubscriptionSettings, TopicFilter, TopicOperations } from '../contract.js';
import { toRedisError } from './errors.js';
import { streamKeys } from './keys.js';
import { ensureInboxStream, type EntityContext } from './queues.js';
import { writeMessages } from './writer.js';

interface Registered {
  filter?: TopicFilter;
}

function matches(filter: TopicFilter | undefined, message: OutboundMessage): boolean {
  if (filter === undefined) return true;
  if (filter.types !== undefined && !filter.types.includes(message.headers['ce-type'] ?? '')) return false;
  if (filter.subjectPrefix !== undefined && !(message.headers['ce-subject'] ?? '').startsWith(filter.subjectPrefix)) return false;
  return true;
}

export class RedisTopics implements TopicOperations {
  readonly #cx: EntityContext;

  constructor(context: EntityContext) {
    this.#cx = context;
  }

  async ensureTopic(_topic: string): Promise<void> {
    // Nothing to create: a topic is its subscription list, made by the first ensureSubscription.
  }

  async ensureSubscription(topic: string, subscription: string, settings: SubscriptionSettings): Promise<void> {
    const { keys, connection } = this.#cx;
    try {
      await ensureInboxStream(this.#cx, streamKeys(keys.subscriptionStream(topic, subscription)), settings);
      const registered: Registered = settings.filter === undefined ? {} : { filter: settings.filter };
      await connection.command(['HSET', keys.subscriptions(topic), subscription, JSON.stringify(registered)]);
      // The topic's dedup window is the longest any subscription asked for.
      const meta = this.#topicMeta(topic);
      const current = Number((await connection.command<Buffer | null>(['HGET', meta, 'dedupWindowMs']))?.toString() ?? 0);
      if (settings.dedupWindowMs > current) await connection.command(['HSET', meta, 'dedupWindowMs', String(settings.dedupWindowMs)]);
    } catch (err) {
      throw toRedisError(err, this.#cx.broker, `creating subscription '${subscription}' of topic '${topic}'`);
    }
  }

  async publish(topic: string, messages: OutboundMessage[]): Promise<SendReceipt[]> {
    if (messages.length === 0) return [];
    const { keys, connection } = this.#cx;
    try {
      // Read on every publish, so a subscription ensured by any sidecar gets every later event.
      // node-redis answers HGETALL as an object keyed by field name.
      const all = await connection.command<Record<string, Buffer>>(['HGETALL', keys.subscriptions(topic)]);
      const subscriptions: { keys: ReturnType<typeof streamKeys>; filter?: TopicFilter }[] = [];
      for (const [name, value] of Object.entries(all)) {
        const registered = JSON.parse(value.toString()) as Registered;
        const stream = streamKeys(keys.subscriptionStream(topic, name));
        subscriptions.push(registered.filter === undefined ? { keys: stream } : { keys: stream, filter: registered.filter });
      }
      const writes = messages.map((message) => ({
        message,
        targets: subscriptions.filter((s) => matches(s.filter, message)).map((s) => s.keys),
        ...(message.idempotencyKey === undefined ? {} : { dedupKey: keys.dedup(topic, message.idempotencyKey) }),
      }));
      return await writeMessages(connection, this.#topicMeta(topic), writes, this.#cx.maxMessageBytes);
    } catch (err) {
      throw toRedisError(err, this.#cx.broker, `publishing to topic '${topic}'`);
    }
  }

  #topicMeta(topic: string): string {
    return `${this.#cx.keys.subscriptions(topic)}:meta`;
  }
}
