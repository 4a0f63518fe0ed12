/**
 * Streams on RabbitMQ stream queues over AMQP 0-9-1 (RabbitMQ 3.9 or later; the stream protocol
 * is not used). Each partition is a durable stream queue `<stream>.partition.<p>` (retention:
 * x-max-age), beginning with the driver's partition header (stream-records.ts); an event's key
 * picks its partition by the kernel's rule. Appends are published with confirms and get their
 * offsets from the partition's tail (stream-tail.ts); reads: stream-read.ts; consumer groups:
 * stream-group.ts. The partition count is how many partition queues exist (found by passive
 * declares), so any sidecar can use a stream another one created.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Connection } from 'rabbitmq-client';
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
import type { ContextSource, RabbitmqContext } from './context.js';
import { toRabbitError } from './errors.js';
import { tracked, write } from './publisher.js';
import { StreamCursor } from './stream-cursor.js';
import { declareAlone, queueExists } from './stream-declare.js';
import { GroupCheckpoints, RabbitmqGroupMember } from './stream-group.js';
import { ExclusiveLocks } from './stream-locks.js';
import { PartitionFeed, readPartition } from './stream-read.js';
import { creationLock, encodeEvent, headerRecord, partitionQueue, toOffset } from './stream-records.js';
import { PartitionTail } from './stream-tail.js';

/** Partitions a stream may have: passive declares stop here. */
const maxPartitions = 1024;

export class RabbitmqStreams implements StreamOperations {
  readonly #cx: ContextSource;
  readonly #partitions = new Map<string, number>();
  readonly #chooser = new PartitionChooser();
  readonly #tails = new Map<string, PartitionTail>();
  readonly #members = new Set<RabbitmqGroupMember>();
  readonly locks = new ExclusiveLocks();

  constructor(cx: ContextSource) {
    this.#cx = cx;
  }

  async ensureStream(stream: string, settings: StreamSettings): Promise<void> {
    const ctx = this.#cx();
    try {
      const existing = await this.#count(ctx, stream);
      if (existing === 0) await this.#create(ctx, stream, settings);
      else if (existing !== settings.partitions) {
        throw new OutriggerError('bad_request', `stream '${stream}' on RabbitMQ broker '${ctx.broker}' has ${existing} partitions, not ${settings.partitions}; partitions cannot be changed`);
      }
      // Declared again with the same arguments: a stream made with another retention is refused.
      for (let p = 0; p < settings.partitions; p++) await declareAlone(ctx.connection, { queue: partitionQueue(stream, p), durable: true, arguments: streamArguments(settings) });
    } catch (err) {
      if ((err as { code?: string }).code === 'PRECONDITION_FAILED') {
        throw new OutriggerError('bad_request', `stream '${stream}' exists on RabbitMQ broker '${ctx.broker}' with another retention (${String((err as Error).message)}); RabbitMQ cannot change a queue's arguments: delete its partition queues first`, { cause: err });
      }
      throw toRabbitError(err, { broker: ctx.broker, action: `creating stream '${stream}'` });
    }
    this.#partitions.set(stream, settings.partitions);
  }

  async append(stream: string, events: AppendEvent[], signal?: AbortSignal): Promise<AppendReceipt[]> {
    const ctx = this.#cx();
    // Close waits for the whole append, its offsets included.
    return tracked(ctx, () => this.#append(ctx, stream, events, signal), signal);
  }

  async #append(ctx: RabbitmqContext, stream: string, events: AppendEvent[], signal?: AbortSignal): Promise<AppendReceipt[]> {
    const partitions = await this.#partitionCount(ctx, stream);
    const chosen = events.map((event) => this.#chooser.choose(stream, event, partitions));
    if (signal?.aborted === true) throw new OutriggerError('timeout', `appending to stream '${stream}' was aborted before it started`);
    try {
      // Every partition written to is followed before anything is published to it.
      const tails = await Promise.all(chosen.map((partition) => this.#readyTail(ctx, stream, partition)));
      const now = Date.now();
      const tokens = events.map(() => randomUUID());
      const sightings = tokens.map((token, i) => {
        const seen = (tails[i] as PartitionTail).expect(token);
        // Awaited below once the writes are confirmed; a failure before that is not unhandled.
        void seen.catch(() => undefined);
        return seen;
      });
      const writes = events.map((event, i) => ({ envelope: encodeEvent(event, partitionQueue(stream, chosen[i] as number), tokens[i] as string, now), data: event.data }));
      try {
        await write(ctx, writes);
      } catch (err) {
        tokens.forEach((token, i) => tails[i]?.forget(token));
        throw err;
      }
      const offsets = await Promise.all(sightings);
      return events.map((event, i) => ({ id: event.id, partition: chosen[i] as number, offset: toOffset(offsets[i] as number) }));
    } catch (err) {
      throw toRabbitError(err, { broker: ctx.broker, action: `appending to stream '${stream}'` });
    }
  }

  async partitions(stream: string): Promise<PartitionInfo[]> {
    const ctx = this.#cx();
    const count = await this.#partitionCount(ctx, stream);
    try {
      return await Promise.all(
        Array.from({ length: count }, async (_, partition) => {
          const tail = await this.#readyTail(ctx, stream, partition);
          await tail.sync();
          const first = await firstOffset(ctx.connection, tail.queue);
          // The header (broker offset 0) is before the first event; once retention dropped it, the oldest record is one.
          return { partition, firstOffset: Math.max(0, toOffset(Math.min(first, tail.end))), nextOffset: toOffset(tail.end) };
        }),
      );
    } catch (err) {
      throw toRabbitError(err, { broker: ctx.broker, action: `reading the partitions of stream '${stream}'` });
    }
  }

  async read(stream: string, partition: number, options: ReadOptions): Promise<StreamEvent[]> {
    const ctx = this.#cx();
    checkPartition(stream, partition, await this.#partitionCount(ctx, stream));
    try {
      return await readPartition(ctx.connection, await this.#readyTail(ctx, stream, partition), partition, options);
    } catch (err) {
      throw toRabbitError(err, { broker: ctx.broker, action: `reading partition ${partition} of stream '${stream}'` });
    }
  }

  async consume(stream: string, group: string, options: ConsumeOptions, processor: PartitionProcessor): Promise<StreamConsumer> {
    const ctx = this.#cx();
    const partitions = await this.#partitionCount(ctx, stream);
    const member = new RabbitmqGroupMember(
      {
        ctx,
        locks: this.locks,
        stream,
        group,
        member: randomUUID(),
        partitions,
        feed: async (partition, from) => PartitionFeed.open(ctx.connection, await this.#readyTail(ctx, stream, partition), partition, from, Math.min(1000, Math.max(100, options.maxBatch * 2))),
        nextOffset: async (partition) => {
          const tail = await this.#readyTail(ctx, stream, partition);
          await tail.sync();
          return toOffset(tail.end);
        },
      },
      options,
      processor,
    );
    try {
      await member.start();
    } catch (err) {
      await member.close();
      throw toRabbitError(err, { broker: ctx.broker, action: `joining group '${group}' of stream '${stream}'` });
    }
    this.#members.add(member);
    void member.closed.then(() => this.#members.delete(member));
    return member;
  }

  async lag(stream: string, group: string): Promise<GroupLag[]> {
    const infos = await this.partitions(stream);
    const ctx = this.#cx();
    try {
      const checkpoints = new GroupCheckpoints(ctx, stream, group);
      return await Promise.all(
        infos.map(async ({ partition, firstOffset: first, nextOffset }) => {
          const record = await checkpoints.read(partition);
          const checkpoint = record?.kind === 'checkpoint' ? record.offset : null;
          // Before its first checkpoint, a group that began at `latest` has only what came after its start to do.
          const from = record === undefined ? first : Math.max(first, record.offset + 1);
          return { partition, checkpoint, lag: Math.max(0, nextOffset - from) };
        }),
      );
    } catch (err) {
      throw toRabbitError(err, { broker: ctx.broker, action: `reading the lag of group '${group}' on stream '${stream}'` });
    }
  }

  /** Closes every group member (the driver is closing). */
  async closeMembers(): Promise<void> {
    await Promise.all([...this.#members].map((member) => member.close()));
    this.#members.clear();
  }

  /** Closes every tail, once appends in flight were answered (the driver is closing). */
  async closeTails(): Promise<void> {
    await Promise.all([...this.#tails.values()].map((tail) => tail.close()));
    this.#tails.clear();
  }

  async #readyTail(ctx: RabbitmqContext, stream: string, partition: number): Promise<PartitionTail> {
    const queue = partitionQueue(stream, partition);
    let tail = this.#tails.get(queue);
    if (tail === undefined) {
      tail = new PartitionTail(ctx.connection, queue);
      this.#tails.set(queue, tail);
    }
    await tail.ready();
    return tail;
  }

  async #partitionCount(ctx: RabbitmqContext, stream: string): Promise<number> {
    const known = this.#partitions.get(stream);
    if (known !== undefined) return known;
    let count: number;
    try {
      count = await this.#count(ctx, stream);
    } catch (err) {
      throw toRabbitError(err, { broker: ctx.broker, action: `reading stream '${stream}'` });
    }
    if (count === 0) throw new OutriggerError('unknown_resource', `stream '${stream}' does not exist on RabbitMQ broker '${ctx.broker}'; ensure it first`);
    this.#partitions.set(stream, count);
    return count;
  }

  /** How many partition queues the stream has (0: none). */
  async #count(ctx: RabbitmqContext, stream: string): Promise<number> {
    let count = 0;
    while (count < maxPartitions && (await queueExists(ctx.connection, partitionQueue(stream, count)))) count++;
    return count;
  }

  /**
   * Creates the partitions, each with its header record, holding the stream's creation lock, so
   * that two sidecars starting together write one header each, not two.
   */
  async #create(ctx: RabbitmqContext, stream: string, settings: StreamSettings): Promise<void> {
    const lock = creationLock(stream);
    const holder = randomUUID();
    for (let attempt = 0; !(await this.locks.acquire(ctx.connection, lock, holder)); attempt++) {
      if (attempt > 100) throw new OutriggerError('broker_unavailable', `stream '${stream}' is being created by another sidecar for too long`, { retriable: true });
      await sleep(100);
    }
    try {
      // Partition 0 last: the count (passive declares from 0) stays 0 until every partition has its header.
      for (let p = settings.partitions - 1; p >= 0; p--) {
        const queue = partitionQueue(stream, p);
        // Made in an earlier attempt: its header is there (or the attempt died in between; docs say what then).
        if (await queueExists(ctx.connection, queue)) continue;
        await declareAlone(ctx.connection, { queue, durable: true, arguments: streamArguments(settings) });
        await write(ctx, [{ envelope: headerRecord(queue, randomUUID()), data: new Uint8Array() }]);
      }
    } finally {
      await this.locks.release(lock, holder);
    }
  }
}

function streamArguments(settings: StreamSettings): { 'x-queue-type': 'stream'; 'x-max-age': string } {
  return { 'x-queue-type': 'stream', 'x-max-age': `${Math.max(1, Math.ceil(settings.retentionMs / 1000))}s` };
}

/** The broker offset of the oldest record kept (a partition is never empty: its header at least). */
async function firstOffset(connection: Connection, queue: string): Promise<number> {
  const cursor = await StreamCursor.open(connection, queue, 'first', 1);
  try {
    await cursor.wait(10_000);
    const [first] = cursor.take();
    if (first === undefined) throw new OutriggerError('broker_unavailable', `stream queue '${queue}' sent no record`, { retriable: true });
    return first.offset;
  } finally {
    await cursor.close();
  }
}
