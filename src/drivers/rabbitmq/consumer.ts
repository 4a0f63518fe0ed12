/**
 * One basic.consume per inbox queue and driver instance, on a channel (a generation) of its own,
 * started by the first receive. What the broker pushes waits in a buffer until a receive takes it
 * and leases it; receive wakes as soon as something arrives (no polling).
 *
 * Prefetch is the room receives ask for: the leases held on the queue plus the receive's `max`,
 * which for a push subscription is its free concurrency. It only grows (up to maxPrefetch): a
 * quorum queue refuses a channel-wide prefetch, and a consumer's own cannot change, so growing it
 * starts a second consumer with the larger prefetch and cancels the first; what the first still
 * holds stays settleable on the same channel.
 *
 * The buffer holds unacked deliveries that no app has seen. Giving them back by closing the
 * channel would count a delivery on a quorum queue (x-delivery-count), so they are given back as
 * uncounted copies (dead-letters.ts) when the consumer goes idle or the driver closes. If the
 * channel is lost instead, the broker requeues them (counted) and the next receive consumes again:
 * no stuck consumer survives a channel or connection loss.
 */
import type { AsyncMessage } from 'rabbitmq-client';
import type { Generation } from './channels.js';
import { decode, type Decoded } from './codec.js';
import type { RabbitmqContext } from './context.js';
import { requeueCopy } from './dead-letters.js';
import { type Held, Leases } from './leases.js';

/** Unacked deliveries one consumer may hold (leased and buffered), whatever receives ask for. */
export const maxPrefetch = 1000;
/** A consumer nobody received from for this long gives its buffer back and stops consuming. */
const idleMs = 5000;

export interface Arrived {
  queue: string;
  generation: number;
  deliveryTag: number;
  decoded: Decoded;
}

export class InboxConsumer {
  readonly queue: string;
  readonly #ctx: RabbitmqContext;
  #generation: Generation | undefined;
  #consumerTag: string | undefined;
  #prefetch = 0;
  #buffer: Arrived[] = [];
  readonly #wakers = new Set<() => void>();
  #starting: Promise<void> | undefined;
  #receiving = 0;
  #lastUsed = Date.now();
  #idleTimer: NodeJS.Timeout | undefined;

  constructor(ctx: RabbitmqContext, queue: string) {
    this.#ctx = ctx;
    this.queue = queue;
  }

  /** Deliveries taken from the buffer but not yet leased or settled count as held by the caller. */
  get buffered(): number {
    return this.#buffer.length;
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

  /** A consumer runs on a live channel with room for `room` unacked deliveries. */
  async ensure(room: number): Promise<void> {
    while (this.#starting !== undefined) await this.#starting;
    const want = Math.min(maxPrefetch, Math.max(1, room));
    if (this.#running() && want <= this.#prefetch) return;
    this.#starting = this.#start(want).finally(() => {
      this.#starting = undefined;
    });
    await this.#starting;
  }

  take(max: number): Arrived[] {
    return this.#buffer.splice(0, Math.max(0, max));
  }

  /**
   * Resolves when something arrived, the consumer stopped, `deadline` passed or `signal` aborted;
   * true when something is buffered then.
   */
  wait(deadline: number, signal?: AbortSignal): Promise<boolean> {
    if (this.#buffer.length > 0 || !this.#running() || signal?.aborted === true) return Promise.resolve(this.#buffer.length > 0);
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.#wakers.delete(done);
        signal?.removeEventListener('abort', done);
        resolve(this.#buffer.length > 0);
      };
      const timer = setTimeout(done, Math.max(0, deadline - Date.now()));
      this.#wakers.add(done);
      signal?.addEventListener('abort', done, { once: true });
    });
  }

  /** Stops consuming and gives back what is buffered, uncounted (idle, or the driver closing). */
  async release(): Promise<void> {
    const generation = this.#generation;
    const tag = this.#consumerTag;
    this.#consumerTag = undefined;
    this.#prefetch = 0;
    if (generation !== undefined && tag !== undefined && this.#ctx.generations.channelOf(generation.id) !== undefined) {
      // Deliveries may still arrive until cancel-ok; they join the buffer given back below.
      await generation.channel.basicCancel({ consumerTag: tag }).catch(() => undefined);
    }
    for (const arrived of this.take(this.#buffer.length)) {
      // If the copy cannot be written, the channel's loss requeues the original: counted, never lost.
      await requeueCopy(this.#ctx, heldOf(arrived), attemptsBefore(arrived.decoded)).catch(() => undefined);
    }
    this.#wake();
  }

  /** Releases, then closes the channel (the broker requeues anything still unacked on it). */
  async close(): Promise<void> {
    if (this.#idleTimer !== undefined) clearTimeout(this.#idleTimer);
    await this.release();
    const generation = this.#generation;
    this.#generation = undefined;
    if (generation?.channel.active === true) await generation.channel.close().catch(() => undefined);
  }

  #running(): boolean {
    return this.#generation !== undefined && this.#consumerTag !== undefined && this.#ctx.generations.channelOf(this.#generation.id) !== undefined;
  }

  async #start(want: number): Promise<void> {
    let generation = this.#generation;
    if (generation === undefined || this.#ctx.generations.channelOf(generation.id) === undefined) {
      generation = await this.#open();
    }
    const prefetch = Math.max(want, this.#prefetch);
    const previous = this.#consumerTag;
    const { channel, id } = generation;
    await channel.basicQos({ prefetchCount: prefetch });
    const { consumerTag } = await channel.basicConsume({ queue: this.queue }, (msg) => this.#arrive(id, msg));
    this.#consumerTag = consumerTag;
    this.#prefetch = prefetch;
    if (previous !== undefined) await channel.basicCancel({ consumerTag: previous }).catch(() => undefined);
  }

  async #open(): Promise<Generation> {
    const generation = await this.#ctx.generations.open(() => {
      if (this.#generation !== generation) return;
      // The broker requeued everything unacked on it; the next receive consumes on a new channel.
      this.#generation = undefined;
      this.#consumerTag = undefined;
      this.#prefetch = 0;
      this.#buffer = [];
      this.#wake();
    });
    // The server cancels a consumer whose queue was deleted; the channel itself stays open.
    generation.channel.on('basic.cancel', (tag: string) => {
      if (tag !== this.#consumerTag) return;
      this.#consumerTag = undefined;
      this.#prefetch = 0;
      this.#wake();
    });
    this.#generation = generation;
    this.#consumerTag = undefined;
    this.#prefetch = 0;
    return generation;
  }

  #arrive(generation: number, msg: AsyncMessage): void {
    if (this.#generation?.id !== generation) return;
    this.#buffer.push({ queue: this.queue, generation, deliveryTag: msg.deliveryTag, decoded: decode(msg) });
    this.#wake();
  }

  #wake(): void {
    for (const wake of [...this.#wakers]) wake();
  }

  #checkIdle(): void {
    this.#idleTimer = undefined;
    if (this.#receiving > 0) return;
    const left = this.#lastUsed + idleMs - Date.now();
    if (left > 0) {
      this.#idleTimer = setTimeout(() => this.#checkIdle(), left).unref();
      return;
    }
    if (this.#consumerTag !== undefined || this.#buffer.length > 0) void this.release().catch(() => undefined);
  }
}

/** Attempts counted before this delivery: what a copy carries plus the quorum queue's count. */
export function attemptsBefore(decoded: Decoded): number {
  return decoded.priorAttempts + (decoded.deliveryCount ?? 0);
}

/** A buffered delivery as a held one (no lease yet), for copying and settling. */
export function heldOf(arrived: Arrived, leaseMs = 0): Held {
  return { ...arrived, token: Leases.token(arrived.generation, arrived.deliveryTag), attempt: attemptsBefore(arrived.decoded) + 1, expiresAt: Date.now() + leaseMs };
}
