/**
 * Copies of held deliveries, and the dead-letter queue. A copy is written (publisher confirm)
 * before the original is acked, so a crash or a lost channel in between leaves the original to
 * be delivered again: at least once, never lost.
 *   - dead letter: a copy in `<queue>.deadletter` with the reason and the attempts;
 *   - release and counted requeue: a copy at the tail of the inbox queue carrying the attempts
 *     counted so far, because a quorum queue counts every requeue as a delivery (x-delivery-count)
 *     and a classic queue counts none;
 *   - delayed requeue (nack with retryAfterMs) and a message back before its time: a copy in a
 *     delay bucket (delays.ts) carrying the attempts counted so far;
 *   - redrive: a copy of a letter back into its inbox queue (attempts start over), then the
 *     letter is acked. Listing gets letters without acking them and closes its channel, which
 *     puts them back.
 */
import type { Channel } from 'rabbitmq-client';
import { OutriggerError } from '../../kernel/errors.js';
import type { DeadLetter } from '../contract.js';
import { readChannel } from './channels.js';
import { bookkeeping, carried, decode, encode, numberOf, type Decoded } from './codec.js';
import type { RabbitmqContext } from './context.js';
import { writeDelayed } from './delays.js';
import { leaseExpired } from './errors.js';
import type { Held } from './leases.js';
import { deadLetterQueue } from './names.js';
import { write } from './publisher.js';
import { readyCount, targetQueue } from './topology.js';

/** Acks a held delivery on its channel; lease_expired if that channel has closed (the broker requeued it). */
export function settle(ctx: RabbitmqContext, held: Held, action: string): void {
  const channel = ctx.generations.channelOf(held.generation);
  if (channel === undefined || held.settled === true) throw leaseExpired(action);
  held.settled = true;
  channel.basicAck({ deliveryTag: held.deliveryTag });
}

/** Requeues a held delivery natively (counted by a quorum queue); false if its channel is gone or it was settled. */
export function requeue(ctx: RabbitmqContext, held: Held): boolean {
  const channel = ctx.generations.channelOf(held.generation);
  // Settling a delivery tag twice is a channel error that would close the channel.
  if (channel === undefined || held.settled === true) return false;
  held.settled = true;
  channel.basicNack({ deliveryTag: held.deliveryTag, requeue: true });
  return true;
}

/** A copy of the delivery at the tail of its queue that says `attempts` were counted, then the original acked. */
export async function requeueCopy(ctx: RabbitmqContext, held: Held, attempts: number): Promise<void> {
  await write(ctx, [{ envelope: encode(held.decoded.message, '', held.queue, carried(held.decoded, { [bookkeeping.attempts]: String(attempts) })), data: held.decoded.message.data }]);
  settle(ctx, held, `giving back a delivery of queue '${held.queue}'`);
}

/** A copy that waits in a delay bucket until `notBefore`, saying `attempts` were counted, then the original acked. */
export async function delayCopy(ctx: RabbitmqContext, held: Held, attempts: number, notBefore: number): Promise<void> {
  // Back to the queue it came from: a keyed message stays in its key-hash queue.
  await writeDelayed(ctx, held.source, held.decoded.message, notBefore, carried(held.decoded, { [bookkeeping.attempts]: String(attempts) }));
  settle(ctx, held, `delaying a delivery of queue '${held.queue}'`);
}

export async function deadLetter(ctx: RabbitmqContext, held: Held, attempts: number, reason: string): Promise<void> {
  // A dead letter never expires: the copy carries no per-message expiration.
  const { expiresAt: _expiresAt, ...message } = held.decoded.message;
  const extra = { [bookkeeping.attempts]: String(attempts), [bookkeeping.reason]: reason, [bookkeeping.deadLetteredAt]: String(Date.now()) };
  await write(ctx, [{ envelope: encode(message, '', deadLetterQueue(held.queue), carried(held.decoded, extra)), data: message.data }]);
  settle(ctx, held, `dead-lettering a delivery of queue '${held.queue}'`);
}

/** The broker's dead-letter reasons (x-first-death-reason) in Outrigger's words. */
const brokerReasons: Record<string, string> = { rejected: 'rejected', expired: 'expired', maxlen: 'queue_full', delivery_limit: 'max_deliveries_exceeded' };

function letterOf(decoded: Decoded): DeadLetter {
  const { message, raw, enqueuedAt } = decoded;
  const deadLetteredAt = numberOf(raw[bookkeeping.deadLetteredAt]) ?? enqueuedAt;
  return {
    id: message.id,
    headers: message.headers,
    data: message.data,
    ...(message.orderingKey === undefined ? {} : { orderingKey: message.orderingKey }),
    attempts: numberOf(raw[bookkeeping.attempts]) ?? 0,
    // Without the driver's reason, the broker dead-lettered it: a plain client's reject, an
    // expired message (ttl) at the head of the queue, a length limit.
    reason: raw[bookkeeping.reason] ?? brokerReasons[decoded.brokerDeathReason ?? ''] ?? 'rejected',
    enqueuedAt,
    deadLetteredAt,
  };
}

export async function listDeadLetters(ctx: RabbitmqContext, queue: string, limit: number): Promise<DeadLetter[]> {
  const letters = deadLetterQueue(queue);
  const channel = await readChannel(ctx.connection);
  const out: DeadLetter[] = [];
  let remaining = 0;
  try {
    while (out.length < limit) {
      const msg = await channel.basicGet({ queue: letters });
      if (msg === undefined) break;
      remaining = msg.messageCount;
      out.push(letterOf(decode(msg)));
    }
    return out;
  } finally {
    await putBack(ctx, channel, letters, out.length > 0 ? remaining + out.length : 0);
  }
}

export async function redrive(ctx: RabbitmqContext, queue: string, ids: string[] | undefined): Promise<number> {
  const letters = deadLetterQueue(queue);
  const channel = await readChannel(ctx.connection);
  let moved = 0;
  let kept = 0;
  try {
    // Letters not redriven stay unacked on this channel until the end, so this loop ends.
    for (;;) {
      const msg = await channel.basicGet({ queue: letters });
      if (msg === undefined) break;
      const decoded = decode(msg);
      if (ids !== undefined && !ids.includes(decoded.message.id)) {
        kept++;
        continue;
      }
      const target = await targetQueue(ctx, queue, decoded.message.orderingKey);
      await write(ctx, [{ envelope: encode(decoded.message, '', target, carried(decoded, {})), data: decoded.message.data }]);
      if (!channel.active) throw new OutriggerError('broker_unavailable', `redriving dead letters of queue '${queue}': the channel closed; letters copied so far may be delivered twice`, { retriable: true });
      channel.basicAck({ deliveryTag: msg.deliveryTag });
      moved++;
    }
    return moved;
  } finally {
    await putBack(ctx, channel, letters, kept);
  }
}

/**
 * Closes a reading channel, which puts every letter got on it back, and waits (up to 2 s) until
 * the queue counts `expected` ready letters again: a quorum queue takes the returns in after the
 * close is answered, and a list followed at once by a depth or a redrive must see them.
 */
async function putBack(ctx: RabbitmqContext, channel: Channel, queue: string, expected: number): Promise<void> {
  await channel.close().catch(() => undefined);
  if (expected === 0) return;
  const deadline = Date.now() + 2000;
  while (Date.now() < deadline) {
    if ((await readyCount(ctx, queue).catch(() => expected)) >= expected) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
