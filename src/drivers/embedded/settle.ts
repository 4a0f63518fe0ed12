/**
 * Settling a delivery: ack, nack, renew. A lease settles only while it is the message's current
 * lease and has not expired; anything else is `lease_expired` (the message may already be with
 * another consumer). A string this driver could not have issued is `invalid_lease`.
 */
import { OutriggerError } from '../../kernel/errors.js';
import type { InboxRef, NackOptions } from '../contract.js';
import { deadLetter, MAX_DELIVERIES_EXCEEDED } from './claim.js';
import type { Store } from './context.js';
import type { RunOptions, Tx } from './group-commit.js';
import { describeInbox } from '../inbox-names.js';
import { checkInboxRef, inboxWakeKey } from './inbox-registry.js';
import { parseLease } from './lease.js';
import { LIVE } from './schema.js';

/** Reason recorded when a consumer dead-letters a message without giving one. */
export const REJECTED_BY_CONSUMER = 'rejected_by_consumer';

const HELD = `seq = ? AND inbox_id = ? AND state = ${LIVE} AND lease = ? AND lease_until > ?`;
const ACK = `DELETE FROM messages_v1 WHERE ${HELD} RETURNING ordering_key`;
const HELD_ROW = `SELECT attempts FROM messages_v1 WHERE ${HELD}`;
const RENEW = `UPDATE messages_v1 SET lease_until = ?, visible_at = ? WHERE ${HELD}`;
const RETURN = 'UPDATE messages_v1 SET lease = NULL, lease_until = NULL, visible_at = ?, attempts = ? WHERE seq = ?';
/**
 * Each settlement checks the lease first and then makes one write: it needs no savepoint. Losing
 * one to a power cut only delivers its message again: answered at COMMIT (group-commit.ts).
 */
const SETTLEMENT: RunOptions = { throwsBeforeWriting: true, answerAtCommit: true };

function leaseExpired(ref: InboxRef): OutriggerError {
  return new OutriggerError(
    'lease_expired',
    `the lease on this delivery from ${describeInbox(ref)} has expired or was already settled; the message may have been delivered again`,
  );
}

interface Held {
  inboxId: number;
  seq: number;
  lease: string;
}

/** Validates the lease's form before anything touches the file. */
function held(store: Store, ref: InboxRef, lease: string): Held {
  checkInboxRef(ref);
  const parsed = parseLease(lease);
  const inboxId = store.inboxes.find(ref);
  if (inboxId === undefined) throw leaseExpired(ref);
  return { inboxId, seq: parsed.seq, lease: parsed.lease };
}

export async function ack(store: Store, ref: InboxRef, lease: string): Promise<void> {
  const h = held(store, ref, lease);
  await store.committer.run((tx) => {
    const acked = tx.sql.get<{ ordering_key: string | null }>(ACK, h.seq, h.inboxId, h.lease, tx.now);
    if (acked === undefined) throw leaseExpired(ref);
    // Only a keyed message's ack can make another eligible (the next of its key): waking the
    // inbox's waiters for any other would only have them look and find nothing.
    if (acked.ordering_key !== null) tx.touch(inboxWakeKey(h.inboxId));
  }, undefined, SETTLEMENT);
}

export async function nack(store: Store, ref: InboxRef, lease: string, options: NackOptions = {}): Promise<void> {
  const h = held(store, ref, lease);
  const retryAfterMs = options.retryAfterMs ?? 0;
  if (!Number.isFinite(retryAfterMs) || retryAfterMs < 0) throw new OutriggerError('bad_request', 'retryAfterMs must be a non-negative number');
  await store.committer.run((tx) => {
    const row = tx.sql.get<{ attempts: number }>(HELD_ROW, h.seq, h.inboxId, h.lease, tx.now);
    if (row === undefined) throw leaseExpired(ref);
    tx.touch(inboxWakeKey(h.inboxId));
    if (options.deadLetter === true) return deadLetter(tx, h.seq, options.reason ?? REJECTED_BY_CONSUMER);
    if (options.release === true) return giveBack(tx, h.seq, Math.max(0, row.attempts - 1), retryAfterMs);
    const { max_deliveries: maxDeliveries } = store.inboxes.row(tx.sql, h.inboxId);
    if (row.attempts >= maxDeliveries) return deadLetter(tx, h.seq, MAX_DELIVERIES_EXCEEDED);
    return giveBack(tx, h.seq, row.attempts, retryAfterMs);
  }, undefined, SETTLEMENT);
}

function giveBack(tx: Tx, seq: number, attempts: number, retryAfterMs: number): void {
  tx.sql.run(RETURN, tx.now + Math.ceil(retryAfterMs), attempts, seq);
}

export async function renew(store: Store, ref: InboxRef, lease: string, leaseMs: number): Promise<number> {
  const h = held(store, ref, lease);
  if (!Number.isSafeInteger(leaseMs) || leaseMs < 1) throw new OutriggerError('bad_request', 'leaseMs must be a positive integer');
  return store.committer.run((tx) => {
    const until = tx.now + leaseMs;
    if (tx.sql.run(RENEW, until, until, h.seq, h.inboxId, h.lease, tx.now) === 0) throw leaseExpired(ref);
    return until;
  }, undefined, SETTLEMENT);
}
