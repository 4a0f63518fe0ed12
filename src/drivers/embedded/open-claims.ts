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
import { claim, claimStored } from './claim.js';
import type { MessageFields } from './enqueue.js';
import type { Tx } from './group-commit.js';
import type { InboxRegistry } from './inbox-registry.js';

interface OpenClaim {
  /** The array the claim's caller gets: joined deliveries are appended to it. */
  deliveries: Delivery[];
  max: number;
  leaseMs: number;
}

/**
 * The open claims of a committer's current transaction, per inbox id. A committer reuses its Tx
 * from one transaction to the next: claims left from an earlier one (answered by now) never count.
 */
const open = new WeakMap<Tx, { serial: number; claims: Map<number, OpenClaim> }>();

function claimsOf(tx: Tx): Map<number, OpenClaim> | undefined {
  const entry = open.get(tx);
  return entry?.serial === tx.serial ? entry.claims : undefined;
}

/** Claims up to `max` from the inbox and leaves the claim open for the rest of the transaction. */
export function claimOpen(tx: Tx, inboxes: InboxRegistry, inboxId: number, max: number, leaseMs: number | undefined): Delivery[] {
  const deliveries = claim(tx, inboxes, inboxId, max, leaseMs);
  if (deliveries.length < max) {
    let claims = claimsOf(tx);
    if (claims === undefined) open.set(tx, { serial: tx.serial, claims: (claims = new Map()) });
    claims.set(inboxId, { deliveries, max, leaseMs: leaseMs ?? inboxes.row(tx.sql, inboxId).lease_ms });
  }
  return deliveries;
}

/** After a write stored message `seq` in the inbox: an open claim on it in this transaction takes what it can. */
export function joinOpenClaim(tx: Tx, inboxes: InboxRegistry, inboxId: number, seq: number, message: MessageFields): void {
  const claims = claimsOf(tx);
  const pending = claims?.get(inboxId);
  if (pending === undefined) return;
  if (message.orderingKey !== undefined) {
    // Whether it may go depends on the rest of its key: the claim's own search decides.
    for (const delivery of claim(tx, inboxes, inboxId, pending.max - pending.deliveries.length, pending.leaseMs)) pending.deliveries.push(delivery);
  } else if ((message.notBefore ?? 0) <= tx.now) {
    // The open claim took everything eligible without a key when it ran (it took fewer than it
    // could), and the transaction's clock stands still: this message is the only new one, and
    // eligible as it is (stored now, unkeyed, visible, never delivered).
    pending.deliveries.push(claimStored(tx, seq, tx.now + pending.leaseMs));
  }
  if (pending.deliveries.length >= pending.max) claims?.delete(inboxId);
}
