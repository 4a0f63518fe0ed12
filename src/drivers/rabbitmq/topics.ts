/**
 * Events: a topic exchange per topic, published with the CloudEvents type as routing key and
 * publisher confirms; each subscription's queue gets its copy through its bindings.
 */
import type { OutboundMessage, SendReceipt, SubscriptionSettings, TopicOperations } from '../contract.js';
import { encode } from './codec.js';
import type { ContextSource } from './context.js';
import { toRabbitError } from './errors.js';
import { tracked, write } from './publisher.js';
import { ensureSubscription, ensureTopic } from './topology.js';

export class RabbitmqTopics implements TopicOperations {
  readonly #ctx: ContextSource;

  constructor(ctx: ContextSource) {
    this.#ctx = ctx;
  }

  async ensureTopic(topic: string): Promise<void> {
    const ctx = this.#ctx();
    await ensureTopic(ctx, topic).catch((err: unknown) => {
      throw toRabbitError(err, { broker: ctx.broker, action: `declaring topic exchange '${topic}'` });
    });
  }

  async ensureSubscription(topic: string, subscription: string, settings: SubscriptionSettings): Promise<void> {
    const ctx = this.#ctx();
    await ensureSubscription(ctx, topic, subscription, settings).catch((err: unknown) => {
      throw toRabbitError(err, { broker: ctx.broker, action: `declaring subscription '${subscription}' of topic '${topic}'` });
    });
  }

  /** Resolves once the broker confirmed every event; with no matching binding, the broker drops it (and confirms). */
  async publish(topic: string, messages: OutboundMessage[], _signal?: AbortSignal): Promise<SendReceipt[]> {
    const ctx = this.#ctx();
    return tracked(ctx, async () => {
      try {
        await write(ctx, messages.map((message) => ({ envelope: encode(message, topic, message.headers['ce-type'] ?? ''), data: message.data })));
      } catch (err) {
        throw toRabbitError(err, { broker: ctx.broker, action: `publishing to topic '${topic}'` });
      }
      return messages.map((message) => ({ id: message.id, duplicate: false }));
    });
  }
}
