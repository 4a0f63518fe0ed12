/**
 * The stream log in SQL. Offsets come from a per-partition `next_offset` row that is read and
 * bumped inside the appending write transaction, so offsets stay gapless and unique even when
 * several processes append. Timestamps never decrease within a partition (a clock stepping back
 * is absorbed), which makes "first event at or after a time" a single index probe.
 */
import { OutriggerError } from '../../kernel/errors.js';
import type { AppendEvent, AppendReceipt, PartitionInfo, StreamEvent, StreamSettings } from '../contract.js';
import type { Tx } from './group-commit.js';
import { decodeHeaders, encodeHeaders, type Statements } from './sqlite.js';

export const MAX_PARTITIONS = 1024;
/** A stream appended to before anyone ensured it (development mode). */
export const defaultStreamSettings: StreamSettings = Object.freeze({ partitions: 1, retentionMs: 7 * 24 * 3600 * 1000 });

export interface StreamRow {
  partitions: number;
  retention_ms: number;
  round_robin: number;
}

const STREAM = 'SELECT partitions, retention_ms, round_robin FROM streams_v1 WHERE name = ?';
const INSERT_STREAM = 'INSERT INTO streams_v1 (name, partitions, retention_ms, created_at) VALUES (?, ?, ?, ?)';
const UPDATE_STREAM = 'UPDATE streams_v1 SET partitions = ?, retention_ms = ? WHERE name = ?';
const INSERT_PARTITION = 'INSERT INTO stream_partitions_v1 (stream, part) VALUES (?, ?) ON CONFLICT (stream, part) DO NOTHING';
const PARTITION = 'SELECT next_offset, last_timestamp FROM stream_partitions_v1 WHERE stream = ? AND part = ?';
const ADVANCE = 'UPDATE stream_partitions_v1 SET next_offset = ?, last_timestamp = ? WHERE stream = ? AND part = ?';
const ROUND_ROBIN = 'UPDATE streams_v1 SET round_robin = ? WHERE name = ?';
const INSERT_EVENT = `INSERT INTO events_v1 (stream, part, event_offset, id, headers, data, partition_key, timestamp)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?)`;
const EVENTS = `SELECT event_offset, id, headers, data, partition_key, timestamp FROM events_v1
  WHERE stream = ? AND part = ? AND event_offset >= ? ORDER BY event_offset LIMIT ?`;
const FIRST_OFFSET = 'SELECT MIN(event_offset) AS first FROM events_v1 WHERE stream = ? AND part = ?';
const AT_TIME = `SELECT event_offset FROM events_v1 WHERE stream = ? AND part = ? AND timestamp >= ?
  ORDER BY timestamp, event_offset LIMIT 1`;

export function streamWakeKey(stream: string, partition: number): string {
  return `stream:${partition}:${stream}`;
}

export function findStream(sql: Statements, stream: string): StreamRow | undefined {
  return sql.get<StreamRow>(STREAM, stream);
}

export function requireStream(sql: Statements, stream: string): StreamRow {
  const row = findStream(sql, stream);
  if (row === undefined) throw new OutriggerError('unknown_resource', `stream '${stream}' does not exist on this broker; append to it or ensure it first`);
  return row;
}

export function checkStreamSettings(stream: string, settings: StreamSettings): void {
  if (!Number.isSafeInteger(settings.partitions) || settings.partitions < 1 || settings.partitions > MAX_PARTITIONS) {
    throw new OutriggerError('bad_request', `stream '${stream}': partitions must be an integer from 1 to ${MAX_PARTITIONS}`);
  }
  if (!Number.isSafeInteger(settings.retentionMs) || settings.retentionMs < 1) {
    throw new OutriggerError('bad_request', `stream '${stream}': retentionMs must be a positive integer`);
  }
}

/** Creates the stream, or updates it; partitions can grow but never shrink (events would be orphaned). */
export function ensureStreamTx(tx: Tx, stream: string, settings: StreamSettings): StreamRow {
  const existing = findStream(tx.sql, stream);
  if (existing === undefined) tx.sql.run(INSERT_STREAM, stream, settings.partitions, settings.retentionMs, tx.now);
  else if (settings.partitions < existing.partitions) {
    throw new OutriggerError(
      'bad_request',
      `stream '${stream}' already has ${existing.partitions} partitions in the broker file; it cannot shrink to ${settings.partitions}`,
    );
  } else tx.sql.run(UPDATE_STREAM, settings.partitions, settings.retentionMs, stream);
  for (let part = 0; part < settings.partitions; part++) tx.sql.run(INSERT_PARTITION, stream, part);
  return requireStream(tx.sql, stream);
}

/** FNV-1a, 32 bits, over the key's UTF-8 bytes: the same key lands in the same partition in every process. */
export function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(text, 'utf8')) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  return hash >>> 0;
}

export function appendTx(tx: Tx, stream: string, events: AppendEvent[]): AppendReceipt[] {
  const row = findStream(tx.sql, stream) ?? ensureStreamTx(tx, stream, defaultStreamSettings);
  const partitions = row.partitions;
  for (const event of events) {
    if (event.partition !== undefined && (!Number.isSafeInteger(event.partition) || event.partition < 0 || event.partition >= partitions)) {
      throw new OutriggerError('bad_request', `stream '${stream}' has partitions 0 to ${partitions - 1}; partition ${String(event.partition)} does not exist`);
    }
  }
  let roundRobin = row.round_robin;
  const receipts: AppendReceipt[] = [];
  for (const event of events) {
    let part: number;
    if (event.partition !== undefined) part = event.partition;
    else if (event.partitionKey !== undefined) part = fnv1a32(event.partitionKey) % partitions;
    else part = roundRobin++ % partitions;
    const position = tx.sql.get<{ next_offset: number; last_timestamp: number }>(PARTITION, stream, part);
    if (position === undefined) throw new OutriggerError('internal', `stream '${stream}' partition ${part} has no offset row`);
    const offset = position.next_offset;
    const timestamp = Math.max(tx.now, position.last_timestamp);
    tx.sql.run(INSERT_EVENT, stream, part, offset, event.id, encodeHeaders(event.headers), event.data, event.partitionKey ?? null, timestamp);
    tx.sql.run(ADVANCE, offset + 1, timestamp, stream, part);
    tx.touch(streamWakeKey(stream, part));
    receipts.push({ id: event.id, partition: part, offset });
  }
  if (roundRobin !== row.round_robin) tx.sql.run(ROUND_ROBIN, roundRobin % partitions, stream);
  return receipts;
}

export function nextOffset(sql: Statements, stream: string, part: number): number {
  return sql.get<{ next_offset: number }>(PARTITION, stream, part)?.next_offset ?? 0;
}

export function firstOffset(sql: Statements, stream: string, part: number): number {
  return sql.get<{ first: number | null }>(FIRST_OFFSET, stream, part)?.first ?? nextOffset(sql, stream, part);
}

/** The first retained event with timestamp >= time, if one exists yet. */
export function offsetAtTime(sql: Statements, stream: string, part: number, time: number): number | undefined {
  return sql.get<{ event_offset: number }>(AT_TIME, stream, part, time)?.event_offset;
}

export function partitionInfo(sql: Statements, stream: string, partitions: number): PartitionInfo[] {
  const info: PartitionInfo[] = [];
  for (let part = 0; part < partitions; part++) {
    info.push({ partition: part, firstOffset: firstOffset(sql, stream, part), nextOffset: nextOffset(sql, stream, part) });
  }
  return info;
}

interface EventRow {
  event_offset: number;
  id: string;
  headers: string;
  data: Uint8Array;
  partition_key: string | null;
  timestamp: number;
}

/** Events at or after `from` (an offset before the oldest retained starts at the oldest retained). */
export function readEvents(sql: Statements, stream: string, part: number, from: number, max: number): StreamEvent[] {
  return sql.all<EventRow>(EVENTS, stream, part, from, max).map((row) => ({
    id: row.id,
    partition: part,
    offset: row.event_offset,
    headers: decodeHeaders(row.headers),
    data: row.data,
    ...(row.partition_key === null ? {} : { partitionKey: row.partition_key }),
    timestamp: row.timestamp,
  }));
}
