/**
 * The service layer: the interactions of PRODUCT.md, each implemented once, with the rules both
 * protocols share (batch partial success, nothing new while draining, Consume sessions).
 * HTTP and gRPC are thin adapters over this class and service/admission.ts: they turn requests
 * into these calls and errors into their own status codes.
 */
import type { OutriggerConfig } from '../config/types.js';
import type { Driver } from '../drivers/contract.js';
import type { Capabilities } from '../kernel/capabilities.js';
import type { DeadLetter, Delivery, NackOptions, OutboundMessage, SendReceipt } from '../kernel/messages.js';
import type { AppendReceipt, PartitionInfo, StreamEvent, StreamPosition } from '../kernel/streams.js';
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';
import { toHeaders, type CloudEvent } from './cloudevents.js';
import { ConsumeSessions } from './consume/session.js';
import type { HandedBack } from './delivery/handed-back.js';
import { OutriggerError } from '../kernel/errors.js';
import { fanOut, type FanOutOptions, type FanOutResult } from './query/fan-out.js';
import type { QueryService } from './query/service.js';
import type { QueryAnswer, QueryRequest } from './query/types.js';
import { linkedAbort } from './linked-abort.js';
import { replay, type ReplayOptions } from './replay.js';
import type { Resources } from './resources.js';
import { publishBatch, type BatchEntryResult } from './service/batch.js';
import { checkDeclaredJson } from './service/strict-input.js';
import { peekHeldEvents } from './service/held-events.js';
import { leaseFor, queueLease } from './service/queue-lease.js';

export interface PublishOptions {
  idempotencyKey?: string;
  orderingKey?: string;
  signal?: AbortSignal;
  /** Expire undelivered copies this long after publishing; the broker must support ttl. */
  ttlMs?: number;
}

export interface CommandOptions extends PublishOptions {
  notBefore?: number;
}

export interface AppendOptions {
  partitionKey?: string;
  partition?: number;
  signal?: AbortSignal;
}

export interface ReceiveRequest {
  max: number;
  waitMs: number;
  signal?: AbortSignal;
}

/** A pulled delivery; `redelivered`: an app was handed it before, whether or not that counted an attempt. */
export type PulledDelivery = Delivery & { redelivered: boolean };

export interface ReadRequest {
  partition: number;
  from: StreamPosition;
  max: number;
  waitMs: number;
  signal?: AbortSignal;
}

export interface MetaDocument {
  appId: string;
  development: boolean;
  brokers: Array<{ name: string; driver: string; connected: boolean; capabilities: Capabilities }>;
  resources: {
    queues: Record<string, { broker: string; entity: string; maxDeliveries: number; leaseMs: number }>;
    topics: Record<string, { broker: string; entity: string }>;
    streams: Record<string, { broker: string; entity: string; partitions: number; retentionMs: number }>;
    targets: Record<string, { via: 'http' | 'queue'; url?: string; queue?: string; policy: string }>;
  };
  /** `deliver` is null for a subscription consumed over gRPC only. */
  subscriptions: Array<{ name: string; from: unknown; deliver: string | null; state: string }>;
}

export class Interactions {
  /** Long-lived, credit-limited pull subscriptions (gRPC Consume); see core/consume/. */
  readonly consumers: ConsumeSessions;
  private readonly handedBack: HandedBack;

  constructor(
    private readonly config: OutriggerConfig,
    private readonly resources: Resources,
    private readonly drivers: ReadonlyMap<string, Driver>,
    /** Each subscription's state, and those added at run time (Dapr's), which config does not list. */
    private readonly subscriptionView: { state(name: string): string; added(): Array<{ name: string; from: unknown; deliver: string | null }> },
    private readonly queries: QueryService,
    /** Aborted when draining starts: pulls take no new messages and stream reads end. */
    private readonly draining: AbortSignal,
    /** `handedBack`: which deliveries an app had taken back uncounted, so Consume marks them redelivered. */
    observe: { metrics: Metrics; logger: Logger; handedBack: HandedBack },
  ) {
    this.consumers = new ConsumeSessions({ config, resources, ...observe }, draining);
    this.handedBack = observe.handedBack;
  }

  /** A query to a configured target; the answer's body streams and must be consumed. */
  query(request: QueryRequest): Promise<QueryAnswer> {
    return this.queries.query(request);
  }

  /** Several queries at once; failures are answered per entry (see core/query/fan-out.ts). */
  queryMany(entries: Array<QueryRequest | Error>, options: FanOutOptions): Promise<FanOutResult[]> {
    return fanOut(this.queries, entries, options);
  }

  get appId(): string {
    return this.config.app.id;
  }

  async publish(topicName: string, events: CloudEvent[], options: PublishOptions = {}): Promise<SendReceipt[]> {
    events.forEach((event, index) => checkData(event, events.length > 1 ? index : undefined));
    return this.publishChecked(topicName, events, options);
  }

  private async publishChecked(topicName: string, events: CloudEvent[], options: PublishOptions): Promise<SendReceipt[]> {
    const topic = await this.resources.prepareTopic(topicName);
    if (options.ttlMs !== undefined) this.need(topic.driver, 'ttl', topic.broker, 'a time-to-live');
    const expiresAt = options.ttlMs === undefined ? undefined : Date.now() + options.ttlMs;
    // One key for a whole batch would make every entry after the first a duplicate.
    const idempotencyKey = events.length === 1 ? options.idempotencyKey : undefined;
    const messages = new Array<OutboundMessage>(events.length);
    for (let index = 0; index < events.length; index++) {
      const event = events[index]!;
      const message = this.message(event, topic.driver, { idempotencyKey, orderingKey: options.orderingKey ?? event.extensions.partitionkey, index: events.length > 1 ? index : undefined });
      if (expiresAt !== undefined) message.expiresAt = expiresAt;
      messages[index] = message;
    }
    return topic.ops.publish(topic.entity, messages, options.signal);
  }

  /** For APIs that name the broker with the topic (Dapr): see Resources.bindTopic. */
  bindTopic(topicName: string, broker: string): void {
    this.resources.bindTopic(topicName, broker);
  }

  /** Several events at once, each entry answered by its index (see service/batch.ts). */
  publishBatch<Entry>(topicName: string, entries: readonly Entry[], read: (entry: Entry, index: number) => CloudEvent, signal?: AbortSignal, options: { ttlMs?: number } = {}): Promise<BatchEntryResult[]> {
    const readChecked = (entry: Entry, index: number): CloudEvent => {
      const event = read(entry, index);
      checkData(event, index);
      return event;
    };
    return publishBatch(entries, readChecked, (events) => this.publishChecked(topicName, events, { ...options, ...(signal === undefined ? {} : { signal }) }));
  }

  async sendCommand(queueName: string, event: CloudEvent, options: CommandOptions = {}): Promise<SendReceipt> {
    checkData(event);
    const queue = await this.resources.prepareQueue(queueName);
    const ttlMs = options.ttlMs ?? queue.settings.defaultTtlMs ?? undefined;
    if (options.notBefore !== undefined) this.need(queue.driver, 'scheduledDelivery', queue.broker, 'delayed delivery');
    if (ttlMs !== undefined) this.need(queue.driver, 'ttl', queue.broker, 'a time-to-live');
    if (options.orderingKey !== undefined) this.need(queue.driver, 'orderingKeys', queue.broker, 'an ordering key');
    // The ordering key: the explicit header, else the CloudEvents partitioning extension.
    const message = this.message(event, queue.driver, { idempotencyKey: options.idempotencyKey, orderingKey: options.orderingKey ?? event.extensions.partitionkey });
    if (options.notBefore !== undefined) message.notBefore = options.notBefore;
    if (ttlMs !== undefined) message.expiresAt = (options.notBefore ?? Date.now()) + ttlMs;
    // Indexed rather than destructured: this runs per command.
    const receipt = (await queue.ops.send(queue.entity, [message], options.signal))[0];
    if (receipt === undefined) throw new OutriggerError('internal', 'the broker returned no receipt');
    return receipt;
  }

  async append(streamName: string, event: CloudEvent, options: AppendOptions = {}): Promise<AppendReceipt> {
    checkData(event);
    const stream = await this.resources.prepareStream(streamName);
    const message = this.message(event, stream.driver, {});
    if (options.partition !== undefined && (options.partition < 0 || options.partition >= stream.settings.partitions)) {
      throw new OutriggerError('bad_request', `partition ${options.partition} is out of range (stream '${streamName}' has ${stream.settings.partitions})`);
    }
    const partitionKey = options.partitionKey ?? event.extensions.partitionkey;
    const [receipt] = await stream.ops.append(
      stream.entity,
      [
        {
          id: message.id,
          headers: message.headers,
          data: message.data,
          ...(partitionKey !== undefined ? { partitionKey } : {}),
          ...(options.partition !== undefined ? { partition: options.partition } : {}),
        },
      ],
      options.signal,
    );
    if (receipt === undefined) throw new OutriggerError('internal', 'the broker returned no receipt');
    return receipt;
  }

  async partitions(streamName: string): Promise<PartitionInfo[]> {
    const stream = this.resources.stream(streamName);
    return stream.ops.partitions(stream.entity);
  }

  async read(streamName: string, request: ReadRequest): Promise<StreamEvent[]> {
    const stream = this.resources.stream(streamName);
    if (request.from.kind === 'time') this.need(stream.driver, 'streamSeekByTime', stream.broker, 'reading from a time');
    return stream.ops.read(stream.entity, request.partition, {
      from: request.from,
      max: request.max,
      waitMs: request.waitMs,
      ...(request.signal ? { signal: request.signal } : {}),
    });
  }

  /** While draining: no messages, at once; a waiting long-poll ends empty when draining starts. */
  async receive(queueName: string, request: ReceiveRequest): Promise<PulledDelivery[]> {
    if (this.draining.aborted) return [];
    await this.resources.prepareQueue(queueName);
    const inbox = this.resources.queueInbox(queueName);
    const signal = request.signal === undefined ? this.draining : AbortSignal.any([request.signal, this.draining]);
    const deliveries = await inbox.ops.receive(inbox.ref, { max: request.max, waitMs: request.waitMs, signal });
    // Copies: the driver may still hold the objects it returned.
    return deliveries.map((delivery) => ({
      ...delivery,
      lease: leaseFor(queueName, delivery.lease),
      redelivered: this.handedBack.take(queueName, delivery.id) || delivery.attempt > 1,
    }));
  }

  /**
   * Reads a stream page by page (see replay.ts). A reader holds nothing that needs finishing, so
   * its read ends when draining starts.
   */
  async replay(streamName: string, options: ReplayOptions, onEvents: (events: StreamEvent[]) => Promise<void>): Promise<void> {
    const reading = linkedAbort([options.signal, this.draining]);
    try {
      await replay(this, streamName, { ...options, signal: reading.signal }, onEvents);
    } finally {
      reading.dispose();
    }
  }

  async ack(queueName: string, lease: string): Promise<void> {
    const inbox = this.resources.queueInbox(queueName);
    await inbox.ops.ack(inbox.ref, queueLease(queueName, lease));
  }

  async nack(queueName: string, lease: string, options: NackOptions): Promise<void> {
    const inbox = this.resources.queueInbox(queueName);
    await inbox.ops.nack(inbox.ref, queueLease(queueName, lease), options);
  }

  async deadLetters(name: string, limit: number): Promise<DeadLetter[]> {
    const place = this.resources.deadLetterPlace(name);
    if (place.kind === 'inbox') return place.inbox.ops.listDeadLetters(place.inbox.ref, { limit });
    await this.resources.prepareQueue(place.queue);
    return peekHeldEvents(this.resources.queueInbox(place.queue), limit);
  }

  async redrive(name: string, ids?: string[]): Promise<number> {
    const place = this.resources.deadLetterPlace(name);
    if (place.kind === 'held') {
      throw new OutriggerError(
        'unsupported_operation',
        `a stream subscription's undeliverable events wait in the queue '${place.queue}' and are not redriven; take them with pull (POST /v1/command/${place.queue}/receive)`,
      );
    }
    return place.inbox.ops.redrive(place.inbox.ref, ids === undefined ? {} : { ids });
  }

  meta(): MetaDocument {
    const { config } = this;
    return {
      appId: config.app.id,
      development: config.development,
      brokers: [...this.drivers.entries()].map(([name, driver]) => ({
        name,
        driver: driver.kind,
        connected: driver.isConnected(),
        capabilities: driver.capabilities,
      })),
      resources: {
        queues: mapValues(config.queues, (q) => ({ broker: q.broker, entity: q.entity, maxDeliveries: q.maxDeliveries, leaseMs: q.leaseMs })),
        topics: mapValues(config.topics, (t) => ({ broker: t.broker, entity: t.entity })),
        streams: mapValues(config.streams, (s) => ({ broker: s.broker, entity: s.entity, partitions: s.partitions, retentionMs: s.retentionMs })),
        targets: mapValues(config.targets, (t) => (t.via === 'http' ? { via: t.via, url: t.url, policy: t.policy } : { via: t.via, queue: t.queue, policy: t.policy })),
      },
      subscriptions: [...config.subscriptions, ...this.subscriptionView.added()].map((s) => ({ name: s.name, from: s.from, deliver: s.deliver, state: this.subscriptionView.state(s.name) })),
    };
  }

  private message(event: CloudEvent, driver: Driver, extra: { idempotencyKey?: string | undefined; orderingKey?: string | undefined; index?: number | undefined }): OutboundMessage {
    const limit = driver.capabilities.maxMessageBytes;
    if (event.data.byteLength > limit) {
      const where = extra.index === undefined ? '' : `entry ${extra.index}: `;
      throw new OutriggerError('payload_too_large', `${where}message data is ${event.data.byteLength} bytes; the broker accepts at most ${limit}`, {
        extensions: { limit, ...(extra.index === undefined ? {} : { index: extra.index }) },
      });
    }
    const message: OutboundMessage = { id: event.id, headers: toHeaders(event), data: event.data };
    if (extra.idempotencyKey !== undefined) message.idempotencyKey = extra.idempotencyKey;
    if (extra.orderingKey !== undefined) message.orderingKey = extra.orderingKey;
    return message;
  }

  private need(driver: Driver, capability: 'scheduledDelivery' | 'ttl' | 'orderingKeys' | 'streamSeekByTime', broker: string, what: string): void {
    if (!driver.capabilities[capability]) {
      throw new OutriggerError('unsupported_operation', `broker '${broker}' (driver ${driver.kind}) cannot do ${what}: it lacks ${capability}`);
    }
  }
}

/** Data declared as JSON must be JSON; in a batch, the refusal names its entry. */
function checkData(event: CloudEvent, index?: number): void {
  if (index === undefined) checkDeclaredJson(event.datacontenttype, event.data);
  else checkDeclaredJson(event.datacontenttype, event.data, `entry ${index}: `, { index });
}

function mapValues<T, R>(record: Record<string, T>, map: (value: T) => R): Record<string, R> {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, map(value)]));
}
