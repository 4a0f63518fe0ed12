/**
 * Per-key order within one driver instance (orderingKeys): a receive takes a message with an
 * ordering key only when no other message of that key is leased here and none of it is ahead in
 * the buffer (buffer.ts). A keyed message that must come again (nack, lapsed lease, release)
 * therefore never goes back to the broker, where it would land behind later messages of its key
 * already prefetched: it stays unacked on its channel and goes back to the head of the buffer,
 * its attempt counted here and a retryAfterMs kept by a timer. If the channel is lost meanwhile,
 * the broker has it back in its place, and its own count (x-delivery-count) applies again.
 */
import type { RabbitmqContext } from './context.js';
import type { Held } from './leases.js';

/** Ordering keys of the deliveries leased on `queue` here. */
export function busyKeys(ctx: RabbitmqContext, queue: string): Set<string> {
  const keys = new Set<string>();
  for (const held of ctx.leases.all()) {
    const key = held.decoded.message.orderingKey;
    if (held.queue === queue && key !== undefined) keys.add(key);
  }
  return keys;
}

/**
 * Gives a keyed delivery back to the head of its consumer's buffer, to be delivered as attempt
 * `nextAttempt`, not before `holdUntil`. False for a message without a key (the caller gives it
 * back to the broker); true also when its channel is gone, since the broker has it back then.
 */
export function giveBackKeyed(ctx: RabbitmqContext, held: Held, nextAttempt: number, holdUntil?: number): boolean {
  if (held.decoded.message.orderingKey === undefined) return false;
  const consumer = ctx.consumers.get(held.queue);
  if (consumer === undefined) return false;
  const { queue, source, generation, deliveryTag, decoded } = held;
  consumer.putBack({ queue, source, generation, deliveryTag, decoded, nextAttempt, ...(holdUntil === undefined ? {} : { holdUntil }) });
  return true;
}

/** A delivery of `queue` was settled here: its key may be free for the next message. */
export function keyFreed(ctx: RabbitmqContext, queue: string): void {
  ctx.consumers.get(queue)?.buffer.wake();
}
