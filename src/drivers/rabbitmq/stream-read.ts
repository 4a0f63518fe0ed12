/**
 * One read of a partition: a stream consumer of its own from the asked position, until `max`
 * events, or the partition's end as the tail knew it when the read began (stream-tail.ts), or,
 * with nothing there yet, until something arrives or `waitMs` passed. A group member's owned
 * partition is read instead by one PartitionFeed, a consumer kept for batch after batch.
 *
 * AMQP stream consumers start at a chunk, not at a record: an offset starts at the chunk holding
 * it, and a time (an interval back from now, whole seconds, by the broker's clock) at the first
 * chunk written at or after it. So the read skips records before the asked offset, and for a time
 * the events appended before it (by the event time the driver wrote, outrigger-enqueued-at); the
 * interval reaches back a few seconds more than asked, so a clock apart from the broker's by less
 * than that loses nothing.
 */
import { OutriggerError } from '../../kernel/errors.js';
import type { ReadOptions, StreamEvent, StreamPosition } from '../contract.js';
import type { Connection } from 'rabbitmq-client';
import { type OffsetSpec, StreamCursor, type StreamRecord } from './stream-cursor.js';
import { isHeader, toRabbitOffset, toStreamEvent } from './stream-records.js';
import type { PartitionTail } from './stream-tail.js';

/** How far further back than asked a time read starts, for clocks that differ. */
const clockSlackSeconds = 5;
/** Records up to the end are committed and come at once; this bounds a broker that stopped sending. */
const catchUpMs = 30_000;

interface Start {
  spec: OffsetSpec;
  /** The first broker offset the read may return. */
  min: number;
  /** Events before this time are skipped. */
  notBefore: number;
}

function startOf(from: StreamPosition, end: number, now: number): Start {
  switch (from.kind) {
    case 'earliest':
      return { spec: 'first', min: 1, notBefore: 0 };
    case 'latest':
      return { spec: end, min: end, notBefore: 0 };
    case 'offset': {
      const min = Math.max(1, toRabbitOffset(from.offset));
      return { spec: min, min, notBefore: 0 };
    }
    case 'time': {
      const back = Math.ceil((now - from.time) / 1000) + clockSlackSeconds;
      // More than a few years back: the whole partition.
      return { spec: back > 100_000_000 ? 'first' : (`${Math.max(1, back)}s` as const), min: 1, notBefore: from.time };
    }
  }
}

export async function readPartition(connection: Connection, tail: PartitionTail, partition: number, options: ReadOptions): Promise<StreamEvent[]> {
  await tail.sync();
  const end = tail.end;
  const start = startOf(options.from, end, Date.now());
  const max = Math.max(1, options.max);
  const deadline = Date.now() + (options.waitMs ?? 0);
  if (start.min >= end && (options.waitMs ?? 0) <= 0) return [];
  const cursor = await StreamCursor.open(connection, tail.queue, start.spec, Math.min(1000, max + 100));
  try {
    const events: StreamEvent[] = [];
    let last = start.min - 1;
    const catchUpBy = Date.now() + catchUpMs;
    while (events.length < max && !options.signal?.aborted) {
      const caughtUp = last >= end - 1;
      if (caughtUp && (events.length > 0 || Date.now() >= deadline)) break;
      if (!cursor.open) throw new OutriggerError('broker_unavailable', `the channel reading '${tail.queue}' closed`, { retriable: true });
      if (!caughtUp && Date.now() >= catchUpBy) throw new OutriggerError('broker_unavailable', `'${tail.queue}' stopped sending before offset ${end - 2}`, { retriable: true });
      await cursor.wait((caughtUp ? deadline : catchUpBy) - Date.now(), options.signal);
      for (const record of cursor.take()) {
        if (record.offset < start.min || record.offset <= last) continue;
        last = record.offset;
        const event = eventOf(partition, record, start);
        if (event !== undefined) events.push(event);
        if (events.length >= max) break;
      }
    }
    return events;
  } finally {
    await cursor.close();
  }
}

/** The event a record is, unless it is the partition header or before the asked time. */
function eventOf(partition: number, { offset, message }: StreamRecord, start: Start): StreamEvent | undefined {
  if (isHeader(message)) return undefined;
  const event = toStreamEvent(partition, offset, message);
  return event.timestamp < start.notBefore ? undefined : event;
}

/**
 * Batch after batch of one partition from a position, on one stream consumer: what arrived is
 * handed out in order, and taken in (acked, letting the broker send on) only while the batch being
 * made is short, so no more than about a batch and the prefetch wait here.
 */
export class PartitionFeed {
  readonly #cursor: StreamCursor;
  readonly #tail: PartitionTail;
  readonly #partition: number;
  readonly #start: Start;
  #last: number;
  #pending: StreamEvent[] = [];

  private constructor(cursor: StreamCursor, tail: PartitionTail, partition: number, start: Start) {
    this.#cursor = cursor;
    this.#tail = tail;
    this.#partition = partition;
    this.#start = start;
    this.#last = start.min - 1;
  }

  static async open(connection: Connection, tail: PartitionTail, partition: number, from: StreamPosition, prefetch: number): Promise<PartitionFeed> {
    await tail.sync();
    const start = startOf(from, tail.end, Date.now());
    return new PartitionFeed(await StreamCursor.open(connection, tail.queue, start.spec, prefetch), tail, partition, start);
  }

  /**
   * Up to `max` events in offset order: a full batch when the partition holds that many (up to
   * its end as the tail knows it now), else what there is; waits up to `waitMs` when none are there.
   */
  async next(max: number, waitMs: number, signal?: AbortSignal): Promise<StreamEvent[]> {
    const want = Math.max(1, max);
    const end = this.#tail.end;
    const deadline = Date.now() + waitMs;
    while (this.#pending.length < want && signal?.aborted !== true) {
      this.#takeIn();
      const caughtUp = this.#last >= end - 1;
      if (this.#pending.length >= want || (caughtUp && (this.#pending.length > 0 || Date.now() >= deadline))) break;
      if (!this.#cursor.open) throw new OutriggerError('broker_unavailable', 'the channel reading the partition closed', { retriable: true });
      await this.#cursor.wait(caughtUp ? deadline - Date.now() : 1000, signal);
    }
    return this.#pending.splice(0, want);
  }

  close(): Promise<void> {
    return this.#cursor.close();
  }

  #takeIn(): void {
    for (const record of this.#cursor.take()) {
      if (record.offset < this.#start.min || record.offset <= this.#last) continue;
      this.#last = record.offset;
      const event = eventOf(this.#partition, record, this.#start);
      if (event !== undefined) this.#pending.push(event);
    }
  }
}
