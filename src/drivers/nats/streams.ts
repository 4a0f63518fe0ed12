/**
 * Streams: each partition is a JetStream stream of its own, `stream~<stream>~<p>` on the one
 * subject `stream.<stream>.<p>` (limits retention, max_age = the stream's retention). One
 * JetStream stream for all partitions (partitions as subject tokens) would number events across
 * partitions, and a gapless offset per partition would then need a counter beside the stream
 * that retention could empty; a stream per partition makes the offset its sequence minus one.
 * A plain client subscribed to `stream.<stream>.*` sees every partition, the partition being the
 * last token. The partition count is kept in each partition stream's description.
 * Consumer groups: group-member.ts.
 */
import { randomUUID } from 'node:crypto';
import { DiscardPolicy, RetentionPolicy, StorageType } from '@nats-io/jetstream';
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
import { bookkeeping, encodeHeaders } from './codec.js';
import { type ContextSource, type NatsContext, nanos } from './context.js';
import { ensureStream, notFoundAs } from './entities.js';
import { toNatsError } from './errors.js';
import { checkpointSequence, NatsGroupMember } from './group-member.js';
import { groupConsumer, partitionStream, partitionSubject } from './names.js';
import { sized } from './publisher.js';
import { Arrivals } from './arrivals.js';
import { fetchEvents, partitionState, startSequence } from './stream-read.js';

interface Described {
  outrigger: 1;
  partitions: number;
}

export class NatsStreams implements StreamOperations {
  readonly #ctx: ContextSource;
  /** Partition counts never change once a stream exists, so each is read once. */
  readonly #partitions = new Map<string, number>();
  readonly #partitionChooser = new PartitionChooser();
  readonly #members = new Set<NatsGroupMember>();

  constructor(ctx: ContextSource) {
    this.#ctx = ctx;
  }

  async ensureStream(stream: string, settings: StreamSettings): Promise<void> {
    const ctx = this.#ctx();
    const existing = await this.#partitionCount(ctx, stream).catch(() => undefined);
    if (existing !== undefined && existing !== settings.partitions) {
      throw new OutriggerError('bad_request', `stream '${stream}' on NATS broker '${ctx.broker}' has ${existing} partitions, not ${settings.partitions}; partitions cannot be changed`);
    }
    const description = JSON.stringify({ outrigger: 1, partitions: settings.partitions } satisfies Described);
    try {
      for (let partition = 0; partition < settings.partitions; partition++) {
        await ensureStream(ctx, {
          name: partitionStream(stream, partition),
          description,
          subjects: [partitionSubject(stream, partition)],
          retention: RetentionPolicy.Limits,
          discard: DiscardPolicy.Old,
          max_age: nanos(settings.retentionMs),
          // Appends carry no Nats-Msg-Id; the window only has to fit inside max_age.
          duplicate_window: nanos(Math.min(120_000, settings.retentionMs)),
          storage: StorageType.File,
          num_replicas: ctx.settings.replicas,
        });
      }
    } catch (err) {
      throw toNatsError(err, { broker: ctx.broker, action: `creating stream '${stream}'` });
    }
    this.#partitions.set(stream, settings.partitions);
  }

  async append(stream: string, events: AppendEvent[], signal?: AbortSignal): Promise<AppendReceipt[]> {
    const ctx = this.#ctx();
    const partitions = await this.#partitionCount(ctx, stream);
    const chosen = events.map((event) => this.#partitionChooser.choose(stream, event, partitions));
    const encoded = events.map((event, i) => {
      const extra: Record<string, string> = event.partitionKey === undefined ? {} : { [bookkeeping.partitionKey]: event.partitionKey };
      const message = { id: event.id, headers: event.headers, data: event.data };
      return { event, partition: chosen[i] as number, headers: sized(ctx, message, encodeHeaders(message, extra)) };
    });
    if (signal?.aborted) throw new OutriggerError('timeout', `appending to stream '${stream}' was aborted before it started`);
    try {
      // Pipelined on one connection: each partition stores its events in this order.
      const pending = Promise.all(encoded.map(({ event, partition, headers }) => ctx.publisher.publish(partitionSubject(stream, partition), event.data, { headers })));
      ctx.inflight.add(pending);
      const acks = await pending.finally(() => ctx.inflight.delete(pending));
      return acks.map((ack, i) => ({ id: (events[i] as AppendEvent).id, partition: chosen[i] as number, offset: ack.seq - 1 }));
    } catch (err) {
      throw toNatsError(err, { broker: ctx.broker, action: `appending to stream '${stream}'` });
    }
  }

  async partitions(stream: string): Promise<PartitionInfo[]> {
    const ctx = this.#ctx();
    const count = await this.#partitionCount(ctx, stream);
    try {
      return await Promise.all(
        Array.from({ length: count }, async (_, partition) => {
          const { first, last } = await partitionState(ctx, partitionStream(stream, partition));
          return { partition, firstOffset: first - 1, nextOffset: last };
        }),
      );
    } catch (err) {
      throw toNatsError(err, { broker: ctx.broker, action: `reading the partitions of stream '${stream}'` });
    }
  }

  async read(stream: string, partition: number, options: ReadOptions): Promise<StreamEvent[]> {
    const ctx = this.#ctx();
    await this.#checkPartition(ctx, stream, partition);
    const name = partitionStream(stream, partition);
    const deadline = Date.now() + (options.waitMs ?? 0);
    const arrivals = (options.waitMs ?? 0) > 0 ? new Arrivals(ctx.nc, partitionSubject(stream, partition)) : undefined;
    try {
      const seq = await startSequence(ctx, name, options.from);
      for (;;) {
        const events = await fetchEvents(ctx, name, partition, seq, Math.max(1, options.max));
        if (events.length > 0) return events;
        const left = deadline - Date.now();
        if (arrivals === undefined || left <= 0 || options.signal?.aborted) return [];
        await arrivals.wait(left, options.signal);
      }
    } catch (err) {
      throw toNatsError(err, { broker: ctx.broker, action: `reading partition ${partition} of stream '${stream}'` });
    } finally {
      arrivals?.close();
    }
  }

  async consume(stream: string, group: string, options: ConsumeOptions, processor: PartitionProcessor): Promise<StreamConsumer> {
    const ctx = this.#ctx();
    const partitions = await this.#partitionCount(ctx, stream);
    const member = new NatsGroupMember(ctx, { stream, group, member: randomUUID(), partitions }, options, processor);
    try {
      await member.start();
    } catch (err) {
      await member.close();
      throw toNatsError(err, { broker: ctx.broker, action: `joining group '${group}' of stream '${stream}'` });
    }
    this.#members.add(member);
    void member.closed.then(() => this.#members.delete(member));
    return member;
  }

  /** Closes every group member still open (the driver is closing). */
  async closeMembers(graceful: boolean): Promise<void> {
    await Promise.all([...this.#members].map((member) => member.close(graceful)));
    this.#members.clear();
  }

  async lag(stream: string, group: string): Promise<GroupLag[]> {
    const infos = await this.partitions(stream);
    const ctx = this.#ctx();
    try {
      return await Promise.all(
        infos.map(async ({ partition, firstOffset, nextOffset }) => {
          const consumer = await ctx.jsm.consumers.info(partitionStream(stream, partition), groupConsumer(group)).catch(notFoundAs(undefined));
          // The group's durable consumer acknowledges everything up to the checkpoint (ack all).
          const done = consumer === undefined ? 0 : checkpointSequence(consumer);
          const checkpoint = done > 0 ? done - 1 : null;
          return { partition, checkpoint, lag: nextOffset - (checkpoint === null ? firstOffset : Math.max(checkpoint + 1, firstOffset)) };
        }),
      );
    } catch (err) {
      throw toNatsError(err, { broker: ctx.broker, action: `reading the lag of group '${group}' on stream '${stream}'` });
    }
  }

  async #checkPartition(ctx: NatsContext, stream: string, partition: number): Promise<void> {
    checkPartition(stream, partition, await this.#partitionCount(ctx, stream));
  }

  async #partitionCount(ctx: NatsContext, stream: string): Promise<number> {
    const known = this.#partitions.get(stream);
    if (known !== undefined) return known;
    let info;
    try {
      info = await ctx.jsm.streams.info(partitionStream(stream, 0)).catch(notFoundAs(undefined));
    } catch (err) {
      throw toNatsError(err, { broker: ctx.broker, action: `reading stream '${stream}'` });
    }
    if (info === undefined) throw new OutriggerError('unknown_resource', `stream '${stream}' does not exist on NATS broker '${ctx.broker}'; ensure it first`);
    const count = parsePartitions(info.config.description ?? '');
    this.#partitions.set(stream, count);
    return count;
  }
}

function parsePartitions(description: string): number {
  try {
    const parsed = JSON.parse(description) as Partial<Described>;
    if (typeof parsed.partitions === 'number' && Number.isSafeInteger(parsed.partitions) && parsed.partitions > 0) return parsed.partitions;
  } catch {
    // Made by someone else: one partition.
  }
  return 1;
}
