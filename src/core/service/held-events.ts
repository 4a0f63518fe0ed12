/**
 * Listing a stream subscription's undeliverable events, which wait as ordinary messages in its
 * `<name>.deadletter` queue (so that an app can drain them with pull). The contract has no peek,
 * so a listing takes them with a short lease and gives them straight back without counting an
 * attempt: a pull running at that moment may find them missing for as long.
 */
import type { DeadLetter } from '../../kernel/messages.js';
import type { BoundInbox } from '../resources.js';

const peekLeaseMs = 5_000;

export async function peekHeldEvents(inbox: BoundInbox, limit: number): Promise<DeadLetter[]> {
  const held = await inbox.ops.receive(inbox.ref, { max: limit, waitMs: 0, leaseMs: peekLeaseMs });
  await Promise.allSettled(held.map((delivery) => inbox.ops.nack(inbox.ref, delivery.lease, { release: true })));
  return held.map((delivery) => ({
    id: delivery.id,
    headers: delivery.headers,
    data: delivery.data,
    ...(delivery.orderingKey !== undefined ? { orderingKey: delivery.orderingKey } : {}),
    // The stream pump does not record how many attempts it made; the reason says why it gave up.
    attempts: 0,
    reason: delivery.headers['outrigger-deadletter-reason'] ?? '',
    enqueuedAt: delivery.enqueuedAt,
    deadLetteredAt: delivery.enqueuedAt,
  }));
}
