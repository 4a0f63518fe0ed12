/**
 * Writing messages into inboxes, shared by queue sends and topic fan-out: input checks,
 * idempotency keys, and the message row itself.
 */
import { OutriggerError } from '../../kernel/errors.js';
import type { MessageHeaders, OutboundMessage, SendReceipt } from '../contract.js';
import type { Tx } from './group-commit.js';
import { encodeHeaders } from './sqlite.js';

/** Checks that need no file access; run before a message joins a group commit. */
export function checkOutbound(messages: OutboundMessage[], maxBytes: number): void {
  if (!Array.isArray(messages)) throw new OutriggerError('bad_request', 'messages must be a list');
  // Plain checks, not loops over [field, value] pairs: this runs for every message, and those
  // pairs were allocated each time.
  for (const message of messages) {
    checkBody(message.id, message.headers, message.data, maxBytes);
    checkTime('notBefore', message.notBefore);
    checkTime('expiresAt', message.expiresAt);
    checkString('orderingKey', message.orderingKey);
    checkString('idempotencyKey', message.idempotencyKey);
  }
}

function checkTime(field: string, value: number | undefined): void {
  if (value !== undefined && !Number.isFinite(value)) throw new OutriggerError('bad_request', `${field} must be a time in epoch milliseconds`);
}

function checkString(field: string, value: string | undefined): void {
  if (value !== undefined && typeof value !== 'string') throw new OutriggerError('bad_request', `${field} must be a string`);
}

function allStrings(headers: object): boolean {
  for (const name in headers) {
    if (Object.hasOwn(headers, name) && typeof (headers as Record<string, unknown>)[name] !== 'string') return false;
  }
  return true;
}

export function checkBody(id: unknown, headers: unknown, data: unknown, maxBytes: number): void {
  if (typeof id !== 'string' || id.length === 0) throw new OutriggerError('bad_request', 'every message needs a non-empty string id');
  if (headers === null || typeof headers !== 'object' || !allStrings(headers)) {
    throw new OutriggerError('bad_request', 'headers must map names to string values');
  }
  if (!(data instanceof Uint8Array)) throw new OutriggerError('bad_request', 'message data must be bytes');
  if (data.byteLength > maxBytes) {
    throw new OutriggerError('payload_too_large', `the message body is ${data.byteLength} bytes; this broker accepts at most ${maxBytes}`, {
      extensions: { limit: maxBytes },
    });
  }
}

const FIND_KEY = 'SELECT message_id FROM dedup_v1 WHERE scope = ? AND idem_key = ? AND expires_at > ?';
const REMEMBER_KEY = `INSERT INTO dedup_v1 (scope, idem_key, message_id, expires_at) VALUES (?, ?, ?, ?)
  ON CONFLICT (scope, idem_key) DO UPDATE SET message_id = excluded.message_id, expires_at = excluded.expires_at`;

/** The id of the message that already used this key within its window, if any. */
function findDuplicate(tx: Tx, scope: string, key: string): string | undefined {
  return tx.sql.get<{ message_id: string }>(FIND_KEY, scope, key, tx.now)?.message_id;
}

function rememberKey(tx: Tx, scope: string, key: string, messageId: string, windowMs: number): void {
  if (windowMs > 0) tx.sql.run(REMEMBER_KEY, scope, key, messageId, tx.now + windowMs);
}

/**
 * Hands each message to `write` unless its idempotency key was used in `scope` within the window
 * (then the receipt names the first message's id, as a duplicate); a key is remembered after its
 * message is written, so a repeat later in the same call is a duplicate too. `windowMs` is asked
 * only when a message has a key.
 */
export function writeUnlessDuplicate(tx: Tx, scope: string, messages: OutboundMessage[], windowMs: () => number, write: (message: OutboundMessage) => void): SendReceipt[] {
  const receipts: SendReceipt[] = [];
  for (const message of messages) {
    const key = message.idempotencyKey;
    const original = key === undefined ? undefined : findDuplicate(tx, scope, key);
    if (original !== undefined) {
      receipts.push({ id: original, duplicate: true });
      continue;
    }
    write(message);
    if (key !== undefined) rememberKey(tx, scope, key, message.id, windowMs());
    receipts.push({ id: message.id, duplicate: false });
  }
  return receipts;
}

const INSERT_MESSAGE = `INSERT INTO messages_v1 (inbox_id, id, headers, data, ordering_key, enqueued_at, expires_at, visible_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?)`;

export interface MessageFields {
  id: string;
  headers: MessageHeaders;
  data: Uint8Array;
  orderingKey?: string;
  notBefore?: number;
  expiresAt?: number;
}

/** The stored message's seq; undefined for a message already expired, which is worthless and is not stored. */
export function insertMessage(tx: Tx, inboxId: number, message: MessageFields): number | undefined {
  if (message.expiresAt !== undefined && message.expiresAt <= tx.now) return undefined;
  const visibleAt = Math.max(tx.now, Math.ceil(message.notBefore ?? 0));
  return tx.sql.insert(
    INSERT_MESSAGE,
    inboxId,
    message.id,
    encodeHeaders(message.headers),
    message.data,
    message.orderingKey ?? null,
    tx.now,
    message.expiresAt === undefined ? null : Math.floor(message.expiresAt),
    visibleAt,
  );
}
