/**
 * The file's layout. Table names carry the schema version (`_v1`), and `outrigger_schema`
 * records it, so a later layout can live beside this one and migrate data across; a file
 * written by a newer Outrigger is refused rather than misread.
 *
 * Column names avoid SQL keywords: `part` (partition), `grp` (group), `event_offset`.
 */
import type { DatabaseSync } from 'node:sqlite';
import { OutriggerError } from '../../kernel/errors.js';

export const SCHEMA_VERSION = 1;

/** Message states. A live message is ready, delayed or leased, depending on visible_at and lease_until. */
export const LIVE = 0;
export const DEAD = 1;

const ddl = `
CREATE TABLE IF NOT EXISTS inboxes_v1 (
  id INTEGER PRIMARY KEY,
  inbox_key TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL CHECK (kind IN ('queue', 'subscription')),
  name TEXT NOT NULL,
  topic TEXT,
  max_deliveries INTEGER NOT NULL,
  lease_ms INTEGER NOT NULL,
  dedup_window_ms INTEGER NOT NULL,
  filter TEXT,
  created_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS inboxes_v1_topic ON inboxes_v1 (topic) WHERE topic IS NOT NULL;

CREATE TABLE IF NOT EXISTS messages_v1 (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  inbox_id INTEGER NOT NULL,
  id TEXT NOT NULL,
  ordering_key TEXT,
  enqueued_at INTEGER NOT NULL,
  expires_at INTEGER,
  state INTEGER NOT NULL DEFAULT ${LIVE},
  visible_at INTEGER NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  lease TEXT,
  lease_until INTEGER,
  dead_reason TEXT,
  dead_at INTEGER,
  headers TEXT NOT NULL,
  -- Last, so that reading the columns before it never walks a large body's overflow pages.
  data BLOB NOT NULL
);
-- Claims: messages without a key in send order; the head of every key; leased messages of a key.
CREATE INDEX IF NOT EXISTS messages_v1_unkeyed ON messages_v1 (inbox_id, state, seq, visible_at, expires_at) WHERE ordering_key IS NULL;
CREATE INDEX IF NOT EXISTS messages_v1_keyed ON messages_v1 (inbox_id, state, ordering_key, seq, expires_at, lease_until) WHERE ordering_key IS NOT NULL;
CREATE INDEX IF NOT EXISTS messages_v1_leased ON messages_v1 (inbox_id, ordering_key, lease_until) WHERE lease_until IS NOT NULL;
CREATE INDEX IF NOT EXISTS messages_v1_visible ON messages_v1 (inbox_id, state, visible_at);
CREATE INDEX IF NOT EXISTS messages_v1_dead ON messages_v1 (inbox_id, dead_at, seq) WHERE state = ${DEAD};
CREATE INDEX IF NOT EXISTS messages_v1_expiry ON messages_v1 (inbox_id, state, expires_at) WHERE expires_at IS NOT NULL;

CREATE TABLE IF NOT EXISTS dedup_v1 (
  scope TEXT NOT NULL,
  idem_key TEXT NOT NULL,
  message_id TEXT NOT NULL,
  expires_at INTEGER NOT NULL,
  PRIMARY KEY (scope, idem_key)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS dedup_v1_expiry ON dedup_v1 (expires_at);

CREATE TABLE IF NOT EXISTS topics_v1 (
  name TEXT PRIMARY KEY,
  created_at INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS streams_v1 (
  name TEXT PRIMARY KEY,
  partitions INTEGER NOT NULL,
  retention_ms INTEGER NOT NULL,
  round_robin INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS stream_partitions_v1 (
  stream TEXT NOT NULL,
  part INTEGER NOT NULL,
  next_offset INTEGER NOT NULL DEFAULT 0,
  last_timestamp INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (stream, part)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS events_v1 (
  stream TEXT NOT NULL,
  part INTEGER NOT NULL,
  event_offset INTEGER NOT NULL,
  id TEXT NOT NULL,
  partition_key TEXT,
  timestamp INTEGER NOT NULL,
  headers TEXT NOT NULL,
  data BLOB NOT NULL,
  PRIMARY KEY (stream, part, event_offset)
);
CREATE INDEX IF NOT EXISTS events_v1_time ON events_v1 (stream, part, timestamp, event_offset);

CREATE TABLE IF NOT EXISTS group_members_v1 (
  stream TEXT NOT NULL,
  grp TEXT NOT NULL,
  member TEXT NOT NULL,
  expires_at INTEGER NOT NULL,
  PRIMARY KEY (stream, grp, member)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS partition_owners_v1 (
  stream TEXT NOT NULL,
  grp TEXT NOT NULL,
  part INTEGER NOT NULL,
  owner TEXT NOT NULL,
  expires_at INTEGER NOT NULL,
  PRIMARY KEY (stream, grp, part)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS checkpoints_v1 (
  stream TEXT NOT NULL,
  grp TEXT NOT NULL,
  part INTEGER NOT NULL,
  event_offset INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (stream, grp, part)
) WITHOUT ROWID;
`;

/**
 * Creates the tables if needed, in one write transaction so that several processes opening a
 * new file at once cannot interleave.
 */
export function migrate(db: DatabaseSync): void {
  db.exec('BEGIN IMMEDIATE');
  try {
    db.exec('CREATE TABLE IF NOT EXISTS outrigger_schema (version INTEGER NOT NULL)');
    const row = db.prepare('SELECT MAX(version) AS version FROM outrigger_schema').get() as { version: number | null } | undefined;
    const version = row?.version ?? 0;
    if (version > SCHEMA_VERSION) {
      throw new OutriggerError(
        'broker_unavailable',
        `the embedded broker file has schema version ${version}, newer than this Outrigger understands (${SCHEMA_VERSION}); upgrade Outrigger or use another file`,
        { retriable: false },
      );
    }
    db.exec(ddl);
    if (version < SCHEMA_VERSION) db.prepare('INSERT INTO outrigger_schema (version) VALUES (?)').run(SCHEMA_VERSION);
    db.exec('COMMIT');
  } catch (err) {
    if (db.isTransaction) db.exec('ROLLBACK');
    throw err;
  }
}
