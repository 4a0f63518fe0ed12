/**
 * Topics: a stream each that keeps events for topicRetentionMs (entities.ts says why not until
 * every subscription has them); a subscription starts at events published after it exists, so
 * one published while there is none reaches no later subscription. An event's subject is
 * `topic.<topic>.<ce-type>`, so a plain NATS client can subscribe to one type.
 */
import type { OutboundMessage, SendReceipt, SubscriptionSettings, TopicOperations } from '../contract.js';
import type { ContextSource } from './context.js';
import { ensureInbox, ensureResourceStream } from './entities.js';
import { toNatsError } from './errors.js';
import type { NatsInboxes } from './inbox.js';
import { resourceStream, topicSubject } from './names.js';
import { write } from './publisher.js';

export class NatsTopics implements TopicOperations {
  readonly #ctx: ContextSource;
  readonly #inboxes: NatsInboxes;

  constructor(ctx: ContextSource, inboxes: NatsInboxes) {
    this.#ctx = ctx;
    this.#inboxes = inboxes;
  }

  async ensureTopic(topic: string): Promise<void> {
    const ctx = this.#ctx();
    try {
      await ensureResourceStream(ctx, 'topic', topic, ctx.settings.topicDuplicateWindowMs);
    } catch (err) {
      throw toNatsError(err, { broker: ctx.broker, action: `creating topic '${topic}'` });
    }
  }

  async ensureSubscription(topic: string, subscription: string, settings: SubscriptionSettings): Promise<void> {
    const ctx = this.#ctx();
    await this.ensureTopic(topic);
    try {
      const config = { maxDeliveries: settings.maxDeliveries, ...(settings.filter === undefined ? {} : { filter: settings.filter }), ...(settings.ordered === true ? { ordered: true } : {}) };
      await ensureInbox(ctx, { resource: topic, subscription }, settings.leaseMs, config);
      await this.#inboxes.refresh({ kind: 'subscription', topic, subscription });
    } catch (err) {
      throw toNatsError(err, { broker: ctx.broker, action: `creating subscription '${subscription}' of topic '${topic}'` });
    }
  }

  async publish(topic: string, messages: OutboundMessage[], signal?: AbortSignal): Promise<SendReceipt[]> {
    const ctx = this.#ctx();
    try {
      return await write(ctx, resourceStream('topic', topic), messages.map((message) => ({ message, subject: topicSubject(topic, message.headers['ce-type']) })), signal);
    } catch (err) {
      throw toNatsError(err, { broker: ctx.broker, action: `publishing to topic '${topic}'` });
    }
  }
}
