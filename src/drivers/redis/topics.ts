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
 *
 * The subscription list is kept per topic with the version it was read at, and publish is one
 * script call: the script refuses a stale version before writing anything (lua-send.ts), and
 * only then is the list read again. So a subscription ensured by any sidecar gets every event
 * published after it, and the list costs no round trip while it stays the same.
 */
import { OutriggerError } from '../../kernel/errors.js';
import type { OutboundMessage, SendReceipt, SubscriptionSettings, TopicFilter, TopicOperations } from '../contract.js';
import { toRedisError } from './errors.js';
import { streamKeys, type InboxKeys } from './keys.js';
import { registerSubscriptionScript, subscriptionsScript } from './lua-send.js';
import { ensureInboxStream, type EntityContext } from './queues.js';

interface Registered {
  filter?: TopicFilter;
}

interface KnownSubscriptions {
  version: string;
  subscriptions: { keys: InboxKeys; filter?: TopicFilter }[];
  /** Every subscription's keys, when none filters: each message of a publish shares this list. */
  unfiltered?: InboxKeys[];
}

/** Reads again after a refusal at most this often in one publish: the list changes rarely. */
const maxRefusals = 5;

function matches(filter: TopicFilter | undefined, message: OutboundMessage): boolean {
  if (filter === undefined) return true;
  if (filter.types !== undefined && !filter.types.includes(message.headers['ce-type'] ?? '')) return false;
  if (filter.subjectPrefix !== undefined && !(message.headers['ce-subject'] ?? '').startsWith(filter.subjectPrefix)) return false;
  return true;
}

export class RedisTopics implements TopicOperations {
  readonly #cx: EntityContext;
  readonly #known = new Map<string, KnownSubscriptions>();

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
      await connection.eval(registerSubscriptionScript, [keys.subscriptions(topic), this.#topicMeta(topic)], [subscription, JSON.stringify(registered), String(settings.dedupWindowMs)]);
      this.#known.delete(topic);
    } catch (err) {
      throw toRedisError(err, this.#cx.broker, `creating subscription '${subscription}' of topic '${topic}'`);
    }
  }

  async publish(topic: string, messages: OutboundMessage[]): Promise<SendReceipt[]> {
    if (messages.length === 0) return [];
    const { keys } = this.#cx;
    try {
      for (let refusals = 0; refusals < maxRefusals; refusals++) {
        const known = this.#known.get(topic) ?? (await this.#load(topic));
        const writes = messages.map((message) => ({
          message,
          targets: known.unfiltered ?? known.subscriptions.filter((s) => matches(s.filter, message)).map((s) => s.keys),
          ...(message.idempotencyKey === undefined ? {} : { dedupKey: keys.dedup(topic, message.idempotencyKey) }),
        }));
        const receipts = await this.#cx.writer.write(this.#topicMeta(topic), writes, this.#cx.maxMessageBytes, known.version);
        if (receipts !== undefined) return receipts;
        this.#known.delete(topic);
      }
    } catch (err) {
      throw toRedisError(err, this.#cx.broker, `publishing to topic '${topic}'`);
    }
    throw new OutriggerError('broker_unavailable', `publishing to topic '${topic}' on Redis broker '${this.#cx.broker}': its subscriptions kept changing while publishing; try again`, { retriable: true, retryAfterSeconds: 1 });
  }

  async #load(topic: string): Promise<KnownSubscriptions> {
    const { keys, connection } = this.#cx;
    const [version, flat] = await connection.eval<[Buffer, Buffer[]]>(subscriptionsScript, [keys.subscriptions(topic), this.#topicMeta(topic)], []);
    const subscriptions: KnownSubscriptions['subscriptions'] = [];
    for (let i = 0; i + 1 < flat.length; i += 2) {
      const registered = JSON.parse((flat[i + 1] as Buffer).toString()) as Registered;
      const stream = streamKeys(keys.subscriptionStream(topic, (flat[i] as Buffer).toString()));
      subscriptions.push(registered.filter === undefined ? { keys: stream } : { keys: stream, filter: registered.filter });
    }
    const known: KnownSubscriptions = { version: version.toString(), subscriptions };
    if (subscriptions.every((s) => s.filter === undefined)) known.unfiltered = subscriptions.map((s) => s.keys);
    this.#known.set(topic, known);
    return known;
  }

  #topicMeta(topic: string): string {
    return `${this.#cx.keys.subscriptions(topic)}:meta`;
  }
}
