/**
 * The channels the driver reads on.
 *
 * rabbitmq-client decodes a body whose content_type is text/plain or application/json into a
 * string or an object, which would lose bytes (invalid UTF-8, JSON formatting). Every channel the
 * driver reads on is therefore hooked before each message's header frame is handled: the
 * content_type moves into the header `outrigger-raw-content-type` so the body stays a Buffer,
 * and codec.ts puts it back. The hook uses the client's internal `_onHeader`; codec.ts throws if
 * a client upgrade ever decodes a body again, and a driver test checks JSON byte for byte.
 *
 * Deliveries got with basic.get belong to the channel that got them: if it closes (connection
 * loss, a channel error), the broker requeues them. Each channel the leases are held on is one
 * generation; when it closes, every lease of that generation is dropped at once, so a settle
 * with one of them answers lease_expired.
 */
import type { Channel, Connection } from 'rabbitmq-client';
import { bookkeeping } from './codec.js';

interface HeaderFrame {
  fields: { contentType?: string; headers?: Record<string, unknown> };
}

/** Keeps bodies undecoded on this channel (see above). */
export function keepRawBodies(channel: Channel): Channel {
  const internal = channel as unknown as { _onHeader(frame: HeaderFrame): void };
  const original = internal._onHeader.bind(channel);
  internal._onHeader = (frame: HeaderFrame) => {
    const { contentType } = frame.fields;
    if (contentType !== undefined) {
      frame.fields.headers = { ...frame.fields.headers, [bookkeeping.contentType]: contentType };
      delete frame.fields.contentType;
    }
    original(frame);
  };
  return channel;
}

/** A fresh raw-body channel for a one-off read (listing or redriving dead letters). */
export async function readChannel(connection: Connection): Promise<Channel> {
  return keepRawBodies(await connection.acquire());
}

export interface Generation {
  readonly id: number;
  readonly channel: Channel;
}

/** The one channel leased deliveries are got on, replaced when it closes. */
export class LeaseChannel {
  readonly #connection: Connection;
  readonly #onLost: (generation: number) => void;
  #live: Generation | undefined;
  #opening: Promise<Generation> | undefined;
  #next = 1;

  constructor(connection: Connection, onLost: (generation: number) => void) {
    this.#connection = connection;
    this.#onLost = onLost;
  }

  /** The open channel, acquiring a new one (a new generation) when the last one closed. */
  get(): Promise<Generation> {
    if (this.#live?.channel.active) return Promise.resolve(this.#live);
    // One acquire at a time, so concurrent receives share the new channel.
    this.#opening ??= this.#open().finally(() => {
      this.#opening = undefined;
    });
    return this.#opening;
  }

  /** Whether the generation's channel is still open, so its deliveries can still be settled. */
  isLive(generation: number): boolean {
    return this.#live?.id === generation && this.#live.channel.active;
  }

  /** The channel of a generation while it is open: only there can its deliveries be settled. */
  channelOf(generation: number): Channel | undefined {
    return this.isLive(generation) ? this.#live?.channel : undefined;
  }

  async #open(): Promise<Generation> {
    const channel = keepRawBodies(await this.#connection.acquire());
    const generation: Generation = { id: this.#next++, channel };
    this.#live = generation;
    channel.once('close', () => this.#onLost(generation.id));
    return generation;
  }

  async close(): Promise<void> {
    const live = this.#live;
    this.#live = undefined;
    if (live?.channel.active) await live.channel.close().catch(() => undefined);
  }
}
