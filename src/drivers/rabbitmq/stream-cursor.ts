/**
 * One reader of a stream queue over AMQP 0-9-1: a basic.consume with `x-stream-offset` and a
 * prefetch (streams need manual acks), on a raw-body channel of its own. What arrives waits in a
 * buffer; take() hands it out and acks it, which gives the broker credit to read on.
 *
 * barrier() is a round trip on the same channel (basic.qos, same prefetch). The broker's channel
 * handles commands in order, and an ack makes it read the stream on at once, within that ack's
 * handling, up to the credit it now has: so after take() and barrier(), everything that ack let
 * the broker send has arrived. A barrier right after basic.consume also means the consumer is
 * attached (its place in the stream fixed) before the caller goes on.
 */
import type { AsyncMessage, Channel, Connection } from 'rabbitmq-client';
import { keepRawBodies } from './channels.js';

/** What an AMQP stream consumer starts at: 'first', 'last', 'next', an offset, or an interval back from now ('90s'). */
export type OffsetSpec = 'first' | 'last' | 'next' | number | `${number}s`;

export interface StreamRecord {
  /** The broker's offset in the stream queue (header x-stream-offset). */
  offset: number;
  message: AsyncMessage;
}

export class StreamCursor {
  readonly #channel: Channel;
  readonly #prefetch: number;
  #buffer: StreamRecord[] = [];
  #lastTag = 0;
  #acked = 0;
  #wake: (() => void) | undefined;
  #closed = false;
  #markClosed!: () => void;
  /** Resolves once the channel closed, for whatever reason. */
  readonly closed = new Promise<void>((resolve) => (this.#markClosed = resolve));
  /** Called for each arrival, after it was buffered (the tail uses it). */
  onArrival: (() => void) | undefined;

  private constructor(channel: Channel, prefetch: number) {
    this.#channel = channel;
    this.#prefetch = prefetch;
    channel.once('close', () => this.#shut());
  }

  static async open(connection: Connection, queue: string, from: OffsetSpec, prefetch: number): Promise<StreamCursor> {
    const channel = keepRawBodies(await connection.acquire());
    const cursor = new StreamCursor(channel, prefetch);
    try {
      await channel.basicQos({ prefetchCount: prefetch });
      await channel.basicConsume({ queue, noAck: false, arguments: { 'x-stream-offset': from } }, (message) => cursor.#arrive(message));
      await cursor.barrier();
    } catch (err) {
      await cursor.close();
      throw err;
    }
    return cursor;
  }

  get prefetch(): number {
    return this.#prefetch;
  }

  /** False once the channel closed (connection lost, the queue deleted, close()). */
  get open(): boolean {
    return !this.#closed && this.#channel.active;
  }

  get buffered(): number {
    return this.#buffer.length;
  }

  /** Resolves once something is buffered, the channel closed, `ms` passed, or `signal` aborted. */
  async wait(ms: number, signal?: AbortSignal): Promise<void> {
    if (this.#buffer.length > 0 || this.#closed || ms <= 0 || signal?.aborted === true) return;
    await new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        this.#wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal?.addEventListener('abort', done, { once: true });
      this.#wake = done;
    });
  }

  /** Everything buffered, in offset order; acked, so the broker sends on. */
  take(): StreamRecord[] {
    const taken = this.#buffer;
    this.#buffer = [];
    if (this.#lastTag > this.#acked && this.open) {
      this.#channel.basicAck({ deliveryTag: this.#lastTag, multiple: true });
      this.#acked = this.#lastTag;
    }
    return taken;
  }

  /** A round trip on this channel: whatever the broker sent before answering it has arrived. */
  async barrier(): Promise<void> {
    await this.#channel.basicQos({ prefetchCount: this.#prefetch });
  }

  async close(): Promise<void> {
    this.#shut();
    if (this.#channel.active) await this.#channel.close().catch(() => undefined);
  }

  #shut(): void {
    this.#closed = true;
    this.#wake?.();
    this.#markClosed();
  }

  #arrive(message: AsyncMessage): void {
    this.#lastTag = Math.max(this.#lastTag, message.deliveryTag);
    this.#buffer.push({ offset: streamOffset(message), message });
    this.#wake?.();
    this.onArrival?.();
  }
}

export function streamOffset(message: AsyncMessage): number {
  const raw = message.headers?.['x-stream-offset'];
  return typeof raw === 'number' ? raw : Number(raw);
}
