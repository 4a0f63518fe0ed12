/**
 * Outrigger messages (binary-mode CloudEvent headers and a body) as Event Grid events, both ways.
 *
 * CloudEvents 1.0 (structured JSON):
 * - `ce-<name>` headers become attributes (extensions when not context attributes), `traceparent`
 *   and `tracestate` the distributed-tracing extensions, content-type `datacontenttype`. Any
 *   other header travels in the `outriggerheaders` extension (a JSON string), so a consumer
 *   through Outrigger gets back exactly the headers sent, and other consumers see a plain event.
 * - data: the JSON value for a JSON content type, a string for text, otherwise `data_base64`.
 *
 * Event Grid schema (documented field by field in docs/eventgrid.md):
 * - id = message id, eventType = ce-type, subject = ce-subject (else ce-source, as the service
 *   requires one), eventTime = ce-time (else now), dataVersion = ce-dataversion (else ""),
 *   topic = the domain topic on a domain; data as for CloudEvents, but binary bodies become a
 *   Base64 string: the schema has no binary data and no extensions, so other headers are lost.
 * - Read back (webhook): ce-id, ce-type, ce-subject, ce-time, ce-source = topic,
 *   ce-dataversion, content-type application/json.
 */
import type { MessageHeaders, OutboundMessage } from '../contract.js';

export type WireEvent = Record<string, unknown>;

const HEADERS = 'outriggerheaders';
const attributeName = /^[a-z0-9]{1,64}$/;
const tracing = ['traceparent', 'tracestate'];
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** A structured CloudEvent; `source` replaces ce-source (a domain topic). */
export function toCloudEvent(message: OutboundMessage, source?: string): WireEvent {
  const { headers } = message;
  const event: WireEvent = {
    specversion: '1.0',
    id: message.id,
    source: source ?? headers['ce-source'] ?? 'outrigger',
    type: headers['ce-type'] ?? 'outrigger.event',
  };
  const carried: MessageHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (name === 'content-type' || name === 'ce-id' || name === 'ce-specversion' || name === 'ce-source' || name === 'ce-type') continue;
    const attribute = name.startsWith('ce-') ? name.slice(3) : tracing.includes(name) ? name : undefined;
    if (attribute !== undefined && attributeName.test(attribute) && attribute !== HEADERS && !['data', 'data_base64'].includes(attribute)) event[attribute] = value;
    else carried[name] = value;
  }
  if (source !== undefined && headers['ce-source'] !== undefined) carried['ce-source'] = headers['ce-source'];
  if (Object.keys(carried).length > 0) event[HEADERS] = JSON.stringify(carried);
  const contentType = headers['content-type'];
  if (message.data.byteLength > 0) event['datacontenttype'] = contentType ?? 'application/octet-stream';
  Object.assign(event, encodeData(contentType, message.data));
  return event;
}

/** An Event Grid schema event; `topic` names the domain topic on a domain. */
export function toEventGridEvent(message: OutboundMessage, topic?: string, now = new Date()): WireEvent {
  const { headers } = message;
  const event: WireEvent = {
    id: message.id,
    eventType: headers['ce-type'] ?? 'outrigger.event',
    subject: headers['ce-subject'] ?? headers['ce-source'] ?? '/',
    eventTime: headers['ce-time'] ?? now.toISOString(),
    dataVersion: headers['ce-dataversion'] ?? '',
  };
  if (topic !== undefined) event['topic'] = topic;
  const encoded = encodeData(headers['content-type'], message.data);
  event['data'] = 'data_base64' in encoded ? encoded['data_base64'] : (encoded['data'] ?? null);
  return event;
}

/** A structured CloudEvent as received (namespace pull): its id, binary-mode headers and body. */
export function fromCloudEvent(event: WireEvent): { id: string; headers: MessageHeaders; data: Uint8Array } {
  const headers: MessageHeaders = {};
  let carried: MessageHeaders = {};
  for (const [name, value] of Object.entries(event)) {
    if (value === null || value === undefined || name === 'data' || name === 'data_base64' || name === 'datacontenttype') continue;
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    if (name === HEADERS) carried = parseCarried(text);
    else headers[tracing.includes(name) ? name : `ce-${name}`] = text;
  }
  const contentType = typeof event['datacontenttype'] === 'string' ? event['datacontenttype'] : undefined;
  Object.assign(headers, carried);
  let data: Uint8Array = new Uint8Array(0);
  if (typeof event['data_base64'] === 'string') data = new Uint8Array(Buffer.from(event['data_base64'], 'base64'));
  else if (event['data'] !== undefined && event['data'] !== null) {
    const json = contentType === undefined || isJson(contentType);
    data = new Uint8Array(Buffer.from(typeof event['data'] === 'string' && !json ? event['data'] : JSON.stringify(event['data'])));
  }
  if (contentType !== undefined) headers['content-type'] = contentType;
  else if (data.byteLength > 0) headers['content-type'] = 'application/json';
  return { id: String(event['id'] ?? ''), headers, data };
}

/** Bytes of the event as JSON: what the service's 1 MB limits count. */
export function wireSize(event: WireEvent): number {
  return Buffer.byteLength(JSON.stringify(event));
}

function encodeData(contentType: string | undefined, data: Uint8Array): { data?: unknown; data_base64?: string } {
  if (data.byteLength === 0) return {};
  if (contentType !== undefined) {
    try {
      if (isJson(contentType)) return { data: JSON.parse(utf8.decode(data)) as unknown };
      if (/^text\/|charset=utf-8/i.test(contentType)) return { data: utf8.decode(data) };
    } catch {
      // Not what its content type says: sent byte for byte.
    }
  }
  return { data_base64: Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('base64') };
}

function isJson(contentType: string): boolean {
  const type = contentType.split(';', 1)[0]!.trim().toLowerCase();
  return type === 'application/json' || type.endsWith('+json');
}

function parseCarried(text: string): MessageHeaders {
  try {
    const value = JSON.parse(text) as unknown;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
    return Object.fromEntries(Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
  } catch {
    return {};
  }
}
