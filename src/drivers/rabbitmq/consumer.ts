/**
 * One consumer per inbox and driver instance, on a channel (a generation) of its own, started by
 * the first receive: a basic.consume on each queue the inbox is read from (the inbox queue, and
 * an ordered queue's key-hash queues, topology.ts). What the broker pushes waits in a buffer
 * (buffer.ts) until a receive takes and leases it; a receive wakes as soon as something arrives.
 *
 * Prefetch is the room receives ask for: the leases held on the inbox plus the receive's `max`,
 * which for a push subscription is its free concurrency. A quorum queue refuses a channel-wide
 * prefetch and a consumer's own cannot change, so growing it starts a second consumer with the
 * larger prefetch and cancels the first; what the first holds stays settleable on the channel.
 * A single-active-consumer queue (an ordered inbox's) is never consumed twice nor cancelled while
 * the channel lives: that would hand it to another sidecar while this one still holds messages
 * of its keys. It keeps the prefetch it started with: its share of what the first receive asked
 * room for, the key-hash queues of an inbox splitting that room between them.
 *
 * The buffer holds unacked deliveries that no app has seen. Closing the channel would give them
 * back counted on a quorum queue (x-delivery-count), so deliveries without an ordering key go
 * back as uncounted copies (dead-letters.ts) when the consumer idles or the driver closes; keyed
 * ones stay until taken or the channel closes, which returns them in their place (keyed.ts).
 * If the channel is lost, the broker requeues everything on it and the next receive consumes
 * again: no stuck consumer survives a channel or connection loss.
 */
import type { AsyncMessage } from 'rabbitmq-client';
import { type Arrived, DeliveryBuffer } from './buffer.js';
import type { Generation } from './channels.js';
import { decode, type Decoded } from './codec.js';
import type { RabbitmqContext } from './context.js';
import { requeue, requeueCopy } from './dead-letters.js';
import { type Held, Leases } from './leases.js';
import { isSubscriptionQueue } from './names.js';
import { readingQueues } from './topology.js';

export type { Arrived } from './buffer.js';

/** Unacked deliveries one basic.consume may hold (leased and buffered), whatever receives ask for. */
export const maxPrefetch = 1000;
/** A consumer nobody received from for this long gives its buffer back and stops consuming. */
const idleMs = 5000;

interface Source {
  queue: string;
  /** Read by one sidecar at a time (x-single-active-consumer). */
  singleActive: boolean;
  tag?: string;
  prefetch: number;
}

export class InboxConsumer {
  readonly queue: string;
  readonly buffer = new DeliveryBuffer();
  readonly #ctx: RabbitmqContext;
  #generation: Generation | undefined;
  #sources: Source[] = [];
  #starting: Promise<void> | undefined;
  #receiving = 0;
  #lastUsed = Date.now();
  #idleTimer: NodeJS.Timeout | undefined;

  constructor(ctx: RabbitmqContext, queue: string) {
    this.#ctx = ctx;
    this.queue = queue;
  }

  /** A receive starts: the consumer is in use and must not go idle under it. */
  begin(): void {
    this.#receiving++;
    this.#lastUsed = Date.now();
  }

  end(): void {
    this.#receiving--;
    this.#lastUsed = Date.now();
    this.#idleTimer ??= setTimeout(() => this.#checkIdle(), idleMs).unref();
  }

  /** Every source consumed on a live channel, each with room for `room` unacked deliveries. */
  async ensure(room: number): Promise<void> {
    while (this.#starting !== undefined) await this.#starting;
    const want = Math.min(maxPrefetch, Math.max(1, room));
    if (this.running() && this.#sources.every((source) => source.singleActive || want <= source.prefetch)) return;
    this.#starting = this.#start(want).finally(() => {
      this.#starting = undefined;
    });
    await this.#starting;
  }

  /** Waits as the buffer does, except that a stopped consumer answers at once (the receive starts it again). */
  wait(deadline: number, signal?: AbortSignal): Promise<boolean> {
    return this.running() ? this.buffer.wait(deadline, signal) : Promise.resolve(true);
  }

  /** A delivery back at the head of the buffer, still unacked on its channel; false if that channel is gone. */
  putBack(arrived: Arrived): boolean {
    if (this.#generation?.id !== arrived.generation || this.#ctx.generations.channelOf(arrived.generation) === undefined) return false;
    this.buffer.unshift(arrived);
    return true;
  }

  running(): boolean {
    return this.#generation !== undefined && this.#ctx.generations.channelOf(this.#generation.id) !== undefined && this.#sources.length > 0 && this.#sources.every((source) => source.tag !== undefined);
  }

  /**
   * Stops consuming what may be cancelled and gives back, uncounted, the unkeyed buffered
   * deliveries of what stopped (idle), or all of them (`closing`: the driver closes). A single
   * active queue keeps its consumer and, until the close, its buffer: a copy would only come back.
   */
  async release(closing = false): Promise<void> {
    const generation = this.#generation;
    const live = generation !== undefined && this.#ctx.generations.channelOf(generation.id) !== undefined;
    const stopped = new Set<string>();
    for (const source of this.#sources) {
      if (source.singleActive || source.tag === undefined) continue;
      const tag = source.tag;
      source.tag = undefined;
      source.prefetch = 0;
      stopped.add(source.queue);
      // Deliveries may still arrive until cancel-ok; they join the buffer given back below.
      if (live) await generation.channel.basicCancel({ consumerTag: tag }).catch(() => undefined);
    }
    const giveBack = (a: Arrived): boolean => a.decoded.message.orderingKey === undefined && (closing || stopped.has(a.source));
    for (const arrived of this.buffer.drain(giveBack)) {
      // If the copy cannot be written (the queue refuses it, or the channel is lost), the original
      // goes back natively, counted on a quorum queue: left unacked on a live channel, it would
      // come back only when that channel closes.
      const held = heldOf(arrived);
      await requeueCopy(this.#ctx, held, attemptsBefore(arrived.decoded)).catch(() => requeue(this.#ctx, held));
    }
    this.buffer.wake();
  }

  /** Releases, then closes the channel: the broker returns what is still unacked on it, in place. */
  async close(): Promise<void> {
    if (this.#idleTimer !== undefined) clearTimeout(this.#idleTimer);
    await this.release(true);
    const generation = this.#generation;
    this.#generation = undefined;
    if (generation?.channel.active === true) await generation.channel.close().catch(() => undefined);
  }

  async #start(want: number): Promise<void> {
    let generation = this.#generation;
    if (generation === undefined || this.#ctx.generations.channelOf(generation.id) === undefined) generation = await this.#open();
    if (this.#sources.length === 0) {
      // Single active: an ordered inbox's key-hash queues, and an ordered subscription's own queue (topology.ts).
      const ordered = this.#ctx.inboxes.get(this.queue)?.ordered === true;
      const sac = (queue: string): boolean => ordered && (queue !== this.queue || isSubscriptionQueue(queue));
      this.#sources = (await readingQueues(this.#ctx, this.queue)).map((queue) => ({ queue, singleActive: sac(queue), prefetch: 0 }));
    }
    const { channel, id } = generation;
    const sacCount = this.#sources.filter((source) => source.singleActive && source.queue !== this.queue).length;
    for (const source of this.#sources) {
      if (source.tag !== undefined && (source.singleActive || want <= source.prefetch)) continue;
      // Key-hash queues share the room: each unseen keyed delivery held at close comes back counted.
      const share = source.singleActive && sacCount > 1 ? Math.ceil(want / sacCount) : want;
      const prefetch = Math.max(share, source.prefetch);
      const previous = source.tag;
      await channel.basicQos({ prefetchCount: prefetch });
      const { consumerTag } = await channel.basicConsume({ queue: source.queue }, (msg) => this.#arrive(id, source.queue, msg));
      source.tag = consumerTag;
      source.prefetch = prefetch;
      if (previous !== undefined) await channel.basicCancel({ consumerTag: previous }).catch(() => undefined);
    }
  }

  async #open(): Promise<Generation> {
    const generation = await this.#ctx.generations.open(() => {
      if (this.#generation !== generation) return;
      // The broker requeued everything unacked on it; the next receive consumes on a new channel.
      this.#generation = undefined;
      this.#sources = [];
      this.buffer.drain();
      this.buffer.wake();
    });
    // The server cancels a consumer whose queue was deleted; the channel itself stays open.
    generation.channel.on('basic.cancel', (tag: string) => {
      const source = this.#sources.find((s) => s.tag === tag);
      if (source === undefined) return;
      source.tag = undefined;
      source.prefetch = 0;
      this.buffer.wake();
    });
    this.#generation = generation;
    this.#sources = [];
    return generation;
  }

  #arrive(generation: number, source: string, msg: AsyncMessage): void {
    if (this.#generation?.id !== generation) return;
    this.buffer.push({ queue: this.queue, source, generation, deliveryTag: msg.deliveryTag, decoded: decode(msg) });
  }

  #checkIdle(): void {
    this.#idleTimer = undefined;
    if (this.#receiving > 0) return;
    const left = this.#lastUsed + idleMs - Date.now();
    if (left > 0) {
      this.#idleTimer = setTimeout(() => this.#checkIdle(), left).unref();
      return;
    }
    void this.release().catch(() => undefined);
  }
}

/** Attempts counted before this delivery: what a copy carries plus the quorum queue's count. */
export function attemptsBefore(decoded: Decoded): number {
  return decoded.priorAttempts + (decoded.deliveryCount ?? 0);
}

/** A buffered delivery as a held one (no lease yet), for copying and settling. */
export function heldOf(arrived: Arrived, leaseMs = 0): Held {
  const attempt = arrived.nextAttempt ?? attemptsBefore(arrived.decoded) + 1;
  const { queue, source, generation, deliveryTag, decoded } = arrived;
  return { queue, source, generation, deliveryTag, decoded, token: Leases.token(generation, deliveryTag), attempt, expiresAt: Date.now() + leaseMs };
}
