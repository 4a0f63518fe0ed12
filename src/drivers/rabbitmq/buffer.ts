/**
 * Deliveries a consumer received that no receive has taken yet, in arrival order, and the waits
 * of receives for them. Taking keeps per-key order (keyed.ts): a delivery whose ordering key is
 * leased, being leased, or behind an earlier buffered delivery of its key stays where it is.
 */
import type { Decoded } from './codec.js';

export interface Arrived {
  /** The inbox queue (leases and dead letters belong to it). */
  queue: string;
  /** The queue it was consumed from: the inbox queue or one of its key-hash queues. */
  source: string;
  generation: number;
  deliveryTag: number;
  decoded: Decoded;
  /** Set on a keyed delivery given back to the buffer (keyed.ts): its next attempt, counted here. */
  nextAttempt?: number;
  /** ... and not to be delivered before this time (a nack with retryAfterMs). */
  holdUntil?: number;
}

export class DeliveryBuffer {
  #items: Arrived[] = [];
  /** Keys of deliveries taken by a receive that is still leasing them. */
  readonly #taking = new Set<string>();
  readonly #wakers = new Set<() => void>();

  get size(): number {
    return this.#items.length;
  }

  push(arrived: Arrived): void {
    this.#items.push(arrived);
    this.wake();
  }

  /** Back at the head (a keyed delivery to come again, or the rest of a batch that failed). */
  unshift(arrived: Arrived): void {
    this.#items.unshift(arrived);
    this.wake();
  }

  /** Removes and returns every item `which` selects. */
  drain(which: (arrived: Arrived) => boolean = () => true): Arrived[] {
    const out = this.#items.filter(which);
    this.#items = this.#items.filter((arrived) => !which(arrived));
    return out;
  }

  /** Up to `max` deliveries in order, one per key, none of a key in `busyKeys` (see above). */
  take(max: number, busyKeys: ReadonlySet<string>): Arrived[] {
    const taken: Arrived[] = [];
    const blocked = new Set([...busyKeys, ...this.#taking]);
    const now = Date.now();
    this.#items = this.#items.filter((arrived) => {
      const key = arrived.decoded.message.orderingKey;
      const waiting = arrived.holdUntil !== undefined && arrived.holdUntil > now;
      const free = taken.length < max && !waiting && (key === undefined || !blocked.has(key));
      if (key !== undefined) blocked.add(key);
      if (!free) return true;
      if (key !== undefined) this.#taking.add(key);
      taken.push(arrived);
      return false;
    });
    return taken;
  }

  /** A taken delivery is leased or settled now: the leases hold its key from here on. */
  taken(arrived: Arrived): void {
    const key = arrived.decoded.message.orderingKey;
    if (key !== undefined) this.#taking.delete(key);
  }

  /**
   * Resolves true when something happened (an arrival, a key freed, a held delivery's time
   * came, the consumer stopped); false when `deadline` passed or `signal` aborted first.
   */
  wait(deadline: number, signal?: AbortSignal): Promise<boolean> {
    if (signal?.aborted === true) return Promise.resolve(false);
    let due = Infinity;
    for (const arrived of this.#items) if (arrived.holdUntil !== undefined && arrived.holdUntil < due) due = arrived.holdUntil;
    return new Promise((resolve) => {
      const done = (woken: boolean): void => {
        clearTimeout(timer);
        clearTimeout(holdTimer);
        this.#wakers.delete(wake);
        signal?.removeEventListener('abort', aborted);
        resolve(woken);
      };
      const wake = (): void => done(true);
      const aborted = (): void => done(false);
      const timer = setTimeout(() => done(false), Math.max(0, deadline - Date.now()));
      const holdTimer = due < deadline ? setTimeout(wake, Math.max(0, due - Date.now())) : undefined;
      this.#wakers.add(wake);
      signal?.addEventListener('abort', aborted, { once: true });
    });
  }

  wake(): void {
    for (const wake of [...this.#wakers]) wake();
  }
}
