/**
 * Outrigger messages as AMQP 0-9-1 messages and back, per the CloudEvents AMQP binding: the body
 * is the data byte for byte, `content-type` is the content_type property, each CloudEvents
 * attribute `ce-<attr>` is the header `cloudEvents:<attr>` and every other carried header keeps
 * its name. The message id is the message_id property. The driver's own bookkeeping travels in
 * the `outrigger-*` headers named in `bookkeeping`, never shown (other `outrigger-*` headers, such
 * as a query's correlation id, belong to the message); nor are the broker's (`x-delivery-count`,
 * `x-death`, ...).
 */
import { randomUUID } from 'node:crypto';
import type { Envelope } from 'rabbitmq-client';
import type { MessageHeaders, OutboundMessage } from '../contract.js';

/** The driver's own headers. */
export const bookkeeping = {
  enqueuedAt: 'outrigger-enqueued-at',
  expiresAt: 'outrigger-expires-at',
  /** Not to be delivered before this time (delays.ts). */
  notBefore: 'outrigger-not-before',
  orderingKey: 'outrigger-ordering-key',
  /** Attempts already counted before this copy was written (release and counted requeues write copies). */
  attempts: 'outrigger-attempts',
  reason: 'outrigger-reason',
  deadLetteredAt: 'outrigger-dead-lettered-at',
  /** The content_type the message arrived with (see channels.ts: the client would decode the body). */
  contentType: 'outrigger-raw-content-type',
} as const;

/** Core's correlation id header on a query's request and reply. */
const correlationHeader = 'outrigger-correlation-id';
const ownHeaders: ReadonlySet<string> = new Set(Object.values(bookkeeping));
const cePrefix = 'ce-';
const amqpPrefixes = ['cloudEvents:', 'cloudEvents_'];
/** Headers the broker adds: never part of the message the app sees. */
const brokerHeader = (name: string): boolean => name === 'x-delivery-count' || name === 'x-death' || name.startsWith('x-first-death-') || name.startsWith('x-last-death-');

/** The envelope properties of a message bound for `exchange`/`routingKey`; `extra` are bookkeeping headers. */
export function encode(message: OutboundMessage, exchange: string, routingKey: string, extra: Record<string, string> = {}, now = Date.now()): Envelope {
  const headers: Record<string, string> = {};
  let contentType: string | undefined;
  for (const [name, value] of Object.entries(message.headers)) {
    if (name === 'content-type') contentType = value;
    else if (name.startsWith(cePrefix)) headers[`cloudEvents:${name.slice(cePrefix.length)}`] = value;
    else headers[name] = value;
  }
  headers[bookkeeping.enqueuedAt] ??= String(now);
  if (message.orderingKey !== undefined) headers[bookkeeping.orderingKey] = message.orderingKey;
  let expiration: string | undefined;
  if (message.expiresAt !== undefined) {
    headers[bookkeeping.expiresAt] = String(message.expiresAt);
    // The broker drops it once it reaches the head of the queue after this long.
    expiration = String(Math.max(0, message.expiresAt - now));
  }
  Object.assign(headers, extra);
  // A request's reply queue and correlation id as AMQP properties too, for plain RPC clients (replies.ts).
  const replyTo = message.replyTo?.session ?? message.replyTo?.queue;
  const correlationId = message.headers[correlationHeader];
  return {
    exchange,
    routingKey,
    durable: true,
    messageId: message.id,
    ...(replyTo === undefined ? {} : { replyTo }),
    ...(correlationId === undefined ? {} : { correlationId }),
    timestamp: Math.floor(now / 1000),
    headers,
    ...(contentType === undefined ? {} : { contentType }),
    ...(expiration === undefined ? {} : { expiration }),
  };
}

/** What arrived, as the driver reads it. */
export interface Decoded {
  message: OutboundMessage;
  /** Every header as it arrived (the driver's own included), for copies. */
  raw: Record<string, string>;
  enqueuedAt: number;
  /** From a copy: attempts counted before it was written. */
  priorAttempts: number;
  /** The quorum queue's count of earlier deliveries; undefined on classic queues. */
  deliveryCount: number | undefined;
  /** Why the broker itself dead-lettered it (x-first-death-reason: rejected, expired, maxlen, delivery_limit). */
  brokerDeathReason: string | undefined;
}

interface Incoming {
  headers?: Record<string, unknown>;
  contentType?: string;
  messageId?: string;
  timestamp?: number;
  body: unknown;
}

export function decode(msg: Incoming): Decoded {
  const raw: Record<string, string> = {};
  const headers: MessageHeaders = {};
  let deliveryCount: number | undefined;
  let brokerDeathReason: string | undefined;
  for (const [name, value] of Object.entries(msg.headers ?? {})) {
    if (name === 'x-delivery-count') deliveryCount = typeof value === 'number' ? value : Number(value);
    if (name === 'x-first-death-reason') brokerDeathReason = asText(value);
    if (brokerHeader(name)) continue;
    const text = asText(value);
    if (text === undefined) continue;
    raw[name] = text;
    const lower = name.toLowerCase();
    // Only the driver's own: core's outrigger-* headers (a query's correlation id, reply-to, ...) are the message's.
    if (ownHeaders.has(lower)) continue;
    const prefix = amqpPrefixes.find((p) => name.startsWith(p));
    headers[prefix === undefined ? lower : `${cePrefix}${name.slice(prefix.length).toLowerCase()}`] = text;
  }
  const contentType = raw[bookkeeping.contentType] ?? msg.contentType;
  if (contentType !== undefined) headers['content-type'] = contentType;
  const expiresAt = numberOf(raw[bookkeeping.expiresAt]);
  const notBefore = numberOf(raw[bookkeeping.notBefore]);
  const orderingKey = raw[bookkeeping.orderingKey];
  // A plain client's message without message_id or ce-id gets an id of its own at each delivery.
  const id = msg.messageId ?? headers['ce-id'] ?? randomUUID();
  const enqueuedAt = numberOf(raw[bookkeeping.enqueuedAt]) ?? (msg.timestamp === undefined ? Date.now() : msg.timestamp * 1000);
  return {
    message: {
      id,
      headers,
      data: bodyBytes(msg.body),
      ...(orderingKey === undefined ? {} : { orderingKey }),
      ...(expiresAt === undefined ? {} : { expiresAt }),
      ...(notBefore === undefined ? {} : { notBefore }),
    },
    raw,
    enqueuedAt,
    priorAttempts: numberOf(raw[bookkeeping.attempts]) ?? 0,
    deliveryCount: deliveryCount !== undefined && Number.isFinite(deliveryCount) ? deliveryCount : undefined,
    brokerDeathReason,
  };
}

/** The bookkeeping headers a copy keeps (enqueue time, expiry, not-before, ordering key), plus `extra`. */
export function carried(decoded: Decoded, extra: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of [bookkeeping.enqueuedAt, bookkeeping.orderingKey, bookkeeping.expiresAt, bookkeeping.notBefore]) {
    const value = decoded.raw[name];
    if (value !== undefined) out[name] = value;
  }
  return { ...out, ...extra };
}

export function numberOf(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  return Number.isFinite(parsed) ? parsed : undefined;
}

function asText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  if (value instanceof Date) return value.toISOString();
  return undefined;
}

/** channels.ts keeps bodies undecoded, so this is a Buffer; anything else is a bug upstream. */
function bodyBytes(body: unknown): Uint8Array {
  if (Buffer.isBuffer(body)) return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  if (body === undefined || body === null) return new Uint8Array();
  throw new Error('rabbitmq-client decoded a message body; the raw-body hook in channels.ts no longer applies');
}
