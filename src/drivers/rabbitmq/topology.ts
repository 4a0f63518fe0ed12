/**
 * Declaring what the driver uses, idempotently: a durable queue per inbox (quorum unless
 * configured classic) with its `<queue>.deadletter` queue named as its dead-letter target, a
 * durable topic exchange per topic, and for each subscription its queue bound with one routing
 * key per filter type (every key, `#`, without one).
 *
 * Per-key order across sidecars: an inbox ensured `ordered` also has `keyQueues` key-hash queues
 * (`<queue>.key.<n>`, names.ts) with x-single-active-consumer, so each is read by one sidecar at
 * a time while the sidecars share the set; a sender puts a keyed message in the key's queue once
 * it knows they exist. An ordered subscription's queue is itself single-active-consumer (a topic
 * exchange cannot hash keys); queue arguments cannot change, so turning `ordered` on or off for
 * an existing subscription needs its queue deleted first (the declare fails, naming the cause).
 *
 * maxDeliveries, leaseMs and the filter stay in the driver: queue arguments cannot change after
 * the queue exists (a different x-delivery-limit would make every later declare fail), and
 * RabbitMQ cannot read them back. The driver dead-letters after maxDeliveries itself rather than
 * through x-delivery-limit for that reason and two more: the broker's dead letter keeps no reason
 * of the app's nor the last attempt, and a quorum queue counts the return of a prefetched
 * delivery no app saw, which would dead-letter it unseen. The daemon ensures every inbox it uses at start; an inbox it
 * did not ensure uses defaultInbox. Bindings of an earlier filter stay; the filter is checked
 * again at receive, so they only cost traffic.
 */
import type { InboxSettings, SubscriptionSettings } from '../contract.js';
import type { RabbitmqContext } from './context.js';
import { deadLetterQueue, keyQueue, keyQueueFor, sharedReplyQueue, subscriptionQueue } from './names.js';

async function declareInbox(ctx: RabbitmqContext, queue: string, singleActive = false): Promise<void> {
  await declareDeadLetters(ctx, queue);
  await declareReading(ctx, queue, queue, singleActive);
  ctx.knownQueues.add(queue);
}

async function declareDeadLetters(ctx: RabbitmqContext, queue: string): Promise<void> {
  await ctx.connection.queueDeclare({ queue: deadLetterQueue(queue), durable: true, arguments: { 'x-queue-type': ctx.settings.queueType } });
}

/** A queue the inbox `inbox` is read from (the inbox itself, or one of its key-hash queues). */
async function declareReading(ctx: RabbitmqContext, name: string, inbox: string, singleActive: boolean): Promise<void> {
  await ctx.connection.queueDeclare({
    queue: name,
    durable: true,
    arguments: {
      'x-queue-type': ctx.settings.queueType,
      'x-dead-letter-exchange': '',
      'x-dead-letter-routing-key': deadLetterQueue(inbox),
      ...(singleActive ? { 'x-single-active-consumer': true } : {}),
    },
  });
}

export async function ensureQueue(ctx: RabbitmqContext, queue: string, settings: InboxSettings): Promise<void> {
  // The shared reply queue is only a name: each session is a queue of its own (replies.ts).
  if (queue === sharedReplyQueue) return;
  await declareInbox(ctx, queue);
  if (settings.ordered === true) {
    // Keyed messages are spread over key-hash queues, each read by one consumer at a time.
    const count = ctx.settings.keyQueues;
    for (let i = 0; i < count; i++) await declareReading(ctx, keyQueue(queue, i), queue, true);
    ctx.keyQueues.set(queue, { count, checkedAt: Date.now() });
  }
  ctx.inboxes.set(queue, { ...settings });
}

/** How long a sender trusts that a queue has no key-hash queues before it looks again. */
const recheckMs = 10_000;

/**
 * How many key-hash queues `queue` has (0: none, it is not ordered): known from this instance's
 * ensure, else looked up (queue.declare passive of the first) and remembered; a "none" is looked
 * up again after recheckMs, since an ordered consumer may declare them later.
 */
export async function keyQueueCount(ctx: RabbitmqContext, queue: string): Promise<number> {
  const known = ctx.keyQueues.get(queue);
  if (known !== undefined && (known.count > 0 || Date.now() - known.checkedAt < recheckMs)) return known.count;
  let looking = lookups.get(ctx)?.get(queue);
  if (looking === undefined) {
    looking = lookUp(ctx, queue).finally(() => lookups.get(ctx)?.delete(queue));
    if (!lookups.has(ctx)) lookups.set(ctx, new Map());
    lookups.get(ctx)?.set(queue, looking);
  }
  return looking;
}

/** Look-ups in progress, so that concurrent sends ask once. */
const lookups = new WeakMap<RabbitmqContext, Map<string, Promise<number>>>();

async function lookUp(ctx: RabbitmqContext, queue: string): Promise<number> {
  // A channel of its own: a missing queue closes the channel it was asked on.
  const channel = await ctx.connection.acquire();
  try {
    const exists = await channel.queueDeclare({ queue: keyQueue(queue, 0), passive: true }).then(
      () => true,
      (err: unknown) => {
        if ((err as { code?: unknown }).code === 'NOT_FOUND') return false;
        throw err;
      },
    );
    const count = exists ? ctx.settings.keyQueues : 0;
    ctx.keyQueues.set(queue, { count, checkedAt: Date.now() });
    return count;
  } finally {
    if (channel.active) await channel.close().catch(() => undefined);
  }
}

/** The queue a message for `queue` goes to: its key-hash queue when it has a key and the queue is ordered. */
export async function targetQueue(ctx: RabbitmqContext, queue: string, orderingKey: string | undefined): Promise<string> {
  if (orderingKey === undefined) return queue;
  const count = await keyQueueCount(ctx, queue);
  return count === 0 ? queue : keyQueueFor(queue, orderingKey, count);
}

/** Every queue `queue` is read from: itself and its key-hash queues. */
export async function readingQueues(ctx: RabbitmqContext, queue: string): Promise<string[]> {
  const count = ctx.inboxes.get(queue)?.ordered === true ? await keyQueueCount(ctx, queue) : 0;
  return [queue, ...Array.from({ length: count }, (_, i) => keyQueue(queue, i))];
}

export async function ensureTopic(ctx: RabbitmqContext, topic: string): Promise<void> {
  await ctx.connection.exchangeDeclare({ exchange: topic, type: 'topic', durable: true });
}

export async function ensureSubscription(ctx: RabbitmqContext, topic: string, subscription: string, settings: SubscriptionSettings): Promise<void> {
  const queue = subscriptionQueue(topic, subscription);
  // A topic exchange cannot hash keys, so an ordered subscription's queue itself has a single
  // active consumer: one sidecar reads it at a time, its keys in parallel.
  await declareInbox(ctx, queue, settings.ordered === true);
  for (const routingKey of bindingKeys(settings)) await ctx.connection.queueBind({ queue, exchange: topic, routingKey });
  ctx.inboxes.set(queue, { ...settings });
  let ofTopic = ctx.subscriptions.get(topic);
  if (ofTopic === undefined) ctx.subscriptions.set(topic, (ofTopic = new Map()));
  ofTopic.set(subscription, { ...settings });
}

/**
 * Declares again what this instance ensured for a subscription (its topic exchange, queue,
 * dead-letter queue and bindings), when the broker turned out to have lost some of it; false if
 * this instance never ensured that subscription.
 *
 * Then the subscription's consumer starts over on a new channel: on RabbitMQ 3.10 a consumer of
 * a deleted quorum queue gets no basic.cancel, and its channel may attach it to the queue declared
 * again under the same name, even after the driver cancelled it; deliveries to a consumer tag the
 * client no longer knows are dropped there, unacked until the channel closes (seen in
 * test/drivers/rabbitmq/routing.test.ts). Closing the channel ends every consumer on it and gives
 * back what it held.
 */
export async function redeclareSubscription(ctx: RabbitmqContext, topic: string, subscription: string): Promise<boolean> {
  const settings = ctx.subscriptions.get(topic)?.get(subscription);
  if (settings === undefined) return false;
  await ensureTopic(ctx, topic);
  await ensureSubscription(ctx, topic, subscription, settings);
  await ctx.consumers.get(subscriptionQueue(topic, subscription))?.close();
  return true;
}

/** The routing keys a subscription's queue is bound with: one per filter type, or every key (`#`). */
export function bindingKeys(settings: SubscriptionSettings): string[] {
  const types = settings.filter?.types;
  return types === undefined || types.length === 0 ? ['#'] : types;
}

/** This instance's subscriptions of `topic` that an event with routing key `routingKey` must reach. */
export function expectedSubscriptions(ctx: RabbitmqContext, topic: string, routingKey: string): Array<[string, SubscriptionSettings]> {
  const ofTopic = ctx.subscriptions.get(topic);
  if (ofTopic === undefined) return [];
  return [...ofTopic].filter(([, settings]) => bindingKeys(settings).some((key) => key === '#' || key === routingKey));
}

/** Whether `queue` exists (cached once seen), so a send never goes unroutable to nowhere. */
export async function checkQueue(ctx: RabbitmqContext, queue: string): Promise<void> {
  if (ctx.knownQueues.has(queue)) return;
  await ctx.connection.queueDeclare({ queue, passive: true });
  ctx.knownQueues.add(queue);
}

/** Ready messages of a queue (queue.declare passive: messages not awaiting an ack). */
export async function readyCount(ctx: RabbitmqContext, queue: string): Promise<number> {
  return (await ctx.connection.queueDeclare({ queue, passive: true })).messageCount;
}
