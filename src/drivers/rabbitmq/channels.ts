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
 * Deliveries belong to the channel they arrived on: if it closes (connection loss, a channel
 * error), the broker requeues them. Each channel deliveries are consumed on is one generation;
 * when it closes, every lease of that generation is dropped at once, so a settle with one of them
 * answers lease_expired.
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

/** The open channels deliveries are consumed on, by generation. */
export class Generations {
  readonly #connection: Connection;
  readonly #onLost: (generation: number) => void;
  readonly #live = new Map<number, Channel>();
  #next = 1;

  constructor(connection: Connection, onLost: (generation: number) => void) {
    this.#connection = connection;
    this.#onLost = onLost;
  }

  /** A new raw-body channel, a new generation; `onClose` runs after its leases were dropped. */
  async open(onClose: () => void): Promise<Generation> {
    const channel = keepRawBodies(await this.#connection.acquire());
    const id = this.#next++;
    this.#live.set(id, channel);
    channel.once('close', () => {
      this.#live.delete(id);
      this.#onLost(id);
      onClose();
    });
    return { id, channel };
  }

  /** The channel of a generation while it is open: only there can its deliveries be settled. */
  channelOf(generation: number): Channel | undefined {
    const channel = this.#live.get(generation);
    return channel?.active === true ? channel : undefined;
  }
}
