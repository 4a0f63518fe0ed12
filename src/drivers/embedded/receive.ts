/**
 * Long-poll receive: look for work, claim it in a group-committed write, or wait for a
 * wake-up (a write on this connection, a commit by another connection, a delayed or leased
 * message becoming visible, the deadline, abort, close). Waiting never holds a transaction.
 */
import { OutriggerError } from '../../kernel/errors.js';
import type { Delivery, InboxRef, ReceiveOptions } from '../contract.js';
import { claim, hasCandidate, nextVisibleAt } from './claim.js';
import type { Store } from './context.js';
import { checkInboxRef, inboxWakeKey } from './inbox-registry.js';

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

export async function receive(store: Store, ref: InboxRef, options: ReceiveOptions): Promise<Delivery[]> {
  checkInboxRef(ref);
  checkReceiveOptions(options);
  const { committer, inboxes, sql, wakeups } = store;
  const { signal } = options;
  const inboxId = inboxes.find(ref) ?? (await committer.run((tx) => inboxes.findOrCreate(tx, ref)));
  const key = inboxWakeKey(inboxId);
  const deadline = Date.now() + options.waitMs;
  for (;;) {
    if (wakeups.closed || signal?.aborted) return [];
    const snapshot = wakeups.snapshot(key);
    if (hasCandidate(sql, inboxId, Date.now())) {
      let deliveries: Delivery[];
      try {
        // A claim throws no OutriggerError of its own: it needs no savepoint.
        deliveries = await committer.run((tx) => claim(tx, inboxes, inboxId, Math.min(options.max, MAX_RECEIVE), options.leaseMs), signal, {
          throwsBeforeWriting: true,
        });
      } catch (err) {
        // Aborted before its transaction ran: nothing was claimed.
        if (signal?.aborted && err === signal.reason) return [];
        throw err;
      }
      if (deliveries.length > 0) return deliveries;
      // The driver may have closed (and its file with it) while the claim was committing.
      if (wakeups.closed) return [];
    }
    const now = Date.now();
    if (now >= deadline) return [];
    const visibleAt = nextVisibleAt(sql, inboxId, now);
    const until = Math.min(deadline, visibleAt ?? deadline, now + MAX_WAIT_SLICE_MS);
    await wakeups.wait(snapshot, Math.max(1, until - now), signal);
  }
}
