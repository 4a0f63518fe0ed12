/**
 * Stream events as stream-queue messages and back, and the names of everything a stream uses.
 *
 * An event is encoded as any message (codec.ts: body byte for byte, CloudEvents attributes as
 * `cloudEvents:*` headers, message_id the event id), plus the partition key and an append token
 * in the driver's headers. Its time is the `outrigger-enqueued-at` header (milliseconds; the AMQP
 * timestamp property has whole seconds only).
 *
 * Each partition begins with one record of the driver's own, the partition header (offset 0 in
 * the stream queue), so that a partition is never empty and a reader of its last chunk always gets
 * something (stream-tail.ts). Outrigger offsets are therefore the stream queue's offsets minus
 * one: the first event is offset 0. Readers skip the header; a plain client sees it.
 */
import type { AsyncMessage, Envelope } from 'rabbitmq-client';
import type { AppendEvent, StreamEvent } from '../contract.js';
import { bookkeeping, decode, encode, numberOf } from './codec.js';

export const streamHeaders = {
  partitionKey: 'outrigger-partition-key',
  /** Unique per append, so the tail can tell which append it is seeing. */
  token: 'outrigger-append',
  /** Marks the partition header. */
  header: 'outrigger-stream-header',
  /** A group's checkpoint record: the offset everything up to which is done. */
  checkpoint: 'outrigger-checkpoint',
  /** A group's start record: where the group starts without a checkpoint (fixed when first taken). */
  start: 'outrigger-start',
} as const;

const hidden: ReadonlySet<string> = new Set([streamHeaders.partitionKey, streamHeaders.token, streamHeaders.header, 'x-stream-offset']);

/** The stream queue of one partition. */
export function partitionQueue(stream: string, partition: number): string {
  return `${stream}.partition.${partition}`;
}

/** Held (exclusive queue) while a sidecar creates a stream's partitions. */
export function creationLock(stream: string): string {
  return `${stream}.partition.creating`;
}

/** The stream queue of one group's checkpoints of one partition. */
export function checkpointQueue(stream: string, group: string, partition: number): string {
  return `${stream}.partition.${partition}.group.${group}`;
}

/** Held (exclusive queue) by the member of a group that owns a partition. */
export function ownerLock(stream: string, group: string, partition: number): string {
  return `${stream}.partition.${partition}.group.${group}.owner`;
}

/** Fanout exchange the members of a group send their heartbeats to. */
export function membersExchange(stream: string, group: string): string {
  return `${stream}.group.${group}.members`;
}

/** Rabbit offsets to Outrigger offsets and back (the partition header is offset 0). */
export const toOffset = (rabbitOffset: number): number => rabbitOffset - 1;
export const toRabbitOffset = (offset: number): number => offset + 1;

export function encodeEvent(event: AppendEvent, queue: string, token: string, now: number): Envelope {
  const extra: Record<string, string> = { [streamHeaders.token]: token };
  if (event.partitionKey !== undefined) extra[streamHeaders.partitionKey] = event.partitionKey;
  return encode({ id: event.id, headers: event.headers, data: event.data }, '', queue, extra, now);
}

export function headerRecord(queue: string, token: string): Envelope {
  return { exchange: '', routingKey: queue, durable: true, headers: { [streamHeaders.header]: '1', [streamHeaders.token]: token } };
}

export function isHeader(message: AsyncMessage): boolean {
  return message.headers?.[streamHeaders.header] !== undefined;
}

export function tokenOf(message: AsyncMessage): string | undefined {
  const token = message.headers?.[streamHeaders.token];
  return typeof token === 'string' ? token : undefined;
}

export function toStreamEvent(partition: number, rabbitOffset: number, message: AsyncMessage): StreamEvent {
  const decoded = decode(message);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(decoded.message.headers)) if (!hidden.has(name)) headers[name] = value;
  const event: StreamEvent = {
    id: decoded.message.id,
    partition,
    offset: toOffset(rabbitOffset),
    headers,
    data: decoded.message.data,
    timestamp: numberOf(decoded.raw[bookkeeping.enqueuedAt]) ?? decoded.enqueuedAt,
  };
  const key = decoded.raw[streamHeaders.partitionKey];
  if (key !== undefined) event.partitionKey = key;
  return event;
}
