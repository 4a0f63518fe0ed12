/**
 * Storage Queues carry only text, so each message is one JSON document: a CloudEvent in
 * structured mode (specversion, id, attributes, datacontenttype, data or data_base64), written as
 * Base64 or as plain text per the broker's `messageEncoding`, and read back exactly.
 *
 * - `ce-<name>` headers whose name is a valid CloudEvents attribute become top-level attributes;
 *   every other header (traceparent, x-..., ce-id and ce-specversion themselves) travels verbatim
 *   in `outriggerheaders`, a JSON string (extension values must be primitives), so the headers a
 *   consumer gets back are exactly those sent.
 * - data: the JSON value itself for a JSON content type when that reads back byte for byte, a
 *   string for text, otherwise `data_base64`, so nothing binary is mangled.
 * - Bookkeeping extensions: ordering and idempotency keys, the expiry (enforced on receive to the
 *   millisecond), releases (deliveries given back on shutdown, not attempts), and on a poison copy
 *   the reason, attempts and times.
 *
 * A message some other client wrote (plain text, Base64, or a CloudEvent of its own) is read too:
 * its body is the data and its CloudEvent id the message id (decodeMessage).
 */
import type { MessageHeaders, OutboundMessage } from '../contract.js';
import type { MessageEncoding } from './settings.js';

export interface Envelope {
  specversion: string;
  id: string;
  [attribute: string]: unknown;
}

export interface DeadLetterStamp {
  reason: string;
  attempts: number;
  /** When it was dead-lettered. */
  at: number;
  /** When the original was enqueued. */
  enqueuedAt: number;
}

/** A message as read: what the consumer sees, plus the bookkeeping the driver needs. */
export interface Decoded {
  id: string;
  headers: MessageHeaders;
  data: Uint8Array;
  orderingKey?: string;
  idempotencyKey?: string;
  expiresAt?: number;
  released: number;
  deadLetter?: DeadLetterStamp;
  /** False for a message another client wrote: it is never rewritten in place (releases count). */
  ours: boolean;
}

const HEADERS = 'outriggerheaders';
const ORDERING_KEY = 'outriggerorderingkey';
const IDEMPOTENCY_KEY = 'outriggeridempotencykey';
const EXPIRES_AT = 'outriggerexpiresat';
const RELEASED = 'outriggerreleased';
const DEAD_REASON = 'outriggerdeadreason';
const DEAD_ATTEMPTS = 'outriggerdeadattempts';
const DEAD_AT = 'outriggerdeadat';
const ENQUEUED_AT = 'outriggerenqueuedat';

/** Top-level members that are not `ce-` attributes. */
const structural = new Set(['specversion', 'id', 'datacontenttype', 'data', 'data_base64']);
const attributeName = /^[a-z0-9]{1,20}$/;
const utf8 = new TextDecoder('utf-8', { fatal: true });

export function toEnvelope(message: OutboundMessage): Envelope {
  const envelope: Envelope = { specversion: '1.0', id: message.id };
  const carried: MessageHeaders = {};
  const contentType = message.headers['content-type'];
  for (const [name, value] of Object.entries(message.headers)) {
    if (name === 'content-type') continue;
    const attribute = name.startsWith('ce-') ? name.slice(3) : undefined;
    if (attribute !== undefined && attributeName.test(attribute) && !structural.has(attribute) && !attribute.startsWith('outrigger')) envelope[attribute] = value;
    else carried[name] = value;
  }
  if (contentType !== undefined) envelope.datacontenttype = contentType;
  envelope[HEADERS] = JSON.stringify(carried);
  if (message.orderingKey !== undefined) envelope[ORDERING_KEY] = message.orderingKey;
  if (message.idempotencyKey !== undefined) envelope[IDEMPOTENCY_KEY] = message.idempotencyKey;
  if (message.expiresAt !== undefined) envelope[EXPIRES_AT] = message.expiresAt;
  Object.assign(envelope, encodeData(contentType, message.data));
  return envelope;
}

/** The envelope of a message read back, with its releases and dead-letter stamp replaced. */
export function restamp(decoded: Decoded, changes: { released?: number; deadLetter?: DeadLetterStamp | undefined }): Envelope {
  const envelope = toEnvelope({
    id: decoded.id,
    headers: decoded.headers,
    data: decoded.data,
    ...(decoded.orderingKey === undefined ? {} : { orderingKey: decoded.orderingKey }),
    ...(decoded.idempotencyKey === undefined ? {} : { idempotencyKey: decoded.idempotencyKey }),
    ...(decoded.expiresAt === undefined ? {} : { expiresAt: decoded.expiresAt }),
  });
  const released = 'released' in changes ? changes.released : decoded.released;
  if (released !== undefined && released > 0) envelope[RELEASED] = released;
  const dead = 'deadLetter' in changes ? changes.deadLetter : decoded.deadLetter;
  if (dead !== undefined) {
    envelope[DEAD_REASON] = dead.reason;
    envelope[DEAD_ATTEMPTS] = dead.attempts;
    envelope[DEAD_AT] = dead.at;
    envelope[ENQUEUED_AT] = dead.enqueuedAt;
  }
  return envelope;
}

/** The message text to send: the JSON document, Base64-encoded unless the queue carries plain text. */
export function encodeText(envelope: Envelope, encoding: MessageEncoding): string {
  const json = JSON.stringify(envelope);
  return encoding === 'base64' ? Buffer.from(json, 'utf8').toString('base64') : json;
}

/** How many bytes the service counts for this message text. */
export function encodedSize(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/**
 * Reads message text in either encoding: our envelope (or any CloudEvent) as JSON or Base64 JSON;
 * anything else is a foreign message, its body the Base64-decoded bytes (base64 queues) or the
 * text itself, with a CloudEvent id from the service's message id.
 */
export function decodeMessage(text: string, encoding: MessageEncoding, context: { messageId: string; queue: string }): Decoded {
  const asBase64 = base64Bytes(text);
  const envelope = envelopeOf(text) ?? (asBase64 === undefined ? undefined : envelopeOf(tryUtf8(asBase64)));
  if (envelope !== undefined) return fromEnvelope(envelope);
  const data = encoding === 'base64' && asBase64 !== undefined ? asBase64 : new Uint8Array(Buffer.from(text, 'utf8'));
  return {
    id: context.messageId,
    headers: {
      'ce-specversion': '1.0',
      'ce-id': context.messageId,
      'ce-source': `urn:azure-storage-queue:${context.queue}`,
      'ce-type': 'com.microsoft.azure.storage.queue.message',
    },
    data,
    released: 0,
    ours: false,
  };
}

function fromEnvelope(envelope: Envelope): Decoded {
  const ours = typeof envelope[HEADERS] === 'string';
  const headers: MessageHeaders = {};
  if (!ours) {
    // A CloudEvent another client wrote: its context attributes as binary-mode headers.
    headers['ce-specversion'] = envelope.specversion;
    headers['ce-id'] = envelope.id;
  }
  for (const [name, value] of Object.entries(envelope)) {
    if (structural.has(name) || name.startsWith('outrigger') || value === null || typeof value === 'object') continue;
    headers[`ce-${name}`] = String(value);
  }
  if (ours) Object.assign(headers, parseHeaders(envelope[HEADERS] as string));
  const contentType = typeof envelope.datacontenttype === 'string' ? envelope.datacontenttype : undefined;
  if (contentType !== undefined) headers['content-type'] = contentType;
  const decoded: Decoded = { id: envelope.id, headers, data: decodeData(envelope, contentType), released: numberAt(envelope, RELEASED) ?? 0, ours };
  const orderingKey = stringAt(envelope, ORDERING_KEY);
  const idempotencyKey = stringAt(envelope, IDEMPOTENCY_KEY);
  const expiresAt = numberAt(envelope, EXPIRES_AT);
  if (orderingKey !== undefined) decoded.orderingKey = orderingKey;
  if (idempotencyKey !== undefined) decoded.idempotencyKey = idempotencyKey;
  if (expiresAt !== undefined) decoded.expiresAt = expiresAt;
  const reason = stringAt(envelope, DEAD_REASON);
  if (reason !== undefined) {
    decoded.deadLetter = { reason, attempts: numberAt(envelope, DEAD_ATTEMPTS) ?? 0, at: numberAt(envelope, DEAD_AT) ?? 0, enqueuedAt: numberAt(envelope, ENQUEUED_AT) ?? 0 };
  }
  return decoded;
}

function encodeData(contentType: string | undefined, data: Uint8Array): { data?: unknown; data_base64?: string } {
  if (data.byteLength === 0) return {};
  const text = tryUtf8(data);
  if (text !== undefined && contentType !== undefined) {
    if (isJson(contentType)) {
      // Inline only when the value reads back as the very same bytes.
      try {
        const value: unknown = JSON.parse(text);
        if (JSON.stringify(value) === text) return { data: value };
      } catch {
        // not JSON after all: Base64 below
      }
    } else return { data: text };
  }
  return { data_base64: Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('base64') };
}

function decodeData(envelope: Envelope, contentType: string | undefined): Uint8Array {
  if (typeof envelope.data_base64 === 'string') return new Uint8Array(Buffer.from(envelope.data_base64, 'base64'));
  if (!('data' in envelope) || envelope.data === undefined) return new Uint8Array();
  // CloudEvents: without a content type, data is JSON; with a non-JSON one, a string.
  if (typeof envelope.data === 'string' && contentType !== undefined && !isJson(contentType)) return new Uint8Array(Buffer.from(envelope.data, 'utf8'));
  return new Uint8Array(Buffer.from(JSON.stringify(envelope.data), 'utf8'));
}

function envelopeOf(text: string | undefined): Envelope | undefined {
  if (text === undefined || !text.trimStart().startsWith('{')) return undefined;
  try {
    const value = JSON.parse(text) as Record<string, unknown> | null;
    if (value !== null && typeof value === 'object' && value.specversion === '1.0' && typeof value.id === 'string') return value as Envelope;
  } catch {
    // plain text that happens to start with a brace
  }
  return undefined;
}

/** The bytes of canonical Base64 text, else undefined (so plain words are not mistaken for it). */
function base64Bytes(text: string): Uint8Array | undefined {
  if (text.length === 0 || text.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(text)) return undefined;
  const bytes = Buffer.from(text, 'base64');
  return bytes.toString('base64') === text ? new Uint8Array(bytes) : undefined;
}

function tryUtf8(data: Uint8Array): string | undefined {
  try {
    return utf8.decode(data);
  } catch {
    return undefined;
  }
}

function isJson(contentType: string): boolean {
  const mediaType = contentType.split(';', 1)[0]!.trim().toLowerCase();
  return mediaType === 'application/json' || mediaType.endsWith('+json');
}

function parseHeaders(text: string): MessageHeaders {
  try {
    const value = JSON.parse(text) as unknown;
    if (value === null || typeof value !== 'object') return {};
    return Object.fromEntries(Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
  } catch {
    return {};
  }
}

function stringAt(envelope: Envelope, key: string): string | undefined {
  const value = envelope[key];
  return typeof value === 'string' ? value : undefined;
}

function numberAt(envelope: Envelope, key: string): number | undefined {
  const value = envelope[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}
