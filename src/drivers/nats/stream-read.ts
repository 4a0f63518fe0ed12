/**
 * Reading one partition stream: where a position starts (as a stream sequence), the events
 * from there, and the wait for the next one. A partition is a JetStream stream of its own, so an
 * event's offset is its stream sequence minus one: gapless, and kept through retention (a stream
 * remembers its last sequence when every message has expired).
 */
import { AckPolicy, DeliverPolicy, type StoredMsg } from '@nats-io/jetstream';
import type { MsgHdrs } from '@nats-io/transport-node';
import type { StreamEvent, StreamPosition } from '../contract.js';
import { bookkeeping, messageId, parseAckSubject, readHeaders } from './codec.js';
import { type NatsContext, nanos } from './context.js';
import { pull } from './pull.js';

export interface PartitionState {
  /** Sequence of the oldest retained event (last + 1 when there is none). */
  first: number;
  last: number;
}

export async function partitionState(ctx: NatsContext, name: string): Promise<PartitionState> {
  const { state } = await ctx.jsm.streams.info(name);
  return { first: state.messages > 0 ? state.first_seq : state.last_seq + 1, last: state.last_seq };
}

/** The stream sequence a read from `from` starts at. */
export async function startSequence(ctx: NatsContext, name: string, from: StreamPosition): Promise<number> {
  switch (from.kind) {
    case 'earliest':
      return (await partitionState(ctx, name)).first;
    case 'latest':
      return (await partitionState(ctx, name)).last + 1;
    case 'offset':
      return Math.max(1, Math.floor(from.offset) + 1);
    case 'time':
      return sequenceAt(ctx, name, from.time);
  }
}

/**
 * The first sequence stored at or after `time`. JetStream 2.9 finds it only for a consumer
 * (deliver by start time), so a throwaway consumer takes one message and says where it is.
 */
async function sequenceAt(ctx: NatsContext, name: string, time: number): Promise<number> {
  const { last } = await partitionState(ctx, name);
  const info = await ctx.jsm.consumers.add(name, {
    ack_policy: AckPolicy.None,
    deliver_policy: DeliverPolicy.StartTime,
    opt_start_time: new Date(Math.max(0, time)).toISOString(),
    inactive_threshold: nanos(30_000),
  });
  try {
    const [msg] = await pull(ctx.nc, name, info.name, { max: 1, waitMs: 0 });
    const seq = msg === undefined ? undefined : parseAckSubject(msg.reply ?? '')?.streamSequence;
    // Nothing at or after it yet: the next event appended is the first.
    return seq ?? last + 1;
  } finally {
    await ctx.jsm.consumers.delete(name, info.name).catch(() => undefined);
  }
}

/** Up to `max` events from sequence `seq` on (fetched side by side: sequences are dense). */
export async function fetchEvents(ctx: NatsContext, name: string, partition: number, seq: number, max: number): Promise<StreamEvent[]> {
  const { first, last } = await partitionState(ctx, name);
  const from = Math.max(seq, first);
  const count = Math.min(max, last - from + 1);
  if (count <= 0) return [];
  const stored = await Promise.all(Array.from({ length: count }, (_, i) => ctx.jsm.streams.getMessage(name, { seq: from + i }).catch(() => null)));
  return stored.filter((msg): msg is StoredMsg => msg !== null).map((msg) => toEvent(name, partition, msg));
}

export function toEvent(name: string, partition: number, msg: { seq: number; header: MsgHdrs | undefined; data: Uint8Array; time: Date }): StreamEvent {
  const all = readHeaders(msg.header, true);
  const event: StreamEvent = {
    id: messageId(all, `${name}-${msg.seq}`),
    partition,
    offset: msg.seq - 1,
    headers: readHeaders(msg.header),
    data: msg.data,
    timestamp: msg.time.getTime(),
  };
  const key = all[bookkeeping.partitionKey];
  if (key !== undefined) event.partitionKey = key;
  return event;
}
