/**
 * Long-poll receive: look for work, claim it in a group-committed write, or wait for a
 * wake-up (a write on this connection, a commit by another connection, a delayed or leased
 * message becoming visible, the deadline, abort, close). Waiting never holds a transaction.
 */
import { OutriggerError } from '../../kernel/errors.js';
import type { Delivery, InboxRef, ReceiveOptions } from '../contract.js';
import { lookAtInbox, nextVisibleAt } from './claim.js';
import type { Store } from './context.js';
import { checkInboxRef, inboxWakeKey } from './inbox-registry.js';
import { claimOpen, WaitingReceive } from './open-claims.js';
import type { Snapshot } from './wakeups.js';

/** Upper bound on one wait, as a safety net; wake-ups normally come much sooner. */
const MAX_WAIT_SLICE_MS = 1000;
/** One receive claims at most this many (a larger `max` is served in several receives). */
const MAX_RECEIVE = 1000;

export function checkReceiveOptions(options: ReceiveOptions): void {
  if (!Number.isSafeInteger(options.max) || options.max < 1) {
    throw new OutriggerError('bad_request', `max must be a positive integer (got ${String(options.max)})`);
  }
  if (!Number.isFinite(options.waitMs) || options.waitMs < 0) throw new OutriggerError('bad_request', 'waitMs must be a non-negative number');
  if (options.leaseMs !== undefined && (!Number.isSafeInteger(options.leaseMs) || options.leaseMs < 1)) {
    throw new OutriggerError('bad_request', 'leaseMs must be a positive integer');
  }
}

/**
 * What one look at the inbox found: the snapshot taken before it, and the claim it queued, if
 * any; a look that found nothing to claim also says when the next message becomes visible.
 */
interface Look {
  snapshot: Snapshot;
  claimed?: Promise<Delivery[]>;
  nothing?: { visibleAt: number | undefined };
}

export async function receive(store: Store, ref: InboxRef, options: ReceiveOptions): Promise<Delivery[]> {
  checkInboxRef(ref);
  checkReceiveOptions(options);
  const { committer, inboxes, sql, wakeups, waiting } = store;
  const { signal } = options;
  const inboxId = inboxes.find(ref) ?? (await committer.run((tx) => inboxes.findOrCreate(tx, ref)));
  const key = inboxWakeKey(inboxId);
  const deadline = Date.now() + options.waitMs;
  const max = Math.min(options.max, MAX_RECEIVE);
  // While it waits, a write on this connection to the inbox claims for it in the write's own
  // transaction (open-claims.ts): one transaction and one sync between a publish and its delivery.
  const waiter = new WaitingReceive(inboxId, max, options.leaseMs);
  // Runs at once and again the moment each wait ends, inside the wake-up: woken by a commit on
  // this connection, the claim joins the transaction the committer flushes right after that
  // commit's sync, instead of queueing behind that transaction's own sync (one fsync fewer
  // between a publish and its delivery, and the writes queued meanwhile are claimed in the
  // transaction that stores them). The claim is still durable before anything is delivered.
  const look = (): Look => {
    const snapshot = wakeups.snapshot(key);
    const joined = waiter.joined;
    if (joined !== undefined) {
      waiter.joined = undefined;
      return { snapshot, claimed: joined };
    }
    if (wakeups.closed || signal?.aborted) return { snapshot };
    const inbox = lookAtInbox(sql, inboxId, Date.now());
    if (!inbox.candidate) {
      if (Date.now() < deadline) waiting.register(waiter);
      return { snapshot, nothing: { visibleAt: inbox.visibleAt } };
    }
    waiting.withdraw(waiter);
    // A claim throws no OutriggerError of its own: it needs no savepoint. Sends and publishes later
    // in its transaction add what they store to it (open-claims.ts).
    return { snapshot, claimed: committer.run((tx) => claimOpen(tx, inboxes, inboxId, max, options.leaseMs), signal, { throwsBeforeWriting: true }) };
  };
  let deliveries: Delivery[];
  try {
    deliveries = await lookAndWait(store, inboxId, deadline, look, signal);
  } catch (err) {
    waiting.withdraw(waiter);
    const joined = waiter.joined === undefined ? [] : await waiter.joined;
    if (joined.length === 0) throw err;
    return joined;
  }
  waiting.withdraw(waiter);
  // A write may have claimed for this receive after its last look: what it claimed is leased to this receive.
  if (deliveries.length === 0 && waiter.joined !== undefined) return waiter.joined;
  return deliveries;
}

async function lookAndWait(store: Store, inboxId: number, deadline: number, look: () => Look, signal: AbortSignal | undefined): Promise<Delivery[]> {
  const { sql, wakeups } = store;
  if (wakeups.closed || signal?.aborted) return [];
  let found = look();
  for (;;) {
    if (found.claimed !== undefined) {
      let deliveries: Delivery[];
      try {
        deliveries = await found.claimed;
      } catch (err) {
        // Aborted before its transaction ran: nothing was claimed.
        if (signal?.aborted && err === signal.reason) return [];
        throw err;
      }
      if (deliveries.length > 0) return deliveries;
    }
    // The driver may have closed (and its file with it) while a claim was committing.
    if (wakeups.closed || signal?.aborted) return [];
    const now = Date.now();
    if (now >= deadline) return [];
    // A claim that came back empty lost its messages to another: the inbox changed since the look.
    const visibleAt = found.nothing === undefined ? nextVisibleAt(sql, inboxId, now) : found.nothing.visibleAt;
    const until = Math.min(deadline, visibleAt ?? deadline, now + MAX_WAIT_SLICE_MS);
    found = await wakeups.waitThen(found.snapshot, Math.max(1, until - now), look, signal);
  }
}
