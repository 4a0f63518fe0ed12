/**
 * Housekeeping, on an unref'd timer: deletes messages whose TTL passed (the sender declared them
 * worthless; they are not dead-lettered), idempotency keys past their window, stream events past
 * retention (partition rows stay, so offsets keep increasing), and long-dead group members.
 * Work is done in bounded chunks, one group-committed transaction each, so a large sweep never
 * holds the write lock for long.
 */
import type { Store } from './context.js';
import type { Tx } from './group-commit.js';
import { DELETE_EXPIRED } from './claim.js';

const CHUNK = 1000;

const INBOXES = 'SELECT id FROM inboxes_v1';
const EXPIRED_KEYS = `DELETE FROM dedup_v1 WHERE (scope, idem_key) IN (
  SELECT scope, idem_key FROM dedup_v1 WHERE expires_at <= ? LIMIT ${CHUNK})`;
const STREAMS = 'SELECT name, partitions, retention_ms FROM streams_v1';
const OLD_EVENTS = `DELETE FROM events_v1 WHERE rowid IN (
  SELECT rowid FROM events_v1 WHERE stream = ? AND part = ? AND timestamp < ? LIMIT ${CHUNK})`;
const DEAD_MEMBERS = 'DELETE FROM group_members_v1 WHERE expires_at <= ?';

export interface SweepResult {
  expiredMessages: number;
  expiredKeys: number;
  retiredEvents: number;
}

async function chunked(store: Store, step: (tx: Tx) => number): Promise<number> {
  let total = 0;
  for (;;) {
    const deleted = await store.committer.run(step);
    total += deleted;
    if (deleted < CHUNK) return total;
  }
}

export async function sweep(store: Store): Promise<SweepResult> {
  let expiredMessages = 0;
  for (const { id } of store.sql.all<{ id: number }>(INBOXES)) {
    expiredMessages += await chunked(store, (tx) => tx.sql.run(DELETE_EXPIRED, id, tx.now, CHUNK));
  }
  const expiredKeys = await chunked(store, (tx) => tx.sql.run(EXPIRED_KEYS, tx.now));
  let retiredEvents = 0;
  const streams = store.sql.all<{ name: string; partitions: number; retention_ms: number }>(STREAMS);
  for (const stream of streams) {
    for (let part = 0; part < stream.partitions; part++) {
      retiredEvents += await chunked(store, (tx) => tx.sql.run(OLD_EVENTS, stream.name, part, tx.now - stream.retention_ms));
    }
  }
  await store.committer.run((tx) => tx.sql.run(DEAD_MEMBERS, tx.now - 60_000));
  return { expiredMessages, expiredKeys, retiredEvents };
}
