/**
 * Streams: each partition a Redis stream `<stream>:<partition>` with ids `<ms>-<offset>`
 * (lua-streams.ts), the partition count and offset counters in `<stream>:outrigger:stream`.
 * Consumer groups: group-consumer.ts.
 */
import { randomUUID } from 'node:crypto';
import { OutriggerError } from '../../kernel/errors.js';
import { checkPartition, PartitionChooser } from '../../kernel/partition-choice.js';
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
  StreamSettings,
} from '../contract.js';
import { decodeFields, type Field } from './codec.js';
import type { RedisConnection } from './connection.js';
import { toRedisError } from './errors.js';
import { RedisGroupMember } from './group-consumer.js';
import { fixLatestStartScript } from './lua-groups.js';
import { appendScript, readScript } from './lua-streams.js';
import type { EntityContext } from './queues.js';

export interface StreamContext extends EntityContext {
  groupHeartbeatMs: number;
  groupLeaseMs: number;
}

type Entry = [Buffer, Buffer[]];

export class RedisStreams implements StreamOperations {
  readonly #cx: StreamContext;
  /** Partition counts never change once a stream exists, so each is read once. */
  readonly #partitions = new Map<string, number>();
  readonly #partitionChooser = new PartitionChooser();
  readonly #members = new Set<RedisGroupMember>();

  constructor(context: StreamContext) {
    this.#cx = context;
  }

  get #connection(): RedisConnection {
    return this.#cx.connection;
  }

  async ensureStream(stream: string, settings: StreamSettings): Promise<void> {
    const meta = this.#meta(stream);
    try {
      await this.#connection.command(['HSETNX', meta, 'partitions', String(settings.partitions)]);
      await this.#connection.command(['HSET', meta, 'retentionMs', String(settings.retentionMs)]);
    } catch (err) {
      throw toRedisError(err, this.#cx.broker, `creating stream '${stream}'`);
    }
    const partitions = await this.#partitionCount(stream);
    if (partitions !== settings.partitions) {
      throw new OutriggerError('bad_request', `stream '${stream}' on Redis broker '${this.#cx.broker}' has ${partitions} partitions, not ${settings.partitions}; partitions cannot be changed`);
    }
  }

  async append(stream: string, events: AppendEvent[]): Promise<AppendReceipt[]> {
    if (events.length === 0) return [];
    const partitions = await this.#partitionCount(stream);
    const keys = [this.#meta(stream)];
    const position = new Map<number, number>();
    const args: Field[] = [String(events.length)];
    const chosen = events.map((event) => this.#partitionChooser.choose(stream, event, partitions));
    events.forEach((event, i) => {
      const partition = chosen[i] as number;
      let at = position.get(partition);
      if (at === undefined) {
        keys.push(this.#partitionKey(stream, partition), this.#indexKey(stream, partition));
        at = keys.length - 1;
        position.set(partition, at);
      }
      const fields: Field[] = ['id', event.id, 'data', Buffer.from(event.data.buffer, event.data.byteOffset, event.data.byteLength)];
      let size = event.data.byteLength;
      for (const [name, value] of Object.entries(event.headers)) {
        fields.push(name, value);
        size += Buffer.byteLength(name) + Buffer.byteLength(value);
      }
      if (size > this.#cx.maxMessageBytes) {
        throw new OutriggerError('payload_too_large', `event '${event.id}' is ${size} bytes with its headers; this Redis broker accepts at most ${this.#cx.maxMessageBytes}`, {
          extensions: { limit: this.#cx.maxMessageBytes },
        });
      }
      if (event.partitionKey !== undefined) fields.push('outrigger-partition-key', event.partitionKey);
      args.push(String(at), String(partition), String(fields.length), ...fields);
    });
    try {
      const offsets = await this.#connection.eval<number[]>(appendScript, keys, args);
      return events.map((event, i) => ({ id: event.id, partition: chosen[i] as number, offset: offsets[i] as number }));
    } catch (err) {
      throw toRedisError(err, this.#cx.broker, `appending to stream '${stream}'`);
    }
  }

  async partitions(stream: string): Promise<PartitionInfo[]> {
    const count = await this.#partitionCount(stream);
    try {
      const next = await this.#connection.command<Record<string, Buffer>>(['HGETALL', this.#meta(stream)]);
      const infos: PartitionInfo[] = [];
      for (let partition = 0; partition < count; partition++) {
        const nextOffset = Number(next[`next:${partition}`]?.toString() ?? 0);
        const [first] = await this.#connection.command<Entry[]>(['XRANGE', this.#partitionKey(stream, partition), '-', '+', 'COUNT', '1']);
        infos.push({ partition, firstOffset: first === undefined ? nextOffset : offsetOf(first[0].toString()), nextOffset });
      }
      return infos;
    } catch (err) {
      throw toRedisError(err, this.#cx.broker, `reading the partitions of stream '${stream}'`);
    }
  }

  async read(stream: string, partition: number, options: ReadOptions): Promise<StreamEvent[]> {
    checkPartition(stream, partition, await this.#partitionCount(stream));
    const key = this.#partitionKey(stream, partition);
    const { from } = options;
    const deadline = Date.now() + (options.waitMs ?? 0);
    try {
      let how: string = from.kind;
      let value = from.kind === 'offset' ? String(from.offset) : from.kind === 'time' ? String(Math.max(0, Math.floor(from.time))) : '0';
      if (from.kind === 'latest') {
        // `latest` is the end of the partition when the read starts: everything after its newest entry.
        const [newest] = await this.#connection.command<Entry[]>(['XREVRANGE', key, '+', '-', 'COUNT', '1']);
        how = 'after';
        value = newest === undefined ? '0-0' : newest[0].toString();
      }
      for (;;) {
        const [entries, newest] = await this.#connection.eval<[Entry[], Buffer]>(readScript, [key, this.#indexKey(stream, partition)], [how, value, String(Math.max(1, options.max))]);
        if (entries.length > 0) return entries.map(([id, fields]) => toEvent(partition, id.toString(), fields));
        const left = deadline - Date.now();
        if (left <= 0 || options.signal?.aborted) return [];
        await this.#connection.waitForEntry([[key, newest.toString()]], left, options.signal);
      }
    } catch (err) {
      throw toRedisError(err, this.#cx.broker, `reading partition ${partition} of stream '${stream}'`);
    }
  }

  async consume(stream: string, group: string, options: ConsumeOptions, processor: PartitionProcessor): Promise<StreamConsumer> {
    const partitions = await this.#partitionCount(stream);
    const member = new RedisGroupMember(
      {
        connection: this.#connection,
        stream,
        group,
        member: randomUUID(),
        partitions,
        keys: this.#groupKeys(stream, group),
        heartbeatMs: this.#cx.groupHeartbeatMs,
        leaseMs: this.#cx.groupLeaseMs,
        read: (partition, readOptions) => this.read(stream, partition, readOptions),
        nextOffset: async (partition) => (await this.partitions(stream))[partition]?.nextOffset ?? 0,
      },
      options,
      processor,
    );
    try {
      if (options.start.kind === 'latest') await this.#connection.eval(fixLatestStartScript, [this.#groupKeys(stream, group)[2], this.#meta(stream)], [String(partitions)]);
      await member.start();
      this.#members.add(member);
    } catch (err) {
      throw toRedisError(err, this.#cx.broker, `joining group '${group}' of stream '${stream}'`);
    }
    return member;
  }

  /** Closes every group member still open (the driver is closing). */
  async closeMembers(): Promise<void> {
    await Promise.all([...this.#members].map((member) => member.close()));
    this.#members.clear();
  }

  async lag(stream: string, group: string): Promise<GroupLag[]> {
    const infos = await this.partitions(stream);
    try {
      const checkpoints = await this.#connection.command<Record<string, Buffer>>(['HGETALL', this.#groupKeys(stream, group)[2]]);
      return infos.map(({ partition, firstOffset, nextOffset }) => {
        const raw = checkpoints[String(partition)];
        const checkpoint = raw === undefined ? null : Number(raw.toString());
        // Without a checkpoint, a group that began at `latest` has only what came after its start to do.
        const fixedStart = checkpoints[`start:${partition}`];
        const from = checkpoint !== null ? checkpoint + 1 : fixedStart === undefined ? firstOffset : Math.max(firstOffset, Number(fixedStart.toString()));
        return { partition, checkpoint, lag: nextOffset - from };
      });
    } catch (err) {
      throw toRedisError(err, this.#cx.broker, `reading the lag of group '${group}' on stream '${stream}'`);
    }
  }

  async #partitionCount(stream: string): Promise<number> {
    const known = this.#partitions.get(stream);
    if (known !== undefined) return known;
    let raw: Buffer | null;
    try {
      raw = await this.#connection.command<Buffer | null>(['HGET', this.#meta(stream), 'partitions']);
    } catch (err) {
      throw toRedisError(err, this.#cx.broker, `reading stream '${stream}'`);
    }
    if (raw === null) throw new OutriggerError('unknown_resource', `stream '${stream}' does not exist on Redis broker '${this.#cx.broker}'; ensure it first`);
    const count = Number(raw.toString());
    this.#partitions.set(stream, count);
    return count;
  }

  #meta(stream: string): string {
    return `${this.#cx.keys.queueStream(stream)}:outrigger:stream`;
  }

  #partitionKey(stream: string, partition: number): string {
    return `${this.#cx.keys.queueStream(stream)}:${partition}`;
  }

  /** Members (heartbeats), owners and checkpoints of one consumer group. */
  #groupKeys(stream: string, group: string): [string, string, string] {
    const base = `${this.#cx.keys.queueStream(stream)}:outrigger:group:${group}`;
    return [`${base}:members`, `${base}:owners`, `${base}:checkpoints`];
  }

  #indexKey(stream: string, partition: number): string {
    return `${this.#partitionKey(stream, partition)}:outrigger:index`;
  }
}

function offsetOf(entryId: string): number {
  return Number(entryId.split('-')[1]);
}

function toEvent(partition: number, entryId: string, fields: Buffer[]): StreamEvent {
  const { id, headers, data, internal } = decodeFields(entryId, fields);
  const event: StreamEvent = { id, partition, offset: offsetOf(entryId), headers, data, timestamp: Number(entryId.split('-')[0]) };
  const key = internal['outrigger-partition-key'];
  if (key !== undefined) event.partitionKey = key;
  return event;
}

