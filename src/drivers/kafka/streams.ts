/**
 * Stream operations on Kafka: one topic per stream, its partitions and offsets as ours, the
 * partition key as the record key (placed as the Java producer places it, partition-key.ts),
 * consumer groups as Kafka consumer groups (group-member.ts).
 */
import { Consumer, type Admin } from '@platformatic/kafka';
import { OutriggerError } from '../../kernel/errors.js';
import type {
  AppendEvent,
  AppendReceipt,
  ConsumeOptions,
  GroupLag,
  PartitionInfo,
  PartitionProcessor,
  ReadOptions,
  StreamConsumer,
  StreamEvent,
  StreamOperations,
  StreamPosition,
  StreamSettings,
} from '../contract.js';
import type { Appender } from './appender.js';
import { cooperativeSticky, groupProtocols } from './assigner.js';
import { connectionOptions } from './clients.js';
import { toRecord, toStreamEvent, withinLimit, type OutboundRecord } from './codec.js';
import { kafkaCode } from './errors.js';
import type { Fetcher } from './fetcher.js';
import { committedOffsets, KafkaGroupMember } from './group-member.js';
import { partitionForKey } from './partition-key.js';
import { ensureTopic } from './topic-admin.js';
import type { ReaderPool } from './reader-pool.js';
import type { KafkaSettings } from './settings.js';

export interface StreamDeps {
  broker: string;
  settings: KafkaSettings;
  admin: Admin;
  appender: Appender;
  /** Metadata and ListOffsets, shared; never used for a fetch. */
  lookup: Fetcher;
  readers: ReaderPool;
  adopt(member: KafkaGroupMember): void;
  fail(err: unknown, action: string): OutriggerError;
}

/** Bytes asked for per read: enough for `max` small events, bounded both ways. */
const readBytes = (max: number): number => Math.min(8 * 1024 * 1024, Math.max(64 * 1024, max * 16 * 1024));

export class KafkaStreams implements StreamOperations {
  readonly #deps: StreamDeps;
  /** Partition counts of streams seen; only ever grow (Kafka adds partitions, never removes them). */
  readonly #counts = new Map<string, number>();
  /** Keyless events take partitions in turn, per stream. */
  readonly #turn = new Map<string, number>();

  constructor(deps: StreamDeps) {
    this.#deps = deps;
  }

  async ensureStream(stream: string, settings: StreamSettings): Promise<void> {
    checkName(stream);
    const { admin, lookup, settings: broker } = this.#deps;
    const plan = { partitions: settings.partitions, replicationFactor: broker.replicationFactor, configs: { 'retention.ms': String(settings.retentionMs) } };
    let count: number;
    try {
      count = await ensureTopic(admin, lookup, stream, plan, broker.createTopics, this.#deps.broker);
    } catch (err) {
      throw this.#deps.fail(err, `ensuring the topic of stream '${stream}'`);
    }
    this.#counts.set(stream, count);
    if (count !== settings.partitions) {
      throw new OutriggerError('bad_request', `stream '${stream}' on Kafka broker '${this.#deps.broker}' has ${count} partitions, not ${settings.partitions}; change the config or the topic`);
    }
  }

  async append(stream: string, events: AppendEvent[], signal?: AbortSignal): Promise<AppendReceipt[]> {
    checkName(stream);
    if (events.length === 0) return [];
    signal?.throwIfAborted();
    const count = await this.#count(stream);
    const { maxMessageBytes } = this.#deps.settings;
    const records = events.map((event) => withinLimit(toRecord(stream, this.#place(stream, event, count), event, event.partitionKey), event.id, maxMessageBytes, this.#deps.broker));
    let offsets: number[];
    try {
      offsets = await this.#deps.appender.append(records);
    } catch (err) {
      throw this.#deps.fail(err, `appending to stream '${stream}'`);
    }
    return events.map((event, i) => ({ id: event.id, partition: (records[i] as OutboundRecord).partition, offset: offsets[i] as number }));
  }

  async partitions(stream: string): Promise<PartitionInfo[]> {
    checkName(stream);
    const all = Array.from({ length: await this.#count(stream) }, (_, partition) => partition);
    try {
      const first = await this.#deps.lookup.offsets(stream, all, { kind: 'earliest' });
      const next = await this.#deps.lookup.offsets(stream, all, { kind: 'latest' });
      return all.map((partition) => ({ partition, firstOffset: first.get(partition) ?? 0, nextOffset: next.get(partition) ?? 0 }));
    } catch (err) {
      throw this.#deps.fail(err, `reading the partitions of stream '${stream}'`);
    }
  }

  async read(stream: string, partition: number, options: ReadOptions): Promise<StreamEvent[]> {
    checkName(stream);
    await this.#checkPartition(stream, partition);
    const max = Math.max(1, options.max);
    const deadline = Date.now() + Math.max(0, options.waitMs ?? 0);
    const reader = await this.#deps.readers.acquire();
    try {
      let from = await this.#offsetOf(reader, stream, partition, options.from);
      for (;;) {
        const left = deadline - Date.now();
        // Fetch long-polls are cut short so that an abort is noticed within one.
        const result = await reader.fetch(stream, new Map([[partition, from]]), Math.max(0, Math.min(left, 1000)), readBytes(max));
        const records = result.records.get(partition) ?? [];
        if (records.length > 0) return records.slice(0, max).map(toStreamEvent);
        if (result.outOfRange.length > 0) {
          const first = (await reader.offsets(stream, [partition], { kind: 'earliest' })).get(partition) ?? 0;
          // Before the log's start (retention removed it): read on from the start. Past its end: nothing yet.
          if (from < first) from = first;
          else return [];
        } else if (deadline - Date.now() <= 0 || options.signal?.aborted === true) return [];
      }
    } catch (err) {
      throw this.#deps.fail(err, `reading partition ${partition} of stream '${stream}'`);
    } finally {
      this.#deps.readers.release(reader);
    }
  }

  /** `commitIntervalMs` overrides the setting (topic subscriptions commit at once, so that depth is exact). */
  async consume(stream: string, group: string, options: ConsumeOptions & { commitIntervalMs?: number }, processor: PartitionProcessor): Promise<StreamConsumer> {
    checkName(stream);
    checkGroup(group);
    await this.#count(stream);
    const { settings } = this.#deps;
    const consumer = new Consumer({
      ...connectionOptions(settings, 'group'),
      groupId: group,
      autocommit: false,
      sessionTimeout: settings.sessionTimeoutMs,
      heartbeatInterval: settings.heartbeatIntervalMs,
      rebalanceTimeout: settings.sessionTimeoutMs,
      // Joining is a handshake of several requests that a concurrent rebalance may interrupt:
      // the client repeats its own steps; a join that still fails is repeated by the member.
      retries: 3,
      protocols: groupProtocols,
      partitionAssigner: cooperativeSticky((topic) => this.#counts.get(topic)),
    });
    const member = new KafkaGroupMember({
      consumer,
      admin: this.#deps.admin,
      stream,
      group,
      options,
      processor,
      sessionTimeoutMs: settings.sessionTimeoutMs,
      heartbeatIntervalMs: settings.heartbeatIntervalMs,
      retryMs: settings.processRetryMs,
      commitIntervalMs: options.commitIntervalMs ?? settings.commitIntervalMs,
      fail: this.#deps.fail,
    });
    this.#deps.adopt(member);
    try {
      await member.start();
    } catch (err) {
      await member.close();
      throw this.#deps.fail(err, `joining group '${group}' of stream '${stream}'`);
    }
    return member;
  }

  async lag(stream: string, group: string): Promise<GroupLag[]> {
    checkName(stream);
    checkGroup(group);
    const infos = await this.partitions(stream);
    let committed: Map<number, number>;
    try {
      committed = await committedOffsets(this.#deps.admin, group, stream, infos.map((info) => info.partition));
    } catch (err) {
      throw this.#deps.fail(err, `reading the committed offsets of group '${group}' on stream '${stream}'`);
    }
    return infos.map(({ partition, firstOffset, nextOffset }) => {
      const next = committed.get(partition);
      const checkpoint = next === undefined || next === 0 ? null : next - 1;
      return { partition, checkpoint, lag: Math.max(0, nextOffset - Math.max(firstOffset, next ?? firstOffset)) };
    });
  }

  #place(stream: string, event: AppendEvent, count: number): number {
    if (event.partition !== undefined) {
      if (!Number.isSafeInteger(event.partition) || event.partition < 0 || event.partition >= count) {
        throw new OutriggerError('bad_request', `stream '${stream}' has partitions 0 to ${count - 1} (got ${event.partition})`);
      }
      return event.partition;
    }
    if (event.partitionKey !== undefined) return partitionForKey(event.partitionKey, count);
    const turn = this.#turn.get(stream) ?? 0;
    this.#turn.set(stream, turn + 1);
    return turn % count;
  }

  async #offsetOf(reader: Fetcher, stream: string, partition: number, from: StreamPosition): Promise<number> {
    if (from.kind === 'offset') return from.offset;
    return (await reader.offsets(stream, [partition], from)).get(partition) ?? 0;
  }

  async #checkPartition(stream: string, partition: number): Promise<void> {
    const count = await this.#count(stream);
    if (!Number.isSafeInteger(partition) || partition < 0 || partition >= count) {
      throw new OutriggerError('bad_request', `stream '${stream}' has partitions 0 to ${count - 1} (got ${partition})`);
    }
  }

  async #count(stream: string): Promise<number> {
    const known = this.#counts.get(stream);
    if (known !== undefined) return known;
    let count: number;
    try {
      count = await this.#deps.lookup.partitionCount(stream);
    } catch (err) {
      if (kafkaCode(err, 'UNKNOWN_TOPIC_OR_PARTITION', 'UNKNOWN_TOPIC_ID') !== undefined) {
        throw new OutriggerError('unknown_resource', `stream '${stream}' does not exist on Kafka broker '${this.#deps.broker}'; ensure it first`, { cause: err });
      }
      throw this.#deps.fail(err, `reading the metadata of stream '${stream}'`);
    }
    this.#counts.set(stream, count);
    return count;
  }
}

/** Kafka topic names: 1 to 249 of letters, digits, '.', '_' and '-'. */
export function checkName(stream: unknown): void {
  if (typeof stream !== 'string' || !/^[A-Za-z0-9._-]{1,249}$/.test(stream) || stream === '.' || stream === '..') {
    throw new OutriggerError('invalid_name', "a Kafka topic name is 1 to 249 letters, digits, '.', '_' or '-' (not '.' or '..')");
  }
}

function checkGroup(group: unknown): void {
  if (typeof group !== 'string' || group.length === 0 || group.length > 255) throw new OutriggerError('invalid_name', 'a consumer group name is 1 to 255 characters');
}
