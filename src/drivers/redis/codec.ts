/**
 * Messages as stream entry fields, readable by any Redis client: `id`, then `data` (the body,
 * byte for byte), then every header (CloudEvent attributes as `ce-*`) as a field of its own name.
 * What only Outrigger needs carries an `outrigger-` prefix. An entry written by a plain client
 * with just a `data` field is a message too: its entry id stands in for the message id.
 */
import { OutriggerError } from '../../kernel/errors.js';
import type { DeadLetter, Delivery, MessageHeaders, OutboundMessage } from '../contract.js';

export type Field = string | Buffer;

export function encodeMessage(message: OutboundMessage, maxBytes: number): Field[] {
  const fields: Field[] = ['id', message.id, 'data', Buffer.from(message.data.buffer, message.data.byteOffset, message.data.byteLength)];
  let size = message.data.byteLength;
  const headers = message.headers;
  for (const name in headers) {
    const value = headers[name]!;
    fields.push(name, value);
    size += Buffer.byteLength(name) + Buffer.byteLength(value);
  }
  if (size > maxBytes) {
    throw new OutriggerError('payload_too_large', `message '${message.id}' is ${size} bytes with its headers; this Redis broker accepts at most ${maxBytes} (setting maxMessageBytes)`, {
      extensions: { limit: maxBytes },
    });
  }
  if (message.expiresAt !== undefined) fields.push('outrigger-expires-at', String(message.expiresAt));
  if (message.orderingKey !== undefined) fields.push('outrigger-ordering-key', message.orderingKey);
  // Scheduled messages enter the stream later, with a later entry id: keep when they were sent.
  if (message.notBefore !== undefined) fields.push('outrigger-enqueued-at', String(Date.now()));
  return fields;
}

interface Decoded {
  id: string;
  headers: MessageHeaders;
  data: Uint8Array;
  orderingKey?: string;
  enqueuedAt: number;
  /** outrigger-* fields other than those above (dead-letter facts). */
  internal: Record<string, string>;
}

/** `entryId` is the stream entry's id, whose first part is the time Redis added it. */
export function decodeFields(entryId: string, fields: Buffer[]): Decoded {
  let id: string | undefined;
  let data: Buffer | undefined;
  const headers: MessageHeaders = {};
  const internal: Record<string, string> = {};
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const name = (fields[i] as Buffer).toString('utf8');
    const value = fields[i + 1] as Buffer;
    // The first `id` and `data` are ours; a header of either name follows them and stays a header.
    if (name === 'id' && id === undefined) id = value.toString('utf8');
    else if (name === 'data' && data === undefined) data = value;
    else if (name.startsWith('outrigger-')) internal[name] = value.toString('utf8');
    else headers[name.toLowerCase()] = value.toString('utf8');
  }
  const enqueued = Number(internal['outrigger-enqueued-at'] ?? entryId.split('-')[0]);
  const decoded: Decoded = { id: id ?? entryId, headers, data: new Uint8Array(data ?? Buffer.alloc(0)), enqueuedAt: enqueued, internal };
  const orderingKey = internal['outrigger-ordering-key'];
  if (orderingKey !== undefined) decoded.orderingKey = orderingKey;
  return decoded;
}

export function toDelivery(entryId: string, attempt: number, claim: number, leaseEnd: number, fields: Buffer[]): Delivery {
  const { internal: _internal, ...message } = decodeFields(entryId, fields);
  return { ...message, lease: `${entryId}.${claim}`, attempt, leaseExpiresAt: leaseEnd };
}

export function toDeadLetter(entryId: string, fields: Buffer[]): DeadLetter {
  const { internal, ...message } = decodeFields(entryId, fields);
  return {
    ...message,
    attempts: Number(internal['outrigger-attempts'] ?? 0),
    reason: internal['outrigger-reason'] ?? 'unknown',
    deadLetteredAt: Number(internal['outrigger-dead-lettered-at'] ?? entryId.split('-')[0]),
  };
}

/** The entry id and claim number of a lease, or undefined when it is not one of ours. */
export function parseLease(lease: string): { entryId: string; claim: string } | undefined {
  const match = /^(\d+-\d+)\.(\d+)$/.exec(lease);
  return match === null ? undefined : { entryId: match[1] as string, claim: match[2] as string };
}
