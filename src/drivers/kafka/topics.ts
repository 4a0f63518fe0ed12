/**
 * Publish/subscribe on Kafka: a topic per topic, each subscription a consumer group of its own
 * (so every subscription gets its own copy), with its retry and dead-letter topics beside it
 * (dead-letters.ts). A new subscription starts at the end of the topic: what was published
 * before it existed is not its business. Subscriptions are leased inboxes (subscription-inbox.ts).
 */
import type { Admin } from '@platformatic/kafka';
import { OutriggerError } from '../../kernel/errors.js';
import type {
  DeadLetter,
  Delivery,
  InboxDepth,
  InboxOperations,
  InboxRef,
  NackOptions,
  OutboundMessage,
  ReceiveOptions,
  SendReceipt,
  SubscriptionSettings,
  TopicOperations,
} from '../contract.js';
import type { Appender } from './appender.js';
import { toRecord, withinLimit } from './codec.js';
import { DeadLetterStore } from './dead-letters.js';
import type { Fetcher } from './fetcher.js';
import { committedOffsets } from './group-member.js';
import { partitionForKey } from './partition-key.js';
import type { ReaderPool } from './reader-pool.js';
import type { KafkaSettings } from './settings.js';
import { checkName, type KafkaStreams } from './streams.js';
import { SubscriptionInbox } from './subscription-inbox.js';
import { ensureTopic } from './topic-admin.js';

export interface TopicDeps {
  broker: string;
  settings: KafkaSettings;
  admin: Admin;
  appender: Appender;
  lookup: Fetcher;
  readers: ReaderPool;
  streams: KafkaStreams;
  fail(err: unknown, action: string): OutriggerError;
}

interface Subscription {
  inbox: SubscriptionInbox;
  store: DeadLetterStore;
  retryTopic: string;
}

export class KafkaTopics implements TopicOperations, InboxOperations {
  readonly #deps: TopicDeps;
  readonly #subscriptions = new Map<string, Subscription>();
  /** Keyless events take partitions in turn, per topic. */
  readonly #turn = new Map<string, number>();
  /** Partition counts of topics seen; only ever grow (Kafka adds partitions, never removes them). */
  readonly #counts = new Map<string, number>();

  constructor(deps: TopicDeps) {
    this.#deps = deps;
  }

  async ensureTopic(topic: string): Promise<void> {
    checkName(topic);
    await this.#ensure(topic, undefined);
  }

  async ensureSubscription(topic: string, subscription: string, settings: SubscriptionSettings): Promise<void> {
    checkName(topic);
    const retryTopic = `${subscription}.retry`;
    const deadLetterTopic = `${subscription}.dlq`;
    checkName(retryTopic);
    const partitions = await this.#ensure(topic, undefined);
    await this.#ensure(retryTopic, 1);
    await this.#ensure(deadLetterTopic, 1);
    try {
      await this.#startAtEnd(topic, subscription, partitions);
    } catch (err) {
      throw this.#deps.fail(err, `creating subscription '${subscription}' of topic '${topic}'`);
    }
    const key = keyOf(topic, subscription);
    if (this.#subscriptions.has(key)) return;
    const store = new DeadLetterStore(this.#deps.appender, this.#deps.readers, retryTopic, deadLetterTopic);
    const inbox = new SubscriptionInbox({
      topic,
      subscription,
      settings,
      retryTopic,
      store,
      consume: (name, group, process) => this.#deps.streams.consume(name, group, { start: { kind: 'earliest' }, maxBatch: 100, commitIntervalMs: 0 }, { processEvents: process }),
    });
    this.#subscriptions.set(key, { inbox, store, retryTopic });
  }

  async publish(topic: string, messages: OutboundMessage[], signal?: AbortSignal): Promise<SendReceipt[]> {
    checkName(topic);
    if (messages.length === 0) return [];
    signal?.throwIfAborted();
    const partitions = this.#counts.get(topic) ?? (await this.#ensure(topic, undefined, false));
    const { maxMessageBytes } = this.#deps.settings;
    const records = messages.map((message) =>
      withinLimit(toRecord(topic, this.#place(topic, message.orderingKey, partitions), message, message.orderingKey), message.id, maxMessageBytes, this.#deps.broker),
    );
    try {
      await this.#deps.appender.append(records);
    } catch (err) {
      throw this.#deps.fail(err, `publishing to topic '${topic}'`);
    }
    return messages.map((message) => ({ id: message.id, duplicate: false }));
  }

  async receive(ref: InboxRef, options: ReceiveOptions): Promise<Delivery[]> {
    try {
      return await this.#of(ref).inbox.receive(options);
    } catch (err) {
      throw this.#deps.fail(err, `receiving from ${describe(ref)}`);
    }
  }

  async ack(ref: InboxRef, lease: string): Promise<void> {
    await this.#of(ref).inbox.ack(lease);
  }

  async nack(ref: InboxRef, lease: string, options?: NackOptions): Promise<void> {
    try {
      await this.#of(ref).inbox.nack(lease, options);
    } catch (err) {
      throw this.#deps.fail(err, `nacking on ${describe(ref)}`);
    }
  }

  async renew(ref: InboxRef, lease: string, leaseMs: number): Promise<number> {
    return this.#of(ref).inbox.renew(lease, leaseMs);
  }

  async listDeadLetters(ref: InboxRef, options: { limit: number }): Promise<DeadLetter[]> {
    try {
      return await this.#of(ref).store.list(options.limit);
    } catch (err) {
      throw this.#deps.fail(err, `listing the dead letters of ${describe(ref)}`);
    }
  }

  async redrive(ref: InboxRef, options: { ids?: string[] }): Promise<number> {
    try {
      return await this.#of(ref).store.redrive(options.ids);
    } catch (err) {
      throw this.#deps.fail(err, `redriving the dead letters of ${describe(ref)}`);
    }
  }

  /** Ready: what the subscription's groups have not committed, less what this process holds leased. */
  async depth(ref: InboxRef): Promise<InboxDepth> {
    const subscription = this.#of(ref);
    if (ref.kind !== 'subscription') throw notQueues();
    try {
      const lag = [...(await this.#deps.streams.lag(ref.topic, ref.subscription)), ...(await this.#deps.streams.lag(subscription.retryTopic, subscription.retryTopic))];
      const behind = lag.reduce((sum, partition) => sum + partition.lag, 0);
      const inFlight = subscription.inbox.inFlight;
      return { ready: Math.max(0, behind - inFlight), inFlight, deadLettered: (await subscription.store.list()).length };
    } catch (err) {
      throw this.#deps.fail(err, `reading the depth of ${describe(ref)}`);
    }
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.#subscriptions.values()].map(({ inbox }) => inbox.close()));
    this.#subscriptions.clear();
  }

  #of(ref: InboxRef): Subscription {
    if (ref.kind !== 'subscription') throw notQueues();
    const found = this.#subscriptions.get(keyOf(ref.topic, ref.subscription));
    if (found === undefined) throw new OutriggerError('unknown_resource', `${describe(ref)} is not known to Kafka broker '${this.#deps.broker}'; ensure the subscription first`);
    return found;
  }

  async #ensure(topic: string, partitions: number | undefined, create = true): Promise<number> {
    const { admin, lookup, settings } = this.#deps;
    try {
      const count = await ensureTopic(admin, lookup, topic, { partitions, replicationFactor: settings.replicationFactor, configs: {} }, create && settings.createTopics, this.#deps.broker);
      this.#counts.set(topic, count);
      return count;
    } catch (err) {
      throw this.#deps.fail(err, `ensuring topic '${topic}'`);
    }
  }

  /** A group without committed offsets commits the topic's current end, so it starts there. */
  async #startAtEnd(topic: string, group: string, partitions: number): Promise<void> {
    const all = Array.from({ length: partitions }, (_, partition) => partition);
    const committed = await committedOffsets(this.#deps.admin, group, topic, all);
    const missing = all.filter((partition) => !committed.has(partition));
    if (missing.length === 0) return;
    const ends = await this.#deps.lookup.offsets(topic, missing, { kind: 'latest' });
    await this.#deps.admin.alterConsumerGroupOffsets({
      groupId: group,
      topics: [{ name: topic, partitionOffsets: missing.map((partition) => ({ partition, offset: BigInt(ends.get(partition) ?? 0) })) }],
    });
  }

  #place(topic: string, key: string | undefined, partitions: number): number {
    if (key !== undefined) return partitionForKey(key, partitions);
    const turn = this.#turn.get(topic) ?? 0;
    this.#turn.set(topic, turn + 1);
    return turn % partitions;
  }
}

function keyOf(topic: string, subscription: string): string {
  return `${topic}\0${subscription}`;
}

function describe(ref: InboxRef): string {
  return ref.kind === 'subscription' ? `subscription '${ref.subscription}' of topic '${ref.topic}'` : `queue '${ref.queue}'`;
}

function notQueues(): OutriggerError {
  return new OutriggerError('unsupported_operation', 'Kafka brokers have no queues here: share groups (KIP-932) are not supported by the client; put queues on another broker');
}
