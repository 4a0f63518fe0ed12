/**
 * Outrigger messages as NATS messages and back. The body is the message data byte for byte and
 * every carried header (the CloudEvents attributes as `ce-<attr>`) is a NATS header of the same
 * name, so a plain NATS client reads what Outrigger writes and writes what Outrigger reads.
 * The driver's own bookkeeping travels in `outrigger-*` headers, never shown to the app.
 */
import { headers as natsHeaders, type MsgHdrs } from '@nats-io/transport-node';
import type { MessageHeaders, OutboundMessage } from '../contract.js';

/** The driver's own headers. */
export const bookkeeping = {
  id: 'outrigger-id',
  orderingKey: 'outrigger-ordering-key',
  /** A stream event's partition key. */
  partitionKey: 'outrigger-partition-key',
  expiresAt: 'outrigger-expires-at',
  /** When a scheduled message becomes due (schedule.ts). */
  notBefore: 'outrigger-not-before',
  /** Attempts already counted before this copy was written (a release or redrive writes a copy). */
  attempts: 'outrigger-attempts',
  /** A copy released with retryAfterMs: not delivered before this time (release.ts). */
  heldUntil: 'outrigger-held-until',
  enqueuedAt: 'outrigger-enqueued-at',
  reason: 'outrigger-reason',
  deadLetteredAt: 'outrigger-dead-lettered-at',
} as const;

/** JetStream's duplicate-suppression key. */
export const msgIdHeader = 'Nats-Msg-Id';

export function encodeHeaders(message: OutboundMessage, extra: Record<string, string> = {}): MsgHdrs {
  const out = natsHeaders();
  for (const [name, value] of Object.entries(message.headers)) out.set(name, value);
  // The id needs a header of its own only when ce-id does not already carry it.
  if (message.headers['ce-id'] !== message.id) out.set(bookkeeping.id, message.id);
  if (message.orderingKey !== undefined) out.set(bookkeeping.orderingKey, message.orderingKey);
  if (message.expiresAt !== undefined) out.set(bookkeeping.expiresAt, String(message.expiresAt));
  if (message.notBefore !== undefined) out.set(bookkeeping.notBefore, String(message.notBefore));
  if (message.idempotencyKey !== undefined) out.set(msgIdHeader, message.idempotencyKey);
  for (const [name, value] of Object.entries(extra)) out.set(name, value);
  return out;
}

/** Every header, names lower-cased; `all` includes the driver's own and NATS's. */
export function readHeaders(source: MsgHdrs | undefined, all = false): MessageHeaders {
  const out: MessageHeaders = {};
  if (source === undefined) return out;
  for (const [name, values] of source) {
    const lower = name.toLowerCase();
    if (!all && (lower.startsWith('outrigger-') || lower.startsWith('nats-'))) continue;
    const value = values[values.length - 1];
    if (value !== undefined) out[lower] = value;
  }
  return out;
}

/** Rebuilds the OutboundMessage a stored message was sent as (for copies: release, dead letter, redrive). */
export function asOutbound(all: MessageHeaders, data: Uint8Array, fallbackId: string): OutboundMessage {
  const headers: MessageHeaders = {};
  for (const [name, value] of Object.entries(all)) if (!name.startsWith('outrigger-') && !name.startsWith('nats-')) headers[name] = value;
  const orderingKey = all[bookkeeping.orderingKey];
  const expiresAt = numberHeader(all, bookkeeping.expiresAt);
  return {
    id: messageId(all, fallbackId),
    headers,
    data,
    ...(orderingKey === undefined ? {} : { orderingKey }),
    ...(expiresAt === undefined ? {} : { expiresAt }),
  };
}

/** Outrigger's id, else the CloudEvents id, else one made from the stream sequence (a plain client's message). */
export function messageId(all: MessageHeaders, fallback: string): string {
  return all[bookkeeping.id] ?? all['ce-id'] ?? fallback;
}

export function numberHeader(all: MessageHeaders, name: string): number | undefined {
  const value = all[name];
  if (value === undefined) return undefined;
  const parsed = Number(value);
  return Number.isFinite(parsed) ? parsed : undefined;
}

/** The size the server counts against max_payload: body plus the header block. */
export function wireSize(headers: MsgHdrs, data: Uint8Array): number {
  // "NATS/1.0\r\n", then "name: value\r\n" per value, then "\r\n".
  let size = 12;
  // Counted, not encoded: this runs for every message sent.
  for (const [name, values] of headers) for (const value of values) size += Buffer.byteLength(name) + Buffer.byteLength(value) + 4;
  return data.length + size;
}

/** What a JetStream delivery's reply subject says: `$JS.ACK.[<domain>.<hash>.]<stream>.<consumer>.<delivered>.<seq>.<dseq>.<ts>.<pending>[.<token>]`. */
export interface AckInfo {
  deliveryCount: number;
  streamSequence: number;
  timestampMs: number;
}

export function parseAckSubject(reply: string): AckInfo | undefined {
  const tokens = reply.split('.');
  if (tokens[0] !== '$JS' || tokens[1] !== 'ACK') return undefined;
  // v1 has 9 tokens; v2 (domain and account hash after ACK) has 11 or 12.
  const base = tokens.length === 9 ? 4 : tokens.length >= 11 ? 6 : -1;
  if (base < 0) return undefined;
  const deliveryCount = Number(tokens[base]);
  const streamSequence = Number(tokens[base + 1]);
  const timestampMs = Number(BigInt(tokens[base + 3] ?? '0') / 1_000_000n);
  if (!Number.isSafeInteger(deliveryCount) || !Number.isSafeInteger(streamSequence)) return undefined;
  return { deliveryCount, streamSequence, timestampMs };
}
