/**
 * Our stream events <-> Event Hubs events.
 *
 * - data -> the body as one AMQP data section (read back as bytes: consumers skip JSON parsing).
 * - headers: `content-type` -> contentType; every other header -> an application property of
 *   the same name.
 * - id -> MessageId.
 * - offset <-> sequence number: an Event Hubs sequence number increases by one per event within a
 *   partition, from 0, exactly what a contract offset is; the service's own `offset` (a byte
 *   position, a string) is only kept to write checkpoints in the SDK's layout.
 * - partition key: the driver sends keyed events to the key's partition explicitly (it must name
 *   the partition in the receipt), so the key travels in the `outrigger-partition-key` property;
 *   events that other producers sent with a key carry it in `x-opt-partition-key` instead.
 */
import type { EventData, ReceivedEventData } from '@azure/event-hubs';
import type { AppendEvent, MessageHeaders, StreamEvent } from '../contract.js';

export const PARTITION_KEY = 'outrigger-partition-key';

export function toEventData(event: AppendEvent): EventData {
  const properties: Record<string, string> = {};
  let contentType: string | undefined;
  for (const [name, value] of Object.entries(event.headers)) {
    if (name === 'content-type') contentType = value;
    else properties[name] = value;
  }
  if (event.partitionKey !== undefined) properties[PARTITION_KEY] = event.partitionKey;
  return {
    body: Buffer.from(event.data.buffer, event.data.byteOffset, event.data.byteLength),
    messageId: event.id,
    properties,
    ...(contentType === undefined ? {} : { contentType }),
  };
}

export function toStreamEvent(received: ReceivedEventData, partition: number): StreamEvent {
  const headers: MessageHeaders = {};
  let key: string | undefined;
  for (const [name, value] of Object.entries(received.properties ?? {})) {
    if (name === PARTITION_KEY) {
      if (typeof value === 'string') key = value;
      continue;
    }
    if (value === null || value === undefined) continue;
    headers[name.toLowerCase()] = value instanceof Date ? value.toISOString() : typeof value === 'object' && !Buffer.isBuffer(value) ? JSON.stringify(value) : String(value);
  }
  if (received.contentType !== undefined) headers['content-type'] = received.contentType;
  const partitionKey = received.partitionKey ?? key;
  return {
    id: received.messageId === undefined ? `${partition}-${received.sequenceNumber}` : String(received.messageId),
    partition,
    offset: received.sequenceNumber,
    headers,
    data: dataOf(received.body),
    ...(partitionKey === undefined || partitionKey === null ? {} : { partitionKey }),
    timestamp: received.enqueuedTimeUtc.getTime(),
  };
}

function dataOf(body: unknown): Uint8Array {
  if (body instanceof Uint8Array) return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  if (body === undefined || body === null) return new Uint8Array();
  // Sent by another client as an AMQP value rather than a data section.
  return new TextEncoder().encode(typeof body === 'string' ? body : JSON.stringify(body));
}
