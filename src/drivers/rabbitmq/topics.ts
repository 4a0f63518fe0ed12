/**
 * Events: a topic exchange per topic, published with the CloudEvents type as routing key and
 * publisher confirms; each subscription's queue gets its copy through its bindings.
 *
 * The broker confirms an event that matched no binding, and drops it. That is right for a topic
 * nobody subscribes to, but not for an event one of this sidecar's own subscriptions should get:
 * its binding or queue is missing (lost in a broker crash, deleted by hand), and a 202 would be
 * a lie. Such an event is published mandatory; if the broker returns it, nothing took it, the
 * subscriptions it should have reached are declared again (queue, dead-letter queue, bindings),
 * and the publish fails retriable and unprocessed, so that core's broker policy may repeat it
 * (a failed declare fails the publish with its cause instead). Subscriptions of other sidecars
 * are theirs to declare: an event for them alone is not guarded.
 */
import { OutriggerError } from '../../kernel/errors.js';
import type { OutboundMessage, SendReceipt, SubscriptionSettings, TopicOperations } from '../contract.js';
import { encode } from './codec.js';
import type { ContextSource, RabbitmqContext } from './context.js';
import { toRabbitError } from './errors.js';
import { tracked, Unroutable, writeEach } from './publisher.js';
import { ensureSubscription, ensureTopic, expectedSubscriptions, redeclareSubscription } from './topology.js';

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

  /** Resolves once the broker confirmed every event; an event this sidecar's subscriptions should get is never confirmed routed nowhere (see above). */
  async publish(topic: string, messages: OutboundMessage[], signal?: AbortSignal): Promise<SendReceipt[]> {
    const ctx = this.#ctx();
    const action = `publishing to topic '${topic}'`;
    return tracked(ctx, async () => {
      const writes = messages.map((message) => {
        const routingKey = message.headers['ce-type'] ?? '';
        const envelope = encode(message, topic, routingKey);
        const guarded = expectedSubscriptions(ctx, topic, routingKey).length > 0;
        return { envelope: guarded ? { ...envelope, mandatory: true } : envelope, data: message.data };
      });
      let outcomes: PromiseSettledResult<void>[];
      try {
        outcomes = await writeEach(ctx, writes);
      } catch (err) {
        throw toRabbitError(err, { broker: ctx.broker, action });
      }
      const failures = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason as unknown] : []));
      const returned = failures.filter((reason): reason is Unroutable => reason instanceof Unroutable);
      if (returned.length > 0) throw await redeclare(ctx, topic, returned, returned.length === messages.length);
      if (failures.some(isNotFound)) throw await redeclareTopic(ctx, topic, failures.find(isNotFound));
      if (failures.length > 0) throw toRabbitError(failures[0], { broker: ctx.broker, action });
      return messages.map((message) => ({ id: message.id, duplicate: false }));
    }, signal);
  }
}

/**
 * Declares again every subscription of this instance that the returned events should have
 * reached, and answers the error the publish fails with: unprocessed when every event of it came
 * back (a repeat cannot store a second copy), the declare's own failure when that failed.
 */
async function redeclare(ctx: RabbitmqContext, topic: string, returned: Unroutable[], unprocessed: boolean): Promise<OutriggerError> {
  const names = new Set<string>();
  for (const { routingKey } of returned) for (const [name] of expectedSubscriptions(ctx, topic, routingKey)) names.add(name);
  const list = [...names].map((name) => `'${name}'`).join(', ');
  const where = `publishing to topic '${topic}' on RabbitMQ broker '${ctx.broker}'`;
  const what = `${returned.length} event(s) came back unroutable although this sidecar's subscription(s) ${list} should get them: their binding or queue was missing on the broker`;
  // One declare of each, no retries here: the caller's policy decides whether to publish again.
  for (const name of names) {
    try {
      await redeclareSubscription(ctx, topic, name);
    } catch (err) {
      const cause = toRabbitError(err, { broker: ctx.broker, action: `declaring subscription '${name}' of topic '${topic}' again` });
      return new OutriggerError('broker_unavailable', `${where} failed: ${what}, and declaring them again failed: ${cause.message}`, { cause: err, retriable: true, retryAfterSeconds: 1 });
    }
  }
  return new OutriggerError('broker_unavailable', `${where} failed: ${what}; they were declared again, so the publish may be repeated`, { retriable: true, unprocessed });
}

function isNotFound(err: unknown): boolean {
  return (err as { code?: unknown } | undefined)?.code === 'NOT_FOUND';
}

/**
 * The topic exchange itself is missing on the broker (a publish to it stored nothing): declared
 * again with this instance's subscriptions of it, and the publish fails retriable and unprocessed.
 */
async function redeclareTopic(ctx: RabbitmqContext, topic: string, cause: unknown): Promise<OutriggerError> {
  const where = `publishing to topic '${topic}' on RabbitMQ broker '${ctx.broker}'`;
  try {
    await ensureTopic(ctx, topic);
    for (const name of ctx.subscriptions.get(topic)?.keys() ?? []) await redeclareSubscription(ctx, topic, name);
  } catch (err) {
    const failed = toRabbitError(err, { broker: ctx.broker, action: `declaring topic '${topic}' again` });
    return new OutriggerError('broker_unavailable', `${where} failed: its exchange was missing on the broker, and declaring it again failed: ${failed.message}`, { cause: err, retriable: true, retryAfterSeconds: 1 });
  }
  return new OutriggerError('broker_unavailable', `${where} failed: its exchange was missing on the broker; it was declared again, so the publish may be repeated`, { cause, retriable: true, unprocessed: true });
}
