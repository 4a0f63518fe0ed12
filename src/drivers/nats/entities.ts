/**
 * The JetStream streams and consumers behind Outrigger's resources, created on first ensure:
 *   - a queue: a work-queue stream `queue~<queue>` on `queue.<queue>.>` and one durable pull
 *     consumer, `outrigger`, shared by every sidecar (competing consumers);
 *   - a topic: a stream `topic~<topic>` on `topic.<topic>.>` that keeps each event for
 *     topicRetentionMs, and a durable pull consumer per subscription that starts at new events;
 *   - per inbox, a dead-letter stream (limits retention) that the driver writes itself.
 * An inbox's own settings (maxDeliveries, filter, ordered) are kept in its consumer's description, so a
 * sidecar that never ensured the inbox (another replica, a restart) reads the same ones.
 */
import { AckPolicy, DeliverPolicy, RetentionPolicy, StorageType, type ConsumerConfig, type StreamConfig } from '@nats-io/jetstream';
import { JetStreamApiCodes, JetStreamApiError } from '@nats-io/jetstream';
import type { TopicFilter } from '../contract.js';
import { type NatsContext, millis, nanos } from './context.js';
import { consumerName, deadLetterStream, type InboxKey, inboxStream, resourceStream, type ResourceKind, subjectRoot, unkeyedFilter } from './names.js';

export interface InboxConfig {
  maxDeliveries: number;
  filter?: TopicFilter;
  /** A subscription with per-key FIFO: its consumer hands out one event at a time. */
  ordered?: boolean;
}

export interface InboxState extends InboxConfig {
  key: InboxKey;
  stream: string;
  consumer: string;
  deadLetters: string;
  ackWaitMs: number;
}

export async function ensureResourceStream(ctx: NatsContext, kind: Exclude<ResourceKind, 'stream'>, resource: string, duplicateWindowMs: number): Promise<void> {
  const config: Partial<StreamConfig> & { name: string } = {
    name: resourceStream(kind, resource),
    subjects: [`${subjectRoot(kind, resource)}.>`],
    // A topic keeps its events for a time (limits retention) rather than until every
    // subscription has them (interest retention): on nats-server 2.9 an interest stream lost
    // stored events that no subscription had taken yet across an orderly restart under load
    // (the outage test), and a limits stream never did.
    retention: kind === 'queue' ? RetentionPolicy.Workqueue : RetentionPolicy.Limits,
    ...(kind === 'topic' ? { max_age: nanos(ctx.settings.topicRetentionMs) } : {}),
    storage: StorageType.File,
    num_replicas: ctx.settings.replicas,
    duplicate_window: nanos(duplicateWindowMs),
  };
  await ensureStream(ctx, config);
}

export async function ensureInbox(ctx: NatsContext, key: InboxKey, leaseMs: number, config: InboxConfig): Promise<void> {
  await ensureStream(ctx, {
    name: deadLetterStream(key),
    subjects: [`${deadLetterStream(key)}.>`],
    retention: RetentionPolicy.Limits,
    storage: StorageType.File,
    num_replicas: ctx.settings.replicas,
  });
  const stream = inboxStream(key);
  const name = consumerName(key);
  const description = JSON.stringify({ outrigger: 1, ...config });
  const maxAckPending = config.ordered === true ? 1 : 1000;
  const existing = await ctx.jsm.consumers.info(stream, name).catch(notFoundAs(undefined));
  if (existing === undefined) {
    const consumer: Partial<ConsumerConfig> = {
      durable_name: name,
      description,
      ack_policy: AckPolicy.Explicit,
      ack_wait: nanos(leaseMs),
      // Unlimited: the driver counts attempts itself (copies carry earlier ones) and dead-letters
      // at receive, after the copy is stored, so no message is dropped by the server.
      max_deliver: -1,
      // A subscription sees events published after it exists; a queue's consumer sees all but
      // its key partitions, which have consumers of their own (key-partitions.ts).
      deliver_policy: key.subscription === undefined ? DeliverPolicy.All : DeliverPolicy.New,
      ...(key.subscription === undefined ? { filter_subject: unkeyedFilter(key.resource) } : {}),
      // An ordered subscription: one event in flight, the next only once it is settled. Its
      // events are not partitioned by key (their subject is their type), so keys wait for
      // each other; the order within each key holds.
      max_ack_pending: maxAckPending,
    };
    await ctx.jsm.consumers.add(stream, consumer);
  } else if (existing.config.description !== description || existing.config.ack_wait !== nanos(leaseMs) || existing.config.max_ack_pending !== maxAckPending) {
    await ctx.jsm.consumers.update(stream, name, { description, ack_wait: nanos(leaseMs), max_ack_pending: maxAckPending });
  }
}

/** The inbox as its consumer describes it; `unknown_resource` when it was never ensured. */
export async function readInbox(ctx: NatsContext, key: InboxKey): Promise<InboxState> {
  const stream = inboxStream(key);
  const consumer = consumerName(key);
  const info = await ctx.jsm.consumers.info(stream, consumer);
  let config: InboxConfig = { maxDeliveries: 10 };
  try {
    const parsed = JSON.parse(info.config.description ?? '{}') as Partial<InboxConfig>;
    if (typeof parsed.maxDeliveries === 'number') {
      config = { maxDeliveries: parsed.maxDeliveries, ...(parsed.filter ? { filter: parsed.filter } : {}), ...(parsed.ordered === true ? { ordered: true } : {}) };
    }
  } catch {
    // A consumer made by someone else: the defaults hold.
  }
  return { ...config, key, stream, consumer, deadLetters: deadLetterStream(key), ackWaitMs: millis(info.config.ack_wait ?? nanos(30_000)) };
}

export async function ensureStream(ctx: NatsContext, config: Partial<StreamConfig> & { name: string }): Promise<void> {
  const existing = await ctx.jsm.streams.info(config.name).catch(notFoundAs(undefined));
  if (existing === undefined) {
    await ctx.jsm.streams.add(config);
  } else {
    // Limits a later ensure may change: the duplicate window and how long events are kept.
    const changed: Partial<StreamConfig> = {};
    if (config.duplicate_window !== undefined && existing.config.duplicate_window !== config.duplicate_window) changed.duplicate_window = config.duplicate_window;
    if (config.max_age !== undefined && existing.config.max_age !== config.max_age) changed.max_age = config.max_age;
    if (Object.keys(changed).length > 0) await ctx.jsm.streams.update(config.name, changed);
  }
}

export function notFoundAs<T>(value: T): (err: unknown) => T {
  return (err: unknown) => {
    if (err instanceof JetStreamApiError && (err.code === JetStreamApiCodes.StreamNotFound || err.code === JetStreamApiCodes.ConsumerNotFound)) return value;
    throw err;
  };
}
