/**
 * Dapr's publish calls turned into Outrigger events: a body sent as
 * `application/cloudevents+json` is the event itself (Dapr fills what it lacks); any other body
 * is the data of an event Dapr would have wrapped it in (its own id, the app as source, type
 * `com.dapr.event.sent`); `metadata.rawPayload=true` keeps the body as data, never unwrapped.
 */
import { randomUUID } from 'node:crypto';
import { fromStructured, type CloudEvent } from '../../core/cloudevents.js';
import { OutriggerError } from '../../kernel/errors.js';

export const daprEventType = 'com.dapr.event.sent';
const cloudEventsType = 'application/cloudevents+json';

export interface PublishMetadata {
  rawPayload: boolean;
  ttlMs?: number;
}

/** One published body as either protocol carries it. */
export interface PublishBody {
  data: Uint8Array;
  contentType: string | undefined;
  traceparent: string | undefined;
}

/** One entry of a bulk publish, its event as bytes. */
export interface BulkEntry {
  entryId: string;
  data: Uint8Array;
  contentType: string;
}

/**
 * The request's metadata (HTTP: `metadata.<key>` query parameters; gRPC: the metadata map);
 * keys for a broker's own component are accepted and ignored.
 */
export function publishMetadata(read: (key: string) => string | undefined): PublishMetadata {
  const raw = read('rawPayload');
  if (raw !== undefined && raw !== 'true' && raw !== 'false') throw new OutriggerError('invalid_header', `metadata.rawPayload must be true or false, got '${raw}'`);
  const metadata: PublishMetadata = { rawPayload: raw === 'true' };
  const ttl = read('ttlInSeconds');
  if (ttl !== undefined) {
    if (!/^\d+$/.test(ttl) || Number(ttl) < 1) throw new OutriggerError('invalid_header', `metadata.ttlInSeconds must be a positive whole number of seconds, got '${ttl}'`);
    metadata.ttlMs = Number(ttl) * 1000;
  }
  return metadata;
}

export function mediaTypeOf(contentType: string | undefined): string | undefined {
  return contentType?.split(';', 1)[0]!.trim().toLowerCase();
}

/** One event from a single publish request's body. */
export function eventFromPublish(body: PublishBody, appId: string, metadata: PublishMetadata): CloudEvent {
  const event = mediaTypeOf(body.contentType) === cloudEventsType && !metadata.rawPayload
    ? structured(parseJson(body.data), appId)
    : wrapped(body.data, body.contentType || 'text/plain', appId);
  if (body.traceparent !== undefined && event.extensions.traceparent === undefined) event.extensions.traceparent = body.traceparent;
  return event;
}

/** One entry of a bulk publish as an event. */
export function eventFromBulkEntry(entry: BulkEntry, index: number, appId: string, metadata: PublishMetadata): CloudEvent {
  if (mediaTypeOf(entry.contentType) === cloudEventsType && !metadata.rawPayload) return structured(parseJson(entry.data), appId, index);
  return wrapped(entry.data, entry.contentType, appId);
}

/** An entry of the HTTP bulk body `{entryId, event, contentType}`, whose event is JSON or a string. */
export function bulkEntryFromJson(entry: unknown, index: number): BulkEntry {
  if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) throw entryError(index, 'an entry is an object {entryId, event, contentType}');
  const { event, contentType } = entry as Record<string, unknown>;
  if (event === undefined) throw entryError(index, "has no 'event'");
  const type = typeof contentType === 'string' ? contentType : typeof event === 'string' ? 'text/plain' : 'application/json';
  const data = typeof event === 'string' ? Buffer.from(event) : Buffer.from(JSON.stringify(event));
  return { entryId: entryIdOf(entry), data, contentType: type };
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

function parseJson(body: Uint8Array): unknown {
  try {
    return JSON.parse(Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8')) as unknown;
  } catch (err) {
    throw new OutriggerError('invalid_cloudevent', `body is not valid JSON: ${(err as Error).message}`);
  }
}

function entryError(index: number, detail: string): OutriggerError {
  return new OutriggerError('invalid_cloudevent', `entry ${index}: ${detail}`, { extensions: { index } });
}
