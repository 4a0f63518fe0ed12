/**
 * The entity model of the Event Hubs test broker, free of AMQP: hubs, partitions holding events in
 * memory, the partition-key hash, and the event-position filters receivers attach with.
 */
import type { Message } from 'rhea';

export interface StoredEvent {
  /** Per partition, from 0. */
  sequenceNumber: number;
  /** A byte offset as a decimal string, deliberately not equal to the sequence number. */
  offset: string;
  enqueuedTime: number;
  partitionKey: string | undefined;
  /** The message as the producer sent it. */
  message: Message;
}

/** The bytes of an event's data section(s): what the producer put in `body` (the SDK JSON-encodes non-Buffer bodies). */
export function bodyBytes(event: StoredEvent): Buffer {
  const body = event.message.body as { content?: unknown } | Buffer | string | undefined;
  if (Buffer.isBuffer(body)) return body;
  if (typeof body === 'string') return Buffer.from(body);
  const content = body?.content;
  if (Array.isArray(content)) return Buffer.concat(content.map((c) => Buffer.from(c as Buffer)));
  return Buffer.isBuffer(content) ? content : Buffer.alloc(0);
}

/** Something reading a partition: a receiver link with credit. */
export interface PartitionReader {
  /** Called when events were appended. */
  wake(): void;
}

export class Partition {
  readonly id: string;
  readonly events: StoredEvent[] = [];
  readonly readers = new Set<PartitionReader>();
  /** The sequence number of the first retained event (moves with truncate). */
  beginSequenceNumber = 0;
  #nextOffset = 0;

  constructor(id: string) {
    this.id = id;
  }

  get nextSequenceNumber(): number {
    return this.beginSequenceNumber + this.events.length;
  }

  get last(): StoredEvent | undefined {
    return this.events.at(-1);
  }

  append(message: Message, sizeBytes: number, now = Date.now()): StoredEvent {
    const annotations = (message.message_annotations ?? {}) as Record<string, unknown>;
    const key = annotations['x-opt-partition-key'];
    const event: StoredEvent = {
      sequenceNumber: this.nextSequenceNumber,
      offset: String(this.#nextOffset),
      enqueuedTime: now,
      partitionKey: key === undefined || key === null ? undefined : String(key),
      message,
    };
    this.#nextOffset += Math.max(1, sizeBytes);
    this.events.push(event);
    return event;
  }

  wake(): void {
    for (const reader of this.readers) reader.wake();
  }

  /** The event with this sequence number, if retained. */
  at(sequenceNumber: number): StoredEvent | undefined {
    return this.events[sequenceNumber - this.beginSequenceNumber];
  }

  /** Drops events older than `beforeSequenceNumber`, as retention would. */
  truncate(beforeSequenceNumber: number): number {
    const count = Math.max(0, Math.min(this.events.length, beforeSequenceNumber - this.beginSequenceNumber));
    this.events.splice(0, count);
    this.beginSequenceNumber += count;
    return count;
  }

  /** The first sequence number a receiver with this selector filter reads. */
  startFor(position: EventPosition): number {
    const end = this.nextSequenceNumber;
    const first = (predicate: (event: StoredEvent) => boolean): number => this.events.find(predicate)?.sequenceNumber ?? end;
    switch (position.kind) {
      case 'earliest':
        return this.beginSequenceNumber;
      case 'latest':
        return end;
      case 'offset':
        return first((e) => (position.inclusive ? Number(e.offset) >= position.value : Number(e.offset) > position.value));
      case 'sequence':
        return Math.max(this.beginSequenceNumber, position.inclusive ? position.value : position.value + 1);
      case 'time':
        return first((e) => (position.inclusive ? e.enqueuedTime >= position.value : e.enqueuedTime > position.value));
    }
  }
}

export interface HubOptions {
  /** Consumer groups accepted besides $default; absent = any name is accepted. */
  consumerGroups?: string[];
}

export class Hub {
  readonly name: string;
  readonly createdAt = new Date();
  readonly partitions: Partition[];
  readonly #groups: Set<string> | undefined;
  #roundRobin = 0;

  constructor(name: string, partitionCount: number, options: HubOptions = {}) {
    this.name = name;
    this.partitions = Array.from({ length: partitionCount }, (_, i) => new Partition(String(i)));
    this.#groups = options.consumerGroups === undefined ? undefined : new Set(['$default', ...options.consumerGroups.map((g) => g.toLowerCase())]);
  }

  get partitionIds(): string[] {
    return this.partitions.map((p) => p.id);
  }

  partition(id: string): Partition | undefined {
    return /^\d+$/.test(id) ? this.partitions[Number(id)] : undefined;
  }

  hasConsumerGroup(name: string): boolean {
    return this.#groups === undefined || this.#groups.has(name.toLowerCase());
  }

  /** The partition a send to the hub itself lands in: by key hash, else round-robin. */
  route(partitionKey: string | undefined): Partition {
    const index = partitionKey === undefined ? this.#roundRobin++ % this.partitions.length : partitionIndexForKey(partitionKey, this.partitions.length);
    return this.partitions[index] as Partition;
  }
}

export type EventPosition =
  | { kind: 'earliest' }
  | { kind: 'latest' }
  | { kind: 'offset' | 'sequence' | 'time'; value: number; inclusive: boolean };

/**
 * Parses the selector filter the SDK sends, e.g. `amqp.annotation.x-opt-offset > '-1'`,
 * `amqp.annotation.x-opt-sequence-number >= '42'`, `amqp.annotation.x-opt-enqueued-time > '1700000000000'`.
 * Returns undefined for anything else.
 */
export function parseSelector(filter: string | undefined): EventPosition | undefined {
  if (filter === undefined) return { kind: 'earliest' };
  const match = /^\s*amqp\.annotation\.(x-opt-offset|x-opt-sequence-number|x-opt-enqueued-time)\s*(>=|>)\s*'([^']*)'\s*$/i.exec(filter);
  if (match === null) return undefined;
  const [, field = '', operator, raw = ''] = match;
  const inclusive = operator === '>=';
  if (field.toLowerCase() === 'x-opt-offset') {
    if (raw === '@latest') return { kind: 'latest' };
    if (raw === '-1') return { kind: 'earliest' };
  }
  if (!/^-?\d+$/.test(raw)) return undefined;
  const value = Number(raw);
  const kind = field.toLowerCase() === 'x-opt-offset' ? 'offset' : field.toLowerCase() === 'x-opt-sequence-number' ? 'sequence' : 'time';
  return { kind, value, inclusive };
}

/**
 * Partition-key mapping as the SDK's buffered producer computes it client-side (to agree with the
 * service): Bob Jenkins' lookup3 `hashlittle2` over the UTF-8 bytes (both seeds 0), the two 32-bit
 * results XORed and cut to a signed 16-bit value, then abs(hash mod partitionCount).
 */
export function partitionIndexForKey(key: string, partitionCount: number): number {
  const { b, c } = lookup3(Buffer.from(key, 'utf8'));
  const hash = ((c ^ b) << 16) >> 16;
  return Math.abs(hash % partitionCount);
}

function lookup3(data: Buffer): { b: number; c: number } {
  const rot = (x: number, k: number): number => ((x << k) | (x >>> (32 - k))) >>> 0;
  const add = (x: number, y: number): number => (x + y) >>> 0;
  const sub = (x: number, y: number): number => (x - y) >>> 0;
  let a = add(0xdeadbeef, data.length);
  let b = a;
  let c = a;
  let i = 0;
  let left = data.length;
  for (; left > 12; left -= 12, i += 12) {
    a = add(a, data.readUInt32LE(i));
    b = add(b, data.readUInt32LE(i + 4));
    c = add(c, data.readUInt32LE(i + 8));
    // mix(a, b, c): six steps of x -= z; x ^= rot(z, k); z += y over (a, b, c), (b, c, a), (c, a, b), ...
    for (const k of [4, 6, 8, 16, 19, 4]) {
      a = (sub(a, c) ^ rot(c, k)) >>> 0;
      c = add(c, b);
      [a, b, c] = [b, c, a];
    }
  }
  if (left === 0) return { b, c };
  // The last 1..12 bytes, little-endian into a, b, c (missing bytes count as zero).
  const tail = Buffer.alloc(12);
  data.copy(tail, 0, i);
  a = add(a, tail.readUInt32LE(0));
  b = add(b, tail.readUInt32LE(4));
  c = add(c, tail.readUInt32LE(8));
  // final(a, b, c)
  c = sub(c ^ b, rot(b, 14));
  a = sub(a ^ c, rot(c, 11));
  b = sub(b ^ a, rot(a, 25));
  c = sub(c ^ b, rot(b, 16));
  a = sub(a ^ c, rot(c, 4));
  b = sub(b ^ a, rot(a, 14));
  c = sub(c ^ b, rot(b, 24));
  return { b, c };
}
