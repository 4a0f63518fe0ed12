/**
 * One read of a partition: a stream consumer of its own from the asked position, until `max`
 * events, or the partition's end as the tail knew it when the read began (stream-tail.ts), or,
 * with nothing there yet, until something arrives or `waitMs` passed.
 *
 * AMQP stream consumers start at a chunk, not at a record: an offset starts at the chunk holding
 * it, and a time (an interval back from now, whole seconds, by the broker's clock) at the first
 * chunk written at or after it. So the read skips records before the asked offset, and for a time
 * the events appended before it (by the event time the driver wrote, outrigger-enqueued-at); the
 * interval reaches back a few seconds more than asked, so a clock apart from the broker's by less
 * than that loses nothing.
 */
import { OutriggerError } from '../../kernel/errors.js';
import type { ReadOptions, StreamEvent } from '../contract.js';
import type { Connection } from 'rabbitmq-client';
import { type OffsetSpec, StreamCursor } from './stream-cursor.js';
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

function startOf(options: ReadOptions, end: number, now: number): Start {
  const { from } = options;
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
  await tail.ready();
  const end = tail.end;
  const start = startOf(options, end, Date.now());
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
      for (const { offset, message } of cursor.take()) {
        if (offset < start.min || offset <= last) continue;
        last = offset;
        if (isHeader(message)) continue;
        const event = toStreamEvent(partition, offset, message);
        if (event.timestamp < start.notBefore) continue;
        events.push(event);
        if (events.length >= max) break;
      }
    }
    return events;
  } finally {
    await cursor.close();
  }
}
