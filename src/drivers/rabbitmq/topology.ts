/**
 * Declaring what the driver uses, idempotently: a durable queue per inbox (quorum unless
 * configured classic) with its `<queue>.deadletter` queue named as its dead-letter target, a
 * durable topic exchange per topic, and for each subscription its queue bound with one routing
 * key per filter type (every key, `#`, without one).
 *
 * maxDeliveries, leaseMs and the filter stay in the driver: queue arguments cannot change after
 * the queue exists (a different x-delivery-limit would make every later declare fail), and
 * RabbitMQ cannot read them back. The daemon ensures every inbox it uses at start; an inbox it
 * did not ensure uses defaultInbox. Bindings of an earlier filter stay; the filter is checked
 * again at receive, so they only cost traffic.
 */
import type { InboxSettings, SubscriptionSettings } from '../contract.js';
import type { RabbitmqContext } from './context.js';
import { deadLetterQueue, subscriptionQueue } from './names.js';

async function declareInbox(ctx: RabbitmqContext, queue: string): Promise<void> {
  const type = ctx.settings.queueType;
  await ctx.connection.queueDeclare({ queue: deadLetterQueue(queue), durable: true, arguments: { 'x-queue-type': type } });
  await ctx.connection.queueDeclare({
    queue,
    durable: true,
    arguments: { 'x-queue-type': type, 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': deadLetterQueue(queue) },
  });
  ctx.knownQueues.add(queue);
}

export async function ensureQueue(ctx: RabbitmqContext, queue: string, settings: InboxSettings): Promise<void> {
  await declareInbox(ctx, queue);
  ctx.inboxes.set(queue, { ...settings });
}

export async function ensureTopic(ctx: RabbitmqContext, topic: string): Promise<void> {
  await ctx.connection.exchangeDeclare({ exchange: topic, type: 'topic', durable: true });
}

export async function ensureSubscription(ctx: RabbitmqContext, topic: string, subscription: string, settings: SubscriptionSettings): Promise<void> {
  const queue = subscriptionQueue(topic, subscription);
  await declareInbox(ctx, queue);
  const types = settings.filter?.types;
  const keys = types === undefined || types.length === 0 ? ['#'] : types;
  for (const routingKey of keys) await ctx.connection.queueBind({ queue, exchange: topic, routingKey });
  ctx.inboxes.set(queue, { ...settings });
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
