/**
 * Request/reply over queues, on the wire. A request is an ordinary queue message that reads as a
 * CloudEvent (type dev.outrigger.query.request, id = correlation id), carrying the HTTP request:
 * the body is the message data, byte for byte; method, path, headers, reply address and deadline
 * are message headers. A reply (type dev.outrigger.query.reply) carries the status, headers and
 * body back, with the same correlation id. Any broker with queues can carry both.
 */
import type { MessageHeaders, OutboundMessage } from '../../../drivers/contract.js';
import { resourceNamePattern } from '../../../config/names.js';
import type { Headers } from '../headers.js';

export const requestType = 'dev.outrigger.query.request';
export const replyType = 'dev.outrigger.query.reply';
/** Reply addresses are per-process queues with this prefix; a responder sends replies nowhere else. */
export const replyQueuePrefix = 'outrigger.replies.';

const h = {
  correlation: 'outrigger-correlation-id',
  replyTo: 'outrigger-reply-to',
  method: 'outrigger-method',
  path: 'outrigger-path',
  deadline: 'outrigger-deadline',
  status: 'outrigger-status',
  http: 'outrigger-http-headers',
} as const;

export interface WireRequest {
  correlationId: string;
  replyTo: string;
  method: string;
  /** '' or '/...' with the query string: relative to the responder's `deliver` path. */
  path: string;
  headers: Headers;
  body: Uint8Array;
  /** Epoch ms after which the caller no longer waits; Infinity for none. */
  deadline: number;
}

export interface WireReply {
  correlationId: string;
  status: number;
  headers: Headers;
  body: Uint8Array;
}

export function encodeRequest(request: WireRequest, source: string, withTtl: boolean): OutboundMessage {
  const headers: MessageHeaders = {
    ...cloudEvent(request.correlationId, source, requestType, request.headers),
    [h.correlation]: request.correlationId,
    [h.replyTo]: request.replyTo,
    [h.method]: request.method,
    [h.path]: request.path,
    [h.http]: JSON.stringify(request.headers),
  };
  if (Number.isFinite(request.deadline)) headers[h.deadline] = String(request.deadline);
  const message: OutboundMessage = { id: request.correlationId, headers, data: request.body };
  // Nobody waits for an answer after the deadline, so the request need not be served after it.
  if (withTtl && Number.isFinite(request.deadline)) message.expiresAt = request.deadline;
  return message;
}

/** The request, or why the message is not one. */
export function decodeRequest(message: { headers: MessageHeaders; data: Uint8Array }): WireRequest | string {
  const m = message.headers;
  const correlationId = m[h.correlation];
  const replyTo = m[h.replyTo];
  const method = m[h.method];
  const path = m[h.path];
  if (correlationId === undefined || replyTo === undefined || method === undefined || path === undefined) {
    return `not an Outrigger query request (needs ${h.correlation}, ${h.replyTo}, ${h.method} and ${h.path})`;
  }
  if (!replyTo.startsWith(replyQueuePrefix) || !resourceNamePattern.test(replyTo)) return `reply address '${replyTo}' is not an Outrigger reply queue`;
  if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,32}$/.test(method)) return `'${method}' is not an HTTP method`;
  const headers = parseHeaders(m[h.http]);
  if (headers === undefined) return `${h.http} is not a JSON object of header values`;
  const deadline = m[h.deadline] === undefined ? Number.POSITIVE_INFINITY : Number(m[h.deadline]);
  if (Number.isNaN(deadline)) return `${h.deadline} is not a time`;
  return { correlationId, replyTo, method, path, headers, body: message.data, deadline };
}

export function encodeReply(reply: WireReply, source: string, expiresAt: number | undefined): OutboundMessage {
  const headers: MessageHeaders = {
    ...cloudEvent(reply.correlationId, source, replyType, reply.headers),
    [h.correlation]: reply.correlationId,
    [h.status]: String(reply.status),
    [h.http]: JSON.stringify(reply.headers),
  };
  const message: OutboundMessage = { id: `${reply.correlationId}.reply`, headers, data: reply.body };
  if (expiresAt !== undefined && Number.isFinite(expiresAt)) message.expiresAt = expiresAt;
  return message;
}

export function decodeReply(message: { headers: MessageHeaders; data: Uint8Array }): WireReply | undefined {
  const correlationId = message.headers[h.correlation];
  const status = Number(message.headers[h.status]);
  const headers = parseHeaders(message.headers[h.http]);
  if (correlationId === undefined || !Number.isInteger(status) || status < 100 || status > 999 || headers === undefined) return undefined;
  return { correlationId, status, headers, body: message.data };
}

/** CloudEvents binary-mode attributes, so the message reads well in dead-letter listings. */
function cloudEvent(id: string, source: string, type: string, http: Headers): MessageHeaders {
  const headers: MessageHeaders = { 'ce-specversion': '1.0', 'ce-id': id, 'ce-source': source, 'ce-type': type };
  const contentType = http['content-type'];
  if (typeof contentType === 'string') headers['content-type'] = contentType;
  const traceparent = http['traceparent'];
  if (typeof traceparent === 'string') headers['traceparent'] = traceparent;
  return headers;
}

function parseHeaders(text: string | undefined): Headers | undefined {
  if (text === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const headers: Headers = {};
  for (const [name, item] of Object.entries(value as Record<string, unknown>)) {
    if (typeof item === 'string') headers[name.toLowerCase()] = item;
    else if (Array.isArray(item) && item.every((v) => typeof v === 'string')) headers[name.toLowerCase()] = item as string[];
    else return undefined;
  }
  return headers;
}
