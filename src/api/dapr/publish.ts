/**
 * Dapr's publish calls turned into Outrigger events: a body sent as
 * `application/cloudevents+json` is the event itself (Dapr fills what it lacks); any other body
 * is the data of an event Dapr would have wrapped it in (its own id, the app as source, type
 * `com.dapr.event.sent`); `metadata.rawPayload=true` keeps the body as data, never unwrapped.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { fromStructured, headerValue, type CloudEvent } from '../../core/cloudevents.js';
import { OutriggerError } from '../../kernel/errors.js';

export const daprEventType = 'com.dapr.event.sent';
const cloudEventsType = 'application/cloudevents+json';

export interface PublishMetadata {
  rawPayload: boolean;
  ttlMs?: number;
}

/** `metadata.*` query parameters; those for a broker's own component are accepted and ignored. */
export function publishMetadata(params: URLSearchParams): PublishMetadata {
  const raw = params.get('metadata.rawPayload');
  if (raw !== null && raw !== 'true' && raw !== 'false') throw new OutriggerError('invalid_header', `metadata.rawPayload must be true or false, got '${raw}'`);
  const metadata: PublishMetadata = { rawPayload: raw === 'true' };
  const ttl = params.get('metadata.ttlInSeconds');
  if (ttl !== null) {
    if (!/^\d+$/.test(ttl) || Number(ttl) < 1) throw new OutriggerError('invalid_header', `metadata.ttlInSeconds must be a positive whole number of seconds, got '${ttl}'`);
    metadata.ttlMs = Number(ttl) * 1000;
  }
  return metadata;
}

export function mediaTypeOf(contentType: string | undefined): string | undefined {
  return contentType?.split(';', 1)[0]!.trim().toLowerCase();
}

/** One event from a single publish request's body. */
export function eventFromPublish(req: IncomingMessage, body: Buffer, appId: string, metadata: PublishMetadata): CloudEvent {
  const contentType = headerValue(req.headers['content-type']);
  const traceparent = headerValue(req.headers['traceparent']);
  const event = mediaTypeOf(contentType) === cloudEventsType && !metadata.rawPayload
    ? structured(parseJson(body), appId)
    : wrapped(body, contentType ?? 'text/plain', appId);
  if (traceparent !== undefined && event.extensions.traceparent === undefined) event.extensions.traceparent = traceparent;
  return event;
}

/** One entry of a bulk publish: `{entryId, event, contentType, metadata}`. */
export function eventFromBulkEntry(entry: unknown, index: number, appId: string, metadata: PublishMetadata): CloudEvent {
  if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) throw entryError(index, 'an entry is an object {entryId, event, contentType}');
  const { event, contentType } = entry as Record<string, unknown>;
  if (event === undefined) throw entryError(index, "has no 'event'");
  const type = typeof contentType === 'string' ? contentType : typeof event === 'string' ? 'text/plain' : 'application/json';
  if (mediaTypeOf(type) === cloudEventsType && !metadata.rawPayload) {
    return structured(typeof event === 'string' ? parseJson(Buffer.from(event)) : event, appId, index);
  }
  const data = typeof event === 'string' ? Buffer.from(event) : Buffer.from(JSON.stringify(event));
  return wrapped(data, type, appId);
}

export function entryIdOf(entry: unknown): string {
  if (entry === null || typeof entry !== 'object') return '';
  const { entryId, entryID } = entry as Record<string, unknown>;
  // Dapr's runtime reads the key without regard to case; the JavaScript SDK sends entryID.
  const id = entryId ?? entryID;
  return typeof id === 'string' ? id : '';
}

function structured(value: unknown, appId: string, index?: number): CloudEvent {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new OutriggerError('invalid_cloudevent', 'a CloudEvent must be a JSON object');
  return fromStructured({ specversion: '1.0', id: randomUUID(), source: appId, type: daprEventType, ...(value as Record<string, unknown>) }, index);
}

function wrapped(data: Uint8Array, contentType: string, appId: string): CloudEvent {
  const event: CloudEvent = { specversion: '1.0', id: randomUUID(), source: appId, type: daprEventType, time: new Date().toISOString(), extensions: {}, data };
  if (data.byteLength > 0) event.datacontenttype = contentType;
  return event;
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch (err) {
    throw new OutriggerError('invalid_cloudevent', `body is not valid JSON: ${(err as Error).message}`);
  }
}

function entryError(index: number, detail: string): OutriggerError {
  return new OutriggerError('invalid_cloudevent', `entry ${index}: ${detail}`, { extensions: { index } });
}
