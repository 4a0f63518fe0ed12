/**
 * Events as Kafka records, by the CloudEvents Kafka protocol binding: written in binary mode
 * (each `ce-<attr>` header as a `ce_<attr>` record header, `content-type` as is, the data as the
 * value, the partition key as the record key); read in binary or structured mode (a value of
 * content type application/cloudevents+json). A record from a plain producer, with neither, is an
 * event too: its value is the data and its id `<topic>/<partition>/<offset>`, so that one
 * record always has one id, however often it is read.
 */
import { OutriggerError } from '../../kernel/errors.js';
import type { MessageHeaders, StreamEvent } from '../contract.js';

/** A record as the client sends it: placed on its partition, header names as bytes. */
export interface OutboundRecord {
  topic: string;
  partition: number;
  key?: Buffer;
  value: Buffer;
  headers: Map<Buffer, Buffer>;
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

/**
 * Header names as bytes, shared by every record that carries them: the same dozen names come
 * with each event, and the client copies them into the batch. Bounded, as names are the app's.
 */
const headerNames = new Map<string, Buffer>();
const HEADER_NAMES_KEPT = 1024;

function headerName(name: string): Buffer {
  let bytes = headerNames.get(name);
  if (bytes === undefined) {
    bytes = Buffer.from(name.startsWith('ce-') ? `ce_${name.slice(3)}` : name, 'utf8');
    if (headerNames.size < HEADER_NAMES_KEPT) headerNames.set(name, bytes);
  }
  return bytes;
}

const CE_ID = headerName('ce-id');

export function toRecord(topic: string, partition: number, event: { id: string; headers: MessageHeaders; data: Uint8Array }, key: string | undefined): OutboundRecord {
  const headers = new Map<Buffer, Buffer>();
  let hasId = false;
  for (const name in event.headers) {
    const bytes = headerName(name);
    if (bytes === CE_ID || name === 'ce_id') hasId = true;
    headers.set(bytes, Buffer.from(event.headers[name] as string, 'utf8'));
  }
  if (!hasId) headers.set(CE_ID, Buffer.from(event.id, 'utf8'));
  const value = Buffer.from(event.data.buffer, event.data.byteOffset, event.data.byteLength);
  return key === undefined ? { topic, partition, value, headers } : { topic, partition, key: Buffer.from(key, 'utf8'), value, headers };
}

/** Bytes the broker counts for a record, near enough to refuse what it would refuse. */
export function recordSize(record: OutboundRecord): number {
  let size = record.value.byteLength + (record.key?.byteLength ?? 0);
  for (const [name, value] of record.headers) size += name.byteLength + value.byteLength;
  return size;
}

/** The record, or payload_too_large when the broker would refuse it (`limit`: setting maxMessageBytes). */
export function withinLimit(record: OutboundRecord, id: string, limit: number, broker: string): OutboundRecord {
  const size = recordSize(record);
  if (size <= limit) return record;
  throw new OutriggerError('payload_too_large', `event '${id}' is ${size} bytes with its key and headers; Kafka broker '${broker}' accepts at most ${limit} (setting maxMessageBytes)`, {
    extensions: { limit },
  });
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
