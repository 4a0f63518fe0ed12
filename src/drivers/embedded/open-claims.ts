/**
 * Claims joined by the writes after them. Two kinds:
 *
 * - An open claim: a receive's claim that took fewer than it asked for stays open until its
 *   transaction ends, and a send or publish later in the same transaction that stores messages
 *   in that inbox claims them into it at once, instead of leaving them for a claim in a later
 *   transaction (which would wait for this one's sync and then its own).
 * - A waiting receive: a receive that found nothing and waits registers here, and the first
 *   write that stores a message in its inbox claims it for that receive in the write's own
 *   transaction; the receive gets it once that transaction is durable. Without it, the write's
 *   commit would wake the receive, which would look again and claim in a transaction (and a
 *   sync) of its own.
 *
 * The same transaction, so the same guarantees: what joins is leased, counted and made durable
 * with the write, and handed over only after the sync; if the transaction rolls back, nothing of
 * it happened (an open claim's caller fails; a waiting receive gets nothing and waits on). Only
 * writes that never throw an OutriggerError once they have written (no savepoint) may join, so
 * nothing that joined can be rolled back alone. Ordering keys hold: joining runs the claim's own
 * search for a keyed message.
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

function openClaim(tx: Tx, inboxId: number, pending: OpenClaim): void {
  let claims = claimsOf(tx);
  if (claims === undefined) open.set(tx, { serial: tx.serial, claims: (claims = new Map()) });
  claims.set(inboxId, pending);
}

/** Claims up to `max` from the inbox and leaves the claim open for the rest of the transaction. */
export function claimOpen(tx: Tx, inboxes: InboxRegistry, inboxId: number, max: number, leaseMs: number | undefined): Delivery[] {
  const deliveries = claim(tx, inboxes, inboxId, max, leaseMs);
  if (deliveries.length < max) openClaim(tx, inboxId, { deliveries, max, leaseMs: leaseMs ?? inboxes.row(tx.sql, inboxId).lease_ms });
  return deliveries;
}

/** A receive waiting for its inbox; see WaitingReceives. */
export class WaitingReceive {
  readonly inboxId: number;
  readonly max: number;
  /** The receive's own lease length, if it asked for one. */
  readonly leaseMs: number | undefined;
  /** Set when a write's transaction claimed for it: the deliveries once durable, [] if it rolled back. */
  joined: Promise<Delivery[]> | undefined;

  constructor(inboxId: number, max: number, leaseMs: number | undefined) {
    this.inboxId = inboxId;
    this.max = max;
    this.leaseMs = leaseMs;
  }
}

/** The receives of one connection waiting for an inbox, per inbox id, in the order they began to wait. */
export class WaitingReceives {
  readonly #byInbox = new Map<number, WaitingReceive[]>();

  /** Until a write joins it or it is withdrawn. */
  register(receive: WaitingReceive): void {
    const list = this.#byInbox.get(receive.inboxId);
    if (list === undefined) this.#byInbox.set(receive.inboxId, [receive]);
    else if (!list.includes(receive)) list.push(receive);
  }

  withdraw(receive: WaitingReceive): void {
    const list = this.#byInbox.get(receive.inboxId);
    const at = list?.indexOf(receive) ?? -1;
    if (at < 0) return;
    list?.splice(at, 1);
    if (list?.length === 0) this.#byInbox.delete(receive.inboxId);
  }

  /** The receive a write to this inbox should claim for, taken out of the waiting ones. */
  take(inboxId: number): WaitingReceive | undefined {
    const list = this.#byInbox.get(inboxId);
    const receive = list?.shift();
    if (list?.length === 0) this.#byInbox.delete(inboxId);
    return receive;
  }
}

/**
 * After a write stored message `seq` in the inbox: an open claim on it in this transaction takes
 * what it can, or else the first receive waiting for that inbox gets it.
 */
export function joinOpenClaim(tx: Tx, inboxes: InboxRegistry, waiting: WaitingReceives, inboxId: number, seq: number, message: MessageFields): void {
  const claims = claimsOf(tx);
  let pending = claims?.get(inboxId);
  if (pending === undefined) {
    if ((message.notBefore ?? 0) > tx.now) return;
    const receive = waiting.take(inboxId);
    if (receive === undefined) return;
    pending = joinWaiting(tx, inboxes, receive);
  }
  if (message.orderingKey !== undefined) {
    // Whether it may go depends on the rest of its key: the claim's own search decides.
    for (const delivery of claim(tx, inboxes, inboxId, pending.max - pending.deliveries.length, pending.leaseMs)) pending.deliveries.push(delivery);
  } else if ((message.notBefore ?? 0) <= tx.now) {
    // Everything eligible without a key was taken when the claim ran (it took fewer than it
    // could), or nothing was there when the receive began to wait, and the transaction's clock
    // stands still: this message is the only new one, and eligible as it is (stored now,
    // unkeyed, visible, never delivered).
    pending.deliveries.push(claimStored(tx, seq, tx.now + pending.leaseMs));
  }
  if (pending.deliveries.length >= pending.max) claimsOf(tx)?.delete(inboxId);
}

/** Makes a waiting receive this transaction's open claim on its inbox, answered when the transaction ends. */
function joinWaiting(tx: Tx, inboxes: InboxRegistry, receive: WaitingReceive): OpenClaim {
  const pending: OpenClaim = { deliveries: [], max: receive.max, leaseMs: receive.leaseMs ?? inboxes.row(tx.sql, receive.inboxId).lease_ms };
  openClaim(tx, receive.inboxId, pending);
  const { promise, resolve } = Promise.withResolvers<Delivery[]>();
  receive.joined = promise;
  tx.afterCommit((durable) => resolve(durable ? pending.deliveries : []));
  return pending;
}
