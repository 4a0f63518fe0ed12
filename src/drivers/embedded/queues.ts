/** Queue sends: one group-committed write per call, idempotency keys scoped to the queue. */
import type { InboxRef, InboxSettings, OutboundMessage, QueueOperations, SendReceipt } from '../contract.js';
import type { StoreAccess } from './context.js';
import { checkOutbound, insertMessage, writeUnlessDuplicate } from './enqueue.js';
import { checkName, inboxWakeKey } from './inbox-registry.js';
import { joinOpenClaim } from './open-claims.js';

export function queueOperations(store: StoreAccess): QueueOperations {
  return {
    async ensureQueue(queue: string, settings: InboxSettings): Promise<void> {
      checkName('queue', queue);
      const { committer, inboxes } = store();
      await committer.run((tx) => inboxes.upsert(tx, { kind: 'queue', queue }, settings));
    },

    async send(queue: string, messages: OutboundMessage[], signal?: AbortSignal): Promise<SendReceipt[]> {
      checkName('queue', queue);
      const { committer, inboxes, settings, waiting } = store();
      checkOutbound(messages, settings.maxMessageBytes);
      const ref: InboxRef = { kind: 'queue', queue };
      // A committed inbox is found (and then cached) outside the transaction; rows are never deleted.
      const known = inboxes.find(ref);
      return committer.run((tx) => {
        const inboxId = known ?? inboxes.findOrCreate(tx, ref);
        // The window is read from the file (another process may have changed it), and only when needed.
        let windowMs: number | undefined;
        const window = (): number => (windowMs ??= inboxes.row(tx.sql, inboxId).dedup_window_ms);
        return writeUnlessDuplicate(tx, `inbox:${inboxId}`, messages, window, (message) => {
          const seq = insertMessage(tx, inboxId, message);
          if (seq === undefined) return;
          tx.touch(inboxWakeKey(inboxId));
          joinOpenClaim(tx, inboxes, waiting, inboxId, seq, message);
        });
        // Nothing in a send throws an OutriggerError once it writes: it needs no savepoint.
      }, signal, { throwsBeforeWriting: true });
    },
  };
}
