/**
 * Events as Kafka records, by the CloudEvents Kafka protocol binding: written in binary mode
 * (each `ce-<attr>` header as a `ce_<attr>` record header, `content-type` as is, the data as the
 * value, the partition key as the record key); read in binary or structured mode (a value of
 * content type application/cloudevents+json). A record from a plain producer, with neither, is an
 * event too: its value is the data and its id `<topic>/<partition>/<offset>`, so that one
 * record always has one id, however often it is read.
 */
import type { AppendEvent, MessageHeaders, StreamEvent } from '../contract.js';

export interface OutboundRecord {
  key: Buffer | undefined;
  value: Buffer;
  headers: Map<string, Buffer>;
}

/** A fetched record, before it becomes an event. */
export interface RawRecord {
  topic: string;
  partition: number;
  offset: number;
  timestamp: number;
  key: Buffer | null;
  value: Buffer | null;
  headers: [Buffer | null, Buffer | null][];
}

export function toRecord(event: AppendEvent): OutboundRecord {
  const headers = new Map<string, Buffer>();
  for (const [name, value] of Object.entries(event.headers)) headers.set(name.startsWith('ce-') ? `ce_${name.slice(3)}` : name, Buffer.from(value, 'utf8'));
  if (!headers.has('ce_id')) headers.set('ce_id', Buffer.from(event.id, 'utf8'));
  return {
    key: event.partitionKey === undefined ? undefined : Buffer.from(event.partitionKey, 'utf8'),
    value: Buffer.from(event.data.buffer, event.data.byteOffset, event.data.byteLength),
    headers,
  };
}

/** Bytes the broker counts for a record, near enough to refuse what it would refuse. */
export function recordSize(record: OutboundRecord): number {
  let size = record.value.byteLength + (record.key?.byteLength ?? 0);
  for (const [name, value] of record.headers) size += Buffer.byteLength(name) + value.byteLength;
  return size;
}

export function toStreamEvent(record: RawRecord): StreamEvent {
  const headers: MessageHeaders = {};
  for (const [name, value] of record.headers) {
    if (name === null) continue;
    const key = name.toString('utf8').toLowerCase();
    headers[key.startsWith('ce_') ? `ce-${key.slice(3)}` : key] = value?.toString('utf8') ?? '';
  }
  let data: Uint8Array = record.value ?? new Uint8Array(0);
  if (headers['content-type']?.toLowerCase().startsWith('application/cloudevents+json') === true) {
    const structured = fromStructured(data);
    if (structured !== undefined) {
      delete headers['content-type'];
      Object.assign(headers, structured.headers);
      data = structured.data;
    }
  }
  const id = headers['ce-id'] ?? `${record.topic}/${record.partition}/${record.offset}`;
  if (headers['ce-id'] === undefined) {
    // A plain record: the attributes CloudEvents requires, so that it can be pushed like any event.
    Object.assign(headers, { 'ce-specversion': '1.0', 'ce-id': id, 'ce-source': `kafka:${record.topic}`, 'ce-type': 'org.apache.kafka.record', ...headers });
  }
  const event: StreamEvent = { id, partition: record.partition, offset: record.offset, headers, data, timestamp: record.timestamp };
  if (record.key !== null) event.partitionKey = record.key.toString('utf8');
  return event;
}

/** A structured-mode value: attributes become headers, data or data_base64 the body; undefined when it is no JSON object. */
function fromStructured(value: Uint8Array): { headers: MessageHeaders; data: Uint8Array } | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('utf8'));
  } catch {
    return undefined;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
  const { data: body, data_base64: base64, datacontenttype: type, ...attributes } = parsed as Record<string, unknown>;
  const headers: MessageHeaders = {};
  for (const [name, raw] of Object.entries(attributes)) if (raw !== null && typeof raw !== 'object') headers[`ce-${name.toLowerCase()}`] = String(raw);
  if (typeof type === 'string') headers['content-type'] = type;
  // JSON data is the JSON value itself; data of any other type is a string (CloudEvents JSON format).
  const json = typeof type !== 'string' || /[/+]json(;|$)/i.test(type.split(';')[0] ?? '');
  let data: Uint8Array = new Uint8Array(0);
  if (typeof base64 === 'string') data = Buffer.from(base64, 'base64');
  else if (body !== undefined) data = Buffer.from(typeof body === 'string' && !json ? body : JSON.stringify(body), 'utf8');
  return { headers, data };
}
