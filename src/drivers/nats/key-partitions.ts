/**
 * Per-key FIFO for queues: a message with an ordering key is written to one of 1024 key
 * partitions, subject `queue.<queue>.key.<p>` (p from the key's SHA-1), and each partition has a
 * durable consumer of its own with max_ack_pending 1, so the server hands out one message of a
 * partition at a time and the next only once it is settled (a nak brings the same one back
 * first). Keys that share a partition wait for each other; with 1024 partitions that is rare.
 * A partition's consumer is made the first time a receive finds messages there, and goes away
 * by itself after a day without use. A receive finds the partitions holding messages in one
 * request (the stream's subject counts), then takes one message from each.
 */
import { createHash } from 'node:crypto';
import { AckPolicy, DeliverPolicy } from '@nats-io/jetstream';
import type { Msg } from '@nats-io/transport-node';
import { type NatsContext, nanos } from './context.js';
import type { InboxState } from './entities.js';
import { keyConsumer, keyPartitions, keySubject, keySubjects } from './names.js';
import { pullWithin } from './pull.js';

/** How long a look at a busy key partition waits for its message to be handed out. */
const keyPollMs = 50;

export function keyPartitionOf(key: string): number {
  return createHash('sha1').update(key).digest().readUInt32BE(0) % keyPartitions;
}

/** The key partitions of a queue that hold messages (ready or in flight). */
async function busyPartitions(ctx: NatsContext, state: InboxState): Promise<number[]> {
  const info = await ctx.jsm.streams.info(state.stream, { subjects_filter: keySubjects(state.key.resource) });
  return Object.entries(info.state.subjects ?? {})
    .filter(([, count]) => count > 0)
    .map(([subject]) => Number(subject.slice(subject.lastIndexOf('.') + 1)))
    .filter((partition) => Number.isInteger(partition));
}

async function ensureKeyConsumer(ctx: NatsContext, state: InboxState, partition: number, made: Set<number>): Promise<void> {
  if (made.has(partition)) return;
  try {
    await ctx.jsm.consumers.add(state.stream, {
      durable_name: keyConsumer(partition),
      filter_subject: keySubject(state.key.resource, partition),
      ack_policy: AckPolicy.Explicit,
      ack_wait: nanos(state.ackWaitMs),
      max_ack_pending: 1,
      // Counted and dead-lettered by the driver, as on the queue's own consumer (entities.ts).
      max_deliver: -1,
      deliver_policy: DeliverPolicy.All,
      inactive_threshold: nanos(86_400_000),
    });
  } catch (err) {
    // Made meanwhile by another sidecar (with another ack wait, say): it serves as well.
    if ((await ctx.jsm.consumers.info(state.stream, keyConsumer(partition)).catch(() => undefined)) === undefined) throw err;
  }
  made.add(partition);
}

/** Up to `room` messages, one per key partition that has one ready. */
export async function takeKeyed(ctx: NatsContext, state: InboxState, room: number, made: Set<number>): Promise<Msg[]> {
  if (room <= 0) return [];
  const got: Msg[] = [];
  const busy = await busyPartitions(ctx, state);
  // In slices of what is still wanted, so that no more is taken than asked for: a message taken
  // would have to be given back, counted.
  for (let at = 0; at < busy.length && got.length < room; ) {
    const slice = busy.slice(at, at + room - got.length);
    at += slice.length;
    const taken = await Promise.all(
      slice.map(async (partition) => {
        await ensureKeyConsumer(ctx, state, partition, made);
        return pullWithin(ctx.nc, state.stream, keyConsumer(partition), { max: 1, waitMs: keyPollMs }).catch((err: unknown) => {
          // The consumer went away unused (inactive threshold): made again next time.
          made.delete(partition);
          throw err;
        });
      }),
    );
    for (const msgs of taken) got.push(...msgs);
  }
  return got;
}
