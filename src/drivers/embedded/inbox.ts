/** Leased consumption shared by queues and topic subscriptions, plus dead letters and depth. */
import { OutriggerError } from '../../kernel/errors.js';
import type { DeadLetter, InboxDepth, InboxOperations, InboxRef } from '../contract.js';
import type { StoreAccess } from './context.js';
import { checkInboxRef, inboxWakeKey } from './inbox-registry.js';
import { receive } from './receive.js';
import { DEAD, LIVE } from './schema.js';
import { ack, nack, renew } from './settle.js';
import { decodeHeaders } from './sqlite.js';

interface DeadRow {
  id: string;
  headers: string;
  data: Uint8Array;
  ordering_key: string | null;
  attempts: number;
  dead_reason: string | null;
  enqueued_at: number;
  dead_at: number;
}

const DEAD_LETTERS = `SELECT id, headers, data, ordering_key, attempts, dead_reason, enqueued_at, dead_at
  FROM messages_v1 WHERE inbox_id = ? AND state = ${DEAD} ORDER BY dead_at, seq LIMIT ?`;
const REDRIVE_SET = `state = ${LIVE}, attempts = 0, visible_at = ?, lease = NULL, lease_until = NULL, dead_reason = NULL, dead_at = NULL`;
const REDRIVE_ALL = `UPDATE messages_v1 SET ${REDRIVE_SET} WHERE inbox_id = ? AND state = ${DEAD}`;
const REDRIVE_IDS = `UPDATE messages_v1 SET ${REDRIVE_SET} WHERE inbox_id = ? AND state = ${DEAD} AND id IN (SELECT value FROM json_each(?))`;
// "ready" counts every live message not in flight, delayed ones included, so that the three
// numbers add up to everything the inbox holds. Expired messages (awaiting deletion) count nowhere.
const DEPTH = `SELECT
  COALESCE(SUM(state = ${LIVE} AND lease_until > ?1), 0) AS in_flight,
  COALESCE(SUM(state = ${LIVE} AND (lease_until IS NULL OR lease_until <= ?1) AND (expires_at IS NULL OR expires_at > ?1)), 0) AS ready,
  COALESCE(SUM(state = ${DEAD}), 0) AS dead
  FROM messages_v1 WHERE inbox_id = ?2`;

export function inboxOperations(store: StoreAccess): InboxOperations {
  return {
    receive: (inbox, options) => receive(store(), inbox, options),
    ack: (inbox, lease) => ack(store(), inbox, lease),
    nack: (inbox, lease, options) => nack(store(), inbox, lease, options),
    renew: (inbox, lease, leaseMs) => renew(store(), inbox, lease, leaseMs),

    async listDeadLetters(inbox: InboxRef, options: { limit: number }): Promise<DeadLetter[]> {
      checkInboxRef(inbox);
      if (!Number.isSafeInteger(options.limit) || options.limit < 1) throw new OutriggerError('bad_request', 'limit must be a positive integer');
      const { inboxes, sql } = store();
      const inboxId = inboxes.find(inbox);
      if (inboxId === undefined) return [];
      return sql.all<DeadRow>(DEAD_LETTERS, inboxId, options.limit).map((row) => ({
        id: row.id,
        headers: decodeHeaders(row.headers),
        data: row.data,
        ...(row.ordering_key === null ? {} : { orderingKey: row.ordering_key }),
        attempts: row.attempts,
        reason: row.dead_reason ?? 'unknown',
        enqueuedAt: row.enqueued_at,
        deadLetteredAt: row.dead_at,
      }));
    },

    async redrive(inbox: InboxRef, options: { ids?: string[] }): Promise<number> {
      checkInboxRef(inbox);
      const ids = options.ids;
      if (ids !== undefined && (!Array.isArray(ids) || ids.some((id) => typeof id !== 'string'))) {
        throw new OutriggerError('bad_request', 'ids must be a list of message ids');
      }
      const { committer, inboxes } = store();
      const inboxId = inboxes.find(inbox);
      if (inboxId === undefined) return 0;
      return committer.run((tx) => {
        const count = ids === undefined ? tx.sql.run(REDRIVE_ALL, tx.now, inboxId) : tx.sql.run(REDRIVE_IDS, tx.now, inboxId, JSON.stringify(ids));
        if (count > 0) tx.touch(inboxWakeKey(inboxId));
        return count;
      });
    },

    async depth(inbox: InboxRef): Promise<InboxDepth> {
      checkInboxRef(inbox);
      const { inboxes, sql } = store();
      const inboxId = inboxes.find(inbox);
      if (inboxId === undefined) return { ready: 0, inFlight: 0, deadLettered: 0 };
      const row = sql.get<{ ready: number; in_flight: number; dead: number }>(DEPTH, Date.now(), inboxId);
      return { ready: row?.ready ?? 0, inFlight: row?.in_flight ?? 0, deadLettered: row?.dead ?? 0 };
    },
  };
}
