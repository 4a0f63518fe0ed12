/**
 * Logical resource names (what the API and config speak) to broker entities (what drivers
 * speak). Configured resources are prepared at start-up; in development mode an unknown name
 * becomes a resource on the default broker the first time it is used.
 */
import { defaults } from '../config/defaults.js';
import { resourceNamePattern } from '../config/names.js';
import type { OutriggerConfig, QueueConfig, StreamConfig, SubscriptionConfig, TopicConfig } from '../config/types.js';
import type { Driver, InboxOperations, InboxRef, InboxSettings, QueueOperations, StreamOperations, TopicOperations } from '../drivers/contract.js';
import { OutriggerError } from '../kernel/errors.js';

export interface Bound<Ops, Settings> {
  name: string;
  broker: string;
  entity: string;
  driver: Driver;
  ops: Ops;
  settings: Settings;
}

export interface BoundInbox {
  name: string;
  broker: string;
  ref: InboxRef;
  driver: Driver;
  ops: InboxOperations;
  settings: InboxSettings;
}

/** Where a name's dead letters are: an inbox's own dead-letter store, or a stream subscription's queue of undeliverable events. */
export type DeadLetterPlace = { kind: 'inbox'; inbox: BoundInbox } | { kind: 'held'; queue: string };

export class Resources {
  private readonly prepared = new Map<string, Promise<void>>();
  private readonly readyQueues = new Map<string, Promise<Bound<QueueOperations, QueueConfig>>>();
  private readonly readyTopics = new Map<string, Promise<Bound<TopicOperations, TopicConfig>>>();
  private readonly readyStreams = new Map<string, Promise<Bound<StreamOperations, StreamConfig>>>();
  /** Topics named at run time by an API that addresses brokers itself (Dapr's pubsub names). */
  private readonly boundTopics = new Map<string, TopicConfig>();
  /** Queues the sidecar itself needs: where stream subscriptions put what they could not deliver. */
  private readonly internalQueues: Set<string>;

  constructor(
    private readonly config: OutriggerConfig,
    private readonly drivers: ReadonlyMap<string, Driver>,
  ) {
    this.internalQueues = new Set(config.subscriptions.filter((s) => s.from.kind === 'stream').map((s) => streamDeadLetterQueue(s.name)));
  }

  queue(name: string): Bound<QueueOperations, QueueConfig> {
    const settings =
      this.config.queues[name] ??
      (this.internalQueues.has(name) ? this.defaultQueue(name) : this.developmentDefault('queue', name, this.config.queues, () => this.defaultQueue(name)));
    const driver = this.driver(settings.broker);
    const ops = this.need(driver.queues, 'queues', settings.broker, name);
    return { name, broker: settings.broker, entity: settings.entity, driver, ops, settings };
  }

  /**
   * Makes `name` a topic on `broker` (entity: the name) unless it already is one. A name already
   * on another broker is refused: one logical name must mean one topic for every API.
   */
  bindTopic(name: string, broker: string): void {
    const known = this.config.topics[name] ?? this.boundTopics.get(name);
    if (known === undefined) {
      if (!resourceNamePattern.test(name)) throw new OutriggerError('invalid_name', `'${name}' is not a valid topic name (letters, digits, '.', '_', '-'; at most 128)`);
      this.boundTopics.set(name, { broker, entity: name });
      return;
    }
    if (known.broker !== broker) {
      throw new OutriggerError('unsupported_operation', `topic '${name}' is on broker '${known.broker}', not '${broker}'; one topic name cannot live on two brokers`);
    }
  }

  topic(name: string): Bound<TopicOperations, TopicConfig> {
    const settings = this.config.topics[name] ?? this.boundTopics.get(name) ?? this.developmentDefault('topic', name, this.config.topics, () => ({ broker: this.config.defaultBroker, entity: name }));
    const driver = this.driver(settings.broker);
    const ops = this.need(driver.topics, 'topics', settings.broker, name);
    return { name, broker: settings.broker, entity: settings.entity, driver, ops, settings };
  }

  stream(name: string): Bound<StreamOperations, StreamConfig> {
    const settings =
      this.config.streams[name] ??
      this.developmentDefault('stream', name, this.config.streams, () => ({
        broker: this.config.defaultBroker,
        entity: name,
        partitions: defaults.stream.partitions,
        retentionMs: defaults.stream.retentionMs,
      }));
    const driver = this.driver(settings.broker);
    const ops = this.need(driver.streams, 'streams', settings.broker, name);
    return { name, broker: settings.broker, entity: settings.entity, driver, ops, settings };
  }

  /** A queue's inbox (for pull, ack, nack). */
  queueInbox(name: string): BoundInbox {
    const queue = this.queue(name);
    const ops = this.need(queue.driver.inboxes, 'queues', queue.broker, name);
    return { name, broker: queue.broker, ref: { kind: 'queue', queue: queue.entity }, driver: queue.driver, ops, settings: queue.settings };
  }

  /** A topic subscription's inbox: the subscription's own copy of each matching event. */
  subscriptionInbox(subscription: SubscriptionConfig): BoundInbox {
    if (subscription.from.kind !== 'topic') throw new Error(`subscription ${subscription.name} does not read a topic`);
    const topic = this.topic(subscription.from.topic);
    const ops = this.need(topic.driver.inboxes, 'topics', topic.broker, subscription.from.topic);
    return {
      name: subscription.name,
      broker: topic.broker,
      ref: { kind: 'subscription', topic: topic.entity, subscription: subscription.name },
      driver: topic.driver,
      ops,
      settings: { maxDeliveries: subscription.maxDeliveries, leaseMs: subscription.leaseMs, dedupWindowMs: 0 },
    };
  }

  /**
   * Every place dead letters are kept, by one name each: a queue's by the queue's name, a topic
   * subscription's by the subscription's name, and a stream subscription's (events it could not
   * deliver, waiting in the queue `<name>.deadletter`) by the subscription's name or that queue's.
   */
  deadLetterPlace(name: string): DeadLetterPlace {
    const subscription = this.config.subscriptions.find((s) => s.name === name);
    if (subscription?.from.kind === 'topic') return { kind: 'inbox', inbox: this.subscriptionInbox(subscription) };
    const streamOwner = this.config.subscriptions.find((s) => s.from.kind === 'stream' && (s.name === name || streamDeadLetterQueue(s.name) === name));
    if (streamOwner !== undefined) return { kind: 'held', queue: streamDeadLetterQueue(streamOwner.name) };
    // A stream read over Consume as a group of its own keeps its undeliverable events in `<stream>.<group>.deadletter`.
    if (this.internalQueues.has(name)) return { kind: 'held', queue: name };
    if (this.config.queues[name] !== undefined || this.config.development) return { kind: 'inbox', inbox: this.queueInbox(name) };
    const streamSubscriptions = this.config.subscriptions.filter((s) => s.from.kind === 'stream').map((s) => s.name);
    const known = [
      ...Object.keys(this.config.queues),
      ...this.config.subscriptions.filter((s) => s.from.kind === 'topic').map((s) => s.name),
      ...streamSubscriptions,
      ...new Set([...streamSubscriptions.map(streamDeadLetterQueue), ...this.internalQueues]),
    ];
    throw unknown('dead-letter place (a queue, a topic or stream subscription, or <stream subscription>.deadletter)', name, known);
  }

  /**
   * A resource prepared once is answered from `ready` from then on: every publish and command
   * asks, and building its Bound and key again was young-generation garbage each time. Only names
   * whose mapping cannot change are kept (configured, bound, internal); a development default
   * may still be bound to another broker, so it is prepared each time as before.
   */
  private once<B>(ready: Map<string, Promise<B>>, name: string, fixed: boolean, first: () => Promise<B>): Promise<B> {
    const known = ready.get(name);
    if (known !== undefined) return known;
    const preparing = first();
    if (fixed) preparing.then(() => ready.set(name, preparing), () => undefined);
    return preparing;
  }

  /** Creates the entity once per process (drivers make it idempotent across processes). */
  prepare(key: string, create: () => Promise<void>): Promise<void> {
    let pending = this.prepared.get(key);
    if (pending === undefined) {
      pending = create();
      pending.catch(() => this.prepared.delete(key));
      this.prepared.set(key, pending);
    }
    return pending;
  }

  prepareQueue(name: string): Promise<Bound<QueueOperations, QueueConfig>> {
    const fixed = this.config.queues[name] !== undefined || this.internalQueues.has(name);
    return this.once(this.readyQueues, name, fixed, () => this.prepareQueueFirst(name));
  }

  private async prepareQueueFirst(name: string): Promise<Bound<QueueOperations, QueueConfig>> {
    const queue = this.queue(name);
    // A subscription reading the queue with `ordered: true` needs per-key FIFO from the broker.
    const ordered = this.config.subscriptions.some((s) => s.ordered && s.from.kind === 'queue' && s.from.queue === name);
    await this.prepare(`queue:${queue.broker}:${queue.entity}`, () => queue.ops.ensureQueue(queue.entity, ordered ? { ...queue.settings, ordered } : queue.settings));
    return queue;
  }

  prepareTopic(name: string): Promise<Bound<TopicOperations, TopicConfig>> {
    const fixed = this.config.topics[name] !== undefined || this.boundTopics.has(name);
    return this.once(this.readyTopics, name, fixed, () => this.prepareTopicFirst(name));
  }

  private async prepareTopicFirst(name: string): Promise<Bound<TopicOperations, TopicConfig>> {
    const topic = this.topic(name);
    await this.prepare(`topic:${topic.broker}:${topic.entity}`, () => topic.ops.ensureTopic(topic.entity));
    return topic;
  }

  prepareStream(name: string): Promise<Bound<StreamOperations, StreamConfig>> {
    return this.once(this.readyStreams, name, this.config.streams[name] !== undefined, () => this.prepareStreamFirst(name));
  }

  private async prepareStreamFirst(name: string): Promise<Bound<StreamOperations, StreamConfig>> {
    const stream = this.stream(name);
    await this.prepare(`stream:${stream.broker}:${stream.entity}`, () =>
      stream.ops.ensureStream(stream.entity, { partitions: stream.settings.partitions, retentionMs: stream.settings.retentionMs }),
    );
    return stream;
  }

  async prepareSubscription(subscription: SubscriptionConfig): Promise<BoundInbox> {
    if (subscription.from.kind !== 'topic') throw new Error(`subscription ${subscription.name} does not read a topic`);
    const topic = await this.prepareTopic(subscription.from.topic);
    const inbox = this.subscriptionInbox(subscription);
    const filter = subscription.from.filter ?? undefined;
    await this.prepare(`subscription:${topic.broker}:${topic.entity}:${subscription.name}`, () =>
      topic.ops.ensureSubscription(topic.entity, subscription.name, { ...inbox.settings, ...(filter ? { filter } : {}), ...(subscription.ordered ? { ordered: true } : {}) }),
    );
    return inbox;
  }

  /**
   * The queue where a stream consumer's undeliverable events go: `<owner>.deadletter` on the
   * default broker, where owner is a stream subscription's name (or `<stream>.<group>`).
   */
  async prepareStreamDeadLetterQueue(owner: string): Promise<Bound<QueueOperations, QueueConfig>> {
    const name = streamDeadLetterQueue(owner);
    this.internalQueues.add(name);
    return this.prepareQueue(name);
  }

  /** Every configured resource, created before the daemon reports ready. */
  async prepareAll(): Promise<void> {
    const work: Promise<unknown>[] = [];
    for (const name of Object.keys(this.config.queues)) work.push(this.prepareQueue(name));
    for (const name of Object.keys(this.config.topics)) work.push(this.prepareTopic(name));
    for (const name of Object.keys(this.config.streams)) work.push(this.prepareStream(name));
    for (const subscription of this.config.subscriptions) {
      if (subscription.from.kind === 'topic') work.push(this.prepareSubscription(subscription));
    }
    await Promise.all(work);
  }

  private driver(broker: string): Driver {
    const driver = this.drivers.get(broker);
    if (driver === undefined) throw new OutriggerError('broker_unavailable', `broker '${broker}' is not connected`);
    return driver;
  }

  private need<T>(ops: T | undefined, capability: string, broker: string, name: string): T {
    if (ops === undefined) {
      throw new OutriggerError('unsupported_operation', `'${name}' is on broker '${broker}', whose driver has no ${capability}`);
    }
    return ops;
  }

  private developmentDefault<T>(kind: string, name: string, known: Record<string, unknown>, make: () => T): T {
    if (!resourceNamePattern.test(name)) {
      throw new OutriggerError('invalid_name', `'${name}' is not a valid ${kind} name (letters, digits, '.', '_', '-'; at most 128)`);
    }
    if (!this.config.development) throw unknown(kind, name, Object.keys(known));
    return make();
  }

  private defaultQueue(name: string): QueueConfig {
    return { broker: this.config.defaultBroker, entity: name, ...defaults.queue };
  }
}

/** The queue that receives a stream subscription's undeliverable events. */
export function streamDeadLetterQueue(subscription: string): string {
  return `${subscription}.deadletter`;
}

function unknown(kind: string, name: string, known: string[]): OutriggerError {
  const list = known.length === 0 ? 'none are configured' : `known: ${known.sort().join(', ')}`;
  return new OutriggerError('unknown_resource', `unknown ${kind} '${name}' (${list})`, { extensions: { resource: name, known } });
}
