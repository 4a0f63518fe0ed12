/**
 * A claim joined by the writes after it in its transaction. A receive's claim that took fewer
 * than it asked for stays open until its transaction ends: a send or publish later in the same
 * transaction that stores messages in that inbox claims them into it at once, instead of leaving
 * them for a claim in a later transaction (which would wait for this one's sync and then its own).
 *
 * The same transaction, so the same guarantees: what joins is leased, counted and made durable
 * with the claim, and handed over only when the claim's caller is answered, after the sync; if
 * the transaction rolls back, the claim's caller fails and nothing of it happened. Only writes
 * that never throw an OutriggerError once they have written (no savepoint) may join, so nothing
 * that joined can be rolled back alone. Ordering keys hold: joining runs the claim itself again.
 */
import type { Delivery } from '../contract.js';
import { claim } from './claim.js';
import type { Tx } from './group-commit.js';
import type { InboxRegistry } from './inbox-registry.js';

interface OpenClaim {
  /** The array the claim's caller gets: joined deliveries are appended to it. */
  deliveries: Delivery[];
  max: number;
  leaseMs: number | undefined;
}

/** Per transaction (one Tx per group commit), per inbox id. */
const open = new WeakMap<Tx, Map<number, OpenClaim>>();

/** Claims up to `max` from the inbox and leaves the claim open for the rest of the transaction. */
export function claimOpen(tx: Tx, inboxes: InboxRegistry, inboxId: number, max: number, leaseMs: number | undefined): Delivery[] {
  const deliveries = claim(tx, inboxes, inboxId, max, leaseMs);
  if (deliveries.length < max) {
    let claims = open.get(tx);
    if (claims === undefined) open.set(tx, (claims = new Map()));
    claims.set(inboxId, { deliveries, max, leaseMs });
  }
  return deliveries;
}

/** After a write stored messages in the inbox: an open claim on it in this transaction takes what it can. */
export function joinOpenClaim(tx: Tx, inboxes: InboxRegistry, inboxId: number): void {
  const pending = open.get(tx)?.get(inboxId);
  if (pending === undefined) return;
  const room = pending.max - pending.deliveries.length;
  if (room > 0) for (const delivery of claim(tx, inboxes, inboxId, room, pending.leaseMs)) pending.deliveries.push(delivery);
  if (pending.deliveries.length >= pending.max) open.get(tx)?.delete(inboxId);
}
